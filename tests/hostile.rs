//! Hostile input: whatever a file holds, every command ends with exit 0, 1 or 2, never panics, names
//! the file when it refuses it, and finishes in bounded time. The inputs are written by `inputs()`
//! (some are too large or too odd to keep in the repository) plus the files in tests/hostile/.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const COLLECTION: &str = "samples/diff/Contoso APIs.postman_collection.json";

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
        ("def-deep-scopes.json".into(), {
            let mut s = String::from(r#"{"triggers": {}, "actions": "#);
            for i in 0..3000 {
                s.push_str(&format!(r#"{{"S{i}": {{"type": "Scope", "actions": "#));
            }
            s.push_str(r#"{"H": {"type": "Http", "inputs": {"method": "GET", "uri": "https://x.example", "headers": {"Authorization": "Bearer"}}}}"#);
            s.push_str(&"}}".repeat(3000));
            s.push('}');
            s.into_bytes()
        }),
        ("def-expr-long.json".into(), format!(
            r#"{{"triggers": {{}}, "actions": {{"H": {{"type": "Http", "inputs": {{"method": "GET", "uri": "https://x.example", "headers": {{"Authorization": "@{{{}y}}"}}}}}}}}}}"#,
            "x.".repeat(100_000)
        ).into_bytes()),
        ("curl-many-args.curl".into(), {
            let h: Vec<String> = (0..20_000).map(|i| format!("-H 'X-{i}: v'")).collect();
            format!("curl https://x.example {}", h.join(" ")).into_bytes()
        }),
        ("postman-deep-folders.json".into(), {
            let mut s = String::from(r#"{"info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": "#);
            for i in 0..5000 {
                s.push_str(&format!(r#"[{{"name": "f{i}", "item": "#));
            }
            s.push_str(r#"[{"name": "r", "request": {"method": "GET", "url": "https://x.example"}}]"#);
            s.push_str(&"}]".repeat(5000));
            s.push('}');
            s.into_bytes()
        }),
        ("huge-array.json".into(), format!(r#"{{"method": "GET", "uri": "https://x.example", "body": [{}0]}}"#, "0,".repeat(1_000_000)).into_bytes()),
    ];
    v.extend(zips());
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

/// Zips as hostile as the files: a bomb, names that climb out or are absolute, an encrypted entry, a
/// corrupt central directory, duplicate and non-UTF-8 names, a zip in a zip, garbage inside.
fn zips() -> Vec<(String, Vec<u8>)> {
    use zip::CompressionMethod::{Deflated, Stored};
    let zip_of = |entries: &[(&str, &[u8], zip::CompressionMethod)]| {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes, method) in entries {
            z.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(*method)).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap().into_inner()
    };
    let flow: &[u8] = br#"{"properties": {"definition": {"triggers": {}, "actions": {"H": {"type": "Http", "inputs": {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer"}}}}}}}"#;
    let mut v = vec![
        ("zip-bomb.zip".to_string(), zip_of(&[("Workflows/Bomb-1.json", &vec![b' '; 50 << 20], Deflated)])),
        ("zip-climb.zip".into(), zip_of(&[("../../Workflows/Escape-1.json", flow, Deflated)])),
        (
            "zip-absolute.zip".into(),
            zip_of(&[
                ("/etc/Workflows/Abs-1.json", flow, Deflated),
                ("C:\\Windows\\Workflows\\Abs-2.json", flow, Stored),
            ]),
        ),
        ("zip-duplicate-names.zip".into(), {
            let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            for body in [flow, b"{" as &[u8]] {
                // The zip crate refuses a duplicate name; write the second under a placeholder and rename it below.
                let name = if body == flow { "Workflows/Dup-1.json" } else { "Workflows/Dup-2.json" };
                z.start_file(name, zip::write::SimpleFileOptions::default().compression_method(Stored)).unwrap();
                z.write_all(body).unwrap();
            }
            let mut bytes = z.finish().unwrap().into_inner();
            for i in 0..bytes.len() - 3 {
                if &bytes[i..i + 4] == b"Dup-" && bytes.get(i + 4) == Some(&b'2') {
                    bytes[i + 4] = b'1';
                }
            }
            bytes
        }),
        (
            "zip-garbage-inside.zip".into(),
            zip_of(&[
                ("Workflows/Garbage-1.json", b"\xff\xfe{", Stored),
                ("Workflows/Empty-1.json", b"", Stored),
                ("manifest.json", b"[1, 2]", Stored),
                ("Microsoft.Flow/flows/x/definition.json", b"{\"properties\": 5}", Deflated),
            ]),
        ),
        ("zip-in-zip.zip".into(), {
            let inner = zip_of(&[("Workflows/Inner-1.json", flow, Deflated)]);
            zip_of(&[("Inner.zip", &inner, Stored), ("Workflows/Outer-1.json", flow, Deflated)])
        }),
        ("zip-empty.zip".into(), zip_of(&[])),
        ("zip-eocd-only.zip".into(), {
            let mut b = b"PK\x05\x06".to_vec();
            b.extend([0xff; 18]);
            b
        }),
    ];
    // Encrypted: the flag set in the local and central headers.
    let mut locked = zip_of(&[("Workflows/Locked-1.json", flow, Stored)]);
    locked[6] |= 1;
    let central = locked.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    locked[central + 8] |= 1;
    v.push(("zip-encrypted.zip".into(), locked));
    // A corrupt central directory: its entry's offset and sizes overwritten.
    let mut corrupt = zip_of(&[("Workflows/Corrupt-1.json", flow, Deflated)]);
    let central = corrupt.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    corrupt[central + 20..central + 28].fill(0xee);
    corrupt[central + 42..central + 46].fill(0x7f);
    v.push(("zip-corrupt-central-directory.zip".into(), corrupt));
    // The central directory cut off: the end record points past the file.
    let mut cut = zip_of(&[("Workflows/Cut-1.json", flow, Deflated)]);
    cut.truncate(cut.len() - 30);
    v.push(("zip-truncated.zip".into(), cut));
    // A name that is not UTF-8.
    let mut latin = zip_of(&[("Workflows/Nameaaaa-1.json", flow, Stored)]);
    for i in 0..latin.len() - 3 {
        if &latin[i..i + 4] == b"aaaa" {
            latin[i..i + 4].copy_from_slice(&[0xff, 0xfe, 0x80, 0xc0]);
        }
    }
    v.push(("zip-name-not-utf8.zip".into(), latin));
    v
}

/// Runs authlint with a time bound; returns (exit code, stderr). `stdin` is fed to standard input.
fn run(args: &[&str]) -> (i32, String, Duration) {
    run_with_stdin(args, None)
}

fn run_with_stdin(args: &[&str], stdin: Option<&Path>) -> (i32, String, Duration) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_authlint"))
        .args(args)
        .env_remove("AUTHLINT_FORMAT")
        .stdin(match stdin {
            Some(p) => Stdio::from(std::fs::File::open(p).unwrap()),
            None => Stdio::null(),
        })
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
            panic!("authlint {args:?} (standard input: {stdin:?}) did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn no_input_crashes_hangs_or_goes_unnamed() {
    let dir = tempfile::tempdir().unwrap();
    let files = inputs(dir.path());
    let kept = std::fs::read_dir("tests/hostile").unwrap().count();
    assert!(kept >= 60 && files.len() >= 100, "{kept} kept, {} in all", files.len());
    let mut failures = Vec::new();
    for f in &files {
        let p = f.to_str().unwrap();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        for (args, stdin, read_as_json) in [
            (vec!["check", p], None, true),
            (vec!["check", p, "--format", "json"], None, true),
            (vec!["lint", p, "--format", "sarif", "--isolated"], None, true),
            (vec!["diff", "samples/clean-request.json", "--postman", p], None, true),
            (
                vec!["diff", "samples/diff/flow-list-users.json", "--postman", COLLECTION, "--environment", p],
                None,
                true,
            ),
            (vec!["diff", "samples/clean-request.json", "--curl", p], None, false),
            (vec!["diff", p, "--curl", "samples/diff/token-request.curl"], None, true),
            (
                vec!["token", "-", "--url", "https://graph.microsoft.com/v1.0/me", "--isolated"],
                Some(f.as_path()),
                false,
            ),
        ] {
            let (code, err, _) = run_with_stdin(&args, stdin);
            // Standard input has no file name to give.
            let name = if stdin.is_some() { "<stdin>" } else { name.as_str() };
            if !(0..=2).contains(&code) {
                failures.push(format!("{args:?}: exit {code}"));
            }
            if err.contains("panicked") || err.contains("internal error") || err.contains("RUST_BACKTRACE") {
                failures.push(format!("{args:?}: {err}"));
            }
            let named = err.contains(name) || (stdin.is_some() && err.contains("standard input"));
            if code == 2 && !named && !err.contains("usage") && !err.contains("Usage") {
                failures.push(format!("{args:?}: exit 2 without naming the file: {err}"));
            }
            // A JSON syntax error is placed: file:line:column.
            if name.starts_with("syntax-") && read_as_json && !err.contains(&format!("{name}:")) {
                failures.push(format!("{args:?}: a syntax error without line and column: {err}"));
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
            err.contains("big.json")
                && err.contains("more than the 2 MiB")
                && err.contains("AUTHLINT_MAX_FILE_MB")
                && err.contains("file-mb"),
            "{err}"
        );
    }
    assert_eq!(run_with("8", "check").status.code(), Some(0));
}

#[test]
fn zip_limits_are_named_when_hit_and_raised_by_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A genuine flow padded with 4 MiB of spaces: a ratio far past 200×, and past a 1 MiB entry limit.
    let mut flow = br#"{"properties": {"definition": {"triggers": {}, "actions": {}}}}"#.to_vec();
    flow.extend(vec![b' '; 4 << 20]);
    let mut z = zip::ZipWriter::new(std::fs::File::create(d.join("padded.zip")).unwrap());
    z.start_file("Workflows/Padded-1.json", zip::write::SimpleFileOptions::default()).unwrap();
    z.write_all(&flow).unwrap();
    z.finish().unwrap();
    let lint = |config: &str| {
        std::fs::write(d.join("authlint.toml"), config).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_authlint"))
            .args(["lint", "padded.zip", "--format", "concise"])
            .current_dir(d)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).to_string())
    };
    let (code, err) = lint("");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("padded.zip!/Workflows/Padded-1.json") && err.contains("past the 200×"), "{err}");
    assert!(err.contains("zip-ratio") && err.contains("[limits]"), "the help says how to raise it: {err}");
    let (code, err) = lint("[limits]\nzip-ratio = 100000\nzip-entry-mb = 1\n");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("more than the 1 MiB per entry"), "{err}");
    let (code, err) = lint("[limits]\nzip-ratio = 100000\n");
    assert_eq!(code, Some(0), "raised, the flow is read: {err}");
    let (code, err) = lint("[limits]\nzip-entries = 0\n");
    assert!(code == Some(2) && err.contains("[limits] zip-entries is 0"), "{err}");
    let (code, err) = lint("[limits]\nzip-bombs = 1\n");
    assert!(code == Some(2) && err.contains("authlint.toml:2:1") && err.contains("zip-bombs"), "{err}");
}

#[test]
fn thousands_of_bad_characters_give_five_findings_and_a_count() {
    // 2,000 spaces inside a credential: once quadratic to render; now five findings and a count.
    let token = format!("Bearer {}", vec!["ab"; 2001].join(" "));
    let out = Command::new(env!("CARGO_BIN_EXE_authlint"))
        .args(["token", &token, "--format", "json", "--isolated"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "auth-whitespace")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(found[4].ends_with("(and 1995 more like it in this value)"), "{found:?}");
}
