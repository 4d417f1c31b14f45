//! An expression in a flow definition that does not parse.

use super::{Context, Rule, declare_rule};
use crate::facts::FlowFacts;

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
        for s in f.strings {
            // A string with a part known only at deployment is judged once deployed.
            if let Err(e) = &s.template
                && !crate::eval::has_holes(&s.text.value)
            {
                let d = cx.report(
                    &Self::META,
                    f.file,
                    s.text.span_of(e.range.clone()),
                    s.pointer,
                    format!("the expression does not parse: {}", e.message),
                );
                d.label("here");
                d.help(e.help.clone().unwrap_or_else(|| "strings take single quotes; close every ( and @{".into()));
            }
        }
    }
}
