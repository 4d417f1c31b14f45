//! `docs/rules.md`, generated from the registry and the rules' doc comments.

use std::fmt::Write;

use super::RULES;

/// The whole of `docs/rules.md`.
pub fn markdown() -> String {
    let mut s = String::from(
        "# authlint rules\n\n<!-- Generated from the rules' doc comments (src/rules/); do not edit.\n     \
         Regenerate with: AUTHLINT_BLESS=1 cargo test --test docs -->\n\n\
         In `lint`, a header, URI or authentication value is judged as the engine will build it. \
         Workflow Definition Language expressions (`@…`, `@{…}`) are evaluated symbolically: known \
         functions (`concat`, `replace`, `trim`, `toLower`/`toUpper`, `coalesce`, `if` — both branches —, \
         `string`, `base64`/`base64ToString`, `encodeUriComponent`, `json`, `first`/`last`, property \
         reads) through variables (every Initialize, Set and Append, in any scope), Compose actions and \
         parameters; what only the run knows (a fetched token, a trigger's body) stays unknown. In an \
         ARM template, `[…]` expressions are evaluated against the template's parameters (a parameters \
         file beside it, or the defaults) and variables; `reference()`, `listKeys()`, `resourceId()` and \
         the like are known only at deployment. Each rule then runs on every alternative of the value \
         and reports only what the known text decides, at the literal that causes it, saying how the \
         value travelled to where it is sent.\n\n\
         | rule | severity | finds |\n|---|---|---|\n",
    );
    for r in RULES {
        let m = r.meta();
        let _ = writeln!(s, "| [`{0}`](#{0}) | {1} | {2} |", m.name, m.severity.as_str(), m.summary);
    }
    for r in RULES {
        let m = r.meta();
        let doc = m.documentation().replace("\n## ", "\n### ");
        let doc = doc.strip_prefix("## ").map_or(doc.clone(), |d| format!("### {d}"));
        let _ = write!(s, "\n## {}\n\n*{}* · {}\n\n{}\n", m.name, m.severity.as_str(), m.summary, doc);
    }
    s
}

/// The JSON examples of a rule's documentation (the fenced `json` blocks).
pub fn examples(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in doc.lines() {
        match (&mut cur, line.trim()) {
            (None, "```json") => cur = Some(String::new()),
            (Some(_), "```") => out.push(cur.take().unwrap_or_default()),
            (Some(c), _) => {
                c.push_str(line);
                c.push('\n');
            }
            _ => {}
        }
    }
    out
}
