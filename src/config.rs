//! `authlint.toml` (or `.authlint.toml`): optional, found by walking up from the working directory;
//! `--config FILE` names one, `--isolated` ignores them. Unknown keys are errors with their place.
//!
//! ```toml
//! # The lowest severity that fails the run (the --fail-on flag wins).
//! fail-on = "warning"
//!
//! # A rule's severity, or off.
//! [rules]
//! secure-inputs-off = "error"
//! auth-scheme-case = "off"
//!
//! # Findings not to report: every selector given must match (globs; a path glob without `/`
//! # matches a file name anywhere; zip entries are `archive.zip!/inner/path.json`).
//! [[ignore]]
//! paths = ["legacy/**"]
//! flows = ["Old *"]
//! actions = ["Scope_legacy/*"]
//! rules = ["secure-outputs-off"]
//! reason = "retired in 2027"
//!
//! # Your own APIs, so that audience-mismatch can judge tokens sent to them.
//! [[resources]]
//! name = "Contoso Orders API"
//! audiences = ["api://contoso-orders", "6f1c2b3a-0000-4000-8000-000000000abc"]
//! hosts = ["orders.contoso.com", "*.orders.contoso.com"]
//! ```

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Outcome, Severity};
use crate::error::Error;
use crate::source::{SourceFile, Span};
use crate::vocab::rule::NAMES;

/// The names a config file may have, in the order they are looked for in each folder.
pub const FILE_NAMES: &[&str] = &["authlint.toml", ".authlint.toml"];

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// APIs of one's own: their audiences and the hosts requests to them go to.
    #[serde(default)]
    pub resources: Vec<CustomResource>,
    /// The lowest severity that makes the exit code 1, unless `--fail-on` is given.
    #[serde(default)]
    pub fail_on: Option<Severity>,
    /// Each rule's severity, or `off`.
    #[serde(default)]
    pub rules: BTreeMap<toml::Spanned<String>, Level>,
    /// Findings not to report.
    #[serde(default)]
    pub ignore: Vec<Ignore>,
    /// Resource limits over the defaults (see [`crate::limits`]).
    #[serde(default)]
    pub limits: crate::limits::Limits,
    /// The folder of the config file, against which path globs also match.
    #[serde(skip)]
    pub dir: Option<PathBuf>,
}

/// A rule's configured severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

/// One `[[ignore]]` entry: a finding is ignored when every selector given matches it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ignore {
    /// Globs over the file name as reported (a zip entry is `archive.zip!/inner/path.json`).
    #[serde(default)]
    pub paths: Vec<toml::Spanned<String>>,
    /// Globs over the flow's display name (case-insensitive).
    #[serde(default)]
    pub flows: Vec<toml::Spanned<String>>,
    /// Globs over the action's path (`Scope_main/HTTP_Get_users`).
    #[serde(default)]
    pub actions: Vec<toml::Spanned<String>>,
    /// Rule names; none means every rule.
    #[serde(default)]
    pub rules: Vec<toml::Spanned<String>>,
    /// Why: for the reader of the config, not used.
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(skip)]
    compiled: Option<Matchers>,
}

/// The globs of an `[[ignore]]` entry, compiled.
#[derive(Debug, Clone)]
struct Matchers {
    paths: Option<GlobSet>,
    flows: Option<GlobSet>,
    actions: Option<GlobSet>,
}

/// A resource named in the config file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomResource {
    pub name: String,
    /// Audiences (App ID URIs or client IDs) tokens for it carry.
    #[serde(default)]
    pub audiences: Vec<String>,
    /// Hosts it answers on: `api.contoso.com`, or `*.contoso.com` for every subdomain.
    #[serde(default)]
    pub hosts: Vec<toml::Spanned<String>>,
}

impl CustomResource {
    pub fn serves(&self, host: &str) -> bool {
        self.hosts.iter().map(|h| h.get_ref()).any(|h| match h.strip_prefix("*.") {
            Some(suffix) => {
                host.len() > suffix.len() + 1
                    && host.to_ascii_lowercase().ends_with(&format!(".{}", suffix.to_ascii_lowercase()))
            }
            None => host.eq_ignore_ascii_case(h),
        })
    }
    pub fn names(&self, aud: &str) -> bool {
        let norm = |s: &str| s.trim().trim_end_matches('/').to_ascii_lowercase();
        let a = norm(aud);
        let a = a.strip_suffix("/.default").unwrap_or(&a).trim_end_matches('/').to_string();
        self.audiences.iter().any(|x| norm(x) == a)
    }
}

/// Where to look for the config.
#[derive(Debug, Clone, Default)]
pub struct ConfigChoice {
    pub explicit: Option<PathBuf>,
    pub isolated: bool,
}

/// The config file that applies, if any: the one given, else the nearest up from `start`.
pub fn find(choice: &ConfigChoice, start: &Path) -> Option<PathBuf> {
    if let Some(p) = &choice.explicit {
        return Some(p.clone());
    }
    if choice.isolated {
        return None;
    }
    start.ancestors().flat_map(|d| FILE_NAMES.iter().map(move |n| d.join(n))).find(|p| p.is_file())
}

/// Loads the config that applies (none is the default config).
pub fn load(choice: &ConfigChoice) -> Result<Config, Error> {
    load_file(find(choice, &std::env::current_dir().unwrap_or_default()).as_deref())
}

/// Loads a config file found by [`find`] (none is the default config), and sets its limits.
pub fn load_file(found: Option<&Path>) -> Result<Config, Error> {
    match found {
        Some(path) => {
            let mut config = parse(&SourceFile::read(&path.display().to_string())?)?;
            config.dir = path.parent().map(|d| std::path::absolute(d).unwrap_or_else(|_| d.to_path_buf()));
            crate::limits::set(config.limits);
            Ok(config)
        }
        None => {
            crate::limits::set(crate::limits::Limits::default());
            Ok(Config::default())
        }
    }
}

/// Parses a config file's text; errors point at the key or value.
pub fn parse(src: &SourceFile) -> Result<Config, Error> {
    let mut config: Config = toml::from_str(&src.text).map_err(|e| {
        let span = e.span().map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
        Error::at(src, span, format!("invalid config: {}", e.message().trim())).with_help(
            "the config takes fail-on, a [rules] table (rule = \"error\"|\"warning\"|\"info\"|\"off\"), [[ignore]] tables (paths, flows, actions, rules, reason) and [[resources]] tables (name, audiences, hosts) and a [limits] table (file-mb, zip-entries, zip-entry-mb, zip-mb, zip-ratio)",
        )
    })?;
    let at = |s: &toml::Spanned<String>| Span::new(s.span().start, s.span().end);
    let known = |name: &str| NAMES.binary_search(&name).is_ok();
    let unknown_rule = |name: &toml::Spanned<String>| {
        let hint = NAMES
            .iter()
            .copied()
            .min_by_key(|n| strsim::levenshtein(n, name.get_ref()))
            .filter(|n| strsim::levenshtein(n, name.get_ref()) <= 3);
        Error::at(src, at(name), format!("no rule is named \"{}\"", name.get_ref())).with_help(match hint {
            Some(h) => format!("did you mean {h}? `authlint rules` lists them"),
            None => "`authlint rules` lists the rules".to_string(),
        })
    };
    if let Some(key) = config.limits.zero_key() {
        return Err(Error::input(&src.name, format!("[limits] {key} is 0: nothing could be read"))
            .with_help("give a positive number, or leave the key out for the default"));
    }
    if let Some(name) = config.rules.keys().find(|k| !known(k.get_ref())) {
        return Err(unknown_rule(name));
    }
    for (i, ig) in config.ignore.iter_mut().enumerate() {
        if let Some(name) = ig.rules.iter().find(|k| !known(k.get_ref())) {
            return Err(unknown_rule(name));
        }
        if ig.paths.is_empty() && ig.flows.is_empty() && ig.actions.is_empty() && ig.rules.is_empty() {
            return Err(Error::input(&src.name, format!("[[ignore]] number {} selects nothing", i + 1)).with_help(
                "give paths, flows, actions or rules: an ignore that matches everything would hide every finding",
            ));
        }
        let set = |globs: &[toml::Spanned<String>], case_insensitive: bool| -> Result<Option<GlobSet>, Error> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut b = GlobSetBuilder::new();
            for g in globs {
                let one = |pattern: &str| {
                    GlobBuilder::new(pattern).literal_separator(true).case_insensitive(case_insensitive).build()
                };
                let glob = one(g.get_ref()).map_err(|e| {
                    Error::at(src, at(g), format!("invalid glob: {}", e.kind()))
                        .with_help("globs take *, **, ? and [abc]")
                })?;
                b.add(glob);
            }
            b.build().map(Some).map_err(|e| Error::input(&src.name, format!("invalid glob: {e}")))
        };
        // A path glob without `/` matches a file name in any folder, as in .gitignore.
        let paths: Vec<toml::Spanned<String>> = ig
            .paths
            .iter()
            .flat_map(|p| {
                let mut v = vec![p.clone()];
                if !p.get_ref().contains('/') {
                    v.push(toml::Spanned::new(p.span(), format!("**/{}", p.get_ref())));
                }
                v
            })
            .collect();
        ig.compiled = Some(Matchers {
            paths: set(&paths, false)?,
            flows: set(&ig.flows, true)?,
            actions: set(&ig.actions, false)?,
        });
    }
    for r in &config.resources {
        if let Some(h) = r.hosts.iter().find(|h| h.get_ref().contains(['/', ':', ' ']) || h.get_ref().is_empty()) {
            let at = Span::new(h.span().start, h.span().end);
            return Err(Error::at(src, at, format!("\"{}\" is not a host name", h.get_ref()))
                .with_help("write a host like api.contoso.com or *.contoso.com, without scheme or path"));
        }
    }
    Ok(config)
}

impl Config {
    /// The configured severity of a rule, if any.
    pub fn level(&self, rule: &str) -> Option<Level> {
        self.rules.iter().find(|(k, _)| k.get_ref() == rule).map(|(_, v)| *v)
    }

    /// Applies rule severities and ignores to an outcome's findings; counts what was ignored.
    pub fn apply(&self, outcome: &mut Outcome) {
        outcome.fail_on = self.fail_on;
        let before = outcome.diagnostics.len();
        let files = &outcome.files;
        let mut off = 0;
        outcome.diagnostics.retain_mut(|d| {
            match self.level(d.rule) {
                Some(Level::Off) => {
                    off += 1;
                    return false;
                }
                Some(Level::Error) => d.severity = Severity::Error,
                Some(Level::Warning) => d.severity = Severity::Warning,
                Some(Level::Info) => d.severity = Severity::Info,
                None => {}
            }
            !self.ignore.iter().any(|ig| ig.matches(d, &files[d.file].name, self.dir.as_deref()))
        });
        outcome.ignored += before - outcome.diagnostics.len() - off;
    }
}

impl Ignore {
    fn matches(&self, d: &Diagnostic, file: &str, dir: Option<&Path>) -> bool {
        let Some(m) = &self.compiled else { return false };
        let rule = self.rules.is_empty() || self.rules.iter().any(|r| r.get_ref() == d.rule);
        let path = m.paths.as_ref().is_none_or(|set| {
            let name = file.replace('\\', "/");
            let name = name.strip_prefix("./").unwrap_or(&name).to_string();
            // Also relative to the config file's folder, when the file lies under it.
            let (outer, inner) = match name.split_once("!/") {
                Some((o, i)) => (o.to_string(), Some(i)),
                None => (name.clone(), None),
            };
            let relative = dir.and_then(|dir| {
                let abs = std::path::absolute(&outer).ok()?;
                let rel = abs.strip_prefix(dir).ok()?.to_string_lossy().replace('\\', "/");
                Some(match inner {
                    Some(i) => format!("{rel}!/{i}"),
                    None => rel,
                })
            });
            set.is_match(&name) || relative.is_some_and(|r| set.is_match(&r))
        });
        let flow = m.flows.as_ref().is_none_or(|set| d.flow.as_deref().is_some_and(|f| set.is_match(f)));
        let action = m.actions.as_ref().is_none_or(|set| d.action.as_deref().is_some_and(|a| set.is_match(a)));
        rule && path && flow && action
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(s: &str) -> Result<Config, Error> {
        parse(&SourceFile::from_text("authlint.toml", s))
    }

    #[test]
    fn reads_resources() {
        let c = cfg("[[resources]]\nname = \"Orders\"\naudiences = [\"api://orders/\"]\nhosts = [\"orders.contoso.com\", \"*.api.contoso.com\"]\n").unwrap();
        let r = &c.resources[0];
        assert!(r.serves("ORDERS.contoso.com") && r.serves("eu.api.contoso.com") && !r.serves("api.contoso.com"));
        assert!(r.names("api://orders") && r.names("api://orders/.default") && !r.names("api://other"));
    }

    #[test]
    fn unknown_keys_and_bad_hosts_are_errors_with_a_place() {
        let e = cfg("[[resources]]\nname = \"x\"\nhost = [\"a\"]\n").unwrap_err().to_string();
        assert!(e.starts_with("authlint.toml:3:1: invalid config: unknown field `host`"), "{e}");
        let e = cfg("[[resources]]\nname = \"x\"\nhosts = [\"https://a.b\"]\n").unwrap_err().to_string();
        assert!(e.contains("authlint.toml:3:") && e.contains("not a host name"), "{e}");
        let e = cfg("resources = 3").unwrap_err().to_string();
        assert!(e.contains("invalid config"), "{e}");
    }

    #[test]
    fn finds_the_nearest_file_walking_up() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(dir.path().join(".authlint.toml"), "").unwrap();
        assert_eq!(find(&ConfigChoice::default(), &deep), Some(dir.path().join(".authlint.toml")));
        std::fs::write(dir.path().join("a/authlint.toml"), "").unwrap();
        assert_eq!(find(&ConfigChoice::default(), &deep), Some(dir.path().join("a/authlint.toml")));
        assert_eq!(find(&ConfigChoice { explicit: None, isolated: true }, &deep), None);
    }

    fn finding(rule: &'static str, file: usize, flow: Option<&str>, action: Option<&str>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: Severity::Warning,
            message: String::new(),
            help: None,
            file,
            span: Span::new(0, 0),
            label: None,
            secondary: Vec::new(),
            pointer: String::new(),
            flow: flow.map(str::to_string),
            action: action.map(str::to_string),
            fix: None,
        }
    }

    fn outcome(findings: Vec<Diagnostic>) -> Outcome {
        let mut o = Outcome::default();
        o.add_file(SourceFile::from_text("flows/legacy/Old.json", ""));
        o.add_file(SourceFile::from_text("out/Sales_1_0.zip!/Workflows/Sync-1.json", ""));
        o.diagnostics = findings;
        o
    }

    #[test]
    fn rule_levels_change_severity_or_turn_rules_off() {
        let c = cfg("fail-on = \"warning\"\n[rules]\nsecure-inputs-off = \"error\"\nsecure-outputs-off = \"off\"\n")
            .unwrap();
        let mut o = outcome(vec![
            finding("secure-inputs-off", 0, None, None),
            finding("secure-outputs-off", 0, None, None),
            finding("auth-scheme-case", 0, None, None),
        ]);
        c.apply(&mut o);
        let got: Vec<_> = o.diagnostics.iter().map(|d| (d.rule, d.severity)).collect();
        assert_eq!(got, [("secure-inputs-off", Severity::Error), ("auth-scheme-case", Severity::Warning)]);
        assert_eq!((o.fail_on, o.ignored), (Some(Severity::Warning), 0));
    }

    #[test]
    fn ignores_match_when_every_selector_matches() {
        let c = cfg(concat!(
            "[[ignore]]\npaths = [\"flows/legacy/**\"]\n",
            "[[ignore]]\nflows = [\"sales *\"]\nactions = [\"Scope_old/*\"]\nrules = [\"secure-inputs-off\"]\n",
            "[[ignore]]\npaths = [\"Sync-*.json\"]\nrules = [\"expr-syntax\"]\n",
        ))
        .unwrap();
        let mut o = outcome(vec![
            finding("static-token", 0, Some("Old"), Some("HTTP")), // path glob
            finding("secure-inputs-off", 1, Some("Sales sync"), Some("Scope_old/HTTP")), // flow+action+rule
            finding("secure-inputs-off", 1, Some("Sales sync"), Some("Scope_new/HTTP")), // action differs: kept
            finding("secure-outputs-off", 1, Some("Sales sync"), Some("Scope_old/HTTP")), // rule differs: kept
            finding("expr-syntax", 1, Some("Sales sync"), Some("HTTP")), // file name glob inside the zip
            finding("expr-syntax", 0, Some("Old"), None),          // (path glob of entry 1 too)
        ]);
        c.apply(&mut o);
        let kept: Vec<_> = o.diagnostics.iter().map(|d| (d.rule, d.action.clone().unwrap_or_default())).collect();
        assert_eq!(
            kept,
            [("secure-inputs-off", "Scope_new/HTTP".to_string()), ("secure-outputs-off", "Scope_old/HTTP".to_string())]
        );
        assert_eq!(o.ignored, 4);
    }

    #[test]
    fn unknown_rules_empty_ignores_and_bad_globs_are_errors_with_a_place() {
        let e = cfg("[rules]\nsecure-input-off = \"off\"\n").unwrap_err().to_string();
        assert!(e.starts_with("authlint.toml:2:1: no rule is named \"secure-input-off\""), "{e}");
        let e = cfg("[[ignore]]\nrules = [\"nope\"]\n").unwrap_err().to_string();
        assert!(e.starts_with("authlint.toml:2:10:"), "{e}");
        let e = cfg("[rules]\nstatic-token = \"fatal\"\n").unwrap_err().to_string();
        assert!(e.contains("authlint.toml:2:") && e.contains("unknown variant"), "{e}");
        let e = cfg("[[ignore]]\nreason = \"everything\"\n").unwrap_err().to_string();
        assert!(e.contains("selects nothing"), "{e}");
        let e = cfg("[[ignore]]\npaths = [\"a/[b\"]\n").unwrap_err().to_string();
        assert!(e.starts_with("authlint.toml:2:10: invalid glob"), "{e}");
        let e = cfg("fail-on = \"off\"\n").unwrap_err().to_string();
        assert!(e.contains("authlint.toml:1:"), "{e}");
    }
}
