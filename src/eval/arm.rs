//! ARM template expressions. In an ARM template, a string that starts with `[` and ends with `]` (and
//! does not start with `[[`) is an expression the deployment evaluates; `[[…]` is the literal `[…]`
//! ("Syntax and expressions in ARM templates", learn.microsoft.com/azure/azure-resource-manager/
//! templates/template-expressions). [`deploy`] evaluates every such string of a flow's definition and
//! parameters against the template's `parameters` (values from a parameters file beside it, else
//! defaults) and `variables`, and writes the result in place: known text keeps the place of each of
//! its bytes; what only the deployment knows (`reference()`, `listKeys()`, a parameter with no value)
//! becomes a hole character whose [`Unknown`] the returned table holds.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::{Alts, Env, Evaluator, HOLE_BASE, HOLES, Map, Piece, Unknown, Value, What};
use crate::input::expr::Expr;
use crate::model::{Json, JsonKind, Text};
use crate::source::Span;

/// What an ARM template gives its expressions: its parameters (with the values of a parameters file
/// beside it) and variables.
#[derive(Debug, Default)]
pub struct ArmTemplate {
    /// The template's `parameters` object (declarations with `type` and `defaultValue`).
    pub parameters: Option<Json>,
    /// The template's `variables` object.
    pub variables: Option<Json>,
    /// Values from a parameters file (`azuredeploy.parameters.json`), by parameter name: the file's
    /// text of each value, since its spans are another file's.
    pub given: HashMap<String, Given>,
}

/// A value a parameters file gives.
#[derive(Debug, Clone, PartialEq)]
pub enum Given {
    Text(String),
    /// A Key Vault reference, or a value that is not text.
    Other(&'static str),
}

/// Functions whose value only the deployment knows; `true` for those that return key material.
const DEPLOYMENT: &[(&str, bool)] = &[
    ("reference", false),
    ("resourceid", false),
    ("subscriptionresourceid", false),
    ("tenantresourceid", false),
    ("extensionresourceid", false),
    ("subscription", false),
    ("resourcegroup", false),
    ("tenant", false),
    ("managementgroup", false),
    ("deployment", false),
    ("environment", false),
    ("uniquestring", false),
    ("guid", false),
    ("utcnow", false),
    ("newguid", false),
    ("providers", false),
    ("pickzones", false),
    ("listkeys", true),
    ("listsecrets", true),
    ("listcallbackurl", true),
    ("listaccountsas", true),
    ("listservicesas", true),
    ("listconnectionstrings", true),
    ("listcredentials", true),
];

struct ArmEnv<'a> {
    t: &'a ArmTemplate,
    memo: RefCell<HashMap<String, Alts<'a>>>,
    busy: RefCell<HashSet<String>>,
}

impl<'a> ArmEnv<'a> {
    fn memo(&self, key: String, span: Span, f: impl FnOnce() -> Alts<'a>) -> Alts<'a> {
        if let Some(v) = self.memo.borrow().get(&key) {
            return v.clone();
        }
        if !self.busy.borrow_mut().insert(key.clone()) {
            let what = What::Deployed { what: format!("{key}, which refers to itself"), secret: false };
            return vec![Value::Unknown(Unknown::new(what, span))];
        }
        let v = f();
        self.busy.borrow_mut().remove(&key);
        self.memo.borrow_mut().insert(key, v.clone());
        v
    }

    fn parameter(&self, ev: &Evaluator<'a, '_>, name: &str, span: Span) -> Alts<'a> {
        let decl = self.t.parameters.as_ref().and_then(|p| p.get(name).or_else(|| p.get_ci(name)));
        let secure = decl
            .and_then(|d| d.get_ci("type"))
            .and_then(Json::as_str)
            .is_some_and(|t| t.to_ascii_lowercase().starts_with("secure"));
        let unknown = |what: What| vec![Value::Unknown(Unknown::new(what, span))];
        let given = self.t.given.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v);
        match given {
            Some(Given::Text(text)) => {
                let step: Rc<str> = format!("template parameter {name} in the parameters file").into();
                return vec![Value::known(super::Known::at(text.clone(), span, false)).with_step(&step)];
            }
            Some(Given::Other(what)) => {
                return unknown(What::Deployed { what: format!("template parameter {name} ({what})"), secret: secure });
            }
            None => {}
        }
        let Some(default) = decl.and_then(|d| d.get_ci("defaultValue")) else {
            return unknown(if secure {
                What::Secure { name: name.to_string() }
            } else {
                What::Deployed { what: format!("template parameter {name}"), secret: false }
            });
        };
        let step: Rc<str> = format!("the default of template parameter {name}").into();
        self.memo(format!("parameters('{name}')"), span, || {
            ev.json(default).into_iter().map(|v| v.with_step(&step)).collect()
        })
    }

    fn variable(&self, ev: &Evaluator<'a, '_>, name: &str, span: Span) -> Alts<'a> {
        let Some(value) = self.t.variables.as_ref().and_then(|v| v.get(name).or_else(|| v.get_ci(name))) else {
            let what = What::Deployed { what: format!("template variable {name}"), secret: false };
            return vec![Value::Unknown(Unknown::new(what, span))];
        };
        let step: Rc<str> = format!("template variable {name}").into();
        self.memo(format!("variables('{name}')"), span, || {
            ev.json(value).into_iter().map(|v| v.with_step(&step)).collect()
        })
    }
}

impl<'a> Env<'a> for ArmEnv<'a> {
    fn call(&self, ev: &Evaluator<'a, '_>, name: &str, call: &Expr, at: &Text) -> Option<Alts<'a>> {
        let span = at.span_of(call.range.clone());
        let arg = call.string_arg(0);
        match (name, arg) {
            ("parameters", Some(n)) => Some(self.parameter(ev, n, span)),
            ("variables", Some(n)) => Some(self.variable(ev, n, span)),
            _ => {
                let (_, secret) = DEPLOYMENT.iter().find(|(f, _)| *f == name)?;
                let what = What::Deployed { what: super::source(call, at), secret: *secret };
                Some(vec![Value::Unknown(Unknown::new(what, span))])
            }
        }
    }

    fn arm(&self) -> bool {
        true
    }
}

/// Evaluates the ARM expressions of a JSON value in place (a flow's definition, or the parameters
/// its resource gives it), adding to `holes` what each hole character stands for.
pub fn deploy(value: &mut Json, t: &ArmTemplate, holes: &mut Holes) {
    let env = ArmEnv { t, memo: Default::default(), busy: Default::default() };
    walk(value, &env, holes);
}

fn walk<'a>(v: &mut Json, env: &ArmEnv<'a>, holes: &mut Holes) {
    match &mut v.kind {
        JsonKind::Array(items) => items.iter_mut().for_each(|i| walk(i, env, holes)),
        JsonKind::Object(members) => members.iter_mut().for_each(|m| walk(&mut m.value, env, holes)),
        JsonKind::String(t) if t.value.starts_with('[') && t.value.ends_with(']') => {
            if let Some(new) = evaluate(t, env, holes) {
                *v = new;
            }
        }
        _ => {}
    }
}

/// The deployed value of one string, or `None` to keep it as it is.
fn evaluate<'a>(t: &Text, env: &ArmEnv<'a>, holes: &mut Holes) -> Option<Json> {
    let alts = Evaluator::new(env).string(t);
    let value = match alts.as_slice() {
        [one] => one.clone(),
        _ => Value::Unknown(Unknown::new(
            What::Deployed { what: "one of several values chosen at deployment".into(), secret: false },
            t.content_span(),
        )),
    };
    Some(match value {
        Value::Str(pieces) => Json { span: t.span, kind: JsonKind::String(to_text(&pieces, t, holes)) },
        // A literal object or array from the template (a parameter's default, a variable).
        Value::Json(j) => j.clone(),
        Value::Null => Json { span: t.span, kind: JsonKind::Null },
        Value::Bool(b) => Json { span: t.span, kind: JsonKind::Bool(b) },
        Value::Number(n, _) => Json { span: t.span, kind: JsonKind::Number(n) },
        Value::Unknown(u) => Json { span: t.span, kind: JsonKind::String(to_text(&[Piece::Unknown(u)], t, holes)) },
    })
}

/// The deployed text: known bytes at their places, each unknown as one hole character.
fn to_text(pieces: &[Piece], t: &Text, holes: &mut Holes) -> Text {
    let mut value = String::new();
    let mut at = Vec::new();
    let mut end = t.content_span().end;
    for p in pieces {
        match p {
            Piece::Known(k) => {
                value.push_str(&k.text);
                match &k.map {
                    Map::Bytes(b) => at.extend_from_slice(&b[..k.text.len()]),
                    Map::At(s) => at.extend(std::iter::repeat_n(s.start, k.text.len())),
                }
                let span = k.span_of(0..k.text.len());
                end = span.end;
                if !k.trail.is_empty() {
                    holes.trails.push((span, k.trail.clone()));
                }
            }
            Piece::Unknown(u) => {
                let id = holes.unknowns.len().min(HOLES as usize - 1) as u32;
                if (id as usize) == holes.unknowns.len() {
                    holes.unknowns.push(u.clone());
                }
                let c = char::from_u32(HOLE_BASE + id).unwrap_or('\u{FFFD}');
                value.push(c);
                at.extend(std::iter::repeat_n(u.span.start, c.len_utf8()));
                end = u.span.end;
            }
        }
    }
    at.push(end);
    Text::escaped(value, t.span, at)
}

/// What deployment left in a definition: the unknowns its hole characters stand for, and how the
/// known text that travelled got there (a template parameter's default, a variable), by place.
#[derive(Debug, Default)]
pub struct Holes {
    pub unknowns: Vec<Unknown>,
    pub trails: Vec<(Span, super::Trail)>,
}
