//! What the commands share on the way out: the output arguments, colour and width, rendering where
//! asked, and the exit code that follows the findings.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::print_out;
use crate::diagnostic::{Outcome, Severity};
use crate::error::Error;
use crate::report::{self, Format, Options};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text, env = "AUTHLINT_FORMAT")]
    pub format: Format,
    /// Write the report to a file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Colour: auto follows the terminal, NO_COLOR and CLICOLOR_FORCE.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// The lowest severity that makes the exit code 1 [default: the config's fail-on, else error].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Exit 0 even when there are findings (errors in the input still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Print credentials in full instead of redacted.
    #[arg(long)]
    pub show_secrets: bool,
}

/// Whether to colour, from the choice, the destination and the environment.
pub(super) fn use_color(choice: ColorChoice, to_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !anstyle_query::no_color() && (anstyle_query::clicolor_force() || to_terminal),
    }
}

pub(super) fn width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|w| *w >= 40).unwrap_or(100)
}

/// Renders an outcome where asked, and turns it into an exit code.
pub(super) fn emit(outcome: &Outcome, o: &OutputArgs) -> Result<u8, Error> {
    emit_with(outcome, o, &|opts| report::render(outcome, o.format, opts))
}

/// The findings that remain, one line each, for standard error.
pub(super) fn concise(left: &Outcome, o: &OutputArgs) -> String {
    let opts = Options { color: false, show_secrets: o.show_secrets, width: width() };
    report::render(left, Format::Concise, &opts)
}

/// The lowest severity that fails: `--fail-on`, else the config's `fail-on`, else error.
pub(super) fn threshold(outcome: &Outcome, o: &OutputArgs) -> Severity {
    match o.fail_on {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Info) => Severity::Info,
        None => outcome.fail_on.unwrap_or(Severity::Error),
    }
}

/// Renders with `render` where asked, then turns the outcome into an exit code.
pub(super) fn emit_with(outcome: &Outcome, o: &OutputArgs, render: &dyn Fn(&Options) -> String) -> Result<u8, Error> {
    let opts = options(o);
    let text = render(&opts);
    match &o.output {
        Some(path) => std::fs::write(path, text).map_err(|e| Error::write(&path.display().to_string(), e))?,
        None => print_out(&text)?,
    }
    exit_code(outcome, o, &opts)
}

/// The options the report is rendered with: colour only for text to a terminal (or when asked).
pub(super) fn options(o: &OutputArgs) -> Options {
    let to_terminal = o.output.is_none() && std::io::stdout().is_terminal();
    let color = o.format == Format::Text && use_color(o.color, to_terminal);
    Options { color, show_secrets: o.show_secrets, width: width() }
}

/// The exit code of an outcome already reported; the inputs that could not be used are told on
/// standard error.
pub(super) fn exit_code(outcome: &Outcome, o: &OutputArgs, opts: &Options) -> Result<u8, Error> {
    let threshold = threshold(outcome, o);
    // A verdict that names a cause fails whatever the threshold (SPEC.md, exit codes).
    let failed = outcome.max_severity().is_some_and(|s| s >= threshold) || outcome.has_named_verdict();
    if !outcome.errors.is_empty() {
        let opts = Options { color: use_color(o.color, std::io::stderr().is_terminal()), ..*opts };
        let mut err = std::io::stderr().lock();
        for e in &outcome.errors {
            let _ = err.write_all(report::render_error(e, &opts).as_bytes());
        }
        return Ok(2);
    }
    Ok(u8::from(failed && !o.exit_zero))
}
