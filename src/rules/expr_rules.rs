//! Expressions in headers: syntax, quotes around an inserted value, a whole object inserted.

use super::{Context, Rule, declare_rule};
use crate::eval::{Piece, What};
use crate::facts::{FlowFacts, SentValue};

declare_rule! {
    /// ## What it finds
    /// An expression in a definition that does not parse: an unterminated string, unbalanced
    /// parentheses, double quotes instead of single quotes, an unclosed `@{`.
    ///
    /// ## Why it breaks the request
    /// The flow fails to save or the action fails at run time; an unclosed `@{` is sent as text.
    ///
    /// ## Example
    /// ```json
    /// {"triggers": {}, "actions": {"HTTP": {"type": "Http", "inputs": {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer @{body('Get_token')?['access_token']"}}}}}
    /// ```
    ///
    /// ## Fix
    /// Correct the expression at the place shown: strings take single quotes, every `(` and `@{` is
    /// closed.
    pub struct ExprSyntax { name: "expr-syntax", severity: Error, summary: "an expression that does not parse" }
}

impl Rule for ExprSyntax {
    fn check_flow(&self, cx: &mut Context, f: &FlowFacts) {
        for s in &f.strings {
            // A string with a part known only at deployment is judged once deployed.
            if let Err(e) = &s.template
                && !crate::eval::has_holes(&s.text.value)
            {
                let d = cx.report(
                    &Self::META,
                    f.file,
                    s.text.span_of(e.range.clone()),
                    &s.pointer,
                    format!("the expression does not parse: {}", e.message),
                );
                d.label("here");
                d.help(e.help.clone().unwrap_or_else(|| "strings take single quotes; close every ( and @{".into()));
            }
        }
    }
}

const QUOTES: &[&str] = &["\\\"", "\"", "'", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}"];

declare_rule! {
    /// ## What it finds
    /// A credential built so that the inserted value comes out in quotes: literal quotes typed around
    /// an expression (`Bearer "@{…}"`, `Bearer '@{…}'`), or `concat()` with a quote in a literal
    /// (`concat('"Bearer ', …)`) — wherever the value is built: in the header itself, in a variable
    /// it is set to, in a Compose, or in one branch of an `if()`. Quotes typed around the whole
    /// value, scheme included, are `auth-quoted`.
    ///
    /// ## Why it breaks the request
    /// The quotes are sent: the server reads `"Bearer` or `"eyJ…` and answers 401.
    ///
    /// ## Example
    /// ```json
    /// {"triggers": {}, "actions": {"HTTP": {"type": "Http", "inputs": {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer \"@{body('Get_token')?['access_token']}\""}}}}}
    /// ```
    ///
    /// ## Fix
    /// Remove the quotes: `Bearer @{body('Get_token')?['access_token']}`.
    ///
    /// Fix: safe, automatic (`--fix` removes a pair of quotes typed around an inserted expression).
    pub struct ExprQuoteWrap { name: "expr-quote-wrap", severity: Error, summary: "an expression or template that yields a quoted credential" }
}

/// The quote a known text ends (or starts) with.
fn quote_at(text: &str, end: bool) -> Option<&'static str> {
    QUOTES.iter().copied().find(|q| if end { text.ends_with(q) } else { text.starts_with(q) })
}

impl Rule for ExprQuoteWrap {
    fn check_value(&self, cx: &mut Context, v: &SentValue) {
        if !v.is_credential() {
            return;
        }
        // Quotes typed around the whole value, scheme included, are auth-quoted's.
        let len = v.text.value.len();
        let typed = |p: Option<&(std::ops::Range<usize>, Piece)>, end: bool| matches!(p, Some((_, Piece::Known(k))) if !k.in_expr && quote_at(&k.text, end).is_some());
        let wrapped = typed(v.pieces.first(), false) && typed(v.pieces.last(), true);
        // The whole value in quotes typed in an expression's literals (`concat('"Bearer ', …, '"')`):
        // the opening quote is the cause.
        let (mut found, mut in_literal) = (None, false);
        if let (Some((ra, Piece::Known(a))), Some((_, Piece::Known(b)))) = (v.pieces.first(), v.pieces.last())
            && a.in_expr
            && b.in_expr
            && v.pieces.len() > 1
            && let (Some(q), Some(_)) = (quote_at(&a.text, false), quote_at(&b.text, true))
        {
            found = Some(ra.start..ra.start + q.len());
            in_literal = true;
        }
        // A matched pair of quotes typed right around one inserted value: the fix deletes both.
        let mut pair: Option<[std::ops::Range<usize>; 2]> = None;
        for (i, (range, p)) in v.pieces.iter().enumerate() {
            if found.is_some() || !matches!(p, Piece::Unknown(u) if !u.is_object()) {
                continue;
            }
            let before = i.checked_sub(1).and_then(|j| v.pieces.get(j));
            let after = v.pieces.get(i + 1);
            if let (Some((rb, Piece::Known(kb))), Some((ra, Piece::Known(ka)))) = (before, after)
                && let (Some(q1), Some(q2)) = (quote_at(&kb.text, true), quote_at(&ka.text, false))
                && q1 == q2
                && !kb.in_expr
                && !ka.in_expr
                && !wrapped
            {
                pair = Some([rb.end - q1.len()..rb.end, ra.start..ra.start + q2.len()]);
            }
            if let Some((r, Piece::Known(k))) = before
                && let Some(q) = quote_at(&k.text, true)
                && !(wrapped && r.end - q.len() == 0)
            {
                found = Some(r.end - q.len()..range.end);
                in_literal = k.in_expr;
            } else if let Some((r, Piece::Known(k))) = after
                && let Some(q) = quote_at(&k.text, false)
                && !(wrapped && r.start + q.len() == len)
            {
                found = Some(range.start..r.start + q.len());
                in_literal = k.in_expr;
            }
        }
        if let Some(r) = found {
            let help = if in_literal {
                "remove the quote characters from the expression's string literals: concat('Bearer ', body('Get_token')?['access_token'])"
            } else {
                "remove the quotes around the expression: Bearer @{body('Get_token')?['access_token']}"
            };
            cx.report(
                &Self::META,
                v.file,
                v.text.span_of(r),
                v.pointer,
                format!("{} is sent with quotes around an inserted value", v.name()),
            )
            .label("a quote the engine sends")
            .help(help);
            if let (Some([a, b]), Some(d)) = (pair, cx.diagnostics.last_mut()) {
                let edit = |r: std::ops::Range<usize>| crate::fix::Edit {
                    span: v.text.span_of(r.clone()),
                    content: String::new(),
                    expect: v.text.value.get(r).unwrap_or_default().to_string(),
                };
                d.fix("remove the quotes around the expression", vec![edit(a), edit(b)]);
            }
        }
    }
}

declare_rule! {
    /// ## What it finds
    /// A whole object inserted into a header, where one property (`?['access_token']`) was meant: the
    /// body of a token fetch, a Parse JSON or a connector action, `outputs()` of any action but a
    /// Compose, `triggerBody()`, `json(…)`, an object variable or a Compose of an object — directly or
    /// through a variable. The body of an HTTP or Function call is not one: the server may send text
    /// (a Function that returns a JWT).
    ///
    /// ## Why it breaks the request
    /// The header carries the object's JSON text (`{"token_type":"Bearer",…}`): 401.
    ///
    /// ## Example
    /// ```json
    /// {"triggers": {}, "actions": {"HTTP": {"type": "Http", "inputs": {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer @{body('Get_token')}"}}}}}
    /// ```
    ///
    /// ## Fix
    /// Insert the property: `Bearer @{body('Get_token')?['access_token']}`.
    ///
    /// Fix: safe, automatic, for the body of a token fetch (`--fix` adds `?['access_token']`).
    pub struct ExprObjectInHeader { name: "expr-object-in-header", severity: Error, summary: "a whole object inserted into a header" }
}

impl Rule for ExprObjectInHeader {
    fn check_value(&self, cx: &mut Context, v: &SentValue) {
        if matches!(v.place, crate::lint::http::Place::Uri) {
            return;
        }
        for (_, p) in v.pieces {
            let Piece::Unknown(u) = p else { continue };
            let What::Object { what, token_response } = &u.what else { continue };
            let d = cx
                .report(
                    &Self::META,
                    v.file,
                    u.span,
                    v.pointer,
                    format!("a whole object ({what}) is inserted into {}", v.name()),
                )
                .label("an object, not a string")
                .help("insert the one property the header needs, e.g. body('Get_token')?['access_token']");
            // The body of a token fetch: its access_token is the one property a credential header
            // needs. The edit rewrites the expression's last character (checked to be `)` or `]`)
            // followed by the property read, so it never lands inside `@{…}`'s braces.
            let body = what.starts_with("body(") || what.starts_with("body of");
            let written = v.source.get(u.span.start..u.span.end).unwrap_or_default();
            // `@{body('X')}` takes the read inside its braces; `@body('X')` or a bare call after it.
            let inner = written.strip_suffix('}').unwrap_or(written);
            if token_response.is_some() && body && (inner.ends_with(')') || inner.ends_with(']')) {
                let at = u.span.start + inner.len();
                d.fix(
                    "read ?['access_token'] from the token response",
                    vec![crate::fix::Edit {
                        span: crate::source::Span::new(at, at),
                        content: "?['access_token']".into(),
                        expect: String::new(),
                    }],
                );
            }
        }
    }
}
