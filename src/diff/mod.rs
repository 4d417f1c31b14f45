//! `authlint diff`: the flow's request against the request that works — a Postman collection's or a
//! cURL command's — with each difference that matters explained, and the `check` findings of the flow.

mod compare;
mod select;
mod side;

use chrono::{DateTime, Utc};

pub use side::{Auth, Body, Side};

use crate::check::{CheckOptions, check};
use crate::config::ConfigChoice;
use crate::diagnostic::{Note, Outcome};
use crate::error::Error;
use crate::input::postman::{self, Collection, Variables};
use crate::input::{curl, json, raw};
use crate::model::PlainRequest;
use crate::source::SourceFile;
use crate::time::{Reference, Source};

/// What `diff` was asked to compare.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// The flow's raw inputs.
    pub input: String,
    pub postman: Option<String>,
    pub environment: Option<String>,
    /// `Folder/Sub/Name`; else the best match.
    pub request: Option<String>,
    /// `KEY=VALUE` overrides.
    pub vars: Vec<String>,
    /// A file with a cURL command (`-` for standard input).
    pub curl: Option<String>,
    /// Compare the headers Postman adds and Logic Apps drops too.
    pub strict: bool,
    pub now: Option<DateTime<Utc>>,
    pub config: ConfigChoice,
}

fn variables(opts_env: Option<&String>, vars: &[String]) -> Result<(Variables, Variables), Error> {
    let env = opts_env.map(|p| postman::environment(p)).transpose()?.unwrap_or_default();
    let vars = Variables::from_pairs(vars).map_err(Error::Usage)?;
    Ok((env, vars))
}

/// `diff --list`: the collection's requests, one a line: path, method, URL.
pub fn list(collection: &str, environment: Option<&String>, vars: &[String]) -> Result<String, Error> {
    let c = Collection::read(collection)?;
    let (env, vars) = variables(environment, vars)?;
    let entries = c.entries();
    let rows: Vec<PlainRequest> = entries.iter().map(|e| c.resolve(e, &env, &vars)).collect();
    let w = rows.iter().map(|r| r.name.chars().count()).max().unwrap_or(0);
    let mut out = format!("{} — {} requests\n", c.name, rows.len());
    for r in rows {
        out.push_str(&format!("  {:w$}  {:7} {}\n", r.name, r.method, r.url));
    }
    Ok(out)
}

/// Runs `diff`.
pub fn diff(opts: &DiffOptions) -> Result<Outcome, Error> {
    let check_opts = CheckOptions {
        inputs: vec![opts.input.clone()],
        now: opts.now,
        config: opts.config.clone(),
        ..Default::default()
    };
    let mut outcome = check(&check_opts)?;
    if !outcome.errors.is_empty() {
        return Ok(outcome);
    }
    let src = SourceFile::read(&opts.input)?;
    let flow = match raw::read(&src, &json::parse(&src)?)? {
        raw::RawDocument::Inputs(r) | raw::RawDocument::Exchange { inputs: r, .. } => r,
        raw::RawDocument::Outputs(_) => return Ok(outcome),
    };
    let flow = Side::from_flow(&flow);
    let (reference, compared, file) = match (&opts.postman, &opts.curl) {
        (Some(p), _) => {
            let c = Collection::read(p)?;
            let (env, vars) = variables(opts.environment.as_ref(), &opts.vars)?;
            let entries = c.entries();
            let e = match &opts.request {
                Some(name) => select::by_name(&entries, name, p)?,
                None => select::best(&c, &entries, &flow, &env, &vars, p)?,
            };
            let r = c.resolve(e, &env, &vars);
            let file = outcome.add_file(c.src.clone());
            (r, format!("Postman request \"{}\" ({p})", e.path), file)
        }
        (None, Some(path)) => {
            let src = SourceFile::read(path)?;
            let r = curl::parse(&src)?;
            let file = outcome.add_file(src);
            (r, format!("the cURL command ({path})"), file)
        }
        (None, None) => {
            return Err(Error::Usage("diff needs --postman COLLECTION or --curl FILE to compare with".into()));
        }
    };
    outcome.notes.extend(reference.notes.iter().map(|n| Note { file, message: n.clone() }));
    let who = if opts.postman.is_some() { "Postman" } else { "cURL" };
    let now = opts.now.map_or_else(Reference::clock, |at| Reference { at, source: Source::Flag });
    let ctx = compare::Ctx { who, strict: opts.strict, now };
    let r = Side::from_plain(&reference);
    let mut d = Vec::new();
    compare::method(&flow, &r, &ctx, &mut d);
    compare::url(&flow, &r, &ctx, &mut d);
    compare::query(&flow, &r, &ctx, &mut d);
    compare::authorization(&flow, &r, &ctx, &mut d);
    compare::headers(&flow, &r, &ctx, &mut d);
    compare::body(&flow, &r, &ctx, &mut d);
    outcome.differences = d;
    outcome.compared = Some(compared);
    Ok(outcome)
}
