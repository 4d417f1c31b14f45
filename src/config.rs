//! `authlint.toml` (or `.authlint.toml`): optional, found by walking up from the working directory;
//! `--config FILE` names one, `--isolated` ignores them. Unknown keys are errors with their place.
//!
//! ```toml
//! # Your own APIs, so that audience-mismatch can judge tokens sent to them.
//! [[resources]]
//! name = "Contoso Orders API"
//! audiences = ["api://contoso-orders", "6f1c2b3a-0000-4000-8000-000000000abc"]
//! hosts = ["orders.contoso.com", "*.orders.contoso.com"]
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;
use crate::source::{SourceFile, Span};

/// The names a config file may have, in the order they are looked for in each folder.
pub const FILE_NAMES: &[&str] = &["authlint.toml", ".authlint.toml"];

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// APIs of one's own: their audiences and the hosts requests to them go to.
    #[serde(default)]
    pub resources: Vec<CustomResource>,
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
    let cwd = std::env::current_dir().unwrap_or_default();
    match find(choice, &cwd) {
        Some(path) => parse(&SourceFile::read(&path.display().to_string())?),
        None => Ok(Config::default()),
    }
}

/// Parses a config file's text; errors point at the key or value.
pub fn parse(src: &SourceFile) -> Result<Config, Error> {
    let config: Config = toml::from_str(&src.text).map_err(|e| {
        let span = e.span().map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
        Error::at(src, span, format!("invalid config: {}", e.message().trim()))
            .with_help("the config takes [[resources]] tables with name, audiences and hosts")
    })?;
    for r in &config.resources {
        if let Some(h) = r.hosts.iter().find(|h| h.get_ref().contains(['/', ':', ' ']) || h.get_ref().is_empty()) {
            let at = Span::new(h.span().start, h.span().end);
            return Err(Error::at(src, at, format!("\"{}\" is not a host name", h.get_ref()))
                .with_help("write a host like api.contoso.com or *.contoso.com, without scheme or path"));
        }
    }
    Ok(config)
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
}
