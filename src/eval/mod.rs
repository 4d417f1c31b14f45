//! The symbolic evaluator: what a header, URI or authentication value of a definition will be when
//! the engine builds it. It sits between the expression parser (`input/expr/`) and the rules.
//!
//! - [`value`]: abstract values — alternatives of known text (with the source place of every byte)
//!   and unknowns that say what they are (a fetched token, a whole object, a secure parameter…).
//! - `literal`: literal text as known pieces, every byte with its source offset, split at holes.
//! - [`functions`]: the functions both languages share (`concat`, `replace`, `if`, `base64`, …).
//! - [`wdl`]: Workflow Definition Language: variables, Compose, parameters, action outputs.
//! - [`arm`]: ARM template expressions (`[…]`), evaluated at deployment against the template's
//!   parameters and variables; [`arm::deploy`] rewrites a definition's strings as deployed, with
//!   hole characters standing for what only the deployment knows.
//!
//! Everything is bounded ([`crate::limits::EVAL_DEPTH`], `EVAL_ALTERNATIVES`, `EVAL_TEXT`): past a
//! limit a value is unknown, never a hang.

pub mod arm;
mod functions;
mod literal;
pub mod value;
pub mod wdl;

#[cfg(test)]
mod tests;

use std::cell::Cell;

pub use value::{Alts, Known, Map, Piece, Trail, Unknown, Value, What};

use crate::input::expr::{self, Expr, ExprKind, Part, Template};
use crate::limits::{EVAL_ALTERNATIVES, EVAL_DEPTH, EVAL_TEXT};
use crate::model::{Json, JsonKind, Text};
use crate::source::Span;

/// The functions and names one language gives meaning to.
pub trait Env<'a> {
    /// A call this environment knows (`variables('x')`, `parameters('p')`, `body('X')`…), or `None`
    /// when the name is not one of its own.
    fn call(&self, ev: &Evaluator<'a, '_>, name: &str, call: &Expr, at: &Text) -> Option<Alts<'a>>;
    /// The unknown a hole character stands for (a deployment-time value inside a deployed string).
    fn hole(&self, _c: char) -> Option<Unknown> {
        None
    }
    /// How text written at `span` got there before the run (deployment: a template parameter's
    /// default, a template variable), when it travelled.
    fn trail_at(&self, _span: Span) -> Option<Trail> {
        None
    }
    /// True for ARM templates: a string is an expression when it is `[…]`; otherwise strings are WDL
    /// templates (`@…`, `@{…}`).
    fn arm(&self) -> bool {
        false
    }
    /// The template a string of the definition was already parsed into (the strings' walk parses
    /// each once), or `None`: the evaluator then parses it.
    fn parsed(&self, _t: &Text) -> Option<&Result<Template, expr::ExprError>> {
        None
    }
}

/// The first character that stands for a deployment-time value in a deployed string (Supplementary
/// Private Use Area-B, which no real definition holds).
pub const HOLE_BASE: u32 = 0x10_0000;
/// The hole characters available per flow.
pub const HOLES: u32 = 0xFFFE;

/// True when a string holds hole characters: a part of it is known only at deployment.
pub fn has_holes(s: &str) -> bool {
    // Hole characters are U+100000 and above: four bytes that begin with 0xF4. No such byte, no hole
    // (one byte search, where decoding every character cost more; this is asked of every string).
    memchr::memchr(0xF4, s.as_bytes()).is_some()
        && s.chars().any(|c| (HOLE_BASE..HOLE_BASE + HOLES).contains(&(c as u32)))
}

/// Evaluates values in one environment, within the limits.
pub struct Evaluator<'a, 'e> {
    pub env: &'e dyn Env<'a>,
    depth: Cell<usize>,
}

impl<'a, 'e> Evaluator<'a, 'e> {
    pub fn new(env: &'e dyn Env<'a>) -> Self {
        Evaluator { env, depth: Cell::new(0) }
    }

    /// Runs `f` one level deeper; past the depth limit the value is unknown.
    fn deeper(&self, span: Span, f: impl FnOnce() -> Alts<'a>) -> Alts<'a> {
        if self.depth.get() >= EVAL_DEPTH {
            return vec![Value::Unknown(Unknown::new(What::Complex, span))];
        }
        self.depth.set(self.depth.get() + 1);
        let out = f();
        self.depth.set(self.depth.get() - 1);
        out
    }

    /// A JSON value of the definition: strings are evaluated, objects and arrays kept as written.
    pub fn json(&self, j: &'a Json) -> Alts<'a> {
        match &j.kind {
            JsonKind::String(t) => self.string(t),
            JsonKind::Null => vec![Value::Null],
            JsonKind::Bool(b) => vec![Value::Bool(*b)],
            JsonKind::Number(n) => vec![Value::Number(n.clone(), j.span)],
            JsonKind::Array(_) | JsonKind::Object(_) => vec![Value::Json(j)],
        }
    }

    /// A string of the definition: a WDL template, or in an ARM template a `[…]` expression.
    pub fn string(&self, t: &Text) -> Alts<'a> {
        self.deeper(t.content_span(), || if self.env.arm() { self.arm_string(t) } else { self.template(t) })
    }

    fn arm_string(&self, t: &Text) -> Alts<'a> {
        let v = t.value.as_str();
        if !(v.starts_with('[') && v.ends_with(']') && v.len() >= 2) {
            return vec![Value::Str(self.literal(t, 0..v.len()))];
        }
        if v.starts_with("[[") {
            return vec![Value::Str(self.literal(t, 1..v.len()))];
        }
        match expr::parse(&v[1..v.len() - 1], 1) {
            Ok(e) => self.expr(&e, t),
            Err(_) => vec![Value::Unknown(Unknown::new(
                What::Deployed { what: "an expression that does not parse".into(), secret: false },
                t.content_span(),
            ))],
        }
    }

    /// Whether a string is plain text, not a template (parsed at most once).
    pub fn is_plain(&self, t: &Text) -> bool {
        match self.env.parsed(t) {
            Some(parsed) => matches!(parsed, Ok(Template::Plain)),
            None => matches!(expr::template(&t.value), Ok(Template::Plain)),
        }
    }

    fn template(&self, t: &Text) -> Alts<'a> {
        let parsed_here;
        let parsed = match self.env.parsed(t) {
            Some(parsed) => {
                debug_assert_eq!(*parsed, expr::template(&t.value), "the walk's template of {:?}", t.value);
                parsed
            }
            None => {
                parsed_here = expr::template(&t.value);
                &parsed_here
            }
        };
        match parsed {
            Ok(Template::Plain) => vec![Value::Str(self.literal(t, 0..t.value.len()))],
            Ok(Template::Whole(e)) => self.expr(e, t),
            Ok(Template::Parts(parts)) => {
                let mut args: Vec<Alts<'a>> = Vec::new();
                for p in parts {
                    match p {
                        Part::Literal { text, range } => {
                            args.push(vec![Value::Str(self.template_literal(t, text, range))])
                        }
                        Part::Interpolation { expr, range } => {
                            // What the interpolation inserts is pointed at as the whole `@{…}`.
                            let (span, inner) = (t.span_of(range.clone()), t.span_of(expr.range.clone()));
                            let widen = |p: Piece| match p {
                                Piece::Unknown(u) if u.span == inner => Piece::Unknown(Unknown { span, ..u }),
                                p => p,
                            };
                            let alts = self.expr(expr, t);
                            args.push(
                                alts.into_iter()
                                    .map(|v| Value::Str(v.pieces(span).into_iter().map(widen).collect()))
                                    .collect(),
                            );
                        }
                    }
                }
                self.concat(args, t.content_span())
            }
            // An expression that does not parse (expr-syntax reports it): the engine refuses it.
            Err(_) => vec![Value::Unknown(Unknown::new(
                What::Text { what: "an expression that does not parse".into() },
                t.content_span(),
            ))],
        }
    }

    /// An expression parsed from the string `t`.
    pub fn expr(&self, e: &Expr, t: &Text) -> Alts<'a> {
        let span = t.span_of(e.range.clone());
        self.deeper(span, || match &e.kind {
            ExprKind::Str(s) => vec![Value::Str(self.string_literal(t, s, &e.range))],
            ExprKind::Number(n) => vec![Value::Number(n.clone(), span)],
            ExprKind::Bool(b) => vec![Value::Bool(*b)],
            ExprKind::Null => vec![Value::Null],
            ExprKind::Call { name, .. } => {
                let lower = name.to_ascii_lowercase();
                if let Some(v) = self.env.call(self, &lower, e, t) {
                    return v;
                }
                functions::call(self, &lower, e, t)
                    .unwrap_or_else(|| vec![Value::Unknown(Unknown::new(What::Text { what: source(e, t) }, span))])
            }
            ExprKind::Member { target, name, .. } => {
                let base = self.expr(target, t);
                base.into_iter().flat_map(|v| self.property(v, name, span, || source(e, t))).collect()
            }
            ExprKind::Index { target, index, .. } => {
                let base = self.expr(target, t);
                let keys = self.expr(index, t);
                let mut out = Vec::new();
                for v in base {
                    for k in &keys {
                        match k {
                            Value::Str(_) if k.text().is_some() => {
                                out.extend(
                                    self.property(v.clone(), &k.text().unwrap_or_default(), span, || source(e, t)),
                                )
                            }
                            Value::Number(n, _) => out.push(self.item(v.clone(), n, span, || source(e, t))),
                            _ => out.push(Value::Unknown(Unknown::new(What::Text { what: source(e, t) }, span))),
                        }
                    }
                }
                bound(out, span)
            }
        })
    }

    /// A property read: a member of a literal object, a property of a fetched token response, or
    /// otherwise text known only at run time.
    pub fn property(&self, v: Value<'a>, name: &str, span: Span, what: impl Fn() -> String) -> Alts<'a> {
        match v {
            Value::Json(j) if j.is_object() => match j.get(name).or_else(|| j.get_ci(name)) {
                Some(m) => self.json(m),
                None => vec![Value::Null],
            },
            Value::Null => vec![Value::Null],
            Value::Unknown(Unknown { what: What::Object { token_response: Some(action), .. }, trail, .. }) => {
                let what = if name.eq_ignore_ascii_case("body") {
                    What::Object { what: format!("body of {action}"), token_response: Some(action) }
                } else if ["headers", "statusCode"].iter().any(|k| k.eq_ignore_ascii_case(name)) {
                    What::Text { what: what() }
                } else {
                    What::Token { action, property: name.to_string() }
                };
                vec![Value::Unknown(Unknown { what, span, trail })]
            }
            // A property of a deployment value is one too (`reference(…).defaultHostName`).
            Value::Unknown(Unknown { what: What::Deployed { secret, .. }, trail, .. }) => {
                vec![Value::Unknown(Unknown { what: What::Deployed { what: what(), secret }, span, trail })]
            }
            Value::Unknown(Unknown { trail, .. }) => {
                vec![Value::Unknown(Unknown { what: What::Text { what: what() }, span, trail })]
            }
            _ => vec![Value::Unknown(Unknown::new(What::Text { what: what() }, span))],
        }
    }

    fn item(&self, v: Value<'a>, index: &str, span: Span, what: impl Fn() -> String) -> Value<'a> {
        if let Value::Json(j) = v
            && let Some(item) = index.parse::<usize>().ok().and_then(|i| j.items().get(i))
        {
            return self.json(item).into_iter().next().unwrap_or(Value::Null);
        }
        if let Value::Unknown(_) = v {
            return self.property(v, index, span, what).into_iter().next().unwrap_or(Value::Null);
        }
        Value::Unknown(Unknown::new(What::Text { what: what() }, span))
    }

    /// Concatenation of the alternatives of each argument, as strings.
    pub fn concat(&self, args: Vec<Alts<'a>>, span: Span) -> Alts<'a> {
        match product(&args) {
            None => vec![Value::Unknown(Unknown::new(What::Complex, span))],
            Some(combos) => combos
                .into_iter()
                .map(|combo| {
                    let pieces: Vec<Piece> = combo.iter().flat_map(|v| v.pieces(span)).collect();
                    let len: usize =
                        pieces.iter().map(|p| if let Piece::Known(k) = p { k.text.len() } else { 0 }).sum();
                    if len > EVAL_TEXT { Value::Unknown(Unknown::new(What::Complex, span)) } else { Value::Str(pieces) }
                })
                .collect(),
        }
    }
}

/// Every combination of one alternative per argument; `None` past the alternatives limit.
pub fn product<'a>(args: &[Alts<'a>]) -> Option<Vec<Vec<Value<'a>>>> {
    let count = args.iter().try_fold(1usize, |n, a| n.checked_mul(a.len().max(1)))?;
    if count > EVAL_ALTERNATIVES {
        return None;
    }
    let mut out: Vec<Vec<Value<'a>>> = vec![Vec::new()];
    for a in args {
        let mut next = Vec::with_capacity(out.len() * a.len());
        for prefix in &out {
            for v in a {
                let mut p = prefix.clone();
                p.push(v.clone());
                next.push(p);
            }
        }
        out = next;
    }
    Some(out)
}

/// Alternatives within the limit (the same value twice counts once); past it, unknown.
pub fn bound<'a>(alts: Alts<'a>, span: Span) -> Alts<'a> {
    let mut out: Alts<'a> = Vec::with_capacity(alts.len());
    for v in alts {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    if out.is_empty() {
        return vec![Value::Null];
    }
    if out.len() > EVAL_ALTERNATIVES {
        return vec![Value::Unknown(Unknown::new(What::Complex, span))];
    }
    out
}

/// The source text of an expression, shortened, for naming an unknown.
pub fn source(e: &Expr, t: &Text) -> String {
    let s = t.value.get(e.range.clone()).unwrap_or("").trim();
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}…")
    } else {
        s.to_string()
    }
}
