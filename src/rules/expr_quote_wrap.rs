//! Quotes around a value an expression inserts.

use super::{Context, Rule, declare_rule};
use crate::eval::Piece;
use crate::facts::SentValue;

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
