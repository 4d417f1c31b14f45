//! Where an ARM template keeps its flows: `Microsoft.Logic/workflows` resources at any depth — in
//! `resources` (an array, or an object of symbolic names in language version 2.0), in a resource's
//! child `resources`, in nested deployments (`Microsoft.Resources/deployments` with an inline
//! `template`) — and definitions a resource takes from a variable, as Bicep writes them
//! (`"definition": "[variables('$fxv#0').definition]"`, the variable holding what
//! `loadJsonContent()` loaded). A nested deployment whose template is linked (`templateLink`) is out
//! of reach and said so.
//!
//! A nested template evaluates its expressions in the parent's scope unless its deployment says
//! `"expressionEvaluationOptions": {"scope": "inner"}` (Bicep modules do), and then against its own
//! `parameters`, given values by the deployment's `properties.parameters`
//! (learn.microsoft.com/azure/azure-resource-manager/templates/linked-templates).

use crate::input::expr::{Expr, ExprKind};
use crate::model::{Json, JsonKind, pointer_segment};

/// A template whose parameters and variables a flow's `[…]` expressions read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// JSON Pointer of the template object (`""` for the file's root).
    pub pointer: String,
    /// For an inner-scoped nested template: the index of its parent scope, and the pointer of the
    /// `properties.parameters` its deployment gives it.
    pub parent: Option<(usize, String)>,
}

/// A flow found in a template: where its definition and its parameters are, and its scope.
#[derive(Debug, Clone)]
pub struct Found {
    pub name: Option<String>,
    pub definition: String,
    pub parameters: Option<String>,
    pub scope: usize,
}

/// What a template holds.
#[derive(Debug, Default)]
pub struct Layout {
    pub flows: Vec<Found>,
    pub scopes: Vec<Scope>,
    /// Parts that hold, or may hold, a flow authlint cannot reach, in words.
    pub unreachable: Vec<String>,
}

fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Whether a JSON document is an ARM template (a deployment template, or any object with
/// `resources`).
pub fn is_template(root: &Json) -> bool {
    matches!(root.get("resources").map(|r| &r.kind), Some(JsonKind::Array(_) | JsonKind::Object(_)))
}

/// The flows of an ARM template, at any depth.
pub fn layout(root: &Json) -> Layout {
    let mut out = Layout { scopes: vec![Scope { pointer: String::new(), parent: None }], ..Layout::default() };
    template(root, root, "", 0, &mut out, 0);
    out
}

/// The value at a JSON Pointer (RFC 6901, `~1` and `~0` unescaped).
pub fn at<'a>(root: &'a Json, pointer: &str) -> Option<&'a Json> {
    let mut v = root;
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        v = match &v.kind {
            JsonKind::Object(members) => &members.iter().find(|m| m.key.value == seg)?.value,
            JsonKind::Array(items) => items.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Nested templates deeper than this are not walked (a template is rarely nested more than twice).
const MAX_NESTING: usize = 16;

fn template(root: &Json, t: &Json, at: &str, scope: usize, out: &mut Layout, depth: usize) {
    if depth > MAX_NESTING {
        out.unreachable.push(format!("{at}: nested deployments deeper than {MAX_NESTING} are not read"));
        return;
    }
    resources(root, t.get("resources"), &format!("{at}/resources"), scope, out, depth);
}

fn resources(root: &Json, list: Option<&Json>, at: &str, scope: usize, out: &mut Layout, depth: usize) {
    match list.map(|l| &l.kind) {
        Some(JsonKind::Array(items)) => {
            for (i, r) in items.iter().enumerate() {
                resource(root, r, &format!("{at}/{i}"), scope, out, depth);
            }
        }
        Some(JsonKind::Object(members)) => {
            for m in members {
                resource(root, &m.value, &format!("{at}/{}", pointer_segment(&m.key.value)), scope, out, depth);
            }
        }
        _ => {}
    }
}

fn resource(root: &Json, r: &Json, at: &str, scope: usize, out: &mut Layout, depth: usize) {
    let ty = r.get("type").and_then(Json::as_str).unwrap_or("");
    let props = r.get("properties");
    let name = r.get("name").and_then(Json::as_str);
    if eq(ty, "Microsoft.Logic/workflows")
        && let Some(def) = props.and_then(|p| p.get("definition"))
    {
        let label = name.unwrap_or("a Microsoft.Logic/workflows resource");
        match reach(root, def, &format!("{at}/properties/definition"), &out.scopes[scope]) {
            Ok(definition) => {
                let parameters = props
                    .and_then(|p| p.get("parameters"))
                    .and_then(|p| reach(root, p, &format!("{at}/properties/parameters"), &out.scopes[scope]).ok());
                out.flows.push(Found { name: name.map(str::to_string), definition, parameters, scope });
            }
            Err(why) => out.unreachable.push(format!("{at}: the definition of {label} {why}")),
        }
    } else if eq(ty, "Microsoft.Resources/deployments") {
        let label = name.unwrap_or("a nested deployment");
        if let Some(t) = props.and_then(|p| p.get("template")).filter(|t| t.is_object()) {
            let inner = props
                .and_then(|p| p.get("expressionEvaluationOptions"))
                .and_then(|o| o.get_ci("scope"))
                .and_then(Json::as_str)
                .is_some_and(|s| eq(s, "inner"));
            let pointer = format!("{at}/properties/template");
            let scope = if inner {
                out.scopes.push(Scope {
                    pointer: pointer.clone(),
                    parent: Some((scope, format!("{at}/properties/parameters"))),
                });
                out.scopes.len() - 1
            } else {
                scope
            };
            template(root, t, &pointer, scope, out, depth + 1);
        } else if let Some(link) = props.and_then(|p| p.get("templateLink")) {
            let uri = link.get_ci("uri").or_else(|| link.get_ci("relativePath")).and_then(Json::as_str);
            let uri = uri.map(|u| format!(" ({u})")).unwrap_or_default();
            out.unreachable.push(format!(
                "{at}: the nested deployment {label} links its template{uri}; authlint does not follow links: lint that template's file"
            ));
        }
    }
    resources(root, r.get("resources"), &format!("{at}/resources"), scope, out, depth);
}

/// The pointer of the object a resource's `definition` (or `parameters`) is: the value itself, or
/// the variable an expression `[variables('x').a.b]` reads.
fn reach(root: &Json, v: &Json, at: &str, scope: &Scope) -> Result<String, String> {
    if v.is_object() {
        return Ok(at.to_string());
    }
    let Some(text) = v.as_str() else { return Err("is not an object".into()) };
    let Some(inner) = text.strip_prefix('[').filter(|t| !t.starts_with('[')).and_then(|t| t.strip_suffix(']')) else {
        return Err("is text, not a definition".into());
    };
    let expr = crate::input::expr::parse(inner, 1)
        .map_err(|e| format!("is an expression that does not parse: {}", e.message))?;
    let Some(path) = variable_path(&expr) else {
        return Err(format!("is computed at deployment (`{text}`), which authlint cannot follow"));
    };
    let pointer = std::iter::once(format!("{}/variables", scope.pointer))
        .chain(path.iter().map(|s| pointer_segment(s).into_owned()))
        .collect::<Vec<_>>()
        .join("/");
    match at_ci(root, &pointer) {
        Some((p, found)) if found.is_object() => Ok(p),
        Some(_) => Err(format!(
            "is read from variable {} as text (`{text}`, Bicep's loadTextContent): authlint reads loadJsonContent() objects; lint the workflow's own file",
            path[0]
        )),
        None => Err(format!("reads variable {}, which the template does not hold as an object", path[0])),
    }
}

/// `variables('x').a['b']` → `["x", "a", "b"]`.
fn variable_path(e: &Expr) -> Option<Vec<String>> {
    match &e.kind {
        ExprKind::Call { name, .. } if eq(name, "variables") => Some(vec![e.string_arg(0)?.to_string()]),
        ExprKind::Member { target, name, .. } => {
            let mut p = variable_path(target)?;
            p.push(name.clone());
            Some(p)
        }
        ExprKind::Index { target, index, .. } => {
            let mut p = variable_path(target)?;
            p.push(index.as_str()?.to_string());
            Some(p)
        }
        _ => None,
    }
}

/// [`at`], with object keys matched case-insensitively when no key matches exactly (ARM names are
/// case-insensitive); gives the pointer with the keys as written.
fn at_ci<'a>(root: &'a Json, pointer: &str) -> Option<(String, &'a Json)> {
    let mut v = root;
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        v = match &v.kind {
            JsonKind::Object(members) => {
                let m = members
                    .iter()
                    .find(|m| m.key.value == seg)
                    .or_else(|| members.iter().find(|m| eq(&m.key.value, &seg)))?;
                out.push('/');
                out.push_str(&pointer_segment(&m.key.value));
                &m.value
            }
            JsonKind::Array(items) => {
                out.push('/');
                out.push_str(&seg);
                items.get(seg.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some((out, v))
}
