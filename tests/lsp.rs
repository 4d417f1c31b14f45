//! `authlint lsp` driven over stdio as an editor drives it: initialize, initialized, didOpen,
//! publishDiagnostics, codeAction, didChange, shutdown, exit.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
}

impl Client {
    fn start() -> Client {
        Client::start_in(&["lsp", "--isolated"], std::path::Path::new("."))
    }

    fn start_in(args: &[&str], cwd: &std::path::Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_authlint"))
            .args(args)
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("authlint lsp starts");
        let stdin = child.stdin.take().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            loop {
                let mut len = 0;
                loop {
                    let mut line = String::new();
                    if out.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        len = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                if out.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).expect("the server sends JSON")).is_err() {
                    return;
                }
            }
        });
        Client { child, stdin, messages }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next message that `pick` accepts (others, such as log messages, are passed over).
    fn wait(&self, pick: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self.messages.recv_timeout(Duration::from_secs(30)).expect("the server answers in time");
            if pick(&m) {
                return m;
            }
        }
    }
}

const URI: &str = "file:///work/flows/Workflows/Fixablesync.json";

fn rules_of(note: &Value) -> Vec<String> {
    note["params"]["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn an_editor_session_over_stdio() {
    let text =
        std::fs::read_to_string("samples/fixable/Workflows/Fixablesync-5e0c9f21-3b7a-4d6e-8f10-2a9b8c7d6e5f.json")
            .unwrap();
    let mut c = Client::start();
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}}}));
    let init = c.wait(|m| m["id"] == 1);
    assert_eq!(init["result"]["capabilities"]["textDocumentSync"], 1, "full sync: {init}");
    assert_eq!(init["result"]["capabilities"]["codeActionProvider"], true);
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));

    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": URI, "languageId": "json", "version": 1, "text": text}}}));
    let note = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(note["params"]["uri"], URI);
    let rules = rules_of(&note);
    for r in ["auth-quoted", "auth-separator", "auth-scheme-case", "expr-quote-wrap", "uri-insecure"] {
        assert!(rules.iter().any(|x| x == r), "{r} missing: {rules:?}");
    }
    let quoted =
        note["params"]["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "auth-quoted").unwrap().clone();
    assert_eq!(quoted["source"], "authlint");
    assert_eq!(quoted["severity"], 1);
    let msg = quoted["message"].as_str().unwrap();
    assert!(msg.contains("help: remove the quotes") && msg.contains("authlint explain auth-quoted"), "{msg}");
    // Line 54, column 33 in the file (1-based) is line 53, character 32 in LSP.
    assert_eq!(quoted["range"]["start"], json!({"line": 53, "character": 32}));

    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": URI}, "range": quoted["range"], "context": {"diagnostics": [quoted]}}}));
    let actions = c.wait(|m| m["id"] == 2);
    let action = &actions["result"][0];
    assert_eq!(action["kind"], "quickfix", "{actions}");
    assert!(action["title"].as_str().unwrap().contains("auth-quoted"));
    let edits = action["edit"]["changes"][URI].as_array().unwrap();
    assert_eq!(edits.len(), 2);
    assert_eq!(
        edits[0],
        json!({"range": {"start": {"line": 53, "character": 32}, "end": {"line": 53, "character": 34}}, "newText": ""})
    );

    // The editor applies the fixes (here: the text as --fix writes it) and sends the whole text.
    let fixed = text
        .replace(
            r#""\"Bearer @{body('Get_token')?['access_token']}\"""#,
            r#""Bearer @{body('Get_token')?['access_token']}""#,
        )
        .replace("\"bearer @{", "\"Bearer @{");
    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": fixed}]}}));
    let note = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    let rules = rules_of(&note);
    assert!(!rules.iter().any(|r| r == "auth-quoted" || r == "auth-scheme-case"), "{rules:?}");
    assert!(rules.iter().any(|r| r == "uri-insecure"), "{rules:?}");

    // A file that is not a definition has no diagnostics, and breaks nothing.
    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///work/x.json", "languageId": "json", "version": 1, "text": "{\"a\": "}}}));
    let note = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(note["params"]["diagnostics"], json!([]));

    c.send(json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": null}));
    let down = c.wait(|m| m["id"] == 3);
    assert!(down.get("error").is_none(), "{down}");
    c.send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    let status = c.child.wait().unwrap();
    assert!(status.success(), "{status}");
}

/// Each document is linted with the config of its own folder, as `authlint lint` run there would be:
/// the nearest `authlint.toml` up from the file, not the server's working directory.
#[test]
fn each_document_gets_the_config_of_its_folder() {
    let text =
        std::fs::read_to_string("samples/fixable/Workflows/Fixablesync-5e0c9f21-3b7a-4d6e-8f10-2a9b8c7d6e5f.json")
            .unwrap();
    let root = tempfile::tempdir().unwrap();
    for d in ["quiet/Workflows", "plain/Workflows", "broken/Workflows", "server"] {
        std::fs::create_dir_all(root.path().join(d)).unwrap();
    }
    std::fs::write(root.path().join("quiet/authlint.toml"), "[rules]\nuri-insecure = \"off\"\n").unwrap();
    std::fs::write(root.path().join("broken/authlint.toml"), "[rules]\nno-such-rule = \"off\"\n").unwrap();
    // The server runs from a folder with a config of its own, which none of the documents is under.
    std::fs::write(root.path().join("server/authlint.toml"), "[rules]\nauth-quoted = \"off\"\n").unwrap();
    let mut c = Client::start_in(&["lsp"], &root.path().join("server"));
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}}}));
    c.wait(|m| m["id"] == 1);
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let mut open = |dir: &str| {
        let uri = format!("file://{}/{dir}/Workflows/flow.json", root.path().display());
        c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}}));
        c.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str())
    };
    let quiet = rules_of(&open("quiet"));
    assert!(!quiet.iter().any(|r| r == "uri-insecure"), "turned off by quiet/authlint.toml: {quiet:?}");
    assert!(quiet.iter().any(|r| r == "auth-quoted"), "the server's own folder's config does not apply: {quiet:?}");
    let plain = rules_of(&open("plain"));
    assert!(plain.iter().any(|r| r == "uri-insecure") && plain.iter().any(|r| r == "auth-quoted"), "{plain:?}");
    let broken = open("broken");
    assert_eq!(rules_of(&broken), vec!["config".to_string()], "{broken}");
    let msg = broken["params"]["diagnostics"][0]["message"].as_str().unwrap();
    assert!(msg.contains("no-such-rule"), "{msg}");
    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}));
    c.wait(|m| m["id"] == 2);
    c.send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    assert!(c.child.wait().unwrap().success());
}
