//! Which permissions an operation accepts — Microsoft Graph by operation, SharePoint REST by the
//! access it needs — and whether a token holds one: the 403 predicted before the call.
//!
//! The tables live in `data/permissions/` (written from Microsoft's documentation, one `docs` address
//! per Graph operation), are embedded in the binary at build time and parsed on first use.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;
use url::Url;

use crate::jwt::Claims;

/// The embedded tables: (file name, text).
pub const GRAPH_FILES: [(&str, &str); 2] = [
    ("graph-directory.toml", include_str!("../data/permissions/graph-directory.toml")),
    ("graph-workloads.toml", include_str!("../data/permissions/graph-workloads.toml")),
];
pub const SHAREPOINT_FILE: (&str, &str) = ("sharepoint.toml", include_str!("../data/permissions/sharepoint.toml"));

const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";
const SHAREPOINT_APP_ID: &str = "00000003-0000-0ff1-ce00-000000000000";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GraphFile {
    operation: Vec<RawOperation>,
    delegated_admin_consent: BTreeMap<String, bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOperation {
    name: String,
    method: String,
    paths: Vec<String>,
    versions: Vec<String>,
    delegated: Vec<String>,
    application: Vec<String>,
    /// Why the permissions cannot be told from the path (they depend on the request body).
    #[serde(default)]
    depends: Option<String>,
    docs: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SharePointFile {
    level: Vec<RawLevel>,
    classify: Classify,
    delegated_admin_consent: BTreeMap<String, bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    name: String,
    delegated: Vec<String>,
    application: Vec<String>,
    delegated_onedrive: Vec<String>,
}

/// The path segments that decide a SharePoint REST request's access level.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Classify {
    read_posts: Vec<String>,
    full_control_segments: Vec<String>,
    manage_last_segments: Vec<String>,
    list_segments: Vec<String>,
}

/// One way to be allowed: these permissions together (usually just one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant(pub Vec<String>);

impl Grant {
    fn parse(s: &str) -> Grant {
        Grant(s.split(" and ").map(|p| p.trim().to_string()).collect())
    }
    /// True when every permission of the grant is held (names compare case-insensitively).
    pub fn held_by(&self, held: &[String]) -> bool {
        self.0.iter().all(|p| held.iter().any(|h| h.eq_ignore_ascii_case(p)))
    }
}

impl std::fmt::Display for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join(" and "))
    }
}

/// A documented operation and the permissions it accepts, least privileged first.
#[derive(Debug)]
pub struct Operation {
    pub name: String,
    pub method: String,
    pub paths: Vec<String>,
    pub versions: Vec<String>,
    pub delegated: Vec<Grant>,
    pub application: Vec<Grant>,
    /// Why the permissions cannot be told from the path alone.
    pub depends: Option<String>,
    pub docs: String,
    /// The table file it comes from.
    pub file: &'static str,
    /// Each path split into segment patterns.
    patterns: Vec<Vec<String>>,
}

/// An access level of SharePoint REST and the permissions that give it, least privileged first.
#[derive(Debug)]
pub struct Level {
    pub name: String,
    pub delegated: Vec<Grant>,
    pub application: Vec<Grant>,
    pub delegated_onedrive: Vec<Grant>,
}

/// Both tables, parsed.
#[derive(Debug)]
pub struct Tables {
    pub graph: Vec<Operation>,
    pub sharepoint: Vec<Level>,
    pub classify: Classify,
    /// Delegated permissions → whether an admin must consent (lower-case names).
    consent: HashMap<String, bool>,
}

// `embedded_graph()` and `embedded_sharepoint()`: the tables as build.rs turned them into Rust.
include!(concat!(env!("OUT_DIR"), "/permissions.rs"));

impl Tables {
    /// Parses the table files; an error names the file and what is wrong. (The binary uses
    /// [`Tables::embedded`]; this is the same tables' TOML, for validation and tests.)
    pub fn parse(graph: &[(&'static str, &str)], sharepoint: (&'static str, &str)) -> Result<Tables, String> {
        let mut files = Vec::new();
        for (name, text) in graph {
            files.push((*name, toml::from_str::<GraphFile>(text).map_err(|e| format!("{name}: {e}"))?));
        }
        let (name, text) = sharepoint;
        let sp: SharePointFile = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
        Tables::build(files, sp)
    }

    /// The tables embedded at build time: no parsing at run time.
    pub fn embedded() -> Result<Tables, String> {
        Tables::build(embedded_graph(), embedded_sharepoint())
    }

    fn build(graph: Vec<(&'static str, GraphFile)>, f: SharePointFile) -> Result<Tables, String> {
        let mut consent = HashMap::new();
        let mut ops = Vec::new();
        for (name, f) in graph {
            for (k, v) in f.delegated_admin_consent {
                if consent.insert(k.to_ascii_lowercase(), v).is_some_and(|old| old != v) {
                    return Err(format!("{name}: {k} is given two admin-consent values"));
                }
            }
            for op in f.operation {
                let patterns = op.paths.iter().map(|p| segments(&normalize(p))).collect();
                ops.push(Operation {
                    name: op.name,
                    method: op.method,
                    paths: op.paths,
                    versions: op.versions,
                    delegated: op.delegated.iter().map(|g| Grant::parse(g)).collect(),
                    application: op.application.iter().map(|g| Grant::parse(g)).collect(),
                    depends: op.depends,
                    docs: op.docs,
                    file: name,
                    patterns,
                });
            }
        }
        for (k, v) in f.delegated_admin_consent {
            consent.insert(k.to_ascii_lowercase(), v);
        }
        let grants = |v: &[String]| v.iter().map(|g| Grant::parse(g)).collect();
        let sharepoint = f
            .level
            .iter()
            .map(|l| Level {
                name: l.name.clone(),
                delegated: grants(&l.delegated),
                application: grants(&l.application),
                delegated_onedrive: grants(&l.delegated_onedrive),
            })
            .collect();
        Ok(Tables { graph: ops, sharepoint, classify: f.classify, consent })
    }

    /// Whether an admin must consent to a delegated permission (`None`: not in the tables).
    pub fn delegated_admin_consent(&self, permission: &str) -> Option<bool> {
        self.consent.get(&permission.to_ascii_lowercase()).copied()
    }

    /// The Graph operation a method and a path (after the version) name: the most specific match.
    pub fn graph_operation(&self, method: &str, path: &str) -> Option<&Operation> {
        let segs = segments(&normalize(path));
        self.graph
            .iter()
            .filter(|op| op.method.eq_ignore_ascii_case(method))
            .filter_map(|op| op.patterns.iter().filter_map(|p| score(p, &segs)).max().map(|s| (s, op)))
            .max_by_key(|(s, _)| *s)
            .map(|(_, op)| op)
    }

    /// The SharePoint REST access level a method and the segments after `_api` need.
    pub fn sharepoint_level(&self, method: &str, api: &[String]) -> &Level {
        let c = &self.classify;
        let name = |s: &String| s.split('(').next().unwrap_or("").to_ascii_lowercase();
        let names: Vec<String> = api.iter().map(name).collect();
        let last = names.last().map(String::as_str).unwrap_or("");
        let has = |list: &[String], s: &str| list.iter().any(|x| x.eq_ignore_ascii_case(s));
        let reads = method.eq_ignore_ascii_case("GET")
            || method.eq_ignore_ascii_case("HEAD")
            || (method.eq_ignore_ascii_case("POST") && has(&c.read_posts, last));
        let level = if reads {
            "read"
        } else if names.iter().any(|n| has(&c.full_control_segments, n)) {
            "full-control"
        } else if has(&c.manage_last_segments, last)
            || (has(&c.list_segments, last)
                && names.iter().any(|n| n == "lists")
                && !method.eq_ignore_ascii_case("POST"))
        {
            "manage"
        } else {
            "write"
        };
        self.sharepoint.iter().find(|l| l.name == level).unwrap_or(&self.sharepoint[0])
    }
}

/// The tables embedded in the binary (validated by tests, so parsing cannot fail at run time).
pub fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| Tables::embedded().expect("the embedded permission tables are consistent (tested)"))
}

/// A path made comparable: `%3A` decoded, each `:/path/to/item:` address folded into the segment
/// before it (`root:/a/b.txt:/content` → `root:{}/content`, so `/sites/{id}/lists` also matches
/// `/sites/host:/sites/hr:/lists`), a trailing `/`, `:` or `()` dropped.
fn normalize(path: &str) -> String {
    let p = path.replace("%3A", ":").replace("%3a", ":");
    let mut out = String::with_capacity(p.len());
    let mut rest = p.as_str();
    while let Some(i) = rest.find(":/") {
        out.push_str(&rest[..i]);
        out.push_str(":{}");
        let after = &rest[i + 2..];
        rest = after.find(':').map_or("", |j| &after[j + 1..]);
    }
    out.push_str(rest);
    let t = out.trim_end_matches(['/', ':']);
    t.to_string()
}

fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.strip_suffix("()").unwrap_or(s).trim_end_matches(':').to_string())
        .collect()
}

/// How well a path's segments match a pattern's: `None` when they do not; else the number of literal
/// characters matched (the most specific pattern wins).
fn score(pattern: &[String], segs: &[String]) -> Option<usize> {
    if pattern.len() != segs.len() {
        return None;
    }
    let mut total = 0;
    for (p, s) in pattern.iter().zip(segs) {
        total += glob(p, s)?;
    }
    Some(total)
}

/// Matches one segment against a pattern where `{…}` stands for any non-empty text; literal text
/// compares case-insensitively. Returns the count of literal characters.
fn glob(pattern: &str, seg: &str) -> Option<usize> {
    let mut pieces = Vec::new();
    let mut rest = pattern;
    while let Some(i) = rest.find('{') {
        let j = rest[i..].find('}').map(|j| i + j)?;
        pieces.push(&rest[..i]);
        rest = &rest[j + 1..];
    }
    pieces.push(rest);
    let (s, lower) = (seg.to_ascii_lowercase(), |x: &str| x.to_ascii_lowercase());
    if pieces.len() == 1 {
        return (s == lower(pieces[0])).then_some(pieces[0].len());
    }
    let first = lower(pieces[0]);
    let last = lower(pieces[pieces.len() - 1]);
    if !s.starts_with(&first) || !s[first.len()..].ends_with(&last) {
        return None;
    }
    let mut pos = first.len();
    let end = s.len() - last.len();
    if end < pos {
        return None;
    }
    for mid in &pieces[1..pieces.len() - 1] {
        let m = lower(mid);
        // Each wildcard before this piece matches at least one character.
        let found = s.get(pos + 1..end)?.find(&m)? + pos + 1;
        pos = found + m.len();
    }
    // The last wildcard matches at least one character too.
    if end <= pos {
        return None;
    }
    Some(pieces.iter().map(|p| p.len()).sum())
}

/// The API a request goes to, as far as permissions go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Api {
    Graph,
    /// SharePoint REST; `onedrive` for a `-my.sharepoint.com` host.
    SharePoint {
        onedrive: bool,
    },
}

/// A request to an API with a permission table: what it is called in messages, and the segments.
#[derive(Debug, Clone)]
pub struct Call {
    pub api: Api,
    pub method: String,
    /// `GET /v1.0/users/{id}` (ids kept as written; no query).
    pub display: String,
    /// Graph: the path after the version. SharePoint: the segments after `_api`.
    path: String,
    api_segments: Vec<String>,
}

impl Call {
    /// The call a method and URL make, when they go to Microsoft Graph (`/v1.0/` or `/beta/`) or to
    /// SharePoint REST (`/_api/`).
    pub fn of(method: &str, url: &Url) -> Option<Call> {
        let host = url.host_str()?;
        let resource = crate::resources::by_host(host)?;
        let method = method.trim().to_ascii_uppercase();
        let path = url.path();
        let display = format!("{method} {path}");
        if resource.app_id == GRAPH_APP_ID {
            let rest = path.trim_start_matches('/');
            let (version, after) = rest.split_once('/').unwrap_or((rest, ""));
            if !version.eq_ignore_ascii_case("v1.0") && !version.eq_ignore_ascii_case("beta") {
                return None;
            }
            return Some(Call {
                api: Api::Graph,
                method,
                display,
                path: format!("/{after}"),
                api_segments: Vec::new(),
            });
        }
        if resource.app_id == SHAREPOINT_APP_ID {
            let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            let at = segs.iter().position(|s| s.eq_ignore_ascii_case("_api"))?;
            let onedrive = host.split('.').next().is_some_and(|h| h.to_ascii_lowercase().ends_with("-my"));
            return Some(Call {
                api: Api::SharePoint { onedrive },
                method,
                display,
                path: String::new(),
                api_segments: segs[at + 1..].iter().map(|s| s.to_string()).collect(),
            });
        }
        None
    }
}

/// What kind of permissions a token carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `scp`: a signed-in user's token.
    Delegated,
    /// `roles`: an app-only token.
    Application,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Delegated => "delegated",
            Kind::Application => "application",
        }
    }
    /// The claim the permissions are in.
    pub fn claim(self) -> &'static str {
        match self {
            Kind::Delegated => "scp",
            Kind::Application => "roles",
        }
    }
}

/// The permissions a token holds, and of which kind.
#[derive(Debug, Clone)]
pub struct Held {
    pub kind: Kind,
    pub permissions: Vec<String>,
}

impl Held {
    /// Delegated when the token has `scp`; application when it is app-only (`idtyp: app`, or `roles`
    /// with no user); delegated with nothing otherwise.
    pub fn of(c: &Claims) -> Held {
        let scp = c.scp();
        if !scp.is_empty() {
            return Held { kind: Kind::Delegated, permissions: scp.iter().map(|s| s.to_string()).collect() };
        }
        if c.is_app_only() {
            return Held { kind: Kind::Application, permissions: c.roles().iter().map(|s| s.to_string()).collect() };
        }
        Held { kind: Kind::Delegated, permissions: Vec::new() }
    }
    /// The permissions as written in the token, for a message.
    pub fn describe(&self) -> String {
        if self.permissions.is_empty() {
            format!("no {} permissions (no {})", self.kind.name(), self.kind.claim())
        } else {
            format!("{} permissions ({}: {})", self.kind.name(), self.kind.claim(), self.permissions.join(" "))
        }
    }
}

/// What the table says about a call with a token.
#[derive(Debug, Clone)]
pub enum Decision {
    /// A permission the token holds is accepted.
    Allowed { by: Grant, caveat: Option<&'static str> },
    /// None of the accepted permissions is held: `add` is the least privileged one to advise; `rsc`, a
    /// resource-specific consent permission the operation also accepts.
    Missing { add: Grant, others: Vec<Grant>, admin_consent: bool, rsc: Option<String> },
    /// The token cannot tell (the reason).
    Undecidable(String),
    /// The operation accepts no permission of the token's kind at all.
    KindNotSupported,
}

/// The judgement of one call with one token.
#[derive(Debug, Clone)]
pub struct Judgement {
    pub call: Call,
    /// `List users`, or `SharePoint REST (write)`.
    pub operation: String,
    pub docs: Option<String>,
    pub held: Held,
    pub decision: Decision,
}

/// Judges a call with a token's claims. `None`: the call is not to an API with a table, or the table
/// does not know the operation (see [`known`]).
pub fn judge(call: &Call, claims: &Claims) -> Option<Judgement> {
    let t = tables();
    let held = Held::of(claims);
    let (operation, docs, accepted): (String, Option<String>, Vec<Grant>) = match &call.api {
        Api::Graph => {
            let op = t.graph_operation(&call.method, &call.path)?;
            if let Some(why) = &op.depends {
                return Some(Judgement {
                    call: call.clone(),
                    operation: op.name.clone(),
                    docs: Some(op.docs.clone()),
                    held,
                    decision: Decision::Undecidable(why.clone()),
                });
            }
            let accepted = match held.kind {
                Kind::Delegated => op.delegated.clone(),
                Kind::Application => op.application.clone(),
            };
            (op.name.clone(), Some(op.docs.clone()), accepted)
        }
        Api::SharePoint { onedrive } => {
            let level = t.sharepoint_level(&call.method, &call.api_segments);
            let mut accepted = match held.kind {
                Kind::Delegated => level.delegated.clone(),
                Kind::Application => level.application.clone(),
            };
            if *onedrive && held.kind == Kind::Delegated {
                accepted.extend(level.delegated_onedrive.iter().cloned());
            }
            (format!("SharePoint REST, {} access", level.name), None, accepted)
        }
    };
    // `/me` is the signed-in user: an app-only token has none, whatever the operation accepts elsewhere.
    let me = call.api == Api::Graph && {
        let p = call.path.to_ascii_lowercase();
        p == "/me" || p.starts_with("/me/")
    };
    // Resource-specific consent (`….Group`, `….Chat`) is granted in a team or chat and never shows in
    // the token; Teamwork.Migrate.All posts only in migration mode. Neither is advice to give.
    let advisable: Vec<&Grant> = accepted.iter().filter(|g| g.0.iter().all(|p| advisable(p))).collect();
    let rsc = accepted.iter().flat_map(|g| &g.0).find(|p| is_rsc(p)).cloned();
    let decision = if accepted.is_empty() || (me && held.kind == Kind::Application) {
        Decision::KindNotSupported
    } else if let Some(g) = sites_selected(&operation, &accepted, &held) {
        Decision::Allowed { by: g, caveat: Some(SITES_SELECTED) }
    } else if let Some(g) = accepted.iter().find(|g| g.held_by(&held.permissions)) {
        let caveat = g.0.iter().any(|p| p.eq_ignore_ascii_case("Sites.Selected")).then_some(SITES_SELECTED);
        Decision::Allowed { by: g.clone(), caveat }
    } else if held.kind == Kind::Application && held.permissions.is_empty() && rsc.is_some() {
        Decision::Undecidable(
            "the operation also accepts resource-specific consent, which is granted in the team or chat and does not show in the token".into(),
        )
    } else if advisable.is_empty() {
        Decision::KindNotSupported
    } else {
        let add = advisable[0].clone();
        let admin_consent =
            held.kind == Kind::Application || add.0.iter().any(|p| t.delegated_admin_consent(p).unwrap_or(true));
        let others = accepted.iter().filter(|g| **g != add).cloned().collect();
        Decision::Missing { add, others, admin_consent, rsc }
    };
    Some(Judgement { call: call.clone(), operation, docs, held, decision })
}

/// A resource-specific consent permission (granted in one team or chat; not in the token).
fn is_rsc(p: &str) -> bool {
    [".Group", ".Chat", "ForTeam", "ForChat"].iter().any(|s| p.ends_with(s))
}

/// A permission worth advising: not resource-specific consent, not migration-only.
fn advisable(p: &str) -> bool {
    !is_rsc(p) && !p.eq_ignore_ascii_case("Teamwork.Migrate.All")
}

const SITES_SELECTED: &str = "Sites.Selected allows only the sites an admin granted this app, at the role granted (read or write): a 403 means this site was not granted, or only for reading";

/// `Sites.Selected` gates by site rather than by operation: it opens every site-scoped operation that
/// a `Sites.*.All` permission opens (sites, lists, items, drives), on the sites granted — except
/// search, which it does not cover.
fn sites_selected(operation: &str, accepted: &[Grant], held: &Held) -> Option<Grant> {
    let holds = held.permissions.iter().any(|p| p.eq_ignore_ascii_case("Sites.Selected"));
    let site_scoped = accepted.iter().flat_map(|g| &g.0).any(|p| {
        let p = p.to_ascii_lowercase();
        p.starts_with("sites.") && p.ends_with(".all")
    });
    (holds && site_scoped && !operation.to_ascii_lowercase().contains("search"))
        .then(|| Grant(vec!["Sites.Selected".into()]))
}

/// True when the tables know the call's operation.
pub fn known(call: &Call) -> bool {
    match call.api {
        Api::Graph => tables().graph_operation(&call.method, &call.path).is_some(),
        Api::SharePoint { .. } => true,
    }
}

impl Judgement {
    /// One line for a finding: what cannot be called and what the token holds.
    pub fn message(&self) -> String {
        let (call, op) = (&self.call.display, &self.operation);
        match &self.decision {
            Decision::Allowed { by, .. } => format!("{call} ({op}) is allowed by the token's {by}"),
            Decision::Undecidable(why) => format!("whether the token may call {call} ({op}) cannot be told: {why}"),
            Decision::Missing { .. } if self.held.permissions.is_empty() => format!(
                "the token cannot call {call} ({op}): it holds no {} permissions (no {} claim)",
                self.held.kind.name(),
                self.held.kind.claim()
            ),
            Decision::Missing { .. } => format!(
                "the token cannot call {call} ({op}): its {} include none the operation accepts",
                self.held.describe()
            ),
            Decision::KindNotSupported => match self.held.kind {
                Kind::Application => {
                    format!("{call} ({op}) does not accept application permissions: an app-only token cannot call it")
                }
                Kind::Delegated => {
                    format!("{call} ({op}) does not accept delegated permissions: it needs an app-only token")
                }
            },
        }
    }

    /// One line for a verdict: what is missing.
    pub fn summary(&self) -> String {
        let (call, op) = (&self.call.display, &self.operation);
        match &self.decision {
            Decision::Missing { add, .. } => format!(
                "the token lacks the permission {call} ({op}) needs: it holds {}, and the least privileged {} permission it accepts is {add}",
                self.held.describe(),
                self.held.kind.name()
            ),
            _ => self.message(),
        }
    }

    /// What to do.
    pub fn help(&self) -> String {
        let docs = self.docs.as_ref().map(|d| format!(" Documentation: {d}")).unwrap_or_default();
        match &self.decision {
            Decision::Allowed { caveat, .. } => caveat.map(str::to_string).unwrap_or_default(),
            Decision::Undecidable(why) => format!("authlint cannot tell: {why}"),
            Decision::Missing { add, others, admin_consent, rsc } => {
                let where_ = match self.call.api {
                    Api::Graph => "Microsoft Graph",
                    Api::SharePoint { .. } => "SharePoint",
                };
                let consent = match (self.held.kind, admin_consent) {
                    (Kind::Application, _) => {
                        ", then Grant admin consent (application permissions always need it), and get a new token"
                    }
                    (Kind::Delegated, true) => {
                        ": an admin must grant consent for it, then sign in again for a new token"
                    }
                    (Kind::Delegated, false) => {
                        ": it needs no admin consent (unless the tenant restricts user consent); sign in again for a new token"
                    }
                };
                let also = if others.is_empty() {
                    String::new()
                } else {
                    let o: Vec<String> = others.iter().map(Grant::to_string).collect();
                    format!(" Also accepted (from least to most privileged): {}.", o.join(", "))
                };
                let rsc = rsc
                    .as_ref()
                    .map(|r| format!(" Resource-specific consent ({r}) granted in the team or chat also works; it does not show in the token."))
                    .unwrap_or_default();
                format!(
                    "add the {} permission {add} ({where_}; the least privileged the operation accepts) in Entra ID → App registrations → the app → API permissions{consent}.{also}{rsc}{docs}",
                    self.held.kind.name()
                )
            }
            Decision::KindNotSupported => match self.held.kind {
                Kind::Application if self.call.path.to_ascii_lowercase().starts_with("/me") => format!(
                    "/me is the signed-in user, and an app-only token has none: call /users/{{id or userPrincipalName}} instead.{docs}"
                ),
                Kind::Application => {
                    format!("use a token of a signed-in user (delegated permissions), or another operation.{docs}")
                }
                Kind::Delegated => {
                    format!("use an app-only token (client credentials) with the application permission.{docs}")
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(p: &str) -> Vec<String> {
        segments(&normalize(p))
    }

    #[test]
    fn paths_are_normalized() {
        assert_eq!(normalize("/drives/x/root:/a/b.txt:/content"), "/drives/x/root:{}/content");
        assert_eq!(normalize("/sites/contoso.sharepoint.com:/sites/hr:"), "/sites/contoso.sharepoint.com:{}");
        assert_eq!(
            normalize("/sites/contoso.sharepoint.com:/sites/hr:/lists"),
            "/sites/contoso.sharepoint.com:{}/lists"
        );
        assert_eq!(normalize("/drives/{id}/root:/{id}:/content"), "/drives/{id}/root:{}/content");
        assert_eq!(normalize("/me/drive/root%3A/x.txt%3A/content"), "/me/drive/root:{}/content");
        assert_eq!(segs("/users/delta()"), ["users", "delta"]);
        assert_eq!(segs("/users/"), ["users"]);
    }

    #[test]
    fn segments_glob() {
        assert_eq!(glob("users", "Users"), Some(5));
        assert_eq!(glob("{id}", "x"), Some(0));
        assert_eq!(glob("{id}", ""), None);
        assert_eq!(glob("servicePrincipals(appId='{id}')", "servicePrincipals(appId='abc')"), Some(27));
        assert_eq!(glob("servicePrincipals(appId='{id}')", "servicePrincipals(appId='')"), None);
        assert_eq!(glob("get(period='{id}',x='{id}')", "get(period='D7',x='1')"), Some(19));
        assert_eq!(glob("get(period='{id}',x='{id}')", "get(period='D7',x='')"), None);
        assert_eq!(glob("users", "groups"), None);
    }

    #[test]
    fn the_most_specific_operation_wins() {
        let t = tables();
        assert_eq!(t.graph_operation("GET", "/users").unwrap().name, "List users");
        assert_eq!(t.graph_operation("get", "/users/a@b.c").unwrap().name, "Get a user");
        assert_eq!(t.graph_operation("GET", "/users/delta()").unwrap().name.to_lowercase(), "user: delta");
        assert!(t.graph_operation("GET", "/users/x/nothingHere").is_none());
        assert!(t.graph_operation("TRACE", "/users").is_none());
    }
}
