//! `authlint token`: the decoded token, each part explained, then the findings.

use crate::permissions::{Decision, Judgement};
use std::fmt::Write;

use serde_json::{Map, Value, json};

use super::{Format, Options, render};
use crate::claims;
use crate::diagnostic::SecretKind;
use crate::redact;
use crate::time::Source;
use crate::token::TokenReport;

/// Renders a token report in a format.
pub fn render_token(r: &TokenReport, format: Format, opts: &Options) -> String {
    match format {
        Format::Text => text(r, opts),
        Format::Concise => render(&r.outcome, Format::Concise, opts),
        Format::Json => json_doc(r, opts),
        // The machine formats (SARIF, CI annotations, JUnit) carry the findings.
        machine => render(&r.outcome, machine, opts),
    }
}

fn shown_token(r: &TokenReport, opts: &Options) -> String {
    if opts.show_secrets { r.token.clone() } else { redact::redact(&r.token, SecretKind::Token) }
}

fn reference(r: &TokenReport) -> String {
    let at = r.now.at.format("%Y-%m-%d %H:%M:%S UTC");
    match r.now.source {
        Source::Flag => format!("{at} (--now)"),
        Source::ResponseDate => format!("{at} (the response's Date)"),
        Source::Clock => format!("{at} (this machine's clock; --now to judge at another time)"),
    }
}

fn table(out: &mut String, title: &str, map: &Map<String, Value>, explain: &dyn Fn(&str, &Value) -> Option<String>) {
    let _ = writeln!(out, "{title}");
    let w = map.keys().map(String::len).max().unwrap_or(0);
    for (k, v) in map {
        let value = v.to_string();
        match explain(k, v) {
            Some(e) => {
                let _ = writeln!(out, "  {k:w$}  {value}\n  {:w$}  └ {e}", "");
            }
            None => {
                let _ = writeln!(out, "  {k:w$}  {value}");
            }
        }
    }
    out.push('\n');
}

fn text(r: &TokenReport, opts: &Options) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "token    {}", shown_token(r, opts));
    let _ = writeln!(out, "what     {}", claims::summary(&r.jwt));
    let _ = writeln!(out, "judged   at {}\n", reference(r));
    if let Some(h) = &r.jwt.header {
        table(&mut out, "header", h, &|k, v| claims::header(k, v));
    }
    if let (Some(m), Some(c)) = (&r.jwt.claims, r.jwt.claims()) {
        table(&mut out, "claims", m, &|k, v| claims::claim(k, v, &c, &r.now));
    }
    let signature = match &r.verification {
        Some(v) => format!("{} — {}", if v.verified { "verified" } else { "NOT verified" }, v.message),
        None => "not verified (give --key PEM or --jwks FILE to verify it offline)".into(),
    };
    if r.jwt.kind == crate::jwt::Kind::Jws {
        let _ = writeln!(out, "signature  {signature}\n");
    }
    if let Some(j) = &r.permission {
        let _ = writeln!(out, "can call   {}\n", can_call(j));
    }
    out.push_str(&render(&r.outcome, Format::Text, opts));
    out
}

/// The answer to "can this token call this?".
fn can_call(j: &Judgement) -> String {
    match &j.decision {
        Decision::Allowed { by, caveat } => {
            let caveat = match (caveat, j.held.kind) {
                (Some(c), _) => format!(" ({c})"),
                (None, crate::permissions::Kind::Delegated) => {
                    " (the signed-in user still needs access to the resource itself)".to_string()
                }
                (None, _) => String::new(),
            };
            format!(
                "yes — {} ({}) accepts the {} permission {by}{caveat}",
                j.call.display,
                j.operation,
                j.held.kind.name()
            )
        }
        Decision::Missing { add, .. } => format!(
            "no — {} ({}) needs a {} permission the token lacks: add {add} (jwt-missing-permission below)",
            j.call.display,
            j.operation,
            j.held.kind.name()
        ),
        Decision::KindNotSupported => format!("no — {} (jwt-missing-permission below)", j.message()),
        Decision::Undecidable(why) => format!("cannot tell — {} ({}): {why}", j.call.display, j.operation),
    }
}

fn json_doc(r: &TokenReport, opts: &Options) -> String {
    let c = r.jwt.claims();
    let explained = |m: &Option<Map<String, Value>>, f: &dyn Fn(&str, &Value) -> Option<String>| -> Value {
        m.as_ref().map_or(Value::Null, |m| {
            Value::Object(m.iter().filter_map(|(k, v)| f(k, v).map(|e| (k.clone(), Value::String(e)))).collect())
        })
    };
    let token = json!({
        "token": shown_token(r, opts),
        "kind": format!("{:?}", r.jwt.kind).to_ascii_lowercase(),
        "summary": claims::summary(&r.jwt),
        "header": r.jwt.header,
        "claims": r.jwt.claims,
        "explanations": {
            "header": explained(&r.jwt.header, &|k, v| claims::header(k, v)),
            "claims": c.map_or(Value::Null, |c| explained(&r.jwt.claims, &|k, v| claims::claim(k, v, &c, &r.now))),
        },
        "reference_time": r.now.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "reference": match r.now.source { Source::Flag => "now-flag", Source::ResponseDate => "response-date", Source::Clock => "clock" },
        "signature": r.verification,
        "permission": r.permission.as_ref().map(|j| json!({
            "call": j.call.display,
            "operation": j.operation,
            "kind": j.held.kind.name(),
            "held": j.held.permissions,
            "allowed": matches!(j.decision, Decision::Allowed { .. }),
            "by": match &j.decision { Decision::Allowed { by, .. } => Some(by.to_string()), _ => None },
            "add": match &j.decision { Decision::Missing { add, .. } => Some(add.to_string()), _ => None },
            "admin_consent": match &j.decision { Decision::Missing { admin_consent, .. } => Some(*admin_consent), _ => None },
            "docs": j.docs,
        })),
    });
    let base = render(&r.outcome, Format::Json, opts);
    let mut doc: Value = serde_json::from_str(&base).expect("our own JSON");
    doc["token"] = token;
    let mut s = serde_json::to_string_pretty(&doc).expect("plain data");
    s.push('\n');
    s
}
