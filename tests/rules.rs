//! Rule fixtures: `tests/fixtures/<rule>/err_*.json` must trigger the rule, `ok_*.json` must not, and
//! the text rendering of every `err_*` fixture is a reviewed snapshot.

use std::path::Path;

use authlint::check::{CheckOptions, check};
use authlint::diagnostic::Outcome;
use authlint::lint::{LintOptions, lint};
use authlint::report::{Format, Options, render};
use authlint::rules::RULES;

/// Every fixture is judged at this time (fixture tokens are issued at 00:00 and live 75 minutes).
const FIXTURE_NOW: &str = "2026-01-01T00:30:00Z";

/// Whether a fixture is a flow definition (judged by `lint`) rather than a request (judged by `check`).
fn is_flow(path: &Path) -> bool {
    let src =
        authlint::source::SourceFile::from_bytes(path.display().to_string(), &std::fs::read(path).unwrap()).unwrap();
    authlint::input::json::parse(&src).is_ok_and(|j| !authlint::input::definition::flows(&j, None).is_empty())
}

fn run(path: &Path) -> Outcome {
    let input = path.to_string_lossy().replace('\\', "/");
    let now = Some(FIXTURE_NOW.parse().unwrap());
    let out = if is_flow(path) {
        lint(&LintOptions { paths: vec![input], now, ..Default::default() })
    } else {
        check(&CheckOptions { inputs: vec![input], now, ..Default::default() })
    };
    let out = out.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(out.errors.is_empty(), "{}: {:?}", path.display(), out.errors);
    out
}

fn fixtures(rule: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new("tests/fixtures").join(rule);
    let mut v: Vec<_> = std::fs::read_dir(&dir).map(|d| d.map(|e| e.unwrap().path()).collect()).unwrap_or_default();
    v.sort();
    v
}

#[test]
fn every_rule_has_a_triggering_fixture_and_a_near_miss() {
    for rule in RULES {
        let name = rule.meta().name;
        let files = fixtures(name);
        let has = |prefix: &str| files.iter().any(|f| f.file_name().unwrap().to_string_lossy().starts_with(prefix));
        assert!(has("err_"), "{name}: no tests/fixtures/{name}/err_*.json");
        assert!(has("ok_"), "{name}: no tests/fixtures/{name}/ok_*.json");
    }
}

#[test]
fn err_fixtures_trigger_their_rule_and_ok_fixtures_do_not() {
    let mut failures = Vec::new();
    for rule in RULES {
        let name = rule.meta().name;
        for f in fixtures(name) {
            let file = f.file_name().unwrap().to_string_lossy().to_string();
            let found: Vec<_> = run(&f).diagnostics.iter().map(|d| d.rule).collect();
            let fired = found.contains(&name);
            if file.starts_with("err_") && !fired {
                failures.push(format!("{}: expected {name}, found {found:?}", f.display()));
            }
            if file.starts_with("ok_") && fired {
                failures.push(format!("{}: {name} fired on a near-miss", f.display()));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn ok_fixtures_of_clean_requests_have_no_errors_at_all() {
    // The near-misses that are whole, clean requests must not trip any other rule either.
    for f in [
        "auth-quoted/ok_apostrophe_free.json",
        "auth-separator/ok_one_space.json",
        "basic-plaintext/ok_encoded.json",
        "uri-unevaluated/ok_odata_dollar.json",
    ] {
        let out = run(&Path::new("tests/fixtures").join(f));
        assert!(out.diagnostics.is_empty(), "{f}: {:?}", out.diagnostics);
    }
}

#[test]
fn text_output_snapshots() {
    let opts = Options { color: false, show_secrets: false, width: 100 };
    insta::glob!("fixtures/*/err_*.json", |path| {
        let rel = path.strip_prefix(std::env::current_dir().unwrap()).unwrap();
        let outcome = run(rel);
        insta::assert_snapshot!(render(&outcome, Format::Text, &opts));
    });
}
