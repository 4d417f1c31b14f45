//! The page's JSON API: each call runs the library function the command runs, on the pasted texts
//! (read under fixed names through [`crate::source::with_pasted`], never from disk), and answers with
//! the JSON of `--format json` — plus, for `check`, the corrected header values where the fix is
//! mechanical.

use serde::Deserialize;
use serde_json::{Value, json};

use super::Reply;
use crate::check::{CheckOptions, check as run_check};
use crate::config::ConfigChoice;
use crate::diagnostic::SecretKind;
use crate::diff::{DiffOptions, diff as run_diff};
use crate::error::Error;
use crate::report::{self, Format, Options};
use crate::source::with_pasted;
use crate::token::{TokenOptions, token as run_token};

const INPUTS: &str = "pasted raw inputs";
const OUTPUTS: &str = "pasted raw outputs";
const REQUEST: &str = "pasted request";
const COLLECTION: &str = "pasted Postman collection";
const ENVIRONMENT: &str = "pasted Postman environment";
const CURL: &str = "pasted cURL command";

/// The page's own config: none (the page judges what is pasted, whatever folder authlint runs in).
fn isolated() -> ConfigChoice {
    ConfigChoice { explicit: None, isolated: true }
}

fn opts(show_secrets: bool) -> Options {
    Options { color: false, show_secrets, width: 100 }
}

fn parse<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, Reply> {
    serde_json::from_slice(body)
        .map_err(|e| Reply::refuse(400, &format!("the page sent JSON authlint does not expect: {e}")))
}

fn time(now: &Option<String>) -> Result<Option<chrono::DateTime<chrono::Utc>>, Reply> {
    now.as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            chrono::DateTime::parse_from_rfc3339(s.trim())
                .map(|t| t.with_timezone(&chrono::Utc))
                .map_err(|e| Reply::refuse(400, &format!("{e}: give a time such as 2026-11-10T12:00:00Z")))
        })
        .transpose()
}

/// An input that cannot be used (exit 2 on the command line): the message, as the terminal shows it.
fn unusable(e: &Error) -> Reply {
    Reply::json(422, &json!({ "error": report::render_error(e, &opts(false)).trim_end() }))
}

fn document(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckCall {
    inputs: String,
    #[serde(default)]
    outputs: Option<String>,
    #[serde(default)]
    now: Option<String>,
    #[serde(default)]
    show_secrets: bool,
}

pub fn check(body: &[u8]) -> Result<Reply, Reply> {
    let call: CheckCall = parse(body)?;
    let now = time(&call.now)?;
    let outputs = call.outputs.filter(|o| !o.trim().is_empty());
    let mut pasted = vec![(INPUTS.to_string(), call.inputs.clone())];
    if let Some(o) = &outputs {
        pasted.push((OUTPUTS.to_string(), o.clone()));
    }
    let options = CheckOptions {
        inputs: vec![INPUTS.into()],
        response: outputs.as_ref().map(|_| OUTPUTS.into()),
        now,
        config: isolated(),
        ..Default::default()
    };
    let outcome = with_pasted(pasted, || run_check(&options)).map_err(|e| unusable(&e))?;
    let mut doc = document(&report::render(&outcome, Format::Json, &opts(call.show_secrets)));
    doc["fixes"] = fixes(&call.inputs, &outcome.diagnostics, call.show_secrets);
    Ok(Reply::json(200, &doc))
}

/// The corrected value of each Authorization value a finding is about, where the fix is mechanical.
fn fixes(inputs: &str, diagnostics: &[crate::diagnostic::Diagnostic], show_secrets: bool) -> Value {
    let root: Value = serde_json::from_str(inputs).unwrap_or(Value::Null);
    let mut pointers: Vec<&str> = diagnostics.iter().map(|d| d.pointer.as_str()).collect();
    pointers.sort_unstable();
    pointers.dedup();
    let fixes: Vec<Value> = pointers
        .into_iter()
        .filter_map(|p| {
            let value = root.pointer(p)?.as_str()?;
            let fixed = super::fix::corrected(value)?;
            let shown = if show_secrets {
                fixed.clone()
            } else {
                let (scheme, cred) = fixed.split_once(' ')?;
                let kind = if scheme == "Basic" { SecretKind::Password } else { SecretKind::Token };
                format!("{scheme} {}", crate::redact::redact(cred, kind))
            };
            Some(json!({ "pointer": p, "corrected": shown, "revealed": show_secrets }))
        })
        .collect();
    Value::Array(fixes)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenCall {
    token: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    now: Option<String>,
}

pub fn token(body: &[u8]) -> Result<Reply, Reply> {
    let call: TokenCall = parse(body)?;
    let now = time(&call.now)?;
    let options = TokenOptions {
        // `-` would read standard input: a pasted `-` is just text.
        token: if call.token.trim() == "-" { " -".into() } else { call.token },
        url: call.url.filter(|u| !u.trim().is_empty()),
        method: call.method.unwrap_or_default(),
        now,
        config: isolated(),
        ..Default::default()
    };
    let r = run_token(&options).map_err(|e| unusable(&e))?;
    Ok(Reply::json(200, &document(&report::render_token(&r, Format::Json, &opts(false)))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiffCall {
    request: String,
    #[serde(default)]
    postman: Option<String>,
    #[serde(default)]
    environment: Option<String>,
    #[serde(default)]
    curl: Option<String>,
    /// `Folder/Sub/Name` in the collection; else the best match.
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    strict: bool,
    #[serde(default)]
    now: Option<String>,
}

pub fn diff(body: &[u8]) -> Result<Reply, Reply> {
    let call: DiffCall = parse(body)?;
    let now = time(&call.now)?;
    let given = |s: &Option<String>| s.as_ref().filter(|t| !t.trim().is_empty()).cloned();
    let (postman, environment, curl) = (given(&call.postman), given(&call.environment), given(&call.curl));
    if postman.is_none() == curl.is_none() {
        return Err(Reply::refuse(400, "paste either a Postman collection or a cURL command to compare with"));
    }
    let mut pasted = vec![(REQUEST.to_string(), call.request)];
    for (name, text) in [(COLLECTION, &postman), (ENVIRONMENT, &environment), (CURL, &curl)] {
        if let Some(t) = text {
            pasted.push((name.to_string(), t.clone()));
        }
    }
    let options = DiffOptions {
        input: REQUEST.into(),
        postman: postman.map(|_| COLLECTION.into()),
        environment: environment.map(|_| ENVIRONMENT.into()),
        request: given(&call.name),
        vars: Vec::new(),
        curl: curl.map(|_| CURL.into()),
        strict: call.strict,
        now,
        config: isolated(),
    };
    let outcome = with_pasted(pasted, || run_diff(&options)).map_err(|e| unusable(&e))?;
    Ok(Reply::json(200, &document(&report::render(&outcome, Format::Json, &opts(false)))))
}
