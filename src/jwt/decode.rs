//! One segment of a token, decoded as base64url JSON, with the place of the first bad character.

use std::ops::Range;

use base64::Engine;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Map, Value};

use super::Problem;

/// base64url as JWTs use it; padding is tolerated here and noted separately.
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Decodes one segment as base64url JSON, pointing at the first bad character.
pub(super) fn decode_json(
    token: &str,
    seg: &Range<usize>,
    what: &str,
    problems: &mut Vec<Problem>,
    padded: &mut bool,
) -> Option<Map<String, Value>> {
    let s = &token[seg.clone()];
    if s.is_empty() {
        problems.push(Problem {
            range: seg.clone(),
            message: format!("the {what} segment is empty"),
            truncated: false,
            suspect: false,
        });
        return None;
    }
    *padded |= s.ends_with('=');
    let bytes = match B64URL.decode(s) {
        Ok(b) => b,
        Err(e) => {
            let (at, why, truncated) = match e {
                base64::DecodeError::InvalidByte(i, b) => {
                    let i = floor(s, i);
                    let c = s[i..].chars().next().unwrap_or('?');
                    let why = if b == b'+' || b == b'/' {
                        format!(
                            "{} is standard base64, not the base64url a JWT uses",
                            crate::auth::scan::describe_char(c)
                        )
                    } else {
                        format!("{} is not base64url", crate::auth::scan::describe_char(c))
                    };
                    (Some(i), why, false)
                }
                base64::DecodeError::InvalidLength(_) => {
                    (None, "its length cannot be base64url: it looks cut short".to_string(), true)
                }
                base64::DecodeError::InvalidLastSymbol { offset: i, .. } => {
                    (Some(floor(s, i)), "its last character cannot end base64url: it looks cut short".to_string(), true)
                }
                base64::DecodeError::InvalidPadding => (None, "its '=' padding is misplaced".to_string(), false),
            };
            let range = match at {
                Some(i) => seg.start + i..seg.start + i + s[i..].chars().next().map_or(1, char::len_utf8),
                None => seg.clone(),
            };
            problems.push(Problem {
                range,
                message: format!("the {what} segment is not valid: {why}"),
                truncated,
                suspect: false,
            });
            return None;
        }
    };
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(m)) => Some(m),
        Ok(other) => {
            problems.push(Problem {
                range: seg.clone(),
                message: format!("the {what} decodes to {}, not a JSON object", kind_of(&other)),
                truncated: false,
                suspect: false,
            });
            None
        }
        Err(e) => {
            let truncated = e.is_eof();
            let message = if truncated {
                format!("the {what} decodes to JSON that stops early: the token looks cut short")
            } else {
                format!("the {what} does not decode to JSON ({e})")
            };
            problems.push(Problem { range: seg.clone(), message, truncated, suspect: false });
            None
        }
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
