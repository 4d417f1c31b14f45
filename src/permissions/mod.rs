//! Which permissions an operation accepts — Microsoft Graph by operation, SharePoint REST by the
//! access it needs — and whether a token holds one: the 403 predicted before the call.
//!
//! The tables live in `data/permissions/` (written from Microsoft's documentation, one `docs` address
//! per Graph operation), are embedded in the binary at build time and parsed on first use.

mod call;
mod judge;
mod paths;
mod tables;

pub use call::{Api, Call};
pub use judge::{Decision, Held, Judgement, Kind, judge, known};
pub use tables::{Classify, GRAPH_FILES, Grant, Level, Operation, SHAREPOINT_FILE, Tables, tables};

#[cfg(test)]
mod tests;
