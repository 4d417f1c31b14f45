//! The command line: clap definitions, and the only place that prints.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use crate::check::{CheckOptions, check};
use crate::config::ConfigChoice;
use crate::diagnostic::{Outcome, Severity};
use crate::diff::{self, DiffOptions};
use crate::error::Error;
use crate::lint::{LintOptions, Progress, lint};
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

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write authlint.1 and a page per subcommand (authlint-check.1, …) into this folder, and print their
    /// paths.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
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
    /// Print the raw inputs with the safe fixes applied (what was fixed and what remains on standard
    /// error).
    #[arg(long)]
    pub fix: bool,
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
    /// Print the raw inputs with the safe fixes applied (what was fixed and what remains on standard
    /// error).
    #[arg(long)]
    pub fix: bool,
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
    /// Apply the safe fixes to the definition files (not inside zips), then report what remains.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print the safe fixes as a unified diff, changing nothing.
    #[arg(long)]
    pub diff: bool,
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
    if args.fix {
        return run_check_fix(&opts, &outcome, &args.output);
    }
    emit(&outcome, &args.output)
}

/// `check --fix`: the corrected raw inputs on standard output, what was fixed and what remains on
/// standard error.
fn run_check_fix(opts: &CheckOptions, outcome: &Outcome, o: &OutputArgs) -> Result<u8, Error> {
    let fixes = crate::fix::files::corrected_inputs(opts, outcome);
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
    let left = crate::fix::files::remaining(outcome, &fixes);
    let mut err = crate::fix::files::summary(&fixes, false).replace("would fix ", "fixed ");
    err.push_str(&concise(&left, o));
    let _ = std::io::stderr().write_all(err.as_bytes());
    if !left.errors.is_empty() || !outcome.errors.is_empty() {
        return Ok(2);
    }
    let failed = left.max_severity().is_some_and(|s| s >= threshold(outcome, o));
    Ok(u8::from(failed && !o.exit_zero))
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
    let format = args.output.format;
    let tty = std::io::stderr().is_terminal();
    // Made on the first call, when the number of files is known: a bar, or none.
    let bar: Arc<OnceLock<Option<ProgressBar>>> = Arc::default();
    let progress = wants_progress(format, tty, usize::MAX).then(|| {
        let bar = bar.clone();
        Progress::new(move |done, total| {
            if let Some(b) = bar.get_or_init(|| wants_progress(format, tty, total).then(|| progress_bar(total))) {
                b.set_position(b.position().max(done as u64));
            }
        })
    });
    // Only the text format shows source lines, and --fix/--diff edit the text.
    let positions_only = args.output.format != Format::Text && !args.fix && !args.diff;
    let opts = LintOptions { paths: args.paths, now: args.now, config: args.config.choice(), progress, positions_only };
    let outcome = lint(&opts);
    // Cleared before anything else is printed, whatever happened.
    if let Some(Some(b)) = bar.get() {
        b.finish_and_clear();
    }
    let outcome = outcome?;
    if args.fix || args.diff {
        return run_lint_fix(&opts, &outcome, &args.output, args.fix);
    }
    emit(&outcome, &args.output)
}

/// The findings that remain, one line each, for standard error.
fn concise(left: &Outcome, o: &OutputArgs) -> String {
    let opts = Options { color: false, show_secrets: o.show_secrets, width: width() };
    report::render(left, Format::Concise, &opts)
}

/// `lint --fix` (write, then report what remains) and `lint --diff` (print the diff, change nothing).
fn run_lint_fix(opts: &LintOptions, outcome: &Outcome, o: &OutputArgs, write: bool) -> Result<u8, Error> {
    use crate::fix::files;
    let config = crate::config::load(&opts.config)?;
    let now = opts.now.map_or_else(crate::time::Reference::clock, |at| crate::time::Reference {
        at,
        source: crate::time::Source::Flag,
    });
    let mut fixes = files::plan(outcome, now, &config);
    let mut err = std::io::stderr().lock();
    if !write {
        let diff: String = fixes.iter().map(files::unified_diff).collect();
        print_out(&diff)?;
        let _ = err.write_all(files::summary(&fixes, false).as_bytes());
        let left = files::remaining(outcome, &fixes);
        let _ = err.write_all(concise(&left, o).as_bytes());
        if !outcome.errors.is_empty() {
            return Ok(2);
        }
        let failed = left.max_severity().is_some_and(|s| s >= threshold(outcome, o));
        return Ok(u8::from(failed && !o.exit_zero));
    }
    for f in fixes.iter_mut().filter(|f| f.fixed.is_some()) {
        let why = if files::within(&opts.paths, Path::new(&f.file)) {
            files::write(f).err()
        } else {
            Some("not inside the paths given: left alone".to_string())
        };
        if let Some(why) = why {
            f.fixed = None;
            f.applied.clear();
            f.refused = Some(why);
        }
    }
    let _ = err.write_all(files::summary(&fixes, true).as_bytes());
    drop(err);
    // What remains, read again from the files as written.
    let again = lint(&LintOptions { progress: None, ..opts.clone() })?;
    emit(&again, o)
}

/// `lint` over fewer files than this finishes before a bar would be worth drawing.
const PROGRESS_MIN_FILES: usize = 20;

/// Whether `lint` shows a progress bar on standard error: only for a person watching — a human format
/// (text, concise), standard error a terminal — and enough files to matter.
fn wants_progress(format: Format, stderr_is_tty: bool, files: usize) -> bool {
    stderr_is_tty && matches!(format, Format::Text | Format::Concise) && files >= PROGRESS_MIN_FILES
}

fn progress_bar(total: usize) -> ProgressBar {
    // ProgressBar::new draws on standard error, at most 20 times a second.
    let bar = ProgressBar::new(total as u64);
    let style = ProgressStyle::with_template("linting [{bar:30}] {pos}/{len} files  {elapsed}")
        .expect("a valid template")
        .progress_chars("=> ");
    bar.set_style(style);
    bar
}

/// The man page of authlint (roff).
pub fn man_page() -> String {
    man_page_of(&man_commands()[0])
}

/// authlint and its subcommands, built (so that subcommands are named `authlint-check` …), without `help`.
fn man_commands() -> Vec<clap::Command> {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let subs: Vec<_> = root.get_subcommands().filter(|s| !s.is_hide_set()).cloned().collect();
    std::iter::once(root).chain(subs).collect()
}

/// Defines `\*(Aq` (an apostrophe that survives groff); clap_mangen repeats it before every section.
const ROFF_AQ: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// One page: `.TH` first, then clap_mangen's sections, and EXIT STATUS for the commands whose exit code
/// follows findings. The title line is written here: clap_mangen leaves the date argument out, which
/// shifts the source and manual into the wrong places.
fn man_page_of(cmd: &clap::Command) -> String {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut body = Vec::new();
    let sections = |w: &mut Vec<u8>| -> std::io::Result<()> {
        man.render_name_section(w)?;
        man.render_synopsis_section(w)?;
        man.render_description_section(w)?;
        man.render_options_section(w)?;
        if cmd.has_subcommands() {
            man.render_subcommands_section(w)?;
        }
        if cmd.has_subcommands() || cmd.get_arguments().any(|a| a.get_id() == "exit_zero") {
            w.write_all(EXIT_STATUS.as_bytes())?;
        }
        man.render_version_section(w)
    };
    sections(&mut body).expect("writing to memory");
    let body = String::from_utf8(body).expect("clap_mangen writes UTF-8").replace(ROFF_AQ, "");
    // Plain ASCII, so that troff without preconv reads it too: `…` becomes `\[u2026]`.
    let body: String =
        body.chars().map(|c| if c.is_ascii() { c.to_string() } else { format!("\\[u{:04X}]", u32::from(c)) }).collect();
    let title = cmd.get_display_name().unwrap_or(cmd.get_name()).to_uppercase().replace('-', "\\-");
    let version = env!("CARGO_PKG_VERSION");
    format!(".TH {title} 1 \"\" \"authlint {version}\" \"authlint manual\"\n{ROFF_AQ}{body}")
}

const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
No finding at or above \fB\-\-fail\-on\fR (default: error).
.TP
\fB1\fR
Findings at or above the threshold (\fB\-\-exit\-zero\fR turns this into 0).
.TP
\fB2\fR
A usage error, or an input that cannot be read or is not what the command expects.
"#;

/// Writes authlint.1 and one page per subcommand (authlint-check.1, …) into `dir`.
fn write_man_pages(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let io = |p: &Path, e| Error::io(&p.display().to_string(), e);
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let mut written = Vec::new();
    for cmd in man_commands() {
        let path = dir.join(format!("{}.1", cmd.get_display_name().unwrap_or(cmd.get_name())));
        std::fs::write(&path, man_page_of(&cmd)).map_err(|e| io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

fn run_man(args: ManArgs) -> Result<u8, Error> {
    match args.dir {
        None => print_out(&man_page()),
        Some(dir) => {
            let list: String = write_man_pages(&dir)?.iter().map(|p| format!("{}\n", p.display())).collect();
            print_out(&list)
        }
    }
    .map(|()| 0)
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
    // A verdict that names a cause fails whatever the threshold (SPEC.md, exit codes).
    let failed = outcome.max_severity().is_some_and(|s| s >= threshold) || outcome.has_named_verdict();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_only_for_a_person_watching_many_files() {
        for format in [Format::Text, Format::Concise] {
            assert!(wants_progress(format, true, PROGRESS_MIN_FILES));
            assert!(wants_progress(format, true, 10_000));
            assert!(!wants_progress(format, true, PROGRESS_MIN_FILES - 1), "few files finish at once");
            assert!(!wants_progress(format, false, 10_000), "standard error not a terminal");
        }
        for format in [Format::Json, Format::Sarif, Format::Github, Format::Azure, Format::Gitlab, Format::Junit] {
            assert!(!wants_progress(format, true, 10_000), "{format:?} is for machines");
        }
    }

    #[test]
    fn every_format_is_judged() {
        // A new format must be placed on one side of wants_progress deliberately.
        assert_eq!(Format::value_variants().len(), 8);
    }
}
