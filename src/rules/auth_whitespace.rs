use super::{Context, RequestFacts, Rule, declare_rule, each_problem, edit};
use crate::auth::{Problem, WsPlace};
use crate::diagnostic::Severity;

declare_rule! {
    /// ## What it finds
    /// Whitespace where it does not belong: before or after the value, a line break (CR or LF) anywhere in
    /// it, or whitespace inside the credential.
    ///
    /// ## Why it breaks the request
    /// A line break ends the header (or the request is refused before it is sent); a space inside the
    /// credential cuts the token in two: 401. Leading and trailing spaces are usually trimmed by the
    /// server, but not by every one. They come from multi-line Compose actions, `concat()` with a
    /// newline, or a token pasted across lines.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln\n"}}
    /// ```
    ///
    /// ## Fix
    /// Remove it: wrap the value in `trim()`, or fix the Compose or variable that added it.
    ///
    /// Fix: safe, automatic (`--fix` removes leading and trailing whitespace and line breaks).
    pub struct AuthWhitespace { name: "auth-whitespace", severity: Error, summary: "leading, trailing or inner whitespace, CR or LF" }
}

impl Rule for AuthWhitespace {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::Whitespace { range, place } = p else {
                return;
            };
            let what = site.what();
            let (msg, label) = match place {
                WsPlace::Leading => (format!("{what} starts with whitespace"), "leading whitespace"),
                WsPlace::Trailing => (format!("{what} ends with whitespace"), "trailing whitespace"),
                WsPlace::LineBreak => (format!("{what} contains a line break"), "line break"),
                WsPlace::Inside => ("whitespace inside the credential cuts it in two".into(), "whitespace"),
            };
            let d = cx
                .at_value(&Self::META, site, range.clone(), msg)
                .label(label)
                .help("remove it: wrap the value in trim(), or fix the Compose or variable that added it");
            if matches!(place, WsPlace::Leading | WsPlace::Trailing) {
                d.severity(Severity::Warning);
            }
            // Whitespace at the ends, or a line break, is never part of a credential; a space inside
            // one may be two values run together, which needs a person.
            if *place != WsPlace::Inside {
                d.fix("remove the whitespace", vec![edit(site, range.clone(), "")]);
            }
        });
    }
}
