use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    ExitCode::from(authlint::run(authlint::cli::Cli::parse()))
}
