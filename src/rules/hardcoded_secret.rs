use super::{Context, Rule, declare_rule, is_credential_header, is_credential_query};
use crate::eval::Piece;
use crate::facts::http::Place;
use crate::facts::{FlowFacts, SentValue};
use crate::input::expr::Template;
use crate::source::Span;

declare_rule! {
    /// ## What it finds
    /// A literal password, client secret, certificate (pfx), API key, Basic credential or shared access
    /// signature in a definition: `authentication.password`, `authentication.secret`, an `x-api-key`
    /// header, `Authorization: Basic …`, `client_secret=` in a token request body, `sig=` in a URI, a
    /// `securestring` parameter with a default value — and a secret an expression builds from literals
    /// (`base64('user:password')`) or brings from a variable, a parameter default or an ARM template
    /// parameter's `defaultValue`, reported where the literal is written. A value fetched at run time
    /// (Key Vault) or at deployment (`listKeys()`, a secure template parameter) is never one. A header
    /// whose name only sounds like a credential is weighed by its value: a fixed protocol value
    /// (`X-Atlassian-Token: no-check`), prose or a short plain word is not a secret; a known shape
    /// (GitHub, Slack, Stripe, AWS, Google keys, a JWT, a storage key) is named; other values must be
    /// long and random enough to be a key. A placeholder (`<API key>`, `ADD YOUR OWN VALUE`) is
    /// `placeholder-credential`'s.
    ///
    /// ## Why it breaks the request
    /// It works until the secret is rotated, and meanwhile anyone who can read the solution, the
    /// repository or the run history can use it.
    ///
    /// ## Example
    /// ```json
    /// {"triggers": {}, "actions": {"HTTP": {"type": "Http", "inputs": {"method": "GET", "uri": "https://api.example.com/v1/items", "authentication": {"type": "Basic", "username": "svc", "password": "not-a-real-password"}}}}}
    /// ```
    ///
    /// ## Fix
    /// Keep the secret in Azure Key Vault (read it with the Key Vault connector, secure outputs on) or
    /// in a secure parameter / environment variable of type secret, and refer to it with an expression.
    pub struct HardcodedSecret { name: "hardcoded-secret", severity: Error, summary: "a literal password, client secret, Basic credential or API key in a definition" }
}

const SECRET_KEYS: &[&str] =
    &["password", "secret", "clientsecret", "client_secret", "pfx", "apikey", "api_key", "subscriptionkey"];

/// A literal secret found in a flow.
pub struct Found {
    pub span: Span,
    pub pointer: String,
    pub message: String,
    pub help: &'static str,
}

const HELP: &str =
    "keep it in Azure Key Vault or a secure parameter / environment variable, and refer to it with an expression";

/// The literal secrets of a flow. `lint` also redacts these, whether or not the rule is enabled.
pub fn literal_secrets<'f>(f: &'f FlowFacts) -> &'f [Found] {
    f.secrets.get_or_init(|| find_secrets(f))
}

fn find_secrets(f: &FlowFacts) -> Vec<Found> {
    let mut out = Vec::new();
    for s in f.strings {
        // Most strings are under keys no rule here looks at: decide that first.
        if !interesting_key(s.key)
            || !matches!(s.template, Ok(Template::Plain))
            || crate::eval::has_holes(&s.text.value)
            || s.text.value.trim().is_empty()
            || crate::rules::is_sanitized(&s.text.value)
        {
            continue;
        }
        let key = s.key.to_ascii_lowercase();
        let v = s.text.value.as_str();
        // Only the secret values of a form body, not the whole body.
        let ranges = if key == "body" { form_secret_ranges(v) } else { Vec::new() };
        if !ranges.is_empty() {
            for r in ranges {
                out.push(Found {
                    span: s.text.span_of(r),
                    pointer: s.pointer.to_string(),
                    message: "a client secret or password in the request body is written into the flow".into(),
                    help: HELP,
                });
            }
            continue;
        }
        if is_placeholder(v) {
            continue;
        }
        let what = if SECRET_KEYS.contains(&key.as_str()) {
            Some(format!("a literal {}", s.key))
        } else if key == "authorization" && v.trim_start().to_ascii_lowercase().starts_with("basic ") {
            Some("a literal Basic credential".into())
        } else if key != "authorization" && is_credential_header(&key) && s.pointer.contains("/headers/") {
            header_secret(s.key, v)
        } else if key == "uri" && url_has_secret(v) {
            Some("a shared access signature or key in the URI".into())
        } else {
            None
        };
        if let Some(what) = what {
            out.push(Found {
                span: s.text.content_span(),
                pointer: s.pointer.to_string(),
                message: format!("{what} is written into the flow"),
                help: HELP,
            });
        }
    }
    // A form body built with expressions may still carry a literal secret between them.
    for s in f.strings.iter().filter(|s| s.key == "body") {
        let Ok(Template::Parts(parts)) = &s.template else { continue };
        for (i, p) in parts.iter().enumerate() {
            let crate::input::expr::Part::Literal { text, range } = p else { continue };
            let pairs: Vec<&str> = text.split('&').collect();
            let mut at = 0;
            for (k, pair) in pairs.iter().enumerate() {
                // The value is literal when no expression continues it.
                let complete = k + 1 < pairs.len() || i + 1 == parts.len();
                if let Some(("client_secret" | "password" | "client_assertion", v)) = pair.split_once('=')
                    && complete
                    && !v.is_empty()
                    && !is_placeholder(v)
                {
                    let start = range.start + at + pair.len() - v.len();
                    out.push(Found {
                        span: s.text.span_of(start..start + v.len()),
                        pointer: s.pointer.to_string(),
                        message: "a client secret or password in the request body is written into the flow".into(),
                        help: HELP,
                    });
                }
                at += pair.len() + 1;
            }
        }
    }
    // A securestring parameter with a default value.
    if let Some(params) = f.flow.definition.get("parameters") {
        for m in params.members() {
            let secure =
                m.value.get("type").and_then(|t| t.as_str()).is_some_and(|t| t.eq_ignore_ascii_case("securestring"));
            if let Some(d) =
                m.value.get("defaultValue").and_then(|d| d.as_text()).filter(|d| secure && !d.value.is_empty())
            {
                out.push(Found {
                    span: d.content_span(),
                    pointer: format!(
                        "{}/parameters/{}/defaultValue",
                        f.flow.pointer,
                        crate::model::pointer_segment(&m.key.value)
                    ),
                    message: format!("the secure parameter {} has a default value written into the flow", m.key.value),
                    help: "leave the default empty and give the value at deployment, or read it from Key Vault",
                });
            }
        }
    }
    out
}

impl Rule for HardcodedSecret {
    fn check_flow(&self, cx: &mut Context, f: &FlowFacts) {
        for found in literal_secrets(f) {
            cx.report(&Self::META, f.file, found.span, &found.pointer, found.message.clone())
                .label("secret")
                .help(found.help);
        }
    }

    /// A secret an expression computes from literals (`base64('user:password')`), or brings from a
    /// variable or parameter whose value is written in the flow. Values written as they are sent are
    /// `check_flow`'s.
    fn check_value(&self, cx: &mut Context, v: &SentValue) {
        let Some(text) = known_text(v.pieces) else { return };
        let what = match v.place {
            Place::Auth(f) if ["password", "secret", "pfx"].iter().any(|k| k.eq_ignore_ascii_case(f)) => {
                format!("a literal {f}")
            }
            Place::Header(h) if h.eq_ignore_ascii_case("authorization") && is_basic(&text) => {
                "a literal Basic credential".to_string()
            }
            Place::Auth(f) if f.eq_ignore_ascii_case("value") && is_basic(&text) => {
                "a literal Basic credential".to_string()
            }
            Place::Header(h) if !h.eq_ignore_ascii_case("authorization") && is_credential_header(h) => {
                match header_secret(h, &text) {
                    Some(what) => what,
                    None => return,
                }
            }
            _ => return,
        };
        if text.trim().is_empty() || is_placeholder(&text) {
            return;
        }
        let span = match v.pieces {
            [(_, Piece::Known(k))] => k.span_of(0..k.text.len()),
            _ => v.text.content_span(),
        };
        cx.report(&Self::META, v.file, span, v.pointer, format!("{what} is written into the flow"))
            .label("secret")
            .help(HELP);
    }
}

/// A credential header's literal value, weighed: a fixed protocol value (`X-Atlassian-Token:
/// no-check`), prose or a short plain word is no secret; a known shape is named.
fn header_secret(name: &str, value: &str) -> Option<String> {
    use super::secret_value::{Weight, weigh};
    match weigh(value) {
        Weight::Shape(shape) => Some(format!("a literal {shape} in the {name} header")),
        Weight::Likely => Some(format!("a literal {name} header")),
        Weight::Unlikely(_) => None,
    }
}

fn is_basic(text: &str) -> bool {
    text.trim_start().get(..6).is_some_and(|s| s.eq_ignore_ascii_case("basic "))
}

/// The text of a value whose every piece is known.
fn known_text(pieces: &[(std::ops::Range<usize>, Piece)]) -> Option<String> {
    pieces
        .iter()
        .map(|(_, p)| match p {
            Piece::Known(k) => Some(k.text.as_str()),
            Piece::Unknown(_) => None,
        })
        .collect()
}

/// Whether a string under this key can be a literal secret this rule reports.
fn interesting_key(key: &str) -> bool {
    SECRET_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
        || ["authorization", "uri", "body"].iter().any(|k| k.eq_ignore_ascii_case(key))
        || is_credential_header(key)
}

fn url_has_secret(uri: &str) -> bool {
    uri.split_once('?').is_some_and(|(_, q)| {
        url::form_urlencoded::parse(q.as_bytes())
            .any(|(k, v)| is_credential_query(&k) && !v.is_empty() && !v.starts_with('@'))
    })
}

/// The byte ranges of the literal secret values of a form body (`client_secret=…`, `password=…`).
fn form_secret_ranges(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for pair in body.split('&') {
        // The key as decoded (`client%5Fsecret` too); the range is the raw value's.
        let decoded = url::form_urlencoded::parse(pair.as_bytes()).next();
        if let (Some((k, v)), Some((dk, dv))) = (pair.split_once('='), decoded)
            && matches!(dk.trim(), "client_secret" | "password" | "client_assertion")
            && !dv.trim().is_empty()
            && !is_placeholder(&dv)
        {
            let start = at + k.len() + 1;
            out.push(start..start + v.len());
        }
        at += pair.len() + 1;
    }
    out
}

/// A value to fill in (`<Client secret>`, `{{secret}}`, `ADD YOUR OWN VALUE`): not a secret, whatever
/// the key says (`placeholder-credential` reports it).
fn is_placeholder(v: &str) -> bool {
    super::placeholder::is_placeholder(v)
}
