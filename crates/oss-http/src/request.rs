//! [`OssRequest`]: what one operation sends, before addressing and signing.
//!
//! A request names its bucket and key (decoded), its query parameters (decoded), headers,
//! body, an operation name for logs and errors, how it may be retried, and which integrity
//! checks apply. The client turns it into a URL, signs it and sends it.
//!
//! ```
//! use oss_http::{OssRequest, RequestBody};
//!
//! let request = OssRequest::put()
//!     .operation("PutObject")
//!     .bucket("examplebucket")
//!     .key("photos/cat.jpg")
//!     .header("Content-Type", "image/jpeg")
//!     .body(RequestBody::from_bytes(&b"..."[..]))
//!     .verify_upload_crc();
//! assert_eq!(request.object_key(), Some("photos/cat.jpg"));
//! ```

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method};

use crate::error::Error;
use crate::request_body::RequestBody;
use crate::retry::{RetryHook, RetrySafety};

/// HTTP headers (not a vendor's) whose values are never shown in `Debug` output; the
/// vendors' secret-bearing headers come from their signing vocabularies
/// ([`oss_auth::dialect::is_sensitive_header`]).
const SENSITIVE_HTTP_HEADERS: &[&str] = &["proxy-authorization", "cookie"];

/// Whether a header's value is never shown in `Debug` output (`name` in lower case, as
/// `HeaderName` keeps it).
fn is_sensitive_header(name: &str) -> bool {
    SENSITIVE_HTTP_HEADERS.contains(&name) || oss_auth::dialect::is_sensitive_header(name)
}

/// One request to the service.
pub struct OssRequest {
    pub(crate) method: Method,
    pub(crate) operation: Cow<'static, str>,
    pub(crate) bucket: Option<String>,
    pub(crate) key: Option<String>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: RequestBody,
    pub(crate) retry_safety: RetrySafety,
    pub(crate) retry_hook: Option<Arc<dyn RetryHook>>,
    pub(crate) upload_check: Option<UploadCheck>,
    pub(crate) download_crc: bool,
    pub(crate) resume_broken_body: bool,
    pub(crate) content_md5: bool,
    pub(crate) deadline: Option<Duration>,
    /// Sent without the client's signature (the request carries its own, as a form does).
    pub(crate) unsigned: bool,
    /// The first invalid header given to the builder, reported when the request is sent.
    pub(crate) invalid: Option<String>,
}

impl OssRequest {
    /// A request with this method; everything else empty or default.
    pub fn new(method: Method) -> Self {
        OssRequest {
            operation: Cow::Owned(method.as_str().to_owned()),
            method,
            bucket: None,
            key: None,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: RequestBody::empty(),
            retry_safety: RetrySafety::Idempotent,
            retry_hook: None,
            upload_check: None,
            download_crc: true,
            resume_broken_body: false,
            content_md5: false,
            deadline: None,
            unsigned: false,
            invalid: None,
        }
    }

    /// A GET request.
    pub fn get() -> Self {
        Self::new(Method::GET)
    }

    /// A PUT request.
    pub fn put() -> Self {
        Self::new(Method::PUT)
    }

    /// A POST request.
    pub fn post() -> Self {
        Self::new(Method::POST)
    }

    /// A HEAD request.
    pub fn head() -> Self {
        Self::new(Method::HEAD)
    }

    /// A DELETE request.
    pub fn delete() -> Self {
        Self::new(Method::DELETE)
    }

    /// Names the operation (`GetObject`, `PutObject`, ...) for logs and errors.
    pub fn operation(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.operation = name.into();
        self
    }

    /// Addresses a bucket.
    pub fn bucket(mut self, bucket: impl Into<String>) -> Self {
        self.bucket = Some(bucket.into());
        self
    }

    /// Addresses an object key (not encoded: `photos/a b.jpg`).
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Adds a query parameter (decoded); an empty value is sent as the bare name (`?acl`).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a header. An invalid name or value makes [`HttpClient::send`](crate::HttpClient::send)
    /// fail with [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput). Values must be
    /// visible ASCII (encode anything else, as OSS expects for user metadata).
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name = name.as_ref();
        let parsed_name = HeaderName::from_bytes(name.as_bytes());
        let parsed_value = HeaderValue::from_str(value.as_ref())
            .ok()
            .filter(|v| v.to_str().is_ok());
        match (parsed_name, parsed_value) {
            (Ok(name), Some(mut value)) => {
                if is_sensitive_header(name.as_str()) {
                    value.set_sensitive(true);
                }
                self.headers.append(name, value);
            }
            _ => {
                self.invalid.get_or_insert_with(|| {
                    format!(
                        "header {name:?} has an invalid name or a value that is not visible ASCII"
                    )
                });
            }
        }
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<RequestBody>) -> Self {
        self.body = body.into();
        self
    }

    /// Says how the request may be repeated after a failure (see [`crate::retry`]).
    pub fn retry_safety(mut self, safety: RetrySafety) -> Self {
        self.retry_safety = safety;
        self
    }

    /// Installs a hook that sees (and may veto) each retry of this request.
    pub fn retry_hook(mut self, hook: Arc<dyn RetryHook>) -> Self {
        self.retry_hook = Some(hook);
        self
    }

    /// Compares the CRC-64 of the body sent (computed while sending) with the
    /// `x-oss-hash-crc64ecma` of the response (PutObject, UploadPart, ...). A mismatch is an
    /// integrity error, retried like a 5xx: the upload replaces what was stored. The CRC is
    /// also reported by [`OssResponse::sent_crc64`](crate::OssResponse::sent_crc64).
    pub fn verify_upload_crc(mut self) -> Self {
        self.upload_check = Some(UploadCheck::Whole);
        self
    }

    /// For AppendObject: the response carries the CRC of the whole object, so the body's
    /// CRC is continued from `previous_object_crc` (the CRC before this append) and compared.
    /// A mismatch is not retried: the data was appended, and a retry would only find the
    /// position taken.
    pub fn verify_append_crc(mut self, previous_object_crc: u64) -> Self {
        self.upload_check = Some(UploadCheck::Append(previous_object_crc));
        self
    }

    /// Whether to check a full-object GET's body against the server's CRC-64 (default on;
    /// skipped anyway for range and processed (`x-oss-process`) responses).
    pub fn download_crc(mut self, check: bool) -> Self {
        self.download_crc = check;
        self
    }

    /// For a GET: when the connection breaks while the body streams, the body asks for the
    /// rest (a ranged GET from the first missing byte, with `If-Match` on the response's
    /// ETag so that it never mixes versions) instead of ending with the error, as the
    /// retry strategy allows (see [`crate::retry`]). Needs the response's `ETag` and
    /// `Content-Length`; a response without them streams as usual.
    pub fn resume_broken_body(mut self, resume: bool) -> Self {
        self.resume_broken_body = resume;
        self
    }

    /// Sends `Content-MD5` computed from the body (bytes or a file range, which is then read
    /// twice; not possible for streams).
    pub fn content_md5(mut self, send: bool) -> Self {
        self.content_md5 = send;
        self
    }

    /// A deadline for the whole operation, retries and body included (overrides the client's
    /// operation timeout).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Sends the request without the client's signature: it authenticates itself (a
    /// PostObject form carries its own signed policy), or is anonymous.
    pub fn unsigned(mut self) -> Self {
        self.unsigned = true;
        self
    }

    /// The method.
    pub fn http_method(&self) -> &Method {
        &self.method
    }

    /// The operation name.
    pub fn operation_name(&self) -> &str {
        &self.operation
    }

    /// The bucket, if any.
    pub fn bucket_name(&self) -> Option<&str> {
        self.bucket.as_deref()
    }

    /// The key, if any.
    pub fn object_key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The query parameters (decoded).
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The headers set so far.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body.
    pub fn request_body(&self) -> &RequestBody {
        &self.body
    }

    /// How the request may be retried.
    pub fn safety(&self) -> RetrySafety {
        self.retry_safety
    }

    pub(crate) fn check_valid(&self) -> Result<(), Error> {
        match &self.invalid {
            Some(message) => Err(Error::invalid_input(message.clone())),
            None => Ok(()),
        }
    }
}

/// How the CRC-64 of an upload is compared with the service's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UploadCheck {
    /// The body's CRC is the stored object's (or part's).
    Whole,
    /// The stored object's CRC continues from this one (AppendObject).
    Append(u64),
}

impl UploadCheck {
    /// The CRC the body's CRC starts from.
    pub(crate) fn initial_crc(self) -> u64 {
        match self {
            UploadCheck::Whole => 0,
            UploadCheck::Append(previous) => previous,
        }
    }

    /// Whether a mismatch is worth another attempt: not for an append, whose data was
    /// stored at its position.
    pub(crate) fn mismatch_is_retryable(self) -> bool {
        matches!(self, UploadCheck::Whole)
    }
}

/// Headers for `Debug`: sensitive values replaced.
pub(crate) struct RedactedHeaders<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(name, value)| {
                let shown = if value.is_sensitive() || is_sensitive_header(name.as_str()) {
                    "** redacted **"
                } else {
                    value.to_str().unwrap_or("<binary>")
                };
                (name.as_str(), shown)
            }))
            .finish()
    }
}

struct RedactedQuery<'a>(&'a [(String, String)]);

impl fmt::Debug for RedactedQuery<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(name, value)| {
                let value = if oss_auth::dialect::is_sensitive_query(name) {
                    "** redacted **"
                } else {
                    value.as_str()
                };
                (name.as_str(), value)
            }))
            .finish()
    }
}

impl fmt::Debug for OssRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OssRequest")
            .field("method", &self.method)
            .field("operation", &self.operation)
            .field("bucket", &self.bucket)
            .field("key", &self.key)
            .field("query", &RedactedQuery(&self.query))
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body)
            .field("retry_safety", &self.retry_safety)
            .field("retry_hook", &self.retry_hook)
            .field("upload_check", &self.upload_check)
            .field("download_crc", &self.download_crc)
            .field("resume_broken_body", &self.resume_broken_body)
            .field("content_md5", &self.content_md5)
            .field("deadline", &self.deadline)
            .field("unsigned", &self.unsigned)
            .finish()
    }
}
