//! The comparisons: method, URL, query, headers, auth (by structure and token identity), body.

use std::collections::BTreeSet;

use super::side::{Auth, Body, Side};
use crate::diagnostic::{DiffKind, Difference, SecretKind, Severity};
use crate::rules::is_credential_header;
use crate::time::{self, Reference, SKEW_SECONDS};
use crate::{auth, jwt, redact, resources};

fn d(kind: DiffKind, name: &str, flow: String, reference: String, severity: Severity, message: String) -> Difference {
    Difference { kind, name: name.to_string(), flow, reference, severity, message }
}

/// What the reference is called in messages ("Postman", "cURL").
pub struct Ctx<'a> {
    pub who: &'a str,
    pub strict: bool,
    pub now: Reference,
}

pub fn method(f: &Side, r: &Side, c: &Ctx, out: &mut Vec<Difference>) {
    if f.method != r.method {
        out.push(d(
            DiffKind::Method,
            "method",
            f.method.clone(),
            r.method.clone(),
            Severity::Error,
            format!(
                "the flow sends {}, {} sends {}: the server runs another operation, or refuses it",
                f.method, c.who, r.method
            ),
        ));
    }
}

/// A reference segment that stands for anything: `{{var}}`, `:param`.
fn wildcard(seg: &str) -> bool {
    seg.contains("{{") || seg.starts_with(':')
}

fn decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map_or_else(|| s.to_string(), |(_, v)| v.into_owned())
}

pub fn url(f: &Side, r: &Side, c: &Ctx, out: &mut Vec<Difference>) {
    let (fu, ru) = (url::Url::parse(&f.url), url::Url::parse(&r.url));
    let (Ok(fu), Ok(ru)) = (fu, ru) else {
        if f.url != r.url && !r.url.contains("{{") {
            out.push(d(DiffKind::Url, "url", f.url.clone(), r.url.clone(), Severity::Error, "the URLs differ".into()));
        }
        return;
    };
    if fu.scheme() != ru.scheme() {
        out.push(d(
            DiffKind::Url,
            "scheme",
            fu.scheme().into(),
            ru.scheme().into(),
            Severity::Error,
            format!("the flow uses {}, {} uses {}", fu.scheme(), c.who, ru.scheme()),
        ));
    }
    let (fh, rh) = (fu.host_str().unwrap_or(""), ru.host_str().unwrap_or(""));
    if !fh.eq_ignore_ascii_case(rh) && !wildcard(rh) {
        out.push(d(
            DiffKind::Url,
            "host",
            fh.into(),
            rh.into(),
            Severity::Error,
            "the request goes to another server: another API, tenant or environment".into(),
        ));
    }
    if fu.port_or_known_default() != ru.port_or_known_default() {
        out.push(d(
            DiffKind::Url,
            "port",
            fu.port_or_known_default().map(|p| p.to_string()).unwrap_or_default(),
            ru.port_or_known_default().map(|p| p.to_string()).unwrap_or_default(),
            Severity::Error,
            "another port: another service".into(),
        ));
    }
    let segs = |u: &url::Url| u.path().split('/').filter(|s| !s.is_empty()).map(decode).collect::<Vec<_>>();
    let (fs, rs) = (segs(&fu), segs(&ru));
    let same = fs.len() == rs.len()
        && fs.iter().zip(&rs).all(|(a, b)| {
            a == b || wildcard(b) || a.eq_ignore_ascii_case(b) && !a.contains(|c: char| c.is_ascii_uppercase())
        });
    if !same {
        let sev = if fs.iter().zip(&rs).all(|(a, b)| a.eq_ignore_ascii_case(b) || wildcard(b)) && fs.len() == rs.len() {
            Severity::Warning
        } else {
            Severity::Error
        };
        out.push(d(DiffKind::Url, "path", fu.path().into(), ru.path().into(), sev, if sev == Severity::Warning { "the paths differ only in letter case; some servers care".into() } else { "another path: another resource or operation (a 404 or 403 from the wrong resource looks like an auth error)".into() }));
    } else if fu.path().ends_with('/') != ru.path().ends_with('/') && fu.path().len() > 1 && ru.path().len() > 1 {
        out.push(d(
            DiffKind::Url,
            "path",
            fu.path().into(),
            ru.path().into(),
            Severity::Warning,
            "a trailing slash differs; some APIs redirect, and the redirect drops the Authorization header".into(),
        ));
    }
}

fn credential_query(name: &str) -> bool {
    crate::rules::is_credential_query(name)
}

fn show(v: &str, credential: bool) -> String {
    let s = if credential { redact::redact(v, SecretKind::Password) } else { v.to_string() };
    s.chars().take(200).collect::<String>().replace('\n', "\\n")
}

pub fn query(f: &Side, r: &Side, c: &Ctx, out: &mut Vec<Difference>) {
    let names: BTreeSet<&str> = f.query.iter().chain(&r.query).map(|(k, _)| k.as_str()).collect();
    for name in names {
        let fv: Vec<&str> = f.query.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect();
        let rv: Vec<&str> = r.query.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect();
        let cred = credential_query(name);
        let sev = if cred || name.eq_ignore_ascii_case("api-version") { Severity::Error } else { Severity::Warning };
        match (fv.is_empty(), rv.is_empty()) {
            (true, false) => out.push(d(
                DiffKind::Query,
                name,
                String::new(),
                show(&rv.join(", "), cred),
                sev,
                format!("only {} sends the query parameter {name}", c.who),
            )),
            (false, true) => out.push(d(
                DiffKind::Query,
                name,
                show(&fv.join(", "), cred),
                String::new(),
                sev,
                format!("only the flow sends the query parameter {name}"),
            )),
            _ => {
                let (mut a, mut b) = (fv.clone(), rv.clone());
                a.sort_unstable();
                b.sort_unstable();
                let dynamic = b.iter().any(|v| v.contains("{{$"));
                if a != b && !dynamic {
                    out.push(d(
                        DiffKind::Query,
                        name,
                        show(&fv.join(", "), cred),
                        show(&rv.join(", "), cred),
                        sev,
                        format!("the value of {name} differs"),
                    ));
                }
            }
        }
    }
}

fn value_of(v: Option<&(String, String)>) -> &str {
    v.map_or("", |(_, v)| v.as_str())
}

/// Headers Postman adds by itself, and headers Logic Apps removes before sending.
fn ignored(name: &str, value: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let postman = matches!(
        n.as_str(),
        "user-agent" | "postman-token" | "cache-control" | "accept-encoding" | "connection" | "host" | "content-length"
    ) || (n == "accept" && value.trim() == "*/*");
    let logic_apps_drops = (n.starts_with("accept-") || n.starts_with("content-"))
        && !matches!(n.as_str(), "content-disposition" | "content-encoding" | "content-type")
        || matches!(
            n.as_str(),
            "allow" | "cookie" | "expires" | "host" | "last-modified" | "origin" | "set-cookie" | "transfer-encoding"
        );
    postman || logic_apps_drops
}

pub fn headers(f: &Side, r: &Side, c: &Ctx, out: &mut Vec<Difference>) {
    let mut names: Vec<String> = f.headers.iter().chain(&r.headers).map(|(k, _)| k.to_ascii_lowercase()).collect();
    names.sort();
    names.dedup();
    for n in names {
        let fv = f.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(&n));
        let rv = r.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(&n));
        if !c.strict && (ignored(&n, value_of(fv)) || ignored(&n, value_of(rv))) {
            continue;
        }
        let cred = is_credential_header(&n);
        let name = fv.or(rv).map_or(n.clone(), |(k, _)| k.clone());
        let sev = if cred { Severity::Error } else { Severity::Warning };
        match (fv, rv) {
            (None, Some((_, v))) => out.push(d(
                DiffKind::Header,
                &name,
                String::new(),
                show(v, cred),
                sev,
                format!("only {} sends the header {name}", c.who),
            )),
            (Some((_, v)), None) => out.push(d(
                DiffKind::Header,
                &name,
                show(v, cred),
                String::new(),
                if cred { Severity::Error } else { Severity::Info },
                format!("only the flow sends the header {name}"),
            )),
            (Some((_, a)), Some((_, b))) if a.trim() != b.trim() && !b.contains("{{$") => {
                let sev = if n == "content-type" && a.split(';').next() == b.split(';').next() {
                    Severity::Info
                } else {
                    sev
                };
                out.push(d(
                    DiffKind::Header,
                    &name,
                    show(a, cred),
                    show(b, cred),
                    sev,
                    format!("the value of {name} differs"),
                ));
            }
            _ => {}
        }
    }
}

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
