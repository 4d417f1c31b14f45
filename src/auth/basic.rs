//! The Basic credential: `base64(user-id ":" password)` (RFC 7617).

use std::ops::Range;

use base64::Engine;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};

use super::Problem;

/// Standard alphabet, padding optional: servers differ on padding, not on the alphabet.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Checks a Basic credential at `range` of the value.
pub fn check(value: &str, range: Range<usize>, out: &mut Vec<Problem>) {
    let cred = &value[range.clone()];
    if cred.chars().any(char::is_whitespace) {
        return; // reported as whitespace inside the credential
    }
    if let Some(colon) = cred.find(':') {
        out.push(Problem::BasicPlaintext { range, user: cred[..colon].to_string() });
        return;
    }
    // Offsets from the decoder are bytes; step back to the start of the character they fall in.
    let floor = |mut i: usize| {
        while i > 0 && !cred.is_char_boundary(i) {
            i -= 1;
        }
        i.min(cred.len())
    };
    let bytes = match LENIENT.decode(cred) {
        Ok(b) => b,
        Err(e) => {
            let (at, why) = match e {
                base64::DecodeError::InvalidByte(i, b) => (
                    Some(floor(i)),
                    if b == b'-' || b == b'_' {
                        format!("'{}' is base64url, not the standard base64 alphabet Basic uses", b as char)
                    } else {
                        format!(
                            "{} is not a base64 character",
                            super::scan::describe_char(cred[floor(i)..].chars().next().unwrap_or('?'))
                        )
                    },
                ),
                base64::DecodeError::InvalidLength(n) => {
                    (None, format!("its length ({n} characters) cannot be base64"))
                }
                base64::DecodeError::InvalidLastSymbol { offset: i, .. } => {
                    (Some(floor(i)), "its last character cannot end base64 text".to_string())
                }
                base64::DecodeError::InvalidPadding => (None, "its '=' padding is misplaced".to_string()),
            };
            let r = match at {
                Some(i) => {
                    let len = cred[i..].chars().next().map_or(1, char::len_utf8);
                    range.start + i..range.start + i + len
                }
                None => range,
            };
            out.push(Problem::BasicInvalidBase64 { range: r, why });
            return;
        }
    };
    if let Some(colon) = bytes.iter().position(|b| *b == b':') {
        // `echo "user:password" | base64` encodes the line break echo adds: the password then ends in it.
        if bytes.ends_with(b"\n") || bytes.ends_with(b"\r") {
            let user = String::from_utf8_lossy(&bytes[..colon]).into_owned();
            out.push(Problem::BasicTrailingNewline { range, user, crlf: bytes.ends_with(b"\r\n") });
        }
        return;
    }
    let twice =
        std::str::from_utf8(&bytes).ok().and_then(|s| LENIENT.decode(s.trim()).ok()).is_some_and(|b| b.contains(&b':'));
    if twice {
        out.push(Problem::BasicDoubleEncoded { range });
    } else {
        out.push(Problem::BasicMissingColon { range, text: std::str::from_utf8(&bytes).is_ok() });
    }
}
