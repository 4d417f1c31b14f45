//! The functions WDL and ARM expressions share, evaluated on abstract values: known text is computed
//! for real, unknown parts keep what is known of them (`base64(concat(u, ':', p))` stays "base64 of
//! u:p"), and any other function is an unknown with its origin.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use super::{Alts, Evaluator, Known, Map, Piece, Unknown, Value, What, bound, product, source};
use crate::input::expr::Expr;
use crate::model::Text;
use crate::source::Span;

/// What `encodeUriComponent` leaves as it is (RFC 3986 unreserved characters).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A shared function, or `None` when it is not one authlint evaluates.
pub fn call<'a>(ev: &Evaluator<'a, '_>, name: &str, e: &Expr, t: &Text) -> Option<Alts<'a>> {
    let span = t.span_of(e.range.clone());
    let args: Vec<Alts<'a>> = e.args().iter().map(|a| ev.expr(a, t)).collect();
    let unknown = || vec![Value::Unknown(Unknown::new(What::Text { what: source(e, t) }, span))];
    let out = match name {
        "concat" => ev.concat(args, span),
        "if" if args.len() == 3 => {
            let (t_, f_) = (args[1].clone(), args[2].clone());
            match args[0].as_slice() {
                [Value::Bool(true)] => t_,
                [Value::Bool(false)] => f_,
                _ => bound(t_.into_iter().chain(f_).collect(), span),
            }
        }
        "coalesce" => coalesce(args, span),
        "string" if args.len() == 1 => args[0].iter().map(|v| Value::Str(v.pieces(span))).collect(),
        "tolower" | "toupper" if args.len() == 1 => {
            let upper = name == "toupper";
            map_strings(&args[0], span, |p| case(p, upper))
        }
        "trim" if args.len() == 1 => map_values(&args[0], span, trim),
        "replace" if args.len() == 3 => replace(&args, span),
        "base64" if args.len() == 1 => map_values(&args[0], span, |p| base64(p, span)),
        "base64tostring" | "decodebase64" if args.len() == 1 => map_values(&args[0], span, |p| unbase64(p, span)),
        "encodeuricomponent" | "uricomponent" if args.len() == 1 => map_strings(&args[0], span, |p| encode(p, span)),
        "decodeuricomponent" | "uricomponenttostring" if args.len() == 1 => {
            map_strings(&args[0], span, |p| decode(p, span))
        }
        "json" if args.len() == 1 => args[0].iter().map(|v| json(v, span, || source(e, t))).collect(),
        "first" | "last" if args.len() == 1 => {
            args[0].iter().map(|v| first_last(ev, v, name == "first", span, || source(e, t))).collect()
        }
        "format" if !args.is_empty() => format(&args, span).unwrap_or_else(unknown),
        _ => return None,
    };
    Some(bound(out, span))
}

/// `coalesce(a, b, …)`: the first argument that is not null — every argument up to the first that is
/// surely not null is a possible value.
fn coalesce<'a>(args: Vec<Alts<'a>>, span: Span) -> Alts<'a> {
    let mut out = Vec::new();
    for a in args {
        let sure = a.iter().all(|v| !matches!(v, Value::Null | Value::Unknown(_)));
        out.extend(a.into_iter().filter(|v| !matches!(v, Value::Null)));
        if sure {
            break;
        }
    }
    bound(out, span)
}

/// Applies `f` to the pieces of each alternative, as a string.
fn map_strings<'a>(alts: &Alts<'a>, span: Span, f: impl Fn(Piece) -> Piece) -> Alts<'a> {
    alts.iter().map(|v| Value::Str(v.pieces(span).into_iter().map(&f).collect())).collect()
}

/// Applies `f` to the pieces of each alternative, giving a value.
fn map_values<'a>(alts: &Alts<'a>, span: Span, f: impl Fn(Vec<Piece>) -> Value<'a>) -> Alts<'a> {
    alts.iter().map(|v| f(v.pieces(span))).collect()
}

/// A known piece with its text changed; the places are kept when the length is.
fn retext(k: Known, text: String) -> Known {
    let map = if text.len() == k.text.len() { k.map.clone() } else { Map::At(k.span_of(0..k.text.len())) };
    Known { text, map, ..k }
}

fn case(p: Piece, upper: bool) -> Piece {
    match p {
        Piece::Known(k) => {
            let text = if upper { k.text.to_uppercase() } else { k.text.to_lowercase() };
            Piece::Known(retext(k, text))
        }
        u => u,
    }
}

fn trim<'a>(mut pieces: Vec<Piece>) -> Value<'a> {
    while let Some(Piece::Known(k)) = pieces.first() {
        let t = k.text.trim_start();
        if t.is_empty() {
            pieces.remove(0);
            continue;
        }
        let cut = k.text.len() - t.len();
        pieces[0] = Piece::Known(k.slice(cut..k.text.len()));
        break;
    }
    while let Some(Piece::Known(k)) = pieces.last() {
        let t = k.text.trim_end();
        if t.is_empty() {
            pieces.pop();
            continue;
        }
        let n = pieces.len() - 1;
        pieces[n] = Piece::Known(k.slice(0..t.len()));
        break;
    }
    Value::Str(pieces)
}

/// `replace(text, old, new)`: in the known pieces; an unknown piece may hold `old` too, and stays unknown.
fn replace<'a>(args: &[Alts<'a>], span: Span) -> Alts<'a> {
    let Some(combos) = product(args) else { return vec![Value::Unknown(Unknown::new(What::Complex, span))] };
    combos
        .into_iter()
        .map(|c| {
            let Some(old) = c[1].text() else {
                return Value::Unknown(Unknown::new(What::Text { what: "replace() of an unknown text".into() }, span));
            };
            let new = c[2].pieces(span);
            let mut out = Vec::new();
            for p in c[0].pieces(span) {
                let Piece::Known(k) = p else {
                    out.push(p);
                    continue;
                };
                if old.is_empty() {
                    out.push(Piece::Known(k));
                    continue;
                }
                let mut at = 0;
                while let Some(i) = k.text[at..].find(&old) {
                    if i > 0 {
                        out.push(Piece::Known(k.slice(at..at + i)));
                    }
                    out.extend(new.iter().cloned());
                    at += i + old.len();
                }
                if at < k.text.len() {
                    out.push(Piece::Known(k.slice(at..k.text.len())));
                }
            }
            Value::Str(out)
        })
        .collect()
}

/// The text when every piece is known.
fn all_known(pieces: &[Piece]) -> Option<String> {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Known(k) => Some(k.text.as_str()),
            Piece::Unknown(_) => None,
        })
        .collect()
}

fn base64<'a>(pieces: Vec<Piece>, span: Span) -> Value<'a> {
    match all_known(&pieces) {
        Some(text) => Value::known(Known::at(STANDARD.encode(text), span, true)),
        None => Value::Unknown(Unknown::new(What::Base64 { of: pieces }, span)),
    }
}

fn unbase64<'a>(pieces: Vec<Piece>, span: Span) -> Value<'a> {
    if let [Piece::Unknown(Unknown { what: What::Base64 { of }, .. })] = pieces.as_slice() {
        return Value::Str(of.clone());
    }
    match all_known(&pieces).and_then(|t| STANDARD.decode(t.trim()).ok()).and_then(|b| String::from_utf8(b).ok()) {
        Some(text) => Value::known(Known::at(text, span, true)),
        None => Value::Unknown(Unknown::new(What::Text { what: "text decoded from base64".into() }, span)),
    }
}

fn encode(p: Piece, span: Span) -> Piece {
    match p {
        Piece::Known(k) => {
            let text = utf8_percent_encode(&k.text, COMPONENT).to_string();
            let k = if text.len() == k.text.len() { k } else { Known { map: Map::At(span), ..retext(k, text) } };
            Piece::Known(k)
        }
        u => u,
    }
}

fn decode(p: Piece, span: Span) -> Piece {
    match p {
        Piece::Known(k) => {
            let text = percent_decode_str(&k.text).decode_utf8_lossy().into_owned();
            let k = if text.len() == k.text.len() { k } else { Known { map: Map::At(span), ..retext(k, text) } };
            Piece::Known(k)
        }
        u => u,
    }
}

/// `json(text)`: known text parsed; an unknown text gives an object (or array) known by its origin.
fn json<'a>(v: &Value<'a>, span: Span, what: impl Fn() -> String) -> Value<'a> {
    if let Value::Json(_) = v {
        return v.clone();
    }
    match v.text().map(|t| serde_json::from_str::<serde_json::Value>(&t)) {
        Some(Ok(serde_json::Value::String(s))) => Value::known(Known::at(s, span, true)),
        Some(Ok(serde_json::Value::Bool(b))) => Value::Bool(b),
        Some(Ok(serde_json::Value::Null)) => Value::Null,
        Some(Ok(serde_json::Value::Number(n))) => Value::Number(n.to_string(), span),
        _ => Value::Unknown(Unknown::new(What::Object { what: what(), token_response: None }, span)),
    }
}

fn first_last<'a>(
    ev: &Evaluator<'a, '_>,
    v: &Value<'a>,
    first: bool,
    span: Span,
    what: impl Fn() -> String,
) -> Value<'a> {
    match v {
        Value::Json(j) => {
            let items = j.items();
            let item = if first { items.first() } else { items.last() };
            item.map_or(Value::Null, |i| ev.json(i).into_iter().next().unwrap_or(Value::Null))
        }
        Value::Str(pieces) if all_known(pieces).is_some() => {
            let text = all_known(pieces).unwrap_or_default();
            let c = if first { text.chars().next() } else { text.chars().last() };
            match c {
                None => Value::known(Known::at(String::new(), span, true)),
                Some(c) => Value::known(Known::at(c.to_string(), span, true)),
            }
        }
        _ => Value::Unknown(Unknown::new(What::Text { what: what() }, span)),
    }
}

/// ARM's `format('{0}-{1}', a, b)` with a known format text.
fn format<'a>(args: &[Alts<'a>], span: Span) -> Option<Alts<'a>> {
    let combos = product(args)?;
    let mut out = Vec::new();
    for c in combos {
        let fmt = c[0].text()?;
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let mut chars = fmt.chars().peekable();
        while let Some(ch) = chars.next() {
            match ch {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let spec: String = chars.by_ref().take_while(|c| *c != '}').collect();
                    let n: usize = spec.split([',', ':']).next()?.trim().parse().ok()?;
                    if !lit.is_empty() {
                        pieces.push(Piece::Known(Known::at(std::mem::take(&mut lit), span, true)));
                    }
                    pieces.extend(c.get(n + 1)?.pieces(span));
                }
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            pieces.push(Piece::Known(Known::at(lit, span, true)));
        }
        out.push(Value::Str(pieces));
    }
    Some(out)
}
