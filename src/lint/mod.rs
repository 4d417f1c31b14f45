//! `authlint lint`: flow definitions before deployment. Every HTTP action's request goes through the
//! request rules — decided on the literal skeleton of each header template — and every flow through
//! the definition rules.

mod http;
mod secrets;
mod strings;
mod values;

use chrono::{DateTime, Utc};

pub use http::HttpSite;
pub use strings::StringSite;

use crate::config::{self, ConfigChoice};
use rayon::prelude::*;

use crate::config::CustomResource;
use crate::diagnostic::{Diagnostic, FileId, Linted, Outcome, Secret};
use crate::error::Error;
use crate::input::definition::{self, Action, Flow};
use crate::rules::{self, Context};
use crate::source::SourceFile;
use crate::time::{Reference, Source};

/// What `lint` was asked to read.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    pub paths: Vec<String>,
    pub now: Option<DateTime<Utc>>,
    pub config: ConfigChoice,
}

/// One flow and what the analysis found in it, computed once for the definition rules.
pub struct FlowFacts<'a> {
    pub file: FileId,
    pub src: &'a SourceFile,
    pub flow: &'a Flow,
    pub actions: Vec<Action<'a>>,
    /// Every string of the definition, parsed as a template.
    pub strings: Vec<StringSite<'a>>,
    /// The HTTP actions (and connector actions that send raw HTTP), with their header templates.
    pub http: Vec<HttpSite<'a>>,
    pub now: Reference,
}

impl FlowFacts<'_> {
    /// The path of the action a JSON pointer lies in.
    pub fn action_at(&self, pointer: &str) -> Option<&str> {
        self.actions
            .iter()
            .filter(|a| pointer == a.pointer || pointer.starts_with(&format!("{}/", a.pointer)))
            .max_by_key(|a| a.pointer.len())
            .map(|a| a.path.as_str())
    }
}

/// Runs `lint`.
pub fn lint(opts: &LintOptions) -> Result<Outcome, Error> {
    let config = config::load(&opts.config)?;
    let now = opts.now.map_or_else(Reference::clock, |at| Reference { at, source: Source::Flag });
    let found = definition::read_paths(&opts.paths);
    let mut outcome = Outcome::default();
    outcome.errors.extend(found.errors);
    let mut docs = Vec::new();
    for doc in found.documents {
        let file = outcome.add_file(doc.src);
        docs.push((file, doc.flows));
    }
    // Each file is analysed on its own, in parallel; the outcome is sorted afterwards.
    let files = &outcome.files;
    let results: Vec<Analysis> =
        docs.par_iter().map(|(file, flows)| analyse(*file, &files[*file], flows, now, &config.resources)).collect();
    let (mut flows, mut http) = (0, 0);
    for r in results {
        flows += r.flows;
        http += r.http;
        outcome.diagnostics.extend(r.diagnostics);
        outcome.secrets.extend(r.secrets);
    }
    outcome.linted = Some(Linted { files: outcome.files.len(), flows, http_actions: http });
    config.apply(&mut outcome);
    outcome.sort();
    Ok(outcome)
}

/// What one file's flows gave.
#[derive(Default)]
struct Analysis {
    flows: usize,
    http: usize,
    diagnostics: Vec<Diagnostic>,
    secrets: Vec<Secret>,
}

fn analyse(file: FileId, src: &SourceFile, flows: &[Flow], now: Reference, custom: &[CustomResource]) -> Analysis {
    let mut out = Analysis::default();
    for flow in flows {
        out.flows += 1;
        let actions = definition::actions(&flow.definition, &flow.pointer);
        let strings = strings::collect(&flow.definition, &flow.pointer);
        let values = values::Values::collect(flow, &actions);
        let sites = http::sites(src, &actions, &strings, &values);
        out.http += sites.len();
        let facts = FlowFacts { file, src, flow, actions, strings, http: sites, now };
        let mut cx = Context::new();
        for site in &facts.http {
            site.check(&mut cx, file, now, custom);
        }
        for rule in rules::RULES {
            rule.check_flow(&mut cx, &facts);
        }
        out.secrets.extend(secrets::collect(&facts));
        for mut d in cx.diagnostics {
            d.flow = flow.name.clone();
            d.action = facts.action_at(&d.pointer).map(str::to_string);
            out.diagnostics.push(d);
        }
    }
    out
}
