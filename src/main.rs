use std::process::ExitCode;

use clap::Parser;

/// Linting allocates many small strings and trees; mimalloc does that faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ExitCode::from(authlint::run(authlint::cli::Cli::parse()))
}
