//! The one error type of this crate, [`Error`], classified by meaning ([`ErrorKind`]).
//!
//! Most errors come from the transport ([`oss_http::Error`]: the service's answer, a broken
//! connection, a timeout, a checksum mismatch) and are wrapped unchanged, so every predicate
//! of the transport works here too. The client adds three kinds of its own:
//!
//! - [`ErrorKind::Validation`]: the request was refused before anything was sent (an invalid
//!   bucket name, key, part number, range…); see [`ValidationError`].
//! - [`ErrorKind::InvalidResponse`]: the service answered with success but the body or a header
//!   could not be read (never a panic).
//! - [`ErrorKind::Io`]: a local file could not be read or written (downloads to a file).
//! - [`ErrorKind::Unsupported`]: the service the client speaks (its
//!   [`dialect`](crate::Client::dialect)) has no such operation; nothing was sent.
//!
//! ```
//! use oss_client::{Client, ErrorKind};
//!
//! # async fn demo(client: Client) {
//! match client.bucket("Bad_Name").head_object("k").await {
//!     Err(e) if e.kind() == ErrorKind::Validation => println!("refused locally: {e}"),
//!     Err(e) if e.is_not_found() => println!("no such object"),
//!     Err(e) => println!("failed: {e} (request id {:?})", e.request_id()),
//!     Ok(meta) => println!("{} bytes", meta.content_length.unwrap_or(0)),
//! }
//! # }
//! ```

use std::error::Error as StdError;
use std::fmt;
use std::io;

use http::StatusCode;

use crate::validation::ValidationError;

/// The broad category of an [`Error`]: the transport's kinds and this crate's
/// (`Validation`, `InvalidResponse`, `Io`) in one enum, shared with oss-http.
pub use oss_http::ErrorKind;

/// The error of every fallible operation of this crate.
pub struct Error {
    repr: Box<Repr>,
}

enum Repr {
    Http(oss_http::Error),
    Validation {
        operation: &'static str,
        error: ValidationError,
    },
    InvalidResponse {
        operation: String,
        message: String,
        request_id: Option<String>,
    },
    Io {
        context: String,
        source: io::Error,
    },
    Credentials {
        operation: &'static str,
        source: oss_auth::credentials::CredentialsError,
    },
    Unsupported {
        operation: &'static str,
        service: &'static str,
    },
}

impl Error {
    pub(crate) fn validation(operation: &'static str, error: ValidationError) -> Self {
        Error {
            repr: Box::new(Repr::Validation { operation, error }),
        }
    }

    pub(crate) fn invalid_response(
        operation: impl Into<String>,
        message: impl Into<String>,
        request_id: Option<&str>,
    ) -> Self {
        Error {
            repr: Box::new(Repr::InvalidResponse {
                operation: operation.into(),
                message: message.into(),
                request_id: request_id.map(str::to_owned),
            }),
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: io::Error) -> Self {
        Error {
            repr: Box::new(Repr::Io {
                context: context.into(),
                source,
            }),
        }
    }

    pub(crate) fn credentials(
        operation: &'static str,
        source: oss_auth::credentials::CredentialsError,
    ) -> Self {
        Error {
            repr: Box::new(Repr::Credentials { operation, source }),
        }
    }

    pub(crate) fn unsupported(operation: &'static str, service: &'static str) -> Self {
        Error {
            repr: Box::new(Repr::Unsupported { operation, service }),
        }
    }

    /// The broad category.
    pub fn kind(&self) -> ErrorKind {
        match &*self.repr {
            Repr::Http(error) => error.kind(),
            Repr::Validation { .. } => ErrorKind::Validation,
            Repr::InvalidResponse { .. } => ErrorKind::InvalidResponse,
            Repr::Io { .. } => ErrorKind::Io,
            Repr::Credentials { .. } => ErrorKind::Credentials,
            Repr::Unsupported { .. } => ErrorKind::Unsupported,
        }
    }

    /// The transport's error, for everything that reached (or tried to reach) the network.
    pub fn http(&self) -> Option<&oss_http::Error> {
        match &*self.repr {
            Repr::Http(error) => Some(error),
            _ => None,
        }
    }

    /// Why the request was refused before sending, for [`ErrorKind::Validation`].
    pub fn validation_error(&self) -> Option<&ValidationError> {
        match &*self.repr {
            Repr::Validation { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The service's answer, for [`ErrorKind::Service`].
    pub fn service(&self) -> Option<&oss_http::ServiceError> {
        self.http()?.service()
    }

    /// The HTTP status, for service errors.
    pub fn status(&self) -> Option<StatusCode> {
        self.http()?.status()
    }

    /// The OSS error code (`NoSuchKey`, `AccessDenied`, …), for service errors.
    pub fn code(&self) -> Option<&str> {
        self.http()?.code()
    }

    /// Whether the service answered with `code` (from oss-model's catalog).
    pub fn is_code(&self, code: oss_model::code::ErrorCode) -> bool {
        self.code() == Some(code.as_str())
    }

    /// The request id of the response, when the service answered.
    pub fn request_id(&self) -> Option<&str> {
        match &*self.repr {
            Repr::Http(error) => error.request_id(),
            Repr::InvalidResponse { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// How many attempts the transport made (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        self.http().map_or(0, oss_http::Error::attempts)
    }

    /// Whether trying again may succeed (see [`oss_http::Error::is_retryable`]).
    pub fn is_retryable(&self) -> bool {
        self.http().is_some_and(oss_http::Error::is_retryable)
    }

    /// 404: the bucket, object, upload or configuration does not exist.
    pub fn is_not_found(&self) -> bool {
        self.http().is_some_and(oss_http::Error::is_not_found)
    }

    /// 403 other than a clock-skew rejection: missing permission or a bad signature.
    pub fn is_access_denied(&self) -> bool {
        self.http().is_some_and(oss_http::Error::is_access_denied)
    }

    /// 412: an `If-Match`/`If-Unmodified-Since` precondition failed.
    pub fn is_precondition_failed(&self) -> bool {
        self.http()
            .is_some_and(oss_http::Error::is_precondition_failed)
    }

    /// 304: an `If-None-Match`/`If-Modified-Since` GET found the object unchanged.
    pub fn is_not_modified(&self) -> bool {
        self.http().is_some_and(oss_http::Error::is_not_modified)
    }

    /// 409: the request conflicts with the current state (`BucketAlreadyExists`,
    /// `PositionNotEqualToLength`, `FileAlreadyExists`, …).
    pub fn is_conflict(&self) -> bool {
        self.http().is_some_and(oss_http::Error::is_conflict)
    }

    /// 429 or 503: the service asks the client to slow down.
    pub fn is_throttled(&self) -> bool {
        self.http().is_some_and(oss_http::Error::is_throttled)
    }

    /// Any time limit ran out.
    pub fn is_timeout(&self) -> bool {
        self.kind() == ErrorKind::Timeout
    }

    /// A checksum or length check failed: the data must not be trusted.
    pub fn is_integrity(&self) -> bool {
        self.kind() == ErrorKind::Integrity
    }

    /// The client refused the request before sending it.
    pub fn is_validation(&self) -> bool {
        self.kind() == ErrorKind::Validation
    }

    /// Whether the request was retried after a failure that left open whether the server
    /// applied it (see [`oss_http::retry`]).
    pub fn retried_after_ambiguous_failure(&self) -> bool {
        self.http()
            .is_some_and(oss_http::Error::retried_after_ambiguous_failure)
    }
}

impl From<ValidationError> for Error {
    /// A validation error found outside an operation (e.g. by [`ByteRange::new`](crate::ByteRange::new)).
    fn from(error: ValidationError) -> Self {
        Error::validation("", error)
    }
}

impl From<oss_http::Error> for Error {
    fn from(error: oss_http::Error) -> Self {
        Error {
            repr: Box::new(Repr::Http(error)),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.repr {
            Repr::Http(error) => fmt::Display::fmt(error, f),
            Repr::Validation { operation, error } => {
                if !operation.is_empty() {
                    write!(f, "{operation}: ")?;
                }
                write!(f, "invalid request, nothing sent: {error}")
            }
            Repr::InvalidResponse {
                operation,
                message,
                request_id,
            } => {
                write!(f, "{operation}: invalid response: {message}")?;
                if let Some(id) = request_id {
                    write!(f, " (request id {id})")?;
                }
                Ok(())
            }
            Repr::Io { context, source } => write!(f, "{context}: {source}"),
            Repr::Credentials { operation, source } => {
                write!(f, "{operation}: no credentials: {source}")
            }
            Repr::Unsupported { operation, service } => write!(
                f,
                "{operation}: not supported by this service ({service}), nothing sent"
            ),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.repr {
            Repr::Http(error) => f.debug_tuple("Error::Http").field(error).finish(),
            Repr::Validation { operation, error } => f
                .debug_struct("Error::Validation")
                .field("operation", operation)
                .field("error", error)
                .finish(),
            Repr::InvalidResponse {
                operation,
                message,
                request_id,
            } => f
                .debug_struct("Error::InvalidResponse")
                .field("operation", operation)
                .field("message", message)
                .field("request_id", request_id)
                .finish(),
            Repr::Io { context, source } => f
                .debug_struct("Error::Io")
                .field("context", context)
                .field("source", source)
                .finish(),
            Repr::Credentials { operation, source } => f
                .debug_struct("Error::Credentials")
                .field("operation", operation)
                .field("source", source)
                .finish(),
            Repr::Unsupported { operation, service } => f
                .debug_struct("Error::Unsupported")
                .field("operation", operation)
                .field("service", service)
                .finish(),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &*self.repr {
            Repr::Http(error) => Some(error),
            Repr::Validation { error, .. } => Some(error),
            Repr::InvalidResponse { .. } => None,
            Repr::Io { source, .. } => Some(source),
            Repr::Credentials { source, .. } => Some(source),
            Repr::Unsupported { .. } => None,
        }
    }
}

impl From<Error> for io::Error {
    /// For [`AsyncRead`](tokio::io::AsyncRead) adapters: timeouts become `TimedOut`,
    /// integrity failures `InvalidData`, everything else `Other`; the [`Error`] stays
    /// reachable as the inner error.
    fn from(error: Error) -> Self {
        let kind = match error.kind() {
            ErrorKind::Timeout => io::ErrorKind::TimedOut,
            ErrorKind::Integrity => io::ErrorKind::InvalidData,
            _ => io::ErrorKind::Other,
        };
        io::Error::new(kind, error)
    }
}

/// The result of every operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;
