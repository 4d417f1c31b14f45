//! The errors that end a run with exit code 2: usage, unreadable or unrecognised input.

use crate::text::{SourceFile, Span};

/// An input that could not be used, with where and why.
#[derive(Debug)]
pub struct InputError {
    pub file: String,
    pub message: String,
    pub help: Option<String>,
    /// The source and the span the message is about, when there is a place to point at.
    pub at: Option<(SourceFile, Span)>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{file}: cannot read: {source}")]
    Io { file: String, source: std::io::Error },
    #[error("{file}: cannot write: {source}")]
    Write { file: String, source: std::io::Error },
    #[error("{file}: {message}")]
    Decode { file: String, message: String },
    #[error("{}", located(.0))]
    Input(Box<InputError>),
    #[error("{0}")]
    Usage(String),
}

fn located(e: &InputError) -> String {
    match &e.at {
        Some((src, span)) => {
            let lc = src.line_col(span.start);
            format!("{}:{}:{}: {}", e.file, lc.line, lc.column, e.message)
        }
        None => format!("{}: {}", e.file, e.message),
    }
}

impl Error {
    pub fn io(file: &str, source: std::io::Error) -> Error {
        Error::Io { file: file.to_string(), source }
    }
    /// A file (or standard output) that could not be written.
    pub fn write(file: &str, source: std::io::Error) -> Error {
        Error::Write { file: file.to_string(), source }
    }
    pub fn decode(file: &str, message: String) -> Error {
        Error::Decode { file: file.to_string(), message }
    }
    /// An error pointing at a span of a source.
    pub fn at(src: &SourceFile, span: Span, message: impl Into<String>) -> Error {
        Error::Input(Box::new(InputError {
            file: src.name.clone(),
            message: message.into(),
            help: None,
            at: Some((src.clone(), span)),
        }))
    }
    /// An error about a whole input.
    pub fn input(file: &str, message: impl Into<String>) -> Error {
        Error::Input(Box::new(InputError { file: file.to_string(), message: message.into(), help: None, at: None }))
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Error {
        if let Error::Input(e) = &mut self {
            e.help = Some(help.into());
        }
        self
    }
}
