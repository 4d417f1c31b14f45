//! Services known to refuse a lower-case `bearer`. RFC 9110 §11.1 makes the scheme case-insensitive,
//! so `auth-scheme-case` is only a warning; but these services compare it exactly and answer 401, and
//! for a request to one of them the lower-case scheme is the cause of the refusal. Each entry cites
//! where the refusal is shown (docs/research/server-messages.md, "Lower-case bearer").

/// A service that compares the Bearer scheme exactly.
pub struct CaseSensitive {
    pub service: &'static str,
    /// The hosts it answers on, compared without regard to case.
    pub hosts: &'static [&'static str],
    /// What it answers to `bearer <token>`, as reported.
    pub answer: &'static str,
    /// Where that is reported.
    pub source: &'static str,
}

pub static CASE_SENSITIVE: &[CaseSensitive] = &[
    CaseSensitive {
        service: "the Log Analytics query API",
        hosts: &[
            "api.loganalytics.io",
            "api.loganalytics.azure.com",
            "api.loganalytics.us",
            "api.loganalytics.azure.cn",
        ],
        answer: "401 AuthorizationRequiredError \"Valid authentication was not provided\"",
        source: "https://github.com/MicrosoftDocs/azure-docs/issues/112457",
    },
    CaseSensitive {
        service: "the OpenAI API",
        hosts: &["api.openai.com"],
        answer: "401 (authorization fails)",
        source: "https://github.com/Azure/autorest.typescript/issues/2109",
    },
];

/// The service at `host` that refuses a lower-case scheme, if it is a known one.
pub fn refuses_lower_case(host: &str) -> Option<&'static CaseSensitive> {
    let host = host.trim_end_matches('.');
    CASE_SENSITIVE.iter().find(|c| c.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_hosts_only() {
        assert_eq!(refuses_lower_case("API.LogAnalytics.io").map(|c| c.service), Some("the Log Analytics query API"));
        assert_eq!(refuses_lower_case("api.openai.com.").map(|c| c.service), Some("the OpenAI API"));
        assert!(refuses_lower_case("graph.microsoft.com").is_none());
        assert!(refuses_lower_case("myopenai.openai.azure.com").is_none());
    }
}
