//! A rule's identity and metadata, and the catalogue of every rule's name: what the layers below the
//! rules (the config, the renderers) know of them without their code.

use crate::vocab::severity::Severity;

/// What the registry knows of a rule.
#[derive(Debug)]
pub struct RuleMeta {
    pub name: &'static str,
    pub severity: Severity,
    /// One line for `authlint rules`.
    pub summary: &'static str,
    /// The doc comment: What it finds / Why it breaks the request / Example / Fix.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The documentation with the one leading space of each doc-comment line removed.
    pub fn documentation(&self) -> String {
        self.doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n").trim().to_string()
    }
}

/// What the registry knows of a rule; implemented by [`declare_rule!`].
pub trait Meta {
    fn meta(&self) -> &'static RuleMeta;
}

/// The name of every rule, sorted: read by build.rs from the `declare_rule!` blocks of src/rules/ (the
/// registry `rules::RULES` holds the same names, checked by a test there).
pub const NAMES: &[&str] = include!(concat!(env!("OUT_DIR"), "/rule_names.rs"));
