//! The command line: clap definitions, and the only place that prints.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::check::{CheckOptions, check};
use crate::config::ConfigChoice;
use crate::diagnostic::{Outcome, Severity};
use crate::diff::{self, DiffOptions};
use crate::error::Error;
use crate::lint::{LintOptions, lint};
use crate::report::{self, Format, Options};
use crate::rules;
use crate::token::{TokenOptions, token};

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
}

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
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{e}: expected an RFC 3339 time such as 2026-11-10T12:00:00Z"))
}

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// The token (a leading `Bearer `, quotes and whitespace are tolerated); - reads standard input.
    #[arg(value_name = "TOKEN")]
    pub token: String,
    /// The URL the token is sent to: checks the audience and the token's fit for that API.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The HTTP method of the call (with --url): judges whether the token's permissions allow it.
    #[arg(long, value_name = "METHOD", default_value = "GET", requires = "url")]
    pub method: String,
    /// The time to judge expiry at (RFC 3339); default: the clock.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    pub now: Option<DateTime<Utc>>,
    /// Also say what authlint could not judge (an operation missing from the permission tables).
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Verify the signature with this public key (PEM), offline.
    #[arg(long, value_name = "PEM", conflicts_with = "jwks")]
    pub key: Option<String>,
    /// Verify the signature with the key of this JWKS file whose kid matches, offline.
    #[arg(long, value_name = "FILE")]
    pub jwks: Option<String>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The flow's raw inputs ("Show raw inputs"); - reads standard input.
    #[arg(value_name = "INPUT", required_unless_present = "list")]
    pub input: Option<String>,
    /// The Postman collection (v2.0 or v2.1) holding the request that works.
    #[arg(long, value_name = "COLLECTION", required_unless_present = "curl", conflicts_with = "curl")]
    pub postman: Option<String>,
    /// A Postman environment for the collection's variables (enabled values).
    #[arg(long, value_name = "ENV", requires = "postman")]
    pub environment: Option<String>,
    /// The request to compare with, as Folder/Sub/Name; default: the best match by method, host and path.
    #[arg(long, value_name = "NAME", requires = "postman")]
    pub request: Option<String>,
    /// A variable, over the collection's and the environment's (repeatable).
    #[arg(long = "var", value_name = "KEY=VALUE")]
    pub vars: Vec<String>,
    /// A file holding the cURL command that works; - reads standard input.
    #[arg(long, value_name = "FILE")]
    pub curl: Option<String>,
    /// List the collection's requests (folder path, method, URL) and stop.
    #[arg(long, requires = "postman")]
    pub list: bool,
    /// Also compare the headers Postman adds by itself and those Logic Apps drops.
    #[arg(long)]
    pub strict: bool,
    /// The time to judge token expiry at (RFC 3339); default: the clock.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    pub now: Option<DateTime<Utc>>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Solution or package zips, Workflows/*.json, definition.json, workflow.json, ARM templates, or
    /// folders holding them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// The time to judge literal tokens' expiry at (RFC 3339); default: the clock.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    pub now: Option<DateTime<Utc>>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
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
fn use_color(choice: ColorChoice, to_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !anstyle_query::no_color() && (anstyle_query::clicolor_force() || to_terminal),
    }
}

fn width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|w| *w >= 40).unwrap_or(100)
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
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "authlint", &mut out);
            print_out(&String::from_utf8_lossy(&out)).map(|()| 0)
        }
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
        r => r.map_err(|e| Error::io("<stdout>", e)),
    }
}

fn run_check(args: CheckArgs) -> Result<u8, Error> {
    let opts = CheckOptions {
        inputs: args.inputs,
        response: args.response,
        token: args.token,
        now: args.now,
        verbose: args.verbose,
        config: args.config.choice(),
    };
    let outcome = check(&opts)?;
    emit(&outcome, &args.output)
}

/// Renders an outcome where asked, and turns it into an exit code.
fn emit(outcome: &Outcome, o: &OutputArgs) -> Result<u8, Error> {
    emit_with(outcome, o, &|opts| report::render(outcome, o.format, opts))
}

fn run_diff(args: DiffArgs) -> Result<u8, Error> {
    if args.list {
        let postman = args.postman.as_deref().unwrap_or_default();
        return print_out(&diff::list(postman, args.environment.as_ref(), &args.vars)?).map(|()| 0);
    }
    let opts = DiffOptions {
        input: args.input.clone().unwrap_or_default(),
        postman: args.postman.clone(),
        environment: args.environment.clone(),
        request: args.request.clone(),
        vars: args.vars.clone(),
        curl: args.curl.clone(),
        strict: args.strict,
        now: args.now,
        config: args.config.choice(),
    };
    if opts.input == "-" && opts.curl.as_deref() == Some("-") {
        return Err(Error::Usage(
            "standard input (-) can be read only once: give the request or the cURL command as a file".into(),
        ));
    }
    let outcome = diff::diff(&opts)?;
    let code = emit(&outcome, &args.output)?;
    if code == 2 {
        return Ok(2);
    }
    // For diff, the exit code follows the differences (SPEC.md): 1 when one is at or above --fail-on.
    let threshold = threshold(&outcome, &args.output);
    let failed = outcome.differences.iter().any(|d| d.severity >= threshold);
    Ok(u8::from(failed && !args.output.exit_zero))
}

fn run_lint(args: LintArgs) -> Result<u8, Error> {
    let opts = LintOptions { paths: args.paths, now: args.now, config: args.config.choice() };
    let outcome = lint(&opts)?;
    emit(&outcome, &args.output)
}

fn run_token(args: TokenArgs) -> Result<u8, Error> {
    let opts = TokenOptions {
        token: args.token,
        url: args.url,
        method: args.method,
        verbose: args.verbose,
        now: args.now,
        key: args.key,
        jwks: args.jwks,
        config: args.config.choice(),
    };
    let report = token(&opts)?;
    emit_with(&report.outcome, &args.output, &|o| report::render_token(&report, args.output.format, o))
}

/// The lowest severity that fails: `--fail-on`, else the config's `fail-on`, else error.
fn threshold(outcome: &Outcome, o: &OutputArgs) -> Severity {
    match o.fail_on {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Info) => Severity::Info,
        None => outcome.fail_on.unwrap_or(Severity::Error),
    }
}

/// Renders with `render` where asked, then turns the outcome into an exit code.
fn emit_with(outcome: &Outcome, o: &OutputArgs, render: &dyn Fn(&Options) -> String) -> Result<u8, Error> {
    let to_terminal = o.output.is_none() && std::io::stdout().is_terminal();
    let color = o.format == Format::Text && use_color(o.color, to_terminal);
    let opts = Options { color, show_secrets: o.show_secrets, width: width() };
    let text = render(&opts);
    match &o.output {
        Some(path) => std::fs::write(path, text).map_err(|e| Error::io(&path.display().to_string(), e))?,
        None => print_out(&text)?,
    }
    let threshold = threshold(outcome, o);
    let failed = outcome.max_severity().is_some_and(|s| s >= threshold);
    if !outcome.errors.is_empty() {
        let opts = Options { color: use_color(o.color, std::io::stderr().is_terminal()), ..opts };
        let mut err = std::io::stderr().lock();
        for e in &outcome.errors {
            let _ = err.write_all(report::render_error(e, &opts).as_bytes());
        }
        return Ok(2);
    }
    Ok(u8::from(failed && !o.exit_zero))
}

fn rules_list(format: Format) -> String {
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

fn explain(name: &str) -> Result<String, Error> {
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
