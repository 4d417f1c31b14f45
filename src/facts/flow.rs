//! One flow definition and what the analysis found in it, computed once and read by the definition
//! rules (`Rule::check_flow`).

use crate::diagnostic::FileId;
use crate::facts::http::HttpSite;
use crate::facts::strings::StringSite;
use crate::input::definition::{Action, Flow};
use crate::source::SourceFile;
use crate::time::Reference;

/// One flow and what the analysis found in it, computed once for the definition rules.
pub struct FlowFacts<'a> {
    pub file: FileId,
    pub src: &'a SourceFile,
    pub flow: &'a Flow,
    pub actions: Vec<Action<'a>>,
    /// Every string of the definition, parsed as a template.
    pub strings: &'a [StringSite<'a>],
    /// The HTTP actions (and connector actions that send raw HTTP), with their values evaluated.
    pub http: Vec<HttpSite<'a>>,
    /// What the flow's names (variables, parameters, action outputs) stand for.
    pub env: &'a crate::eval::wdl::FlowEnv<'a>,
    pub now: Reference,
    /// Literal tokens and secrets (`rules::hardcoded_secret::Found`), found once for the rules and for
    /// redaction.
    pub tokens: std::cell::OnceCell<Vec<(usize, crate::source::Span, crate::jwt::Jwt)>>,
    pub secrets: Derived,
    /// Where the flow's secrets show in run history (`exposure::Exposure`).
    pub exposure: Derived,
    /// Each action's index by its JSON pointer, for [`FlowFacts::action_index_at`].
    pub by_pointer: std::cell::OnceCell<foldhash::HashMap<String, usize>>,
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

    /// For each of [`FlowFacts::strings`] (same index), the action whose inputs hold it, as the
    /// strings' walk found it (debug builds check it against [`FlowFacts::owners_by_place`]).
    pub fn owners(&self) -> &[Option<usize>] {
        self.owners.get_or_init(|| {
            let owners: Vec<Option<usize>> = self.strings.iter().map(|s| s.owner).collect();
            debug_assert_eq!(owners, self.owners_by_place(), "the walk's owners are the strings' places'");
            owners
        })
    }

    /// The owners found again from each string's place: by its source span among the actions'
    /// `inputs` spans (which never nest: an action's inputs hold no action), confirmed by its pointer.
    fn owners_by_place(&self) -> Vec<Option<usize>> {
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
                // The pointer alone can name another node: with a key written twice (`"actions"`
                // twice, say), both copies have the same pointers, and the action tree holds one of
                // them. An owner found by pointer must also hold the string's bytes.
                let by_pointer = || self.inputs_owner(s.pointer).filter(|&i| self.inputs_hold(i, span));
                let owner = match candidate {
                    Some((_, _, i)) if self.holds_inputs(i, s.pointer) => Some(i),
                    Some(_) => by_pointer(),
                    None => None,
                };
                debug_assert_eq!(owner, by_pointer(), "owner of {}", s.pointer);
                owner
            })
            .collect()
    }

    /// Whether action `i`'s `inputs` hold the bytes of `span`.
    fn inputs_hold(&self, i: usize, span: crate::source::Span) -> bool {
        self.actions[i].node.get("inputs").is_some_and(|n| n.span.start <= span.start && span.end <= n.span.end)
    }

    /// Whether a pointer lies in action `i`'s inputs.
    fn holds_inputs(&self, i: usize, pointer: &str) -> bool {
        pointer
            .strip_prefix(self.actions[i].pointer.as_str())
            .and_then(|rest| rest.strip_prefix("/inputs"))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    fn pointers(&self) -> &foldhash::HashMap<String, usize> {
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

/// A value computed once from the facts, on first use, by a layer above them (a rule's literal
/// secrets, the exposure of `exposure/`): held without these facts knowing its type, so that
/// they need not import what is computed from them.
#[derive(Default)]
pub struct Derived(std::cell::OnceCell<Box<dyn std::any::Any>>);

impl Derived {
    /// The value, computed by `compute` the first time. Each field holds values of one type.
    pub fn get_or_init<T: 'static>(&self, compute: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(|| Box::new(compute())).downcast_ref().expect("a Derived holds one type")
    }
}
