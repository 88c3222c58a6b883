//! Why a request could not be signed.

use std::fmt;

/// A request that cannot be signed as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// A V4 presigned URL may be valid for at most seven days.
    ExpiryTooLong {
        /// The validity asked for, in seconds.
        requested_secs: u64,
        /// The longest validity allowed, in seconds.
        max_secs: u64,
    },
    /// The expiry is not after the signing time.
    ExpiryInPast,
    /// V4 needs a region (and a product) for its scope.
    MissingRegion,
    /// The scheme signs the request as sent (AWS SigV4: host and path), and the request
    /// view lacks that part.
    MissingWireView {
        /// What is missing: `host` or `path`.
        part: &'static str,
    },
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::ExpiryTooLong {
                requested_secs,
                max_secs,
            } => write!(
                f,
                "a V4 presigned URL can be valid for at most {max_secs} s, {requested_secs} s was asked"
            ),
            SignError::ExpiryInPast => write!(f, "the expiry must be after the signing time"),
            SignError::MissingRegion => write!(f, "V4 signing needs a region"),
            SignError::MissingWireView { part } => {
                write!(f, "this signing scheme needs the request's {part}")
            }
        }
    }
}

impl std::error::Error for SignError {}
