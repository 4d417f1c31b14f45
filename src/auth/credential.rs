//! The credential after the scheme: a repeated scheme, quotes, JSON, emptiness, whitespace, the
//! characters of a Bearer token, and invisible characters anywhere in the value.

use std::ops::Range;

use super::parser::Parser;
use super::scan::json_value;
use super::{Problem, WsPlace, basic, scan};

/// Schemes whose credential is `auth-param` list rather than one `token68` (RFC 9110 §11.4).
const PARAM_SCHEMES: &[&str] = &["Digest", "OAuth", "Hawk", "AWS4-HMAC-SHA256", "HMAC-SHA256", "PoP"];

impl Parser<'_> {
    /// Checks what follows the scheme: a repeated scheme, quotes, JSON, emptiness, whitespace, characters.
    pub(super) fn credential(
        &mut self,
        mut r: Range<usize>,
        canon: &str,
        written: &str,
        touches: &dyn Fn(&Range<usize>) -> bool,
    ) -> Option<Range<usize>> {
        // `Bearer Bearer x`
        loop {
            let s = &self.v[r.clone()];
            let w_end = s.find(char::is_whitespace).unwrap_or(s.len());
            let w = &s[..w_end];
            if w_end < s.len()
                && (w.eq_ignore_ascii_case(written) || (!canon.is_empty() && w.eq_ignore_ascii_case(canon)))
            {
                let after = s[w_end..].len() - s[w_end..].trim_start_matches(char::is_whitespace).len();
                self.push(Problem::SchemeRepeated { range: r.start..r.start + w_end });
                r = r.start + w_end + after..r.end;
            } else {
                break;
            }
        }
        // In a parameter list (`Digest realm="x"`) quotes are syntax, not wrapping.
        let params = PARAM_SCHEMES.iter().any(|p| p.eq_ignore_ascii_case(canon));
        let r = if params { r } else { self.unquote(r, false) };
        if r.is_empty() {
            self.push(Problem::Empty {
                // The character before the empty credential (a quote or the separator).
                range: self.v[..r.start].char_indices().next_back().map_or(r.start, |(i, _)| i)..r.start,
                scheme: written.to_string(),
            });
            return Some(r);
        }
        let s = &self.v[r.clone()];
        if let Some(access_token) = json_value(s) {
            self.push(Problem::JsonValue { range: r.clone(), whole: false, access_token });
            return Some(r);
        }
        if touches(&r) {
            return Some(r);
        }
        // Whitespace inside the credential, one problem per run. Schemes whose credential is a list of
        // parameters (`Digest username="a", realm="b"`) may hold spaces, never line breaks.
        let mut i = 0;
        while let Some(off) = s[i..].find(char::is_whitespace) {
            let start = i + off;
            let len = s[start..].len() - s[start..].trim_start_matches(char::is_whitespace).len();
            i = start + len;
            let place = if s[start..start + len].contains(['\r', '\n']) {
                WsPlace::LineBreak
            } else if params {
                continue;
            } else {
                WsPlace::Inside
            };
            self.push(Problem::Whitespace { range: r.start + start..r.start + start + len, place });
        }
        match canon {
            "Bearer" => self.bearer_charset(r.clone()),
            "Basic" => basic::check(self.v, r.clone(), &mut self.problems),
            _ => {}
        }
        Some(r)
    }

    fn bearer_charset(&mut self, r: Range<usize>) {
        let s = &self.v[r.clone()];
        let pad_start = s.trim_end_matches('=').len();
        let mut last_end = None;
        for (i, c) in s.char_indices() {
            let ok = scan::is_b64token_char(c)
                || (c == '=' && i >= pad_start)
                // Padding at the end of a JWT segment: jwt-malformed notes it.
                || (c == '=' && s[i..].trim_start_matches('=').starts_with('.'))
                || c.is_whitespace()
                || !c.is_ascii()
                || c.is_ascii_control();
            if ok {
                continue;
            }
            let at = r.start + i;
            // Merge runs of the same bad character into one problem.
            if let (Some(end), Some(Problem::BearerCharset { range, ch })) = (last_end, self.problems.last_mut())
                && end == at
                && *ch == c
            {
                range.end = at + c.len_utf8();
                last_end = Some(range.end);
                continue;
            }
            self.push(Problem::BearerCharset { range: at..at + c.len_utf8(), ch: c });
            last_end = Some(at + c.len_utf8());
        }
    }

    /// Non-ASCII and control characters not already explained by another problem.
    pub(super) fn invisible(&mut self) {
        let covered: Vec<Range<usize>> = self
            .problems
            .iter()
            .filter(|p| {
                matches!(
                    p,
                    Problem::Whitespace { .. }
                        | Problem::Separator { .. }
                        | Problem::Quoted { .. }
                        | Problem::Encoded { .. }
                )
            })
            .flat_map(|p| match p {
                Problem::Quoted { range, close, .. } => {
                    vec![range.clone(), close.clone().unwrap_or(0..0)]
                }
                p => vec![p.range()],
            })
            .collect();
        let mut found: Vec<Problem> = Vec::new();
        for (i, c) in self.v.char_indices() {
            let bad = !c.is_ascii() || (c.is_ascii_control() && !matches!(c, '\t' | '\r' | '\n'));
            if !bad || covered.iter().any(|r| r.start <= i && i < r.end) {
                continue;
            }
            if let Some(Problem::InvisibleChar { range, ch }) = found.last_mut()
                && range.end == i
                && *ch == c
            {
                range.end = i + c.len_utf8();
                continue;
            }
            found.push(Problem::InvisibleChar { range: i..i + c.len_utf8(), ch: c });
        }
        self.problems.extend(found);
    }
}
