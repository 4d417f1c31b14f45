//! Command-line behaviour that trycmd files cannot express: encodings on disk, binary input,
//! --output, colour selection, and that no output ever carries a credential.

use std::path::Path;
use std::process::{Command, Output};

fn authlint(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_authlint"));
    c.args(args).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("AUTHLINT_FORMAT");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const REQ: &str = "{\"method\":\"GET\",\"uri\":\"https://graph.microsoft.com/v1.0/me\",\n\"headers\":{\"Authorization\":\"\\\"Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl\\\"\"}}";

#[test]
fn reads_utf8_bom_and_utf16_files_and_reports_the_same_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut variants: Vec<(&str, Vec<u8>)> = vec![("plain", REQ.as_bytes().to_vec())];
    variants.push(("bom", [&[0xEF, 0xBB, 0xBF][..], REQ.as_bytes()].concat()));
    variants.push(("le", [vec![0xFF, 0xFE], REQ.encode_utf16().flat_map(u16::to_le_bytes).collect()].concat()));
    variants.push(("be", [vec![0xFE, 0xFF], REQ.encode_utf16().flat_map(u16::to_be_bytes).collect()].concat()));
    for (name, bytes) in variants {
        let p = dir.path().join(format!("{name}.json"));
        std::fs::write(&p, bytes).unwrap();
        let out = authlint(&["check", "--format", "concise", p.to_str().unwrap()], &[]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains(":2:29: error[auth-quoted]"), "{name}: {}", text(&out.stdout));
    }
}

#[test]
fn binary_and_undecodable_input_exit_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in
        [("zip.json", &b"PK\x03\x04\x14\x00\x00\x00\x08\x00"[..]), ("latin1.json", &b"{\"a\": \"caf\xe9\"}"[..])]
    {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let out = authlint(&["check", p.to_str().unwrap()], &[]);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(err.contains(name), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn output_file_receives_the_report_without_colour() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let out = authlint(
        &["check", "samples/quoted-token.json", "--format", "json", "--output", report.to_str().unwrap()],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["findings"][0]["rule"], "auth-quoted");
    assert_eq!(json["findings"][0]["pointer"], "/headers/Authorization");
}

#[test]
fn colour_follows_flag_and_environment() {
    let esc = |o: &Output| o.stdout.contains(&0x1b);
    let s = "samples/quoted-token.json";
    assert!(!esc(&authlint(&["check", s], &[])), "piped output is plain by default");
    assert!(esc(&authlint(&["check", s], &[("CLICOLOR_FORCE", "1")])), "CLICOLOR_FORCE forces colour");
    assert!(!esc(&authlint(&["check", s], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])), "NO_COLOR wins");
    assert!(esc(&authlint(&["check", s, "--color", "always"], &[])), "--color always");
    assert!(!esc(&authlint(&["check", s, "--color", "never"], &[("CLICOLOR_FORCE", "1")])), "--color never");
    assert!(
        !esc(&authlint(&["check", s, "--format", "json", "--color", "always"], &[])),
        "machine formats never carry ANSI"
    );
}

/// Every credential in the samples, found by parsing them (headers, authentication, queries).
fn credentials_of(path: &Path) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let req = v.get("inputs").unwrap_or(&v);
    let mut out = Vec::new();
    if let Some(h) = req["headers"].as_object() {
        for (k, val) in h {
            let s = val.as_str().unwrap_or_default();
            if k.to_ascii_lowercase().starts_with("authori") && !s.contains("sanitized") {
                // The part after the scheme, minus wrapping quotes: the secret itself.
                let cred = s.trim().trim_matches('"').split_once(|c: char| c.is_whitespace()).map_or(s, |(_, c)| c);
                let cred = cred.trim().trim_matches('"');
                // A user name is not a secret: of `user:password`, only the password is.
                let cred = cred.split_once(':').filter(|_| s.starts_with("Basic")).map_or(cred, |(_, p)| p);
                if cred.len() >= 16 && !cred.starts_with("@{") {
                    out.push(cred.to_string());
                }
            }
        }
    }
    if let Some(sig) = req["uri"].as_str().and_then(|u| u.split("sig=").nth(1)) {
        out.push(sig.to_string());
    }
    // Form-encoded token requests: client_secret=…, password=…
    if let Some(body) = req["body"].as_str() {
        for pair in body.split('&') {
            if let Some(("client_secret" | "password", v)) = pair.split_once('=') {
                out.push(v.to_string());
            }
        }
    }
    out
}

/// Every sample file, in subfolders too.
fn sample_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(sample_files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn no_format_prints_a_credential_unless_asked() {
    let mut checked = 0;
    for path in sample_files(Path::new("samples")) {
        // Raw inputs and run histories; collections and cURL files are the reference side of diff.
        let name = path.to_string_lossy();
        if path.extension().is_none_or(|e| e != "json") || name.contains("postman_") {
            continue;
        }
        let secrets = credentials_of(&path);
        for format in ["text", "concise", "json"] {
            let out = authlint(&["check", path.to_str().unwrap(), "--format", format], &[]);
            let all = text(&out.stdout) + &text(&out.stderr);
            for s in &secrets {
                assert!(!all.contains(s.as_str()), "{}: {format} prints a credential", path.display());
                // Neither the whole credential nor any 12-character piece of its middle.
                let chars: Vec<char> = s.chars().collect();
                for w in chars.windows(12).skip(6).step_by(7).take(20) {
                    let piece: String = w.iter().collect();
                    assert!(!all.contains(&piece), "{}: {format} leaks {piece:?}", path.display());
                }
                checked += 1;
            }
        }
        if !secrets.is_empty() {
            let out = authlint(&["check", path.to_str().unwrap(), "--show-secrets"], &[]);
            let shown = text(&out.stdout);
            // In the snippet the credential appears as written in the JSON: escaped.
            let escaped = |s: &String| serde_json::to_string(s).unwrap().trim_matches('"').to_string();
            let on_a_finding_line = shown.contains('│');
            assert!(
                !on_a_finding_line || secrets.iter().any(|s| shown.contains(&escaped(s))),
                "{}: --show-secrets hides the credential",
                path.display()
            );
        }
    }
    assert!(checked >= 30, "only {checked} credential × format cases were checked");
}

#[test]
fn a_bad_input_does_not_hide_the_findings_of_the_others() {
    let out = authlint(
        &[
            "check",
            "--format",
            "concise",
            "samples/quoted-token.json",
            "samples/outputs-403.json",
            "samples/missing-space.json",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "an unusable input makes the exit code 2");
    let stdout = text(&out.stdout);
    assert!(stdout.contains("quoted-token.json:5:27: error[auth-quoted]"), "{stdout}");
    assert!(stdout.contains("missing-space.json:5:33: error[auth-separator]"), "{stdout}");
    assert!(text(&out.stderr).contains("outputs-403.json: this is an action's raw outputs"));
    let json = authlint(&["check", "--format", "json", "samples/outputs-403.json", "samples/clean-request.json"], &[]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["errors"][0]["file"], "samples/outputs-403.json");
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn token_replaces_a_hidden_raw_authentication_value() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("raw.json");
    std::fs::write(&p, r#"{"method":"GET","uri":"https://graph.microsoft.com/v1.0/me","authentication":{"type":"Raw","value":"*sanitized*"}}"#).unwrap();
    let hidden = authlint(&["check", "--format", "concise", p.to_str().unwrap()], &[]);
    assert!(text(&hidden.stdout).contains("warning[auth-sanitized]"), "{}", text(&hidden.stdout));
    let given = authlint(
        &[
            "check",
            "--format",
            "concise",
            p.to_str().unwrap(),
            "--token",
            "Bearer  eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln",
        ],
        &[],
    );
    let out = text(&given.stdout);
    assert!(out.contains("--token:1:7: error[auth-separator]") && !out.contains("auth-sanitized"), "{out}");
}

#[test]
fn config_file_resources_are_found_walking_up_and_can_be_ignored() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("authlint.toml"), "[[resources]]\nname = \"Contoso Orders API\"\naudiences = [\"api://contoso-orders\"]\nhosts = [\"orders.contoso.com\"]\n").unwrap();
    let deep = dir.path().join("flows/prod");
    std::fs::create_dir_all(&deep).unwrap();
    // A Graph token sent to the API of the config file.
    let tok = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJzY3AiOiJVc2VyLlJlYWQiLCJhcHBpZCI6IngifQ.c2ln";
    let req = format!(
        "{{\"method\":\"GET\",\"uri\":\"https://orders.contoso.com/v1/orders\",\"headers\":{{\"Authorization\":\"Bearer {tok}\"}}}}"
    );
    std::fs::write(deep.join("inputs.json"), req).unwrap();
    let bin = env!("CARGO_BIN_EXE_authlint");
    let run = |extra: &[&str]| {
        Command::new(bin)
            .args(["check", "--format", "concise", "inputs.json"])
            .args(extra)
            .current_dir(&deep)
            .output()
            .unwrap()
    };
    let found = run(&[]);
    assert!(text(&found.stdout).contains("the request goes to Contoso Orders API"), "{}", text(&found.stdout));
    let isolated = run(&["--isolated"]);
    assert_eq!(isolated.status.code(), Some(0), "{}", text(&isolated.stdout));
    std::fs::write(dir.path().join("bad.toml"), "[[resources]]\nname = \"x\"\nhosts = [\"https://x\"]\n").unwrap();
    let bad = run(&["--config", "../../bad.toml"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("bad.toml:3:"), "{}", text(&bad.stderr));
}

#[test]
fn token_given_separately_is_judged_against_the_request_url() {
    // samples/sanitized-header.json calls Microsoft Graph; give it a SharePoint token on stdin.
    let tok = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2NvbnRvc28uc2hhcmVwb2ludC5jb20iLCJyb2xlcyI6WyJTaXRlcy5SZWFkLkFsbCJdLCJhcHBpZCI6IngiLCJpZHR5cCI6ImFwcCJ9.c2ln";
    let mut child = Command::new(env!("CARGO_BIN_EXE_authlint"))
        .args(["check", "samples/sanitized-header.json", "--token", "-", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), format!("{tok}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "audience-mismatch");
    assert_eq!(f["file"], "--token");
    assert!(f["message"].as_str().unwrap().contains("the request goes to Microsoft Graph"), "{f}");
}

#[test]
fn a_panic_is_one_line_exit_2_and_never_its_message() {
    let out = authlint(&["check", "samples/clean-request.json"], &[("AUTHLINT_INTERNAL_PANIC", "1")]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.starts_with("internal error in authlint — please report it with this input (src/main.rs:"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains("eyJ") && !err.contains("Bearer"), "{err}");
    assert!(out.stdout.is_empty());
}

/// authlint is offline by construction: no HTTP client and no TLS stack in the dependency tree of what
/// ships (`cargo tree -e normal`: the binary's own dependencies, transitively). Test-only tools are
/// not shipped: the browser test's CDP client brings ureq as a build dependency of its own.
#[test]
fn the_dependency_tree_has_no_http_client_or_tls_stack() {
    let out = Command::new(env!("CARGO"))
        .args(["tree", "-e", "normal", "--prefix", "none", "-p", "authlint"])
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tree = String::from_utf8(out.stdout).unwrap();
    let packages: Vec<&str> = tree.lines().filter_map(|l| l.split_whitespace().next()).collect();
    assert!(packages.contains(&"serde_json") && packages.contains(&"tiny_http"), "cargo tree not read as expected");
    assert!(!packages.contains(&"headless_chrome"), "dev-dependencies are not in the shipped tree");
    let network = [
        "reqwest",
        "hyper",
        "ureq",
        "isahc",
        "attohttpc",
        "surf",
        "curl",
        "curl-sys",
        "h2",
        "http-body",
        "rustls",
        "native-tls",
        "openssl",
        "openssl-sys",
        "tokio-rustls",
        "hyper-tls",
        "webpki-roots",
    ];
    let found: Vec<&&str> = network.iter().filter(|n| packages.contains(n)).collect();
    assert!(found.is_empty(), "the dependency tree gained {found:?}: authlint must never send anything");
}

/// JWT-shaped words (the tokens a file carries), anywhere in a text.
fn jwt_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .filter(|w| w.starts_with("eyJ") && w.len() >= 40 && w.matches('.').count() >= 2)
        .map(str::to_string)
        .collect()
}

/// The redaction audit: every command (check, lint, token, diff) in every format over every sample
/// and fixture that carries a credential; no credential appears whole or as a 12-character piece of
/// its middle.
#[test]
fn redaction_audit_every_command_and_format() {
    let formats = ["text", "concise", "json", "sarif", "github", "azure", "gitlab", "junit"];
    let mut files = sample_files(Path::new("samples"));
    files.extend(sample_files(Path::new("tests/fixtures")));
    files.extend(sample_files(Path::new("tests/verdicts")));
    let mut cases = 0;
    let mut leaks = Vec::new();
    for path in files {
        let name = path.to_string_lossy().to_string();
        let (mut secrets, command): (Vec<String>, Vec<String>) = if name.ends_with(".zip") {
            // Solution zips: the tokens and secrets written into their flows.
            let mut z = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
            let mut text = String::new();
            for i in 0..z.len() {
                let mut e = z.by_index(i).unwrap();
                let _ = std::io::Read::read_to_string(&mut e, &mut text);
            }
            let mut s = jwt_words(&text);
            if text.contains("not-a-real-secret") {
                s.push("not-a-real-secret".into());
            }
            (s, vec!["lint".into(), name.clone(), "--isolated".into()])
        } else if name.ends_with(".json") && !name.contains("postman_") {
            let text = std::fs::read_to_string(&path).unwrap();
            let flow = text.contains("\"actions\"") && text.contains("\"triggers\"");
            let mut s = jwt_words(&text);
            if !flow {
                s.extend(credentials_of(&path));
            }
            for fake in ["not-a-real-secret", "not-a-real-password", "fake-api-key-0000"] {
                if text.contains(fake) {
                    s.push(fake.into());
                }
            }
            let cmd = if flow { "lint" } else { "check" };
            (s, vec![cmd.into(), name.clone(), "--isolated".into()])
        } else {
            continue;
        };
        secrets.sort();
        secrets.dedup();
        // Whole JSON objects stand for a token response; the token inside is what is secret.
        secrets.retain(|s| s.len() >= 16 && !s.starts_with('{'));
        if secrets.is_empty() {
            continue;
        }
        let mut commands = vec![command];
        // The token command on each token of the file, and diff of a request against itself as cURL.
        for t in secrets.iter().filter(|s| s.starts_with("eyJ")).take(2) {
            commands.push(vec!["token".into(), t.clone()]);
        }
        for cmd in &commands {
            for format in formats {
                let mut args: Vec<&str> = cmd.iter().map(String::as_str).collect();
                args.extend(["--format", format, "--now", "2026-01-01T00:30:00Z"]);
                let out = authlint(&args, &[]);
                let mut stdout = text(&out.stdout);
                if format == "sarif" {
                    // The rules' documentation (with its own example tokens) rides in every SARIF file.
                    let mut v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
                    v["runs"][0]["tool"]["driver"]["rules"] = serde_json::Value::Null;
                    stdout = v.to_string();
                }
                let all = stdout + &text(&out.stderr);
                cases += 1;
                for s in &secrets {
                    // A JWT's header (`{"typ":"JWT","alg":"RS256"}`) is the same in every token and in
                    // the rules' documentation: the secret part is what follows it.
                    let s = match s.split_once('.') {
                        Some((h, rest)) if h.starts_with("eyJ") => rest,
                        _ => s.as_str(),
                    };
                    let chars: Vec<char> = s.chars().collect();
                    let pieces = chars.windows(12).skip(6).step_by(7).take(20).map(|w| w.iter().collect::<String>());
                    if all.contains(s) || pieces.clone().any(|p| all.contains(&p)) {
                        leaks.push(format!("{} {format}: {}…", cmd.join(" "), &s[..8.min(s.len())]));
                    }
                }
            }
        }
    }
    assert!(cases >= 300, "only {cases} command × format cases ran");
    assert!(leaks.is_empty(), "{} leaks:\n{}", leaks.len(), leaks.join("\n"));
}

/// The subcommands a user can type (not `help`).
fn subcommands() -> Vec<String> {
    use clap::CommandFactory;
    let cmd = authlint::cli::Cli::command();
    let names: Vec<String> = cmd.get_subcommands().filter(|s| !s.is_hide_set()).map(|s| s.get_name().into()).collect();
    for known in ["check", "token", "diff", "lint", "rules", "explain", "completions", "man"] {
        assert!(names.iter().any(|n| n == known), "no `{known}` in {names:?}");
    }
    names
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    let marks = [
        ("bash", "complete -F _authlint"),
        ("zsh", "#compdef authlint"),
        ("fish", "complete -c authlint"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[authlint]"),
    ];
    for (shell, mark) in marks {
        let out = authlint(&["completions", shell], &[]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        assert!(script.contains(mark), "{shell}: no `{mark}`");
        for sub in subcommands() {
            assert!(script.contains(&sub), "{shell}: no `{sub}`");
        }
        // Options of the subcommands too (fish writes `-l format`), and their values where the shell
        // completes values (not PowerShell nor Elvish).
        for word in ["format", "show-secrets"] {
            assert!(script.contains(word), "{shell}: no `{word}`");
        }
        assert!(["powershell", "elvish"].contains(&shell) || script.contains("sarif"), "{shell}: no `sarif`");
        if shell == "bash" {
            // bash (always there on Linux and macOS) loads it and registers the completion.
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("authlint.bash");
            std::fs::write(&file, &script).unwrap();
            let loaded = format!("source '{}' && complete -p authlint", file.display());
            if let Ok(out) = Command::new("bash").args(["--norc", "--noprofile", "-c", &loaded]).output() {
                assert!(text(&out.stdout).contains("-F _authlint authlint"), "{}", text(&out.stderr));
            }
        }
    }
    let out = authlint(&["completions", "tcsh"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("possible values"), "{}", text(&out.stderr));
}

/// Checks a man page: the title line first, the sections, plain ASCII, and (where groff is installed)
/// no complaint from troff's warnings.
fn assert_man_page(page: &str, title: &str) {
    assert!(
        page.starts_with(&format!(".TH {title} 1 \"\" \"authlint {}\" ", env!("CARGO_PKG_VERSION"))),
        "{title}: {}",
        &page[..80.min(page.len())]
    );
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS"] {
        assert!(page.contains(&format!("\n{section}\n")), "{title}: no {section}");
    }
    assert!(page.is_ascii(), "{title}: not plain ASCII");
    assert_eq!(page.matches(".ds Aq").count(), 2, "{title}: \\*(Aq defined once (.ie/.el)");
    let groff = std::process::Command::new("groff")
        .args(["-man", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    if let Ok(mut groff) = groff {
        use std::io::Write;
        groff.stdin.take().unwrap().write_all(page.as_bytes()).unwrap();
        let out = groff.wait_with_output().unwrap();
        assert!(out.status.success() && out.stderr.is_empty(), "{title}: groff: {}", text(&out.stderr));
    }
}

#[test]
fn the_man_page_is_roff_listing_every_subcommand_and_the_exit_status() {
    let out = authlint(&["man"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert_man_page(&page, "AUTHLINT");
    assert!(page.contains("\n.SH SUBCOMMANDS\n") && page.contains("\n.SH \"EXIT STATUS\"\n"));
    for sub in subcommands() {
        assert!(page.contains(&format!("\nauthlint\\-{}(1)\n", sub.replace('-', "\\-"))), "no authlint-{sub}(1)");
    }
    // `help` has no page, so the list does not point at one.
    assert!(!page.contains("authlint\\-help(1)"));
}

#[test]
fn man_dir_writes_a_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("man/man1");
    let out = authlint(&["man", "--dir", target.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut want = vec!["authlint.1".to_string()];
    want.extend(subcommands().iter().map(|s| format!("authlint-{s}.1")));
    let printed: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(printed, want.iter().map(|f| target.join(f).display().to_string()).collect::<Vec<_>>());
    let mut on_disk: Vec<String> =
        std::fs::read_dir(&target).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    on_disk.sort();
    want.sort();
    assert_eq!(on_disk, want);
    for sub in subcommands() {
        let page = std::fs::read_to_string(target.join(format!("authlint-{sub}.1"))).unwrap();
        assert_man_page(&page, &format!("AUTHLINT\\-{}", sub.to_uppercase().replace('-', "\\-")));
        // The exit status where it follows findings.
        let findings = ["check", "token", "diff", "lint"].contains(&sub.as_str());
        assert_eq!(page.contains(".SH \"EXIT STATUS\""), findings, "{sub}");
    }
    let lint = std::fs::read_to_string(target.join("authlint-lint.1")).unwrap();
    assert!(lint.contains("\\fBauthlint lint\\fR") && lint.contains("AUTHLINT_FORMAT"), "{lint}");
}

/// A folder of `n` flow definitions, each with a finding.
fn many_flows(dir: &Path, n: usize) {
    let flow = std::fs::read_to_string("samples/solutions/definition-with-static-token.json").unwrap();
    for i in 0..n {
        std::fs::write(dir.join(format!("flow-{i:03}.json")), &flow).unwrap();
    }
}

#[test]
fn lint_prints_no_progress_when_standard_error_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    many_flows(dir.path(), 60);
    let folder = dir.path().to_str().unwrap();
    for format in ["text", "concise", "json", "sarif"] {
        let out = authlint(&["lint", folder, "--isolated", "--format", format], &[("CLICOLOR_FORCE", "1")]);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{format}: standard error is not empty: {:?}", text(&out.stderr));
        assert!(!out.stdout.is_empty());
    }
}

/// Runs authlint under a pseudo-terminal (util-linux `script`), standard output and error both on it;
/// None where `script` is not there.
#[cfg(target_os = "linux")]
fn on_a_terminal(args: &str) -> Option<String> {
    let cmd = format!("COLUMNS=100 NO_COLOR=1 '{}' {args}", env!("CARGO_BIN_EXE_authlint"));
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env_remove("AUTHLINT_FORMAT")
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status.code().is_some_and(|c| c <= 2).then(|| text(&out.stdout))
}

#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_lint_shows_progress_in_human_formats_only_and_clears_it_before_the_report() {
    let dir = tempfile::tempdir().unwrap();
    many_flows(dir.path(), 60);
    let folder = dir.path().display().to_string();
    let Some(concise) = on_a_terminal(&format!("lint '{folder}' --isolated --format concise")) else {
        eprintln!("skipped: no util-linux `script` to make a terminal");
        return;
    };
    let bar = concise.rfind("/60 files").unwrap_or_else(|| panic!("no progress bar: {concise:.2000?}"));
    let report = concise.find("error[static-token]").expect("the report");
    assert!(bar < report, "the bar after the report: {concise:.4000?}");
    // Cleared (carriage return, erase line) before the first line of the report.
    assert!(concise[bar..report].contains("\r\x1b[2K"), "{:?}", &concise[bar..report]);
    // Machine formats never, and neither a run over few files.
    for args in ["--format json", "--format sarif", "--format github"] {
        let out = on_a_terminal(&format!("lint '{folder}' --isolated {args}")).unwrap();
        assert!(!out.contains("linting [") && !out.contains("\x1b[2K"), "{args}: a progress bar: {out:.2000?}");
    }
    // Standard output on the terminal but standard error to a file: nothing there.
    let err = dir.path().join("stderr.txt");
    on_a_terminal(&format!("lint '{folder}' --isolated --format concise 2>'{}'", err.display())).unwrap();
    assert_eq!(std::fs::read_to_string(&err).unwrap(), "");
    let few = tempfile::tempdir().unwrap();
    many_flows(few.path(), 5);
    let out = on_a_terminal(&format!("lint '{}' --isolated --format concise", few.path().display())).unwrap();
    assert!(out.contains("error[static-token]") && !out.contains("linting ["), "{out:.2000?}");
}
