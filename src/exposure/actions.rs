//! What an action is to the exposure analysis: whether it sends requests, whether it is a source of a
//! secret (a Key Vault read, a token or session fetch), whether its inputs or outputs are secured, and
//! where in its inputs a string sends a credential.

use crate::facts::FlowFacts;
use crate::facts::strings::StringSite;
use crate::input::definition::Action;
use crate::input::expr::Template;
use crate::model::Json;

/// Keys under which a response carries a token or a session.
pub(super) const TOKEN_KEYS: &[&str] = &[
    "access_token",
    "accesstoken",
    "token",
    "id_token",
    "refresh_token",
    "session",
    "sessionid",
    "session_id",
    "sessiontoken",
    "session_token",
    "auth_token",
    "authtoken",
    "jwt",
];

/// Body members (JSON or form) that carry a secret.
pub(super) const BODY_SECRETS: &[&str] = &[
    "password",
    "client_secret",
    "clientsecret",
    "secret",
    "client_assertion",
    "assertion",
    "refresh_token",
    "api_key",
    "apikey",
    "api-key",
    "private_key",
];

pub(super) fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Whether an action secures its `inputs` or `outputs`.
pub fn secured(node: &Json, what: &str) -> bool {
    node.get("runtimeConfiguration")
        .and_then(|r| r.get("secureData"))
        .and_then(|s| s.get("properties"))
        .map(Json::items)
        .unwrap_or_default()
        .iter()
        .any(|v| v.as_str().is_some_and(|v| eq(v, what)))
}

pub(super) fn variable_name(a: &Action, s: &StringSite) -> Option<String> {
    let inputs = a.node.get("inputs")?;
    if a.is("InitializeVariable") {
        // `variables: [{name, type, value}]`: the item the string is in.
        let rel = s.pointer.strip_prefix(a.pointer.as_str())?.strip_prefix("/inputs/variables/")?;
        let i: usize = rel.split('/').next()?.parse().ok()?;
        let item = inputs.get("variables")?.items().get(i)?;
        return Some(item.get("name")?.as_str()?.to_ascii_lowercase());
    }
    s.pointer.strip_prefix(a.pointer.as_str())?.starts_with("/inputs/value").then_some(())?;
    Some(inputs.get("name")?.as_str()?.to_ascii_lowercase())
}

/// Actions whose inputs go out as a request.
pub(super) fn sends_requests(a: &Action) -> bool {
    !a.trigger
        && [
            "Http",
            "HttpWebhook",
            "ApiConnection",
            "ApiConnectionWebhook",
            "OpenApiConnection",
            "OpenApiConnectionWebhook",
            "ServiceProvider",
            "Function",
        ]
        .iter()
        .any(|k| a.is(k))
}

/// What a source fetches, if the action is one.
pub(super) fn source_kind(a: &Action, read_as_token: bool) -> Option<&'static str> {
    let inputs = a.node.get("inputs")?;
    let text = |k: &str| inputs.get_ci(k).and_then(Json::as_str).unwrap_or("").to_ascii_lowercase();
    let host = inputs.get("host");
    let op = host
        .and_then(|h| h.get("operationId"))
        .or_else(|| inputs.get("serviceProviderConfiguration").and_then(|c| c.get("operationId")))
        .and_then(Json::as_str)
        .unwrap_or("")
        .to_ascii_lowercase();
    if op == "getsecret" || op == "getsecretversion" {
        return Some("reads a Key Vault secret");
    }
    if a.is("ApiConnection") || a.is("OpenApiConnection") {
        let path = text("path");
        if path.starts_with("/secrets/") && path.ends_with("/value") && host.is_some_and(|h| mentions(h, "keyvault")) {
            return Some("reads a Key Vault secret");
        }
        return None;
    }
    if !a.is("Http") {
        return None;
    }
    let uri = text("uri");
    let parsed = url::Url::parse(uri.trim()).ok();
    let path = parsed
        .as_ref()
        .map_or_else(|| uri.split(['?', '#']).next().unwrap_or("").to_string(), |u| u.path().to_string());
    let vault = parsed.as_ref().and_then(|u| u.host_str()).is_some_and(|h| h.ends_with(".vault.azure.net"));
    if vault && path.starts_with("/secrets/") || uri.contains(".vault.azure.net/secrets/") {
        return Some("reads a Key Vault secret");
    }
    if crate::eval::wdl::is_token_fetch(a.node) {
        return Some("fetches a token");
    }
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let post = text("method") == "post";
    if post && last == "access_tokens" {
        return Some("fetches a token");
    }
    let login = ["authenticate", "authentication", "login", "signin", "sign-in", "session", "sessions", "auth"]
        .iter()
        .any(|k| last.strip_suffix(k).is_some_and(|rest| rest.is_empty() || rest.ends_with(['_', '-'])));
    (login && (read_as_token || post && body_has_secret(inputs.get("body")))).then_some("fetches a token or session")
}

/// Whether a key or string under a value holds `needle` (lower-case ASCII), in any case: how a
/// connection's name is looked for.
pub(super) fn mentions(v: &Json, needle: &str) -> bool {
    let has = |t: &str| t.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()));
    match &v.kind {
        crate::model::JsonKind::String(t) => has(&t.value),
        crate::model::JsonKind::Object(m) => m.iter().any(|m| has(&m.key.value) || mentions(&m.value, needle)),
        crate::model::JsonKind::Array(a) => a.iter().any(|v| mentions(v, needle)),
        _ => false,
    }
}

pub(super) fn body_has_secret(body: Option<&Json>) -> bool {
    match body {
        Some(b) if b.is_object() => b.members().iter().any(|m| BODY_SECRETS.iter().any(|k| eq(k, &m.key.value))),
        Some(b) => b.as_str().is_some_and(|s| form_keys(s).any(|k| BODY_SECRETS.iter().any(|b| eq(b, &k)))),
        None => false,
    }
}

pub(super) fn form_keys(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split('&').filter_map(|p| p.split_once('=')).map(|(k, _)| k.trim().to_string())
}

/// Where, in an action's inputs, a string sends a credential (`rel` is its pointer below `inputs`).
pub(super) fn credential_place(a: &Action, rel: &str, s: &StringSite) -> Option<String> {
    // The first two segments and whether more follow, without collecting them (this runs for every
    // string an action sends).
    let (first, second, more) = crate::facts::strings::first_segments(rel.trim_start_matches('/'));
    let two;
    let seg: &[&str] = match (second, more) {
        (None, _) => std::slice::from_ref(&first),
        (Some(second), false) => {
            two = [first, second];
            &two
        }
        // Deeper: only `["body", .., _]` is matched, on the first segment and the key.
        (Some(_), true) => {
            return (first == "body" && BODY_SECRETS.iter().any(|b| eq(b, s.key)))
                .then(|| format!("the body's {}", s.key));
        }
    };
    let key = s.key;
    match seg {
        ["headers", h] if crate::facts::names::is_credential_header(h) => Some(format!("the {key} header")),
        ["queries", q] if crate::facts::names::is_credential_query(q) => Some(format!("the query parameter {key}")),
        ["uri"] => {
            let query = s.text.value.split_once('?')?.1;
            let k = url::form_urlencoded::parse(query.as_bytes())
                .find(|(k, v)| crate::facts::names::is_credential_query(k) && !v.is_empty())?
                .0
                .into_owned();
            Some(format!("the query parameter {k}"))
        }
        ["authentication", field]
            if (a.is("Http") || a.is("HttpWebhook"))
                && ["password", "secret", "pfx", "value"].iter().any(|k| eq(k, field)) =>
        {
            let ty = a
                .node
                .get("inputs")
                .and_then(|i| i.get("authentication"))
                .and_then(|x| x.get("type"))
                .and_then(Json::as_str);
            (!ty.is_some_and(|t| eq(t, "ManagedServiceIdentity"))).then(|| format!("authentication.{field}"))
        }
        ["body"] => {
            let k = form_keys(&s.text.value).find(|k| BODY_SECRETS.iter().any(|b| eq(b, k)))?;
            Some(format!("the body's {k}"))
        }
        ["body", _] if BODY_SECRETS.iter().any(|b| eq(b, key)) => Some(format!("the body's {key}")),
        _ => None,
    }
}

/// `@parameters('p')` (or `@{parameters('p')}`) where `p` is a securestring or secureobject
/// parameter: Logic Apps hides those values in run history.
pub fn from_secure_parameter(v: &str, f: &FlowFacts) -> bool {
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
