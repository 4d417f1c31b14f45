//! `authlint man`: the man pages (roff), printed or written one per command.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};

use super::{Cli, print_out};
use crate::error::Error;

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write authlint.1 and a page per subcommand (authlint-check.1, …) into this folder, and print their
    /// paths.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
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
    let io = |p: &Path, e| Error::write(&p.display().to_string(), e);
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let mut written = Vec::new();
    for cmd in man_commands() {
        let path = dir.join(format!("{}.1", cmd.get_display_name().unwrap_or(cmd.get_name())));
        std::fs::write(&path, man_page_of(&cmd)).map_err(|e| io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

pub(super) fn run_man(args: ManArgs) -> Result<u8, Error> {
    match args.dir {
        None => print_out(&man_page()),
        Some(dir) => {
            let list: String = write_man_pages(&dir)?.iter().map(|p| format!("{}\n", p.display())).collect();
            print_out(&list)
        }
    }
    .map(|()| 0)
}
