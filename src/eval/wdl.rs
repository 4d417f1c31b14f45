//! Workflow Definition Language values through a definition: `variables('x')` is every value its
//! Initialize, Set and Append variable actions give it (in any scope), `outputs('C')` a Compose
//! action's input, `parameters('p')` the value an ARM resource, a solution or a Standard app's
//! `parameters.json` gives the parameter, or its default; `body('Get_token')` the response of a token
//! fetch, whose `access_token` is a token. What only the run knows stays unknown, with its origin.

use foldhash::{HashMap, HashMapExt, HashSet};
use std::cell::RefCell;
use std::rc::Rc;

use super::{Alts, Env, Evaluator, HOLE_BASE, Known, Unknown, Value, What, bound, source};
use crate::input::definition::{Action, Flow};
use crate::input::expr::{Expr, ExprError, Template, template};
use crate::model::{Json, Text};
use crate::source::Span;

/// One assignment of a variable.
struct Assign<'a> {
    value: Option<&'a Json>,
    step: Rc<str>,
    kind: AssignKind,
}

#[derive(PartialEq, Clone, Copy)]
enum AssignKind {
    Init,
    Set,
    Append,
}

/// A definition parameter and the values given to it.
struct Param<'a> {
    declared_type: String,
    default: Option<&'a Json>,
    /// From outside the definition: an ARM resource's or a solution's `parameters`.
    given: Option<&'a Json>,
}

/// The names a flow's expressions read, and what they stand for.
pub struct FlowEnv<'a> {
    actions: HashMap<String, (&'a Json, Rc<str>)>,
    variables: HashMap<String, Vec<Assign<'a>>>,
    types: HashMap<String, String>,
    parameters: HashMap<String, Param<'a>>,
    /// A Logic Apps Standard app's `parameters.json` values, by name.
    standard: HashMap<String, String>,
    /// What each hole character of a deployed string stands for, and how deployed text travelled.
    holes: super::arm::Holes,
    memo: RefCell<HashMap<String, Alts<'a>>>,
    busy: RefCell<HashSet<String>>,
    /// The definition's strings as the strings' walk parsed them, in the walk's (document) order.
    parsed: &'a [Parsed<'a>],
}

/// A string of the definition and the template it was parsed into.
pub type Parsed<'a> = (&'a Text, &'a Result<Template, ExprError>);

/// An HTTP action that fetches a token: a POST to an OAuth token endpoint, or a body with `grant_type`.
pub fn is_token_fetch(node: &Json) -> bool {
    let kind = node.get("type").and_then(Json::as_str).unwrap_or("");
    if !kind.eq_ignore_ascii_case("Http") {
        return false;
    }
    let inputs = node.get("inputs");
    let uri = inputs.and_then(|i| i.get_ci("uri")).and_then(Json::as_str).unwrap_or("").to_ascii_lowercase();
    let path = uri.split(['?', '#']).next().unwrap_or("");
    let body = inputs.and_then(|i| i.get_ci("body"));
    let grant = match body {
        Some(b) if b.is_object() => b.get_ci("grant_type").is_some(),
        Some(b) => b.as_str().is_some_and(|s| s.contains("grant_type")),
        None => false,
    };
    grant || path.ends_with("/token") || path.contains("/oauth2/") && path.contains("token")
}

impl<'a> FlowEnv<'a> {
    /// The names of a flow (its actions as `definition::actions` gives them), the deployed strings'
    /// holes, and a Standard app's `parameters.json` values.
    /// `parsed`: the definition's strings already parsed, in document order (or none: each is then
    /// parsed when evaluated).
    pub fn new(
        flow: &'a Flow,
        actions: &[Action<'a>],
        holes: super::arm::Holes,
        parsed: &'a [Parsed<'a>],
    ) -> FlowEnv<'a> {
        let mut env = FlowEnv {
            actions: HashMap::new(),
            variables: HashMap::new(),
            types: HashMap::new(),
            parameters: HashMap::new(),
            standard: HashMap::new(),
            holes,
            memo: Default::default(),
            busy: Default::default(),
            parsed,
        };
        for a in actions {
            let path: Rc<str> = a.path.as_str().into();
            env.actions.entry(a.name.to_ascii_lowercase()).or_insert((a.node, path.clone()));
            let inputs = a.node.get("inputs");
            let mut assign = |name: &str, value: Option<&'a Json>, kind: AssignKind| {
                let verb = match kind {
                    AssignKind::Init => "initialised",
                    AssignKind::Set => "set",
                    AssignKind::Append => "appended",
                };
                let step: Rc<str> = format!("{verb} in {path}").into();
                env.variables.entry(name.to_ascii_lowercase()).or_default().push(Assign { value, step, kind });
            };
            if a.is("InitializeVariable") {
                for var in inputs.and_then(|i| i.get("variables")).map(Json::items).unwrap_or_default() {
                    if let Some(name) = var.get("name").and_then(Json::as_str) {
                        assign(name, var.get("value"), AssignKind::Init);
                        if let Some(t) = var.get("type").and_then(Json::as_str) {
                            env.types.insert(name.to_ascii_lowercase(), t.to_ascii_lowercase());
                        }
                    }
                }
            } else if a.is("SetVariable") {
                if let Some(name) = inputs.and_then(|i| i.get("name")).and_then(Json::as_str) {
                    assign(name, inputs.and_then(|i| i.get("value")), AssignKind::Set);
                }
            } else if (a.is("AppendToStringVariable") || a.is("AppendToArrayVariable"))
                && let Some(name) = inputs.and_then(|i| i.get("name")).and_then(Json::as_str)
            {
                assign(name, inputs.and_then(|i| i.get("value")), AssignKind::Append);
            }
        }
        for m in flow.definition.get("parameters").map(Json::members).unwrap_or_default() {
            let given = flow.parameters.as_ref().and_then(|p| p.get(&m.key.value)).and_then(|p| p.get("value"));
            let declared_type = m.value.get("type").and_then(Json::as_str).unwrap_or("").to_ascii_lowercase();
            env.parameters.insert(
                m.key.as_str().to_ascii_lowercase(),
                Param { declared_type, default: m.value.get("defaultValue"), given },
            );
        }
        for (name, value) in &flow.standard_parameters {
            env.standard.insert(name.to_ascii_lowercase(), value.clone());
        }
        env
    }

    /// Evaluates a name once, then from memory; a name that refers to itself is unknown where it does.
    fn memo(&self, key: String, span: Span, f: impl FnOnce() -> Alts<'a>) -> Alts<'a> {
        if let Some(v) = self.memo.borrow().get(&key) {
            return v.clone();
        }
        if !self.busy.borrow_mut().insert(key.clone()) {
            return vec![Value::Unknown(Unknown::new(
                What::Text { what: format!("{key}, which refers to itself") },
                span,
            ))];
        }
        let v = f();
        self.busy.borrow_mut().remove(&key);
        self.memo.borrow_mut().insert(key, v.clone());
        v
    }

    fn variable(&self, ev: &Evaluator<'a, '_>, name: &str, span: Span) -> Alts<'a> {
        let key = name.to_ascii_lowercase();
        let Some(assigns) = self.variables.get(&key) else {
            return vec![Value::Unknown(Unknown::new(What::Text { what: format!("variable {name}") }, span))];
        };
        let object = self.types.get(&key).is_some_and(|t| t == "object" || t == "array");
        self.memo(format!("variables('{name}')"), span, || {
            let overwritten = assigns.iter().any(|a| a.kind == AssignKind::Set);
            let mut out: Alts<'a> = Vec::new();
            let mut base: Option<Value<'a>> = None;
            for a in assigns {
                let Some(value) = a.value else { continue };
                if a.kind == AssignKind::Append {
                    // The text appended after an earlier value.
                    let appended = ev.json(value);
                    if let Some(b) = &base {
                        let joined = ev.concat(vec![vec![b.clone()], appended], span);
                        out.extend(joined.into_iter().map(|v| v.with_step(&a.step)));
                    }
                    continue;
                }
                let alts = ev.json(value);
                // An empty initial value that a Set variable replaces is not what is sent.
                if a.kind == AssignKind::Init && overwritten && alts.iter().all(is_empty) {
                    continue;
                }
                for v in alts {
                    let v = v.with_step(&a.step);
                    base.get_or_insert_with(|| v.clone());
                    out.push(v);
                }
            }
            if object {
                out = out.into_iter().map(|v| objectify(v, &format!("variable {name}"), span)).collect();
            }
            if out.is_empty() {
                out.push(Value::Unknown(Unknown::new(What::Text { what: format!("variable {name}") }, span)));
            }
            bound(out, span)
        })
    }

    fn parameter(&self, ev: &Evaluator<'a, '_>, name: &str, span: Span) -> Alts<'a> {
        let key = name.to_ascii_lowercase();
        if let Some(value) = self.standard.get(&key) {
            return standard_value(name, value, span);
        }
        let Some(p) = self.parameters.get(&key) else {
            return vec![Value::Unknown(Unknown::new(What::Text { what: format!("parameter {name}") }, span))];
        };
        if name.starts_with('$') {
            return vec![Value::Unknown(Unknown::new(
                What::Object { what: format!("parameter {name}"), token_response: None },
                span,
            ))];
        }
        let secure = p.declared_type.starts_with("secure");
        let (value, step) = match (p.given, p.default) {
            (Some(g), _) => (g, format!("given to parameter {name} by the template")),
            (None, Some(d)) => (d, format!("the default of parameter {name}")),
            (None, None) => return vec![unknown_parameter(name, secure, span)],
        };
        // An empty default is a value to give at deployment, not the value sent.
        if value.as_str().is_some_and(|s| s.is_empty()) {
            return vec![unknown_parameter(name, secure, span)];
        }
        let step: Rc<str> = step.into();
        self.memo(format!("parameters('{name}')"), span, || {
            ev.json(value).into_iter().map(|v| v.with_step(&step)).collect()
        })
    }

    /// `outputs('X')`, `body('X')`, `actions('X')`.
    fn output(&self, ev: &Evaluator<'a, '_>, func: &str, name: &str, span: Span) -> Alts<'a> {
        let object = |what: String, token_response: Option<String>| {
            vec![Value::Unknown(Unknown::new(What::Object { what, token_response }, span))]
        };
        let Some((node, path)) = self.actions.get(&name.to_ascii_lowercase()) else {
            return object(format!("{func}('{name}')"), None);
        };
        let kind = node.get("type").and_then(Json::as_str).unwrap_or("").to_ascii_lowercase();
        let inputs = node.get("inputs");
        match kind.as_str() {
            "compose" if func != "actions" => {
                let Some(inputs) = inputs else { return vec![Value::Null] };
                let step: Rc<str> = format!("composed in {path}").into();
                self.memo(format!("outputs('{name}')"), span, || {
                    ev.json(inputs).into_iter().map(|v| v.with_step(&step)).collect()
                })
            }
            "parsejson" if func == "body" => {
                let content = inputs.and_then(|i| i.get("content"));
                let parsed: Alts<'a> = content.map(|c| ev.json(c)).unwrap_or_default();
                let token = parsed.iter().find_map(|v| match v {
                    Value::Unknown(Unknown { what: What::Object { token_response: Some(a), .. }, .. }) => {
                        Some(a.clone())
                    }
                    _ => None,
                });
                object(format!("body('{name}')"), token)
            }
            "http" if is_token_fetch(node) => object(format!("{func}('{name}')"), Some(name.to_string())),
            // The body of an HTTP or Function call is whatever the server sends: text or JSON.
            "http" | "httpwebhook" | "function" | "workflow" if func == "body" => {
                vec![Value::Unknown(Unknown::new(What::Text { what: format!("body('{name}')") }, span))]
            }
            _ => object(format!("{func}('{name}')"), None),
        }
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Str(p) => p.is_empty() || v.text().is_some_and(|t| t.is_empty()),
        Value::Null => true,
        _ => false,
    }
}

/// A value of a variable declared as an object or array: unknown text becomes an unknown object.
fn objectify<'a>(v: Value<'a>, what: &str, span: Span) -> Value<'a> {
    match v {
        Value::Unknown(u) if !u.is_object() => {
            Value::Unknown(Unknown { what: What::Object { what: what.to_string(), token_response: None }, ..u })
        }
        Value::Str(p) if p.iter().any(|p| matches!(p, super::Piece::Unknown(_))) => {
            Value::Unknown(Unknown::new(What::Object { what: what.to_string(), token_response: None }, span))
        }
        v => v,
    }
}

fn unknown_parameter(name: &str, secure: bool, span: Span) -> Value<'static> {
    let what = if secure {
        What::Secure { name: name.to_string() }
    } else {
        What::Deployed { what: format!("parameter {name}"), secret: false }
    };
    Value::Unknown(Unknown::new(what, span))
}

/// A value of a Standard app's `parameters.json` (another file: its text stands at the expression
/// that reads it); `@appsetting('x')` is an app setting, known only where the app runs.
fn standard_value<'a>(name: &str, value: &str, span: Span) -> Alts<'a> {
    let step: Rc<str> = format!("parameter {name} in parameters.json").into();
    let v = match template(value) {
        Ok(Template::Plain) => Value::known(Known::at(value.to_string(), span, false)),
        Ok(Template::Whole(e)) if e.is_call("appsetting") => {
            Value::Unknown(Unknown::new(What::AppSetting { name: e.string_arg(0).unwrap_or("?").to_string() }, span))
        }
        _ => Value::Unknown(Unknown::new(What::Text { what: format!("parameter {name} of parameters.json") }, span)),
    };
    vec![v.with_step(&step)]
}

impl<'a> Env<'a> for FlowEnv<'a> {
    fn parsed(&self, t: &Text) -> Option<&Result<Template, ExprError>> {
        // By the string's place, confirmed by its value (all a template depends on; the requests
        // read from an action's inputs hold copies of its strings): a string from elsewhere (a
        // parameter given from outside) is parsed by the evaluator instead.
        let i = self.parsed.partition_point(|(s, _)| s.span.start < t.span.start);
        self.parsed[i..]
            .iter()
            .take_while(|(s, _)| s.span.start == t.span.start)
            .find(|(s, _)| s.value == t.value)
            .map(|(_, parsed)| *parsed)
    }

    fn call(&self, ev: &Evaluator<'a, '_>, name: &str, call: &Expr, at: &Text) -> Option<Alts<'a>> {
        let span = at.span_of(call.range.clone());
        let arg = || call.string_arg(0).map(str::to_string);
        let object =
            |what: String| Some(vec![Value::Unknown(Unknown::new(What::Object { what, token_response: None }, span))]);
        match name {
            "variables" => Some(match arg() {
                Some(n) if call.args().len() == 1 => self.variable(ev, &n, span),
                _ => vec![Value::Unknown(Unknown::new(What::Text { what: source(call, at) }, span))],
            }),
            "parameters" => Some(match arg() {
                Some(n) if call.args().len() == 1 => self.parameter(ev, &n, span),
                _ => vec![Value::Unknown(Unknown::new(What::Text { what: source(call, at) }, span))],
            }),
            "outputs" | "body" | "actions" => match arg() {
                Some(n) if call.args().len() == 1 => Some(self.output(ev, name, &n, span)),
                _ => object(source(call, at)),
            },
            "triggerbody" | "triggeroutputs" | "trigger" | "result" | "workflow" => object(source(call, at)),
            "appsetting" => Some(vec![Value::Unknown(Unknown::new(
                What::AppSetting { name: arg().unwrap_or_else(|| "?".into()) },
                span,
            ))]),
            _ => None,
        }
    }

    fn hole(&self, c: char) -> Option<Unknown> {
        self.holes.unknowns.get((c as u32).checked_sub(HOLE_BASE)? as usize).cloned()
    }

    fn trail_at(&self, span: Span) -> Option<super::Trail> {
        self.holes.trails.iter().find(|(s, _)| s.contains(span)).map(|(_, t)| t.clone())
    }
}
