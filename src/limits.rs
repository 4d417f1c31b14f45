//! Resource limits: the largest input authlint reads, and a zip's bounds. The defaults hold any real
//! export with room to spare; a `[limits]` table in authlint.toml raises them for a project, and
//! `AUTHLINT_MAX_FILE_MB` raises the file size for one run. Expressions nest at most
//! [`crate::input::expr::MAX_DEPTH`] calls deep and JSON as deep as the parser allows: no real flow
//! comes near either, so they have no override.

use std::sync::RwLock;

use serde::Deserialize;

/// The limits a run reads within.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Limits {
    /// The largest file (or standard input) read, in MiB.
    pub file_mb: u64,
    /// The most entries a zip may hold.
    pub zip_entries: usize,
    /// The most one zip entry may inflate to, in MiB.
    pub zip_entry_mb: u64,
    /// The most all of a zip's entries may inflate to, in MiB.
    pub zip_mb: u64,
    /// The highest inflated-to-compressed ratio of an entry (zip bombs go far beyond).
    pub zip_ratio: u64,
}

/// The defaults: any real export fits with room to spare.
const DEFAULT: Limits = Limits { file_mb: 256, zip_entries: 20_000, zip_entry_mb: 64, zip_mb: 512, zip_ratio: 200 };

impl Default for Limits {
    fn default() -> Limits {
        DEFAULT
    }
}

impl Limits {
    /// The first limit set to zero, by its config key (a zero limit would refuse everything).
    pub fn zero_key(&self) -> Option<&'static str> {
        [
            ("file-mb", self.file_mb == 0),
            ("zip-entries", self.zip_entries == 0),
            ("zip-entry-mb", self.zip_entry_mb == 0),
            ("zip-mb", self.zip_mb == 0),
            ("zip-ratio", self.zip_ratio == 0),
        ]
        .into_iter()
        .find_map(|(k, zero)| zero.then_some(k))
    }
}

/// How deeply the symbolic evaluator (`eval/`) follows expressions, variables and parameters into
/// each other before the value is unknown.
pub const EVAL_DEPTH: usize = 32;
/// The most alternatives a value keeps (both branches of every `if()`, every assignment of a
/// variable); past it the value is unknown.
pub const EVAL_ALTERNATIVES: usize = 16;
/// The longest known text, in bytes, the evaluator builds; past it the value is unknown.
pub const EVAL_TEXT: usize = 64 * 1024;

static CURRENT: RwLock<Limits> = RwLock::new(DEFAULT);

/// Sets the limits of this run (from the config that applies).
pub fn set(limits: Limits) {
    *CURRENT.write().unwrap_or_else(|e| e.into_inner()) = limits;
}

/// The limits of this run: the config's, with `AUTHLINT_MAX_FILE_MB` over its file size.
pub fn current() -> Limits {
    let mut l = *CURRENT.read().unwrap_or_else(|e| e.into_inner());
    if let Some(mb) = std::env::var("AUTHLINT_MAX_FILE_MB").ok().and_then(|v| v.trim().parse::<u64>().ok())
        && mb > 0
    {
        l.file_mb = mb;
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_static_default_is_the_default() {
        assert_eq!(*CURRENT.read().unwrap(), Limits::default());
    }

    #[test]
    fn a_zero_limit_is_named() {
        assert_eq!(Limits::default().zero_key(), None);
        assert_eq!(Limits { zip_ratio: 0, ..Limits::default() }.zero_key(), Some("zip-ratio"));
    }
}
