use std::process::ExitCode;

use clap::Parser;

/// Linting allocates many small strings and trees; mimalloc does that faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    authlint::cli::install_panic_hook();
    let cli = authlint::cli::Cli::parse();
    // A panic is a bug: the hook has said so in one line; the exit code is 2, as for unusable input.
    std::panic::catch_unwind(|| {
        // Lets the tests prove the hook: the panic's message (here a fake credential) is never printed.
        if std::env::var_os("AUTHLINT_INTERNAL_PANIC").is_some() {
            panic!("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJwYW5pYyJ9.c2VjcmV0");
        }
        authlint::run(cli)
    })
    .map_or(ExitCode::from(2), ExitCode::from)
}
