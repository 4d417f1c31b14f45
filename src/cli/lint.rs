//! `authlint lint`: its arguments, the progress bar, and `lint --fix` / `lint --diff`.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::output::{self, OutputArgs, concise, emit, threshold};
use super::{ConfigArgs, parse_now, print_out};
use crate::diagnostic::Outcome;
use crate::error::Error;
use crate::fix_files;
use crate::lint::{LintOptions, Progress, lint, lint_streaming};
use crate::report::Format;

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

pub(super) fn run_lint(args: LintArgs) -> Result<u8, Error> {
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
    if format == Format::Text && !args.fix && !args.diff {
        return run_lint_streaming(&opts, &args.output, &bar);
    }
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

/// The text report, streamed: each file's findings are printed (above the progress bar) as soon as
/// the files before it are done, and its text dropped; then the notes, skipped files and summary.
/// The same bytes as rendering the whole outcome at the end.
fn run_lint_streaming(opts: &LintOptions, o: &OutputArgs, bar: &OnceLock<Option<ProgressBar>>) -> Result<u8, Error> {
    let ropts = output::options(o);
    let mut sink = Sink::new(o.output.as_deref());
    let outcome = lint_streaming(opts, &mut |one| {
        let text = crate::report::text_findings(one, &ropts);
        match bar.get() {
            Some(Some(b)) => b.suspend(|| sink.write(&text)),
            _ => sink.write(&text),
        }
    });
    if let Some(Some(b)) = bar.get() {
        b.finish_and_clear();
    }
    let outcome = outcome?;
    sink.write(&crate::report::text_tail(&outcome));
    sink.finish()?;
    output::exit_code(&outcome, o, &ropts)
}

/// Where a streamed report goes: standard output, or the `--output` file, created at the first write
/// (a run that fails before reporting leaves no file). A closed pipe ends the writing quietly, as
/// for a report printed whole; any other write error is returned by [`Sink::finish`].
struct Sink<'a> {
    path: Option<&'a Path>,
    out: Option<Box<dyn Write + Send>>,
    closed: bool,
    error: Option<Error>,
}

impl<'a> Sink<'a> {
    fn new(path: Option<&'a Path>) -> Self {
        Sink { path, out: None, closed: false, error: None }
    }

    fn write(&mut self, text: &str) {
        if self.closed || text.is_empty() {
            return;
        }
        if self.out.is_none() {
            self.out = Some(match self.path {
                Some(p) => match std::fs::File::create(p) {
                    Ok(f) => Box::new(std::io::BufWriter::new(f)),
                    Err(e) => return self.fail(e),
                },
                None => Box::new(std::io::stdout()),
            });
        }
        let out = self.out.as_mut().expect("opened");
        match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe && self.path.is_none() => self.closed = true,
            Err(e) => self.fail(e),
            Ok(()) => {}
        }
    }

    fn fail(&mut self, e: std::io::Error) {
        self.closed = true;
        let name = self.path.map_or_else(|| "<stdout>".to_string(), |p| p.display().to_string());
        self.error.get_or_insert(Error::write(&name, e));
    }

    /// The first write error, if any; a report with nothing in it still creates its `--output` file.
    fn finish(mut self) -> Result<(), Error> {
        if self.out.is_none()
            && !self.closed
            && let Some(p) = self.path
        {
            std::fs::write(p, "").map_err(|e| Error::write(&p.display().to_string(), e))?;
        }
        self.out = None;
        self.error.map_or(Ok(()), Err)
    }
}

/// `lint --fix` (write, then report what remains) and `lint --diff` (print the diff, change nothing).
fn run_lint_fix(opts: &LintOptions, outcome: &Outcome, o: &OutputArgs, write: bool) -> Result<u8, Error> {
    let config = crate::config::load(&opts.config)?;
    let now = opts.now.map_or_else(crate::time::Reference::clock, |at| crate::time::Reference {
        at,
        source: crate::time::Source::Flag,
    });
    let mut fixes = fix_files::plan(outcome, now, &config);
    let mut err = std::io::stderr().lock();
    if !write {
        let diff: String = fixes.iter().map(fix_files::unified_diff).collect();
        print_out(&diff)?;
        let _ = err.write_all(fix_files::summary(&fixes, false).as_bytes());
        let left = fix_files::remaining(outcome, &fixes);
        let _ = err.write_all(concise(&left, o).as_bytes());
        if !outcome.errors.is_empty() {
            return Ok(2);
        }
        let failed = left.max_severity().is_some_and(|s| s >= threshold(outcome, o));
        return Ok(u8::from(failed && !o.exit_zero));
    }
    for f in fixes.iter_mut().filter(|f| f.fixed.is_some()) {
        let why = if fix_files::within(&opts.paths, Path::new(&f.file)) {
            fix_files::write(f).err()
        } else {
            Some("not inside the paths given: left alone".to_string())
        };
        if let Some(why) = why {
            f.fixed = None;
            f.applied.clear();
            f.refused = Some(why);
        }
    }
    let _ = err.write_all(fix_files::summary(&fixes, true).as_bytes());
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

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

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
