use super::{Context, RequestFacts, Rule, declare_rule, each_problem};
use crate::auth::Problem;

declare_rule! {
    /// ## What it finds
    /// Template text sent as it was written: a Workflow Definition Language expression (`@{…}`,
    /// `@variables(…)`), a Postman variable (`{{token}}`), a shell or PowerShell variable (`$token`,
    /// `${token}`), or a documentation placeholder (`<access_token>`).
    ///
    /// ## Why it breaks the request
    /// The server receives the template instead of a token: 401. An expression typed as plain text in
    /// the designer is not evaluated, and `{{…}}` means nothing outside Postman.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer {{access_token}}"}}
    /// ```
    ///
    /// ## Fix
    /// Insert the value with an expression (the designer's Expression tab, or dynamic content), e.g.
    /// `Bearer @{body('Get_token')?['access_token']}`.
    pub struct AuthUnevaluated { name: "auth-unevaluated", severity: Error, summary: "template text left in the value" }
}

/// The help for a piece of template text.
pub fn template_help(t: &str) -> &'static str {
    if t.starts_with('@') {
        "the expression was sent as text: insert it from the Expression tab or as dynamic content, so it is evaluated"
    } else if t.starts_with("{{") {
        "{{…}} is Postman's variable syntax and means nothing in a flow: insert the value with an expression"
    } else if t.starts_with('<') {
        "a placeholder from documentation was never replaced: put the real value there"
    } else {
        "a shell variable was never expanded: insert the value with an expression"
    }
}

impl Rule for AuthUnevaluated {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        each_problem(f, |site, p| {
            let Problem::Unevaluated { range } = p else {
                return;
            };
            let t = &site.value()[range.clone()];
            cx.at_value(&Self::META, site, range.clone(), format!("template text {} was sent as is", short(t)))
                .label("not evaluated")
                .help(template_help(t));
        });
    }
}

/// Template text for a message, shortened.
pub fn short(t: &str) -> String {
    if t.chars().count() > 40 { format!("`{}…`", t.chars().take(39).collect::<String>()) } else { format!("`{t}`") }
}
