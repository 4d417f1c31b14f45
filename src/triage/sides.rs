//! The two sides weighed: whether a finding explains what the server says, where they disagree, and
//! the system a 403 is about.

use super::{Cause, System};
use crate::model::HttpRequest;
use crate::rules::RequestFacts;
use crate::server::Signal;
use crate::time::{self, SKEW_SECONDS};

/// True when a finding's cause accounts for what the server says: an ID token has the client as its
/// audience; a broken or missing header cannot be parsed.
pub(super) fn explains(finding: Cause, server: Cause) -> bool {
    finding == server
        || (server == Cause::AudienceMismatch && finding == Cause::WrongTokenType)
        // Graph says "expired or is not yet valid" for both.
        || (server == Cause::TokenExpired && finding == Cause::TokenNotYetValid)
        || (server == Cause::HeaderMalformed
            && matches!(
                finding,
                Cause::CredentialsMissing | Cause::ConflictingCredentials | Cause::WrongTokenType
            ))
        || (server == Cause::CredentialsMissing && finding == Cause::HeaderMalformed)
}

/// Where the server and the request disagree, what that means.
pub(super) fn disagree(
    cause: Cause,
    top: Option<Cause>,
    signals: &[Signal],
    facts: &RequestFacts,
    status: u16,
) -> Option<String> {
    let server_says = signals.iter().any(|s| s.cause == cause);
    if cause == Cause::TokenExpired && server_says && top != Some(Cause::TokenExpired) {
        let exp = facts
            .sites
            .iter()
            .filter_map(|s| s.token.as_ref())
            .filter_map(|t| t.jwt.claims().and_then(|c| c.time("exp")))
            .next()?;
        // At the response's own Date the server's clock is the reference: exp at or before it is expired
        // (RFC 7519 §4.1.4: the current time must be before exp), with no skew to forgive.
        let still_valid = if facts.now.source == time::Source::ResponseDate {
            exp > facts.now.timestamp()
        } else {
            exp + SKEW_SECONDS >= facts.now.timestamp()
        };
        if still_valid {
            return Some(format!(
                "the server says the token expired, but its exp ({}) is after {} ({}): the token was revoked (a password change, a sign-out, Continuous Access Evaluation) or a clock is wrong; a fresh token fixes the first, not the second",
                time::utc(exp, &facts.now),
                facts.now.name(),
                time::utc(facts.now.timestamp(), &facts.now)
            ));
        }
        return None;
    }
    if cause == Cause::AudienceMismatch && server_says && top.is_none() && facts.sites.iter().any(|s| s.token.is_some())
    {
        return Some("the server says the audience is wrong, but the token's aud matches the host as far as authlint knows: compare the exact value the API expects (trailing slash, GUID or URI, tenant)".into());
    }
    match (status, top) {
        (401, Some(t)) if server_says && t != cause => {
            Some(format!("the server reports {}, while the request shows {}: fix both", cause.name(), t.name()))
        }
        _ => None,
    }
}

/// The system a 403 is about: the server's word, the connector, or the host and path.
pub(super) fn system_of(req: &HttpRequest, signals: &[Signal]) -> Option<System> {
    if let Some(s) = signals.iter().find_map(|s| s.system) {
        return Some(s);
    }
    if let Some(api) = &req.connector {
        let api = api.to_ascii_lowercase();
        return [
            ("sharepoint", System::SharePoint),
            ("commondataservice", System::Dataverse),
            ("dataverse", System::Dataverse),
            ("teams", System::Teams),
            ("office365users", System::Graph),
            ("office365", System::Exchange),
            ("outlook", System::Exchange),
            ("keyvault", System::KeyVault),
            ("arm", System::Azure),
            ("azure", System::Azure),
        ]
        .iter()
        .find(|(k, _)| api.contains(k))
        .map(|(_, s)| *s);
    }
    let url = url::Url::parse(req.uri.as_ref()?.value.trim()).ok()?;
    let path = url.path().to_ascii_lowercase();
    Some(match crate::resources::by_host(url.host_str()?)?.name {
        "SharePoint Online" => System::SharePoint,
        "Dataverse" => System::Dataverse,
        "Exchange Online" => System::Exchange,
        "Azure Resource Manager" => System::Azure,
        "Azure Key Vault" => System::KeyVault,
        "Microsoft Graph" if ["/teams", "/chats", "/channels"].iter().any(|p| path.contains(p)) => System::Teams,
        "Microsoft Graph"
            if ["/mailfolders", "/messages", "/sendmail", "/calendar", "/events", "/contacts", "/mailboxsettings"]
                .iter()
                .any(|p| path.contains(p)) =>
        {
            System::Exchange
        }
        "Microsoft Graph" => System::Graph,
        _ => return None,
    })
}
