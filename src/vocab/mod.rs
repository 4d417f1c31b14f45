//! The vocabulary the layers share, at the bottom: the causes and the verdict, severities, and what
//! names a rule. Computed above, by `triage/` and the rules.

pub mod rule;
pub mod severity;
pub mod verdict;

pub use rule::{Meta, RuleMeta};
pub use severity::Severity;
pub use verdict::{Cause, System, Verdict};
