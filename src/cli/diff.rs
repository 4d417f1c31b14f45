//! `authlint diff`: its arguments and its run; the exit code follows the differences.

use chrono::{DateTime, Utc};
use clap::Args;

use super::output::{OutputArgs, emit, threshold};
use super::{ConfigArgs, parse_now, print_out};
use crate::diff::{self, DiffOptions};
use crate::error::Error;

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

pub(super) fn run_diff(args: DiffArgs) -> Result<u8, Error> {
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
