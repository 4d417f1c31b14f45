//! Token lifetime: expired, not yet valid, judged at the reference time with 5 minutes of skew.

use super::{Context, RequestFacts, Rule, declare_rule, each_token};
use crate::time::{self, SKEW_SECONDS, Source};

declare_rule! {
    /// ## What it finds
    /// A token whose `exp` is more than 5 minutes before the reference time: `--now`, else the `Date` of
    /// the response (the run's own time), else the clock. It says how long before, when the token was
    /// issued and how long it lived.
    ///
    /// ## Why it breaks the request
    /// Microsoft Entra ID access tokens live 60 to 90 minutes. A token pasted into a flow, stored in a
    /// variable, a parameter or an environment variable works for an hour and then fails on every run
    /// with 401 (`InvalidAuthenticationToken`, `ExpiredAuthenticationToken`).
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/users", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJpc3MiOiJodHRwczovL3N0cy53aW5kb3dzLm5ldC83MmY5ODhiZi0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMGMwZGUvIiwiaWF0IjoxNzY3MjI1NjAwLCJuYmYiOjE3NjcyMjU2MDAsImV4cCI6MTc2NzIzMDEwMCwiYXBwaWQiOiIwYjRjMWE5ZS01ZDJmLTRlOGEtOWMzMS03YTZmMmUxZDBjOWIiLCJpZHR5cCI6ImFwcCIsInJvbGVzIjpbIlVzZXIuUmVhZC5BbGwiXX0.ZmFrZS1zaWduYXR1cmU"}}
    /// ```
    ///
    /// ## Fix
    /// Fetch the token in the flow, right before the call (an HTTP action to the token endpoint), or let
    /// the HTTP action fetch it: `authentication` of type Active Directory OAuth or Managed identity, or
    /// the "HTTP with Microsoft Entra ID" connector. Never store a token in the flow.
    pub struct JwtExpired { name: "jwt-expired", severity: Error, summary: "an expired token" }
}

const STATIC_TOKEN_HELP: &str = "a token stored in the flow (pasted, or in a variable or parameter) expires after 60-90 minutes and then fails on every run: fetch it in the flow right before this action, or let the HTTP action fetch it (authentication: Active Directory OAuth or Managed identity, or the HTTP with Microsoft Entra ID connector)";

impl Rule for JwtExpired {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        let now = f.now;
        each_token(f, |site, token| {
            let Some(c) = token.jwt.claims() else { return };
            let Some(exp) = c.time("exp") else { return };
            let late = now.timestamp() - exp;
            if late <= SKEW_SECONDS {
                return;
            }
            let when = match now.source {
                Source::Clock => format!("{} ago", time::human(late)),
                _ => format!("{} before {}", time::human(late), now.name()),
            };
            let life = match c.time("iat").or_else(|| c.time("nbf")) {
                Some(iat) => format!("issued {}, lifetime {}", time::utc(iat, &now), time::lifetime(exp - iat)),
                None => format!("at {}", time::utc(exp, &now)),
            };
            let r = token.jwt.segments.get(1).cloned().unwrap_or(0..0);
            cx.report(
                &Self::META,
                site.file,
                site.token_span(r),
                &site.pointer,
                format!("the token expired {when} ({life})"),
            )
            .label(format!("exp {}", time::utc(exp, &now)))
            .help(STATIC_TOKEN_HELP);
        });
    }
}

declare_rule! {
    /// ## What it finds
    /// A token whose `nbf` (not before) or `iat` (issued at) is more than 5 minutes after the reference
    /// time.
    ///
    /// ## Why it breaks the request
    /// The API refuses a token that is not valid yet: 401. Either a clock is wrong (the machine that
    /// minted the token, or the one that judged it), or the token was reused from a later run.
    ///
    /// ## Example
    /// ```json
    /// {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/me", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJpYXQiOjQxMDI0NDQ4MDAsIm5iZiI6NDEwMjQ0NDgwMCwiZXhwIjo0MTAyNDQ5MzAwLCJhcHBpZCI6IjBiNGMxYTllLTVkMmYtNGU4YS05YzMxLTdhNmYyZTFkMGM5YiIsInNjcCI6IlVzZXIuUmVhZCJ9.ZmFrZS1zaWduYXR1cmU"}}
    /// ```
    ///
    /// ## Fix
    /// Request a fresh token in the flow; if it still fails, the clock of the machine that minted it is off.
    pub struct JwtNotYetValid { name: "jwt-not-yet-valid", severity: Error, summary: "a token whose nbf or iat is in the future" }
}

impl Rule for JwtNotYetValid {
    fn check(&self, cx: &mut Context, f: &RequestFacts) {
        let now = f.now;
        each_token(f, |site, token| {
            let Some(c) = token.jwt.claims() else { return };
            let Some((claim, at)) = ["nbf", "iat"]
                .into_iter()
                .find_map(|k| c.time(k).filter(|t| t - now.timestamp() > SKEW_SECONDS).map(|t| (k, t)))
            else {
                return;
            };
            let early = at - now.timestamp();
            let what = if claim == "nbf" { "is not valid before" } else { "was issued at" };
            let r = token.jwt.segments.get(1).cloned().unwrap_or(0..0);
            cx.report(&Self::META, site.file, site.token_span(r), &site.pointer, format!("the token {what} {}, {} after {}", time::utc(at, &now), time::human(early), now.name()))
                .label(format!("{claim} {}", time::utc(at, &now)))
                .help("request a fresh token in the flow; if it still fails, the clock of the machine that minted or checked it is off");
        });
    }
}
