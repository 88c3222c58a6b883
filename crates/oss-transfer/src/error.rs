//! The error of a transfer, [`Error`]: which step failed and why.
//!
//! A request that failed after its retries is [`Error::Request`] (or [`Error::Part`] when it
//! was one part of a multipart transfer, with the part number and offset); data that does not
//! check out is [`Error::Integrity`]; an object or a file that changed under the transfer is
//! [`Error::ObjectChanged`] or [`Error::SourceChanged`]; a cancelled transfer is
//! [`Error::Cancelled`]. After any of them a transfer with checkpoints can be run again and
//! resumes (see [`crate::checkpoint`]).

use oss_client::model::code::ErrorCode;
use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::checkpoint::CheckpointError;

/// Why a transfer failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A request failed (after the client's retries).
    Request {
        /// What the transfer was doing (`InitiateMultipartUpload`, `HeadObject`, …).
        step: &'static str,
        /// The client's error.
        source: oss_client::Error,
    },
    /// One part kept failing.
    Part {
        /// The part number (1-based).
        number: u32,
        /// The offset of the part in the object.
        offset: u64,
        /// Why its last attempt failed.
        source: Box<Error>,
    },
    /// Data did not check out: a CRC-64 or MD5 differs, or a length is wrong.
    Integrity {
        /// What was compared.
        what: String,
    },
    /// The remote object changed while it was being read (its ETag no longer matches).
    ObjectChanged {
        /// The object's key.
        key: String,
    },
    /// The local source changed while it was being uploaded.
    SourceChanged {
        /// The file.
        path: PathBuf,
    },
    /// A local file could not be read or written.
    Io {
        /// What was being done.
        context: String,
        /// What the file system said.
        source: io::Error,
    },
    /// The checkpoint could not be written.
    Checkpoint(CheckpointError),
    /// The transfer was cancelled through its token; with checkpoints it can be resumed.
    Cancelled,
    /// An option or argument is out of range (nothing was sent).
    InvalidArgument(String),
}

impl Error {
    pub(crate) fn request(step: &'static str, source: oss_client::Error) -> Self {
        Error::Request { step, source }
    }

    pub(crate) fn io(context: impl Into<String>, source: io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    pub(crate) fn integrity(what: impl Into<String>) -> Self {
        Error::Integrity { what: what.into() }
    }

    pub(crate) fn invalid_argument(message: impl Into<String>) -> Self {
        Error::InvalidArgument(message.into())
    }

    pub(crate) fn part(number: u32, offset: u64, source: Error) -> Self {
        match source {
            Error::Cancelled => Error::Cancelled,
            source => Error::Part {
                number,
                offset,
                source: Box::new(source),
            },
        }
    }

    /// Whether the transfer was cancelled.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, Error::Cancelled)
    }

    /// The part that failed, for [`Error::Part`].
    pub fn part_number(&self) -> Option<u32> {
        match self {
            Error::Part { number, .. } => Some(*number),
            _ => None,
        }
    }

    /// The client error underneath, if a request failed.
    pub fn client_error(&self) -> Option<&oss_client::Error> {
        match self {
            Error::Request { source, .. } => Some(source),
            Error::Part { source, .. } => source.client_error(),
            _ => None,
        }
    }

    /// Whether a request failed with 404 `NoSuchUpload` (the upload was completed or
    /// aborted elsewhere).
    pub(crate) fn is_no_such_upload(&self) -> bool {
        self.client_error()
            .is_some_and(|e| e.is_code(ErrorCode::NoSuchUpload))
    }

    /// Whether an `If-Match` precondition failed (the object changed).
    pub(crate) fn is_precondition_failed(&self) -> bool {
        self.client_error()
            .is_some_and(oss_client::Error::is_precondition_failed)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Request { step, source } => write!(f, "{step} failed: {source}"),
            Error::Part {
                number,
                offset,
                source,
            } => write!(f, "part {number} (at byte {offset}) failed: {source}"),
            Error::Integrity { what } => write!(f, "integrity check failed: {what}"),
            Error::ObjectChanged { key } => {
                write!(f, "object {key} changed during the transfer")
            }
            Error::SourceChanged { path } => {
                write!(f, "{} changed during the transfer", path.display())
            }
            Error::Io { context, source } => write!(f, "{context}: {source}"),
            Error::Checkpoint(e) => write!(f, "{e}"),
            Error::Cancelled => f.write_str("the transfer was cancelled"),
            Error::InvalidArgument(message) => write!(f, "invalid argument: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Request { source, .. } => Some(source),
            Error::Part { source, .. } => Some(source.as_ref()),
            Error::Io { source, .. } => Some(source),
            Error::Checkpoint(e) => Some(e),
            _ => None,
        }
    }
}

impl From<CheckpointError> for Error {
    fn from(error: CheckpointError) -> Self {
        Error::Checkpoint(error)
    }
}

/// A client call made beside the transfers (`bucket.put_bucket().await?` in a function that
/// returns [`Result`]) is a [`Error::Request`] whose step is `"request"`.
impl From<oss_client::Error> for Error {
    fn from(error: oss_client::Error) -> Self {
        Error::request("request", error)
    }
}

/// The result of a transfer.
pub type Result<T, E = Error> = std::result::Result<T, E>;
