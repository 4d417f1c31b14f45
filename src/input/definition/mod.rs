//! Flow definitions, recognised by content: a solution's `Workflows/*.json` (`properties.definition`),
//! a legacy package's `definition.json`, a Logic Apps Standard `workflow.json` (`definition`), a
//! Consumption definition (`triggers`/`actions` at the top), an ARM template's
//! `Microsoft.Logic/workflows` resources. Files, folders and zips are found by `files.rs`.

mod actions;
mod files;

pub use actions::{Action, actions};
pub use files::{Found, list, read_one};

use crate::error::Error;
use crate::input::json;
use crate::model::{Json, JsonKind};
use crate::source::SourceFile;

/// One flow's definition within a source.
#[derive(Debug, Clone)]
pub struct Flow {
    /// The flow's display name, when the file (or a package manifest) gives one.
    pub name: Option<String>,
    /// JSON Pointer of the definition object in the source.
    pub pointer: String,
    pub definition: Json,
    /// Parameters given outside the definition (an ARM resource's or a solution's `parameters` values).
    pub parameters: Option<Json>,
    /// For a flow in an ARM template: the template's parameters and variables, which its `[…]`
    /// expressions read at deployment.
    pub arm: Option<std::sync::Arc<crate::eval::arm::ArmTemplate>>,
    /// For a Logic Apps Standard workflow: the app's `parameters.json` values (name, text).
    pub standard_parameters: Vec<(String, String)>,
}

/// A source and the flows in it.
#[derive(Debug)]
pub struct Document {
    pub src: SourceFile,
    pub flows: Vec<Flow>,
}

fn is_definition(j: &Json) -> bool {
    let schema = j.get("$schema").and_then(Json::as_str).unwrap_or("");
    schema.contains("workflowdefinition")
        || (j.get("triggers").is_some_and(Json::is_object) || j.get("actions").is_some_and(Json::is_object))
            && j.get("properties").is_none()
}

fn text(j: Option<&Json>) -> Option<String> {
    j.and_then(Json::as_str).map(str::to_string)
}

/// An ARM resource name: `[parameters('LogicAppName')]` becomes the parameter's default value when
/// the template gives one; any other name is kept as written.
fn arm_name(root: &Json, name: String) -> String {
    let param = name.strip_prefix("[parameters('").and_then(|r| r.strip_suffix("')]"));
    param
        .and_then(|p| root.get("parameters")?.get(p)?.get("defaultValue")?.as_str().map(str::to_string))
        .filter(|d| !d.is_empty())
        .unwrap_or(name)
}

/// The flows of a parsed JSON document (none when it is not a flow file).
pub fn flows(root: &Json, display: Option<String>) -> Vec<Flow> {
    flows_with(root, display, Json::clone)
}

/// The flows, with `definition(def)` giving each definition (a copy, or a placeholder to fill).
fn flows_with(root: &Json, display: Option<String>, definition: impl Fn(&Json) -> Json) -> Vec<Flow> {
    let mut out = Vec::new();
    let props = root.get("properties");
    if let Some(def) = props.and_then(|p| p.get("definition")).filter(|d| d.is_object()) {
        // A solution's Workflows/*.json, or a Logic App resource exported alone.
        let name = text(props.and_then(|p| p.get("displayName"))).or(display).or_else(|| text(root.get("name")));
        out.push(Flow {
            name,
            pointer: "/properties/definition".into(),
            definition: definition(def),
            parameters: props.and_then(|p| p.get("parameters")).cloned(),
            arm: None,
            standard_parameters: Vec::new(),
        });
    } else if let Some(def) = root.get("definition").filter(|d| d.is_object() && is_definition(d)) {
        // Logic Apps Standard workflow.json, or a Consumption export `{definition, parameters}`.
        out.push(Flow {
            name: display,
            pointer: "/definition".into(),
            definition: definition(def),
            parameters: root.get("parameters").filter(|p| p.is_object()).cloned(),
            arm: None,
            standard_parameters: Vec::new(),
        });
    } else if is_definition(root) {
        out.push(Flow {
            name: display,
            pointer: String::new(),
            definition: definition(root),
            parameters: None,
            arm: None,
            standard_parameters: Vec::new(),
        });
    } else if let Some(JsonKind::Array(resources)) = root.get("resources").map(|r| &r.kind) {
        // An ARM template: every Microsoft.Logic/workflows resource.
        for (i, r) in resources.iter().enumerate() {
            let ty = r.get("type").and_then(Json::as_str).unwrap_or("");
            let Some(def) = r.get("properties").and_then(|p| p.get("definition")).filter(|d| d.is_object()) else {
                continue;
            };
            if ty.eq_ignore_ascii_case("Microsoft.Logic/workflows") {
                out.push(Flow {
                    name: text(r.get("name")).map(|n| arm_name(root, n)),
                    pointer: format!("/resources/{i}/properties/definition"),
                    definition: definition(def),
                    parameters: r.get("properties").and_then(|p| p.get("parameters")).cloned(),
                    arm: None,
                    standard_parameters: Vec::new(),
                });
            }
        }
    }
    out
}

/// Parses a source and finds its flows. `display` names the flow when a manifest does. Each
/// definition is moved out of the parsed tree, not copied.
pub fn read(src: SourceFile, display: Option<String>) -> Result<Document, Error> {
    let mut root = json::parse(&src)?;
    let mut flows = flows_with(&root, display, |_| placeholder());
    for f in &mut flows {
        if let Some(def) = at_mut(&mut root, &f.pointer) {
            f.definition = std::mem::replace(def, placeholder());
        }
    }
    // Flows of an ARM template evaluate their `[…]` expressions against its parameters and variables.
    if flows.iter().any(|f| f.pointer.starts_with("/resources/")) {
        let mut take = |key: &str| at_mut(&mut root, &format!("/{key}")).map(|v| std::mem::replace(v, placeholder()));
        let template = std::sync::Arc::new(crate::eval::arm::ArmTemplate {
            parameters: take("parameters"),
            variables: take("variables"),
            given: Default::default(),
        });
        for f in flows.iter_mut().filter(|f| f.pointer.starts_with("/resources/")) {
            f.arm = Some(template.clone());
        }
    }
    Ok(Document { src, flows })
}

fn placeholder() -> Json {
    Json { span: crate::source::Span::new(0, 0), kind: JsonKind::Null }
}

/// The value at a JSON Pointer made of object keys and array indexes (keys here never need escapes:
/// the pointers come from `flows_with`).
fn at_mut<'a>(root: &'a mut Json, pointer: &str) -> Option<&'a mut Json> {
    let mut v = root;
    for seg in pointer.split('/').skip(1) {
        v = match &mut v.kind {
            JsonKind::Object(members) => &mut members.iter_mut().find(|m| m.key.value == seg)?.value,
            JsonKind::Array(items) => items.get_mut(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

#[cfg(test)]
mod tests;
