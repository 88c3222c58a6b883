//! The one error this crate returns: a body or header that cannot be read.

use std::fmt;

/// A response body or header set that could not be turned into a model.
///
/// Parsing never panics: malformed XML, a wrong root element, a missing required element, a
/// number that does not fit, a bad percent-escape in an `encoding-type=url` listing or a
/// malformed header value all end here, with a message that names what was being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    message: String,
}

impl ParseError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        ParseError {
            message: message.into(),
        }
    }

    /// What went wrong, e.g. ``ListBucketResult: missing field `Key` ``.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same error with `context` (the body or header being read) in front of its message.
    pub(crate) fn within(self, context: &str) -> Self {
        ParseError {
            message: format!("{context}: {}", self.message),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}
