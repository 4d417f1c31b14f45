//! The entry point of each fuzz target (`fuzz/fuzz_targets/*.rs` call these), shared with
//! `tests/fuzz_regressions.rs`, which replays the seed corpora and every kept reproducer through the
//! same code in `cargo test`.

use std::path::PathBuf;

/// The fuzz targets, by name.
pub const TARGETS: [&str; 13] = [
    "source",
    "json",
    "raw",
    "postman",
    "curl",
    "definition",
    "zip",
    "expr",
    "auth",
    "jwt",
    "challenge",
    "check",
    "lint",
];

/// Runs one target on one input. Unknown target names do nothing.
pub fn run(target: &str, data: &[u8]) {
    match target {
        "source" => source(data),
        "json" => json(data),
        "raw" => raw(data),
        "postman" => postman(data),
        "curl" => curl(data),
        "definition" => definition(data),
        "zip" => zip(data),
        "expr" => expr(data),
        "auth" => auth(data),
        "jwt" => jwt(data),
        "challenge" => challenge(data),
        "check" => check(data),
        "lint" => lint(data),
        _ => {}
    }
}

/// Decoding, and the line index: every offset maps to a line and column; `from_vec` decodes as
/// `from_bytes` does.
pub fn source(data: &[u8]) {
    let owned = crate::source::SourceFile::from_vec("f", data.to_vec());
    match crate::source::SourceFile::from_bytes("f", data) {
        Ok(src) => {
            let lc = src.line_col(src.text.len());
            let _ = src.line_text(lc.line);
            // Taking the bytes decodes them as borrowing them does.
            let owned = owned.expect("from_vec refused what from_bytes decodes");
            assert!(owned.text == src.text && owned.encoding == src.encoding, "from_vec decodes differently");
        }
        Err(e) => assert_eq!(owned.err().map(|o| o.to_string()), Some(e.to_string()), "from_vec errs differently"),
    }
}

/// The two JSON readers agree: whatever the fast reader reads, the reference reader reads to the
/// same model (values, spans, escape maps); what it does not read, the reference reader judges.
pub fn json(data: &[u8]) {
    let Ok(src) = crate::source::SourceFile::from_bytes("f", data) else { return };
    let reference = crate::input::json::reference(&src);
    if let Some(fast) = crate::input::json::fast(&src.text) {
        match &reference {
            Ok(r) => assert!(*r == fast, "the readers give different models"),
            Err(e) => panic!("the fast reader read what the reference refuses: {e}"),
        }
    }
    // Either way, `parse` gives what the reference gives.
    let parsed = crate::input::json::parse(&src);
    assert_eq!(parsed.map_err(|e| e.to_string()), reference.map_err(|e| e.to_string()));
}

/// Raw inputs and outputs as run history shows them.
pub fn raw(data: &[u8]) {
    let Ok(src) = crate::source::SourceFile::from_bytes("f", data) else { return };
    let Ok(json) = crate::input::json::parse(&src) else { return };
    let _ = crate::input::raw::read(&src, &json);
}

/// The same bytes as a Postman environment, then as a collection resolved with that environment.
pub fn postman(data: &[u8]) {
    use crate::input::postman::{Collection, Variables, environment_from};
    let Ok(src) = crate::source::SourceFile::from_bytes("f", data) else { return };
    let env = environment_from(&src).unwrap_or_default();
    let Ok(collection) = Collection::from_source(src) else { return };
    let overrides = Variables::default();
    for entry in collection.entries() {
        let _ = collection.resolve(&entry, &env, &overrides);
    }
}

/// A cURL command in any of the shells it is written for.
pub fn curl(data: &[u8]) {
    let Ok(src) = crate::source::SourceFile::from_bytes("f", data) else { return };
    let _ = crate::input::curl::parse(&src);
}

/// A flow definition of any shape, and its action tree.
pub fn definition(data: &[u8]) {
    let Ok(src) = crate::source::SourceFile::from_bytes("f", data) else { return };
    let Ok(doc) = crate::input::definition::read(src, None) else { return };
    for flow in &doc.flows {
        let _ = crate::input::definition::actions(&flow.definition, &flow.pointer);
    }
}

/// `data` written to a temporary file of this process and thread (the readers under test take paths).
fn temp_file(target: &str, data: &[u8]) -> Option<PathBuf> {
    let name = format!("authlint-fuzz-{target}-{}-{:?}", std::process::id(), std::thread::current().id());
    let path = std::env::temp_dir().join(name);
    std::fs::write(&path, data).ok().map(|()| path)
}

/// The bytes as a file `lint` is named (zips included), through a temporary file of this thread.
pub fn zip(data: &[u8]) {
    let Some(path) = temp_file("zip", data) else { return };
    let found = crate::input::definition::read_one(&path, true);
    for doc in &found.documents {
        for flow in &doc.flows {
            let _ = crate::input::definition::actions(&flow.definition, &flow.pointer);
        }
    }
    let _ = std::fs::remove_file(&path);
}

/// A Workflow Definition Language template.
pub fn expr(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    if let Ok(t) = crate::input::expr::template(&s) {
        for e in t.exprs() {
            let _ = e.call_name();
        }
    }
}

/// An Authorization value.
pub fn auth(data: &[u8]) {
    let _ = crate::auth::parse(&String::from_utf8_lossy(data));
}

/// A JWT.
pub fn jwt(data: &[u8]) {
    let _ = crate::jwt::inspect(&String::from_utf8_lossy(data));
}

/// A WWW-Authenticate header.
pub fn challenge(data: &[u8]) {
    for c in crate::input::challenge::parse(&String::from_utf8_lossy(data)) {
        let _ = c.param("realm");
    }
}

/// The whole of `check` end to end — reading, every rule, the verdict — and the text report, which
/// must stay linear in the input (a quadratic report was once found by the hostile suite).
pub fn check(data: &[u8]) {
    let Ok(src) = crate::source::SourceFile::from_bytes("f", data) else { return };
    let opts = crate::check::CheckOptions {
        inputs: vec!["fuzzed".into()],
        now: Some(chrono::DateTime::from_timestamp(1_794_304_000, 0).unwrap_or_default()),
        config: crate::config::ConfigChoice { explicit: None, isolated: true },
        ..Default::default()
    };
    let Ok(outcome) = crate::source::with_pasted(vec![("fuzzed".into(), src.text)], || crate::check::check(&opts))
    else {
        return;
    };
    let options = crate::report::Options { color: false, show_secrets: false, width: 100 };
    let _ = crate::report::render(&outcome, crate::report::Format::Text, &options);
}

/// The whole of `lint` end to end on one file (a definition, or a zip) — reading, the action tree,
/// every rule — and the text report; the text report streamed file by file must be the same bytes, and
/// the machine formats the same without the sources (issue 16).
pub fn lint(data: &[u8]) {
    let Some(path) = temp_file("lint", data) else { return };
    let opts = crate::lint::LintOptions {
        paths: vec![path.display().to_string()],
        now: Some(chrono::DateTime::from_timestamp(1_794_304_000, 0).unwrap_or_default()),
        config: crate::config::ConfigChoice { explicit: None, isolated: true },
        ..Default::default()
    };
    if let Ok(outcome) = crate::lint::lint(&opts) {
        use crate::report::{Format, render};
        let options = crate::report::Options { color: false, show_secrets: false, width: 100 };
        let whole = render(&outcome, Format::Text, &options);
        // The streamed text report is the whole one; the machine formats are the same without sources.
        let mut streamed = String::new();
        let rest = crate::lint::lint_streaming(&opts, &mut |one| {
            streamed.push_str(&crate::report::text_findings(one, &options));
        });
        if let Ok(rest) = rest {
            streamed.push_str(&crate::report::text_tail(&rest));
            assert_eq!(streamed, whole, "streamed text report");
        }
        let compact = crate::lint::lint(&crate::lint::LintOptions { positions_only: true, ..opts.clone() });
        if let Ok(compact) = compact {
            for format in [Format::Json, Format::Sarif, Format::Concise] {
                assert_eq!(render(&compact, format, &options), render(&outcome, format, &options), "{format:?}");
            }
        }
    }
    let _ = std::fs::remove_file(&path);
}
