//! The one adapter over the JSON parsers: every other module sees only [`Json`], with the byte span of
//! every value and, for strings, the map from decoded bytes to source bytes through escapes.
//!
//! Two readers, one model. Valid JSON is read by [`fast`]: `jiter`'s strict lexer stepped value by value,
//! building [`Json`] directly, strings taken from the source by their byte range (decoded only when they
//! hold an escape) — no tree converted a second time. Anything it refuses (a syntax error, a lone
//! surrogate, nesting past [`FAST_DEPTH`]) is read again by the reference reader, `jsonc-parser` in
//! strict mode, whose error (with its place and help) is the one reported: errors stay as they were, and
//! the two readers are tested to give the same model on every fixture and corpus file.

use jsonc_parser::ast::{self, ObjectPropName};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};

use crate::error::Error;
use crate::model::{Json, JsonKind, Member, Text};
use crate::source::{SourceFile, Span};

fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Parses a whole source as strict JSON (RFC 8259). Errors name the file, line and column.
pub fn parse(src: &SourceFile) -> Result<Json, Error> {
    match fast(&src.text) {
        Some(json) => Ok(json),
        None => reference(src),
    }
}

/// Nesting the fast reader follows; deeper documents go to the reference reader.
pub const FAST_DEPTH: usize = 256;

/// The fast reader: `None` for anything that is not plain valid JSON within [`FAST_DEPTH`].
pub fn fast(text: &str) -> Option<Json> {
    let mut j = jiter::Jiter::new(text.as_bytes());
    let peek = j.peek().ok()?;
    let mut scratch = Scratch::default();
    let v = fast_value(&mut j, text, peek, 0, &mut scratch)?;
    j.finish().ok()?;
    Some(v)
}

/// The children of the arrays and objects being read, one stack each for the whole document: a
/// container's children are pushed as they are read and moved into a vector of exactly their number
/// at its end — one allocation per container, none spent growing.
#[derive(Default)]
struct Scratch {
    items: Vec<Json>,
    members: Vec<Member>,
}

fn fast_value(j: &mut jiter::Jiter, text: &str, peek: jiter::Peek, depth: usize, sc: &mut Scratch) -> Option<Json> {
    use jiter::Peek;
    let start = j.current_index();
    let kind = match peek {
        Peek::Null => {
            j.known_null().ok()?;
            JsonKind::Null
        }
        Peek::True | Peek::False => JsonKind::Bool(j.known_bool(peek).ok()?),
        Peek::String => {
            let raw = j.known_bytes().ok()?;
            JsonKind::String(fast_text(text, offset_in(text, raw), raw.len())?)
        }
        Peek::Array => {
            if depth >= FAST_DEPTH {
                return None;
            }
            let base = sc.items.len();
            let mut next = j.known_array().ok()?;
            while let Some(p) = next {
                let v = fast_value(j, text, p, depth + 1, sc)?;
                sc.items.push(v);
                next = j.array_step().ok()?;
            }
            JsonKind::Array(sc.items.split_off(base))
        }
        Peek::Object => {
            if depth >= FAST_DEPTH {
                return None;
            }
            let base = sc.members.len();
            let mut key = j.next_object_bytes().ok()?.map(|raw| (offset_in(text, raw), raw.len()));
            while let Some((at, len)) = key {
                let key_text = fast_text(text, at, len)?;
                let p = j.peek().ok()?;
                let value = fast_value(j, text, p, depth + 1, sc)?;
                sc.members.push(Member { key: key_text, value });
                key = j.next_key_bytes().ok()?.map(|raw| (offset_in(text, raw), raw.len()));
            }
            JsonKind::Object(sc.members.split_off(base))
        }
        _ => {
            let raw = j.known_number_bytes(peek).ok()?;
            JsonKind::Number(std::str::from_utf8(raw).ok()?.to_string())
        }
    };
    Some(Json { span: Span::new(start, j.current_index()), kind })
}

/// The byte offset of a slice of `text` in it.
fn offset_in(text: &str, part: &[u8]) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

/// A string whose body (between the quotes) is `len` bytes at `at`.
fn fast_text(text: &str, at: usize, len: usize) -> Option<Text> {
    let raw = text.get(at..at + len)?;
    let span = Span::new(at - 1, at + len + 1);
    // jiter has refused raw control characters (the reference reader then reports them) and invalid
    // escapes; what is left to decide is whether there are escapes at all: one byte search.
    debug_assert!(!raw.bytes().any(|b| b < 0x20), "jiter passed a control character");
    if memchr::memchr(b'\\', raw.as_bytes()).is_none() {
        return Some(Text::plain(raw, span, at));
    }
    let value: String = serde_json::from_str(text.get(span.start..span.end)?).ok()?;
    Some(Text::escaped(value, span, escape_offsets(raw, at)))
}

/// The reference reader (`jsonc-parser`, strict): the errors, and the model the fast reader must match.
pub fn reference(src: &SourceFile) -> Result<Json, Error> {
    let parsed = jsonc_parser::parse_to_ast(&src.text, &CollectOptions::default(), &strict()).map_err(|e| {
        let r = e.range();
        Error::at(src, Span::new(r.start, r.end.max(r.start)), format!("invalid JSON: {}", e.kind()))
            .with_help(syntax_help(&src.text, r.start))
    })?;
    let Some(value) = parsed.value else {
        return Err(Error::input(&src.name, "the input is empty: expected JSON")
            .with_help("paste the action's raw inputs (\"Show raw inputs\" in the run history)"));
    };
    convert(src, &value)
}

fn syntax_help(text: &str, at: usize) -> String {
    let rest = text.get(at..).unwrap_or("");
    let head = text.trim_start();
    let fragment =
        head.starts_with('"') && head[1..].find('"').is_some_and(|q| head[q + 2..].trim_start().starts_with(':'));
    if fragment {
        "this is a fragment (`\"Name\": { … }`): paste only the object after the colon, or wrap the whole in { }".into()
    } else if !head.starts_with(['{', '[']) {
        "the text before the first { is not JSON: paste only the JSON object".into()
    } else if rest.starts_with('\'') {
        "JSON strings take double quotes".into()
    } else if rest.starts_with("//") || rest.starts_with("/*") {
        "JSON has no comments: remove them".into()
    } else {
        "paste the raw inputs exactly as the run history shows them (\"Show raw inputs\")".into()
    }
}

fn convert(src: &SourceFile, value: &ast::Value) -> Result<Json, Error> {
    let r = value.range();
    let span = Span::new(r.start, r.end);
    let kind = match value {
        ast::Value::NullKeyword(_) => JsonKind::Null,
        ast::Value::BooleanLit(b) => JsonKind::Bool(b.value),
        ast::Value::NumberLit(n) => JsonKind::Number(n.value.to_string()),
        ast::Value::StringLit(s) => JsonKind::String(text(src, s)?),
        ast::Value::Array(a) => JsonKind::Array(a.elements.iter().map(|e| convert(src, e)).collect::<Result<_, _>>()?),
        ast::Value::Object(o) => {
            let mut members = Vec::with_capacity(o.properties.len());
            for p in &o.properties {
                let key = match &p.name {
                    ObjectPropName::String(s) => text(src, s)?,
                    ObjectPropName::Word(w) => {
                        let r = w.range;
                        return Err(Error::at(
                            src,
                            Span::new(r.start, r.end),
                            "invalid JSON: a property name must be in double quotes",
                        ));
                    }
                };
                members.push(Member { key, value: convert(src, &p.value)? });
            }
            JsonKind::Object(members)
        }
    };
    Ok(Json { span, kind })
}

/// Builds a [`Text`] from a string literal, refusing raw control characters as strict JSON does.
fn text(src: &SourceFile, s: &ast::StringLit) -> Result<Text, Error> {
    let span = Span::new(s.range.start, s.range.end);
    let raw = &src.text[span.start + 1..span.end - 1];
    if let Some(i) = raw.bytes().position(|b| b < 0x20) {
        let at = span.start + 1 + i;
        return Err(Error::at(
            src,
            Span::new(at, at + 1),
            "invalid JSON: a line break or control character inside a string must be escaped",
        )
        .with_help("write it as \\n, \\r or \\t, or remove it"));
    }
    let value = s.value.to_string();
    if !raw.contains('\\') {
        return Ok(Text::plain(value, span, span.start + 1));
    }
    Ok(Text::escaped(value, span, escape_offsets(raw, span.start + 1)))
}

/// For a raw JSON string body (between the quotes) starting at `base`, the source offset of every
/// decoded byte, plus the end. Each decoded byte of one escape maps to the escape's start; the end of
/// an escape is the start of what follows.
fn escape_offsets(raw: &str, base: usize) -> Vec<usize> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(raw.len() + 1);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            let ch_len = raw[i..].chars().next().map_or(1, char::len_utf8);
            for k in 0..ch_len {
                out.push(base + i + k);
            }
            i += ch_len;
            continue;
        }
        let (decoded_len, escape_len) = match bytes.get(i + 1) {
            Some(b'u') => unicode_escape(raw, i),
            _ => (1, 2),
        };
        out.extend(std::iter::repeat_n(base + i, decoded_len));
        i += escape_len;
    }
    out.push(base + raw.len());
    out
}

/// A `\uXXXX` escape (or a surrogate pair of two): (decoded UTF-8 length, source length).
fn unicode_escape(raw: &str, i: usize) -> (usize, usize) {
    let hex = |at: usize| raw.get(at..at + 4).and_then(|h| u32::from_str_radix(h, 16).ok());
    let Some(first) = hex(i + 2) else {
        return (1, 2);
    };
    if (0xD800..0xDC00).contains(&first)
        && raw.get(i + 6..i + 8) == Some("\\u")
        && let Some(second) = hex(i + 8).filter(|s| (0xDC00..0xE000).contains(s))
    {
        let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        return (char::from_u32(c).map_or(3, char::len_utf8), 12);
    }
    (char::from_u32(first).map_or(3, char::len_utf8), 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<Json, Error> {
        parse(&SourceFile::from_text("t.json", s))
    }

    #[test]
    fn spans_map_through_escapes() {
        let src = r#"{"a": "x\"B\u00e9\ud83d\ude00\\y"}"#;
        let json = parse_str(src).unwrap();
        let t = json.get("a").unwrap().as_text().unwrap();
        assert_eq!(t.value, "x\"Bé😀\\y");
        let b = t.value.find('B').unwrap();
        let sp = t.span_of(b..b + 1);
        assert_eq!(&src[sp.range()], "B");
        let q = t.span_of(1..2);
        assert_eq!(&src[q.range()], "\\\"");
        let e = t.value.find('é').unwrap();
        assert_eq!(&src[t.span_of(e..e + 2).range()], "\\u00e9");
        let s = t.value.find('😀').unwrap();
        assert_eq!(&src[t.span_of(s..s + 4).range()], "\\ud83d\\ude00");
        assert_eq!(&src[t.content_span().range()], r#"x\"B\u00e9\ud83d\ude00\\y"#);
    }

    #[test]
    fn plain_strings_map_directly() {
        let src = "{\"h\": \"Bearer abc\"}";
        let t = parse_str(src).unwrap().get("h").unwrap().as_text().unwrap().clone();
        assert_eq!(&src[t.span_of(7..10).range()], "abc");
    }

    #[test]
    fn strict_mode_rejects_json5_and_reports_line_and_column() {
        for bad in ["{'a': 1}", "{\"a\": 1,}", "{a: 1}", "// c\n{}", "{\"a\": 0x1}", "{\"a\": \"x\ny\"}", "{\"a\" 1}"] {
            let e = parse_str(bad).unwrap_err();
            assert!(e.to_string().starts_with("t.json:"), "{bad}: {e}");
        }
        let e = parse_str("{\n  \"a\": 1,\n  \"b\": }").unwrap_err();
        assert!(e.to_string().starts_with("t.json:3:"), "{e}");
    }

    #[test]
    fn empty_input_is_an_error() {
        assert!(parse_str("   ").unwrap_err().to_string().contains("empty"));
    }
}
