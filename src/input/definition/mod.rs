//! Flow definitions, recognised by content: a solution's `Workflows/*.json` (`properties.definition`),
//! a legacy package's `definition.json`, a Logic Apps Standard `workflow.json` (`definition`), a
//! Consumption definition (`triggers`/`actions` at the top), an ARM template's
//! `Microsoft.Logic/workflows` resources. Files, folders and zips are found by `files.rs`.

mod actions;
mod arm;
mod files;

pub use actions::{Action, actions};
pub use files::{Found, Skipped, list, read_one};

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
    /// When it holds no flow: why, in words.
    pub skipped: Option<String>,
    /// Parts that hold, or may hold, a flow authlint cannot reach (a linked template), in words.
    pub unreachable: Vec<String>,
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
    flows_with(root, display, Json::clone).0
}

/// The flows, with `definition(def)` giving each definition (a copy, or a placeholder to fill), and
/// for an ARM template its layout (the scopes its flows' expressions read).
fn flows_with(
    root: &Json,
    display: Option<String>,
    definition: impl Fn(&Json) -> Json,
) -> (Vec<Flow>, Option<arm::Layout>) {
    let flow = |name, pointer: &str, def: &Json, parameters: Option<&Json>| Flow {
        name,
        pointer: pointer.to_string(),
        definition: definition(def),
        parameters: parameters.cloned(),
        arm: None,
        standard_parameters: Vec::new(),
    };
    let props = root.get("properties");
    if let Some(def) = props.and_then(|p| p.get("definition")).filter(|d| d.is_object()) {
        // A solution's Workflows/*.json, or a Logic App resource exported alone.
        let name = text(props.and_then(|p| p.get("displayName"))).or(display).or_else(|| text(root.get("name")));
        (vec![flow(name, "/properties/definition", def, props.and_then(|p| p.get("parameters")))], None)
    } else if let Some(def) = root.get("definition").filter(|d| d.is_object() && is_definition(d)) {
        // Logic Apps Standard workflow.json, or a Consumption export `{definition, parameters}`.
        (vec![flow(display, "/definition", def, root.get("parameters").filter(|p| p.is_object()))], None)
    } else if is_definition(root) {
        (vec![flow(display, "", root, None)], None)
    } else if arm::is_template(root) {
        // An ARM template: every Microsoft.Logic/workflows resource, at any depth.
        let mut layout = arm::layout(root);
        layout.flows.retain(|f| arm::at(root, &f.definition).is_some());
        let flows = layout
            .flows
            .iter()
            .filter_map(|f| {
                let def = arm::at(root, &f.definition)?;
                let params = f.parameters.as_deref().and_then(|p| arm::at(root, p));
                Some(flow(f.name.clone().map(|n| arm_name(root, n)), &f.definition, def, params))
            })
            .collect();
        (flows, Some(layout))
    } else {
        (Vec::new(), None)
    }
}

/// Parses a source and finds its flows. `display` names the flow when a manifest does; `given` are
/// the values a parameters file beside an ARM template gives its parameters. Each definition is
/// moved out of the parsed tree, not copied.
pub fn read(src: SourceFile, display: Option<String>) -> Result<Document, Error> {
    read_with(src, display, Default::default())
}

/// [`read`], with the values of an ARM parameters file.
pub fn read_with(
    src: SourceFile,
    display: Option<String>,
    given: std::collections::HashMap<String, crate::eval::arm::Given>,
) -> Result<Document, Error> {
    let mut root = json::parse(&src)?;
    let (mut flows, layout) = flows_with(&root, display, |_| placeholder());
    let skipped = flows.is_empty().then(|| why_not(&root, layout.as_ref()));
    for f in &mut flows {
        if let Some(def) = at_mut(&mut root, &f.pointer) {
            f.definition = std::mem::replace(def, placeholder());
        }
    }
    let mut unreachable = Vec::new();
    if let Some(layout) = layout {
        // Flows of an ARM template evaluate their `[…]` expressions against the parameters and
        // variables of their scope: the template, or an inner-scoped nested template.
        let templates = scopes(&mut root, &layout, given);
        for (f, found) in flows.iter_mut().zip(&layout.flows) {
            f.arm = templates.get(found.scope).cloned();
        }
        unreachable = layout.unreachable;
    }
    Ok(Document { src, flows, skipped, unreachable })
}

/// The templates of a layout's scopes, parents first: each takes its parameters and variables out
/// of the tree; a nested one is given the values its deployment passes, as the parent deploys them.
fn scopes(
    root: &mut Json,
    layout: &arm::Layout,
    given: std::collections::HashMap<String, crate::eval::arm::Given>,
) -> Vec<std::sync::Arc<crate::eval::arm::ArmTemplate>> {
    use crate::eval::arm::{ArmTemplate, Given};
    let mut out: Vec<std::sync::Arc<ArmTemplate>> = Vec::new();
    let mut given = Some(given);
    for scope in &layout.scopes {
        let mut passed = given.take().unwrap_or_default();
        if let Some((parent, at)) = &scope.parent
            && let Some(parent) = out.get(*parent)
        {
            for m in arm::at(root, at).map(Json::members).unwrap_or_default() {
                let Some(mut v) = m.value.get_ci("value").cloned() else { continue };
                let mut holes = crate::eval::arm::Holes::default();
                crate::eval::arm::deploy(&mut v, parent, &mut holes);
                let value = match v.as_str() {
                    Some(t) if !crate::eval::has_holes(t) => Given::Text(t.to_string()),
                    Some(_) => Given::Other("a value its parent deployment computes"),
                    None => Given::Other("a value that is not text"),
                };
                passed.insert(m.key.as_str().to_owned(), value);
            }
        }
        let mut take =
            |key: &str| at_mut(root, &format!("{}/{key}", scope.pointer)).map(|v| std::mem::replace(v, placeholder()));
        let (parameters, variables) = (take("parameters"), take("variables"));
        out.push(std::sync::Arc::new(ArmTemplate { parameters, variables, given: passed }));
    }
    out
}

/// Why a parsed JSON document holds no flow, in words.
fn why_not(root: &Json, layout: Option<&arm::Layout>) -> String {
    let schema = root.get("$schema").and_then(Json::as_str).unwrap_or("").to_ascii_lowercase();
    let has = |k: &str| root.get(k).is_some();
    if let Some(l) = layout {
        return match l.unreachable.first() {
            Some(u) => format!("an ARM template whose flows authlint cannot reach: {u}"),
            None => "an ARM template with no Microsoft.Logic/workflows resource".into(),
        };
    }
    if schema.contains("deploymentparameters")
        || has("parameters") && root.members().len() <= 3 && has("contentVersion")
    {
        "an ARM parameters file: read with the template beside it (x.json for x.parameters.json)".into()
    } else if has("uri") && has("method") || root.get("inputs").is_some_and(|i| i.get("uri").is_some()) && !has("type")
    {
        "an HTTP request's raw inputs from run history: check it with `authlint check`".into()
    } else if has("info") && has("item") {
        "a Postman collection: compare a request with it using `authlint diff`".into()
    } else if has("managedApiConnections") || has("serviceProviderConnections") {
        "a Logic Apps Standard connections.json: connections, no flow".into()
    } else if has("resources") && has("schema")
        || has("resources") && root.get("resources").is_some_and(Json::is_object) && has("creator")
    {
        "a package manifest: authlint reads the flows' names from it".into()
    } else if root.get("properties").and_then(|p| p.get("definition")).is_some() {
        "`properties.definition` is not an object".into()
    } else {
        "JSON, but not a flow definition: no `definition`, no `triggers`/`actions`, no Microsoft.Logic/workflows resource".into()
    }
}

fn placeholder() -> Json {
    Json { span: crate::source::Span::new(0, 0), kind: JsonKind::Null }
}

/// The value at a JSON Pointer made of object keys and array indexes.
fn at_mut<'a>(root: &'a mut Json, pointer: &str) -> Option<&'a mut Json> {
    let mut v = root;
    for seg in pointer.split('/').skip(1) {
        let seg = &*seg.replace("~1", "/").replace("~0", "~");
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
