//! Secure inputs and outputs: run history shows an action's inputs and outputs to anyone who can open
//! the run, unless the action hides them.

use super::{Context, Rule, declare_rule};
use crate::exposure::{Exposure, secured};
use crate::facts::FlowFacts;

declare_rule! {
    /// ## What it finds
    /// An action that sends a secret anywhere without secure inputs: a credential header (an
    /// Authorization or API key header, a `Cookie`), a credential in the query (`code=`, `sig=`,
    /// `api_key=`), a secret in the body (`client_secret`, `password`, `assertion`…), an HTTP
    /// action's `authentication` with a password, client secret, certificate or raw value, or a
    /// value that came from a Key Vault read or a token fetch — directly, or through a variable or a
    /// Compose. The message names each place. A managed identity carries no secret, a connector's
    /// `authentication` is its connection's, and a value taken from a `securestring` parameter is
    /// hidden anyway; so are the inputs of an action that uses a secured action's outputs directly
    /// (Logic Apps hides those): none of these is reported.
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
        let exposure = f.exposure.get_or_init(|| Exposure::of(f));
        let mut actions: Vec<_> = exposure.sends.iter().collect();
        actions.sort_by_key(|(i, _)| **i);
        for (&i, sent) in actions {
            let a = &f.actions[i];
            let shown: Vec<&str> = sent.iter().filter(|s| !s.hidden).map(|s| s.place.as_str()).collect();
            if shown.is_empty() || secured(a.node, "inputs") {
                continue;
            }
            let span = a.node.get("type").map_or(a.node.span, |t| t.span);
            cx.report(
                &Self::META,
                f.file,
                span,
                &a.pointer,
                format!("{} sends credentials ({}), and its inputs are shown in run history", a.path, shown.join(", ")),
            )
            .label("secure inputs off")
            .help("turn Secure inputs on in the action's settings (runtimeConfiguration.secureData.properties: [\"inputs\"])");
        }
    }
}

declare_rule! {
    /// ## What it finds
    /// An action whose outputs hold a secret, without secure outputs: a Key Vault secret read (the
    /// Key Vault connector's Get secret, the built-in Key Vault service provider, an HTTP GET of
    /// `https://<vault>.vault.azure.net/secrets/…`), and token or session fetches recognised by the
    /// request's shape — an OAuth grant body (`grant_type=…`) or a `/token` endpoint at any
    /// provider, a POST to `…/access_tokens`, an `authenticate`/`login`/`session` endpoint whose
    /// response the flow reads as `access_token`, `token` or `session`, or which is sent a password
    /// or key.
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
        let exposure = f.exposure.get_or_init(|| Exposure::of(f));
        for src in exposure.sources.iter().filter(|s| !s.secured) {
            let a = &f.actions[src.action];
            let span = a.node.get("type").map_or(a.node.span, |t| t.span);
            cx.report(&Self::META, f.file, span, &a.pointer, format!("{} {}, and its outputs are shown in run history", a.path, src.what))
                .label("secure outputs off")
                .help("turn Secure outputs on in the action's settings (runtimeConfiguration.secureData.properties: [\"outputs\"])");
        }
    }
}
