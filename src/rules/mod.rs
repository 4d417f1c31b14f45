//! The rules and their one registry. Each rule is a unit struct declared with [`declare_rule!`], whose
//! doc comment is its documentation (`authlint explain`, `docs/rules.md`).

use std::ops::Range;

use crate::auth::Problem;
use crate::diagnostic::{Diagnostic, FileId, Label, Severity};

mod audience;
mod auth_duplicate;
mod auth_encoded;
mod auth_header_name;
pub use crate::facts::names::near_miss as near_miss_header;
mod auth_invisible_char;
mod auth_json_value;
mod auth_missing;
mod auth_quoted;
mod auth_sanitized;
mod auth_scheme;
mod auth_separator;
mod auth_unevaluated;
mod auth_whitespace;
mod basic;
mod bearer;
pub mod docs;
mod expr_object_in_header;
mod expr_quote_wrap;
mod expr_redundant_string;
mod expr_syntax;
pub(crate) mod hardcoded_secret;
mod jwt_kind;
pub mod jwt_permission;
mod jwt_structure;
mod jwt_time;
pub mod placeholder;
mod secret_value;
mod secure_data;
pub(crate) mod static_token;
mod uri;

pub use crate::facts::names::{is_credential_header, is_credential_query};
pub use crate::facts::{AuthSite, Environment, RequestFacts, Token, is_sanitized};

pub use crate::vocab::rule::{Meta, RuleMeta};

/// A rule over one request.
/// A rule: over one request (`check`, and every HTTP action in `lint`), over one flow definition
/// (`lint` only), or both.
pub trait Rule: Meta + Sync {
    fn check(&self, _cx: &mut Context, _facts: &RequestFacts) {}
    fn check_flow(&self, _cx: &mut Context, _flow: &crate::facts::FlowFacts) {}
    /// A value an action sends (a header, the URI, an authentication member), one evaluated
    /// alternative at a time (`lint` only).
    fn check_value(&self, _cx: &mut Context, _value: &crate::facts::SentValue) {}
}

/// Declares a rule: a unit struct with its [`RuleMeta`] taken from the doc comment.
macro_rules! declare_rule {
    ($(#[doc = $doc:expr])* $vis:vis struct $name:ident { name: $code:literal, severity: $sev:ident, summary: $sum:literal $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $name;
        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                name: $code,
                severity: $crate::diagnostic::Severity::$sev,
                summary: $sum,
                doc: concat!($($doc, "\n"),*),
            };
        }
        impl $crate::rules::Meta for $name {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &Self::META
            }
        }
    };
}
pub(crate) use declare_rule;

/// Every rule, in the order `authlint rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &auth_missing::AuthMissing,
    &auth_duplicate::AuthDuplicate,
    &auth_header_name::AuthHeaderName,
    &auth_sanitized::AuthSanitized,
    &auth_quoted::AuthQuoted,
    &auth_json_value::AuthJsonValue,
    &auth_unevaluated::AuthUnevaluated,
    &auth_scheme::AuthSchemeMissing,
    &auth_scheme::AuthSchemeUnknown,
    &auth_scheme::AuthSchemeCase,
    &auth_scheme::AuthSchemeRepeated,
    &auth_separator::AuthSeparator,
    &auth_whitespace::AuthWhitespace,
    &auth_invisible_char::AuthInvisibleChar,
    &auth_encoded::AuthEncoded,
    &bearer::BearerCharset,
    &bearer::BearerEmpty,
    &basic::BasicInvalidBase64,
    &basic::BasicMissingColon,
    &basic::BasicPlaintext,
    &basic::BasicDoubleEncoded,
    &basic::BasicTrailingNewline,
    &uri::UriInsecure,
    &uri::UriUnevaluated,
    &uri::UriWhitespace,
    &jwt_structure::JwtMalformed,
    &jwt_structure::JwtEncrypted,
    &jwt_structure::JwtAlgNone,
    &jwt_time::JwtExpired,
    &jwt_time::JwtNotYetValid,
    &audience::AudienceMismatch,
    &jwt_kind::JwtIdToken,
    &jwt_kind::JwtAppOnlySecret,
    &jwt_kind::JwtNoPermission,
    &jwt_kind::BearerNotJwt,
    &jwt_permission::JwtMissingPermission,
    &static_token::StaticToken,
    &hardcoded_secret::HardcodedSecret,
    &secure_data::SecureInputsOff,
    &secure_data::SecureOutputsOff,
    &placeholder::PlaceholderCredential,
    &expr_quote_wrap::ExprQuoteWrap,
    &expr_object_in_header::ExprObjectInHeader,
    &expr_syntax::ExprSyntax,
    &expr_redundant_string::ExprRedundantString,
];

/// The rule of this name.
pub fn find(name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().name == name)
}

/// The rule name closest to a misspelled one.
pub fn did_you_mean(name: &str) -> Option<&'static str> {
    RULES
        .iter()
        .map(|r| (r.meta().name, strsim::jaro_winkler(name, r.meta().name)))
        .filter(|(_, s)| *s > 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(n, _)| n)
}

/// Collects the findings of one run of the rules.
pub struct Context {
    pub diagnostics: Vec<Diagnostic>,
}

impl Context {
    pub fn new() -> Context {
        Context { diagnostics: Vec::new() }
    }

    /// Records a finding with the rule's default severity; returns it for more detail.
    pub fn report(
        &mut self,
        meta: &RuleMeta,
        file: FileId,
        span: crate::source::Span,
        pointer: &str,
        message: String,
    ) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic {
            rule: meta.name,
            severity: meta.severity,
            message,
            help: None,
            file,
            span,
            label: None,
            secondary: Vec::new(),
            pointer: pointer.to_string(),
            flow: None,
            action: None,
            fix: None,
        });
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Reports a finding about a range of an Authorization value.
    pub fn at_value(
        &mut self,
        meta: &RuleMeta,
        site: &AuthSite,
        range: Range<usize>,
        message: String,
    ) -> &mut Diagnostic {
        let span = site.text.span_of(range);
        self.report(meta, site.file, span, &site.pointer, message)
    }
}

impl Default for Context {
    fn default() -> Self {
        Context::new()
    }
}

impl Diagnostic {
    pub fn help(&mut self, help: impl Into<String>) -> &mut Diagnostic {
        self.help = Some(help.into());
        self
    }
    pub fn label(&mut self, label: impl Into<String>) -> &mut Diagnostic {
        self.label = Some(label.into());
        self
    }
    pub fn also(&mut self, span: crate::source::Span, message: impl Into<String>) -> &mut Diagnostic {
        self.secondary.push(Label { span, message: message.into() });
        self
    }
    pub fn severity(&mut self, s: Severity) -> &mut Diagnostic {
        self.severity = s;
        self
    }
    /// Attaches the rule's safe fix.
    pub fn fix(&mut self, message: impl Into<String>, edits: Vec<crate::fix::Edit>) -> &mut Diagnostic {
        self.fix = Some(crate::fix::Fix::new(message, edits));
        self
    }
}

/// An edit of an Authorization value's bytes `range`, pointed at the source.
pub fn edit(site: &AuthSite, range: Range<usize>, content: &str) -> crate::fix::Edit {
    let expect = site.text.value.get(range.clone()).unwrap_or_default().to_string();
    crate::fix::Edit { span: site.text.span_of(range), content: content.to_string(), expect }
}

/// Runs every rule over one request.
pub fn check_request(cx: &mut Context, facts: &RequestFacts) {
    let start = cx.diagnostics.len();
    for rule in RULES {
        rule.check(cx, facts);
    }
    fold_repeats(&mut cx.diagnostics, start);
}

/// How many findings of one rule in one value are shown; the rest are counted in the last one shown.
pub const MAX_REPEATS: usize = 5;

/// Keeps the first [`MAX_REPEATS`] findings of each rule at each JSON value (from `start` on) and tells
/// how many more there were: a value with thousands of bad characters gives five findings, not
/// thousands (which would also make the report quadratic in the value's length).
fn fold_repeats(diagnostics: &mut Vec<Diagnostic>, start: usize) {
    let mut seen: std::collections::HashMap<(&'static str, String), (usize, usize)> = Default::default();
    let mut kept = Vec::with_capacity(diagnostics.len());
    for (i, d) in diagnostics.drain(..).enumerate() {
        if i < start {
            kept.push(d);
            continue;
        }
        let (count, last) = seen.entry((d.rule, d.pointer.clone())).or_insert((0, 0));
        *count += 1;
        if *count <= MAX_REPEATS {
            *last = kept.len();
            kept.push(d);
        }
    }
    for (count, last) in seen.into_values() {
        if count > MAX_REPEATS {
            let more = count - MAX_REPEATS;
            let d = &mut kept[last];
            d.message.push_str(&format!(" (and {more} more like it in this value)"));
        }
    }
    *diagnostics = kept;
}

/// Calls `f` for every problem of every Authorization value.
pub fn each_problem<'f>(facts: &'f RequestFacts, mut f: impl FnMut(&'f AuthSite<'f>, &'f Problem)) {
    for site in &facts.sites {
        for p in &site.parsed.problems {
            f(site, p);
        }
    }
}

/// Calls `f` for every JWT in an Authorization value.
pub fn each_token<'f>(facts: &'f RequestFacts, mut f: impl FnMut(&'f AuthSite<'f>, &'f Token)) {
    for site in &facts.sites {
        if let Some(t) = &site.token {
            f(site, t);
        }
    }
}

/// How a scheme is written in help text: the canonical one, or `Bearer` when unknown.
pub fn scheme_of(site: &AuthSite) -> &'static str {
    site.parsed.canonical_scheme().unwrap_or("Bearer")
}

/// The expression a maker should use to insert a token fetched by an earlier action.
pub const TOKEN_EXPR: &str = "Bearer @{body('Get_token')?['access_token']}";

#[cfg(test)]
mod tests {
    /// The catalogue the config reads (from build.rs) names exactly the rules of the registry.
    #[test]
    fn the_catalogue_names_the_registry() {
        let mut names: Vec<&str> = super::RULES.iter().map(|r| r.meta().name).collect();
        names.sort_unstable();
        assert_eq!(names, crate::vocab::rule::NAMES);
    }
}
