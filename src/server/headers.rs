//! What a response's headers say: `WWW-Authenticate` challenges and SharePoint's `x-ms-diagnostics`.

use super::{Signal, header};
use crate::input::challenge;
use crate::model::HttpResponse;
use crate::vocab::Cause;

/// `WWW-Authenticate`: RFC 6750 errors and Microsoft's claims challenges.
pub(super) fn challenges(r: &HttpResponse, out: &mut Vec<Signal>) {
    let Some(v) = header(r, "WWW-Authenticate") else {
        return;
    };
    for c in challenge::parse(v) {
        let desc = c.param("error_description").or_else(|| c.param("errordescription")).unwrap_or("").to_string();
        let said = |e: &str| {
            if desc.is_empty() { format!("error=\"{e}\"") } else { desc.clone() }
        };
        match c.param("error") {
            Some("insufficient_claims") => out.push(Signal {
                cause: Cause::ConditionalAccess,
                said: said("insufficient_claims"),
                source: "WWW-Authenticate (claims challenge: Continuous Access Evaluation or Conditional Access)"
                    .into(),
                system: None,
                fix: None,
                summary: None,
                decisive: false,
            }),
            Some("invalid_token") if desc.to_ascii_lowercase().contains("expired") => out.push(Signal {
                cause: Cause::TokenExpired,
                said: desc.clone(),
                source: "WWW-Authenticate (invalid_token)".into(),
                system: None,
                fix: None,
                summary: None,
                decisive: false,
            }),
            Some("insufficient_scope") => out.push(Signal {
                cause: Cause::PermissionMissing,
                said: said("insufficient_scope"),
                source: "WWW-Authenticate (insufficient_scope)".into(),
                system: None,
                fix: None,
                summary: None,
                decisive: false,
            }),
            _ => {}
        }
    }
}

/// SharePoint's `x-ms-diagnostics: 3000003;reason="Invalid audience Uri …";category="invalid_client"`.
pub(super) fn diagnostics(r: &HttpResponse, out: &mut Vec<Signal>) {
    let Some(v) = header(r, "x-ms-diagnostics") else {
        return;
    };
    let code = v.split(';').next().unwrap_or("").trim();
    let reason = v.split_once("reason=\"").and_then(|(_, rest)| rest.split_once('"')).map_or(v, |(r, _)| r).to_string();
    let cause = match code {
        "3000003" | "3000006" => Cause::AudienceMismatch,
        "3000007" => Cause::TokenExpired,
        _ => return,
    };
    out.push(Signal {
        cause,
        said: reason,
        source: format!("SharePoint (x-ms-diagnostics {code})"),
        system: None,
        fix: None,
        summary: None,
        decisive: false,
    });
}
