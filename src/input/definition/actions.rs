//! The action tree: triggers and actions, nested in scopes, conditions, switches and loops to any
//! depth, each with its path (`Scope_1/Condition/HTTP`) and JSON pointer.

use crate::model::{Json, JsonKind, pointer_segment};

/// A trigger or an action.
#[derive(Debug, Clone)]
pub struct Action<'a> {
    /// Its path through the scopes: `Scope_main/Condition/HTTP_Get_users`.
    pub path: String,
    pub name: &'a str,
    /// `Http`, `OpenApiConnection`, `InitializeVariable`, … as written.
    pub kind: &'a str,
    pub node: &'a Json,
    /// JSON Pointer of the action object in the source.
    pub pointer: String,
    pub trigger: bool,
}

impl Action<'_> {
    pub fn is(&self, kind: &str) -> bool {
        self.kind.eq_ignore_ascii_case(kind)
    }
}

/// Every trigger and action of a definition at `base` (the definition's pointer).
pub fn actions<'a>(def: &'a Json, base: &str) -> Vec<Action<'a>> {
    let mut out = Vec::new();
    if let Some(t) = def.get("triggers") {
        collect(t, &format!("{base}/triggers"), "", true, &mut out);
    }
    if let Some(a) = def.get("actions") {
        collect(a, &format!("{base}/actions"), "", false, &mut out);
    }
    out
}

fn collect<'a>(map: &'a Json, pointer: &str, prefix: &str, trigger: bool, out: &mut Vec<Action<'a>>) {
    let JsonKind::Object(members) = &map.kind else { return };
    for m in members {
        let name = m.key.value.as_str();
        let node = &m.value;
        if !node.is_object() {
            continue;
        }
        // Joined with `concat`, not `format!`: this runs for every action.
        let path = if prefix.is_empty() { name.to_string() } else { [prefix, "/", name].concat() };
        let here = [pointer, "/", &pointer_segment(name)].concat();
        out.push(Action {
            path: path.clone(),
            name,
            kind: node.get("type").and_then(Json::as_str).unwrap_or(""),
            node,
            pointer: here.clone(),
            trigger,
        });
        // Scope, Foreach, Until and If keep their children in `actions`; If also in `else.actions`;
        // Switch in `cases.<case>.actions` and `default.actions`.
        if let Some(a) = node.get("actions") {
            collect(a, &[&here, "/actions"].concat(), &path, false, out);
        }
        if let Some(a) = node.get("else").and_then(|e| e.get("actions")) {
            collect(a, &format!("{here}/else/actions"), &path, false, out);
        }
        if let Some(a) = node.get("default").and_then(|e| e.get("actions")) {
            collect(a, &format!("{here}/default/actions"), &path, false, out);
        }
        if let Some(JsonKind::Object(cases)) = node.get("cases").map(|c| &c.kind) {
            for c in cases {
                if let Some(a) = c.value.get("actions") {
                    let seg = pointer_segment(&c.key.value);
                    collect(a, &format!("{here}/cases/{seg}/actions"), &format!("{path}/{}", c.key.value), false, out);
                }
            }
        }
    }
}
