//! authlint: why an HTTP request is refused with 401 or 403.
pub mod auth;
pub mod error;
pub mod input;
pub mod model;
pub mod source;
