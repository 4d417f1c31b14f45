//! The refusals and the atomic write, each shown on a real file.

use super::*;
use crate::config::Config;
use crate::fix::Edit;
use crate::source::Span;

const FLOW: &str = r#"{"definition": {"triggers": {}, "actions": {"HTTP": {"type": "Http", "inputs": {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "bearer @{body('Get_token')?['access_token']}"}}}}}}"#;

fn now() -> Reference {
    Reference { at: "2026-01-01T00:00:00Z".parse().unwrap(), source: crate::time::Source::Flag }
}

fn linted(name: &str, text: &str) -> Outcome {
    crate::lint::lint_text(name, text, now(), &Config::default()).unwrap().unwrap()
}

#[test]
fn a_fix_is_planned_when_the_result_parses() {
    let out = linted("flow.json", FLOW);
    let plan = plan(&out, now(), &Config::default());
    assert_eq!(plan.len(), 1);
    assert!(plan[0].refused.is_none(), "{:?}", plan[0].refused);
    assert!(plan[0].fixed.as_deref().unwrap().contains("\"Bearer @{"));
}

#[test]
fn a_file_that_would_no_longer_parse_is_left_unchanged() {
    let mut out = linted("flow.json", FLOW);
    // A fix whose edit, applied, cuts the file's last brace: it checks (the bytes hold what it
    // expects) but the result is no JSON.
    let end = FLOW.len();
    let d = out.diagnostics.iter_mut().find(|d| d.fix.is_some()).expect("a fixable finding");
    d.fix.as_mut().unwrap().edits.push(Edit {
        span: Span::new(end - 1, end),
        content: String::new(),
        expect: "}".into(),
    });
    let plan = plan(&out, now(), &Config::default());
    assert_eq!(plan[0].fixed, None);
    assert!(plan[0].applied.is_empty());
    assert_eq!(plan[0].refused.as_deref(), Some("left unchanged: after the fix it would no longer parse"));
}

#[test]
fn a_fix_that_brings_a_new_finding_is_refused() {
    let mut out = linted("flow.json", FLOW);
    // `Bearer ` with a space of its own would leave two spaces before the token: a new finding.
    let d = out.diagnostics.iter_mut().find(|d| d.rule == "auth-scheme-case").unwrap();
    d.fix.as_mut().unwrap().edits[0].content = "Bearer ".into();
    let plan = plan(&out, now(), &Config::default());
    assert_eq!(plan[0].fixed, None);
    assert!(
        plan[0].refused.as_deref().unwrap().starts_with("left unchanged: the fix would bring a new"),
        "{:?}",
        plan[0].refused
    );
}

fn fixed_file(dir: &Path) -> (PathBuf, FileFix) {
    let path = dir.join("flow.json");
    std::fs::write(&path, FLOW).unwrap();
    let src = SourceFile::read(&path.display().to_string()).unwrap();
    let mut f = FileFix::unchanged(&src);
    f.fixed = Some(FLOW.replace("\"bearer @{", "\"Bearer @{"));
    (path, f)
}

#[test]
fn a_write_goes_through_a_temporary_file_renamed_over_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let (path, f) = fixed_file(dir.path());
    write(&f).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), *f.fixed.as_ref().unwrap());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, vec![std::ffi::OsString::from("flow.json")], "no temporary file is left behind");
}

#[test]
fn an_interrupted_write_leaves_the_original_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (path, f) = fixed_file(dir.path());
    // The temporary file cannot be created (a folder holds its name): the write stops before the
    // rename, as a run killed at that point would, and the original is untouched.
    let tmp = dir.path().join(format!(".flow.json.authlint-fix-{}.tmp", std::process::id()));
    std::fs::create_dir(&tmp).unwrap();
    let err = write(&f).unwrap_err();
    assert!(err.starts_with("cannot write it"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FLOW);
}

#[test]
fn a_file_changed_since_it_was_read_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (path, f) = fixed_file(dir.path());
    std::fs::write(&path, "{\"edited\": \"by someone else\"}").unwrap();
    let err = write(&f).unwrap_err();
    assert!(err.contains("changed while authlint was reading it"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"edited\": \"by someone else\"}");
}

#[test]
fn only_files_under_the_paths_given_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let given = dir.path().join("given");
    let other = dir.path().join("other");
    std::fs::create_dir_all(given.join("Workflows")).unwrap();
    std::fs::create_dir_all(&other).unwrap();
    for f in [given.join("Workflows/a.json"), other.join("b.json")] {
        std::fs::write(f, "{}").unwrap();
    }
    let paths = vec![given.display().to_string()];
    assert!(within(&paths, &given.join("Workflows/a.json")));
    assert!(!within(&paths, &other.join("b.json")), "a file beside the folder given");
    assert!(!within(&paths, &given.join("Workflows/../../other/b.json")), "a path that climbs out");
    #[cfg(unix)]
    {
        // A link inside the folder to a file outside it is judged by where it leads.
        std::os::unix::fs::symlink(other.join("b.json"), given.join("link.json")).unwrap();
        assert!(!within(&paths, &given.join("link.json")));
    }
    // A file given by name is within itself.
    assert!(within(&[other.join("b.json").display().to_string()], &other.join("b.json")));
}
