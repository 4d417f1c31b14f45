//! One reader per input format. Each turns a [`SourceFile`](crate::source::SourceFile) into model
//! types with spans.

pub mod challenge;
pub mod curl;
pub mod definition;
pub mod expr;
pub mod json;
pub mod pasted;
pub mod postman;
pub mod raw;
