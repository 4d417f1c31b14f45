//! The bodies of both requests compared (JSON member by member, OAuth form fields).

use std::collections::BTreeSet;

use super::{Ctx, d, show};
use crate::diagnostic::{DiffKind, Difference, Severity};
use crate::diff::side::{Body, Side};

/// Bodies: JSON by pointer, forms by field, text by line.
pub fn body(f: &Side, r: &Side, c: &Ctx, out: &mut Vec<Difference>) {
    match (&f.body, &r.body) {
        (Body::Json(a), Body::Json(b)) => json(a, b, "", c, out),
        (Body::Form(a), Body::Form(b)) => {
            let keys: BTreeSet<&str> = a.iter().chain(b).map(|(k, _)| k.as_str()).collect();
            for k in keys {
                let (x, y) = (
                    a.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()),
                    b.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()),
                );
                let secret = ["client_secret", "password", "client_assertion", "refresh_token", "code"].contains(&k);
                if x != y && !y.is_some_and(|v| v.contains("{{$")) {
                    let s = |v: Option<&str>| v.map(|v| show(v, secret)).unwrap_or_default();
                    let (sev, msg) = oauth_field(k);
                    out.push(d(DiffKind::Body, k, s(x), s(y), sev, msg));
                }
            }
        }
        (Body::Text(a), Body::Text(b)) if a != b => {
            let line =
                a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(a.lines().count().min(b.lines().count()));
            out.push(d(
                DiffKind::Body,
                &format!("line {}", line + 1),
                a.lines().nth(line).unwrap_or("").into(),
                b.lines().nth(line).unwrap_or("").into(),
                Severity::Warning,
                "the bodies differ from this line".into(),
            ));
        }
        (Body::None, Body::None) => {}
        (a, b) if std::mem::discriminant(a) != std::mem::discriminant(b) => {
            let kind = |x: &Body| match x {
                Body::None => "no body".to_string(),
                Body::Json(_) => "a JSON body".into(),
                Body::Form(_) => "a form body".into(),
                Body::Text(_) => "a text body".into(),
                Body::Other(s) => s.clone(),
            };
            out.push(d(
                DiffKind::Body,
                "body",
                kind(a),
                kind(b),
                Severity::Warning,
                format!("the flow sends {}, {} sends {}", kind(a), c.who, kind(b)),
            ));
        }
        _ => {}
    }
}

fn json(a: &serde_json::Value, b: &serde_json::Value, ptr: &str, c: &Ctx, out: &mut Vec<Difference>) {
    use serde_json::Value;
    if out.len() > 40 {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let p = format!("{ptr}/{}", crate::model::pointer_segment(k));
                match (x.get(k), y.get(k)) {
                    (Some(v), Some(w)) => json(v, w, &p, c, out),
                    (None, Some(w)) => out.push(d(
                        DiffKind::Body,
                        &p,
                        String::new(),
                        short(w),
                        Severity::Warning,
                        format!("only {} sends {p}", c.who),
                    )),
                    (Some(v), None) => out.push(d(
                        DiffKind::Body,
                        &p,
                        short(v),
                        String::new(),
                        Severity::Warning,
                        format!("only the flow sends {p}"),
                    )),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                json(v, w, &format!("{ptr}/{i}"), c, out);
            }
        }
        (Value::String(s), _) if s.contains("{{$") => {}
        (_, Value::String(s)) if s.contains("{{$") => {}
        _ if a != b => out.push(d(
            DiffKind::Body,
            if ptr.is_empty() { "/" } else { ptr },
            short(a),
            short(b),
            Severity::Warning,
            format!("the value at {} differs", if ptr.is_empty() { "/" } else { ptr }),
        )),
        _ => {}
    }
}

fn short(v: &serde_json::Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 { format!("{}…", s.chars().take(59).collect::<String>()) } else { s }
}

/// Token-request fields decide what token comes back; other form fields are data.
fn oauth_field(k: &str) -> (Severity, String) {
    let msg = match k {
        "scope" | "resource" => "the token is requested for another API or other permissions",
        "grant_type" => {
            "another grant type: the token endpoint refuses an unknown one, or issues another kind of token"
        }
        "client_id" => "the token is requested by another application",
        "client_secret" | "client_assertion" => {
            "the app's credential differs (not shown): an old or wrong secret gives AADSTS7000215 or 7000222"
        }
        "username" | "password" => "another account or password (not shown)",
        _ => return (Severity::Warning, format!("the form field {k} differs")),
    };
    (Severity::Error, msg.to_string())
}
