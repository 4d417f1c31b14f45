//! `authlint rules` and `authlint explain`: the rules listed, one rule's documentation.

use clap::Args;

use crate::error::Error;
use crate::report::Format;
use crate::rules;

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub(super) fn rules_list(format: Format) -> String {
    if format == Format::Json {
        let list: Vec<_> = rules::RULES
            .iter()
            .map(|r| serde_json::json!({"name": r.meta().name, "severity": r.meta().severity, "summary": r.meta().summary}))
            .collect();
        return serde_json::to_string_pretty(&list).expect("plain data") + "\n";
    }
    let w = rules::RULES.iter().map(|r| r.meta().name.len()).max().unwrap_or(0);
    let mut s: String = rules::RULES
        .iter()
        .map(|r| format!("{:w$}  {:7}  {}\n", r.meta().name, r.meta().severity.as_str(), r.meta().summary))
        .collect();
    s.push_str("\n`authlint explain RULE` prints a rule's documentation.\n");
    s
}

pub(super) fn explain(name: &str) -> Result<String, Error> {
    match rules::find(name) {
        Some(r) => {
            let m = r.meta();
            Ok(format!("# {} ({})\n\n{}\n\n{}\n", m.name, m.severity.as_str(), m.summary, m.documentation()))
        }
        None => {
            let hint = rules::did_you_mean(name).map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
            Err(Error::Usage(format!("unknown rule `{name}`{hint} (`authlint rules` lists them)")))
        }
    }
}
