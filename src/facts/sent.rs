//! One evaluated alternative of a value an action sends, as the value rules (`Rule::check_value`)
//! read it.

use std::ops::Range;

use crate::diagnostic::FileId;
use crate::eval::Piece;
use crate::facts::http::Place;
use crate::facts::names::is_credential_header;
use crate::model::Text;

/// One alternative of one value, as the rules read it.
pub struct SentValue<'s> {
    pub file: FileId,
    /// The definition's text (for a fix that must look at the expression it edits).
    pub source: &'s str,
    /// The sending action's path.
    pub action: &'s str,
    pub pointer: &'s str,
    pub place: &'s Place,
    /// The value as sent, at virtual offsets: report spans of it with `text.span_of(range)`.
    pub text: &'s Text,
    /// Its pieces, each with its range in `text`.
    pub pieces: &'s [(Range<usize>, Piece)],
}

impl SentValue<'_> {
    /// True for the Authorization header, `authentication.value` and headers that carry a key.
    pub fn is_credential(&self) -> bool {
        match self.place {
            Place::Header(h) => is_credential_header(h),
            Place::Auth(f) => f.eq_ignore_ascii_case("value"),
            Place::Uri => false,
        }
    }
    /// The name of the place for messages: `Authorization`, `the URI`, `authentication.password`.
    pub fn name(&self) -> String {
        match self.place {
            Place::Header(h) => format!("the {h} header"),
            Place::Uri => "the URI".into(),
            Place::Auth(f) => format!("authentication.{f}"),
        }
    }
}
