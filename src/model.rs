//! The model the readers produce and the rules read: JSON values and requests with spans.

use std::ops::Range;

use crate::source::Span;

/// A decoded string and where it came from. `span` covers the whole literal (quotes included);
/// [`Text::span_of`] maps a byte range of the decoded value back to the source, through escapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// The decoded value: inline up to 24 bytes (most keys and values of a definition), so that
    /// reading a document allocates for its containers and its long strings only.
    pub value: compact_str::CompactString,
    pub span: Span,
    map: OffsetMap,
}

#[derive(Debug, Clone, PartialEq)]
enum OffsetMap {
    /// No escapes: decoded byte `i` is at `start + i`.
    Plain { start: usize },
    /// Escapes: the source offset of every decoded byte, plus one for the end of the value.
    Escaped(Box<[usize]>),
    /// Not from the source as such (a value built by the reader): point at the whole span.
    Whole,
}

impl Text {
    /// A literal whose decoded bytes sit unchanged at `start..` in the source.
    pub fn plain(value: impl Into<compact_str::CompactString>, span: Span, start: usize) -> Text {
        Text { value: value.into(), span, map: OffsetMap::Plain { start } }
    }
    /// A literal with escapes: `offsets[i]` is the source offset of decoded byte `i`;
    /// `offsets.len() == value.len() + 1`.
    pub fn escaped(value: impl Into<compact_str::CompactString>, span: Span, offsets: Vec<usize>) -> Text {
        let value = value.into();
        debug_assert_eq!(offsets.len(), value.len() + 1);
        Text { value, span, map: OffsetMap::Escaped(offsets.into_boxed_slice()) }
    }
    /// A value that has no character-exact place in the source.
    pub fn synthetic(value: impl Into<compact_str::CompactString>, span: Span) -> Text {
        Text { value: value.into(), span, map: OffsetMap::Whole }
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The source span of a byte range of the decoded value (clamped to the value).
    pub fn span_of(&self, r: Range<usize>) -> Span {
        let end = r.end.min(self.value.len());
        let start = r.start.min(end);
        match &self.map {
            OffsetMap::Plain { start: s } => Span::new(s + start, s + end),
            OffsetMap::Escaped(offsets) => {
                // The end of a non-empty range is the end of its last character's escape.
                let end_off = if end > start { offsets[end] } else { offsets[start] };
                Span::new(offsets[start], end_off)
            }
            OffsetMap::Whole => self.span,
        }
    }

    /// The span of the value without its quotes.
    pub fn content_span(&self) -> Span {
        self.span_of(0..self.value.len())
    }
}

/// A JSON value with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    pub span: Span,
    pub kind: JsonKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JsonKind {
    Null,
    Bool(bool),
    Number(String),
    String(Text),
    Array(Vec<Json>),
    Object(Vec<Member>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: Text,
    pub value: Json,
}

impl Json {
    /// The member of an object with exactly this key.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.members().iter().find(|m| m.key.value == key).map(|m| &m.value)
    }
    /// The member of an object whose key matches case-insensitively (ASCII).
    pub fn get_ci(&self, key: &str) -> Option<&Json> {
        self.members().iter().find(|m| m.key.value.eq_ignore_ascii_case(key)).map(|m| &m.value)
    }
    pub fn members(&self) -> &[Member] {
        match &self.kind {
            JsonKind::Object(m) => m,
            _ => &[],
        }
    }
    /// The items of an array; empty for anything else.
    pub fn items(&self) -> &[Json] {
        match &self.kind {
            JsonKind::Array(a) => a,
            _ => &[],
        }
    }
    pub fn is_object(&self) -> bool {
        matches!(self.kind, JsonKind::Object(_))
    }
    pub fn as_text(&self) -> Option<&Text> {
        match &self.kind {
            JsonKind::String(t) => Some(t),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        self.as_text().map(|t| t.value.as_str())
    }
    /// "an object", "a string", … for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            JsonKind::Null => "null",
            JsonKind::Bool(_) => "a boolean",
            JsonKind::Number(_) => "a number",
            JsonKind::String(_) => "a string",
            JsonKind::Array(_) => "an array",
            JsonKind::Object(_) => "an object",
        }
    }
}

/// Escapes a key for an RFC 6901 JSON Pointer segment (borrowed when there is nothing to escape, as
/// for almost every key).
pub fn pointer_segment(key: &str) -> std::borrow::Cow<'_, str> {
    // Keys are short: a word-at-a-time search (no SIMD dispatch to set up) beats a byte loop and
    // `memchr2` alike.
    let special = memchr::arch::all::memchr::Two::new(b'~', b'/');
    let Some(first) = special.find(key.as_bytes()) else { return key.into() };
    // One pass from the first `~` or `/` (both ASCII: the cuts fall between characters).
    let mut out = String::with_capacity(key.len() + 4);
    out.push_str(&key[..first]);
    for c in key[first..].chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out.into()
}

/// Which kind of action the raw inputs came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// The built-in HTTP action: the Authorization header is what the flow built.
    HttpAction,
    /// A connector action: the connection adds the credentials.
    Connector,
}

/// A request header as the input gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub name: Text,
    pub value: Json,
    /// JSON Pointer of the value.
    pub pointer: String,
}

/// A query parameter, from `queries` or from the URI's own query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub name: String,
    pub value: String,
    pub span: Span,
    pub pointer: String,
    /// True when it came from the URI's query string rather than `queries`.
    pub in_uri: bool,
}

/// The HTTP action's `authentication` object.
#[derive(Debug, Clone, PartialEq)]
pub struct Authentication {
    pub node: Json,
    pub pointer: String,
}

impl Authentication {
    /// The `type` (`Basic`, `ActiveDirectoryOAuth`, `Raw`, `ManagedServiceIdentity`, `ClientCertificate`).
    pub fn kind(&self) -> Option<&str> {
        self.node.get_ci("type").and_then(Json::as_str)
    }
}

/// A request as the flow sent it.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub kind: RequestKind,
    /// JSON Pointer of the object the request was read from ("" at the top level).
    pub pointer: String,
    pub span: Span,
    pub method: Option<Text>,
    pub uri: Option<Text>,
    pub headers: Vec<Header>,
    pub queries: Vec<Query>,
    pub body: Option<Json>,
    pub authentication: Option<Authentication>,
    /// For a connector action, the connector (API) name: `shared_sharepointonline`, `office365`, …
    pub connector: Option<String>,
}

impl HttpRequest {
    /// Headers whose name matches case-insensitively.
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Header> + 'a {
        self.headers.iter().filter(move |h| h.name.value.eq_ignore_ascii_case(name))
    }
}

/// An action's raw outputs: the response the server gave.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    pub pointer: String,
    pub span: Span,
    pub status: Option<u16>,
    pub headers: Vec<Header>,
    pub body: Option<Json>,
}

/// A request from another tool (a Postman collection, a cURL command), resolved to what it sends:
/// variables substituted, auth helpers turned into headers or query parameters, disabled parts gone.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlainRequest {
    /// How to name it: the Postman path `Folder/Sub/Name`, or `curl`.
    pub name: String,
    pub method: String,
    /// The URL as sent, query included.
    pub url: String,
    /// Headers in order, as sent.
    pub headers: Vec<(String, String)>,
    pub body: PlainBody,
    /// What could not be reproduced or was ignored, in words (unknown cURL flags, auth helpers that
    /// need a network round trip, unresolved variables…).
    pub notes: Vec<String>,
}

/// A request body, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PlainBody {
    #[default]
    None,
    /// Text as sent, with the Content-Type it goes with when known.
    Raw {
        text: String,
        content_type: Option<String>,
    },
    /// `application/x-www-form-urlencoded` fields, decoded.
    Form(Vec<(String, String)>),
    /// `multipart/form-data` fields (a file field's value is `@path`).
    Multipart(Vec<(String, String)>),
    /// A file sent as the body.
    File(String),
    GraphQl {
        query: String,
        variables: Option<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::pointer_segment;

    #[test]
    fn pointer_segments_escape_tilde_then_slash() {
        for (key, want) in [
            ("", ""),
            ("runAfter", "runAfter"),
            ("~", "~0"),
            ("/", "~1"),
            ("a~b/c", "a~0b~1c"),
            ("~1", "~01"),
            ("//", "~1~1"),
            ("é/ü~名", "é~1ü~0名"),
        ] {
            assert_eq!(pointer_segment(key), want, "{key:?}");
            assert_eq!(pointer_segment(key), key.replace('~', "~0").replace('/', "~1"), "{key:?}");
        }
        assert!(matches!(pointer_segment("plain"), std::borrow::Cow::Borrowed(_)));
    }
}
