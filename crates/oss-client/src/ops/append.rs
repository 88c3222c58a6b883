//! AppendObject: adds data to the end of an Appendable object, creating it at position 0.
//!
//! Each append names the position it expects to write at; the service refuses any other
//! (409 `PositionNotEqualToLength`), so an append can never land twice. The response gives
//! the next position and the CRC-64 of the whole object, which the next append continues
//! ([`AppendObjectRequest::previous_crc`]) so that every append is checked.
//!
//! # Retries
//! A failure after the request went out (a reset, a 5xx) leaves open whether the data was
//! appended. The request is retried (the position check makes that harmless); when the
//! retry then fails with `PositionNotEqualToLength`, the client checks the object: if it is
//! `position + len` bytes long and its CRC-64 is the one the append would give (or, without
//! the previous CRC, the appended bytes read back have the body's CRC), the first attempt
//! was applied and the append succeeds, with
//! [`verified_after_retry`](AppendObjectResult::verified_after_retry) set.
//!
//! A CRC mismatch is never retried (the transport knows an append's mismatch is final): the
//! data was stored, so a retry could only find the position taken; the integrity error is
//! reported instead.
//!
//! ```no_run
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! let first = bucket.append_object("log.txt", 0, "line 1\n").await?;
//! let second = bucket
//!     .append_object("log.txt", first.next_position, "line 2\n")
//!     .previous_crc(first.crc64.unwrap_or(0))
//!     .await?;
//! assert_eq!(second.next_position, 14);
//! # Ok(())
//! # }
//! ```

use http::Method;
use oss_model::code::ErrorCode;
use oss_model::dialect::Header;
use oss_model::ObjectHeaders;

use crate::body::Body;
use crate::bucket::Bucket;
use crate::call::{operation, Call, Head, UploadCrc};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::mime;
use crate::ops::get::GetObjectRequest;
use crate::ops::head::HeadObjectRequest;
use crate::ops::object_options::{self, object_setters};
use crate::ops::range::ByteRange;
use crate::output::Output;
use crate::progress::{Progress, ProgressEvent};

const OPERATION: &str = "AppendObject";

/// What AppendObject reports.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AppendObjectResult {
    /// Where the next append must start (the object's new length).
    pub next_position: u64,
    /// The CRC-64 of the whole object after this append; pass it to the next append's
    /// [`previous_crc`](AppendObjectRequest::previous_crc).
    pub crc64: Option<u64>,
    /// Whether the append was found applied by checking the object after a retry (see the
    /// [module documentation](self)); the headers are then those of that check.
    pub verified_after_retry: bool,
}

/// AppendObject (`POST /key?append&position=P`).
#[derive(Debug)]
pub struct AppendObjectRequest {
    bucket: Bucket,
    key: String,
    position: u64,
    body: Body,
    headers: ObjectHeaders,
    previous_crc: Option<u64>,
    progress: Option<Progress>,
    verify_crc: bool,
    deadline: Option<std::time::Duration>,
}

impl AppendObjectRequest {
    pub(crate) fn new(bucket: Bucket, key: String, position: u64, body: Body) -> Self {
        AppendObjectRequest {
            bucket,
            key,
            position,
            body,
            headers: ObjectHeaders::new(),
            previous_crc: (position == 0).then_some(0),
            progress: None,
            verify_crc: true,
            deadline: None,
        }
    }

    /// The object's CRC-64 before this append (the previous append's
    /// [`crc64`](AppendObjectResult::crc64)): the new CRC is then checked, and an
    /// ambiguous retry is resolved without reading data back. Known (0) at position 0.
    pub fn previous_crc(mut self, crc: u64) -> Self {
        self.previous_crc = Some(crc);
        self
    }

    object_setters!();

    /// Calls `callback` as the body is sent.
    pub fn progress(mut self, callback: impl Fn(ProgressEvent) + Send + Sync + 'static) -> Self {
        self.progress = Some(Progress::new(callback));
        self
    }

    /// Whether to check the object's new CRC-64 when the previous one is known (on by
    /// default).
    pub fn verify_crc(mut self, verify: bool) -> Self {
        self.verify_crc = verify;
        self
    }

    /// A deadline for the whole request, retries and body included (overrides the client's
    /// operation timeout); past it the request fails with a timeout.
    pub fn deadline(mut self, deadline: std::time::Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self
            .bucket
            .object_call(OPERATION, Method::POST, &self.key)?;
        object_options::validate(OPERATION, &self.headers)?;
        let mut headers = self.headers;
        if self.position == 0 && headers.content_type.is_none() {
            headers.content_type = Some(mime::guess(&self.key).to_owned());
        }
        let crc = match (self.verify_crc, self.previous_crc) {
            (true, Some(previous)) => UploadCrc::Append(previous),
            _ => UploadCrc::Off,
        };
        let call = call
            .query("append", "")
            .query("position", self.position.to_string())
            .headers(object_options::wire_headers(
                self.bucket.client(),
                OPERATION,
                &headers,
            )?)
            .body(self.body)
            .progress(self.progress)
            .deadline(self.deadline)
            .safety(oss_http::RetrySafety::VerifyAfterRetry)
            .upload_crc(crc);
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<AppendObjectResult>> {
        let (bucket, key, position, previous_crc) = (
            self.bucket.clone(),
            self.key.clone(),
            self.position,
            self.previous_crc,
        );
        let (client, mut call) = self.into_call()?;
        let length = call.body.resolve_length().await?;
        let copy = call.body.try_clone();
        let (result, ambiguous) = call.send_tracked(&client).await;
        let error = match result {
            Ok(response) => {
                let head = Head::of(&response);
                let dialect = client.dialect();
                let next = head.number(OPERATION, dialect.header(Header::NextAppendPosition))?;
                let next_position =
                    next.or_else(|| length.map(|n| position + n))
                        .ok_or_else(|| {
                            Error::invalid_response(
                                OPERATION,
                                "no next append position in the response",
                                head.request_id.as_deref(),
                            )
                        })?;
                let value = AppendObjectResult {
                    next_position,
                    crc64: head.number(OPERATION, dialect.header(Header::HashCrc64Ecma))?,
                    verified_after_retry: false,
                };
                return Ok(head.output(value));
            }
            Err(error) => error,
        };
        match (copy, length) {
            (Some(body), Some(length))
                if ambiguous && error.is_code(ErrorCode::PositionNotEqualToLength) =>
            {
                let check = Appended {
                    bucket,
                    key,
                    position,
                    length,
                    previous_crc,
                };
                match check.verify(body).await? {
                    Some(output) => Ok(output),
                    None => Err(error),
                }
            }
            _ => Err(error),
        }
    }
}

operation!(AppendObjectRequest => Output<AppendObjectResult>);

/// An append whose outcome is checked after an ambiguous retry.
struct Appended {
    bucket: Bucket,
    key: String,
    position: u64,
    length: u64,
    previous_crc: Option<u64>,
}

impl Appended {
    /// The result if the object shows the append applied exactly once, else `None`.
    async fn verify(self, mut body: Body) -> Result<Option<Output<AppendObjectResult>>> {
        let Some(body_crc) = body.compute_crc64().await? else {
            return Ok(None);
        };
        let head = HeadObjectRequest::new(self.bucket.clone(), self.key.clone())
            .send()
            .await?;
        let end = self.position + self.length;
        if head.content_length != Some(end) {
            return Ok(None);
        }
        let applied = match self.previous_crc {
            Some(previous) => {
                let expected = oss_http::crc64::combine(previous, body_crc, self.length);
                head.crc64ecma == Some(expected)
            }
            None => self.read_back_crc().await? == body_crc,
        };
        if !applied {
            return Ok(None);
        }
        let crc64 = head.crc64ecma;
        Ok(Some(head.map(|_| AppendObjectResult {
            next_position: end,
            crc64,
            verified_after_retry: true,
        })))
    }

    /// The CRC-64 of the bytes at `[position, position + length)`, streamed.
    async fn read_back_crc(&self) -> Result<u64> {
        if self.length == 0 {
            return Ok(0);
        }
        let range = ByteRange::with_length(self.position, self.length)
            .map_err(|e| Error::validation(OPERATION, e))?;
        let object = GetObjectRequest::new(self.bucket.clone(), self.key.clone())
            .range(range)
            .send()
            .await?;
        let mut body = object.body;
        let mut crc = oss_http::crc64::Crc64::new();
        while let Some(chunk) = std::future::poll_fn(|cx| {
            futures_core::Stream::poll_next(std::pin::Pin::new(&mut body), cx)
        })
        .await
        {
            crc.update(&chunk?);
        }
        Ok(crc.value())
    }
}
