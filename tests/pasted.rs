//! Inputs people paste (issue 20, point 7): an action's code view is checked as a definition, a flow
//! definition is sent to `lint`, a folder is named as one, and header lines or a raw HTTP request are
//! read as a request with every finding on the pasted characters.

use authlint::check::{CheckOptions, check};
use authlint::config::ConfigChoice;
use authlint::diagnostic::{Outcome, Severity};

fn run(path: &str) -> Outcome {
    check(&CheckOptions {
        inputs: vec![path.into()],
        now: Some("2026-01-01T00:00:00Z".parse().unwrap()),
        config: ConfigChoice { explicit: None, isolated: true },
        ..Default::default()
    })
    .unwrap()
}

fn errors(o: &Outcome) -> Vec<&str> {
    o.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.rule).collect()
}

#[test]
fn code_view_is_checked_as_a_definition_not_as_run_history() {
    // As run history, `Bearer @{…}` would be template text sent as is (auth-unevaluated); as a
    // definition the expression is evaluated and the header is right.
    let o = run("tests/pasted/code_view_clean.json");
    assert!(o.errors.is_empty(), "{:?}", o.errors);
    assert!(errors(&o).is_empty(), "{:?}", o.diagnostics);
    assert!(o.notes.iter().any(|n| n.message.contains("code view")), "{:?}", o.notes);

    // The quotes typed around the expression are found, on the pasted file's own line and column.
    let o = run("tests/pasted/code_view_quoted_expression.json");
    let d = o.diagnostics.iter().find(|d| d.rule == "auth-quoted").expect("auth-quoted");
    let lc = o.files[d.file].line_col(d.span.start);
    assert_eq!((lc.line, lc.column), (7, 25));
    assert_eq!(o.files[d.file].name, "tests/pasted/code_view_quoted_expression.json");
    assert_eq!(d.pointer, "/inputs/headers/Authorization");
    assert!(d.flow.is_none() && d.action.is_none());
}

#[test]
fn a_code_view_is_checked_in_memory_without_a_temporary_file() {
    // With no writable temporary folder, a version that wrote the wrapped definition to disk fails.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_authlint"))
        .args(["check", "tests/pasted/code_view_quoted_expression.json", "--format", "concise"])
        .env("TMPDIR", "/nonexistent/authlint-no-temp")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("auth-quoted"), "stdout: {stdout}\nstderr: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_flow_definition_given_to_check_suggests_lint() {
    let o = run("tests/fixtures/expr-syntax/err_double_quotes.json");
    let e = &o.errors[0];
    let help = match e {
        authlint::error::Error::Input(i) => i.help.clone().unwrap_or_default(),
        _ => String::new(),
    };
    assert!(e.to_string().contains("a flow definition"), "{e}");
    assert!(help.contains("authlint lint tests/fixtures/expr-syntax/err_double_quotes.json"), "{help}");
    // Run history is not told to use lint.
    let o = run("samples/quoted-token.json");
    assert!(o.errors.is_empty());
}

#[test]
fn a_folder_says_so_plainly() {
    let o = run("samples/solutions");
    let e = o.errors[0].to_string();
    assert!(e.contains("this is a folder") && !e.contains("os error"), "{e}");
}

#[test]
fn header_lines_and_raw_http_requests_are_read() {
    let o = run("tests/pasted/header_line_two_spaces.txt");
    assert!(o.errors.is_empty(), "{:?}", o.errors);
    let d = o.diagnostics.iter().find(|d| d.rule == "auth-separator").expect("auth-separator");
    let lc = o.files[d.file].line_col(d.span.start);
    assert_eq!((lc.line, lc.column), (1, 22));
    assert!(o.notes.iter().any(|n| n.message.contains("header lines")));

    let o = run("tests/pasted/raw_http_request.txt");
    assert!(o.errors.is_empty(), "{:?}", o.errors);
    let d = o.diagnostics.iter().find(|d| d.rule == "auth-scheme-case").expect("auth-scheme-case");
    assert_eq!(o.files[d.file].line_col(d.span.start).line, 3);
    assert!(o.notes.iter().any(|n| n.message.contains("raw HTTP request")));

    // A clean header line has no finding; prose is not a request.
    let o = run("tests/pasted/header_line_clean.txt");
    assert!(o.diagnostics.is_empty() && o.errors.is_empty(), "{:?} {:?}", o.diagnostics, o.errors);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("prose.txt");
    std::fs::write(&p, "the flow fails with 401 since Monday\n").unwrap();
    let o = run(p.to_str().unwrap());
    assert_eq!(o.errors.len(), 1);
}
