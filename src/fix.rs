//! Safe, mechanical fixes as byte edits on the source.
//!
//! A rule that has one safe fix attaches a [`Fix`] to its finding: edits of the decoded value, each
//! pointed at the source with the same span map the finding uses (through JSON escapes, and in `lint`
//! back from the evaluated value to the literal where it is written). [`usable`] keeps a fix only when
//! every edit's source bytes decode to exactly the text it expects to replace, so an edit never
//! cuts an escape in two. [`apply`] applies edits sorted and non-overlapping. Inserted text is only
//! ever fixed text the rule names (a space, a scheme, `?['access_token']`) — never a credential, and
//! never anything taken from redacted display text.

pub use crate::diagnostic::{Edit, Fix};

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

/// The decoded text of a fragment of a JSON string's source: `None` if it is not a whole fragment
/// (it starts or ends inside an escape).
fn decode_fragment(raw: &str) -> Option<String> {
    // A bare quote is the tail of an escape cut in two.
    if !raw.contains(['\\', '"']) {
        return Some(raw.to_string());
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).ok()
}

/// The text to write for `content` inside a JSON string.
pub fn written(content: &str) -> String {
    escape(content)
}

fn escape(content: &str) -> String {
    let quoted = serde_json::to_string(content).unwrap_or_default();
    quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or_default().to_string()
}

/// True when every edit of the fix is exact in `src`: its bytes decode to what it expects, and the
/// edits do not overlap.
pub fn usable(src: &SourceFile, fix: &Fix) -> bool {
    let mut spans: Vec<Span> = fix.edits.iter().map(|e| e.span).collect();
    spans.sort_by_key(|s| (s.start, s.end));
    if spans.windows(2).any(|w| w[0].end > w[1].start) || fix.edits.is_empty() {
        return false;
    }
    fix.edits.iter().all(|e| {
        e.span.start <= e.span.end
            && !inside_escape(&src.text, e.span.start)
            && src.text.get(e.span.start..e.span.end).and_then(decode_fragment).is_some_and(|t| t == e.expect)
    })
}

/// Whether byte `at` of a JSON text falls inside an escape (after its backslash, or among a `\uXXXX`'s
/// digits): an edit may not start there. (One that ends inside an escape leaves a fragment that does not
/// decode, which [`decode_fragment`] refuses.)
fn inside_escape(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    let escaped_at = |i: usize| b[..i].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1;
    if at == 0 || at > b.len() {
        return false;
    }
    if escaped_at(at) {
        return true;
    }
    // `\u` then one to four hex digits before `at`.
    (1..=4).any(|k| {
        at >= k + 2
            && b[at - k - 1] == b'u'
            && b[at - k..at].iter().all(u8::is_ascii_hexdigit)
            && escaped_at(at - k - 1)
    })
}

/// The usable fixes of the findings in `file`, in order, leaving out any that overlaps one before it.
pub fn chosen<'d>(src: &SourceFile, diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> Vec<&'d Diagnostic> {
    let mut taken: Vec<Span> = Vec::new();
    let mut out = Vec::new();
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        if !usable(src, fix) {
            continue;
        }
        // Two insertions at one place, or an edit inside another's region, would conflict.
        let clash = fix
            .edits
            .iter()
            .any(|e| taken.iter().any(|t| (e.span.start < t.end && t.start < e.span.end) || e.span.start == t.start));
        if clash {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.span));
        out.push(d);
    }
    out
}

/// `text` with the edits applied (sorted by position; the caller has checked they do not overlap).
pub fn apply(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.span.start < at || e.span.end > text.len() {
            continue;
        }
        out.push_str(&text[at..e.span.start]);
        out.push_str(&escape(&e.content));
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// An edit as the machine formats show it: positions in the original file (1-based lines, columns
/// in code points, as the finding's own) and the text written in place, as it will be in the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Placed {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub content: String,
}

/// The fix of a finding with its edits placed, when it is usable in `src` (never inside a zip: the
/// caller knows). A file that kept only positions had its fixes judged before its text went: `lint`
/// keeps only the usable ones.
pub fn placed(src: &SourceFile, fix: &Fix) -> Option<Vec<Placed>> {
    if !src.positions_only() && !usable(src, fix) {
        return None;
    }
    let mut edits: Vec<&Edit> = fix.edits.iter().collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    Some(
        edits
            .into_iter()
            .map(|e| {
                let (a, b) = (src.line_col(e.span.start), src.line_col(e.span.end));
                Placed {
                    line: a.line,
                    column: a.column,
                    end_line: b.line,
                    end_column: b.column,
                    content: escape(&e.content),
                }
            })
            .collect(),
    )
}

/// The edits of a set of findings, flattened.
pub fn edits_of<'d>(fixed: &[&'d Diagnostic]) -> Vec<&'d Edit> {
    fixed.iter().filter_map(|d| d.fix.as_ref()).flat_map(|f| f.edits.iter()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(a: usize, b: usize, content: &str, expect: &str) -> Edit {
        Edit { span: Span::new(a, b), content: content.into(), expect: expect.into() }
    }

    #[test]
    fn an_edit_that_cuts_an_escape_is_refused() {
        let src = SourceFile::from_text("t.json", r#"{"a": "\"Bearer x\""}"#);
        // The whole escape `\"` decodes to the quote: usable.
        assert!(usable(&src, &Fix::new("q", vec![edit(7, 9, "", "\"")])));
        // Half of it is not.
        assert!(!usable(&src, &Fix::new("q", vec![edit(8, 9, "", "\"")])));
        // Bytes that are not what the rule saw are not either.
        assert!(!usable(&src, &Fix::new("q", vec![edit(9, 15, "", "Basic!")])));
        // Overlapping edits are refused.
        assert!(!usable(&src, &Fix::new("q", vec![edit(9, 12, "", "Bea"), edit(10, 12, "", "ea")])));
        // Inside a \u escape: neither a start among its digits nor an end that cuts it.
        let src = SourceFile::from_text("t.json", r#"{"a": "x\u00e9y"}"#);
        assert!(usable(&src, &Fix::new("q", vec![edit(8, 14, "", "\u{e9}")])));
        assert!(!usable(&src, &Fix::new("q", vec![edit(11, 14, "", "0e9")])));
        assert!(!usable(&src, &Fix::new("q", vec![edit(8, 12, "", "\u{e9}")])));
    }

    #[test]
    fn edits_apply_sorted_and_escaped() {
        let text = "ab\u{a0}cd";
        let e1 = edit(2, 4, " ", "\u{a0}");
        let e0 = edit(0, 1, "\"", "a");
        assert_eq!(apply(text, &[&e1, &e0]), "\\\"b cd");
    }
}
