//! The method, the URL, the query and the headers of both requests compared.

use std::collections::BTreeSet;

use super::{Ctx, credential_query, d, show};
use crate::diagnostic::{DiffKind, Difference, Severity};
use crate::diff::side::Side;
use crate::rules::is_credential_header;

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
