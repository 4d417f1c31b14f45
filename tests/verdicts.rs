//! Verdicts: `tests/verdicts/<cause>/*.json` (run-history wrappers, inputs + outputs) must produce that
//! cause; every cause of SPEC.md has a fixture and a sample; malformed outputs are handled; and the text
//! verdict of every sample is a reviewed snapshot.

use std::path::{Path, PathBuf};

use authlint::check::{CheckOptions, check};
use authlint::diagnostic::Outcome;
use authlint::report::{Format, Options, render};
use authlint::triage::Cause;

fn run(path: &Path) -> Outcome {
    let opts = CheckOptions { inputs: vec![path.display().to_string()], ..Default::default() };
    let out = check(&opts).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(out.errors.is_empty(), "{}: {:?}", path.display(), out.errors);
    out
}

/// The samples that are run-history documents `check` takes (outputs alone are for --response).
fn checkable_samples() -> Vec<PathBuf> {
    json_files(Path::new("samples"))
        .into_iter()
        .filter(|f| {
            check(&CheckOptions { inputs: vec![f.display().to_string()], ..Default::default() })
                .is_ok_and(|o| o.errors.is_empty())
        })
        .collect()
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(json_files(&p));
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn every_fixture_produces_its_cause() {
    let mut failures = Vec::new();
    for f in json_files(Path::new("tests/verdicts")) {
        let want = f.parent().unwrap().file_name().unwrap().to_string_lossy().to_string();
        let out = run(&f);
        let got = out.verdicts.first().map(|(_, v)| v.cause.name());
        if got.as_deref() != Some(want.as_str()) {
            failures.push(format!("{}: expected {want}, got {got:?}", f.display()));
        }
        let name = f.file_name().unwrap().to_string_lossy();
        let disagrees = out.verdicts.first().is_some_and(|(_, v)| v.disagreement.is_some());
        if name.contains("disagreement") != disagrees {
            failures.push(format!("{}: disagreement {}expected", f.display(), if disagrees { "not " } else { "" }));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_cause_has_a_fixture_and_a_sample() {
    let samples: Vec<String> =
        checkable_samples().iter().flat_map(|f| run(f).verdicts.into_iter().map(|(_, v)| v.cause.name())).collect();
    for cause in Cause::ALL {
        let name = cause.name();
        let dir = Path::new("tests/verdicts").join(&name);
        assert!(dir.is_dir() && !json_files(&dir).is_empty(), "no fixture for {name}");
        assert!(samples.contains(&name), "no sample produces {name}");
    }
}

#[test]
fn a_server_that_says_expired_about_a_valid_token_is_a_disagreement() {
    let out = run(Path::new("tests/verdicts/token-expired/disagreement_exp_in_the_future.json"));
    let v = &out.verdicts[0].1;
    let d = v.disagreement.as_deref().unwrap();
    assert!(d.contains("revoked") && d.contains("clock"), "{d}");
    assert!(v.evidence.iter().any(|e| e.contains("expired or is not yet valid")), "{:?}", v.evidence);
}

#[test]
fn malformed_outputs_are_handled_without_panic_and_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let req = r#""inputs": {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer abcdefghijklmnop0123"}}"#;
    let cases: &[(&str, Result<&str, &str>)] = &[
        (
            r#"{"statusCode": "401", "body": "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token has expired or is not yet valid.\"}}"}"#,
            Ok("token-expired"),
        ),
        (r#"{"statusCode": 401}"#, Ok("unknown-401")),
        (r#"{"statusCode": 403, "headers": {}, "body": null}"#, Ok("permission-missing")),
        (r#"{"statusCode": 401, "headers": {"WWW-Authenticate": "Bearer ,=,\""}, "body": [1, 2]}"#, Ok("unknown-401")),
        (r#"{"statusCode": 404, "body": {"error": {"code": "NotFound"}}}"#, Err("not an authorization failure")),
        (r#"{"headers": {"Date": "Thu, 01 Jan 2026 00:30:00 GMT"}}"#, Err("no statusCode")),
    ];
    for (i, (outputs, want)) in cases.iter().enumerate() {
        let p = dir.path().join(format!("case{i}.json"));
        std::fs::write(&p, format!("{{{req}, \"outputs\": {outputs}}}")).unwrap();
        let out = run(&p);
        match want {
            Ok(cause) => {
                assert_eq!(out.verdicts.first().map(|(_, v)| v.cause.name()).as_deref(), Some(*cause), "case {i}")
            }
            Err(note) => {
                assert!(out.verdicts.is_empty(), "case {i}");
                assert!(out.notes.iter().any(|n| n.message.contains(note)), "case {i}: {:?}", out.notes);
            }
        }
    }
    // A status that is no HTTP status is an input error with its place.
    let p = dir.path().join("bad.json");
    std::fs::write(&p, format!("{{{req}, \"outputs\": {{\"statusCode\": \"Unauthorized\"}}}}")).unwrap();
    let out = check(&CheckOptions { inputs: vec![p.display().to_string()], ..Default::default() }).unwrap();
    let e = out.errors[0].to_string();
    assert!(e.contains(":1:") && e.contains("statusCode"), "{e}");
}

#[test]
fn sample_verdicts_read_as_advice() {
    let opts = Options { color: false, show_secrets: false, width: 100 };
    for f in checkable_samples() {
        let out = run(&f);
        if out.verdicts.is_empty() {
            continue;
        }
        let text = render(&out, Format::Text, &opts);
        let verdict: String = text.lines().take_while(|l| !l.is_empty()).map(|l| format!("{l}\n")).collect();
        let name = f.strip_prefix("samples").unwrap().display().to_string().replace(['/', '\\'], "__");
        insta::assert_snapshot!(format!("verdict{name}"), verdict);
    }
}
