//! `authlint check`: its arguments, and `check --fix`.

use std::io::Write;

use chrono::{DateTime, Utc};
use clap::Args;

use super::output::{OutputArgs, concise, emit, threshold};
use super::{ConfigArgs, parse_now, print_out};
use crate::check::{CheckOptions, check};
use crate::diagnostic::Outcome;
use crate::error::Error;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Raw-inputs JSON files; - reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// The raw outputs of the same action ("Show raw outputs").
    #[arg(long, value_name = "FILE")]
    pub response: Option<String>,
    /// The Authorization value (or the bare token) to check where run history shows *sanitized*; - reads
    /// standard input.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// The time to judge token expiry at (RFC 3339, e.g. 2026-11-10T12:00:00Z); default: the response's
    /// Date header, else the clock.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    pub now: Option<DateTime<Utc>>,
    /// Also say what authlint could not judge (an operation missing from the permission tables).
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Print the raw inputs with the safe fixes applied (what was fixed and what remains on standard
    /// error).
    #[arg(long)]
    pub fix: bool,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub(super) fn run_check(args: CheckArgs) -> Result<u8, Error> {
    let opts = CheckOptions {
        inputs: args.inputs,
        response: args.response,
        token: args.token,
        now: args.now,
        verbose: args.verbose,
        config: args.config.choice(),
    };
    let outcome = check(&opts)?;
    if args.fix {
        return run_check_fix(&opts, &outcome, &args.output);
    }
    emit(&outcome, &args.output)
}

/// `check --fix`: the corrected raw inputs on standard output, what was fixed and what remains on
/// standard error.
fn run_check_fix(opts: &CheckOptions, outcome: &Outcome, o: &OutputArgs) -> Result<u8, Error> {
    let fixes = crate::fix_files::corrected_inputs(opts, outcome);
    let mut out = String::new();
    for f in &fixes {
        if fixes.len() > 1 {
            out.push_str(&format!("// {}\n", f.file));
        }
        let text = f.fixed.as_deref().unwrap_or(&f.original);
        // The user's own credentials stay redacted unless asked: --show-secrets prints the bytes.
        let text = if o.show_secrets { text.to_string() } else { crate::redact::Redacted::new(text, &f.secrets).text };
        out.push_str(&text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    print_out(&out)?;
    let left = crate::fix_files::remaining(outcome, &fixes);
    let mut err = crate::fix_files::summary(&fixes, false).replace("would fix ", "fixed ");
    err.push_str(&concise(&left, o));
    let _ = std::io::stderr().write_all(err.as_bytes());
    if !left.errors.is_empty() || !outcome.errors.is_empty() {
        return Ok(2);
    }
    let failed = left.max_severity().is_some_and(|s| s >= threshold(outcome, o));
    Ok(u8::from(failed && !o.exit_zero))
}
