//! A cURL command line → [`PlainRequest`](crate::model::PlainRequest). (Being written.)

use crate::error::Error;
use crate::model::PlainRequest;
use crate::source::SourceFile;

/// Parses a cURL command as Postman, browsers and documentation produce it.
pub fn parse(src: &SourceFile) -> Result<PlainRequest, Error> {
    Err(Error::input(&src.name, "cURL commands are not read yet"))
}
