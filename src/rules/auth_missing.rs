use super::{Context, RequestFacts, Rule, declare_rule};
use crate::model::RequestKind;
use crate::resources;

declare_rule! {
    /// ## What it finds
    /// A request to a Microsoft API (Microsoft Graph, SharePoint, Dataverse, Azure Resource Manager, Key
    /// Vault, …) that carries no credential at all: no `Authorization` header, no `authentication` object
    /// and no key or signature in the query.
    ///
    /// ## Why it breaks the request
    /// These APIs refuse anonymous requests with 401. A header that was meant to be there is often
    /// missing because it was added to the wrong action, or its name was misspelled (see
    /// `auth-header-name`).
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/users", "headers": {"Accept": "application/json"}}
    /// ```
    ///
    /// ## Fix
    /// Let the HTTP action fetch the token: set its `authentication` to Managed identity or Active
    /// Directory OAuth with the resource's audience (for Graph, `https://graph.microsoft.com`), or use the
    /// "HTTP with Microsoft Entra ID" connector. Otherwise add `Authorization: Bearer <token>`.
    pub struct AuthMissing { name: "auth-missing", severity: Error, summary: "no credentials sent to an API that needs them" }
}

impl Rule for AuthMissing {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        if f.req.kind != RequestKind::HttpAction || f.sends_credentials() {
            return;
        }
        let (Some(url), Some(uri)) = (&f.url, &f.req.uri) else {
            return;
        };
        let Some(res) = f.resource() else {
            return;
        };
        let host = url.host_str().unwrap_or_default();
        let audience = resources::expected_audience(res, host);
        cx.report(&Self::META, f.uri_file, uri.content_span(), &format!("{}/uri", f.req.pointer), format!("no credentials are sent to {host} ({}), which refuses anonymous requests with 401", res.name))
            .label("no Authorization header or authentication for this host")
            .help(format!("set the HTTP action's authentication (Managed identity, or Active Directory OAuth with audience `{audience}`), or add the header `Authorization: Bearer <token>`"));
    }
}
