//! Where a flow's secrets show in run history. Run history shows every action's inputs and outputs
//! to anyone who can open the run, unless the action secures them
//! (`runtimeConfiguration.secureData.properties`). Two facts decide what shows:
//!
//! - **Sources**: actions whose outputs hold a secret — a Key Vault secret read (the connector's Get
//!   secret, the built-in Key Vault service provider, an HTTP GET of `https://*.vault.azure.net/
//!   secrets/…`) and token or session fetches, recognised by the shape of the request: an OAuth grant
//!   (`grant_type` in the body), a `/token` endpoint, a GitHub-style `/access_tokens`, or an
//!   `authenticate`/`login`/`session` endpoint whose response the flow reads as `access_token`,
//!   `token`, `session`….
//! - **Sends**: the secrets an action's inputs carry, and where (a header, the query, a cookie, the
//!   body, `authentication`). A secured source's outputs that an action uses *directly* hide that
//!   action's inputs too ("Secure data in run history", learn.microsoft.com/azure/logic-apps/
//!   logic-apps-securing-a-logic-app: downstream actions that explicitly use secured outputs as
//!   inputs have their inputs hidden); through a variable or a Compose they are shown.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::borrow::Cow;

use crate::facts::FlowFacts;

use crate::input::expr::{Expr, ExprKind, Template};

mod actions;

use actions::{TOKEN_KEYS, credential_place, eq, sends_requests, source_kind, variable_name};
pub use actions::{from_secure_parameter, secured};

/// An action whose outputs hold a secret.
#[derive(Debug, Clone)]
pub struct Source {
    /// Index in [`FlowFacts::actions`].
    pub action: usize,
    /// What it fetches, in words: `reads a Key Vault secret`, `fetches a token`.
    pub what: &'static str,
    /// Its outputs are secured.
    pub secured: bool,
}

/// Where an action sends a secret, in words (`the x-api-key header`, `the query parameter code`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub place: String,
    /// Hidden anyway: a secure parameter, or the direct use of a secured source's outputs.
    pub hidden: bool,
}

/// The actions a template reads the outputs of (`body('X')`, `outputs('X')`, `actions('X')`,
/// `result('X')`), with the property each read takes first when there is one.
/// What a template's expressions read, in one walk: action outputs (`body('X')`, and with the first
/// property read, `body('X')?['token']`) and variables.
fn reads<'t>(t: &'t Template, index: &HashMap<String, usize>) -> Reads<'t> {
    let mut r = Reads { outputs: Vec::new(), variables: Vec::new() };
    for e in t.exprs() {
        e.walk(&mut |n: &'t Expr| {
            let key = match &n.kind {
                ExprKind::Member { name, .. } => Some(name.as_str()),
                ExprKind::Index { index, .. } => index.as_str(),
                _ => None,
            };
            match key {
                // A property read of an action's outputs: `body('X')?['token']`.
                Some(key) => {
                    if let Some(i) = output_call(n.root()).and_then(|name| action_named(index, name)) {
                        r.outputs.push((i, Some(key)));
                    }
                }
                None if matches!(n.kind, ExprKind::Member { .. } | ExprKind::Index { .. }) => {}
                None => {
                    if let Some(name) = output_call(n) {
                        if let Some(i) = action_named(index, name) {
                            r.outputs.push((i, None));
                        }
                    } else if n.is_call("variables")
                        && let Some(v) = n.string_arg(0)
                    {
                        r.variables.push(lower(v));
                    }
                }
            }
        });
    }
    r
}

/// A name lower-cased, borrowed when it already is.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) { Cow::Owned(s.to_ascii_lowercase()) } else { Cow::Borrowed(s) }
}

/// The index of the action a name (as written in `body('…')`) names, compared without case.
fn action_named(index: &HashMap<String, usize>, name: &str) -> Option<usize> {
    index.get(lower(name).as_ref()).copied()
}

fn output_call(e: &Expr) -> Option<&str> {
    ["body", "outputs", "actions", "result"].iter().any(|c| e.is_call(c)).then(|| e.string_arg(0)).flatten()
}

/// What one string's expressions read: actions' outputs (with the first property taken) and variables.
struct Reads<'t> {
    /// The actions whose outputs are read (as indexes in [`FlowFacts::actions`]), with the property.
    outputs: Vec<(usize, Option<&'t str>)>,
    /// The variables read, lower-cased.
    variables: Vec<Cow<'t, str>>,
}

/// What a flow exposes, computed once.
pub struct Exposure {
    pub sources: Vec<Source>,
    /// For each action (index in [`FlowFacts::actions`]): where it sends secrets.
    pub sends: HashMap<usize, Vec<Sent>>,
}

impl Exposure {
    pub fn of(f: &FlowFacts) -> Exposure {
        let index: HashMap<String, usize> =
            f.actions.iter().enumerate().map(|(i, a)| (a.name.to_ascii_lowercase(), i)).collect();
        // Which action's inputs each string belongs to, and what each string with an expression reads
        // (the outputs of actions, variables), found once.
        let owner = f.owners();
        let read: Vec<Option<Reads>> = f
            .strings
            .iter()
            .map(|s| match &s.template {
                Ok(t) if !matches!(t, Template::Plain) => Some(reads(t, &index)),
                _ => None,
            })
            .collect();
        // Token reads: an action whose outputs the flow reads as a token (through Parse JSON too).
        let mut parsed_from: HashMap<usize, usize> = HashMap::new();
        for (k, s) in f.strings.iter().enumerate() {
            let (Some(o), Some(r)) = (owner[k], &read[k]) else { continue };
            if f.actions[o].is("ParseJson") && s.pointer.ends_with("/inputs/content") {
                for &(src, _) in &r.outputs {
                    parsed_from.insert(o, src);
                }
            }
        }
        let mut read_as_token: HashSet<usize> = HashSet::new();
        for r in read.iter().flatten() {
            for &(i, key) in &r.outputs {
                if key.as_ref().is_some_and(|k| TOKEN_KEYS.iter().any(|t| eq(t, k))) {
                    read_as_token.insert(parsed_from.get(&i).copied().unwrap_or(i));
                }
            }
        }
        let sources: Vec<Source> = f
            .actions
            .iter()
            .enumerate()
            .filter(|(_, a)| !a.trigger)
            .filter_map(|(i, a)| {
                let what = source_kind(a, read_as_token.contains(&i))?;
                Some(Source { action: i, what, secured: secured(a.node, "outputs") })
            })
            .collect();
        let source_of: HashMap<usize, &Source> = sources.iter().map(|s| (s.action, s)).collect();

        // Variables and Composes that carry a source's secret (to a fixpoint, bounded by the
        // number of actions).
        let mut carries: HashMap<String, HashSet<usize>> = HashMap::new();
        let mut composes: HashMap<usize, HashSet<usize>> = HashMap::new();
        // The strings that assign: (which string, its action, the Compose (None) or variable it sets).
        let assigns: Vec<(usize, usize, Option<String>)> = (0..f.strings.len())
            .filter_map(|k| {
                let (Some(o), Some(_)) = (owner[k], &read[k]) else { return None };
                let a = &f.actions[o];
                if a.is("Compose") {
                    Some((k, o, None))
                } else if a.is("InitializeVariable") || a.is("SetVariable") || a.kind.starts_with("AppendTo") {
                    variable_name(a, &f.strings[k]).map(|v| (k, o, Some(v)))
                } else {
                    None
                }
            })
            .collect();
        for _ in 0..f.actions.len().min(16) {
            let mut changed = false;
            for (k, o, target) in &assigns {
                let (o, r) = (*o, read[*k].as_ref().expect("assigns hold strings with expressions"));
                let mut found: HashSet<usize> = HashSet::new();
                for &(i, _) in &r.outputs {
                    if source_of.contains_key(&i) {
                        found.insert(i);
                    }
                    found.extend(composes.get(&i).into_iter().flatten().copied());
                }
                for v in &r.variables {
                    found.extend(carries.get(v.as_ref()).into_iter().flatten().copied());
                }
                let set = match target {
                    None => composes.entry(o).or_default(),
                    Some(v) => carries.entry(v.clone()).or_default(),
                };
                let before = set.len();
                set.extend(found);
                changed |= set.len() != before;
            }
            if !changed {
                break;
            }
        }

        let mut sends: HashMap<usize, Vec<Sent>> = HashMap::new();
        for (k, s) in f.strings.iter().enumerate() {
            let Some(o) = owner[k] else { continue };
            let a = &f.actions[o];
            if !sends_requests(a) || s.text.value.trim().is_empty() {
                continue;
            }
            let rel = &s.pointer[a.pointer.len() + "/inputs".len()..];
            let place = credential_place(a, rel, s);
            let secure_param = place.is_some() && read[k].is_some() && from_secure_parameter(&s.text.value, f);
            let (mut direct_secured, mut exposed) = (false, Vec::new());
            if let Some(r) = &read[k] {
                for &(i, _) in &r.outputs {
                    match source_of.get(&i) {
                        Some(src) if src.secured => direct_secured = true,
                        Some(_) => exposed.push(i),
                        None => exposed.extend(composes.get(&i).into_iter().flatten().copied()),
                    }
                }
                for v in &r.variables {
                    exposed.extend(carries.get(v.as_ref()).into_iter().flatten().copied());
                }
            }
            let mut add = |place: String, hidden: bool| {
                let list = sends.entry(o).or_default();
                if !list.iter().any(|x| x.place == place) {
                    list.push(Sent { place, hidden });
                }
            };
            if let Some(place) = place {
                add(place, secure_param || direct_secured);
            }
            exposed.sort_unstable();
            exposed.dedup();
            for i in exposed {
                let src = &f.actions[i];
                add(
                    format!(
                        "the secret {} {}",
                        src.name,
                        if source_of[&i].what.starts_with("reads") { "reads" } else { "fetches" }
                    ),
                    false,
                );
            }
            if direct_secured {
                // Every input of this action is hidden: mark what it sends as hidden.
                for x in sends.entry(o).or_default() {
                    x.hidden = true;
                }
            }
        }
        // An action that uses a secured source's outputs directly hides all its inputs.
        for list in sends.values_mut() {
            if list.iter().any(|x| x.hidden && x.place.starts_with("the secret ")) {
                list.iter_mut().for_each(|x| x.hidden = true);
            }
        }
        Exposure { sources, sends }
    }
}
