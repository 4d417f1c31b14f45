//! Secure inputs and outputs: run history shows an action's inputs and outputs to anyone who can open
//! the run, unless the action hides them.

use super::{Context, Rule, declare_rule};
use crate::input::expr::Template;
use crate::lint::FlowFacts;
use crate::model::Json;

fn secured(node: &Json, what: &str) -> bool {
    node.get("runtimeConfiguration")
        .and_then(|r| r.get("secureData"))
        .and_then(|s| s.get("properties"))
        .is_some_and(|p| p.to_string_values().iter().any(|v| v.eq_ignore_ascii_case(what)))
}

impl Json {
    /// The string items of an array (for `secureData.properties`).
    fn to_string_values(&self) -> Vec<String> {
        match &self.kind {
            crate::model::JsonKind::Array(a) => a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
            _ => Vec::new(),
        }
    }
}

declare_rule! {
    /// ## What it finds
    /// An action that sends credentials — an Authorization header, an API key header, an HTTP action's
    /// `authentication` with a password, client secret, certificate or raw value — without secure
    /// inputs. A managed identity carries no secret, a connector's `authentication` is its
    /// connection's, and a value taken from a `securestring` parameter is hidden anyway: none of these
    /// is reported.
    ///
    /// ## Why it breaks the request
    /// It does not break it: it shows the credential in the run history to everyone who can open the
    /// run, and Logic Apps keeps run history for days.
    ///
    /// ## Example
    /// ```json
    /// {"triggers": {}, "actions": {"HTTP": {"type": "Http", "inputs": {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer @{body('Get_token')?['access_token']}"}}}}}
    /// ```
    ///
    /// ## Fix
    /// In the action's Settings, turn Secure inputs on (`runtimeConfiguration.secureData.properties:
    /// ["inputs"]`).
    pub struct SecureInputsOff { name: "secure-inputs-off", severity: Warning, summary: "an action that sends credentials without secure inputs" }
}

impl Rule for SecureInputsOff {
    fn check_flow(&self, cx: &mut Context, f: &FlowFacts) {
        for site in &f.http {
            let inputs = site.node.get("inputs");
            let kind = site.node.get("type").and_then(Json::as_str).unwrap_or("");
            // A connector action's `authentication` is the connection's, filled in by the platform.
            let http = kind.eq_ignore_ascii_case("Http") || kind.eq_ignore_ascii_case("HttpWebhook");
            let auth = http && inputs.and_then(|i| i.get("authentication")).is_some_and(|a| sends_secret(a, f));
            let header = f.strings.iter().any(|s| {
                s.pointer.starts_with(&site.headers_at)
                    && crate::rules::is_credential_header(s.key)
                    && !s.text.value.trim().is_empty()
                    && !from_secure_parameter(&s.text.value, f)
            });
            if (auth || header) && !secured(site.node, "inputs") {
                let span = site.node.get("type").map_or(site.node.span, |t| t.span);
                cx.report(
                    &Self::META,
                    f.file,
                    span,
                    &site.pointer,
                    format!("{} sends credentials, and its inputs are shown in run history", site.path),
                )
                .label("secure inputs off")
                .help("turn Secure inputs on in the action's settings (runtimeConfiguration.secureData.properties: [\"inputs\"])");
            }
        }
    }
}

/// Whether an `authentication` object carries a secret that run history would show: a password,
/// client secret, certificate or raw value not taken from a secure parameter. A managed identity
/// carries none.
fn sends_secret(auth: &Json, f: &FlowFacts) -> bool {
    let ty = auth.get("type").and_then(Json::as_str).unwrap_or("");
    if ty.eq_ignore_ascii_case("ManagedServiceIdentity") {
        return false;
    }
    ["password", "secret", "pfx", "value"].iter().any(|k| {
        auth.get_ci(k).and_then(Json::as_str).is_some_and(|v| !v.trim().is_empty() && !from_secure_parameter(v, f))
    })
}

/// `@parameters('p')` (or `@{parameters('p')}`) where `p` is a securestring or secureobject
/// parameter: Logic Apps hides those values in run history.
fn from_secure_parameter(v: &str, f: &FlowFacts) -> bool {
    let expr = match crate::input::expr::template(v.trim()) {
        Ok(Template::Whole(e)) => e,
        Ok(Template::Parts(parts)) if parts.len() == 1 => match parts.into_iter().next() {
            Some(crate::input::expr::Part::Interpolation { expr, .. }) => expr,
            _ => return false,
        },
        _ => return false,
    };
    let Some(name) = expr.is_call("parameters").then(|| expr.string_arg(0)).flatten() else { return false };
    f.flow
        .definition
        .get("parameters")
        .and_then(|p| p.get(name))
        .and_then(|p| p.get("type"))
        .and_then(Json::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case("securestring") || t.eq_ignore_ascii_case("secureobject"))
}

declare_rule! {
    /// ## What it finds
    /// An action that fetches a token or a secret — an HTTP call to a token endpoint
    /// (`login.microsoftonline.com/…/token`) or to Key Vault secrets, a Key Vault "Get secret" action —
    /// without secure outputs.
    ///
    /// ## Why it breaks the request
    /// It does not break it: the token or secret is shown in the run history, where anyone who can open
    /// the run can copy it.
    ///
    /// ## Example
    /// ```json
    /// {"triggers": {}, "actions": {"Get_token": {"type": "Http", "inputs": {"method": "POST", "uri": "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token", "body": "grant_type=client_credentials&client_id=@{parameters('clientId')}&client_secret=@{parameters('secret')}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"}}}}
    /// ```
    ///
    /// ## Fix
    /// In the action's Settings, turn Secure outputs on (`runtimeConfiguration.secureData.properties:
    /// ["outputs"]`).
    pub struct SecureOutputsOff { name: "secure-outputs-off", severity: Warning, summary: "an action that fetches a token or secret without secure outputs" }
}

impl Rule for SecureOutputsOff {
    fn check_flow(&self, cx: &mut Context, f: &FlowFacts) {
        for a in &f.actions {
            let inputs = a.node.get("inputs");
            let uri = inputs.and_then(|i| i.get("uri")).and_then(Json::as_str).unwrap_or("").to_ascii_lowercase();
            let op = inputs
                .and_then(|i| i.get("host"))
                .and_then(|h| h.get("operationId"))
                .and_then(Json::as_str)
                .unwrap_or("");
            let fetches = (a.is("Http")
                && ((uri.contains("login.microsoftonline") || uri.contains("login.windows.net"))
                    && uri.contains("/token")
                    || uri.contains(".vault.azure.net/secrets")))
                || op.eq_ignore_ascii_case("GetSecret");
            if fetches && !secured(a.node, "outputs") {
                let span = a.node.get("type").map_or(a.node.span, |t| t.span);
                cx.report(&Self::META, f.file, span, &a.pointer, format!("{} fetches a token or secret, and its outputs are shown in run history", a.path))
                    .label("secure outputs off")
                    .help("turn Secure outputs on in the action's settings (runtimeConfiguration.secureData.properties: [\"outputs\"])");
            }
        }
    }
}
