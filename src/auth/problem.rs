//! What can be wrong in an Authorization value.

use std::ops::Range;

use super::scan::{self, QuoteStyle};

/// Something wrong in an Authorization value. Ranges are byte ranges of the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Leading/trailing whitespace, a line break, or whitespace inside the credential.
    Whitespace {
        range: Range<usize>,
        place: WsPlace,
    },
    /// A zero-width, no-break, control or other non-ASCII character.
    InvisibleChar {
        range: Range<usize>,
        ch: char,
    },
    /// A percent- or HTML-encoded value.
    Encoded {
        range: Range<usize>,
        encoding: scan::Encoding,
    },
    /// A JSON object or array as the value or credential.
    JsonValue {
        range: Range<usize>,
        whole: bool,
        access_token: bool,
    },
    /// Template text that was never evaluated.
    Unevaluated {
        range: Range<usize>,
    },
    /// Quotes around the value (`whole`) or the credential; `close` is the closing quote if any.
    Quoted {
        range: Range<usize>,
        close: Option<Range<usize>>,
        style: QuoteStyle,
        whole: bool,
    },
    /// A credential with no scheme in front.
    SchemeMissing {
        range: Range<usize>,
        jwt: bool,
    },
    /// A scheme authlint does not know, with the one it probably meant.
    SchemeUnknown {
        range: Range<usize>,
        found: String,
        suggestion: Option<&'static str>,
        jwt: bool,
    },
    /// A known scheme in another case.
    SchemeCase {
        range: Range<usize>,
        canonical: &'static str,
    },
    /// The scheme written twice.
    SchemeRepeated {
        range: Range<usize>,
    },
    /// Not exactly one ASCII space between scheme and credential.
    Separator {
        range: Range<usize>,
        found: String,
    },
    /// A scheme with no credential.
    Empty {
        range: Range<usize>,
        scheme: String,
    },
    /// A Bearer credential character outside RFC 6750 `b64token`.
    BearerCharset {
        range: Range<usize>,
        ch: char,
    },
    BasicInvalidBase64 {
        range: Range<usize>,
        why: String,
    },
    BasicMissingColon {
        range: Range<usize>,
        text: bool,
    },
    BasicPlaintext {
        range: Range<usize>,
        user: String,
    },
    BasicDoubleEncoded {
        range: Range<usize>,
    },
    /// `user:password` followed by a line break inside the base64 (`echo "u:p" | base64`).
    BasicTrailingNewline {
        range: Range<usize>,
        user: String,
        crlf: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WsPlace {
    Leading,
    Trailing,
    LineBreak,
    Inside,
}

impl Problem {
    /// The rule that reports this problem.
    pub fn rule(&self) -> &'static str {
        use Problem::*;
        match self {
            Whitespace { .. } => "auth-whitespace",
            InvisibleChar { .. } => "auth-invisible-char",
            Encoded { .. } => "auth-encoded",
            JsonValue { .. } => "auth-json-value",
            Unevaluated { .. } => "auth-unevaluated",
            Quoted { .. } => "auth-quoted",
            SchemeMissing { .. } => "auth-scheme-missing",
            SchemeUnknown { .. } => "auth-scheme-unknown",
            SchemeCase { .. } => "auth-scheme-case",
            SchemeRepeated { .. } => "auth-scheme-repeated",
            Separator { .. } => "auth-separator",
            Empty { .. } => "bearer-empty",
            BearerCharset { .. } => "bearer-charset",
            BasicInvalidBase64 { .. } => "basic-invalid-base64",
            BasicMissingColon { .. } => "basic-missing-colon",
            BasicPlaintext { .. } => "basic-plaintext",
            BasicDoubleEncoded { .. } => "basic-double-encoded",
            BasicTrailingNewline { .. } => "basic-trailing-newline",
        }
    }

    /// The range the problem is about (for a quote, the opening quote).
    pub fn range(&self) -> Range<usize> {
        use Problem::*;
        match self {
            Whitespace { range, .. }
            | InvisibleChar { range, .. }
            | Encoded { range, .. }
            | JsonValue { range, .. }
            | Unevaluated { range }
            | Quoted { range, .. }
            | SchemeMissing { range, .. }
            | SchemeUnknown { range, .. }
            | SchemeCase { range, .. }
            | SchemeRepeated { range }
            | Separator { range, .. }
            | Empty { range, .. }
            | BearerCharset { range, .. }
            | BasicInvalidBase64 { range, .. }
            | BasicMissingColon { range, .. }
            | BasicPlaintext { range, .. }
            | BasicDoubleEncoded { range }
            | BasicTrailingNewline { range, .. } => range.clone(),
        }
    }
}
