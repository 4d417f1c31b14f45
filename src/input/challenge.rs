//! `WWW-Authenticate` (RFC 9110 §11.6.1): one or more challenges, each a scheme with a token68 or
//! parameters. Lenient where servers are: unquoted values may hold `/` and `:` (Dataverse sends
//! `authorization_uri=https://…` unquoted), and parameter names are compared case-insensitively.

/// One challenge: `Bearer realm="", error="invalid_token"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub scheme: String,
    pub token68: Option<String>,
    /// Parameters in order, names lower-cased, values unquoted.
    pub params: Vec<(String, String)>,
}

impl Challenge {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Quoted(String),
    Eq,
    Comma,
    Space,
}

fn lex(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                out.push(Tok::Space);
            }
            ',' => {
                chars.next();
                out.push(Tok::Comma);
            }
            '=' => {
                chars.next();
                out.push(Tok::Eq);
            }
            '"' => {
                chars.next();
                let mut v = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => v.extend(chars.next()),
                        '"' => break,
                        c => v.push(c),
                    }
                }
                out.push(Tok::Quoted(v));
            }
            _ => {
                let mut v = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || c == ',' || c == '"' || (c == '=' && !v.is_empty() && !value_context(&out))
                    {
                        break;
                    }
                    v.push(c);
                    chars.next();
                }
                out.push(Tok::Word(v));
            }
        }
    }
    out
}

/// After `name =`, a word is a value and may hold `=` (base64, URLs with queries).
fn value_context(out: &[Tok]) -> bool {
    matches!(out.iter().rev().find(|t| **t != Tok::Space), Some(Tok::Eq))
}

/// Parses a `WWW-Authenticate` value into its challenges. Never fails: what cannot be read is skipped.
pub fn parse(value: &str) -> Vec<Challenge> {
    let toks: Vec<Tok> = lex(value);
    let mut out: Vec<Challenge> = Vec::new();
    let mut i = 0;
    let skip_space = |i: &mut usize| {
        while toks.get(*i) == Some(&Tok::Space) {
            *i += 1;
        }
    };
    while i < toks.len() {
        skip_space(&mut i);
        let Some(tok) = toks.get(i) else { break };
        match tok {
            Tok::Comma => {
                i += 1;
            }
            Tok::Word(w) => {
                // name = value  →  a parameter of the current challenge; otherwise a new scheme.
                let mut j = i + 1;
                skip_space(&mut j);
                if toks.get(j) == Some(&Tok::Eq) && !out.is_empty() {
                    let mut k = j + 1;
                    skip_space(&mut k);
                    let value = match toks.get(k) {
                        Some(Tok::Word(v) | Tok::Quoted(v)) => {
                            k += 1;
                            v.clone()
                        }
                        _ => String::new(),
                    };
                    if let Some(c) = out.last_mut() {
                        c.params.push((w.to_ascii_lowercase(), value));
                    }
                    i = k;
                } else {
                    out.push(Challenge { scheme: w.clone(), token68: None, params: Vec::new() });
                    i += 1;
                    let mut k = i;
                    skip_space(&mut k);
                    // A token68 follows the scheme: a word and only `=` padding, then a comma or the end.
                    if let Some(Tok::Word(t)) = toks.get(k) {
                        let mut n = k + 1;
                        let mut eqs = 0;
                        while toks.get(n) == Some(&Tok::Eq) {
                            eqs += 1;
                            n += 1;
                        }
                        let mut m = n;
                        skip_space(&mut m);
                        if toks.get(m).is_none_or(|t| *t == Tok::Comma) {
                            if let Some(c) = out.last_mut() {
                                c.token68 = Some(format!("{t}{}", "=".repeat(eqs)));
                            }
                            i = n;
                        }
                    }
                }
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_challenge_with_quoted_parameters() {
        let c = parse(
            r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000""#,
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].scheme, "Bearer");
        assert_eq!(c[0].param("realm"), Some(""));
        assert_eq!(c[0].param("CLIENT_ID"), Some("00000003-0000-0000-c000-000000000000"));
    }

    #[test]
    fn dataverse_unquoted_values_keep_urls_whole() {
        let c = parse(
            "Bearer authorization_uri=https://login.microsoftonline.com/72f988bf/oauth2/authorize, resource_id=https://org.crm4.dynamics.com/",
        );
        assert_eq!(
            c[0].param("authorization_uri"),
            Some("https://login.microsoftonline.com/72f988bf/oauth2/authorize")
        );
        assert_eq!(c[0].param("resource_id"), Some("https://org.crm4.dynamics.com/"));
    }

    #[test]
    fn several_challenges_errors_and_claims() {
        let c = parse(
            r#"Bearer realm="example", error="invalid_token", error_description="The access token expired", Basic realm="legacy", charset="UTF-8""#,
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].param("error"), Some("invalid_token"));
        assert_eq!(c[0].param("error_description"), Some("The access token expired"));
        assert_eq!(c[1].scheme, "Basic");
        assert_eq!(c[1].param("charset"), Some("UTF-8"));
        let cae = parse(
            r#"Bearer error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZX19fQ==""#,
        );
        assert_eq!(cae[0].param("claims"), Some("eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZX19fQ=="));
        let kv =
            parse(r#"Bearer authorization="https://login.windows.net/72f988bf", resource="https://vault.azure.net""#);
        assert_eq!(kv[0].param("resource"), Some("https://vault.azure.net"));
    }

    #[test]
    fn token68_escapes_and_junk() {
        let c = parse(
            "Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1MIIGcaADAgEFoQMCAQ6iBwMFACAAAACjggSR==, Basic realm=\"x\\\"y\"",
        );
        assert_eq!(c[0].token68.as_deref(), Some("YIIGhgYJKoZIhvcSAQICAQBuggZ1MIIGcaADAgEFoQMCAQ6iBwMFACAAAACjggSR=="));
        assert_eq!(c[1].param("realm"), Some("x\"y"));
        assert_eq!(parse("Negotiate")[0].scheme, "Negotiate");
        // A no-break space once made the lexer loop forever (found by the property test).
        for junk in ["", ",,,", "=", "\"unterminated", "Bearer ,=,\"", "a=b", "Bearer\u{a0}realm=\"x\"", "\u{2003}"] {
            let _ = parse(junk);
        }
    }
}
