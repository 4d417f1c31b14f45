//! `authlint lint`: flow definitions before deployment. Every HTTP action's request goes through the
//! request rules — decided on the literal skeleton of each header template — and every flow through
//! the definition rules.

mod judge;
mod secrets;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Utc};

pub use crate::facts::{FlowFacts, SentValue};

use crate::config::{self, ConfigChoice};
use rayon::prelude::*;

use crate::config::CustomResource;
use crate::diagnostic::{Diagnostic, FileId, Linted, Outcome, Secret};
use crate::error::Error;
use crate::facts::{http, strings};
use crate::input::definition::{self, Flow, Found};
use crate::rules::{self, Context};
use crate::source::SourceFile;
use crate::time::{Reference, Source};

/// What `lint` was asked to read.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    pub paths: Vec<String>,
    pub now: Option<DateTime<Utc>>,
    pub config: ConfigChoice,
    /// Told how far the run is; none by default.
    pub progress: Option<Progress>,
    /// The report shows no source (every format but text, and no `--fix`/`--diff`): a file with
    /// findings keeps only the lines and columns of their spans and of their usable fixes' edits,
    /// not its text.
    pub positions_only: bool,
}

/// How far `lint` is, for a progress bar: called as `(done, total)` once with `done` 0 when the files
/// are listed, then once per file read and analysed (from the worker threads, in any order; a zip is
/// one file). The library prints nothing: the command line draws the bar.
#[derive(Clone)]
pub struct Progress(Arc<dyn Fn(usize, usize) + Send + Sync>);

impl Progress {
    pub fn new(f: impl Fn(usize, usize) + Send + Sync + 'static) -> Self {
        Progress(Arc::new(f))
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}

/// Runs `lint`.
pub fn lint(opts: &LintOptions) -> Result<Outcome, Error> {
    run(opts, None)
}

/// Runs `lint`, handing each file's findings to `each` — an outcome of that one file, after the
/// config's severities and ignores, sorted — in the report's order, as soon as the files before it are
/// done. The outcome returned holds every finding, but of each file only the lines and columns of its
/// findings: the text report renders the findings as they come, then its tail from that outcome.
pub fn lint_streaming(opts: &LintOptions, each: &mut (dyn FnMut(&Outcome) + Send)) -> Result<Outcome, Error> {
    run(opts, Some(each))
}

fn run(opts: &LintOptions, mut each: Option<&mut (dyn FnMut(&Outcome) + Send)>) -> Result<Outcome, Error> {
    let config = config::load(&opts.config)?;
    let now = opts.now.map_or_else(Reference::clock, |at| Reference { at, source: Source::Flag });
    // Files stream through read → parse → analyse in parallel; only those with findings (or secrets
    // to redact in them) are kept, so memory follows the findings, not the number of files.
    let files = definition::list(&opts.paths);
    let done = AtomicUsize::new(0);
    if let Some(p) = &opts.progress {
        (p.0)(0, files.len());
    }
    let work = |path: &std::path::Path, named: bool| -> (Found, Vec<Analysis>) {
        let mut found = definition::read_one(path, named);
        let analyses = std::mem::take(&mut found.documents)
            .into_iter()
            .map(|doc| {
                let mut a = analyse(0, &doc.src, doc.flows, now, &config.resources);
                a.files = 1;
                if !a.diagnostics.is_empty() {
                    let mut src = doc.src;
                    if opts.positions_only {
                        // A report shows a fix only where it applies to these bytes: decided now,
                        // before the text goes (fix::placed trusts a file that kept positions only).
                        for d in &mut a.diagnostics {
                            if d.fix.as_ref().is_some_and(|f| !crate::fix::usable(&src, f)) {
                                d.fix = None;
                            }
                        }
                        src.keep_positions_only(positions(&a.diagnostics));
                    }
                    a.src = Some(src);
                }
                a
            })
            .collect();
        if let Some(p) = &opts.progress {
            (p.0)(done.fetch_add(1, Ordering::Relaxed) + 1, files.len());
        }
        (found, analyses)
    };
    let mut outcome = Outcome::default();
    let (mut read, mut flows, mut http) = (0, 0, 0);
    let take = |(found, analyses): (Found, Vec<Analysis>)| {
        outcome.errors.extend(found.errors);
        outcome.skipped.extend(found.skipped);
        for a in analyses {
            read += a.files;
            flows += a.flows;
            http += a.http;
            let Some(src) = a.src else { continue };
            // The config's severities and ignores, and the order, are of each finding in its file:
            // applied file by file, they are what they would be applied to the whole.
            let mut one = Outcome { diagnostics: a.diagnostics, secrets: a.secrets, ..Outcome::default() };
            one.add_file(src);
            config.apply(&mut one);
            one.sort();
            if let Some(each) = each.as_mut() {
                each(&one);
                let kept = positions(&one.diagnostics).collect::<Vec<_>>();
                one.files[0].keep_positions_only(kept);
            }
            let file = outcome.add_file(one.files.pop().expect("one file"));
            outcome.ignored += one.ignored;
            outcome.diagnostics.extend(one.diagnostics.into_iter().map(|d| Diagnostic { file, ..d }));
            outcome.secrets.extend(one.secrets.into_iter().map(|s| Secret { file, ..s }));
        }
    };
    // Workers take the files in order (par_bridge); the one that finishes the next file in order takes
    // it and every finished one after it, under a lock, so only the few finished out of order wait, and
    // no thread is woken per file.
    let merge = std::sync::Mutex::new((std::collections::BTreeMap::new(), 0usize, take));
    files.iter().enumerate().par_bridge().for_each(|(i, (path, named))| {
        let result = work(path, *named);
        let mut guard = merge.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (waiting, next, take) = &mut *guard;
        waiting.insert(i, result);
        while let Some(result) = waiting.remove(next) {
            take(result);
            *next += 1;
        }
    });
    drop(merge);
    outcome.fail_on = config.fail_on;
    outcome.linted = Some(Linted { files: read, flows, http_actions: http, skipped: outcome.skipped.len() });
    Ok(outcome)
}

/// The offsets a report of `diagnostics` asks the line and column of: the findings' spans, their
/// labels' and their fixes' edits'.
fn positions(diagnostics: &[Diagnostic]) -> impl Iterator<Item = usize> + '_ {
    diagnostics.iter().flat_map(|d| {
        let edits = d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.span));
        let spans = std::iter::once(d.span).chain(d.secondary.iter().map(|l| l.span)).chain(edits);
        spans.flat_map(|s| [s.start, s.end])
    })
}

/// Lints one text in memory as a definition file named `name` (no parameters file beside it): the
/// findings, sorted, after the config's ignores; `Ok(None)` when it holds no flow. Used to check a fix
/// before it is written, and by the language server on an editor's buffer.
pub fn lint_text(name: &str, text: &str, now: Reference, config: &config::Config) -> Result<Option<Outcome>, Error> {
    let src = SourceFile::from_text(name, text);
    let doc = definition::read(src, None)?;
    if doc.flows.is_empty() {
        return Ok(None);
    }
    let a = analyse(0, &doc.src, doc.flows, now, &config.resources);
    let mut outcome = Outcome::default();
    outcome.add_file(doc.src);
    outcome.diagnostics = a.diagnostics;
    outcome.secrets = a.secrets;
    outcome.linted = Some(Linted { files: 1, flows: a.flows, http_actions: a.http, skipped: 0 });
    config.apply(&mut outcome);
    outcome.sort();
    Ok(Some(outcome))
}

/// What one file's flows gave.
#[derive(Default)]
struct Analysis {
    /// 1 for a document read (set by the caller).
    files: usize,
    /// The source, kept only when there are findings in it.
    src: Option<SourceFile>,
    flows: usize,
    http: usize,
    diagnostics: Vec<Diagnostic>,
    secrets: Vec<Secret>,
}

fn analyse(file: FileId, src: &SourceFile, flows: Vec<Flow>, now: Reference, custom: &[CustomResource]) -> Analysis {
    let mut out = Analysis::default();
    for mut flow in flows {
        out.flows += 1;
        // In an ARM template, the definition is judged as deployed: its `[…]` expressions evaluated.
        let mut holes = crate::eval::arm::Holes::default();
        if let Some(t) = flow.arm.clone() {
            crate::eval::arm::deploy(&mut flow.definition, &t, &mut holes);
            if let Some(p) = &mut flow.parameters {
                crate::eval::arm::deploy(p, &t, &mut holes);
            }
        }
        let flow = &flow;
        let actions = definition::actions(&flow.definition, &flow.pointer);
        let inputs: Vec<_> = actions.iter().map(|a| a.node.get("inputs")).collect();
        let (pointers, found) = strings::collect(&flow.definition, &flow.pointer, &inputs);
        let strings = strings::sites(found, &pointers);
        let parsed: Vec<_> = strings.iter().map(|s| (s.text, &s.template)).collect();
        let env = crate::eval::wdl::FlowEnv::new(flow, &actions, holes, &parsed);
        let sites = http::sites(src, &actions, &env);
        out.http += sites.len();
        let facts = FlowFacts {
            file,
            src,
            flow,
            actions,
            strings: &strings,
            http: sites,
            env: &env,
            now,
            tokens: Default::default(),
            secrets: Default::default(),
            exposure: Default::default(),
            by_pointer: Default::default(),
            owners: Default::default(),
        };
        let mut cx = Context::new();
        for site in &facts.http {
            judge::judge(site, &mut cx, (file, &src.text), now, custom);
        }
        for rule in rules::RULES {
            rule.check_flow(&mut cx, &facts);
        }
        // A placeholder sent as a credential is one finding: not also the whitespace between its words,
        // and not a second error where `auth-unevaluated` already names the same template text.
        let at = |rule: &str| -> std::collections::HashSet<String> {
            cx.diagnostics.iter().filter(|d| d.rule == rule).map(|d| d.pointer.clone()).collect()
        };
        let placeholders = at("placeholder-credential");
        let unevaluated = at("auth-unevaluated");
        cx.diagnostics.retain(|d| match d.rule {
            "auth-whitespace" => !placeholders.contains(&d.pointer),
            "placeholder-credential" => !unevaluated.contains(&d.pointer),
            _ => true,
        });
        out.secrets.extend(secrets::collect(&facts));
        for mut d in cx.diagnostics {
            d.flow = flow.name.clone();
            d.action = facts.action_at(&d.pointer).map(str::to_string);
            out.diagnostics.push(d);
        }
    }
    out
}
