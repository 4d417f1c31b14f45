//! Requests pasted as text rather than run history's JSON: a bare header line
//! (`Authorization: Bearer …`), a few header lines, or a raw HTTP request (`GET /v1.0/me HTTP/1.1`,
//! then header lines, a blank line and the body), as browsers' developer tools, Fiddler or an API's
//! documentation show them (RFC 9112 §2–§3: request line, field lines, CRLF or LF line ends).
//!
//! The text becomes the JSON object raw inputs would be — `method`, `uri`, `headers`, `body` — with
//! every string's span in the pasted text, so findings point at the user's own characters; then
//! [`raw::request`](super::raw::request) reads it as any raw inputs.

use crate::error::Error;
use crate::model::{HttpRequest, Json, JsonKind, Member, Text};
use crate::source::{SourceFile, Span};

const METHODS: [&str; 9] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"];

/// A line of the text with its byte offset, without its line end.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for l in text.split_inclusive('\n') {
        let body = l.strip_suffix('\n').unwrap_or(l);
        let body = body.strip_suffix('\r').unwrap_or(body);
        out.push((at, body));
        at += l.len();
    }
    out
}

fn text(start: usize, s: &str) -> Text {
    Text::plain(s.to_string(), Span::new(start, start + s.len()), start)
}

fn string(t: Text) -> Json {
    Json { span: t.span, kind: JsonKind::String(t) }
}

fn member(key: &str, span: Span, value: Json) -> Member {
    Member { key: Text::synthetic(key.to_string(), span), value }
}

/// A field line `Name: value`: the name (as written, up to the colon) and the value without the
/// whitespace around it, each with its offset.
/// A piece of the text: its byte offset and itself.
type At<'a> = (usize, &'a str);

fn field(at: usize, line: &str) -> Option<(At<'_>, At<'_>)> {
    let colon = line.find(':')?;
    let name = &line[..colon];
    // A name starts the line and holds no whitespace but at its end (`Authorization :` is a near miss
    // the rules name); a URL (`https://…`) is no field.
    if name.is_empty()
        || name.starts_with([' ', '\t'])
        || name.trim_end().contains([' ', '\t'])
        || line[colon..].starts_with("://")
    {
        return None;
    }
    let rest = &line[colon + 1..];
    let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let value = rest[lead..].trim_end_matches([' ', '\t']);
    Some(((at, name), (at + colon + 1 + lead, value)))
}

/// Reads pasted request text; `None` when it is neither header lines nor a raw HTTP request.
pub fn read(src: &SourceFile) -> Option<Result<HttpRequest, Error>> {
    let all = lines(&src.text);
    let mut it = all.iter().copied().skip_while(|(_, l)| l.trim().is_empty()).peekable();
    let &(first_at, first) = it.peek()?;
    let mut members: Vec<Member> = Vec::new();
    let whole = Span::new(first_at, src.text.len());
    let mut target = None;
    // The request line: METHOD SP target [SP HTTP-version].
    let words: Vec<&str> = first.split(' ').collect();
    if (2..=3).contains(&words.len())
        && METHODS.contains(&words[0])
        && (words.len() == 2 || words[2].starts_with("HTTP/"))
    {
        let m = text(first_at, words[0]);
        members.push(member("method", m.span, string(m)));
        target = Some((first_at + words[0].len() + 1, words[1]));
        it.next();
    }
    let mut headers: Vec<Member> = Vec::new();
    let mut host = None;
    let mut body_at = None;
    for (at, line) in it.by_ref() {
        if line.trim().is_empty() {
            body_at = Some(at + line.len());
            break;
        }
        let ((name_at, name), (value_at, value)) = field(at, line)?;
        if name.trim_end().eq_ignore_ascii_case("host") {
            host = Some(value.to_string());
        }
        headers.push(Member { key: text(name_at, name), value: string(text(value_at, value)) });
    }
    if headers.is_empty() && target.is_none() {
        return None;
    }
    if let Some((at, t)) = target {
        let uri = if t.starts_with("http://") || t.starts_with("https://") {
            text(at, t)
        } else {
            // origin-form: the scheme is not in the text; https is what Logic Apps and every
            // Microsoft API speak.
            let Some(h) = &host else {
                return Some(Err(Error::at(src, Span::new(at, at + t.len()), "the request line names only a path, and no Host header says where it goes")
                    .with_help("give the whole URL on the request line (GET https://graph.microsoft.com/v1.0/me HTTP/1.1), or add the Host header")));
            };
            Text::synthetic(format!("https://{h}{t}"), Span::new(at, at + t.len()))
        };
        members.push(member("uri", uri.span, string(uri)));
    }
    let hspan = Span::new(first_at, body_at.unwrap_or(src.text.len()));
    members.push(member("headers", hspan, Json { span: hspan, kind: JsonKind::Object(headers) }));
    if let Some(b) = body_at {
        // Past the blank line's own line end.
        let start = src.text[b..].find('\n').map_or(src.text.len(), |i| b + i + 1);
        let body = &src.text[start.min(src.text.len())..];
        if !body.trim().is_empty() {
            let t = text(start, body);
            members.push(member("body", t.span, string(t)));
        }
    }
    let obj = Json { span: whole, kind: JsonKind::Object(members) };
    Some(super::raw::request(src, &obj, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(s: &str) -> Option<HttpRequest> {
        read(&SourceFile::from_text("t", s)).map(|r| r.unwrap())
    }

    #[test]
    fn a_bare_header_line_is_a_request_with_that_header() {
        let src = "Authorization: Bearer abc.def.ghi\n";
        let r = req(src).unwrap();
        assert_eq!(r.headers.len(), 1);
        assert_eq!(r.headers[0].name.value, "Authorization");
        let v = r.headers[0].value.as_text().unwrap();
        assert_eq!(v.value, "Bearer abc.def.ghi");
        // The span is the value's place in the pasted text.
        assert_eq!(&src[v.span.start..v.span.end], "Bearer abc.def.ghi");
        assert!(r.uri.is_none());
    }

    #[test]
    fn a_raw_http_request_gives_method_uri_headers_and_body() {
        let src = "GET /v1.0/me HTTP/1.1\r\nHost: graph.microsoft.com\r\nAuthorization: Bearer x\r\n\r\n{\"a\":1}";
        let r = req(src).unwrap();
        assert_eq!(r.method.as_ref().unwrap().value, "GET");
        assert_eq!(r.uri.as_ref().unwrap().value, "https://graph.microsoft.com/v1.0/me");
        assert_eq!(r.headers.len(), 2);
        assert!(r.body.is_some());
        let r = req("POST https://api.example.com/x?sig=abc HTTP/1.1\nContent-Type: text/plain\n").unwrap();
        assert!(r.queries.iter().any(|q| q.name == "sig"));
    }

    #[test]
    fn other_text_is_not_a_request() {
        for s in [
            "",
            "hello world",
            "eyJhbGciOi.eyJ.sig",
            "just some: prose with a colon\nand more",
            "https://graph.microsoft.com/v1.0/me",
        ] {
            assert!(req(s).is_none(), "{s:?}");
        }
        // A path with no Host is said plainly.
        assert!(read(&SourceFile::from_text("t", "GET /v1.0/me HTTP/1.1\n")).unwrap().is_err());
    }
}
