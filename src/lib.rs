//! authlint: why an HTTP request is refused with 401 or 403, and where the fix lives.
//!
//! The pipeline runs one way: [`source`] (bytes → text) → [`input`] (formats → [`model`] with spans) →
//! analysis ([`auth`]) → [`rules`] (findings) → [`report`] (one renderer per format). See
//! `docs/architecture.md`.

pub mod aadsts;
pub mod auth;
pub mod check;
pub mod claims;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod error;
pub mod eval;
pub mod exposure;
pub mod facts;
pub mod fix;
pub mod fix_files;
#[doc(hidden)]
pub mod fuzzing;
pub mod input;
pub mod jwt;
pub mod limits;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod permissions;
pub mod redact;
pub mod report;
pub mod resources;
pub mod rules;
pub mod secrets;
pub mod serve;
pub mod server;
pub mod source;
pub mod text;
pub mod time;
pub mod token;
pub mod triage;
pub mod verify;
pub mod vocab;

/// Parses nothing itself: runs a parsed command line and returns the exit code.
pub fn run(cli: cli::Cli) -> u8 {
    cli::run(cli)
}
