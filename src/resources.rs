//! Microsoft resources: app IDs, audiences (App ID URIs), request hosts, sovereign clouds
//! (`../shared/research/microsoft-and-formats.md` §B), and the audience matching built on them.

mod table;

use crate::config::CustomResource;

pub use table::{AUTHORITIES, RESOURCES};

/// Which cloud a resource entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cloud {
    Global,
    UsGov,
    UsGovDod,
    China,
}

impl Cloud {
    pub fn name(self) -> &'static str {
        match self {
            Cloud::Global => "the global cloud",
            Cloud::UsGov => "US Government",
            Cloud::UsGovDod => "US Government DoD",
            Cloud::China => "Azure China (21Vianet)",
        }
    }
}

/// How a request host is matched.
#[derive(Debug, Clone, Copy)]
pub enum Host {
    Exact(&'static str),
    /// Any host ending in this suffix (which starts with a dot).
    Suffix(&'static str),
}

impl Host {
    fn matches(self, host: &str) -> bool {
        match self {
            Host::Exact(h) => host.eq_ignore_ascii_case(h),
            Host::Suffix(s) => host.len() > s.len() && host.to_ascii_lowercase().ends_with(s),
        }
    }
}

/// Resources whose audience names one tenant's or account's host rather than a fixed URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerTenant {
    /// `https://contoso.sharepoint.com` serves `contoso`, `contoso-my` and `contoso-admin`.
    SharePoint,
    /// `https://org.crm4.dynamics.com` serves `org.crm4.dynamics.com` and `org.api.crm4.dynamics.com`.
    Dataverse,
    /// `https://account.blob.core.windows.net` serves that account only (besides `https://storage.azure.com/`).
    StorageAccount,
}

/// A first-party resource in one cloud.
#[derive(Debug)]
pub struct Resource {
    pub name: &'static str,
    pub cloud: Cloud,
    pub app_id: &'static str,
    /// The App ID URIs (audiences) it accepts, as written in tokens; compared without a trailing slash.
    pub audiences: &'static [&'static str],
    pub hosts: &'static [Host],
    pub per_tenant: Option<PerTenant>,
}

/// A login authority: the host tokens are requested from, by cloud.
#[derive(Debug)]
pub struct Authority {
    pub host: &'static str,
    pub cloud: Cloud,
}

/// The resource a request host belongs to.
pub fn by_host(host: &str) -> Option<&'static Resource> {
    let host = host.trim_end_matches('.');
    RESOURCES.iter().find(|r| r.hosts.iter().any(|h| h.matches(host)))
}

/// What an audience names.
#[derive(Debug, Clone)]
pub struct Audience {
    pub resource: &'static Resource,
    /// For a per-tenant audience, the tenant part: `contoso` (SharePoint), `org.crm4.dynamics.com`
    /// (Dataverse), `account.blob.core.windows.net` (Storage).
    pub tenant: Option<String>,
    /// A GUID audience names the resource in every cloud.
    pub any_cloud: bool,
}

fn norm(s: &str) -> String {
    s.trim().trim_end_matches('/').to_ascii_lowercase()
}

fn is_guid(s: &str) -> bool {
    let s = s.as_bytes();
    s.len() == 36
        && s.iter().enumerate().all(
            |(i, c)| {
                if [8, 13, 18, 23].contains(&i) { *c == b'-' } else { c.is_ascii_hexdigit() }
            },
        )
}

/// The resource an audience (`aud`, or an `authentication.audience`) names, if authlint knows it.
/// Custom APIs (`api://…`, a GUID of one's own) are `None`: never an error.
pub fn audience(aud: &str) -> Option<Audience> {
    let n = norm(aud);
    let n = n.strip_suffix("/.default").unwrap_or(&n).trim_end_matches('/').to_string();
    if is_guid(&n) {
        let r = RESOURCES.iter().find(|r| r.app_id == n)?;
        return Some(Audience { resource: r, tenant: None, any_cloud: true });
    }
    if let Some(r) = RESOURCES.iter().find(|r| r.audiences.iter().any(|a| norm(a) == n)) {
        return Some(Audience { resource: r, tenant: None, any_cloud: false });
    }
    let host = url::Url::parse(&n).ok()?.host_str()?.to_string();
    let r = by_host(&host).filter(|r| r.per_tenant.is_some())?;
    Some(Audience { resource: r, tenant: tenant_of(r, &host), any_cloud: false })
}

/// The tenant part of a host for a per-tenant resource.
fn tenant_of(r: &Resource, host: &str) -> Option<String> {
    let host = host.to_ascii_lowercase();
    match r.per_tenant? {
        PerTenant::SharePoint => {
            let label = host.split('.').next()?;
            let label = label.strip_suffix("-my").or_else(|| label.strip_suffix("-admin")).unwrap_or(label);
            Some(label.to_string())
        }
        PerTenant::Dataverse => Some(host.replacen(".api.", ".", 1)),
        PerTenant::StorageAccount => Some(host),
    }
}

/// The verdict of an audience against the host a request goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudienceMatch {
    Match,
    /// The audience names another resource (or another tenant, account or cloud of it).
    Mismatch {
        token_for: String,
        request_to: String,
        expected: String,
    },
    /// authlint does not know the audience or the host: no judgement.
    Unknown,
}

fn custom_mismatch(token_for: &str, h: &CustomResource, host: &str) -> AudienceMatch {
    AudienceMatch::Mismatch {
        token_for: token_for.to_string(),
        request_to: format!("{} ({host})", h.name),
        expected: h.audiences.first().cloned().unwrap_or_else(|| format!("the audience of {}", h.name)),
    }
}

/// The audience a request to `host` needs.
pub fn expected_audience(r: &Resource, host: &str) -> String {
    match (r.per_tenant, tenant_of(r, host)) {
        (Some(PerTenant::SharePoint), Some(t)) => {
            let rest = host.split_once('.').map_or("sharepoint.com", |(_, rest)| rest);
            format!("https://{t}.{rest}")
        }
        (Some(PerTenant::Dataverse), Some(t)) => format!("https://{t}"),
        (Some(PerTenant::StorageAccount), _) => "https://storage.azure.com/".to_string(),
        _ => r.audiences.first().map_or_else(|| r.app_id.to_string(), |a| a.to_string()),
    }
}

fn describe(a: &Audience) -> String {
    let cloud = if a.resource.cloud == Cloud::Global || a.any_cloud {
        String::new()
    } else {
        format!(" ({})", a.resource.cloud.name())
    };
    match (&a.tenant, a.resource.per_tenant) {
        (Some(t), Some(PerTenant::SharePoint)) => {
            format!("{} of the tenant \"{t}\"{cloud}", a.resource.name)
        }
        (Some(t), Some(_)) => format!("{} at {t}{cloud}", a.resource.name),
        _ => format!("{}{cloud}", a.resource.name),
    }
}

/// Resources that accept only their audience exactly as written: no trailing slash, no other form of
/// the URL. Azure Key Vault accepts `https://vault.azure.net` and refuses a token for the vault's own URL
/// (`https://kv-prod.vault.azure.net`), for `https://vault.azure.net/` or for `spn:<app ID>`
/// (docs/research/server-messages.md, "Audience forms", with the other resources' forms).
const EXACT_AUDIENCE: [&str; 1] = ["Azure Key Vault"];

/// For a request to a resource of [`EXACT_AUDIENCE`]: the judgement of an audience that is a form of
/// the resource's own URL (the exact audience, the app ID, a trailing slash, the host the request goes
/// to). `None` for any other audience, which the general comparison judges.
fn check_exact(aud: &str, host: &str) -> Option<AudienceMatch> {
    let req = by_host(host).filter(|r| EXACT_AUDIENCE.contains(&r.name))?;
    let raw = aud.trim().to_ascii_lowercase();
    // A v2 scope names the audience with `/.default` after it.
    let raw = raw.strip_suffix("/.default").unwrap_or(&raw);
    if raw == req.app_id || req.audiences.iter().any(|a| a.eq_ignore_ascii_case(raw)) {
        return Some(AudienceMatch::Match);
    }
    let why = if raw.strip_prefix("spn:") == Some(req.app_id) {
        // AKV10022 "Expected https://vault.azure.net or cfa8b339-…, found: spn:cfa8b339-…".
        format!("{}'s app ID with `spn:` before it", req.name)
    } else {
        let aud_host = url::Url::parse(raw).ok()?.host_str()?.to_string();
        let own = req
            .audiences
            .iter()
            .any(|a| url::Url::parse(a).ok().and_then(|u| u.host_str().map(|h| h == aud_host)) == Some(true));
        let vault = by_host(&aud_host).is_some_and(|r| std::ptr::eq(r, req));
        if !own && !vault {
            return None;
        }
        if own {
            format!("{}'s audience with a trailing slash or a path", req.name)
        } else {
            "the vault's own URL".into()
        }
    };
    Some(AudienceMatch::Mismatch {
        token_for: why,
        request_to: format!(
            "{}, which accepts only {} exactly",
            describe(&Audience { resource: req, tenant: None, any_cloud: false }),
            req.audiences[0]
        ),
        expected: req.audiences[0].to_string(),
    })
}

/// Judges an audience against a request host.
pub fn check_audience(aud: &str, host: &str) -> AudienceMatch {
    check_audience_with(aud, host, &[])
}

/// Judges an audience against a request host, knowing also the resources of the config file.
pub fn check_audience_with(aud: &str, host: &str, custom: &[CustomResource]) -> AudienceMatch {
    let own_host = custom.iter().find(|c| c.serves(host));
    let own_aud = custom.iter().find(|c| c.names(aud));
    let known_aud = || audience(aud).map(|a| describe(&a));
    match (own_host, own_aud) {
        (Some(h), Some(a)) if h.name == a.name => return AudienceMatch::Match,
        (Some(h), Some(a)) => return custom_mismatch(&a.name, h, host),
        (Some(h), None) => {
            return known_aud().map_or(AudienceMatch::Unknown, |t| custom_mismatch(&t, h, host));
        }
        (None, Some(a)) => {
            return by_host(host).map_or(AudienceMatch::Unknown, |req| AudienceMatch::Mismatch {
                token_for: a.name.clone(),
                request_to: describe(&Audience { resource: req, tenant: tenant_of(req, host), any_cloud: false }),
                expected: expected_audience(req, host),
            });
        }
        (None, None) => {}
    }
    if let Some(m) = check_exact(aud, host) {
        return m;
    }
    let (Some(req), Some(a)) = (by_host(host), audience(aud)) else {
        return AudienceMatch::Unknown;
    };
    let target = Audience { resource: req, tenant: tenant_of(req, host), any_cloud: false };
    let mismatch = || AudienceMatch::Mismatch {
        token_for: describe(&a),
        request_to: describe(&target),
        expected: expected_audience(req, host),
    };
    if a.resource.name != req.name {
        return mismatch();
    }
    if !a.any_cloud && a.resource.cloud != req.cloud {
        return mismatch();
    }
    match (req.per_tenant, &a.tenant) {
        // `https://storage.azure.com/` (no tenant) serves every account.
        (Some(_), Some(t)) if Some(t) != target.tenant.as_ref() => mismatch(),
        _ => AudienceMatch::Match,
    }
}

#[cfg(test)]
mod tests;
