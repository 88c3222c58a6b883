//! What every operation shares: a [`Call`] (the request an operation sends), how it is
//! sent, and how responses become [`Output`]s.
//!
//! Every call goes to the transport once, and the transport's retry loop is the only one:
//! the call declares what the loop needs to decide (the operation's [`RetrySafety`], a body
//! that can be sent again from its first byte, the upload check), and an upload's progress
//! is an observer of its body that sees every attempt. Answers other than an object's
//! stream are read whole inside the attempt (buffered), so that a connection broken while
//! a small answer arrives is retried by the loop too.
//!
//! # AppendObject and CompleteMultipartUpload
//! Both carry a guard that makes a duplicate harmless, so they use
//! [`RetrySafety::VerifyAfterRetry`] and resolve the one ambiguous case (the transport
//! marks the outcome when it retried after a failure that may have been applied):
//!
//! - **AppendObject** (`?append&position=P`, body of `N` bytes): if the first attempt was
//!   applied, the retry fails with 409 `PositionNotEqualToLength`. HEAD the object: if its
//!   length is `P + N` (and its `x-oss-hash-crc64ecma` equals
//!   `crc64::combine(previous_crc, body_crc, N)` when CRCs are on), the append was applied
//!   once; report success. Otherwise report the error. A CRC mismatch of an append is not
//!   retried at all (the transport knows: its data was stored).
//! - **CompleteMultipartUpload**: if the first attempt was applied, the upload no longer
//!   exists and the retry fails with 404 `NoSuchUpload`. HEAD the object: if its ETag is
//!   the multipart ETag expected from the parts (or, without the parts, it is a multipart
//!   object written during the call), the upload was completed; report success. Otherwise
//!   report the error.
//!
//! Neither retry can corrupt data: the position check refuses a second append, and a
//! completed upload cannot be completed twice.
//!
//! # Tracing
//! Every call is a debug span `oss_operation` (target `oss_client`) with the operation's
//! name, the bucket and the key, and `status` once answered; the transport's request span,
//! with its attempts and retries, is inside it. Nothing else of the request is recorded:
//! no header, no query, no credential.

use std::time::Duration;

use http::{HeaderMap, Method, StatusCode};
use oss_http::{OssRequest, OssResponse, RetrySafety};
use oss_model::{KeyEncoding, XmlBody};

use crate::body::Body;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::progress::{Progress, ProgressObserver};

/// How an upload's CRC-64 is checked against the server's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UploadCrc {
    /// Not checked.
    Off,
    /// The body's CRC equals the stored object's (PutObject, UploadPart).
    Whole,
    /// The object's CRC continues from this value (AppendObject).
    Append(u64),
}

/// One request of an operation, ready to be sent or presigned.
#[derive(Debug)]
pub(crate) struct Call {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) bucket: Option<String>,
    pub(crate) key: Option<String>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Body,
    /// Reports the upload of `body`.
    pub(crate) progress: Option<Progress>,
    pub(crate) safety: RetrySafety,
    pub(crate) upload_crc: UploadCrc,
    pub(crate) download_crc: bool,
    pub(crate) content_md5: bool,
    /// Read the whole body before returning (the transport then retries a body broken
    /// mid-way or failing its CRC). On by default; off for an object's stream.
    pub(crate) buffered: bool,
    /// Continue a streamed GET body broken mid-way (see the transport).
    pub(crate) resume_broken_body: bool,
    /// A deadline for the whole call, retries and body included.
    pub(crate) deadline: Option<Duration>,
    /// Sent without the client's signature (a form carries its own).
    pub(crate) unsigned: bool,
}

impl Call {
    pub(crate) fn new(operation: &'static str, method: Method) -> Self {
        Call {
            operation,
            method,
            bucket: None,
            key: None,
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::empty(),
            progress: None,
            safety: RetrySafety::Idempotent,
            upload_crc: UploadCrc::Off,
            download_crc: true,
            content_md5: false,
            buffered: true,
            resume_broken_body: false,
            deadline: None,
            unsigned: false,
        }
    }

    pub(crate) fn bucket(mut self, bucket: &str) -> Self {
        self.bucket = Some(bucket.to_owned());
        self
    }

    pub(crate) fn key(mut self, key: &str) -> Self {
        self.key = Some(key.to_owned());
        self
    }

    /// Adds a query parameter (an empty value is sent as the bare name).
    pub(crate) fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_owned(), value.into()));
        self
    }

    /// Adds a query parameter when there is a value.
    pub(crate) fn query_opt(self, name: &str, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.query(name, value.to_string()),
            None => self,
        }
    }

    pub(crate) fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    pub(crate) fn header_opt(self, name: &str, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.header(name, value.to_string()),
            None => self,
        }
    }

    pub(crate) fn headers(mut self, headers: impl IntoIterator<Item = (String, String)>) -> Self {
        self.headers.extend(headers);
        self
    }

    pub(crate) fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    pub(crate) fn xml_body(self, body: &impl XmlBody) -> Self {
        self.header("content-type", "application/xml")
            .body(Body::from_bytes(body.to_xml()))
    }

    pub(crate) fn progress(mut self, progress: Option<Progress>) -> Self {
        self.progress = progress;
        self
    }

    pub(crate) fn safety(mut self, safety: RetrySafety) -> Self {
        self.safety = safety;
        self
    }

    pub(crate) fn upload_crc(mut self, crc: UploadCrc) -> Self {
        self.upload_crc = crc;
        self
    }

    pub(crate) fn download_crc(mut self, check: bool) -> Self {
        self.download_crc = check;
        self
    }

    pub(crate) fn content_md5(mut self) -> Self {
        self.content_md5 = true;
        self
    }

    pub(crate) fn buffered(mut self, buffered: bool) -> Self {
        self.buffered = buffered;
        self
    }

    pub(crate) fn resume_broken_body(mut self, resume: bool) -> Self {
        self.resume_broken_body = resume;
        self
    }

    pub(crate) fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    pub(crate) fn unsigned(mut self) -> Self {
        self.unsigned = true;
        self
    }

    /// The transport request, its body watched by the progress callback if there is one.
    fn into_request(self) -> OssRequest {
        let body = match self.progress {
            Some(progress) => self.body.observe(ProgressObserver::new(progress)),
            None => self.body,
        };
        let mut request = OssRequest::new(self.method)
            .operation(self.operation)
            .retry_safety(self.safety)
            .download_crc(self.download_crc)
            .content_md5(self.content_md5)
            .resume_broken_body(self.resume_broken_body)
            .body(body);
        if let Some(deadline) = self.deadline {
            request = request.deadline(deadline);
        }
        if self.unsigned {
            request = request.unsigned();
        }
        if let Some(bucket) = &self.bucket {
            request = request.bucket(bucket.as_str());
        }
        if let Some(key) = &self.key {
            request = request.key(key.as_str());
        }
        for (name, value) in &self.query {
            request = request.query(name.as_str(), value.as_str());
        }
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        request = match self.upload_crc {
            UploadCrc::Off => request,
            UploadCrc::Whole => request.verify_upload_crc(),
            UploadCrc::Append(previous) => request.verify_append_crc(previous),
        };
        request
    }

    /// Sends the call (see the module documentation for who retries).
    pub(crate) async fn send(self, client: &Client) -> Result<OssResponse> {
        self.send_tracked(client).await.0
    }

    /// Sends the call; also says whether the transport retried an attempt after a failure
    /// that may have been applied.
    pub(crate) async fn send_tracked(self, client: &Client) -> (Result<OssResponse>, bool) {
        use tracing::Instrument;
        if let Err(error) = client.check_supported(self.operation) {
            return (Err(error), false);
        }
        let span = tracing::debug_span!(
            "oss_operation",
            operation = self.operation,
            bucket = self.bucket.as_deref().unwrap_or(""),
            key = self.key.as_deref().unwrap_or(""),
            status = tracing::field::Empty,
        );
        let http = client.http();
        let buffered = self.buffered;
        let request = self.into_request();
        let sent = async {
            if buffered {
                http.send_buffered(request).await
            } else {
                http.send(request).await
            }
        }
        .instrument(span.clone())
        .await;
        match sent {
            Ok(response) => {
                span.record("status", response.status().as_u16());
                let ambiguous = response.retried_after_ambiguous_failure();
                (Ok(response), ambiguous)
            }
            Err(error) => {
                if let Some(status) = error.status() {
                    span.record("status", status.as_u16());
                }
                let ambiguous = error.retried_after_ambiguous_failure();
                (Err(error.into()), ambiguous)
            }
        }
    }
}

/// The head of a response: status, headers and request id.
pub(crate) struct Head {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) request_id: Option<String>,
}

impl Head {
    pub(crate) fn of(response: &OssResponse) -> Self {
        Head {
            status: response.status(),
            headers: response.headers().clone(),
            request_id: response.request_id().map(str::to_owned),
        }
    }

    pub(crate) fn output<T>(self, value: T) -> Output<T> {
        Output::new(value, self.status, self.headers, self.request_id)
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The `(name, value)` pairs of the text headers, for oss-model's readers.
    pub(crate) fn pairs(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
            .collect()
    }

    /// What the headers say about an object.
    pub(crate) fn object_meta(
        &self,
        operation: &str,
        dialect: &oss_model::dialect::Dialect,
    ) -> Result<oss_model::ObjectMeta> {
        oss_model::ObjectMeta::from_headers_in(dialect, self.pairs()).map_err(|e| {
            Error::invalid_response(operation, e.to_string(), self.request_id.as_deref())
        })
    }

    /// A numeric header, failing when present but malformed.
    pub(crate) fn number(&self, operation: &str, name: &str) -> Result<Option<u64>> {
        match self.header(name) {
            None => Ok(None),
            Some(text) => text.trim().parse().map(Some).map_err(|_| {
                Error::invalid_response(
                    operation,
                    format!("header {name} is not a number: {text:?}"),
                    self.request_id.as_deref(),
                )
            }),
        }
    }
}

/// Reads and parses an XML body.
pub(crate) async fn xml_output<T: XmlBody>(
    operation: &str,
    response: OssResponse,
) -> Result<Output<T>> {
    let head = Head::of(&response);
    let body = response.bytes().await?;
    let value = T::from_xml(&body).map_err(|e| {
        Error::invalid_response(operation, e.to_string(), head.request_id.as_deref())
    })?;
    Ok(head.output(value))
}

/// Reads and parses an XML body whose names `encoding-type=url` may have encoded.
pub(crate) async fn decoded_xml_output<T: XmlBody + KeyEncoding>(
    operation: &str,
    response: OssResponse,
) -> Result<Output<T>> {
    let head = Head::of(&response);
    let body = response.bytes().await?;
    let value = T::from_xml_decoded(&body).map_err(|e| {
        Error::invalid_response(operation, e.to_string(), head.request_id.as_deref())
    })?;
    Ok(head.output(value))
}

/// Implements [`IntoFuture`](std::future::IntoFuture) (so that the builder can be
/// `.await`ed) and `presign` for request builders whose `send` returns `$output`.
macro_rules! operation {
    ($builder:ty => $output:ty) => {
        impl ::std::future::IntoFuture for $builder {
            type Output = $crate::error::Result<$output>;
            type IntoFuture = $crate::call::BoxFuture<$crate::error::Result<$output>>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }

        impl $builder {
            /// Presigns this request instead of sending it: a URL anyone can use until it
            /// expires, and the headers they must send with it (see [`crate::presign`]).
            pub async fn presign(
                self,
                options: $crate::presign::PresignOptions,
            ) -> $crate::error::Result<$crate::presign::PresignedRequest> {
                let (client, call) = self.into_call()?;
                $crate::presign::presign(&client, &call, &options).await
            }
        }
    };
}

pub(crate) use operation;

/// The future an awaited request builder runs.
pub type BoxFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'static>>;
