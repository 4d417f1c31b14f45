//! The credentials of both requests compared: by structure, and tokens by identity.

use std::collections::BTreeSet;

use super::{Ctx, d};
use crate::diagnostic::{DiffKind, Difference, SecretKind, Severity};
use crate::diff::side::{Auth, Side};
use crate::time::{self, SKEW_SECONDS};
use crate::{auth, jwt, redact, resources};

/// What a token is, for comparison.
#[derive(Debug, PartialEq, Eq)]
struct Identity {
    resource: Option<String>,
    aud: Vec<String>,
    tid: Option<String>,
    app: Option<String>,
    scp: BTreeSet<String>,
    roles: BTreeSet<String>,
    app_only: bool,
    id_token: bool,
    exp: Option<i64>,
}

fn identity(token: &str) -> Option<Identity> {
    let j = jwt::inspect(token);
    let c = j.claims()?;
    let aud: Vec<String> = c.aud().iter().map(|s| s.to_string()).collect();
    let resource = aud.first().and_then(|a| resources::audience(a)).map(|a| match a.tenant {
        Some(t) => format!("{} ({t})", a.resource.name),
        None => a.resource.name.to_string(),
    });
    Some(Identity {
        resource,
        aud,
        tid: c.str("tid").map(str::to_string),
        app: c.client().map(str::to_string),
        scp: c.scp().into_iter().map(str::to_string).collect(),
        roles: c.roles().into_iter().map(str::to_string).collect(),
        app_only: c.is_app_only(),
        id_token: c.is_id_token(),
        exp: c.time("exp"),
    })
}

fn describe(value: &str) -> String {
    let parsed = auth::parse(value);
    let scheme = parsed.scheme.as_ref().map(|(r, _)| value[r.clone()].to_string()).unwrap_or_default();
    let cred = parsed.credential.clone().map(|r| value[r].to_string()).unwrap_or_default();
    let id = identity(&cred).map(|i| {
        let who = i.resource.unwrap_or_else(|| i.aud.join(" "));
        format!(" — for {who}{}", if i.app_only { ", app-only" } else { "" })
    });
    let kind = if scheme.eq_ignore_ascii_case("basic") { SecretKind::Password } else { SecretKind::Token };
    format!("{scheme} {}{}", redact::redact(&cred, kind), id.unwrap_or_default()).trim().to_string()
}

/// True when the request's URL carries a shared access signature (`sig=`).
fn signed(s: &Side) -> bool {
    s.query.iter().any(|(k, _)| k.eq_ignore_ascii_case("sig"))
}

pub fn authorization(f: &Side, r: &Side, c: &Ctx, out: &mut Vec<Difference>) {
    let mut push = |sev, flow: String, reference: String, message: String| {
        out.push(d(DiffKind::Auth, "Authorization", flow, reference, sev, message))
    };
    match (&f.auth, &r.auth) {
        (_, Auth::NotReproducible) => push(
            Severity::Info,
            String::new(),
            "(computed by Postman)".into(),
            format!("{}'s auth signs each request and cannot be reproduced offline: not compared", c.who),
        ),
        (Auth::None, Auth::None) => {}
        (Auth::None, Auth::Header(v)) => {
            push(Severity::Error, String::new(), describe(v), format!("the flow sends no credential; {} does", c.who))
        }
        // A URL signed with sig= carries its credential: an Authorization header beside it is a second
        // one, which the Logic Apps trigger refuses (DirectApiRequestHasMoreThanOneAuthorization).
        (Auth::Header(v), Auth::None) if signed(f) => push(
            Severity::Error,
            describe(v),
            String::new(),
            format!(
                "only the flow sends an Authorization header, to a URL signed with sig=: two credentials, which the server refuses (DirectApiRequestHasMoreThanOneAuthorization); remove the header, as {} does",
                c.who
            ),
        ),
        (Auth::Fetched { .. }, Auth::None) if signed(f) => push(
            Severity::Error,
            "authentication set".into(),
            String::new(),
            format!(
                "only the flow authenticates (its Authentication adds an Authorization header) to a URL signed with sig=: two credentials, which the server refuses; remove the Authentication, as {} does",
                c.who
            ),
        ),
        (Auth::Header(v), Auth::None) => push(
            Severity::Warning,
            describe(v),
            String::new(),
            format!("only the flow sends an Authorization header; {} sends none", c.who),
        ),
        (Auth::Fetched { how, audience }, Auth::Header(v)) => {
            let cred = auth::parse(v).credential.map(|r| v[r].to_string()).unwrap_or_default();
            let theirs = identity(&cred);
            let ours = audience.as_deref().and_then(resources::audience).map(|a| (a.resource.name, a.tenant));
            let theirs_res = theirs
                .as_ref()
                .and_then(|i| i.aud.first())
                .and_then(|a| resources::audience(a))
                .map(|a| (a.resource.name, a.tenant));
            if ours.is_some() && theirs_res.is_some() && ours != theirs_res {
                push(
                    Severity::Error,
                    format!("{how}, audience {}", audience.clone().unwrap_or_default()),
                    describe(v),
                    format!(
                        "the flow gets a token for another API than {}'s: set authentication.audience to the API {} calls",
                        c.who, c.who
                    ),
                );
            }
        }
        (Auth::Fetched { .. }, Auth::None) => push(
            Severity::Info,
            "authentication set".into(),
            String::new(),
            format!("the flow authenticates; {} sends no credential", c.who),
        ),
        (Auth::Header(_) | Auth::None | Auth::NotReproducible, Auth::Fetched { .. })
        | (Auth::NotReproducible, _)
        | (Auth::Fetched { .. }, Auth::Fetched { .. }) => {}
        (Auth::Header(a), Auth::Header(b)) => headers_auth(a, b, c, &mut push),
    }
}

fn headers_auth(a: &str, b: &str, c: &Ctx, push: &mut dyn FnMut(Severity, String, String, String)) {
    let (pa, pb) = (auth::parse(a), auth::parse(b));
    let (sa, sb) = (pa.canonical_scheme(), pb.canonical_scheme());
    if sa != sb {
        return push(
            Severity::Error,
            describe(a),
            describe(b),
            format!(
                "another scheme: the flow sends {}, {} sends {}",
                sa.unwrap_or("none"),
                c.who,
                sb.unwrap_or("none")
            ),
        );
    }
    if !pa.problems.is_empty() && pb.problems.is_empty() {
        let mut what: Vec<&str> = pa.problems.iter().map(|p| p.rule()).collect();
        what.dedup();
        push(
            Severity::Error,
            describe(a),
            describe(b),
            format!(
                "the flow's header is built wrong ({}) where {}'s is clean: see the findings below",
                what.join(", "),
                c.who
            ),
        );
    }
    let cred = |v: &str, p: &auth::AuthValue| p.credential.clone().map(|r| v[r].to_string()).unwrap_or_default();
    let (ca, cb) = (cred(a, &pa), cred(b, &pb));
    if sa == Some("Basic") {
        use base64::Engine;
        let dec = |s: &str| {
            base64::engine::general_purpose::STANDARD
                .decode(s)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .unwrap_or_default()
        };
        let (da, db) = (dec(&ca), dec(&cb));
        let user = |s: &str| s.split_once(':').map_or(s.to_string(), |(u, _)| u.to_string());
        if user(&da) != user(&db) {
            push(
                Severity::Error,
                format!("user {}", user(&da)),
                format!("user {}", user(&db)),
                "another user name".into(),
            );
        } else if da != db {
            push(Severity::Error, describe(a), describe(b), "the same user with another password (not shown)".into());
        }
        return;
    }
    match (identity(&ca), identity(&cb)) {
        (Some(x), Some(y)) => tokens(&x, &y, a, b, c, push),
        _ if ca != cb && !cb.contains("{{") => push(
            Severity::Warning,
            describe(a),
            describe(b),
            "the credentials differ (not JWTs: authlint cannot tell more)".into(),
        ),
        _ => {}
    }
}

fn tokens(
    x: &Identity,
    y: &Identity,
    a: &str,
    b: &str,
    c: &Ctx,
    push: &mut dyn FnMut(Severity, String, String, String),
) {
    let (da, db) = (describe(a), describe(b));
    if x.id_token != y.id_token {
        push(
            Severity::Error,
            da.clone(),
            db.clone(),
            format!(
                "{} an ID token; an API takes access tokens",
                if x.id_token { "the flow sends" } else { "only the reference sends" }
            ),
        );
    }
    if x.resource != y.resource || (x.resource.is_none() && x.aud != y.aud) {
        push(
            Severity::Error,
            format!("aud {}", x.aud.join(" ")),
            format!("aud {}", y.aud.join(" ")),
            format!(
                "the flow's token is for another API than {}'s: request it for {}",
                c.who,
                y.aud.first().map_or("the same audience", String::as_str)
            ),
        );
    }
    if x.tid != y.tid {
        push(
            Severity::Error,
            format!("tenant {}", x.tid.clone().unwrap_or_default()),
            format!("tenant {}", y.tid.clone().unwrap_or_default()),
            "the tokens come from different tenants".into(),
        );
    }
    if x.app != y.app {
        push(
            Severity::Warning,
            format!("app {}", x.app.clone().unwrap_or_default()),
            format!("app {}", y.app.clone().unwrap_or_default()),
            "the tokens were requested by different client applications, with different permissions".into(),
        );
    }
    if x.app_only != y.app_only {
        let kind = |app| {
            if app { "app-only (application permissions)" } else { "delegated (a user's)" }
        };
        push(
            Severity::Error,
            kind(x.app_only).into(),
            kind(y.app_only).into(),
            "one token acts as the app, the other as a user: the API checks different permissions".into(),
        );
    }
    // Permissions only mean the same thing for the same API.
    let missing: Vec<&str> = y.scp.difference(&x.scp).chain(y.roles.difference(&x.roles)).map(String::as_str).collect();
    if !missing.is_empty() && x.resource == y.resource {
        let list = |i: &Identity| i.scp.iter().chain(&i.roles).map(String::as_str).collect::<Vec<_>>().join(" ");
        push(
            Severity::Error,
            list(x),
            list(y),
            format!("{}'s token also has {}, which the flow's lacks: the API may answer 403", c.who, missing.join(" ")),
        );
    }
    let now = c.now.timestamp();
    let expired = |i: &Identity| i.exp.is_some_and(|e| e + SKEW_SECONDS < now);
    match (expired(x), expired(y)) {
        (true, false) => push(
            Severity::Error,
            format!("expired {}", x.exp.map(|e| time::utc(e, &c.now)).unwrap_or_default()),
            format!("valid until {}", y.exp.map(|e| time::utc(e, &c.now)).unwrap_or_default()),
            "the flow's token has expired; the reference's is fresh".into(),
        ),
        (false, true) => push(
            Severity::Info,
            String::new(),
            format!("expired {}", y.exp.map(|e| time::utc(e, &c.now)).unwrap_or_default()),
            format!("{}'s token has expired too: \"it works in {}\" is no longer true", c.who, c.who),
        ),
        _ => {}
    }
}
