//! The verdict in text: first, before the findings — status, what it means, the cause, the evidence,
//! and the fix with the place it lives.

use std::fmt::Write;

use super::capitalise;
use crate::triage::Verdict;

fn wrap(out: &mut String, label: &str, text: &str, width: usize) {
    let indent = " ".repeat(15);
    let first = format!("  {label:<12} ");
    let opts = textwrap::Options::new(width.max(40))
        .initial_indent(&first)
        .subsequent_indent(&indent)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let _ = writeln!(out, "{}", textwrap::fill(text, opts));
}

/// One verdict as text.
pub fn render(file: &str, v: &Verdict, width: usize, color: bool) -> String {
    let (b, r) = if color { ("\x1b[1m", "\x1b[0m") } else { ("", "") };
    let mut out = String::new();
    let _ = writeln!(out, "{b}verdict{r}  {file}: {b}{}{r} — {}", v.status, v.cause.name());
    wrap(&mut out, "what", &capitalise(&v.summary), width);
    wrap(&mut out, "meaning", &v.meaning, width);
    for (i, e) in v.evidence.iter().enumerate() {
        wrap(&mut out, if i == 0 { "evidence" } else { "" }, &format!("• {e}"), width);
    }
    if let Some(d) = &v.disagreement {
        wrap(&mut out, "but", &capitalise(d), width);
    }
    wrap(&mut out, "fix", &v.fix, width);
    out.push('\n');
    out
}
