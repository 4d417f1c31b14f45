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
    // A synthetic delegated Graph token (fake signature): an opaque one would be bearer-not-jwt.
    let req = r#""inputs": {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJpYXQiOjE3NjcyMjU2MDAsIm5iZiI6MTc2NzIyNTYwMCwiZXhwIjo0MTAyNDQ5MzAwLCJhcHBpZCI6IjBiNGMxYTllLTVkMmYtNGU4YS05YzMxLTdhNmYyZTFkMGM5YiIsInNjcCI6IlVzZXIuUmVhZCIsInVwbiI6Im1lZ2FuLmJvd2VuQGNvbnRvc28uZXhhbXBsZSIsInRpZCI6IjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMCJ9.ZmFrZS1zaWduYXR1cmU"}}"#;
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

/// The advice speaks of what the request sends and what the server said (issue 20, points 2, 3 and 5):
/// each fixture's fix holds the words that matter and none of those meant for another situation. Near
/// misses (existing fixtures) keep their general advice.
#[test]
fn fixes_speak_of_what_the_request_sends() {
    // (fixture, words the fix must hold, words it must not hold)
    let cases: &[(&str, &[&str], &[&str])] = &[
        // Point 2: the general 401 advice in the credential's own terms.
        ("unknown-401/managed_identity_to_own_api.json", &["Managed identity", "Audience"], &["Bearer, one space"]),
        ("unknown-401/ad_oauth_to_own_api.json", &["Active Directory OAuth", "Client ID"], &["Bearer, one space"]),
        ("unknown-401/basic_header_to_own_api.json", &["Basic credential", "line break"], &["Bearer"]),
        ("unknown-401/sas_signature_only.json", &["shared access signature", "no Authorization header"], &["Bearer"]),
        (
            "unknown-401/token_request_json_body_as_form.json",
            &["JSON object", "grant_type=client_credentials"],
            &["Bearer"],
        ),
        (
            "unknown-401/graph_generic_invalid_token.json",
            &["Bearer, one space", "authlint token"],
            &["Managed identity"],
        ),
        (
            "credentials-missing/trigger_sas_only_bearer_sent.json",
            &["send no Authorization header"],
            &["add the header"],
        ),
        (
            "credentials-missing/async_poll_lost_the_header.json",
            &["Asynchronous pattern", "Location"],
            &["set the HTTP action's Authentication"],
        ),
        ("credentials-missing/no_header_to_graph.json", &["Send a credential"], &["Asynchronous pattern"]),
        // Point 3: server messages with their own fix.
        ("permission-missing/o365_management_af10001_401.json", &["ActivityFeed.Read", "Grant admin consent"], &[]),
        ("permission-missing/graph_neither_scp_nor_roles.json", &["roles claim", "appRoleAssignments"], &[]),
        ("credentials-missing/log_analytics_authorization_required.json", &["https://api.loganalytics.io"], &[]),
        ("header-malformed/atlassian_basic_with_password.json", &["API token", "email:api_token"], &[]),
        ("audience-mismatch/connector_502_resource_encoded_twice.json", &["percent-encoded twice"], &[]),
        ("audience-mismatch/aadsts_resource_not_found.json", &[], &["percent-encoded twice"]),
        ("permission-missing/dataverse_app_access_restricted.json", &["not a security role", "application ID"], &[]),
        // Point 5: a managed identity's application permission is an app role assignment, named.
        (
            "permission-missing/managed_identity_graph_users.json",
            &["no API permissions page", "New-MgServicePrincipalAppRoleAssignment", "User.Read.All"],
            &["API permissions →"],
        ),
        ("permission-missing/graph_authorization_request_denied.json", &[], &["no API permissions page"]),
    ];
    let mut failures = Vec::new();
    for (file, want, not) in cases {
        let out = run(&Path::new("tests/verdicts").join(file));
        let Some((_, v)) = out.verdicts.first() else {
            failures.push(format!("{file}: no verdict"));
            continue;
        };
        for w in *want {
            if !v.fix.contains(w) {
                failures.push(format!("{file}: the fix lacks {w:?}: {}", v.fix));
            }
        }
        for n in *not {
            if v.fix.contains(n) {
                failures.push(format!("{file}: the fix holds {n:?}: {}", v.fix));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// A 403 with an empty body says how little it rests on (point 5); one with the server's words does not.
#[test]
fn an_empty_403_says_its_evidence_is_weak() {
    let out = run(Path::new("tests/verdicts/permission-missing/empty_body_403_graph.json"));
    let v = &out.verdicts[0].1;
    assert!(v.evidence[0].contains("no body"), "{:?}", v.evidence);
    assert!(v.summary.contains("inferred from the URL"), "{}", v.summary);
    let out = run(Path::new("tests/verdicts/permission-missing/graph_authorization_request_denied.json"));
    let v = &out.verdicts[0].1;
    assert!(!v.summary.contains("inferred") && v.evidence.iter().all(|e| !e.contains("no body")), "{v:?}");
}
