//! Workflow Definition Language (WDL) expressions, as Azure Logic Apps and Power Automate write them
//! in workflow definitions: `"@body('Get_token')?['access_token']"` is one expression, and
//! `"Bearer @{variables('token')}"` is text with an interpolation.
//!
//! [`template`] splits a JSON string value into literal text and expressions; [`parse`] reads one
//! expression. Every node and every error carries a byte range in the string it came from. WDL has
//! no operators: an expression is a literal or a function call, followed by property and index reads.

use std::fmt;
use std::ops::Range;

#[cfg(test)]
mod tests;

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
    if s == "@" || !s.as_bytes().contains(&b'@') {
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

fn unterminated_string<T>(at: usize) -> Result<T, ExprError> {
    fail("unterminated string: no `'` closes it", at..at + 1, "end it with `'`; write a `'` inside a string as `''`")
}

/// Parses one expression (the text after `@`, or inside `@{…}`), ranges offset by `base`.
pub fn parse(s: &str, base: usize) -> Result<Expr, ExprError> {
    let mut p = Parser { s, base, pos: 0, depth: 0, look: None };
    let expr = p.expr()?;
    let t = p.next()?;
    match t.tok {
        Tok::End => Ok(expr),
        Tok::Punct(c @ (')' | ']')) => fail(format!("unmatched `{c}`"), t.range, "remove it, or open what it closes"),
        tok => fail(
            format!("unexpected {} after the end of the expression", tok.describe()),
            t.range,
            "an expression is one value; to mix text and expressions, write @{…} inside the text",
        ),
    }
}

/// An error, with `help` unless it is empty.
fn fail<T>(message: impl Into<String>, range: Range<usize>, help: &str) -> Result<T, ExprError> {
    Err(ExprError { message: message.into(), range, help: Some(help.to_string()).filter(|h| !h.is_empty()) })
}

/// A token, borrowed from the expression's text (a string literal is owned only when it holds `''`).
#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Str(std::borrow::Cow<'a, str>),
    Num(&'a str),
    Ident(&'a str),
    Punct(char),
    End,
}

impl Tok<'_> {
    fn describe(&self) -> String {
        match self {
            Tok::Str(s) => format!("the string '{}'", s.replace('\'', "''")),
            Tok::Num(n) | Tok::Ident(n) => format!("`{n}`"),
            Tok::Punct(c) => format!("`{c}`"),
            Tok::End => "the end of the expression".into(),
        }
    }
}

#[derive(Clone)]
struct Token<'a> {
    tok: Tok<'a>,
    range: Range<usize>,
}

/// A recursive-descent parser reading tokens as it goes, so that errors come in source order.
struct Parser<'a> {
    s: &'a str,
    base: usize,
    pos: usize,
    /// How many calls, indexes and reads enclose the current one (see [`MAX_DEPTH`]).
    depth: usize,
    /// The token last peeked: the position it was read at, the token, and the position after it —
    /// so that a peek followed by a read tokenizes once.
    look: Option<(usize, Token<'a>, usize)>,
}

impl<'a> Parser<'a> {
    fn peek(&mut self) -> Result<Token<'a>, ExprError> {
        if let Some((at, t, _)) = &self.look
            && *at == self.pos
        {
            return Ok(t.clone());
        }
        let pos = self.pos;
        let t = self.read()?;
        self.look = Some((pos, t.clone(), self.pos));
        self.pos = pos;
        Ok(t)
    }

    fn next(&mut self) -> Result<Token<'a>, ExprError> {
        if let Some((at, t, after)) = self.look.take()
            && at == self.pos
        {
            self.pos = after;
            return Ok(t);
        }
        self.read()
    }

    fn read(&mut self) -> Result<Token<'a>, ExprError> {
        let s: &'a str = self.s;
        let rest = s[self.pos..].trim_start();
        let start = s.len() - rest.len();
        let at = |len: usize| self.base + start..self.base + start + len;
        let mut chars = rest.chars();
        let (tok, len) = match chars.next() {
            None => (Tok::End, 0),
            Some('\'') => match string(rest) {
                Some(token) => token,
                None => return unterminated_string(self.base + start),
            },
            Some('"') => {
                let (text, len) = rest[1..].find('"').map_or(("text", 1), |n| (&rest[1..n + 1], n + 2));
                let message = format!("expressions take single quotes: '{}'", text.replace('\'', "''"));
                return fail(message, at(len), "`\"` does not quote a string; write a `'` inside a string as `''`");
            }
            Some('0'..='9') => number(rest),
            Some('-') if chars.next().is_some_and(|d| d.is_ascii_digit()) => number(rest),
            Some(c) if c.is_alphabetic() || c == '_' || c == '$' => {
                let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).unwrap_or(rest.len());
                (Tok::Ident(&rest[..len]), len)
            }
            Some(c @ ('(' | ')' | '[' | ']' | ',' | '.' | '?')) => (Tok::Punct(c), 1),
            Some(c) => return fail(format!("unexpected character `{}`", c.escape_debug()), at(c.len_utf8()), hint(c)),
        };
        self.pos = start + len;
        Ok(Token { tok, range: at(len) })
    }

    /// One expression: a literal or a call, then any property and index reads.
    fn expr(&mut self) -> Result<Expr, ExprError> {
        let outer = self.depth;
        let mut expr = self.primary()?;
        while let t @ Token { tok: Tok::Punct('?' | '.' | '['), .. } = self.peek()? {
            self.next()?;
            let (null_safe, first) = (t.tok == Tok::Punct('?'), t.range.clone());
            let op = if null_safe { self.next()? } else { t };
            self.deeper(&op.range)?;
            expr = match op.tok {
                Tok::Punct('.') => self.member(expr, op.range, null_safe)?,
                Tok::Punct('[') => self.index(expr, op.range, null_safe)?,
                tok => {
                    let message = format!("expected `[` or `.` after `?`, found {}", tok.describe());
                    let range = if tok == Tok::End { first } else { op.range };
                    return fail(message, range, "`?` reads a property null-safely: x?['name'] or x?.name");
                }
            };
        }
        self.depth = outer;
        Ok(expr)
    }

    fn deeper(&mut self, range: &Range<usize>) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return fail("expression nested too deeply", range.clone(), "");
        }
        Ok(())
    }

    fn primary(&mut self) -> Result<Expr, ExprError> {
        let t = self.next()?;
        let kind = match t.tok {
            Tok::Str(s) => ExprKind::Str(s.into_owned()),
            Tok::Num(n) => ExprKind::Number(n.to_string()),
            Tok::Ident(name) if self.peek()?.tok == Tok::Punct('(') => return self.call(name.to_string(), t.range),
            Tok::Ident(name) => match name.to_ascii_lowercase().as_str() {
                "true" => ExprKind::Bool(true),
                "false" => ExprKind::Bool(false),
                "null" => ExprKind::Null,
                _ => {
                    let help = format!("call it as {name}(…), or quote a string literal: '{name}'");
                    return fail(format!("`{name}` is not a function call: expected `(` after it"), t.range, &help);
                }
            },
            tok => return fail(format!("expected an expression, found {}", tok.describe()), t.range, ""),
        };
        Ok(Expr { kind, range: t.range })
    }

    fn call(&mut self, name: String, name_range: Range<usize>) -> Result<Expr, ExprError> {
        let open = self.next()?.range;
        self.deeper(&open)?;
        let (mut args, mut comma) = (Vec::new(), None::<Range<usize>>);
        while self.peek()?.tok != Tok::Punct(')') || comma.is_some() {
            let t = self.peek()?;
            let (message, range) = match (t.tok, comma.take()) {
                (Tok::End, _) => break,
                (Tok::Punct(','), None) => ("missing argument before `,`", t.range),
                (Tok::Punct(','), Some(c)) => ("missing argument between commas", c.start..t.range.end),
                (Tok::Punct(')'), Some(c)) => ("trailing comma: no argument after `,`", c),
                _ => {
                    args.push(self.expr()?);
                    comma = self.eat(',')?;
                    if comma.is_none() {
                        break;
                    }
                    continue;
                }
            };
            return fail(message, range, "remove the `,` or add the missing argument");
        }
        let close = self.close('(', open, "`,` or `)` after an argument", "separate arguments with `,`")?;
        Ok(Expr { kind: ExprKind::Call { name, args }, range: name_range.start..close.end })
    }

    /// Reads the punctuation `c` if it comes next: its range.
    fn eat(&mut self, c: char) -> Result<Option<Range<usize>>, ExprError> {
        let t = self.peek()?;
        if t.tok != Tok::Punct(c) {
            return Ok(None);
        }
        self.next()?;
        Ok(Some(t.range))
    }

    fn member(&mut self, target: Expr, dot: Range<usize>, null_safe: bool) -> Result<Expr, ExprError> {
        let t = self.next()?;
        let Tok::Ident(name) = t.tok else {
            let message = format!("expected a property name after `.`, found {}", t.tok.describe());
            let range = if t.tok == Tok::End { dot } else { t.range };
            return fail(message, range, "for a name that is not a plain word, write ['name']");
        };
        let range = target.range.start..t.range.end;
        Ok(Expr { kind: ExprKind::Member { target: Box::new(target), name: name.to_string(), null_safe }, range })
    }

    fn index(&mut self, target: Expr, open: Range<usize>, null_safe: bool) -> Result<Expr, ExprError> {
        let t = self.peek()?;
        if t.tok == Tok::Punct(']') {
            return fail("empty index `[]`", open.start..t.range.end, "write ['name'] or [0]");
        } else if t.tok == Tok::End {
            self.close('[', open.clone(), "", "")?; // fails: nothing closes the `[`
        }
        let index = self.expr()?;
        let close = self.close('[', open, "`]`", "")?;
        let range = target.range.start..close.end;
        Ok(Expr { kind: ExprKind::Index { target: Box::new(target), index: Box::new(index), null_safe }, range })
    }

    /// Reads the `)` or `]` that closes the `(` or `[` at `open`.
    fn close(
        &mut self,
        open_char: char,
        open: Range<usize>,
        expected: &str,
        help: &str,
    ) -> Result<Range<usize>, ExprError> {
        let want = if open_char == '(' { ')' } else { ']' };
        let t = self.next()?;
        match t.tok {
            Tok::Punct(c) if c == want => Ok(t.range),
            Tok::End => fail(format!("unclosed `{open_char}`: no `{want}` closes it"), open, &format!("add `{want}`")),
            Tok::Punct(c @ (')' | ']')) => {
                fail(format!("`{c}` does not close `{open_char}`: expected `{want}`"), t.range, "")
            }
            tok => fail(format!("expected {expected}, found {}", tok.describe()), t.range, help),
        }
    }
}

/// A single-quoted string at the start of `s`: its value and length, or None if it never ends.
fn string(s: &str) -> Option<(Tok<'_>, usize)> {
    let first = 1 + s[1..].find('\'')?;
    if !s[first + 1..].starts_with('\'') {
        return Some((Tok::Str(std::borrow::Cow::Borrowed(&s[1..first])), first + 1));
    }
    let mut value = String::new();
    let mut i = 1;
    loop {
        let q = i + s[i..].find('\'')?;
        value.push_str(&s[i..q]);
        i = q + 1;
        if !s[i..].starts_with('\'') {
            return Some((Tok::Str(std::borrow::Cow::Owned(value)), i));
        }
        value.push('\'');
        i += 1;
    }
}

/// A number at the start of `s`: an optional `-`, digits, and optionally `.` and digits.
fn number(s: &str) -> (Tok<'_>, usize) {
    let b = s.as_bytes();
    let digits = |from: usize| from + b[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut end = digits(usize::from(b[0] == b'-'));
    if b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = digits(end + 1);
    }
    (Tok::Num(&s[..end]), end)
}

/// What to do instead of an unexpected character, when it is a common mistake.
fn hint(c: char) -> &'static str {
    match c {
        '-' => "WDL has no operators: use sub(a, b); for a name with `-`, write ['Content-Type']",
        '+' | '*' | '/' | '%' => "WDL has no operators: use add(), mul(), div(), mod() or concat()",
        '=' | '!' | '<' | '>' | '&' | '|' => {
            "WDL has no operators: use equals(), not(), less(), greater(), and(), or()"
        }
        '@' => "inside an expression, functions are called without `@`: concat(body('x'))",
        '{' | '}' => "`{` and `}` only mark an interpolation @{…} in the text; inside an expression, quote them",
        _ => "",
    }
}
