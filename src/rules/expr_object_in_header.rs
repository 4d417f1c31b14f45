//! A whole object inserted into a header.

use super::{Context, Rule, declare_rule};
use crate::eval::{Piece, What};
use crate::facts::SentValue;

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
        if matches!(v.place, crate::facts::http::Place::Uri) {
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
