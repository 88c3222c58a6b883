//! [`OssResponse`]: a successful answer, with its status, headers, request id and a
//! streaming [`ResponseBody`].

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use crate::error::Error;
use crate::request::RedactedHeaders;
use crate::response_body::ResponseBody;

/// A successful (2xx) response. Error statuses become [`Error`]s instead.
pub struct OssResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) request_id: Option<String>,
    pub(crate) body: ResponseBody,
    pub(crate) attempts: u32,
    pub(crate) ambiguous_retry: bool,
    pub(crate) crc64_header: &'static str,
    pub(crate) sent_crc64: Option<u64>,
}

impl std::fmt::Debug for OssResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OssResponse")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body)
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl OssResponse {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The request id the service assigned (`x-oss-request-id`), for support cases.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The object's CRC-64 as the server reported it (`x-oss-hash-crc64ecma`).
    pub fn crc64(&self) -> Option<u64> {
        self.header(self.crc64_header)?.trim().parse().ok()
    }

    /// The CRC-64 of the request body as this response's attempt sent it (continued from
    /// the previous object CRC for an append), computed while sending; only for requests
    /// that compare it with the service's
    /// ([`verify_upload_crc`](crate::OssRequest::verify_upload_crc),
    /// [`verify_append_crc`](crate::OssRequest::verify_append_crc)). It equals
    /// [`crc64`](Self::crc64) when the service reported one: they were compared.
    pub fn sent_crc64(&self) -> Option<u64> {
        self.sent_crc64
    }

    /// `Content-Length`, if sent.
    pub fn content_length(&self) -> Option<u64> {
        self.header("content-length")?.trim().parse().ok()
    }

    /// How many attempts it took.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether an earlier attempt failed in a way that leaves open whether the server applied
    /// it, before this one succeeded (see [`crate::retry`]).
    pub fn retried_after_ambiguous_failure(&self) -> bool {
        self.ambiguous_retry
    }

    /// The body, to stream.
    pub fn body_mut(&mut self) -> &mut ResponseBody {
        &mut self.body
    }

    /// Takes the body, dropping the rest.
    pub fn into_body(self) -> ResponseBody {
        self.body
    }

    /// Reads the whole body (checking its CRC when the server sent one).
    pub async fn bytes(self) -> Result<Bytes, Error> {
        self.body.bytes().await
    }

    /// Splits into the head (status and headers) and the body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, ResponseBody) {
        (self.status, self.headers, self.body)
    }
}
