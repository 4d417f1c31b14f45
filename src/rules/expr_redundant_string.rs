//! `string()` around a value that is already a string.

use super::{Context, Rule, declare_rule};
use crate::facts::FlowFacts;
use crate::input::expr::{Expr, ExprKind};

declare_rule! {
    /// ## What it finds
    /// `string()` around a value that is already a string, in an action's inputs: a string literal,
    /// the result of a function that always returns a string (`concat`, `replace`, `trim`, `toLower`,
    /// `base64`, `formatDateTime`, `utcNow`, `guid`…), or the `access_token` read from a token
    /// response — `Bearer @{string(body('Get_token')?['access_token'])}`.
    ///
    /// ## Why it breaks the request
    /// It does not: what is sent is the same, so this is information, not a problem. But it is how
    /// quotes creep in: makers reach for `string()`
    /// when a value looks wrong, and around a JSON value (a Compose, a Parse JSON property, a whole
    /// body) `string()` serialises it with its quotes or braces — `expr-quote-wrap` and
    /// `expr-object-in-header`. Without it, the header says what it sends. `string()` around anything
    /// that is not known to be a string (a variable, an output, a number) is left alone.
    ///
    /// ## Example
    /// ```json
    /// {"triggers": {}, "actions": {"HTTP": {"type": "Http", "inputs": {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer @{string(body('Get_token')?['access_token'])}"}}}}}
    /// ```
    ///
    /// ## Fix
    /// Remove the call: `Bearer @{body('Get_token')?['access_token']}`.
    ///
    /// Fix: safe, automatic (`--fix` removes `string(` and its closing parenthesis).
    pub struct ExprRedundantString { name: "expr-redundant-string", severity: Info, summary: "string() around a value that is already a string" }
}

/// Functions whose result is always a string.
const STRING_FUNCTIONS: &[&str] = &[
    "concat",
    "replace",
    "trim",
    "tolower",
    "toupper",
    "substring",
    "slice",
    "base64",
    "base64tostring",
    "decodebase64",
    "encodeuricomponent",
    "uricomponent",
    "decodeuricomponent",
    "uricomponenttostring",
    "formatdatetime",
    "utcnow",
    "adddays",
    "addhours",
    "addminutes",
    "addseconds",
    "guid",
    "string",
];

/// Whether an expression is known to yield a string whatever the run.
fn is_string(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Str(_) => true,
        ExprKind::Call { .. } => e.call_name().is_some_and(|n| STRING_FUNCTIONS.contains(&n.as_str())),
        // A token response's access_token is a string (RFC 6749 §5.1).
        ExprKind::Index { index, .. } => index.as_str().is_some_and(|p| p.eq_ignore_ascii_case("access_token")),
        ExprKind::Member { name, .. } => name.eq_ignore_ascii_case("access_token"),
        _ => false,
    }
}

impl Rule for ExprRedundantString {
    fn check_flow(&self, cx: &mut Context, f: &FlowFacts) {
        let owners = f.owners();
        for (i, s) in f.strings.iter().enumerate() {
            // Only the values an action sends; an `@` in the string is needed for any expression.
            if owners[i].is_none() {
                continue;
            }
            let Ok(t) = &s.template else { continue };
            let mut found = Vec::new();
            for e in t.exprs() {
                e.walk(&mut |n| {
                    if n.is_call("string")
                        && let [arg] = n.args()
                        && is_string(arg)
                    {
                        found.push((n.range.clone(), arg.range.clone()));
                    }
                });
            }
            for (call, arg) in found {
                let value = &s.text.value;
                let edit = |r: std::ops::Range<usize>| crate::fix::Edit {
                    span: s.text.span_of(r.clone()),
                    content: String::new(),
                    expect: value.get(r).unwrap_or_default().to_string(),
                };
                let written = value.get(arg.clone()).unwrap_or_default();
                cx.report(
                    &Self::META,
                    f.file,
                    s.text.span_of(call.start..arg.start),
                    s.pointer,
                    format!("string() around {}, which is already a string", short(written)),
                )
                .label("not needed")
                .help(format!("remove the call: {}", short(written)))
                .fix("remove string() around a string", vec![edit(call.start..arg.start), edit(arg.end..call.end)]);
            }
        }
    }
}

/// An expression's text for a message, shortened.
fn short(s: &str) -> String {
    if s.chars().count() <= 60 { s.to_string() } else { format!("{}…", s.chars().take(57).collect::<String>()) }
}
