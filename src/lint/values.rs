//! Values that flow through a definition: `variables('x')` resolves to the literal its Initialize and
//! Set variable actions give it, `parameters('p')` to the parameter's value or default, `outputs('C')`
//! to a Compose action's literal input — so a literal token behind a variable is still judged where it
//! is sent. A name given different values, or any value an expression computes, stays unknown.

use std::collections::HashMap;

use crate::input::definition::{Action, Flow};
use crate::input::expr::{Expr, Template, template};
use crate::model::Json;

/// What each name resolves to: `Some(text)` when every assignment is the same literal, `None` when
/// the value is not known.
#[derive(Debug, Default)]
pub struct Values {
    variables: HashMap<String, Option<String>>,
    parameters: HashMap<String, Option<String>>,
    composes: HashMap<String, Option<String>>,
}

/// The literal text of a JSON value, if it is a string with no expression in it.
fn literal(v: Option<&Json>) -> Option<String> {
    let s = v?.as_str()?;
    matches!(template(s), Ok(Template::Plain)).then(|| s.replace("@@", "@"))
}

/// Records one assignment: a second, different value (or an unknown one) makes the name unknown.
fn assign(map: &mut HashMap<String, Option<String>>, name: &str, value: Option<String>) {
    map.entry(name.to_ascii_lowercase())
        .and_modify(|old| {
            if *old != value {
                *old = None;
            }
        })
        .or_insert(value);
}

impl Values {
    pub fn collect(flow: &Flow, actions: &[Action]) -> Values {
        let mut v = Values::default();
        for a in actions {
            let inputs = a.node.get("inputs");
            if a.is("InitializeVariable") {
                for var in inputs.and_then(|i| i.get("variables")).map(Json::items).unwrap_or_default() {
                    if let Some(name) = var.get("name").and_then(Json::as_str) {
                        assign(&mut v.variables, name, literal(var.get("value")));
                    }
                }
            } else if a.is("SetVariable") {
                if let Some(name) = inputs.and_then(|i| i.get("name")).and_then(Json::as_str) {
                    assign(&mut v.variables, name, literal(inputs.and_then(|i| i.get("value"))));
                }
            } else if a.is("AppendToStringVariable") || a.is("AppendToArrayVariable") {
                if let Some(name) = inputs.and_then(|i| i.get("name")).and_then(Json::as_str) {
                    assign(&mut v.variables, name, None);
                }
            } else if a.is("Compose") {
                assign(&mut v.composes, a.name, literal(inputs));
            }
        }
        for m in flow.definition.get("parameters").map(Json::members).unwrap_or_default() {
            // A value given outside the definition (an ARM resource's or a solution's parameters) wins.
            let given = flow.parameters.as_ref().and_then(|p| p.get(&m.key.value)).and_then(|p| p.get("value"));
            let value = if given.is_some() { literal(given) } else { literal(m.value.get("defaultValue")) };
            v.parameters.insert(m.key.value.to_ascii_lowercase(), value);
        }
        v
    }

    /// The literal an expression stands for: `variables('x')`, `parameters('p')`, `outputs('C')` with
    /// no property read after them.
    pub fn resolve(&self, e: &Expr) -> Option<&str> {
        let name = e.string_arg(0)?.to_ascii_lowercase();
        if e.args().len() != 1 {
            return None;
        }
        let map = match e.call_name()?.as_str() {
            "variables" => &self.variables,
            "parameters" => &self.parameters,
            "outputs" => &self.composes,
            _ => return None,
        };
        map.get(&name)?.as_deref()
    }
}
