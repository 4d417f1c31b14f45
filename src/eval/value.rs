//! Abstract values: what an expression is known to yield before the run (or before the deployment).
//!
//! An expression evaluates to one or more alternatives ([`Alts`]): both branches of an `if()`, every
//! assignment of a variable. A string alternative is a sequence of [`Piece`]s: known text that
//! remembers where each of its bytes is written in the source, or an [`Unknown`] that says what is
//! known of it (a token fetched by an earlier action, a whole object, a secure parameter, a value set
//! at deployment) and which expression stands for it.

use std::rc::Rc;

use crate::model::Json;
use crate::source::Span;

/// The text that stands for an unknown in a skeleton of a sent value (src/lint/judge/): long
/// enough to look like a credential, so that the rules judge the known text around it. A rule that
/// meets it in a credential knows the value is unknown, not an opaque key.
pub const PLACEHOLDER: &str = "authlintplaceholder0000";

/// How a value travelled from where it is written to where it is used: the steps, innermost (closest
/// to the literal) first — `["the input of Compose_header", "set in Set_auth"]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trail(Vec<Rc<str>>);

impl Trail {
    /// The trail with one more step outside the others.
    pub fn then(&self, step: &Rc<str>) -> Trail {
        let mut v = self.0.clone();
        if v.last() != Some(step) {
            v.push(step.clone());
        }
        Trail(v)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn steps(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|s| &**s)
    }
}

/// Where the bytes of a known text are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Map {
    /// The source offset of each byte, and one more for the end (`text.len() + 1` entries).
    Bytes(Vec<usize>),
    /// Made by a function (`base64('…')`) or brought from another file: every byte stands at this span.
    At(Span),
}

/// Text known before the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub text: String,
    pub map: Map,
    /// Written as a string literal inside an expression (`concat('"Bearer ', …)`), not as template text.
    pub in_expr: bool,
    pub trail: Trail,
}

impl Known {
    /// The source span of a byte range of the text.
    pub fn span_of(&self, r: std::ops::Range<usize>) -> Span {
        match &self.map {
            Map::At(s) => *s,
            Map::Bytes(at) => {
                let end = r.end.min(self.text.len());
                let start = r.start.min(end);
                let (a, b) = (at[start], at[end]);
                Span::new(a.min(b), a.max(b))
            }
        }
    }

    /// The bytes `r` of the text, with their places.
    pub fn slice(&self, r: std::ops::Range<usize>) -> Known {
        let map = match &self.map {
            Map::At(s) => Map::At(*s),
            Map::Bytes(at) => Map::Bytes(at[r.start..=r.end].to_vec()),
        };
        Known { text: self.text[r].to_string(), map, in_expr: self.in_expr, trail: self.trail.clone() }
    }

    /// A text whose every byte stands at `span`.
    pub fn at(text: String, span: Span, in_expr: bool) -> Known {
        Known { text, map: Map::At(span), in_expr, trail: Trail::default() }
    }
}

/// What is known of a value that is not known before the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// A property of a token fetch's response: `body('Get_token')?['access_token']`.
    Token { action: String, property: String },
    /// A whole object or array: `body('Get_token')`, `outputs('HTTP')`, an object variable.
    Object { what: String, token_response: Option<String> },
    /// Text computed at run time: `triggerBody()?['name']`, `formatDateTime(utcNow())`.
    Text { what: String },
    /// A secure parameter (`securestring`), hidden in run history.
    Secure { name: String },
    /// A Logic Apps Standard app setting: `appsetting('name')`.
    AppSetting { name: String },
    /// A value set at deployment: a template parameter with no value, `reference()`, `listKeys()`, …;
    /// `secret` for key material fetched at deployment (`listKeys`, `listSecrets`).
    Deployed { what: String, secret: bool },
    /// base64 of a text that is partly unknown: `base64(concat(u, ':', p))`.
    Base64 { of: Vec<Piece> },
    /// Beyond what authlint follows (a limit of depth, alternatives or length).
    Complex,
}

/// A value not known before the run, and the expression that stands for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    pub what: What,
    pub span: Span,
    pub trail: Trail,
}

impl Unknown {
    pub fn new(what: What, span: Span) -> Unknown {
        Unknown { what, span, trail: Trail::default() }
    }
    /// True for a whole object or array.
    pub fn is_object(&self) -> bool {
        matches!(self.what, What::Object { .. })
    }
}

/// A piece of a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Known(Known),
    Unknown(Unknown),
}

impl Piece {
    fn with_step(mut self, step: &Rc<str>) -> Piece {
        match &mut self {
            Piece::Known(k) => k.trail = k.trail.then(step),
            Piece::Unknown(u) => u.trail = u.trail.then(step),
        }
        self
    }
}

/// One alternative of a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// A string, piece by piece.
    Str(Vec<Piece>),
    /// A literal object or array written in the definition (its strings are evaluated when read).
    Json(&'a Json),
    Null,
    Bool(bool),
    Number(String, Span),
    /// A value of unknown type, or an object known only by its origin.
    Unknown(Unknown),
}

/// The alternatives of a value: never empty.
pub type Alts<'a> = Vec<Value<'a>>;

impl<'a> Value<'a> {
    /// A string made of one known text.
    pub fn known(k: Known) -> Value<'a> {
        Value::Str(vec![Piece::Known(k)])
    }

    /// The value with one more step in the trail of everything in it.
    pub fn with_step(self, step: &Rc<str>) -> Value<'a> {
        match self {
            Value::Str(p) => Value::Str(p.into_iter().map(|p| p.with_step(step)).collect()),
            Value::Unknown(u) => Value::Unknown(Unknown { trail: u.trail.then(step), ..u }),
            v => v,
        }
    }

    /// The value as text, as WDL's string conversion and interpolation make it: an object stays an
    /// unknown object, `null` is empty.
    pub fn pieces(&self, span: Span) -> Vec<Piece> {
        match self {
            Value::Str(p) => p.clone(),
            Value::Null => Vec::new(),
            Value::Bool(b) => vec![Piece::Known(Known::at(if *b { "True" } else { "False" }.into(), span, true))],
            Value::Number(n, s) => vec![Piece::Known(Known::at(n.clone(), *s, true))],
            // A literal object or array inserted as text: pointed at where it is inserted.
            Value::Json(j) => vec![Piece::Unknown(Unknown::new(
                What::Object { what: format!("an {} written in the definition", kind_name(j)), token_response: None },
                span,
            ))],
            Value::Unknown(u) => vec![Piece::Unknown(u.clone())],
        }
    }

    /// The whole text when every piece of it is known.
    pub fn text(&self) -> Option<String> {
        match self {
            Value::Str(p) => p
                .iter()
                .map(|p| match p {
                    Piece::Known(k) => Some(k.text.as_str()),
                    Piece::Unknown(_) => None,
                })
                .collect(),
            _ => None,
        }
    }
}

fn kind_name(j: &Json) -> &'static str {
    match j.kind {
        crate::model::JsonKind::Array(_) => "array",
        _ => "object",
    }
}

/// Renders pieces as the value will be sent, every unknown as `<what it is>` (known text as it is: a
/// caller that shows it redacts its secrets).
pub fn display(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Known(k) => out.push_str(&k.text),
            Piece::Unknown(u) => out.push_str(&describe(u)),
        }
    }
    out
}

/// An unknown as `<access_token of Get_token>`, `<secure parameter apiKey>`, ….
pub fn describe(u: &Unknown) -> String {
    match &u.what {
        What::Token { action, property } => format!("<{property} of {action}>"),
        What::Object { what, .. } => format!("<{what}>"),
        What::Text { what } => format!("<{what}>"),
        What::Secure { name } => format!("<secure parameter {name}>"),
        What::AppSetting { name } => format!("<app setting {name}>"),
        What::Deployed { what, .. } => format!("<{what}, set at deployment>"),
        What::Base64 { of } => format!("<base64 of {}>", display(of)),
        What::Complex => "<a value authlint does not follow>".into(),
    }
}
