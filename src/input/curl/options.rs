//! What each cURL option does to the request: the option catalogue, and how the `--data`
//! family and `-F` read their values.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What a cURL option does to the request sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Opt {
    Method,
    Header,
    Data(Kind),
    /// `-F`, or `--form-string` (`true`), whose content is taken literally.
    Form(bool),
    User,
    Bearer,
    /// `--digest`, `--ntlm`…: `-u` answers the server's challenge instead of sending Basic.
    Challenge,
    Get,
    Head,
    Url,
    /// A header curl adds: `-b`, `-A`, `-e`.
    Adds(&'static str),
    GlobOff,
    /// Changes nothing in the request (output, TLS checks, timeouts…); `true` if it takes a value.
    Quiet(bool),
    /// Changes the request in a way not reproduced here; `true` if it takes a value.
    Unsupported(bool),
}

/// The `--data` family: they differ in how they read `@` and whether they encode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Ascii,
    Raw,
    Binary,
    UrlEncode,
    Json,
}

/// Options (short and long names) that change nothing in the request sent: switches, then
/// options that take a value.
const QUIET: [&str; 2] = [
    "s S L k v i f N O J q Z 0 4 6 # silent show-error location location-trusted insecure \
     compressed verbose include fail fail-with-body no-buffer progress-bar no-progress-meter \
     http1.0 http1.1 http2 http2-prior-knowledge http3 ipv4 ipv6 remote-name remote-header-name \
     path-as-is raw basic tlsv1.2 tlsv1.3 no-keepalive",
    "o w m D c x U y Y output write-out max-time connect-timeout retry retry-delay \
     retry-max-time max-redirs dump-header cookie-jar cacert capath proxy proxy-user trace \
     trace-ascii stderr limit-rate output-dir resolve connect-to keepalive-time",
];

/// Options that change the request in ways not reproduced here: switches, then with a value.
const UNSUPPORTED: [&str; 2] = [
    "n netrc netrc-optional",
    "E K T r z C cert key config upload-file range time-cond continue-at aws-sigv4 url-query",
];

impl Opt {
    /// An option by its name without dashes: `X` for `-X`, `request` for `--request`.
    pub(super) fn named(name: &str) -> Option<Opt> {
        use Opt::*;
        let opt = match name {
            "X" | "request" => Method,
            "H" | "header" => Header,
            "d" | "data" | "data-ascii" => Data(Kind::Ascii),
            "data-raw" => Data(Kind::Raw),
            "data-binary" => Data(Kind::Binary),
            "data-urlencode" => Data(Kind::UrlEncode),
            "json" => Data(Kind::Json),
            "F" | "form" => Form(false),
            "form-string" => Form(true),
            "u" | "user" => User,
            "oauth2-bearer" => Bearer,
            "digest" | "ntlm" | "negotiate" | "anyauth" => Challenge,
            "G" | "get" => Get,
            "I" | "head" => Head,
            "url" => Url,
            "b" | "cookie" => Adds("Cookie"),
            "A" | "user-agent" => Adds("User-Agent"),
            "e" | "referer" => Adds("Referer"),
            "g" | "globoff" => GlobOff,
            _ => {
                return listed(name, QUIET, Quiet).or_else(|| listed(name, UNSUPPORTED, Unsupported));
            }
        };
        Some(opt)
    }

    /// A long option; `--no-NAME` turns a switch off, which changes nothing here.
    pub(super) fn long(name: &str) -> Option<Opt> {
        let negated = || Opt::named(name.strip_prefix("no-")?).filter(|o| !o.takes_value());
        let opt = Opt::named(name).or_else(|| negated().map(|_| Opt::Quiet(false)));
        opt.filter(|_| name.chars().nth(1).is_some())
    }

    pub(super) fn takes_value(self) -> bool {
        use Opt::*;
        !matches!(self, Challenge | Get | Head | GlobOff | Quiet(false) | Unsupported(false))
    }
}

fn listed(name: &str, lists: [&str; 2], opt: fn(bool) -> Opt) -> Option<Opt> {
    let has = |k: usize| lists[k].split_whitespace().any(|n| n == name);
    (0..2).find(|&k| has(k)).map(|k| opt(k == 1))
}

/// One data option's share of the body: its text, and the file it names when it reads one.
#[derive(Debug)]
pub(super) struct Piece {
    pub(super) text: String,
    pub(super) file: Option<String>,
    pub(super) json: bool,
}

impl Piece {
    /// A `--data` family option's value as curl reads it.
    pub(super) fn new(kind: Kind, value: &str) -> Piece {
        let (text, file) = match kind {
            Kind::Raw => (value.to_string(), None),
            Kind::Ascii | Kind::Binary | Kind::Json => (value.to_string(), value.strip_prefix('@')),
            Kind::UrlEncode => match (value.split_once('='), value.split_once('@')) {
                (Some(("", content)), _) => (encode(content), None),
                (Some((name, content)), _) => (format!("{name}={}", encode(content)), None),
                (None, Some(("", path))) => (value.to_string(), Some(path)),
                (None, Some((name, path))) => (format!("{name}=@{path}"), Some(path)),
                (None, None) => (encode(value), None),
            },
        };
        let (file, json) = (file.map(str::to_string), kind == Kind::Json);
        Piece { text, file, json }
    }
}

/// A `-F name=content` field's content as curl reads it: `@file` and `<file` kept with their
/// prefix, a double-quoted value unquoted, `;type=…` and other parameters dropped.
pub(super) fn form_content(content: &str) -> String {
    let (prefix, rest) = content.split_at(usize::from(content.starts_with(['@', '<'])));
    let mut out = prefix.to_string();
    match rest.strip_prefix('"') {
        Some(quoted) => {
            let mut chars = quoted.chars();
            while let Some(c) = chars.next().filter(|&c| c != '"') {
                out.extend(if c == '\\' { chars.next() } else { Some(c) });
            }
        }
        None => out.push_str(rest.split(';').next().unwrap_or(rest)),
    }
    out
}

/// Every byte but the unreserved characters (RFC 3986: letters, digits, `-._~`).
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes all but the unreserved characters, as `curl_easy_escape` does.
fn encode(s: &str) -> String {
    utf8_percent_encode(s, ENCODED).to_string()
}
