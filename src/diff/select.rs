//! Which Postman request to compare with: the one named with `--request`, or the best match by
//! method, host and path, where `{{variables}}` and `:params` match any segment.

use super::side::{Side, split_query};
use crate::error::Error;
use crate::input::postman::{Collection, Entry, Variables};

/// The request named `Folder/Sub/Name` (exactly, then ignoring case, then by its own name when that is
/// unique), or an error with "did you mean".
pub fn by_name<'e, 'a>(entries: &'e [Entry<'a>], name: &str, file: &str) -> Result<&'e Entry<'a>, Error> {
    let name = name.trim().trim_matches('/');
    if let Some(e) = entries.iter().find(|e| e.path == name) {
        return Ok(e);
    }
    let ci: Vec<_> = entries.iter().filter(|e| e.path.eq_ignore_ascii_case(name)).collect();
    if let [e] = ci.as_slice() {
        return Ok(e);
    }
    let leaf: Vec<_> =
        entries.iter().filter(|e| e.path.rsplit('/').next().is_some_and(|l| l.eq_ignore_ascii_case(name))).collect();
    if let [e] = leaf.as_slice() {
        return Ok(e);
    }
    if leaf.len() > 1 {
        return Err(Error::input(
            file,
            format!(
                "\"{name}\" names {} requests: {}",
                leaf.len(),
                leaf.iter().map(|e| format!("\"{}\"", e.path)).collect::<Vec<_>>().join(", ")
            ),
        )
        .with_help("give the whole path, Folder/Sub/Name"));
    }
    let best = entries
        .iter()
        .map(|e| (e, strsim::jaro_winkler(&e.path.to_ascii_lowercase(), &name.to_ascii_lowercase())))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let hint =
        best.filter(|(_, s)| *s > 0.7).map_or_else(String::new, |(e, _)| format!("; did you mean \"{}\"?", e.path));
    Err(Error::input(file, format!("no request \"{name}\" in the collection{hint}"))
        .with_help("`authlint diff --list --postman <collection>` lists the requests"))
}

fn segments(url: &str) -> (String, Vec<String>) {
    let (base, _) = split_query(url);
    let rest = base.split_once("://").map_or(base.as_str(), |(_, r)| r).to_string();
    let mut parts = rest.split('/').filter(|s| !s.is_empty()).map(|s| s.to_ascii_lowercase());
    let host = parts.next().unwrap_or_default();
    (host, parts.collect())
}

fn wild(s: &str) -> bool {
    s.contains("{{") || s.starts_with(':')
}

/// How well a reference URL and method fit the flow's: `None` when the host or path cannot match.
fn score(flow: &Side, method: &str, url: &str) -> Option<u32> {
    let (fh, fs) = segments(&flow.url);
    let (rh, rs) = segments(url);
    if fh != rh && !wild(&rh) {
        return None;
    }
    if fs.len() != rs.len() {
        return None;
    }
    let mut s = if fh == rh { 4 } else { 1 };
    for (a, b) in fs.iter().zip(&rs) {
        if a == b {
            s += 3;
        } else if wild(b) {
            s += 1;
        } else {
            return None;
        }
    }
    if flow.method.eq_ignore_ascii_case(method) {
        s += 2;
    }
    Some(s)
}

/// The request that best fits the flow's; several equally good → an error listing them.
pub fn best<'e, 'a>(
    c: &Collection,
    entries: &'e [Entry<'a>],
    flow: &Side,
    env: &Variables,
    vars: &Variables,
    file: &str,
) -> Result<&'e Entry<'a>, Error> {
    let mut scored: Vec<(u32, &Entry)> = entries
        .iter()
        .filter_map(|e| {
            let r = c.resolve(e, env, vars);
            score(flow, &r.method, &r.url).map(|s| (s, e))
        })
        .collect();
    scored.sort_by_key(|b| std::cmp::Reverse(b.0));
    match scored.as_slice() {
        [] => Err(Error::input(file, format!("no request in the collection matches {} {}", flow.method, flow.url))
            .with_help(
                "name it with --request \"Folder/Name\"; `authlint diff --list --postman <collection>` lists them",
            )),
        [(top, e), rest @ ..] if rest.first().is_none_or(|(s, _)| s < top) => Ok(e),
        [(top, _), ..] => {
            let tied: Vec<String> =
                scored.iter().filter(|(s, _)| s == top).take(10).map(|(_, e)| format!("  {}", e.path)).collect();
            Err(Error::input(
                file,
                format!(
                    "{} requests match {} {} equally well:\n{}",
                    tied.len(),
                    flow.method,
                    flow.url,
                    tied.join("\n")
                ),
            )
            .with_help("choose one with --request \"Folder/Name\""))
        }
    }
}
