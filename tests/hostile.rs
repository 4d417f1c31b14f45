//! Hostile input: whatever a file holds, every command ends with exit 0, 1 or 2, never panics, names
//! the file when it refuses it, and finishes in bounded time. The inputs are written by `inputs()`
//! (some are too large or too odd to keep in the repository) plus the files in tests/hostile/.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<(String, Vec<u8>)> = vec![
        ("empty.json".into(), b"".to_vec()),
        ("whitespace.json".into(), b"   \n\t ".to_vec()),
        ("truncated.json".into(), br#"{"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authoriz"#.to_vec()),
        ("array.json".into(), b"[1, 2, 3]".to_vec()),
        ("number.json".into(), b"42".to_vec()),
        ("string.json".into(), br#""Bearer eyJ""#.to_vec()),
        ("null.json".into(), b"null".to_vec()),
        ("headers-array.json".into(), br#"{"method": "GET", "uri": "https://x.example", "headers": ["Authorization", "Bearer x"]}"#.to_vec()),
        ("headers-number.json".into(), br#"{"method": "GET", "uri": "https://x.example", "headers": 7}"#.to_vec()),
        ("uri-object.json".into(), br#"{"method": "GET", "uri": {"a": 1}, "headers": {"Authorization": "Bearer x"}}"#.to_vec()),
        ("auth-null.json".into(), br#"{"method": "GET", "uri": "https://x.example", "headers": {"Authorization": null}}"#.to_vec()),
        ("outputs-wrong.json".into(), br#"{"inputs": {"method": "GET", "uri": "https://x.example"}, "outputs": {"statusCode": "four oh one", "body": [null]}}"#.to_vec()),
        ("invalid-utf8.json".into(), b"{\"uri\": \"\xff\xfe\xfd\"}".to_vec()),
        ("utf16-odd.json".into(), vec![0xFF, 0xFE, b'{', 0, b'"']),
        ("utf16-be-bom-only.json".into(), vec![0xFE, 0xFF]),
        ("nul-bytes.json".into(), b"{\"uri\": \"a\0b\"}\0\0".to_vec()),
        ("deep-arrays.json".into(), format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes()),
        ("deep-objects.json".into(), format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000)).into_bytes()),
        ("duplicate-keys.json".into(), br#"{"method": "GET", "uri": "https://x.example", "headers": {"Authorization": "Bearer a", "Authorization": "Bearer b"}}"#.to_vec()),
        ("huge-number.json".into(), format!(r#"{{"method": "GET", "uri": "https://x.example", "statusCode": {}}}"#, "9".repeat(5000)).into_bytes()),
        ("huge-header.json".into(), format!(r#"{{"method": "GET", "uri": "https://x.example", "headers": {{"Authorization": "Bearer {}"}}}}"#, "A".repeat(2_000_000)).into_bytes()),
        ("many-headers.json".into(), {
            let h: Vec<String> = (0..20_000).map(|i| format!("\"X-H{i}\": \"v\"")).collect();
            format!(r#"{{"method": "GET", "uri": "https://x.example", "headers": {{{}}}}}"#, h.join(",")).into_bytes()
        }),
        ("long-line-50mb.json".into(), {
            let mut s = String::from(r#"{"method": "POST", "uri": "https://x.example", "body": ""#);
            s.push_str(&"x".repeat(50 << 20));
            s.push_str("\"}");
            s.into_bytes()
        }),
        ("bad-jwt.json".into(), br#"{"method": "GET", "uri": "https://x.example", "headers": {"Authorization": "Bearer eyJ.eyJ.eyJ"}}"#.to_vec()),
        ("jwt-garbage-claims.json".into(), br#"{"method": "GET", "uri": "https://x.example", "headers": {"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.W3t7e3t7e1tbW1s.c2ln"}}"#.to_vec()),
        ("expr-unclosed.json".into(), br#"{"triggers": {}, "actions": {"H": {"type": "Http", "inputs": {"method": "GET", "uri": "@{concat('a'", "headers": {"Authorization": "@{@{@{"}}}}}"#.to_vec()),
        ("expr-deep.json".into(), format!(r#"{{"triggers": {{}}, "actions": {{"C": {{"type": "Compose", "inputs": "@{}1{}"}}}}}}"#, "concat(".repeat(20_000), ")".repeat(20_000)).into_bytes()),
        ("actions-not-object.json".into(), br#"{"triggers": {}, "actions": {"A": 1, "B": {"type": "If", "actions": [], "else": 5}, "C": {"type": "Switch", "cases": "x"}}}"#.to_vec()),
        ("postman-cycle.json".into(), br#"{"info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "variable": [{"key": "a", "value": "{{b}}"}, {"key": "b", "value": "{{a}}"}], "item": [{"name": "r", "request": {"method": "GET", "url": "https://{{a}}/x", "header": [{"key": "Authorization", "value": "Bearer {{a}}"}]}}]}"#.to_vec()),
        ("www-authenticate.json".into(), br#"{"inputs": {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me"}, "outputs": {"statusCode": 401, "headers": {"WWW-Authenticate": "Bearer realm=\"\", error=\"invalid_token\", ,,, \"\"\"\", authorization_uri"}, "body": {"error": {"code": {"x": []}}}}}"#.to_vec()),
        ("not-a-zip.zip".into(), b"PK\x03\x04 this is not really a zip".to_vec()),
    ];
    for entry in std::fs::read_dir("tests/hostile").into_iter().flatten().flatten() {
        v.push((entry.file_name().to_string_lossy().into(), std::fs::read(entry.path()).unwrap()));
    }
    v.into_iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        })
        .collect()
}

/// Runs authlint with a time bound; returns (exit code, stderr).
fn run(args: &[&str]) -> (i32, String, Duration) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_authlint"))
        .args(args)
        .env_remove("AUTHLINT_FORMAT")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (status.code().unwrap_or(-1), err, start.elapsed());
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("authlint {args:?} did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn no_input_crashes_hangs_or_goes_unnamed() {
    let dir = tempfile::tempdir().unwrap();
    let files = inputs(dir.path());
    assert!(files.len() >= 30);
    let mut failures = Vec::new();
    for f in &files {
        let p = f.to_str().unwrap();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        for args in [
            vec!["check", p],
            vec!["check", p, "--format", "json"],
            vec!["lint", p, "--format", "sarif", "--isolated"],
            vec!["diff", "samples/clean-request.json", "--postman", p],
            vec!["diff", p, "--curl", "samples/diff/token-request.curl"],
        ] {
            let (code, err, _) = run(&args);
            if !(0..=2).contains(&code) {
                failures.push(format!("{args:?}: exit {code}"));
            }
            if err.contains("panicked") || err.contains("internal error") || err.contains("RUST_BACKTRACE") {
                failures.push(format!("{args:?}: {err}"));
            }
            if code == 2 && !err.contains(&name) && !err.contains("usage") && !err.contains("Usage") {
                failures.push(format!("{args:?}: exit 2 without naming the file: {err}"));
            }
            if err.len() > 20_000 {
                failures.push(format!("{args:?}: {} bytes on stderr", err.len()));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_directory_symlink_loop_and_a_vanishing_file_are_survived() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("a/b")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("a"), d.join("a/b/loop")).unwrap();
    let mut f = std::fs::File::create(d.join("a/definition.json")).unwrap();
    f.write_all(br#"{"triggers": {}, "actions": {}}"#).unwrap();
    let (code, err, _) = run(&["lint", d.to_str().unwrap(), "--isolated"]);
    assert_eq!(code, 0, "{err}");
    // A file named on the command line that does not exist (it vanished): exit 2, named.
    let gone = d.join("gone.json");
    let (code, err, _) = run(&["lint", gone.to_str().unwrap(), "--isolated"]);
    assert_eq!(code, 2);
    assert!(err.contains("gone.json"), "{err}");
}

#[test]
fn files_over_the_size_limit_are_refused_by_name_and_the_limit_can_be_raised() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.json");
    let body = format!(r#"{{"method": "GET", "uri": "https://x.example", "body": "{}"}}"#, "x".repeat(3 << 20));
    std::fs::write(&p, body).unwrap();
    let run_with = |mb: &str, cmd: &str| {
        Command::new(env!("CARGO_BIN_EXE_authlint"))
            .args([cmd, p.to_str().unwrap(), "--isolated"])
            .env("AUTHLINT_MAX_FILE_MB", mb)
            .output()
            .unwrap()
    };
    for cmd in ["check", "lint"] {
        let out = run_with("2", cmd);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {err}");
        assert!(
            err.contains("big.json") && err.contains("more than the 2 MiB") && err.contains("AUTHLINT_MAX_FILE_MB"),
            "{err}"
        );
    }
    assert_eq!(run_with("8", "check").status.code(), Some(0));
}
