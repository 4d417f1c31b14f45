//! The command line: clap definitions, and the only place that prints. This file holds the top-level
//! parser and the dispatch; each command's arguments and handling live in a file of their own, and
//! output.rs holds what they share (the output arguments, the exit code).

mod check;
mod diff;
mod explain;
mod lint;
mod man;
mod output;
mod token;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::config::ConfigChoice;
use crate::error::Error;
use crate::report::{self, Options};

pub use check::CheckArgs;
pub use diff::DiffArgs;
pub use explain::RulesArgs;
pub use lint::LintArgs;
pub use man::{ManArgs, man_page};
pub use output::{ColorChoice, FailOn, OutputArgs};
pub use token::TokenArgs;

use check::run_check;
use diff::run_diff;
use explain::{explain, rules_list};
use lint::run_lint;
use man::run_man;
use output::{use_color, width};
use token::run_token;

/// Why an HTTP request is refused with 401 or 403, and where the fix lives.
///
/// authlint reads what a Power Automate or Logic Apps run shows ("Show raw inputs"), finds every problem
/// in the Authorization header and says what to change. It works offline and never prints a credential
/// unless asked (--show-secrets).
#[derive(Debug, Parser)]
#[command(name = "authlint", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a request pasted from run history ("Show raw inputs" of the failed action).
    Check(CheckArgs),
    /// Decode a bearer token and explain it; with --url, check it against the request it is sent with.
    Token(TokenArgs),
    /// Compare the flow's request with the Postman request (or cURL command) that works.
    Diff(DiffArgs),
    /// Lint flow definitions before deployment: files, folders, solution and package zips.
    Lint(LintArgs),
    /// List the rules.
    Rules(RulesArgs),
    /// Print one rule's documentation.
    Explain {
        /// The rule's name, e.g. auth-quoted.
        rule: String,
    },
    /// Print shell completions.
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff); with --dir, write one page per command instead.
    Man(ManArgs),
    /// Serve a local web page (127.0.0.1 only) that checks requests, explains tokens and diffs — offline.
    Serve(ServeArgs),
    /// A Language Server Protocol server on standard input/output: diagnostics and quick fixes for
    /// flow definition files in an editor.
    Lsp {
        #[command(flatten)]
        config: ConfigArgs,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{e}: expected an RFC 3339 time such as 2026-11-10T12:00:00Z"))
}

/// Where the config comes from.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Use this config file instead of the nearest authlint.toml or .authlint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore config files.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
}

impl ConfigArgs {
    fn choice(&self) -> ConfigChoice {
        ConfigChoice { explicit: self.config.clone(), isolated: self.isolated }
    }
}

/// Replaces Rust's panic message (which may quote input, and so a credential) by one line that says
/// where: `internal error in authlint — please report it with this input (src/x.rs:12)`.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!(" ({}:{})", l.file(), l.line())).unwrap_or_default();
        let _ = writeln!(std::io::stderr(), "internal error in authlint — please report it with this input{at}");
    }));
}

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> u8 {
    let stderr_opts = Options {
        color: use_color(ColorChoice::Auto, std::io::stderr().is_terminal()),
        show_secrets: false,
        width: width(),
    };
    let result = match cli.command {
        Command::Check(args) => run_check(args),
        Command::Token(args) => run_token(args),
        Command::Diff(args) => run_diff(args),
        Command::Lint(args) => run_lint(args),
        Command::Rules(args) => print_out(&rules_list(args.format)).map(|()| 0),
        Command::Explain { rule } => explain(&rule).and_then(|s| print_out(&s)).map(|()| 0),
        Command::Serve(args) => crate::serve::run(args.port, args.open).map(|()| 0),
        Command::Lsp { config } => crate::lsp::run(&config.choice()).map(|()| 0),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "authlint", &mut out);
            print_out(&String::from_utf8_lossy(&out)).map(|()| 0)
        }
        Command::Man(args) => run_man(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = std::io::stderr().write_all(report::render_error(&e, &stderr_opts).as_bytes());
            2
        }
    }
}

fn print_out(s: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(|e| Error::write("<stdout>", e)),
    }
}
