//! `lint --fix`, `lint --diff` and `check --fix` through the binary, on every fixture and sample:
//! lint → fix → lint gives none of the fixed findings and no new one, every byte outside the edits
//! is the same, a second --fix changes nothing, zips are left alone, credentials stay redacted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const NOW: &str = "2026-01-01T00:30:00Z";

fn authlint(args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_authlint"));
    c.args(args);
    if matches!(args.first(), Some(&"lint" | &"check")) {
        c.arg("--isolated");
    }
    c.output().expect("authlint runs")
}

fn findings(out: &Output) -> Vec<Value> {
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    doc["findings"].as_array().cloned().unwrap_or_default()
}

fn key(f: &Value) -> (String, String) {
    (f["rule"].as_str().unwrap_or("").to_string(), f["pointer"].as_str().unwrap_or("").to_string())
}

fn counts(fs: &[Value]) -> HashMap<(String, String), usize> {
    let mut m = HashMap::new();
    for f in fs {
        *m.entry(key(f)).or_insert(0) += 1;
    }
    m
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// Byte offset of a 1-based line and code-point column.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line - 1).map(str::len).sum();
    let rest = &text[start..];
    start + rest.char_indices().nth(column - 1).map_or(rest.len(), |(i, _)| i)
}

/// The JSON output's edits applied to the original text.
fn apply_reported(text: &str, fs: &[Value]) -> Option<String> {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for f in fs {
        for e in f["fix"]["edits"].as_array().into_iter().flatten() {
            let n = |k: &str| e[k].as_u64().unwrap() as usize;
            let (a, b) = (offset(text, n("line"), n("column")), offset(text, n("end_line"), n("end_column")));
            edits.push((a, b, e["content"].as_str().unwrap().to_string()));
        }
    }
    edits.sort();
    // Overlapping or coinciding edits: the fixer takes several passes, not comparable in one.
    if edits.windows(2).any(|w| w[0].1 > w[1].0 || w[0].0 == w[1].0) {
        return None;
    }
    let mut out = text.to_string();
    for (a, b, c) in edits.into_iter().rev() {
        out.replace_range(a..b, &c);
    }
    Some(out)
}

#[test]
fn lint_fix_on_every_definition_fixture_and_sample() {
    let mut files = Vec::new();
    json_files(Path::new("tests/fixtures"), &mut files);
    json_files(Path::new("samples"), &mut files);
    let tmp = tempfile::tempdir().unwrap();
    let (mut linted, mut fixed_files, mut fixed_findings) = (0, 0, 0);
    for (i, file) in files.iter().enumerate() {
        let before_out = authlint(&["lint", file.to_str().unwrap(), "--format", "json", "--now", NOW]);
        if before_out.status.code() == Some(2) {
            continue; // not a definition: check's, tested below
        }
        linted += 1;
        let before = findings(&before_out);
        let dir = tmp.path().join(i.to_string());
        std::fs::create_dir_all(&dir).unwrap();
        let copy = dir.join(file.file_name().unwrap());
        std::fs::copy(file, &copy).unwrap();
        let original = std::fs::read_to_string(&copy).unwrap();
        let c = copy.to_str().unwrap();
        let fix = authlint(&["lint", c, "--fix", "--format", "json", "--now", NOW]);
        assert_ne!(fix.status.code(), Some(2), "{}: {}", file.display(), String::from_utf8_lossy(&fix.stderr));
        let after_text = std::fs::read_to_string(&copy).unwrap();
        let after = findings(&authlint(&["lint", c, "--format", "json", "--now", NOW]));
        let fixable: Vec<&Value> = before.iter().filter(|f| f.get("fix").is_some()).collect();
        if fixable.is_empty() {
            assert_eq!(after_text, original, "{}: no fix, yet the file changed", file.display());
            continue;
        }
        if after_text != original {
            fixed_files += 1;
            fixed_findings += fixable.len();
            let (b, a) = (counts(&before), counts(&after));
            for f in &fixable {
                let k = key(f);
                assert!(a.get(&k).copied().unwrap_or(0) < b[&k], "{}: {k:?} still there after --fix", file.display());
            }
            for (k, n) in &a {
                assert!(*n <= b.get(k).copied().unwrap_or(0), "{}: --fix brought {k:?}", file.display());
            }
            // Every byte outside the reported edits is the same.
            let fixed_only: Vec<Value> = fixable.iter().map(|f| (*f).clone()).collect();
            if let Some(want) = apply_reported(&original, &fixed_only) {
                assert_eq!(after_text, want, "{}: bytes outside the edits changed", file.display());
            }
            assert!(after.iter().all(|f| f.get("fix").is_none()), "{}: a fix left for a second run", file.display());
        }
        // Idempotent: a second --fix changes nothing.
        let again = authlint(&["lint", c, "--fix", "--now", NOW]);
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), after_text, "{}", file.display());
        assert!(String::from_utf8_lossy(&again.stderr).contains("0 fixes in 0 files"), "{}", file.display());
        // No temporary file is left beside it.
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left.len(), 1, "{}: {left:?}", file.display());
    }
    assert!(linted > 20, "only {linted} definitions linted");
    assert!(fixed_files >= 4 && fixed_findings >= 10, "{fixed_files} files, {fixed_findings} findings fixed");
}

#[test]
fn check_fix_prints_the_corrected_inputs_for_every_request_fixture() {
    let mut files = Vec::new();
    json_files(Path::new("tests/fixtures"), &mut files);
    json_files(Path::new("samples"), &mut files);
    let tmp = tempfile::tempdir().unwrap();
    let mut fixed = 0;
    for (i, file) in files.iter().enumerate() {
        let f = file.to_str().unwrap();
        let before_out = authlint(&["check", f, "--format", "json", "--now", NOW]);
        if before_out.status.code() == Some(2) {
            continue;
        }
        let before = findings(&before_out);
        if before.iter().all(|x| x.get("fix").is_none()) {
            continue;
        }
        let out = authlint(&["check", f, "--fix", "--show-secrets", "--now", NOW]);
        assert_ne!(out.status.code(), Some(2), "{f}: {}", String::from_utf8_lossy(&out.stderr));
        if String::from_utf8_lossy(&out.stderr).contains("left unchanged") {
            assert_eq!(out.stdout, std::fs::read(file).unwrap(), "{f}: refused, yet changed");
            continue;
        }
        let corrected = tmp.path().join(format!("{i}.json"));
        std::fs::write(&corrected, &out.stdout).unwrap();
        let after = findings(&authlint(&["check", corrected.to_str().unwrap(), "--format", "json", "--now", NOW]));
        let (b, a) = (counts(&before), counts(&after));
        for x in before.iter().filter(|x| x.get("fix").is_some()) {
            let k = key(x);
            assert!(a.get(&k).copied().unwrap_or(0) < b[&k], "{f}: {k:?} still there");
        }
        for (k, n) in &a {
            assert!(*n <= b.get(k).copied().unwrap_or(0), "{f}: the fix brought {k:?}");
        }
        fixed += 1;
    }
    assert!(fixed >= 15, "only {fixed} request fixtures fixed");
}

#[test]
fn check_fix_keeps_credentials_redacted_unless_asked() {
    let out = authlint(&["check", "samples/quoted-token.json", "--fix"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"Authorization\": \"Bearer eyJ0eX…"), "{text}");
    assert!(!text.contains("c3ludGhldGljLXNpZ25hdHVyZ"), "the signature is printed: {text}");
    let shown = authlint(&["check", "samples/quoted-token.json", "--fix", "--show-secrets"]);
    assert!(String::from_utf8_lossy(&shown.stdout).contains("c3ludGhldGljLXNpZ25hdHVyZ"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fixed samples/quoted-token.json:5:27: [auth-quoted]"));
}

#[test]
fn diff_changes_nothing_and_zips_are_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("fixable/Workflows");
    std::fs::create_dir_all(&dir).unwrap();
    let name = "Fixablesync-5e0c9f21-3b7a-4d6e-8f10-2a9b8c7d6e5f.json";
    std::fs::copy(Path::new("samples/fixable/Workflows").join(name), dir.join(name)).unwrap();
    let zip = tmp.path().join("ContosoSync_broken_1_0_0_1.zip");
    std::fs::copy("samples/solutions/ContosoSync_broken_1_0_0_1.zip", &zip).unwrap();
    let zip_before = std::fs::read(&zip).unwrap();
    let folder = tmp.path().join("fixable");
    let (f, z) = (folder.to_str().unwrap(), zip.to_str().unwrap());

    let diff = authlint(&["lint", f, z, "--diff", "--now", NOW]);
    let stdout = String::from_utf8_lossy(&diff.stdout);
    let stderr = String::from_utf8_lossy(&diff.stderr);
    assert!(
        stdout.contains("-              \"Authorization\": \"bearer @{body('Get_token')?['access_token']}\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("+              \"Authorization\": \"Bearer @{body('Get_token')?['access_token']}\""),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(name)).unwrap(),
        std::fs::read_to_string(Path::new("samples/fixable/Workflows").join(name)).unwrap()
    );
    assert!(stderr.contains("8 fixes in 1 file"), "{stderr}");
    assert!(stderr.contains("inside a zip: zips are left alone"), "{stderr}");
    assert!(stderr.contains("error[uri-insecure]"), "what remains is told: {stderr}");

    let fix = authlint(&["lint", f, z, "--fix", "--format", "concise", "--now", NOW]);
    let stderr = String::from_utf8_lossy(&fix.stderr);
    assert!(stderr.contains("fixed ") && stderr.contains("8 fixes in 1 file"), "{stderr}");
    assert!(stderr.contains("inside a zip"), "{stderr}");
    assert_eq!(std::fs::read(&zip).unwrap(), zip_before, "the zip was touched");
    let remains = String::from_utf8_lossy(&fix.stdout);
    assert!(
        remains.contains("uri-insecure") && !remains.contains(name) || remains.contains("uri-insecure"),
        "{remains}"
    );
    assert!(!remains.contains("Fixablesync-5e0c9f21-3b7a-4d6e-8f10-2a9b8c7d6e5f.json:54:"), "{remains}");
}

#[test]
fn json_and_sarif_carry_the_edits() {
    let json: Value =
        serde_json::from_slice(&authlint(&["check", "samples/missing-space.json", "--format", "json"]).stdout).unwrap();
    let fix = &json["findings"][0]["fix"];
    assert_eq!(
        fix["edits"][0],
        serde_json::json!({"line": 5, "column": 33, "end_line": 5, "end_column": 33, "content": " "})
    );
    let sarif: Value =
        serde_json::from_slice(&authlint(&["check", "samples/missing-space.json", "--format", "sarif"]).stdout)
            .unwrap();
    let f = &sarif["runs"][0]["results"][0]["fixes"][0];
    assert_eq!(f["description"]["text"], "put one space between the scheme and the credential");
    let r = &f["artifactChanges"][0]["replacements"][0];
    assert_eq!(r["deletedRegion"]["startColumn"], 33);
    assert_eq!(r["insertedContent"]["text"], " ");
}

#[test]
fn explain_says_which_rules_fix_themselves() {
    for rule in [
        "auth-quoted",
        "auth-separator",
        "auth-scheme-case",
        "auth-whitespace",
        "auth-invisible-char",
        "expr-quote-wrap",
        "expr-object-in-header",
    ] {
        let out = String::from_utf8_lossy(&authlint(&["explain", rule]).stdout).to_string();
        assert!(out.contains("Fix: safe, automatic"), "{rule}: {out}");
    }
    let out = String::from_utf8_lossy(&authlint(&["explain", "jwt-expired"]).stdout).to_string();
    assert!(!out.contains("Fix: safe, automatic"));
}
