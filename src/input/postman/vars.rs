//! Postman variables: `{{name}}` resolved through the scopes in force, recursively, with a guard
//! against cycles. Dynamic variables (`{{$guid}}`, `{{$timestamp}}`…) are left as they are.

use crate::model::{Json, JsonKind};

/// Name → value, in one scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variables(pub Vec<(String, String)>);

impl Variables {
    /// From a Postman `variable` or environment `values` array; `enabled: false` and `disabled: true`
    /// entries are left out (environments use `enabled`, collections `disabled`).
    pub fn from_list(list: &Json, _environment: bool) -> Variables {
        let JsonKind::Array(items) = &list.kind else {
            return Variables::default();
        };
        let mut out = Vec::new();
        for v in items {
            let off = v.get("enabled").is_some_and(|e| matches!(e.kind, JsonKind::Bool(false)))
                || v.get("disabled").is_some_and(|e| matches!(e.kind, JsonKind::Bool(true)));
            let key = v.get("key").or_else(|| v.get("id")).and_then(Json::as_str);
            if let (false, Some(key)) = (off, key) {
                out.push((key.to_string(), scalar(v.get("value"))));
            }
        }
        Variables(out)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// `KEY=VALUE` pairs from the command line.
    pub fn from_pairs(pairs: &[String]) -> Result<Variables, String> {
        pairs
            .iter()
            .map(|p| {
                p.split_once('=')
                    .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                    .ok_or_else(|| format!("--var {p}: expected KEY=VALUE"))
            })
            .collect::<Result<_, _>>()
            .map(Variables)
    }
}

fn scalar(v: Option<&Json>) -> String {
    match v.map(|v| &v.kind) {
        Some(JsonKind::String(t)) => t.as_str().to_owned(),
        Some(JsonKind::Number(n)) => n.clone(),
        Some(JsonKind::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// The scopes in force, lowest precedence first; the last that defines a name wins.
#[derive(Debug, Default)]
pub struct Resolver {
    pub scopes: Vec<Variables>,
    /// Names referred to but defined nowhere.
    pub unresolved: Vec<String>,
    /// Names whose definitions refer to each other.
    pub cycles: Vec<String>,
}

const MAX_DEPTH: usize = 16;

impl Resolver {
    fn lookup(&self, name: &str) -> Option<&str> {
        self.scopes.iter().rev().find_map(|s| s.get(name))
    }

    /// Substitutes every `{{name}}` in `text`, recursively.
    pub fn resolve(&mut self, text: &str) -> String {
        self.resolve_in(text, &mut Vec::new())
    }

    fn resolve_in(&mut self, text: &str, stack: &mut Vec<String>) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            out.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            let Some(close) = after.find("}}") else {
                out.push_str(&rest[open..]);
                return out;
            };
            let name = after[..close].trim().to_string();
            let whole = &rest[open..open + 2 + close + 2];
            rest = &after[close + 2..];
            if name.starts_with('$') {
                out.push_str(whole); // dynamic: a fresh value on every send
                continue;
            }
            if stack.contains(&name) || stack.len() >= MAX_DEPTH {
                if !self.cycles.contains(&name) {
                    self.cycles.push(name.clone());
                }
                out.push_str(whole);
                continue;
            }
            match self.lookup(&name).map(str::to_string) {
                Some(v) => {
                    stack.push(name);
                    let r = self.resolve_in(&v, stack);
                    stack.pop();
                    out.push_str(&r);
                }
                None => {
                    if !self.unresolved.contains(&name) {
                        self.unresolved.push(name);
                    }
                    out.push_str(whole);
                }
            }
        }
        out.push_str(rest);
        out
    }
}
