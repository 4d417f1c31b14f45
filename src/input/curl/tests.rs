//! The cURL reader: every quoting form, each option, the errors, and commands as real tools write
//! them. Secrets and tokens here are fake.

use proptest::prelude::*;

use super::*;
use crate::error::InputError;
use crate::model::PlainBody;

fn parse_text(text: &str) -> Result<PlainRequest, Error> {
    parse(&SourceFile::from_text("cmd.txt", text))
}

fn req(text: &str) -> PlainRequest {
    parse_text(text).unwrap_or_else(|e| panic!("{e}\nfor: {text}"))
}

fn fail(text: &str) -> Box<InputError> {
    match parse_text(text) {
        Err(Error::Input(e)) => e,
        other => panic!("expected an input error, got {other:?}"),
    }
}

/// The source text an error points at.
fn pointed(text: &str) -> String {
    let e = fail(text);
    let (_, span) = e.at.unwrap_or_else(|| panic!("no span in {}", e.message));
    text[span.range()].to_string()
}

fn header<'a>(r: &'a PlainRequest, name: &str) -> Option<&'a str> {
    let found = r.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
    found.map(|(_, v)| v.as_str())
}

fn headers(r: &PlainRequest) -> Vec<(&str, &str)> {
    r.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

fn raw(r: &PlainRequest) -> (&str, Option<&str>) {
    match &r.body {
        PlainBody::Raw { text, content_type } => (text, content_type.as_deref()),
        other => panic!("expected a raw body, got {other:?}"),
    }
}

/// The first (and only) word after `curl`, as the lexer reads it.
fn word(text: &str) -> String {
    req(&format!("curl {text} https://example.com/")).method
}

mod errors;
mod exports;
mod options;
mod quoting;
mod robustness;
