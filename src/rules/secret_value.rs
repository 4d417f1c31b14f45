//! How much a value looks like a secret, whatever its name says: known fixed protocol values
//! (`X-Atlassian-Token: no-check`), known secret shapes (GitHub, Slack, Stripe, AWS, Google, JWT,
//! storage account keys), and, for the rest, length and entropy.

/// What a value is, judged by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// A known secret shape, named.
    Shape(&'static str),
    /// Long and random enough to be a key or token.
    Likely,
    /// Not a secret: a fixed protocol value, prose, or too short and plain; why, in words.
    Unlikely(&'static str),
}

/// Values some protocols fix for a header whose name sounds like a credential.
const FIXED: &[&str] = &[
    "no-check",
    "nocheck",
    "true",
    "false",
    "yes",
    "no",
    "none",
    "null",
    "0",
    "1",
    "required",
    "optional",
    "enabled",
    "disabled",
    "fetch",
    "xmlhttprequest",
    "application/json",
];

/// Prefixes of secrets their issuers give a fixed shape.
const SHAPES: &[(&str, &str)] = &[
    ("ghp_", "GitHub personal access token"),
    ("github_pat_", "GitHub fine-grained token"),
    ("gho_", "GitHub OAuth token"),
    ("ghs_", "GitHub app token"),
    ("ghu_", "GitHub user token"),
    ("xoxb-", "Slack bot token"),
    ("xoxp-", "Slack user token"),
    ("xoxa-", "Slack token"),
    ("sk_live_", "Stripe secret key"),
    ("rk_live_", "Stripe restricted key"),
    ("sk-", "API secret key"),
    ("AIza", "Google API key"),
    ("SG.", "SendGrid API key"),
    ("glpat-", "GitLab token"),
    ("ATATT", "Atlassian API token"),
];

/// Shannon entropy in bits per character.
fn entropy(s: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for c in s.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let n = s.chars().count() as f64;
    counts.values().map(|&c| c as f64 / n).map(|p| -p * p.log2()).sum()
}

/// Weighs a value.
pub fn weigh(v: &str) -> Weight {
    let t = v.trim();
    if FIXED.iter().any(|f| f.eq_ignore_ascii_case(t)) {
        return Weight::Unlikely("a fixed protocol value");
    }
    if let Some((_, name)) = SHAPES.iter().find(|(p, _)| t.starts_with(p) && t.len() >= p.len() + 16) {
        return Weight::Shape(name);
    }
    if t.len() == 20 && t.starts_with("AKIA") && t.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        return Weight::Shape("AWS access key id");
    }
    if t.starts_with("eyJ") && t.matches('.').count() == 2 {
        return Weight::Shape("JWT");
    }
    if t.len() == 88 && t.ends_with("==") && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)) {
        return Weight::Shape("storage account key");
    }
    if t.split_whitespace().count() >= 3 {
        return Weight::Unlikely("prose");
    }
    let classes = [
        t.bytes().any(|b| b.is_ascii_lowercase()),
        t.bytes().any(|b| b.is_ascii_uppercase()),
        t.bytes().any(|b| b.is_ascii_digit()),
        t.bytes().any(|b| !b.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    let len = t.chars().count();
    if len >= 16 && entropy(t) >= 3.0 || len >= 10 && classes >= 2 && !t.contains(' ') {
        Weight::Likely
    } else {
        Weight::Unlikely("too short and plain for a key")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_values_prose_and_plain_words_are_not_secrets() {
        assert_eq!(weigh("no-check"), Weight::Unlikely("a fixed protocol value"));
        assert_eq!(weigh(" nocheck "), Weight::Unlikely("a fixed protocol value"));
        assert_eq!(weigh("use the key from the vault"), Weight::Unlikely("prose"));
        assert_eq!(weigh("secret"), Weight::Unlikely("too short and plain for a key"));
    }

    #[test]
    fn shapes_and_random_values_are() {
        assert_eq!(weigh("ghp_0123456789abcdefABCDEF0123456789abcd"), Weight::Shape("GitHub personal access token"));
        assert_eq!(weigh("AKIAIOSFODNN7EXAMPLE"), Weight::Shape("AWS access key id"));
        assert_eq!(weigh("9f8e7d6c5b4a39281706f5e4d3c2b1a0"), Weight::Likely);
        assert_eq!(weigh("k3y-Fake-0001"), Weight::Likely);
        // Too short a prefix-alike is judged as any other value.
        assert_eq!(weigh("sk-1"), Weight::Unlikely("too short and plain for a key"));
    }
}
