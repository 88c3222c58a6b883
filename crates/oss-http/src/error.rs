//! The one error type of this crate: what went wrong ([`ErrorKind`]), the service's answer
//! when there was one ([`ServiceError`]), and which request it was about.
//!
//! Errors are classified by meaning so that callers can decide without matching on strings:
//! [`Error::is_not_found`], [`Error::is_retryable`], [`Error::is_timeout`] and friends.
//! No error ever carries a secret: not in `Display`, not in `Debug`.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use http::StatusCode;

/// The broad category of an error, shared by every layer of oss-rs: the transport raises the
/// first seven; the kinds after them are raised by the layers above with this same enum
/// (oss-client re-exports it), so that a program matches one set of kinds whichever layer
/// failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The service answered with an error status (its code and message are in
    /// [`Error::service`]).
    Service,
    /// The connection failed: refused, reset, closed early, TLS, proxy or DNS failure.
    Transport,
    /// A time limit ran out (see [`Error::timeout_kind`] for which one).
    Timeout,
    /// Data did not match its checksum or declared length; it must not be trusted.
    Integrity,
    /// The request was not sent because something in it, or in the configuration, is invalid.
    InvalidInput,
    /// No credentials could be obtained to sign the request.
    Credentials,
    /// The request body could not be produced: a local file failed to read, or the caller's
    /// stream yielded an error or the wrong number of bytes.
    Body,
    /// A layer above refused the request before sending it (a bucket name, a key, a document
    /// that breaks the service's rules).
    Validation,
    /// A successful response could not be read (malformed XML, a malformed header).
    InvalidResponse,
    /// A local file could not be written or read.
    Io,
    /// The service the client speaks has no such operation (Tencent COS has no
    /// `GetBucketInfo`); nothing was sent.
    Unsupported,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Service => "service error",
            ErrorKind::Transport => "transport error",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Integrity => "integrity error",
            ErrorKind::InvalidInput => "invalid input",
            ErrorKind::Credentials => "credentials error",
            ErrorKind::Body => "request body error",
            ErrorKind::Validation => "invalid request",
            ErrorKind::InvalidResponse => "invalid response",
            ErrorKind::Io => "local I/O error",
            ErrorKind::Unsupported => "not supported by this service",
        })
    }
}

/// Which time limit ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the connection (TCP, proxy tunnel and TLS handshake) took too long.
    Connect,
    /// No byte moved in either direction for this long while the request was in flight.
    ReadIdle(Duration),
    /// The whole operation's deadline passed.
    Deadline(Duration),
}

/// The error answer of the service: HTTP status plus the fields of its XML `Error` body.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The OSS error code, e.g. `NoSuchKey`; empty when the response had no error body.
    pub code: String,
    /// The human-readable message.
    pub message: String,
    /// The request id (`x-oss-request-id` header, or `RequestId` in the body).
    pub request_id: Option<String>,
    /// The host that answered (`HostId`).
    pub host_id: Option<String>,
    /// The detailed error code (`EC`, or the `x-oss-ec` header), for the OSS troubleshooting
    /// pages.
    pub ec: Option<String>,
    /// For `SignatureDoesNotMatch`: the string the server signed (`StringToSign`). Compare it
    /// with your own to find the mismatch. It may contain the STS token (V1 signs
    /// `x-oss-security-token`), so `Debug` and `Display` redact that line.
    pub string_to_sign: Option<String>,
    /// For V4 `SignatureDoesNotMatch`: the server's canonical request (redacted the same way).
    pub canonical_request: Option<String>,
    /// Every other element of the error body, in order (e.g. `ServerTime`, `BucketName`).
    pub details: Vec<(String, String)>,
}

impl ServiceError {
    pub(crate) fn new(status: StatusCode) -> Self {
        ServiceError {
            status,
            code: String::new(),
            message: String::new(),
            request_id: None,
            host_id: None,
            ec: None,
            string_to_sign: None,
            canonical_request: None,
            details: Vec::new(),
        }
    }

    /// The value of another element of the error body.
    pub fn detail(&self, name: &str) -> Option<&str> {
        self.details
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Replaces the value of every line that carries a security token: a `name:value` header
/// line or a `name=value` parameter, for the token names of every vendor's signing
/// vocabulary.
fn redact_token_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let lower = line.to_ascii_lowercase();
            let token = oss_auth::dialect::security_token_names().find(|name| {
                let name = name.to_ascii_lowercase();
                lower.starts_with(&format!("{name}:")) || lower.contains(&format!("{name}="))
            });
            match token {
                Some(name) => format!("{name}:** redacted **"),
                None => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("host_id", &self.host_id)
            .field("ec", &self.ec)
            .field(
                "string_to_sign",
                &self.string_to_sign.as_deref().map(redact_token_lines),
            )
            .field(
                "canonical_request",
                &self.canonical_request.as_deref().map(redact_token_lines),
            )
            .field("details", &self.details)
            .finish()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status.as_u16())?;
        if !self.code.is_empty() {
            write!(f, " {}", self.code)?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id}")?;
            if let Some(ec) = &self.ec {
                write!(f, ", EC {ec}")?;
            }
            f.write_str(")")?;
        }
        if let Some(sts) = &self.string_to_sign {
            write!(f, "; server string to sign: {:?}", redact_token_lines(sts))?;
        }
        Ok(())
    }
}

/// What a checksum or length check found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IntegrityError {
    /// The CRC-64 computed over the data differs from the one the other side reported.
    Crc64Mismatch {
        /// What the other side said (for downloads: the server; for uploads: computed here).
        expected: u64,
        /// What was computed over the data actually transferred.
        actual: u64,
    },
    /// A body ended with a different length than declared.
    LengthMismatch {
        /// The declared length.
        expected: u64,
        /// The bytes actually seen.
        actual: u64,
    },
}

impl fmt::Display for IntegrityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntegrityError::Crc64Mismatch { expected, actual } => write!(
                f,
                "CRC-64 mismatch: expected {expected}, computed {actual} (the data is corrupt)"
            ),
            IntegrityError::LengthMismatch { expected, actual } => {
                write!(
                    f,
                    "length mismatch: expected {expected} bytes, got {actual}"
                )
            }
        }
    }
}

impl StdError for IntegrityError {}

/// The request an error was about, filled in by the client.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestContext {
    pub(crate) operation: String,
    pub(crate) bucket: Option<String>,
    pub(crate) key: Option<String>,
    pub(crate) attempts: u32,
    pub(crate) ambiguous_retry: bool,
}

/// Where in the exchange a transport failure happened; decides whether the request may have
/// reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Before any byte of the request was sent (connecting, signing, validating).
    BeforeSend,
    /// The request may have been (partly) sent.
    InFlight,
}

/// The error of every fallible operation in this crate.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    service: Option<ServiceError>,
    timeout: Option<TimeoutKind>,
    integrity: Option<IntegrityError>,
    phase: Phase,
    retryable: bool,
    source: Option<Box<dyn StdError + Send + Sync>>,
    context: RequestContext,
    /// For a transport failure or a connect timeout: the host and port, and the proxy used.
    peer: Option<String>,
}

impl Error {
    fn with(kind: ErrorKind, message: impl Into<String>, phase: Phase, retryable: bool) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                service: None,
                timeout: None,
                integrity: None,
                phase,
                retryable,
                source: None,
                context: RequestContext::default(),
                peer: None,
            }),
        }
    }

    pub(crate) fn invalid_input(message: impl Into<String>) -> Self {
        Self::with(ErrorKind::InvalidInput, message, Phase::BeforeSend, false)
    }

    pub(crate) fn credentials(source: oss_auth::credentials::CredentialsError) -> Self {
        let mut error = Self::with(
            ErrorKind::Credentials,
            "no credentials to sign the request",
            Phase::BeforeSend,
            false,
        );
        error.inner.source = Some(Box::new(source));
        error
    }

    pub(crate) fn from_service(service: ServiceError) -> Self {
        let retryable = is_retryable_service(&service);
        let mut error = Self::with(ErrorKind::Service, "", Phase::InFlight, retryable);
        error.inner.service = Some(service);
        error
    }

    pub(crate) fn transport(
        message: impl Into<String>,
        phase: Phase,
        retryable: bool,
        source: Option<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        let mut error = Self::with(ErrorKind::Transport, message, phase, retryable);
        error.inner.source = source;
        error
    }

    pub(crate) fn timeout(kind: TimeoutKind) -> Self {
        let (message, phase) = match kind {
            TimeoutKind::Connect => ("connecting timed out".to_owned(), Phase::BeforeSend),
            TimeoutKind::ReadIdle(after) => (
                format!("no data moved for {} ms", after.as_millis()),
                Phase::InFlight,
            ),
            TimeoutKind::Deadline(after) => (
                format!("the operation deadline of {} ms passed", after.as_millis()),
                Phase::InFlight,
            ),
        };
        // A deadline is the caller's budget for the whole operation: retrying cannot help.
        let retryable = !matches!(kind, TimeoutKind::Deadline(_));
        let mut error = Self::with(ErrorKind::Timeout, message, phase, retryable);
        error.inner.timeout = Some(kind);
        error
    }

    pub(crate) fn from_integrity(integrity: IntegrityError, what: &str) -> Self {
        // A corrupt download is worth fetching again, and a corrupt upload worth sending
        // again when that replaces what was stored; the upload check clears the flag for an
        // append, whose data stays where it was appended.
        let mut error = Self::with(ErrorKind::Integrity, what, Phase::InFlight, true);
        error.inner.integrity = Some(integrity);
        error
    }

    pub(crate) fn body(
        message: impl Into<String>,
        source: Option<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        let mut error = Self::with(ErrorKind::Body, message, Phase::InFlight, false);
        error.inner.source = source;
        error
    }

    pub(crate) fn set_retryable(mut self, retryable: bool) -> Self {
        self.inner.retryable = retryable;
        self
    }

    /// Names where a transport failure happened (`host:port`, and `through the proxy
    /// host:port`); other errors are left as they are.
    pub(crate) fn with_peer(mut self, peer: impl FnOnce() -> String) -> Self {
        let connect_timeout = matches!(self.inner.timeout, Some(TimeoutKind::Connect));
        if self.inner.kind == ErrorKind::Transport || connect_timeout {
            self.inner.peer = Some(peer());
        }
        self
    }

    /// Where a transport failure happened: `host:port`, with the proxy when one was used.
    pub fn peer(&self) -> Option<&str> {
        self.inner.peer.as_deref()
    }

    pub(crate) fn with_context(mut self, context: RequestContext) -> Self {
        self.inner.context = context;
        self
    }

    pub(crate) fn set_attempts(&mut self, attempts: u32, ambiguous_retry: bool) {
        self.inner.context.attempts = attempts;
        self.inner.context.ambiguous_retry = ambiguous_retry;
    }

    /// The broad category.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The service's answer, for [`ErrorKind::Service`].
    pub fn service(&self) -> Option<&ServiceError> {
        self.inner.service.as_ref()
    }

    /// The HTTP status, for service errors.
    pub fn status(&self) -> Option<StatusCode> {
        self.inner.service.as_ref().map(|s| s.status)
    }

    /// The OSS error code (`NoSuchKey`, `AccessDenied`, ...), for service errors with a body.
    pub fn code(&self) -> Option<&str> {
        self.inner
            .service
            .as_ref()
            .map(|s| s.code.as_str())
            .filter(|c| !c.is_empty())
    }

    /// The request id of the failed response, when the service answered.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.service.as_ref()?.request_id.as_deref()
    }

    /// Which time limit ran out, for [`ErrorKind::Timeout`].
    pub fn timeout_kind(&self) -> Option<TimeoutKind> {
        self.inner.timeout
    }

    /// What a failed integrity check found, for [`ErrorKind::Integrity`].
    pub fn integrity(&self) -> Option<&IntegrityError> {
        self.inner.integrity.as_ref()
    }

    /// The operation name the request carried (e.g. `GetObject`).
    pub fn operation(&self) -> &str {
        &self.inner.context.operation
    }

    /// How many attempts were made before giving up (0 if none was sent).
    pub fn attempts(&self) -> u32 {
        self.inner.context.attempts
    }

    /// Whether an earlier attempt failed in a way that leaves open whether the server applied
    /// it, and the request was then retried. For operations that are not idempotent
    /// (AppendObject, CompleteMultipartUpload) the caller must then check the outcome: see
    /// [`crate::retry`].
    pub fn retried_after_ambiguous_failure(&self) -> bool {
        self.inner.context.ambiguous_retry
    }

    /// Whether trying again may succeed: 5xx (but 501 and 505), 429, 408, `RequestTimeTooSkewed`, connection
    /// reset or refused, timeouts (except the operation deadline), a corrupt download, and
    /// an upload the server stored with another CRC-64 (except an append's).
    pub fn is_retryable(&self) -> bool {
        self.inner.retryable
    }

    /// Whether the server may have applied the request although the client saw a failure:
    /// a 5xx answer, or a transport failure after the request was on its way. Callers of
    /// operations that are not idempotent check the outcome before trying again.
    pub fn may_have_been_applied(&self) -> bool {
        match self.inner.kind {
            ErrorKind::Service => self
                .inner
                .service
                .as_ref()
                .is_some_and(|s| s.status.is_server_error() && !is_refusal(s.status)),
            ErrorKind::Transport | ErrorKind::Timeout | ErrorKind::Integrity | ErrorKind::Body => {
                self.inner.phase == Phase::InFlight
            }
            // The layers above raise the last kinds themselves and answer for them.
            ErrorKind::InvalidInput
            | ErrorKind::Credentials
            | ErrorKind::Validation
            | ErrorKind::InvalidResponse
            | ErrorKind::Io
            | ErrorKind::Unsupported => false,
        }
    }

    /// 404: the bucket, object, upload or configuration does not exist.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// 403 other than a clock-skew rejection: missing permission or a bad signature.
    pub fn is_access_denied(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN) && !self.is_clock_skew()
    }

    /// 412: an `If-Match`/`If-Unmodified-Since` (or similar) precondition failed.
    pub fn is_precondition_failed(&self) -> bool {
        self.status() == Some(StatusCode::PRECONDITION_FAILED)
    }

    /// 304: an `If-None-Match`/`If-Modified-Since` GET found the object unchanged.
    pub fn is_not_modified(&self) -> bool {
        self.status() == Some(StatusCode::NOT_MODIFIED)
    }

    /// 409: the request conflicts with the current state (e.g. `BucketAlreadyExists`,
    /// `PositionNotEqualToLength`, `FileAlreadyExists`).
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(StatusCode::CONFLICT)
    }

    /// 429 or 503: the service asks the client to slow down.
    pub fn is_throttled(&self) -> bool {
        matches!(
            self.status(),
            Some(StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE)
        )
    }

    /// `RequestTimeTooSkewed`: the local clock differs too much from the server's.
    pub fn is_clock_skew(&self) -> bool {
        self.code() == Some(crate::provider::Provider::OSS.clock_skew_code)
    }

    /// `SignatureDoesNotMatch`; see [`ServiceError::string_to_sign`].
    pub fn is_signature_mismatch(&self) -> bool {
        self.code() == Some(crate::provider::Provider::OSS.signature_mismatch_code)
    }

    /// Any time limit ran out.
    pub fn is_timeout(&self) -> bool {
        self.inner.kind == ErrorKind::Timeout
    }

    /// A checksum or length check failed: the data must not be trusted.
    pub fn is_integrity(&self) -> bool {
        self.inner.kind == ErrorKind::Integrity
    }
}

/// A server error that says the request can never succeed there: 501 (the server does not
/// implement what was asked) and 505 (nor that HTTP version). Neither is retried, and neither
/// was applied.
fn is_refusal(status: StatusCode) -> bool {
    status == StatusCode::NOT_IMPLEMENTED || status == StatusCode::HTTP_VERSION_NOT_SUPPORTED
}

fn is_retryable_service(service: &ServiceError) -> bool {
    let status = service.status;
    (status.is_server_error() && !is_refusal(status))
        || status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::REQUEST_TIMEOUT
        || service.code == crate::provider::Provider::OSS.clock_skew_code
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let context = &self.inner.context;
        if !context.operation.is_empty() {
            f.write_str(&context.operation)?;
            if let Some(bucket) = &context.bucket {
                write!(f, " {bucket}")?;
                if let Some(key) = &context.key {
                    write!(f, "/{key}")?;
                }
            }
            f.write_str(": ")?;
        }
        match (&self.inner.service, &self.inner.integrity) {
            (Some(service), _) => write!(f, "{service}")?,
            (None, Some(integrity)) => write!(f, "{}: {integrity}", self.inner.message)?,
            (None, None) => write!(f, "{}", self.inner.kind)?,
        }
        if let Some(peer) = &self.inner.peer {
            write!(f, " ({peer})")?;
        }
        if self.inner.service.is_none() && self.inner.integrity.is_none() {
            write!(f, ": {}", self.inner.message)?;
        }
        if let Some(source) = &self.inner.source {
            write!(f, ": {source}")?;
        }
        if context.attempts > 1 {
            write!(f, " (after {} attempts)", context.attempts)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Error");
        debug
            .field("kind", &self.inner.kind)
            .field("message", &self.inner.message);
        if let Some(service) = &self.inner.service {
            debug.field("service", service);
        }
        if let Some(timeout) = &self.inner.timeout {
            debug.field("timeout", timeout);
        }
        if let Some(integrity) = &self.inner.integrity {
            debug.field("integrity", integrity);
        }
        debug
            .field("retryable", &self.inner.retryable)
            .field("source", &self.inner.source)
            .field("context", &self.inner.context)
            .field("peer", &self.inner.peer)
            .finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

impl From<Error> for std::io::Error {
    /// For [`tokio::io::AsyncRead`] adapters: timeouts become `TimedOut`, integrity failures
    /// `InvalidData`, everything else `Other`; the [`Error`] stays reachable as the inner error.
    fn from(error: Error) -> Self {
        let kind = match error.kind() {
            ErrorKind::Timeout => std::io::ErrorKind::TimedOut,
            ErrorKind::Integrity => std::io::ErrorKind::InvalidData,
            _ => std::io::ErrorKind::Other,
        };
        std::io::Error::new(kind, error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_error_classification() {
        let mut service = ServiceError::new(StatusCode::FORBIDDEN);
        service.code = "RequestTimeTooSkewed".into();
        let error = Error::from_service(service);
        assert!(error.is_clock_skew());
        assert!(error.is_retryable());
        assert!(!error.is_access_denied());
        assert!(!error.may_have_been_applied());

        let error = Error::from_service(ServiceError::new(StatusCode::NOT_FOUND));
        assert!(error.is_not_found());
        assert!(!error.is_retryable());

        let error = Error::from_service(ServiceError::new(StatusCode::SERVICE_UNAVAILABLE));
        assert!(error.is_retryable() && error.is_throttled() && error.may_have_been_applied());

        // Not implemented is final, and nothing was done.
        let error = Error::from_service(ServiceError::new(StatusCode::NOT_IMPLEMENTED));
        assert!(!error.is_retryable() && !error.may_have_been_applied());

        let error = Error::timeout(TimeoutKind::Deadline(Duration::from_secs(1)));
        assert!(!error.is_retryable());
        let error = Error::timeout(TimeoutKind::Connect);
        assert!(error.is_retryable() && !error.may_have_been_applied());
    }

    #[test]
    fn token_lines_are_redacted_in_debug_and_display() {
        let mut service = ServiceError::new(StatusCode::FORBIDDEN);
        service.code = "SignatureDoesNotMatch".into();
        service.string_to_sign =
            Some("GET\n\n\nDate\nx-oss-security-token:SECRET-TOKEN\n/bucket/key".into());
        let error = Error::from_service(service);
        assert!(error.is_signature_mismatch());
        assert!(!format!("{error:?}").contains("SECRET-TOKEN"));
        assert!(!format!("{error}").contains("SECRET-TOKEN"));
        assert!(error
            .service()
            .unwrap()
            .string_to_sign
            .as_deref()
            .unwrap()
            .contains("SECRET-TOKEN"));
    }
}
