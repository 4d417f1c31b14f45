//! `authlint diff` in text: what was compared with what, a side-by-side table of the differences
//! (flow | reference), each with its severity and what it does to the call.

use std::fmt::Write;

use crate::diagnostic::Outcome;

fn fit(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n <= w { format!("{s:w$}") } else { format!("{}…", s.chars().take(w - 1).collect::<String>()) }
}

/// The differences block (empty when `diff` did not run).
pub fn render(o: &Outcome, width: usize, color: bool) -> String {
    let Some(compared) = &o.compared else { return String::new() };
    let (b, r) = if color { ("\x1b[1m", "\x1b[0m") } else { ("", "") };
    let flow = o.files.first().map_or("the flow", |f| f.name.as_str());
    let who = if compared.starts_with("Postman") { "Postman" } else { "cURL" };
    let mut out = String::new();
    let _ = writeln!(out, "{b}diff{r}  {flow}\n  ↔   {compared}\n");
    if o.differences.is_empty() {
        let _ = writeln!(out, "  no differences that matter\n");
        return out;
    }
    let col = ((width.max(80) - 34) / 2).max(20);
    let head = format!("  {:8} {:24} {} {}", "severity", "what", fit("flow", col), who);
    let _ = writeln!(out, "{}", head.trim_end());
    for d in &o.differences {
        let kind = serde_json::to_value(d.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let what = format!("{kind} {}", d.name);
        let dash = |s: &str| if s.is_empty() { "—".to_string() } else { s.to_string() };
        let row = format!(
            "  {:8} {} {} {}",
            d.severity.as_str(),
            fit(&what, 24),
            fit(&dash(&d.flow), col),
            fit(&dash(&d.reference), col)
        );
        let _ = writeln!(out, "{}", row.trim_end());
        let _ = writeln!(out, "  {:8} └ {}", "", d.message);
    }
    out.push('\n');
    out
}
