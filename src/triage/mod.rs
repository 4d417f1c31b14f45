//! The verdict: a response and what the request shows → 401 or 403, the cause, the evidence from both
//! sides (or where they disagree), and the fix with the place it lives. kind.rs says how the request
//! authenticates; sides.rs weighs the two sides; advice.rs holds the words.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{HttpRequest, HttpResponse, RequestKind};
use crate::permissions::Decision;
use crate::rules::RequestFacts;
use crate::server;
use crate::time;

mod advice;
mod kind;
mod scheme_case;
mod sides;

pub use crate::vocab::verdict::{Cause, System, Verdict};
pub use kind::{AuthKind, auth_kind};
use sides::{disagree, explains, system_of};

/// The cause a rule's finding points at.
fn cause_of(d: &Diagnostic, req: &HttpRequest, strict: Option<&scheme_case::CaseSensitive>) -> Option<Cause> {
    // A lower-case scheme is a warning, but the cause of a 401 from a service that compares it exactly.
    if d.rule == "auth-scheme-case" && strict.is_some() {
        return Some(Cause::HeaderMalformed);
    }
    if d.severity != Severity::Error {
        return None;
    }
    Some(match d.rule {
        "auth-duplicate" if req.queries.iter().any(|q| q.name.eq_ignore_ascii_case("sig")) => {
            Cause::ConflictingCredentials
        }
        "auth-missing" => Cause::CredentialsMissing,
        "jwt-expired" => Cause::TokenExpired,
        "jwt-not-yet-valid" => Cause::TokenNotYetValid,
        "audience-mismatch" => Cause::AudienceMismatch,
        "jwt-id-token" => Cause::WrongTokenType,
        "jwt-app-only-secret" => Cause::AppOnlyUnsupported,
        "jwt-missing-permission" | "jwt-no-permission" => Cause::PermissionMissing,
        r if r.starts_with("auth-")
            || r.starts_with("bearer-")
            || r.starts_with("basic-")
            || r.starts_with("uri-")
            || r == "jwt-malformed"
            || r == "jwt-alg-none" =>
        {
            Cause::HeaderMalformed
        }
        _ => return None,
    })
}

/// Most fundamental first: a broken header hides everything after it.
const PRIORITY: [Cause; 8] = [
    Cause::ConflictingCredentials,
    Cause::CredentialsMissing,
    Cause::HeaderMalformed,
    Cause::WrongTokenType,
    Cause::AudienceMismatch,
    Cause::AppOnlyUnsupported,
    Cause::TokenExpired,
    Cause::TokenNotYetValid,
];

/// Judges a response against the request and its findings. `None` when the status is not an
/// authorization failure (the caller says so).
pub fn verdict(
    req: &HttpRequest,
    facts: &RequestFacts,
    findings: &[Diagnostic],
    resp: &HttpResponse,
) -> Option<Verdict> {
    let status = resp.status?;
    let signals = server::read(resp);
    // The service the request goes to, when it is one known to refuse a lower-case `bearer`.
    let strict = facts.url.as_ref().and_then(|u| u.host_str()).and_then(scheme_case::refuses_lower_case);
    let found: Vec<(Cause, &Diagnostic)> =
        findings.iter().filter_map(|d| cause_of(d, req, strict).map(|c| (c, d))).collect();
    let top = PRIORITY.iter().find_map(|c| found.iter().find(|(fc, _)| fc == c)).map(|(c, _)| *c);
    let by = |cause: Cause| signals.iter().find(|s| s.cause == cause);
    let token_request = signals.iter().find(|s| s.source.contains("AADSTS"));
    let specific = signals
        .iter()
        .find(|s| s.decisive)
        .or_else(|| signals.iter().find(|s| !matches!(s.cause, Cause::Unknown401 | Cause::Unknown403)));
    let connector = req.kind == RequestKind::Connector;

    let cause = if let Some(s) = by(Cause::DlpBlocked) {
        s.cause
    } else if let Some(s) = token_request {
        s.cause
    } else {
        match status {
            401 if connector => by(Cause::ConditionalAccess).map_or(Cause::ConnectionExpired, |s| s.cause),
            401 => match (specific.filter(|s| s.cause != Cause::PermissionMissing || s.decisive), top) {
                // A decisive message names the cause whatever the request shows.
                (Some(s), _) if s.decisive => s.cause,
                // The request's own finding, when it explains what the server says, is the more precise.
                (Some(s), Some(f)) if explains(f, s.cause) => f,
                (Some(s), _) => s.cause,
                (None, Some(f)) => f,
                // exp at or before the response's Date, within the rule's skew: expired when the server answered.
                (None, None) if expired_at_date(facts).is_some() => Cause::TokenExpired,
                (None, None) => Cause::Unknown401,
            },
            403 => match specific.map(|s| s.cause) {
                Some(c @ (Cause::PermissionMissing | Cause::ConsentMissing | Cause::ConditionalAccess)) => c,
                _ if found.iter().any(|(c, _)| *c == Cause::PermissionMissing) => Cause::PermissionMissing,
                _ if system_of(req, &signals).is_some() => Cause::PermissionMissing,
                _ => Cause::Unknown403,
            },
            _ if specific.is_some() => specific.map(|s| s.cause).unwrap_or(Cause::Unknown401),
            _ => return None,
        }
    };
    let system = (cause == Cause::PermissionMissing || status == 403).then(|| system_of(req, &signals)).flatten();

    let mut evidence: Vec<String> = signals.iter().map(|s| format!("{} says: “{}”", s.source, s.said.trim())).collect();
    evidence.dedup();
    let explaining: Vec<&Diagnostic> = found.iter().filter(|(c, _)| *c == cause).map(|(_, d)| *d).collect();
    evidence.extend(explaining.iter().map(|d| format!("{}: {}", d.rule, d.message)));
    if cause == Cause::TokenExpired
        && top != Some(Cause::TokenExpired)
        && let Some(exp) = expired_at_date(facts)
    {
        let ago = facts.now.timestamp() - exp;
        evidence.push(format!(
            "the token's exp ({}) is {} the response's Date ({}): it had expired when the server answered (authlint's 5 minutes of skew forgive a clock, not the server's own time)",
            time::utc(exp, &facts.now),
            if ago == 0 { "exactly".to_string() } else { format!("{ago} s before") },
            time::utc(facts.now.timestamp(), &facts.now)
        ));
    }
    let disagreement = disagree(cause, top, &signals, facts, status);
    if disagreement.is_some()
        && let Some((_, d)) = found.iter().find(|(c, _)| Some(*c) == top && top != Some(cause))
    {
        evidence.push(format!("{}: {}", d.rule, d.message));
    }
    let mut rules: Vec<&'static str> = explaining.iter().map(|d| d.rule).collect();
    rules.dedup();
    let kind = auth_kind(req);
    let (mut summary, mut fix) = advice::texts(cause, system, connector, explaining.first().copied(), &signals, kind);
    // The server's message, when it calls for its own fix, says more than the cause's general one.
    let server_fix = signals.iter().find(|s| s.cause == cause && s.fix.is_some()).and_then(|s| s.fix.clone());
    // A known message's own summary, unless a finding of the request says it more precisely.
    if explaining.is_empty()
        && let Some(sm) = signals.iter().find(|s| s.cause == cause).and_then(|s| s.summary.clone())
    {
        summary = sm;
    }
    if let Some(f) = advice::situational_fix(cause, &signals, req, resp, kind, connector, server_fix.is_some()) {
        fix = f;
    } else if let Some(f) = server_fix {
        fix = f;
    }
    // What the token's permissions say about a 403: the one to add, or that the token has it.
    if status == 403 && cause == Cause::PermissionMissing {
        let judged = crate::rules::jwt_permission::first_judgement(facts);
        if let Some(j) = judged.as_ref().filter(|j| !matches!(j.decision, Decision::Allowed { .. }))
            && explaining.iter().any(|d| d.rule == "jwt-missing-permission")
        {
            summary = j.summary();
            fix = advice::sentence(&j.help());
        } else if let Some(j) = judged
            && let Decision::Allowed { by, caveat } = &j.decision
        {
            evidence.push(format!(
                "the token holds {by}, which {} ({}) accepts: the permission is there",
                j.call.display, j.operation
            ));
            summary = format!(
                "the token holds the permission the operation needs ({by}), so the refusal comes from the resource itself: the identity has no access to it"
            );
            fix = match caveat {
                Some(_) => "Sites.Selected opens only the sites an admin granted to this app, and this one was not granted: an admin grants it with Microsoft Graph (POST /v1.0/sites/{site-id}/permissions with the app and the role read or write) or PnP PowerShell (Grant-PnPAzureADAppSitePermission).".into(),
                None => "The token's permission is not the problem. Grant the identity access to the resource itself: the SharePoint site or list, the team or channel (membership), the mailbox (delegation, or an application access policy for app-only mail), the group (ownership) — or look for a Conditional Access policy that blocks this app.".into(),
            };
        }
    }
    // The lower-case scheme is only a warning (RFC 9110 §11.1: schemes are case-insensitive), but some
    // servers compare it exactly: a known one is told so; with an unexplained 401, it is the first
    // thing to change.
    if let Some(known) = strict
        && let Some(d) = findings.iter().find(|d| d.rule == "auth-scheme-case")
        && status == 401
    {
        let plain = format!("{}: {}", d.rule, d.message);
        evidence.retain(|e| *e != plain);
        evidence.push(format!(
            "auth-scheme-case: {} — {} compares the scheme exactly and answers {} to a lower-case `bearer` ({})",
            d.message, known.service, known.answer, known.source
        ));
        if cause == Cause::HeaderMalformed {
            summary =
                format!("{} refuses the lower-case scheme `bearer`: it compares the scheme exactly", known.service);
            fix = format!(
                "Write the scheme as `Bearer` (capital B) in the Authorization header: {} does not accept `bearer`, although HTTP says the case should not matter.",
                known.service
            );
        }
    } else if cause == Cause::Unknown401
        && let Some(d) = findings.iter().find(|d| d.rule == "auth-scheme-case")
    {
        evidence.push(format!(
            "auth-scheme-case: {} — servers should accept any case, but some compare the scheme exactly and answer 401",
            d.message
        ));
        fix = format!("First write the scheme as `Bearer` (capital B). Then: {fix}");
    }
    // A managed identity has no API permissions page: its application permissions are app role
    // assignments, made by Graph or PowerShell.
    if status == 403
        && cause == Cause::PermissionMissing
        && kind == AuthKind::ManagedIdentity
        && let Some(f) = advice::managed_identity_fix(req, system)
    {
        fix = f;
    }
    // A 403 with no body: the status and the host are all there is to go on.
    if status == 403 && signals.is_empty() && response_is_empty(resp) {
        evidence.insert(
            0,
            "the response has no body and no error code: only the status 403 (and the host the request went to) say this, so the system named is inferred from the URL, not stated by the server".into(),
        );
        if cause == Cause::PermissionMissing {
            summary =
                format!("{summary} (probably: the 403 came with an empty body, so this is inferred from the URL)");
        }
    }
    Some(Verdict {
        status,
        cause,
        summary,
        fix,
        findings: rules,
        evidence,
        disagreement,
        system,
        meaning: advice::meaning(status, connector, cause, token_request.is_some() && !connector),
    })
}

/// The `exp` of a token that had expired at the response's `Date` (at or before it), when the reference
/// time is that Date.
fn expired_at_date(facts: &RequestFacts) -> Option<i64> {
    if facts.now.source != time::Source::ResponseDate {
        return None;
    }
    facts
        .sites
        .iter()
        .filter_map(|s| s.token.as_ref())
        .filter_map(|t| t.jwt.claims().and_then(|c| c.time("exp")))
        .find(|exp| *exp <= facts.now.timestamp())
}

/// True when the response carries no body worth reading: none, null, or blank text.
fn response_is_empty(resp: &HttpResponse) -> bool {
    match &resp.body {
        None => true,
        Some(b) => match &b.kind {
            crate::model::JsonKind::Null => true,
            crate::model::JsonKind::String(t) => t.value.trim().is_empty(),
            _ => false,
        },
    }
}
