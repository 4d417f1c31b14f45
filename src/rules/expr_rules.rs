//! Expressions in headers: syntax, quotes around an inserted value, a whole object inserted.

use super::{Context, Rule, declare_rule};
use crate::input::expr::{Expr, ExprKind, Part, Template};
use crate::lint::FlowFacts;

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
            if let Err(e) = &s.template {
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

/// The header templates of the flow's HTTP actions: (header name, site).
fn headers<'f>(f: &'f FlowFacts) -> impl Iterator<Item = &'f crate::lint::StringSite<'f>> {
    f.strings.iter().filter(|s| f.http.iter().any(|h| s.pointer.starts_with(&h.headers_at)))
}

const QUOTES: &[&str] = &["\\\"", "\"", "'", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}"];

declare_rule! {
    /// ## What it finds
    /// A header built so that the inserted value comes out in quotes: literal quotes typed around an
    /// expression (`Bearer "@{…}"`, `Bearer '@{…}'`), or `concat()` with a quote in a literal
    /// (`concat('"Bearer ', …)`). Quotes around the whole value, scheme included, are `auth-quoted`.
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
    pub struct ExprQuoteWrap { name: "expr-quote-wrap", severity: Error, summary: "an expression or template that yields a quoted credential" }
}

impl Rule for ExprQuoteWrap {
    fn check_flow(&self, cx: &mut Context, f: &FlowFacts) {
        for s in headers(f) {
            match &s.template {
                Ok(Template::Parts(parts)) => {
                    for (i, p) in parts.iter().enumerate() {
                        let Part::Interpolation { range, .. } = p else { continue };
                        let before = i.checked_sub(1).and_then(|j| parts.get(j)).and_then(literal);
                        let quote = before.and_then(|(t, r)| {
                            QUOTES.iter().find(|q| t.ends_with(**q)).map(|q| r.end - q.len()..r.end)
                        });
                        // Or the whole value in quotes, with the expression inside.
                        // (Quotes around the whole value, scheme included, are auth-quoted's: the literal text decides them.)
                        let first =
                            parts.first().and_then(literal).filter(|(t, _)| QUOTES.iter().any(|q| t.trim() == *q));
                        let last =
                            parts.last().and_then(literal).filter(|(t, _)| QUOTES.iter().any(|q| t.ends_with(q)));
                        let quote = quote.or_else(|| first.zip(last).map(|((_, a), (_, b))| a.start..b.end));
                        if let Some(q) = quote {
                            cx.report(
                                &Self::META,
                                f.file,
                                s.text.span_of(q.start..range.end),
                                &s.pointer,
                                format!("the {} header puts quotes around an inserted value", s.key),
                            )
                            .label("quote before the expression")
                            .help(
                                "remove the quotes around the expression: Bearer @{body('Get_token')?['access_token']}",
                            );
                        }
                    }
                }
                Ok(Template::Whole(e)) => {
                    let mut found = None;
                    e.walk(&mut |x: &Expr| {
                        if let ExprKind::Call { name, args } = &x.kind
                            && name.eq_ignore_ascii_case("concat")
                            && args.iter().any(|a| matches!(&a.kind, ExprKind::Str(v) if v.contains('"')))
                        {
                            found.get_or_insert(x.range.clone());
                        }
                    });
                    if let Some(r) = found {
                        cx.report(
                            &Self::META,
                            f.file,
                            s.text.span_of(r),
                            &s.pointer,
                            format!("concat() puts a quote into the {} header", s.key),
                        )
                        .label("a literal with a quote")
                        .help("remove the quote characters from the concat() literals");
                    }
                }
                _ => {}
            }
        }
    }
}

fn literal(p: &Part) -> Option<(&str, std::ops::Range<usize>)> {
    match p {
        Part::Literal { text, range } => Some((text.as_str(), range.clone())),
        Part::Interpolation { .. } => None,
    }
}

declare_rule! {
    /// ## What it finds
    /// A whole object inserted into a header: `body('Get_token')`, `outputs('HTTP')`, `triggerBody()`,
    /// `json(…)` or an object variable, where one property (`?['access_token']`) was meant.
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
    pub struct ExprObjectInHeader { name: "expr-object-in-header", severity: Error, summary: "a whole object inserted into a header" }
}

const OBJECTS: &[&str] = &["body", "outputs", "triggerbody", "triggeroutputs", "actions", "json", "result", "trigger"];

fn object_variables(f: &FlowFacts) -> Vec<String> {
    f.actions
        .iter()
        .filter(|a| a.is("InitializeVariable"))
        .filter_map(|a| a.node.get("inputs")?.get("variables"))
        .flat_map(|v| match &v.kind {
            crate::model::JsonKind::Array(items) => items.clone(),
            _ => Vec::new(),
        })
        .filter(|v| {
            v.get("type")
                .and_then(|t| t.as_str())
                .is_some_and(|t| matches!(t.to_ascii_lowercase().as_str(), "object" | "array"))
        })
        .filter_map(|v| v.get("name").and_then(|n| n.as_str()).map(str::to_string))
        .collect()
}

impl Rule for ExprObjectInHeader {
    fn check_flow(&self, cx: &mut Context, f: &FlowFacts) {
        let objects = object_variables(f);
        for s in headers(f) {
            let exprs: Vec<&Expr> = match &s.template {
                Ok(Template::Whole(e)) => vec![e],
                Ok(Template::Parts(parts)) => parts
                    .iter()
                    .filter_map(|p| if let Part::Interpolation { expr, .. } = p { Some(expr) } else { None })
                    .collect(),
                _ => continue,
            };
            for e in exprs {
                let ExprKind::Call { name, args } = &e.kind else { continue };
                let n = name.to_ascii_lowercase();
                let var_object = n == "variables"
                    && args.first().is_some_and(|a| matches!(&a.kind, ExprKind::Str(v) if objects.contains(v)));
                if OBJECTS.contains(&n.as_str()) || var_object {
                    cx.report(
                        &Self::META,
                        f.file,
                        s.text.span_of(e.range.clone()),
                        &s.pointer,
                        format!("a whole object ({name}(…)) is inserted into the {} header", s.key),
                    )
                    .label("an object, not a string")
                    .help("insert the one property the header needs, e.g. body('Get_token')?['access_token']");
                }
            }
        }
    }
}
