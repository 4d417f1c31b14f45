//! The documentation cannot lie: docs/rules.md is what the rules' doc comments generate, and every
//! example in them produces the finding it documents.

use authlint::check::{CheckOptions, check};
use authlint::lint::{LintOptions, lint};
use authlint::rules::{RULES, docs};

#[test]
fn rules_md_is_current() {
    let want = docs::markdown();
    let path = std::path::Path::new("docs/rules.md");
    if std::env::var_os("AUTHLINT_BLESS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(have == want, "docs/rules.md is stale: run `AUTHLINT_BLESS=1 cargo test --test docs`");
}

#[test]
fn every_rule_has_the_fixed_headings_and_an_example_that_fires() {
    let dir = tempfile::tempdir().unwrap();
    for r in RULES {
        let m = r.meta();
        let doc = m.documentation();
        for h in ["## What it finds", "## Why it breaks the request", "## Example", "## Fix"] {
            assert!(doc.contains(h), "{}: no `{h}` heading", m.name);
        }
        let examples = docs::examples(&doc);
        assert!(!examples.is_empty(), "{}: no ```json example", m.name);
        for (i, ex) in examples.iter().enumerate() {
            let path = dir.path().join(format!("{}-{i}.json", m.name));
            std::fs::write(&path, ex).unwrap();
            let input = path.display().to_string();
            // A definition (an object with triggers and actions) is linted; a request is checked.
            let flow = ex.contains("\"triggers\"") && ex.contains("\"actions\"");
            let out = if flow {
                lint(&LintOptions { paths: vec![input], ..Default::default() })
            } else {
                check(&CheckOptions { inputs: vec![input], ..Default::default() })
            };
            let out = out.unwrap_or_else(|e| panic!("{} example {i} does not parse: {e}", m.name));
            assert!(out.errors.is_empty(), "{} example {i} does not parse: {:?}", m.name, out.errors);
            let rules: Vec<_> = out.diagnostics.iter().map(|d| d.rule).collect();
            assert!(rules.contains(&m.name), "{} example {i} produces {rules:?}, not {}", m.name, m.name);
        }
    }
}
