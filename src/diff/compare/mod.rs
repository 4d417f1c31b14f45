//! The comparisons: method, URL, query, headers, auth (by structure and token identity), body.

mod auth;
mod body;
mod request;

pub use auth::authorization;
pub use body::body;
pub use request::{headers, method, query, url};

use crate::diagnostic::{DiffKind, Difference, SecretKind, Severity};
use crate::redact;
use crate::time::Reference;

fn d(kind: DiffKind, name: &str, flow: String, reference: String, severity: Severity, message: String) -> Difference {
    Difference { kind, name: name.to_string(), flow, reference, severity, message }
}

/// What the reference is called in messages ("Postman", "cURL").
pub struct Ctx<'a> {
    pub who: &'a str,
    pub strict: bool,
    pub now: Reference,
}

fn credential_query(name: &str) -> bool {
    crate::rules::is_credential_query(name)
}

fn show(v: &str, credential: bool) -> String {
    let s = if credential { redact::redact(v, SecretKind::Password) } else { v.to_string() };
    s.chars().take(200).collect::<String>().replace('\n', "\\n")
}
