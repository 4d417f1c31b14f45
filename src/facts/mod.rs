//! What the rules read, computed once: a request's facts (each Authorization value parsed, each token
//! decoded), a flow's facts, one evaluated value an action sends, and which names carry a credential.
//! The rules and `secrets.rs` both read them.

pub mod flow;
pub mod http;
pub mod names;
pub mod request;
pub mod sent;
pub mod strings;

pub use flow::{Derived, FlowFacts};
pub use request::{AuthSite, Environment, RequestFacts, Token, is_sanitized};
pub use sent::SentValue;
