//! Secure inputs and outputs: run history shows an action's inputs and outputs to anyone who can open
//! the run, unless the action hides them.

use super::{Context, Rule, declare_rule};
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
    /// An action that sends credentials — an Authorization header, an `authentication` object, an API
    /// key header — without secure inputs.
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
            let headers = f.strings.iter().filter(|s| s.pointer.starts_with(&site.headers_at));
            let sends = inputs.is_some_and(|i| i.get("authentication").is_some())
                || headers.into_iter().any(|s| crate::rules::is_credential_header(&s.key));
            if sends && !secured(site.node, "inputs") {
                let span = site.node.get("type").map_or(site.node.span, |t| t.span);
                cx.report(&Self::META, f.file, span, &site.pointer, format!("{} sends credentials, and its inputs are shown in run history", site.path))
                    .label("secure inputs off")
                    .help("turn Secure inputs on in the action's settings (runtimeConfiguration.secureData.properties: [\"inputs\"])");
            }
        }
    }
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
