//! The secrets written into a flow, redacted in every report whether or not a rule reports them.

use crate::auth;
use crate::diagnostic::{Secret, SecretKind};
use crate::input::expr::{Part, Template};
use crate::rules::{hardcoded_secret, static_token};

use super::FlowFacts;

/// Literal tokens, literal secrets, and the literal credential of every Authorization value.
pub fn collect(f: &FlowFacts) -> Vec<Secret> {
    let file = f.file;
    let mut out: Vec<Secret> = static_token::literal_tokens(f)
        .iter()
        .map(|(_, span, _)| Secret { file, span: *span, kind: SecretKind::Token })
        .collect();
    out.extend(hardcoded_secret::literal_secrets(f).iter().map(|s| Secret {
        file,
        span: s.span,
        kind: SecretKind::Password,
    }));
    // What the evaluated values send: a literal credential behind a variable or parameter too.
    for site in &f.http {
        out.extend(super::judge::secrets(site).into_iter().map(|(span, kind)| Secret { file, span, kind }));
    }
    for s in f.strings.iter().filter(|s| s.key.eq_ignore_ascii_case("authorization")) {
        // The literal text before the first expression holds the scheme and, when literal, the credential.
        let literal = match &s.template {
            Ok(Template::Plain) => Some(s.text.value.as_str()),
            Ok(Template::Parts(parts)) if parts.len() == 1 => match &parts[0] {
                Part::Literal { text, .. } => Some(text.as_str()),
                Part::Interpolation { .. } => None,
            },
            _ => None,
        };
        let Some(value) = literal else { continue };
        let parsed = auth::parse(value);
        if let Some(r) = parsed.secret(value) {
            out.push(Secret { file, span: s.text.span_of(r), kind: crate::secrets::kind_of(&parsed) });
        }
    }
    out
}
