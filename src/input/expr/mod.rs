//! Workflow Definition Language (WDL) expressions, as Azure Logic Apps and Power Automate write them
//! in workflow definitions: `"@body('Get_token')?['access_token']"` is one expression, and
//! `"Bearer @{variables('token')}"` is text with an interpolation.
//!
//! [`template`] splits a JSON string value into literal text and expressions; [`parse`] reads one
//! expression. Every node and every error carries a byte range in the string it came from. WDL has
//! no operators: an expression is a literal or a function call, followed by property and index reads.

use std::fmt;
use std::ops::Range;

mod parser;
#[cfg(test)]
mod tests;

pub use parser::parse;

/// How deeply calls and indexes may nest before the parser refuses (rather than exhaust the stack).
pub const MAX_DEPTH: usize = 100;

/// An expression with its byte range in the string it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it is: from its first token to its last.
    pub range: Range<usize>,
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExprKind {
    /// A function call `name(arg, …)`; the name as written (WDL compares names case-insensitively).
    Call { name: String, args: Vec<Expr> },
    /// A string literal: the decoded value (`''` → `'`).
    Str(String),
    /// A number as written: `42`, `-1`, `0.5`.
    Number(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A property read: `a.b`, or `a?.b` (null-safe).
    Member { target: Box<Expr>, name: String, null_safe: bool },
    /// An index read: `a['b']`, `a[0]`, or `a?['b']` (null-safe).
    Index { target: Box<Expr>, index: Box<Expr>, null_safe: bool },
}

/// A part of a string value of a definition: literal or computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Literal text (with `@@` already turned into `@`), and its range in the string.
    Literal { text: String, range: Range<usize> },
    /// An `@{…}` interpolation: the expression, and the range of the whole `@{…}`.
    Interpolation { expr: Expr, range: Range<usize> },
}

/// A string value of a definition, split into what is literal and what is computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Template {
    /// Not an expression at all: plain text, to be read as it is.
    Plain,
    /// The whole string is one expression (`@…`); its result keeps its JSON type.
    Whole(Expr),
    /// Literal text with interpolations (or with `@@` escapes); the result is a string. A string
    /// that is exactly `@{…}` is one interpolation too: its result is converted to a string.
    Parts(Vec<Part>),
}

/// An expression that does not parse: what is wrong, where (a range in the string), and, when it
/// helps, what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// What is wrong, in one line.
    pub message: String,
    /// The offending token (or the opening quote or bracket that is never closed).
    pub range: Range<usize>,
    /// What to do about it, when there is something useful to say.
    pub help: Option<String>,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExprError {}

impl Expr {
    /// The function name, lower-cased, when the expression is a call (`Body('x')` → `body`).
    pub fn call_name(&self) -> Option<String> {
        if let ExprKind::Call { name, .. } = &self.kind { Some(name.to_ascii_lowercase()) } else { None }
    }

    /// Whether the expression is a call of `name` (compared case-insensitively, as WDL does).
    pub fn is_call(&self, name: &str) -> bool {
        matches!(&self.kind, ExprKind::Call { name: n, .. } if n.eq_ignore_ascii_case(name))
    }

    /// The arguments of a call; empty for anything else.
    pub fn args(&self) -> &[Expr] {
        if let ExprKind::Call { args, .. } = &self.kind { args } else { &[] }
    }

    /// The value of a string literal.
    pub fn as_str(&self) -> Option<&str> {
        if let ExprKind::Str(s) = &self.kind { Some(s) } else { None }
    }

    /// The `i`-th argument of a call, when it is a string literal (`body('HTTP')` → `HTTP` for 0).
    pub fn string_arg(&self, i: usize) -> Option<&str> {
        self.args().get(i)?.as_str()
    }

    /// The expression at the bottom of a chain of property and index reads: the call
    /// `body('x')` for `body('x')?['access_token'].value`; the expression itself if it is no read.
    pub fn root(&self) -> &Expr {
        let mut e = self;
        while let ExprKind::Member { target, .. } | ExprKind::Index { target, .. } = &e.kind {
            e = target;
        }
        e
    }

    /// Visits this node and then every node below it, depth first, in source order.
    pub fn walk<'e>(&'e self, f: &mut dyn FnMut(&'e Expr)) {
        f(self);
        match &self.kind {
            ExprKind::Call { args, .. } => args.iter().for_each(|a| a.walk(f)),
            ExprKind::Member { target, .. } => target.walk(f),
            ExprKind::Index { target, index, .. } => {
                target.walk(f);
                index.walk(f);
            }
            ExprKind::Str(_) | ExprKind::Number(_) | ExprKind::Bool(_) | ExprKind::Null => {}
        }
    }
}

impl Template {
    /// The expressions of the template in order: the whole one, or those of the interpolations.
    pub fn exprs(&self) -> Vec<&Expr> {
        match self {
            Template::Plain => Vec::new(),
            Template::Whole(e) => vec![e],
            Template::Parts(parts) => parts
                .iter()
                .filter_map(|p| if let Part::Interpolation { expr, .. } = p { Some(expr) } else { None })
                .collect(),
        }
    }
}

/// Splits and parses a JSON string value of a workflow definition (the decoded string, not the JSON
/// text). A leading `@` (not `@@`, not `@{`) makes the rest one expression; otherwise `@{…}` is an
/// interpolation anywhere, `@@` a literal `@`, and any other `@` (as in `a@b.com`) plain text.
pub fn template(s: &str) -> Result<Template, ExprError> {
    // A string that is one `@` and nothing else is text to the engine: real definitions hold such
    // fields (a separator, a mention) and deploy and run. `@` followed by blanks is still refused.
    // Most strings hold no `@` at all: one byte search decides.
    if s == "@" || memchr::memchr(b'@', s.as_bytes()).is_none() {
        return Ok(Template::Plain);
    }
    if let Some(rest) = s.strip_prefix('@')
        && !rest.starts_with(['@', '{'])
    {
        if rest.trim().is_empty() {
            let help = "write `@@` for a literal `@`, or an expression after it: @variables('name')";
            return fail("lone `@`: no expression follows it", 0..1, help);
        }
        return parse(rest, 1).map(Template::Whole);
    }
    if !s.contains("@{") && !s.contains("@@") {
        return Ok(Template::Plain);
    }
    let (mut parts, mut text, mut start, mut i) = (Vec::new(), String::new(), 0, 0);
    while i < s.len() {
        // Text up to the next `@` is copied in one piece.
        let Some(at) = s.as_bytes()[i..].iter().position(|&b| b == b'@').map(|n| i + n) else {
            text.push_str(&s[i..]);
            i = s.len();
            break;
        };
        text.push_str(&s[i..at]);
        i = at;
        let next = s.as_bytes().get(i + 1).copied();
        if next == Some(b'@') {
            text.push('@');
            i += 2;
        } else if next == Some(b'{') {
            if i > start {
                parts.push(Part::Literal { text: std::mem::take(&mut text), range: start..i });
            }
            let close = closing_brace(s, i)?;
            if s[i + 2..close].trim().is_empty() {
                let help = "put an expression inside, as in @{variables('name')}, or write `@@{` for a literal `@{`";
                return fail("empty interpolation `@{}`", i..close + 1, help);
            }
            let expr = parse(&s[i + 2..close], i + 2)?;
            parts.push(Part::Interpolation { expr, range: i..close + 1 });
            (i, start) = (close + 1, close + 1);
        } else {
            text.push('@');
            i += 1;
        }
    }
    if i > start {
        parts.push(Part::Literal { text, range: start..i });
    }
    Ok(Template::Parts(parts))
}

/// The byte offset of the `}` that ends the interpolation `@{` at `at`: the first one outside
/// single-quoted strings.
fn closing_brace(s: &str, at: usize) -> Result<usize, ExprError> {
    let mut quote = None;
    let bytes = s.as_bytes();
    let mut i = at + 2;
    while let Some(&b) = bytes.get(i) {
        match (b, quote) {
            (b'\'', Some(_)) if bytes.get(i + 1) == Some(&b'\'') => i += 1,
            (b'\'', Some(_)) => quote = None,
            (b'\'', None) => quote = Some(i),
            (b'}', None) => return Ok(i),
            _ => {}
        }
        i += 1;
    }
    match quote {
        Some(q) => unterminated_string(q),
        None => fail("unterminated `@{`: no `}` closes it", at..at + 2, "end it with `}`, or write `@@{` for text"),
    }
}

pub(super) fn unterminated_string<T>(at: usize) -> Result<T, ExprError> {
    fail("unterminated string: no `'` closes it", at..at + 1, "end it with `'`; write a `'` inside a string as `''`")
}

/// An error, with `help` unless it is empty.
pub(super) fn fail<T>(message: impl Into<String>, range: Range<usize>, help: &str) -> Result<T, ExprError> {
    Err(ExprError { message: message.into(), range, help: Some(help.to_string()).filter(|h| !h.is_empty()) })
}
