use super::{Context, Rule, declare_rule};
use crate::facts::FlowFacts;
use crate::input::expr::{Part, Template};
use crate::source::Span;
use crate::{claims, jwt, time};

declare_rule! {
    /// ## What it finds
    /// A JWT written into a flow definition as literal text: in a header, a variable's initial value, a
    /// parameter's default, a Compose, an authentication value. It says whom the token is for and when
    /// it expires (or expired).
    ///
    /// ## Why it breaks the request
    /// An access token lives 60–90 minutes. The flow works while it is fresh, then every run fails with
    /// 401 — and the token sits in source control and in run history for anyone to reuse meanwhile.
    ///
    /// ## Example
    /// ```json
    /// {"triggers": {}, "actions": {"HTTP": {"type": "Http", "inputs": {"method": "GET", "uri": "https://graph.microsoft.com/v1.0/users", "headers": {"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJleHAiOjE3NjcyMzAxMDAsImFwcGlkIjoieCJ9.c2ln"}}}}}
    /// ```
    ///
    /// ## Fix
    /// Get the token at run time: let the HTTP action authenticate (Authentication: Active Directory
    /// OAuth with a certificate or a Key Vault secret, or Managed identity), or fetch it in an earlier
    /// action with secure outputs on.
    pub struct StaticToken { name: "static-token", severity: Error, summary: "a literal JWT in a definition" }
}

/// Whether a text holds `eyJ`, how every JWT begins (`{"` in base64url): asked of every string of a
/// definition, so with one searcher built once (`str::contains` builds its own on each call).
fn has_jwt_start(text: &str) -> bool {
    static EYJ: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("eyJ"));
    EYJ.find(text.as_bytes()).is_some()
}

/// The JWT-shaped words of a text, with their byte ranges.
fn jwt_words(text: &str) -> Vec<(usize, &str)> {
    // Most strings hold no token: one substring search decides before the split.
    if !has_jwt_start(text) {
        return Vec::new();
    }
    text.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';' | '&' | '=' | '(' | ')' | '[' | ']'))
        .filter(|w| w.starts_with("eyJ") && w.len() > 30 && w.matches('.').count() >= 2)
        // The word's offset from its address in `text`: separators may be wider than one byte.
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect()
}

/// The literal tokens of a flow: where each lies, and the token decoded. `lint` also redacts these,
/// whether or not the rule is enabled.
pub fn literal_tokens<'f>(f: &'f FlowFacts) -> &'f [(usize, Span, jwt::Jwt)] {
    f.tokens.get_or_init(|| find_tokens(f))
}

fn find_tokens(f: &FlowFacts) -> Vec<(usize, Span, jwt::Jwt)> {
    let mut out = Vec::new();
    for (i, s) in f.strings.iter().enumerate() {
        let literals: Vec<(usize, &str)> = match &s.template {
            Ok(Template::Plain) if !has_jwt_start(&s.text.value) => continue,
            Ok(Template::Plain) => vec![(0, s.text.value.as_str())],
            Ok(Template::Parts(parts)) => parts
                .iter()
                .filter_map(|p| {
                    if let Part::Literal { text, range } = p { Some((range.start, text.as_str())) } else { None }
                })
                .collect(),
            _ => continue,
        };
        for (base, lit) in literals {
            for (off, w) in jwt_words(lit) {
                let j = jwt::inspect(w);
                if j.claims().is_some() {
                    out.push((i, s.text.span_of(base + off..base + off + w.len()), j));
                }
            }
        }
    }
    out
}

impl Rule for StaticToken {
    fn check_flow(&self, cx: &mut Context, f: &FlowFacts) {
        for (i, span, j) in literal_tokens(f) {
            let (s, span) = (&f.strings[*i], *span);
            let Some(c) = j.claims() else { continue };
            let when = match c.time("exp") {
                Some(exp) if exp < f.now.timestamp() => {
                    format!("it expired {} ago", time::human(f.now.timestamp() - exp))
                }
                Some(exp) => format!("it expires in {}, then every run fails", time::human(exp - f.now.timestamp())),
                None => "it has no expiry".to_string(),
            };
            cx.report(&Self::META, f.file, span, s.pointer, format!("a token is written into the flow: {}; {when}", claims::summary(j)))
                        .label("literal token")
                        .help("get the token at run time: the HTTP action's Authentication (Active Directory OAuth or Managed identity), or an earlier action with secure outputs");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::jwt_words;

    #[test]
    fn word_offsets_hold_after_wide_separators() {
        // U+00A0 and U+3000 are whitespace of two and three bytes.
        let token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        let text = format!("Bearer\u{a0}x\u{3000}{token}");
        let words = jwt_words(&text);
        assert_eq!(words.len(), 1);
        let (at, w) = words[0];
        assert_eq!(w, token);
        assert_eq!(&text[at..at + w.len()], token);
    }

    #[test]
    fn jwt_start_anywhere_in_the_text() {
        for (text, want) in [("eyJ", true), ("Bearer eyJhbGc", true), ("x eyj", false), ("ey J", false), ("", false)] {
            assert_eq!(super::has_jwt_start(text), want, "{text:?}");
        }
    }

    #[test]
    fn text_without_a_token_gives_no_word() {
        assert!(jwt_words("Bearer abc.def.ghi-not-a-jwt-but-long-enough-to-count").is_empty());
    }
}
