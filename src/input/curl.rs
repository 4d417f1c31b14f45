//! A cURL command line → [`PlainRequest`]: the command as Postman, browsers ("Copy as cURL" for
//! bash or cmd) and API documentation write it.
//!
//! Two steps. The command is split into words the way its shell would: POSIX sh (with `$'…'`),
//! Windows cmd (`^` escapes, then the C runtime's `"` and `\` rules) or PowerShell (backtick
//! escapes). Then curl's options are read from the words. Files named with `@file` are never read,
//! and what cannot be reproduced becomes a note rather than an error.

use crate::error::Error;
use crate::model::PlainRequest;
use crate::source::SourceFile;

mod options;
mod request;
mod shell;
#[cfg(test)]
mod tests;

use request::Request;
use shell::Lexer;

/// Parses the first cURL command of a source: the first line whose first word is `curl` or
/// `curl.exe` (after an optional `$ ` prompt). Text before and after the command is ignored.
pub fn parse(src: &SourceFile) -> Result<PlainRequest, Error> {
    let no_command = || {
        Error::input(&src.name, "no cURL command found: no line starts with `curl`").with_help(
            "paste the command as copied (\"Copy as cURL\", Postman's code view or the docs): \
             its first word is curl or curl.exe",
        )
    };
    let start = locate(&src.text).ok_or_else(no_command)?;
    let words = Lexer::new(src, start).words()?;
    let curl = words.first().ok_or_else(no_command)?;
    let mut request = Request::default();
    request.read(src, &words)?;
    request.finish(src, curl.span)
}

/// The byte offset of the first `curl` word that starts a line.
fn locate(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut rest = line.trim_start();
        if let Some(after) = rest.strip_prefix('$').filter(|a| a.starts_with([' ', '\t'])) {
            rest = after.trim_start();
        }
        let first = rest.split(char::is_whitespace).next().unwrap_or_default();
        if matches!(first.to_ascii_lowercase().as_str(), "curl" | "curl.exe") {
            return Some(offset + line.len() - rest.len());
        }
        offset += line.len();
    }
    None
}
