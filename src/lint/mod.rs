//! `authlint lint`: flow definitions before deployment. Every HTTP action's request goes through the
//! request rules — decided on the literal skeleton of each header template — and every flow through
//! the definition rules.

pub mod exposure;
mod http;
mod judge;
mod secrets;
mod strings;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Utc};

pub use http::{HttpSite, Place, Sent};
pub use judge::SentValue;
pub use strings::StringSite;

use crate::config::{self, ConfigChoice};
use rayon::prelude::*;

use crate::config::CustomResource;
use crate::diagnostic::{Diagnostic, FileId, Linted, Outcome, Secret};
use crate::error::Error;
use crate::input::definition::{self, Action, Flow, Found};
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

/// One flow and what the analysis found in it, computed once for the definition rules.
pub struct FlowFacts<'a> {
    pub file: FileId,
    pub src: &'a SourceFile,
    pub flow: &'a Flow,
    pub actions: Vec<Action<'a>>,
    /// Every string of the definition, parsed as a template.
    pub strings: Vec<StringSite<'a>>,
    /// The HTTP actions (and connector actions that send raw HTTP), with their values evaluated.
    pub http: Vec<HttpSite<'a>>,
    /// What the flow's names (variables, parameters, action outputs) stand for.
    pub env: &'a crate::eval::wdl::FlowEnv<'a>,
    pub now: Reference,
    /// Literal tokens and secrets, found once for the rules and for redaction.
    pub tokens: std::cell::OnceCell<Vec<(usize, crate::source::Span, crate::jwt::Jwt)>>,
    pub secrets: std::cell::OnceCell<Vec<crate::rules::hardcoded_secret::Found>>,
    /// Where the flow's secrets show in run history.
    pub exposure: std::cell::OnceCell<exposure::Exposure>,
    /// Each action's index by its JSON pointer, for [`FlowFacts::action_index_at`].
    pub by_pointer: std::cell::OnceCell<std::collections::HashMap<String, usize>>,
    /// For each of [`FlowFacts::strings`], the action whose inputs hold it.
    pub owners: std::cell::OnceCell<Vec<Option<usize>>>,
}

impl FlowFacts<'_> {
    /// The path of the action a JSON pointer lies in.
    pub fn action_at(&self, pointer: &str) -> Option<&str> {
        self.action_index_at(pointer).map(|i| self.actions[i].path.as_str())
    }

    /// The index of the action whose `inputs` hold a JSON pointer. An action's inputs never hold another
    /// action, so only the pointer's `/inputs` segments are looked up.
    pub fn inputs_owner(&self, pointer: &str) -> Option<usize> {
        let map = self.pointers();
        // Segment by segment from the end (a byte search for '/', not a substring search).
        let mut end = pointer.len();
        while let Some(at) = pointer[..end].rfind('/') {
            if &pointer[at..end] == "/inputs"
                && let Some(&i) = map.get(&pointer[..at])
            {
                return Some(i);
            }
            end = at;
        }
        None
    }

    /// For each of [`FlowFacts::strings`] (same index), the action whose inputs hold it: found by the
    /// string's source span among the actions' `inputs` spans (which never nest: an action's inputs
    /// hold no action), then confirmed by its pointer — no string search per string.
    pub fn owners(&self) -> &[Option<usize>] {
        self.owners.get_or_init(|| {
            let mut inputs: Vec<(usize, usize, usize)> = self
                .actions
                .iter()
                .enumerate()
                .filter_map(|(i, a)| a.node.get("inputs").map(|n| (n.span.start, n.span.end, i)))
                .collect();
            inputs.sort_unstable();
            self.strings
                .iter()
                .map(|s| {
                    let span = s.text.span;
                    let at = inputs.partition_point(|&(start, _, _)| start <= span.start);
                    let candidate = at.checked_sub(1).map(|k| inputs[k]).filter(|&(_, end, _)| span.end <= end);
                    let owner = match candidate {
                        Some((_, _, i)) if self.holds_inputs(i, &s.pointer) => Some(i),
                        Some(_) => self.inputs_owner(&s.pointer),
                        None => None,
                    };
                    debug_assert_eq!(owner, self.inputs_owner(&s.pointer), "owner of {}", s.pointer);
                    owner
                })
                .collect()
        })
    }

    /// Whether a pointer lies in action `i`'s inputs.
    fn holds_inputs(&self, i: usize, pointer: &str) -> bool {
        pointer
            .strip_prefix(self.actions[i].pointer.as_str())
            .and_then(|rest| rest.strip_prefix("/inputs"))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    fn pointers(&self) -> &std::collections::HashMap<String, usize> {
        self.by_pointer.get_or_init(|| self.actions.iter().enumerate().map(|(i, a)| (a.pointer.clone(), i)).collect())
    }

    /// The index in [`FlowFacts::actions`] of the deepest action a JSON pointer lies in: the pointer's
    /// ancestors looked up from the deepest, so the cost follows the pointer's depth, not the number
    /// of actions.
    pub fn action_index_at(&self, pointer: &str) -> Option<usize> {
        let map = self.pointers();
        let mut p = pointer;
        loop {
            if let Some(&i) = map.get(p) {
                return Some(i);
            }
            p = &p[..p.rfind('/')?];
        }
    }
}

/// Runs `lint`.
pub fn lint(opts: &LintOptions) -> Result<Outcome, Error> {
    let config = config::load(&opts.config)?;
    let now = opts.now.map_or_else(Reference::clock, |at| Reference { at, source: Source::Flag });
    // Files stream through read → parse → analyse in parallel; only those with findings (or secrets
    // to redact in them) are kept, so memory follows the findings, not the number of files.
    let files = definition::list(&opts.paths);
    let done = AtomicUsize::new(0);
    if let Some(p) = &opts.progress {
        (p.0)(0, files.len());
    }
    let results: Vec<(Found, Vec<Analysis>)> = files
        .par_iter()
        .map(|(path, named)| {
            let mut found = definition::read_one(path, *named);
            let analyses = std::mem::take(&mut found.documents)
                .into_iter()
                .map(|doc| {
                    let mut a = analyse(0, &doc.src, doc.flows, now, &config.resources);
                    a.files = 1;
                    if !a.diagnostics.is_empty() {
                        a.src = Some(doc.src);
                    }
                    a
                })
                .collect();
            if let Some(p) = &opts.progress {
                (p.0)(done.fetch_add(1, Ordering::Relaxed) + 1, files.len());
            }
            (found, analyses)
        })
        .collect();
    let mut outcome = Outcome::default();
    let (mut read, mut flows, mut http) = (0, 0, 0);
    for (found, analyses) in results {
        outcome.errors.extend(found.errors);
        outcome.skipped.extend(found.skipped);
        for a in analyses {
            read += a.files;
            flows += a.flows;
            http += a.http;
            let Some(src) = a.src else { continue };
            let file = outcome.add_file(src);
            outcome.diagnostics.extend(a.diagnostics.into_iter().map(|d| Diagnostic { file, ..d }));
            outcome.secrets.extend(a.secrets.into_iter().map(|s| Secret { file, ..s }));
        }
    }
    outcome.linted = Some(Linted { files: read, flows, http_actions: http, skipped: outcome.skipped.len() });
    config.apply(&mut outcome);
    outcome.sort();
    Ok(outcome)
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
        let strings = strings::collect(&flow.definition, &flow.pointer);
        let env = crate::eval::wdl::FlowEnv::new(flow, &actions, holes);
        let sites = http::sites(src, &actions, &env);
        out.http += sites.len();
        let facts = FlowFacts {
            file,
            src,
            flow,
            actions,
            strings,
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
