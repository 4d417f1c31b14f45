//! `authlint check`: read run-history inputs (and outputs), run the request rules, collect secrets.

use crate::config::{self, ConfigChoice};
use crate::diagnostic::{Note, Outcome};
use crate::error::Error;
use crate::input::json;
use crate::input::raw::{self, RawDocument};
use chrono::{DateTime, Utc};

use crate::model::{HttpResponse, RequestKind, Text};
use crate::rules::{self, Context, Environment, RequestFacts};
use crate::source::{SourceFile, Span};
use crate::time::{self, Reference, Source};
use crate::triage;

/// What `check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Raw-inputs files (`-` for standard input).
    pub inputs: Vec<String>,
    /// Raw outputs of the same run.
    pub response: Option<String>,
    /// The Authorization value (or the bare token) to check where run history shows `*sanitized*`;
    /// `-` reads it from standard input.
    pub token: Option<String>,
    /// The reference time for token expiry (`--now`); else the response's `Date`, else the clock.
    pub now: Option<DateTime<Utc>>,
    /// Also note what could not be judged (operations missing from the permission tables).
    pub verbose: bool,
    /// Which config file applies.
    pub config: ConfigChoice,
}

/// Runs `check`. Errors are inputs that cannot be used (exit 2).
pub fn check(opts: &CheckOptions) -> Result<Outcome, Error> {
    let stdin_uses = opts.inputs.iter().filter(|i| *i == "-").count()
        + usize::from(opts.response.as_deref() == Some("-"))
        + usize::from(opts.token.as_deref() == Some("-"));
    if stdin_uses > 1 {
        return Err(Error::Usage("standard input (-) can be read only once: give the other inputs as files".into()));
    }
    let config = config::load(&opts.config)?;
    let mut outcome = Outcome::default();
    let token = opts.token.as_deref().map(read_token).transpose()?;
    let token_file = token.map(|t| outcome.add_file(t));
    let token_text = token_file.map(|f| {
        let t = &outcome.files[f].text;
        Text::plain(t.clone(), Span::new(0, t.len()), 0)
    });
    let mut response = None;
    if let Some(path) = &opts.response {
        let src = SourceFile::read(path)?;
        match parse_doc(&src)? {
            RawDocument::Outputs(r) | RawDocument::Exchange { outputs: r, .. } => response = Some(r),
            RawDocument::Inputs(_) => {
                return Err(Error::input(
                    path,
                    "--response expects an action's raw outputs (\"Show raw outputs\": statusCode, headers, body)",
                ));
            }
        }
        outcome.add_file(src);
    }
    for path in &opts.inputs {
        // A bad input is reported and the others are still checked: nothing is lost.
        let read = SourceFile::read(path).and_then(|src| parse_doc(&src).map(|doc| (src, doc)));
        let (src, doc) = match read {
            Ok(x) => x,
            Err(e) => {
                outcome.errors.push(e);
                continue;
            }
        };
        let (request, resp) = match doc {
            RawDocument::Inputs(r) => (r, response.clone()),
            RawDocument::Exchange { inputs, outputs } => (inputs, Some(outputs)),
            RawDocument::Outputs(resp) => {
                let status = resp.status.map_or_else(String::new, |s| format!(" (status {s})"));
                outcome.errors.push(Error::input(path, format!("this is an action's raw outputs{status}, not its raw inputs"))
                    .with_help(format!("check the raw inputs, with these outputs beside them: `authlint check inputs.json --response {path}`")));
                continue;
            }
        };
        let file = outcome.add_file(src);
        let now = match (opts.now, resp.as_ref().and_then(date_of)) {
            (Some(at), _) => Reference { at, source: Source::Flag },
            (None, Some(at)) => Reference { at, source: Source::ResponseDate },
            (None, None) => Reference::clock(),
        };
        let token = token_file.zip(token_text.as_ref());
        let env = Environment { token, now, uri_file: None, custom: &config.resources };
        let facts = RequestFacts::new(file, &request, env);
        let mut cx = Context::new();
        if request.kind == RequestKind::Connector {
            if resp.is_none() {
                outcome.notes.push(Note { file, message: "these are a connector action's raw inputs: the connection adds the credentials, so there is no Authorization header to check. Give the action's raw outputs (--response) for a verdict: a connector's 401 means the connection expired or was revoked, a 403 that its identity lacks permission.".into() });
            }
        } else {
            rules::check_request(&mut cx, &facts);
            outcome.secrets.extend(crate::secrets::of_request(file, &request, &facts));
            if opts.verbose {
                outcome
                    .notes
                    .extend(rules::jwt_permission::unknown_operations(&facts).map(|message| Note { file, message }));
            }
            if !facts.replaced.is_empty() {
                outcome.notes.push(Note {
                    file,
                    message: "the Authorization value hidden by run history was checked as given with --token".into(),
                });
            } else if token_file.is_some() {
                outcome.notes.push(Note {
                    file,
                    message: "--token was not used: no Authorization header here is *sanitized*".into(),
                });
            }
        }
        if let Some(r) = &resp {
            match triage::verdict(&request, &facts, &cx.diagnostics, r) {
                Some(v) => outcome.verdicts.push((file, v)),
                None => {
                    let status = r.status.map_or_else(|| "no statusCode".to_string(), |s| format!("status {s}"));
                    outcome.notes.push(Note {
                        file,
                        message: format!(
                            "the response has {status}, which is not an authorization failure: no verdict"
                        ),
                    });
                }
            }
        }
        outcome.diagnostics.extend(cx.diagnostics);
    }
    config.apply(&mut outcome);
    outcome.sort();
    Ok(outcome)
}

/// The `Date` header of a response: the time of the run.
fn date_of(r: &HttpResponse) -> Option<DateTime<Utc>> {
    r.headers
        .iter()
        .find(|h| h.name.value.eq_ignore_ascii_case("date"))
        .and_then(|h| h.value.as_str())
        .and_then(time::parse)
}

/// Reads a document, with a special word for the text run history shows instead of secure inputs.
fn parse_doc(src: &SourceFile) -> Result<RawDocument, Error> {
    let json = json::parse(src).map_err(|e| {
        if src.text.contains("Content not shown due to security configuration") {
            Error::input(&src.name, "run history hid these inputs: the action has secure inputs turned on")
                .with_help("copy the request from the action that built it, or turn secure inputs off for one test run")
        } else {
            e
        }
    })?;
    raw::read(src, &json)
}

/// `--token`: a header value, or a bare token that is checked as `Bearer <token>`.
fn read_token(arg: &str) -> Result<SourceFile, Error> {
    let raw = if arg == "-" { SourceFile::read("-")?.text } else { arg.to_string() };
    let value = raw.trim_end_matches(['\r', '\n']);
    let first = value.split(char::is_whitespace).next().unwrap_or("");
    let text = if crate::auth::scan::looks_like_credential(first) && !value.contains(' ') {
        format!("Bearer {value}")
    } else {
        value.to_string()
    };
    Ok(SourceFile::from_text("--token", text))
}
