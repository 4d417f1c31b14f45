use super::{Context, RequestFacts, Rule, declare_rule, each_problem, edit};
use crate::auth::{Problem, scan};

declare_rule! {
    /// ## What it finds
    /// Characters that do not show or do not belong in a header: zero-width spaces, a byte-order mark,
    /// no-break spaces, control characters and any other non-ASCII character.
    ///
    /// ## Why it breaks the request
    /// The character becomes part of the scheme or the token, which then fails validation: 401. They
    /// arrive with text copied from Word, Outlook, Teams, PDF files and web pages.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0\u200b.c2ln"}}
    /// ```
    ///
    /// ## Fix
    /// Delete the character (retype the value around it), and copy tokens from plain-text sources.
    ///
    /// Fix: safe, automatic (`--fix` deletes zero-width characters, the BOM, no-break spaces and controls).
    pub struct AuthInvisibleChar { name: "auth-invisible-char", severity: Error, summary: "zero-width, no-break or other non-ASCII characters in the value" }
}

impl Rule for AuthInvisibleChar {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::InvisibleChar { range, ch } = p else {
                return;
            };
            // An ellipsis in a token is the token being cut short: jwt-malformed says that.
            let off = site.token.as_ref().filter(|t| {
                t.jwt.problems.iter().any(|p| {
                    p.truncated && p.range.start + t.offset <= range.start && range.end <= p.range.end + t.offset
                })
            });
            if off.is_some() {
                return;
            }
            let what = scan::describe_run(&site.value()[range.clone()], *ch);
            let d = cx
                .at_value(&Self::META, site, range.clone(), format!("{what} in {}", site.what()))
                .label("here")
                .help("delete it and retype the text around it; copy tokens from plain-text sources, not from Word, Teams or web pages");
            // Invisible characters are never part of a credential; a visible non-ASCII letter may be
            // a mistyped one, which needs a person.
            if is_invisible(*ch) {
                d.fix("delete the invisible characters", vec![edit(site, range.clone(), "")]);
            }
        });
    }
}

/// Zero-width characters, the BOM, no-break spaces and controls: safe to delete.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}')
}
