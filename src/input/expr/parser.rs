//! One WDL expression read: the tokens, and a recursive-descent parser bounded by [`MAX_DEPTH`].

use std::ops::Range;

use super::{Expr, ExprError, ExprKind, MAX_DEPTH, fail, unterminated_string};

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
        // ASCII first (what `trim_start` and `is_alphanumeric` mean for it), Unicode only past a
        // non-ASCII byte.
        let ascii_space = s.as_bytes()[self.pos..].iter().take_while(|b| matches!(b, b' ' | b'\t'..=b'\r')).count();
        let mut rest = &s[self.pos + ascii_space..];
        if rest.as_bytes().first().is_some_and(|&b| !b.is_ascii()) {
            rest = rest.trim_start();
        }
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
                let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
                let len = match rest.bytes().position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'$')) {
                    Some(n) if !rest.as_bytes()[n].is_ascii() => rest.find(|c| !word(c)).unwrap_or(rest.len()),
                    n => n.unwrap_or(rest.len()),
                };
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
