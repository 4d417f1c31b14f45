//! `authlint check`: read run-history inputs (and outputs), run the request rules, collect secrets.

use crate::config::{self, ConfigChoice};
use crate::diagnostic::{Note, Outcome};
use crate::error::Error;
use crate::input::json;
use crate::input::raw::{self, RawDocument};
use chrono::{DateTime, Utc};

use crate::model::{HttpResponse, Json, RequestKind, Text};
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
            Parsed::Raw(doc) => match *doc {
                RawDocument::Outputs(r) | RawDocument::Exchange { outputs: r, .. } => response = Some(r),
                RawDocument::Inputs(_) => {
                    return Err(Error::input(
                        path,
                        "--response expects an action's raw outputs (\"Show raw outputs\": statusCode, headers, body)",
                    ));
                }
            },
            Parsed::CodeView => {
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
        if path != "-" && std::path::Path::new(path).is_dir() {
            outcome.errors.push(
                Error::input(path, "this is a folder; authlint check reads files: one action's raw inputs (or inputs and outputs) each")
                    .with_help(format!("check the files in it (`authlint check {}/*.json`), or lint the flow definitions it holds: `authlint lint {path}`", path.trim_end_matches(['/', '\\']))),
            );
            continue;
        }
        let read = SourceFile::read(path).and_then(|src| parse_doc(&src).map(|doc| (src, doc)));
        let (src, doc) = match read {
            Ok((src, Parsed::CodeView)) => {
                if let Err(e) = code_view(&mut outcome, src, opts, &config) {
                    outcome.errors.push(e);
                }
                continue;
            }
            Ok((src, Parsed::Raw(doc))) => (src, *doc),
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
        let pasted = !matches!(src.text.trim_start_matches('\u{feff}').trim_start().chars().next(), Some('{' | '['));
        let file = outcome.add_file(src);
        if pasted {
            let what = if request.uri.is_some() {
                "a raw HTTP request"
            } else {
                "header lines, with no URL: the checks that need the host (audience, missing credentials) were skipped"
            };
            outcome.notes.push(Note { file, message: format!("read as pasted text: {what}") });
        }
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

/// What an input is: run history, or an action's code view (a definition).
enum Parsed {
    Raw(Box<RawDocument>),
    CodeView,
}

/// Reads a document, with a special word for the text run history shows instead of secure inputs.
/// Text that is not JSON may be a pasted header line or raw HTTP request.
fn parse_doc(src: &SourceFile) -> Result<Parsed, Error> {
    let json = match json::parse(src) {
        Ok(j) => j,
        Err(e) => {
            if src.text.contains("Content not shown due to security configuration") {
                return Err(Error::input(
                    &src.name,
                    "run history hid these inputs: the action has secure inputs turned on",
                )
                .with_help(
                    "copy the request from the action that built it, or turn secure inputs off for one test run",
                ));
            }
            let first = src.text.trim_start_matches('\u{feff}').trim_start().chars().next();
            if !matches!(first, Some('{' | '[' | '"'))
                && let Some(r) = crate::input::pasted::read(src)
            {
                return r.map(|req| Parsed::Raw(Box::new(RawDocument::Inputs(req))));
            }
            return Err(e);
        }
    };
    if is_code_view(&json) {
        return Ok(Parsed::CodeView);
    }
    raw::read(src, &json).map(|d| Parsed::Raw(Box::new(d))).map_err(|e| {
        let said = e.to_string();
        if said.contains("a flow definition") || said.contains("an ARM template") {
            e.with_help(format!(
                "this is a definition, not run history: lint it with `authlint lint {}` (expressions are evaluated where they can be)",
                src.name
            ))
        } else {
            e
        }
    })
}

/// An action as the designer's code view shows it: `{"type": "Http", "inputs": {…}}`.
fn is_code_view(json: &Json) -> bool {
    json.get_ci("type").and_then(Json::as_str).is_some_and(|t| t.eq_ignore_ascii_case("Http"))
        && json.get_ci("inputs").is_some_and(Json::is_object)
}

/// Prefix and suffix that make an action's code view a Consumption flow definition, its text kept
/// verbatim between them (the prefix has no line break, so lines stay where they are).
const CODE_VIEW_PREFIX: &str = r#"{"definition":{"$schema":"https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#","contentVersion":"1.0.0.0","triggers":{},"actions":{"HTTP":"#;
const CODE_VIEW_SUFFIX: &str = "}}}";
const CODE_VIEW_POINTER: &str = "/definition/actions/HTTP";

/// An action's code view is a definition, not run history: it is checked as `lint` checks a flow
/// (expressions evaluated where they can be, what only the run knows unknown), by linting it wrapped
/// in a flow definition and mapping the findings back onto the pasted text.
fn code_view(
    outcome: &mut Outcome,
    src: SourceFile,
    opts: &CheckOptions,
    config: &config::Config,
) -> Result<(), Error> {
    let now = opts.now.map_or_else(Reference::clock, |at| Reference { at, source: Source::Flag });
    let wrapped = format!("{CODE_VIEW_PREFIX}{}{CODE_VIEW_SUFFIX}", src.text);
    // In memory: nothing is written to disk, not even a temporary file.
    let linted = crate::lint::lint_text(&src.name, &wrapped, now, config)?.unwrap_or_default();
    let shift = CODE_VIEW_PREFIX.len();
    let len = src.text.len();
    let back = |s: Span| -> Option<Span> {
        (s.start >= shift && s.end <= shift + len).then(|| Span::new(s.start - shift, s.end - shift))
    };
    let file = outcome.add_file(src);
    outcome.notes.push(Note {
        file,
        message: "this is an action's code view (a definition, not run history): checked as `authlint lint` checks a flow — expressions evaluated where they can be, what only the run knows (a fetched token, a trigger's body) unknown".into(),
    });
    for mut d in linted.diagnostics {
        let Some(span) = back(d.span) else { continue };
        d.span = span;
        d.file = file;
        d.secondary.retain_mut(|l| back(l.span).map(|s| l.span = s).is_some());
        d.pointer = d.pointer.strip_prefix(CODE_VIEW_POINTER).unwrap_or(&d.pointer).to_string();
        // The wrapper's flow has no name of the user's; the action is the one pasted.
        d.flow = None;
        d.action = None;
        outcome.diagnostics.push(d);
    }
    for mut s in linted.secrets {
        if let Some(span) = back(s.span) {
            s.span = span;
            s.file = file;
            outcome.secrets.push(s);
        }
    }
    Ok(())
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
