//! `authlint token`: its arguments and its run.

use chrono::{DateTime, Utc};
use clap::Args;

use super::output::{OutputArgs, emit_with};
use super::{ConfigArgs, parse_now};
use crate::error::Error;
use crate::report;
use crate::token::{TokenOptions, token};

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

pub(super) fn run_token(args: TokenArgs) -> Result<u8, Error> {
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
