//! The machine formats (`sarif`, `github`, `azure`, `gitlab`, `junit`): golden files, the SARIF schema, escaping,
//! archive entries and inputs without findings.
//!
//! `tests/formats/sarif-schema-2.1.0.json` is the OASIS SARIF 2.1.0 schema (JSON Schema draft-07), copied
//! unchanged from the repository `oasis-tcs/sarif-spec`, file
//! `Documents/CommitteeSpecifications/2.1.0/sarif-schema-2.1.0.json` at commit
//! 3682e9ee648f2f3e11ba1fcd47fc390a0b8f9dab (112,318 bytes; its `$id` is
//! `https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json`, the schema
//! that json.schemastore.org serves as `sarif-2.1.0.json`).
//!
//! Goldens: `AUTHLINT_BLESS=1 cargo test --test formats` rewrites `tests/formats/golden.*`; review the diff.

use std::path::PathBuf;

use authlint::check::{CheckOptions, check};
use authlint::config::ConfigChoice;
use authlint::diagnostic::{Diagnostic, Outcome, Severity};
use authlint::report::{Format, Options, render};
use authlint::source::{SourceFile, Span};
use serde_json::Value;

const OPTS: Options = Options { color: false, show_secrets: false, width: 100 };

fn run(inputs: &[&str]) -> Outcome {
    check(&CheckOptions {
        inputs: inputs.iter().map(|s| s.to_string()).collect(),
        now: Some("2026-11-10T10:05:00Z".parse().unwrap()),
        // No config file from the directory the tests run in.
        config: ConfigChoice { explicit: None, isolated: true },
        ..Default::default()
    })
    .expect("the samples can be checked")
}

fn samples() -> Outcome {
    run(&["samples/quoted-token.json", "samples/missing-space.json", "samples/sanitized-header.json"])
}

fn golden(format: Format, ext: &str) {
    let mut actual = render(&samples(), format, &OPTS);
    if format == Format::Sarif {
        // The rule descriptors are the whole registry with its documentation, which changes with every rule
        // (`sarif_rules_come_from_the_registry` checks them), and the version changes with every release
        // (`sarif_matches_the_schema` checks it). The golden holds everything else.
        let mut log: Value = serde_json::from_str(&actual).unwrap();
        let driver = &mut log["runs"][0]["tool"]["driver"];
        driver["version"] = "CARGO_PKG_VERSION".into();
        driver["rules"] = "one descriptor per rule of authlint::rules::RULES".into();
        actual = serde_json::to_string_pretty(&log).unwrap() + "\n";
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/formats").join(format!("golden.{ext}"));
    if std::env::var_os("AUTHLINT_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (AUTHLINT_BLESS=1 writes it)", path.display()));
    if actual != expected {
        let at = actual.lines().zip(expected.lines()).position(|(a, e)| a != e);
        let line = at.unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
        panic!(
            "{} differs from the output at line {}:\n  golden: {:?}\n  output: {:?}\n(AUTHLINT_BLESS=1 rewrites it)",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn sarif_golden() {
    golden(Format::Sarif, "sarif");
}

#[test]
fn github_golden() {
    golden(Format::Github, "github.txt");
}

#[test]
fn azure_golden() {
    golden(Format::Azure, "azure.txt");
}

#[test]
fn gitlab_golden() {
    golden(Format::Gitlab, "gitlab.json");
}

#[test]
fn junit_golden() {
    golden(Format::Junit, "junit.xml");
}

fn sarif_validator() -> jsonschema::Validator {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/formats/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options().should_validate_formats(true).build(&schema).expect("the SARIF schema compiles")
}

fn assert_valid_sarif(sarif: &str) -> Value {
    let log: Value = serde_json::from_str(sarif).expect("SARIF is JSON");
    let validator = sarif_validator();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF does not match the 2.1.0 schema:\n{}", errors.join("\n"));
    log
}

#[test]
fn sarif_matches_the_schema() {
    let log = assert_valid_sarif(&render(&samples(), Format::Sarif, &OPTS));
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), authlint::rules::RULES.len());
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(run["tool"]["driver"]["rules"][index]["id"], result["ruleId"]);
    }
}

#[test]
fn sarif_rules_come_from_the_registry() {
    let log: Value = serde_json::from_str(&render(&Outcome::default(), Format::Sarif, &OPTS)).unwrap();
    let descriptors = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(descriptors.len(), authlint::rules::RULES.len());
    for (d, rule) in descriptors.iter().zip(authlint::rules::RULES) {
        let m = rule.meta();
        let level = match m.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        assert_eq!(d["id"], m.name);
        assert_eq!(d["shortDescription"]["text"], m.summary);
        assert_eq!(d["help"]["markdown"], m.documentation());
        assert_eq!(d["help"]["text"], m.documentation());
        assert_eq!(d["defaultConfiguration"]["level"], level);
        let full = d["fullDescription"]["text"].as_str().unwrap();
        assert!(!full.is_empty() && !full.contains('\n') && !full.contains("##"), "{}: {full}", m.name);
    }
    let quoted = descriptors.iter().find(|d| d["id"] == "auth-quoted").unwrap();
    assert_eq!(
        quoted["fullDescription"]["text"],
        "Quotes around the Authorization value or around its credential: `\"Bearer eyJ…\"`, `Bearer \"eyJ…\"`, \
         escaped quotes (`\\\"`), single quotes, backticks and typographic quotes (“ ” ‘ ’)."
    );
}

#[test]
fn the_schema_rejects_what_code_scanning_would() {
    // The validator is not vacuous: a result without a message and a bad level are refused.
    let mut log: Value = serde_json::from_str(&render(&samples(), Format::Sarif, &OPTS)).unwrap();
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    log["runs"][0]["results"][1].as_object_mut().unwrap().remove("message");
    assert!(!sarif_validator().is_valid(&log));
}

/// One finding in a file of the given name and text, at the given byte range.
fn outcome_with(name: &str, text: &str, span: Span, message: &str, help: Option<&str>) -> Outcome {
    let mut outcome = Outcome::default();
    let file = outcome.add_file(SourceFile::from_text(name, text));
    outcome.diagnostics.push(Diagnostic {
        rule: "auth-quoted",
        severity: Severity::Error,
        message: message.to_string(),
        help: help.map(str::to_string),
        file,
        span,
        label: None,
        secondary: Vec::new(),
        pointer: "/headers/Authorization".to_string(),
        flow: None,
        action: None,
        fix: None,
    });
    outcome
}

const ENTRY_TEXT: &str = "{\n  \"headers\": {\n    \"Authorization\": \"\\\"Bearer x\\\"\"\n  }\n}\n";

#[test]
fn sarif_reports_an_archive_entry_on_the_archive() {
    let outcome = outcome_with(
        "solution.zip!/Workflows/flow.json",
        ENTRY_TEXT,
        Span::new(39, 41),
        "wrapped in quotes",
        Some("fix"),
    );
    let log = assert_valid_sarif(&render(&outcome, Format::Sarif, &OPTS));
    let run = &log["runs"][0];
    let result = &run["results"][0];
    let location = &result["locations"][0];
    assert_eq!(location["physicalLocation"]["artifactLocation"]["uri"], "solution.zip");
    assert!(location["physicalLocation"].get("region").is_none(), "an entry's lines are not the archive's");
    assert_eq!(location["logicalLocations"][0]["name"], "Workflows/flow.json");
    assert_eq!(location["logicalLocations"][0]["fullyQualifiedName"], "solution.zip!/Workflows/flow.json");
    assert_eq!(result["properties"]["archiveEntry"], "Workflows/flow.json");
    assert_eq!(result["message"]["text"], "wrapped in quotes (in Workflows/flow.json, line 3, column 23)\n\nfix");
    assert_eq!(run["artifacts"][0]["location"]["uri"], "solution.zip");

    let github = render(&outcome, Format::Github, &OPTS);
    assert_eq!(
        github,
        "::error file=solution.zip,title=auth-quoted::wrapped in quotes (in Workflows/flow.json, line 3, column 23)%0Afix\n"
    );
    let gitlab: Value = serde_json::from_str(&render(&outcome, Format::Gitlab, &OPTS)).unwrap();
    assert_eq!(gitlab[0]["location"]["path"], "solution.zip");
    assert_eq!(gitlab[0]["location"]["lines"]["begin"], 1);
}

#[test]
fn sarif_regions_count_code_points_and_uris_are_encoded() {
    // "é" is two bytes and one column; the span is the escaped quote after it.
    let text = "{\"a\": \"é\\\"x\"}\n";
    let start = text.find("\\\"").unwrap();
    let outcome = outcome_with(r"flows\my flow.json", text, Span::new(start, start + 2), "m", None);
    let log = assert_valid_sarif(&render(&outcome, Format::Sarif, &OPTS));
    let location = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "flows/my%20flow.json");
    assert_eq!(location["region"]["startLine"], 1);
    assert_eq!(location["region"]["startColumn"], 9);
    assert_eq!(location["region"]["endColumn"], 11);
}

#[test]
fn fingerprints_survive_moved_lines_and_tell_findings_apart() {
    let fingerprint = |outcome: &Outcome| {
        let log: Value = serde_json::from_str(&render(outcome, Format::Sarif, &OPTS)).unwrap();
        log["runs"][0]["results"][0]["partialFingerprints"]["authlint/v1"].as_str().unwrap().to_string()
    };
    let a = outcome_with("f.json", ENTRY_TEXT, Span::new(39, 41), "m", None);
    let moved = format!("\n\n{ENTRY_TEXT}");
    let b = outcome_with("f.json", &moved, Span::new(41, 43), "m", None);
    assert_eq!(fingerprint(&a), fingerprint(&b));
    let c = outcome_with("g.json", ENTRY_TEXT, Span::new(39, 41), "m", None);
    assert_ne!(fingerprint(&a), fingerprint(&c));

    let gitlab: Value = serde_json::from_str(&render(&a, Format::Gitlab, &OPTS)).unwrap();
    assert_eq!(gitlab[0]["fingerprint"].as_str().unwrap(), fingerprint(&a));
    assert_eq!(fingerprint(&a).len(), 64);

    // Two findings alike but for their place get different fingerprints.
    let mut twice = outcome_with("f.json", ENTRY_TEXT, Span::new(39, 41), "m", None);
    let mut second = twice.diagnostics[0].clone();
    second.span = Span::new(48, 50);
    twice.diagnostics.push(second);
    let log: Value = serde_json::from_str(&render(&twice, Format::Sarif, &OPTS)).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_ne!(results[0]["partialFingerprints"], results[1]["partialFingerprints"]);
}

/// Every character the CI formats must escape, in the message, the help and the file name.
const TRICKY: &str = "100% a:b,c;d]e\r\nf";

fn tricky_outcome() -> Outcome {
    outcome_with("dir,x:y;z]%.json", "{}\n", Span::new(0, 1), TRICKY, Some("h%\nx"))
}

#[test]
fn github_escapes_data_and_properties_like_the_toolkit() {
    let out = render(&tricky_outcome(), Format::Github, &OPTS);
    assert_eq!(
        out,
        "::error file=dir%2Cx%3Ay;z]%25.json,line=1,col=1,endLine=1,endColumn=2,title=auth-quoted\
         ::100%25 a:b,c;d]e%0D%0Af%0Ah%25%0Ax\n"
    );
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn azure_escapes_data_and_properties_like_the_task_lib() {
    let out = render(&tricky_outcome(), Format::Azure, &OPTS);
    assert_eq!(
        out,
        "##vso[task.logissue type=error;sourcepath=dir,x:y%3Bz%5D%AZP25.json;linenumber=1;columnnumber=1;\
         code=auth-quoted]100%AZP25 a:b,c;d]e%0D%0Af%0Ah%AZP25%0Ax\n"
    );
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn azure_writes_info_as_a_plain_line_without_commands() {
    let mut outcome =
        outcome_with("f.json", "{}\n", Span::new(0, 1), "see ##vso[task.setvariable variable=x]y\nz", None);
    outcome.diagnostics[0].severity = Severity::Info;
    let out = render(&outcome, Format::Azure, &OPTS);
    assert_eq!(out, "info: f.json:1:1: [auth-quoted] see ##vso%5Btask.setvariable variable=x]y z\n");
}

#[test]
fn gitlab_and_junit_keep_the_text_as_data() {
    let gitlab: Value = serde_json::from_str(&render(&tricky_outcome(), Format::Gitlab, &OPTS)).unwrap();
    assert_eq!(gitlab[0]["description"], format!("{TRICKY} — h%\nx"));
    assert_eq!(gitlab[0]["location"]["path"], "dir,x:y;z]%.json");
    let junit = render(&tricky_outcome(), Format::Junit, &OPTS);
    assert!(junit.contains(r#"<testsuite name="dir,x:y;z]%.json" tests="1""#), "{junit}");
}

#[test]
fn inputs_without_findings_still_count() {
    let outcome = run(&["samples/clean-request.json", "samples/missing-space.json"]);
    assert!(outcome.diagnostics.iter().all(|d| outcome.files[d.file].name != "samples/clean-request.json"));

    let junit = render(&outcome, Format::Junit, &OPTS);
    assert!(
        junit
            .contains(r#"<testsuite name="samples/clean-request.json" tests="1" skipped="0" errors="0" failures="0">"#),
        "{junit}"
    );
    assert!(
        junit.contains(r#"<testcase name="no problems found" classname="samples/clean-request.json"/>"#),
        "{junit}"
    );

    let log = assert_valid_sarif(&render(&outcome, Format::Sarif, &OPTS));
    let uris: Vec<&str> = log["runs"][0]["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["location"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris, ["samples/clean-request.json", "samples/missing-space.json"]);
}

#[test]
fn input_errors_are_reported() {
    let outcome = check(&CheckOptions {
        inputs: vec!["samples/missing-space.json".into(), "tests/formats/no-such-file.json".into()],
        now: Some("2026-11-10T10:05:00Z".parse().unwrap()),
        config: ConfigChoice { explicit: None, isolated: true },
        ..Default::default()
    })
    .unwrap();
    assert_eq!(outcome.errors.len(), 1);
    let log = assert_valid_sarif(&render(&outcome, Format::Sarif, &OPTS));
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(invocation["toolExecutionNotifications"][0]["level"], "error");
    let github = render(&outcome, Format::Github, &OPTS);
    assert!(github.lines().any(|l| l.starts_with("::error file=tests/formats/no-such-file.json,title=authlint::")));
    let azure = render(&outcome, Format::Azure, &OPTS);
    assert!(azure.lines().any(|l| {
        l.starts_with("##vso[task.logissue type=error;sourcepath=tests/formats/no-such-file.json;code=authlint]")
    }));
    let junit = render(&outcome, Format::Junit, &OPTS);
    assert!(junit.contains(r#"<error message="#), "{junit}");
}

#[test]
fn sarif_carries_verdicts_in_run_properties() {
    let outcome = check(&CheckOptions {
        inputs: vec!["samples/graph-token-to-sharepoint.json".into()],
        response: Some("samples/outputs-403.json".into()),
        now: Some("2026-11-10T10:05:00Z".parse().unwrap()),
        config: ConfigChoice { explicit: None, isolated: true },
        ..Default::default()
    })
    .unwrap();
    assert!(!outcome.verdicts.is_empty());
    let log = assert_valid_sarif(&render(&outcome, Format::Sarif, &OPTS));
    let verdict = &log["runs"][0]["properties"]["verdicts"][0];
    assert_eq!(verdict["file"], "samples/graph-token-to-sharepoint.json");
    assert_eq!(verdict["status"], 401);
}

/// A check whose only result is a verdict (Dataverse's 403, no finding in the request) and one whose verdict
/// names no cause (a third-party 401): every format shows both, with cause, summary and fix, the named one
/// as an error and the unknown one as information (as the exit code counts them).
fn verdict_outcome() -> Outcome {
    run(&["samples/runs/permission-missing-dataverse-role.json", "samples/runs/unknown-401-third-party-api.json"])
}

#[test]
fn every_format_shows_the_verdict() {
    let outcome = verdict_outcome();
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    assert_eq!(outcome.verdicts.len(), 2);
    let fix = &outcome.verdicts[0].1.fix;
    for (format, name) in [
        (Format::Text, "text"),
        (Format::Concise, "concise"),
        (Format::Json, "json"),
        (Format::Sarif, "sarif"),
        (Format::Github, "github"),
        (Format::Azure, "azure"),
        (Format::Gitlab, "gitlab"),
        (Format::Junit, "junit"),
    ] {
        let out = render(&outcome, format, &OPTS);
        for cause in ["permission-missing", "unknown-401"] {
            assert!(out.contains(cause), "{name}: no {cause}:\n{out}");
        }
        // The fix, whole (the text format wraps it, so compare its words).
        let words: Vec<&str> = out.split_whitespace().collect();
        let fix_words: Vec<&str> = fix.split_whitespace().collect();
        let escaped = serde_json::to_string(fix).unwrap();
        let in_json = out.contains(&escaped[1..escaped.len() - 1]);
        assert!(in_json || words.windows(fix_words.len()).any(|w| w == fix_words.as_slice()), "{name}: no fix:\n{out}");
        let mut shown = out.clone();
        if format == Format::Sarif {
            let mut log = assert_valid_sarif(&out);
            let results = log["runs"][0]["results"].as_array().unwrap();
            assert_eq!(results[0]["ruleId"], "verdict/permission-missing");
            assert_eq!(results[0]["level"], "error");
            assert_eq!(results[1]["ruleId"], "verdict/unknown-401");
            assert_eq!(results[1]["level"], "note");
            let driver = &mut log["runs"][0]["tool"]["driver"];
            driver["version"] = "CARGO_PKG_VERSION".into();
            driver["rules"] = "one descriptor per rule of authlint::rules::RULES".into();
            shown = serde_json::to_string_pretty(&log).unwrap() + "\n";
        }
        insta::assert_snapshot!(format!("verdict_{name}"), shown);
    }
    // Named causes fail, unknown ones do not, in the formats that have a notion of failing.
    let junit = render(&outcome, Format::Junit, &OPTS);
    assert!(junit.contains(r#"failures="1""#), "{junit}");
    let github = render(&outcome, Format::Github, &OPTS);
    assert!(github.lines().any(|l| l.starts_with("::error file=samples/runs/permission-missing-dataverse-role.json,")));
    assert!(github.lines().any(|l| l.starts_with("::notice file=samples/runs/unknown-401-third-party-api.json,")));
    let text = render(&outcome, Format::Text, &OPTS);
    assert!(!text.contains(": no problems found\n"), "{text}");
}
