//! authlint against real public files nobody here wrote (../shared/corpus, or $AUTHLINT_CORPUS).
//! Skipped, saying so, when the corpus is not there.

use std::path::PathBuf;

use authlint::check::{CheckOptions, check};
use authlint::error::Error;

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("AUTHLINT_CORPUS").map_or_else(|| PathBuf::from("../shared/corpus"), PathBuf::from);
    if dir.is_dir() {
        Some(dir)
    } else {
        // Written past the test harness's capture, so a skip is always visible.
        let msg = format!("corpus tests skipped: no corpus at {} (set AUTHLINT_CORPUS)\n", dir.display());
        let _ = std::io::Write::write_all(&mut std::io::stderr(), msg.as_bytes());
        None
    }
}

/// Checks one file; an input that cannot be used comes back as its error.
fn run(path: &std::path::Path) -> Result<authlint::diagnostic::Outcome, Error> {
    let mut out = check(&CheckOptions { inputs: vec![path.display().to_string()], ..Default::default() })?;
    if out.errors.is_empty() { Ok(out) } else { Err(out.errors.remove(0)) }
}

fn files(dir: PathBuf) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

#[test]
fn a_real_http_action_with_managed_identity_reads_as_inputs() {
    let Some(c) = corpus() else { return };
    let out = run(&c.join("raw/gh-Azure-logicapps-1489__http-action-msi-graph.inputs.json")).unwrap();
    let rules: Vec<_> = out.diagnostics.iter().map(|d| (d.rule, d.pointer.as_str())).collect();
    // Managed identity is a credential: nothing is missing. The file is the action's code view
    // ({"type": "Http", "inputs"}), a definition: its expression in the URI is evaluated as lint does
    // (issue 20, point 7), not reported as template text left unevaluated.
    assert!(!rules.iter().any(|(r, _)| *r == "auth-missing"), "{rules:?}");
    assert!(rules.is_empty(), "{rules:?}");
    assert!(out.notes.iter().any(|n| n.message.contains("code view")), "{:?}", out.notes);
}

#[test]
fn every_raw_file_is_read_or_refused_with_its_name_and_place() {
    let Some(c) = corpus() else { return };
    let mut refused = 0;
    for path in files(c.join("raw")) {
        match run(&path) {
            Ok(_) => {}
            Err(e) => {
                refused += 1;
                let msg = e.to_string();
                let name = path.display().to_string();
                assert!(msg.contains(&name), "{msg}");
                if let Error::Input(ie) = &e {
                    assert!(ie.at.is_some() || ie.help.is_some(), "{name}: no place and no help: {msg}");
                }
            }
        }
    }
    assert!(refused > 0, "the corpus holds bodies and fragments that are not raw inputs");
}

#[test]
fn fragments_and_pasted_noise_get_a_precise_help() {
    let Some(c) = corpus() else { return };
    let Err(Error::Input(e)) = run(&c.join("raw/azure-docs__http-action-auth-basic.fragment.json")) else {
        panic!("a fragment is refused")
    };
    assert!(e.help.as_deref().unwrap_or("").contains("fragment"), "{:?}", e.help);
    let Err(Error::Input(e)) = run(&c.join("raw/gh-BakkerJan-M365Portal-1__power-automate-http-403.txt")) else {
        panic!("noise is refused")
    };
    assert!(e.help.as_deref().unwrap_or("").contains("before the first {"), "{:?}", e.help);
}

#[test]
fn other_kinds_of_files_are_named_for_what_they_are() {
    let Some(c) = corpus() else { return };
    let mut named = 0;
    for path in files(c.join("flows")).into_iter().chain(files(c.join("postman"))) {
        if path.extension().is_some_and(|e| e == "zip") {
            let Err(e) = run(&path) else { panic!("{} is not raw inputs", path.display()) };
            assert!(e.to_string().contains("zip archive"), "{e}");
            continue;
        }
        let Err(e) = run(&path) else { panic!("{} is not raw inputs", path.display()) };
        let msg = e.to_string();
        assert!(msg.contains("authlint check expects") || msg.contains("invalid JSON"), "{}: {msg}", path.display());
        if ["Postman collection", "flow definition", "ARM template"].iter().any(|k| msg.contains(k)) {
            named += 1;
        }
    }
    assert!(named >= 20, "only {named} files were named as collections, definitions or templates");
}

/// The rules each public token triggers when judged at 2020-01-01 (after all of them were issued).
#[test]
fn public_tokens_decode_and_their_defects_are_named() {
    let Some(c) = corpus() else { return };
    let expect: &[(&str, &[&str], &str)] = &[
        (
            "ms-docs-azure-docs__access-token-v1-sample.jwt.txt",
            &["jwt-expired", "jwt-malformed"],
            "an access token, delegated",
        ),
        ("msal-js__CACHE_IDTOKEN.jwt.txt", &["jwt-id-token"], "an ID token"),
        ("msal-js__IDTOKEN_V1.jwt.txt", &["jwt-expired", "jwt-id-token", "jwt-malformed"], "an ID token"),
        ("msal-js__ID_TOKEN_V2_GUEST.jwt.txt", &["jwt-expired", "jwt-id-token"], "an ID token"),
        ("msal-js__SAMPLE_MALFORMED_JWT.jwt.txt", &["jwt-malformed"], "an access token"),
        ("msal-js__SAMPLE_POP_AT.jwt.txt", &[], "an access token"),
        ("pyjwt__aud-is-number.jwt.txt", &["jwt-malformed"], "an access token"),
        ("pyjwt__auth0-rs256-client-credentials.jwt.txt", &["jwt-expired"], "app-only"),
        ("pyjwt__exp-not-an-int.jwt.txt", &["jwt-malformed"], "an access token"),
        ("pyjwt__hs256-alg-confusion.jwt.txt", &[], "an access token"),
        ("pyjwt__kid-is-integer.jwt.txt", &["jwt-malformed"], "an access token"),
        ("pyjwt__missing-signature-segment.jwt.txt", &["jwt-malformed"], "an access token"),
        ("pyjwt__payload-not-json-hello-world.jws.txt", &["jwt-malformed"], "claims could not be read"),
    ];
    let files = files(c.join("jwt"));
    assert_eq!(files.len(), expect.len(), "the corpus's jwt/ folder changed");
    for (name, rules, summary) in expect {
        let tok = std::fs::read_to_string(c.join("jwt").join(name)).unwrap();
        let opts = authlint::token::TokenOptions {
            token: tok,
            now: Some("2020-01-01T00:00:00Z".parse().unwrap()),
            ..Default::default()
        };
        let r = authlint::token::token(&opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut found: Vec<&str> = r.outcome.diagnostics.iter().map(|d| d.rule).collect();
        found.dedup();
        assert_eq!(&found, rules, "{name}");
        let s = authlint::claims::summary(&r.jwt);
        assert!(s.contains(summary), "{name}: {s}");
    }
}

/// Real error bodies, given as the outputs of a request to the service that sent them.
#[test]
fn real_error_bodies_lead_to_their_verdicts() {
    let Some(c) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str, u16, &str)] = &[
        (
            "raw/gh-Azure-logicapps-1327__authenticationfailed-header-missing.json",
            "https://management.azure.com/subscriptions?api-version=2020-01-01",
            401,
            "credentials-missing",
        ),
        (
            "raw/ms-qna-42679__logicapp-authorizationfailed-shared-access-key.json",
            "https://prod-01.westeurope.logic.azure.com/workflows/x/triggers/manual/paths/invoke?api-version=2016-06-01&sig=x",
            403,
            "permission-missing",
        ),
    ];
    for (file, uri, status, cause) in cases {
        let body = std::fs::read_to_string(c.join(file)).unwrap();
        let doc = format!(
            "{{\"inputs\": {{\"method\": \"GET\", \"uri\": \"{uri}\"}}, \"outputs\": {{\"statusCode\": {status}, \"body\": {body}}}}}"
        );
        let p = dir.path().join("run.json");
        std::fs::write(&p, doc).unwrap();
        let out = run(&p).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(out.verdicts.first().map(|(_, v)| v.cause.name()).as_deref(), Some(*cause), "{file}");
    }
    // Each line of the connector's documented known errors is read without panic; the 403s are permission-missing.
    let lines =
        std::fs::read_to_string(c.join("raw/ms-connectors-webcontents__http-with-azure-ad-known-errors.ndjson"))
            .unwrap();
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        let doc = format!(
            "{{\"inputs\": {{\"method\": \"GET\", \"uri\": \"https://graph.microsoft.com/v1.0/me\", \"headers\": {{\"Authorization\": \"Bearer opaque-0123456789abcdef\"}}}}, \"outputs\": {{\"statusCode\": 403, \"body\": {line}}}}}"
        );
        let p = dir.path().join("line.json");
        std::fs::write(&p, doc).unwrap();
        let out = run(&p).unwrap();
        assert_eq!(out.verdicts.first().map(|(_, v)| v.cause.name()).as_deref(), Some("permission-missing"), "{line}");
    }
}

/// Every public Postman collection parses and every request resolves; environments read as such.
#[test]
fn every_public_postman_collection_parses() {
    let Some(c) = corpus() else { return };
    use authlint::input::postman::{Collection, Variables, environment};
    let (mut collections, mut requests, mut environments) = (0, 0, 0);
    for path in files(c.join("postman")) {
        let p = path.display().to_string();
        if p.contains("environment") {
            environment(&p).unwrap_or_else(|e| panic!("{p}: {e}"));
            environments += 1;
            continue;
        }
        let col = Collection::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"));
        for e in col.entries() {
            let r = col.resolve(&e, &Variables::default(), &Variables::default());
            assert!(!r.method.is_empty(), "{p}: {}", e.path);
            requests += 1;
        }
        collections += 1;
    }
    let msg = format!("postman corpus: {collections} collections, {requests} requests, {environments} environments\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr(), msg.as_bytes());
    assert!(collections >= 13 && requests > 100, "{msg}");
}
