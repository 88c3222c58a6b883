//! PutObject: uploads an object from bytes, a file or a stream.
//!
//! The `Content-Type` is guessed from the key's extension unless given (see
//! [`mime`](mod@crate::mime)); the CRC-64 of what was sent is compared with the one the service
//! stored. Bytes and files are retried after a failure, streams are not.
//!
//! ```no_run
//! use oss_client::{model::StorageClass, Body};
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! let put = bucket
//!     .put_object("reports/2024.csv", Body::from_file("2024.csv"))
//!     .cache_control("max-age=3600")
//!     .meta("author", "alice")
//!     .storage_class(StorageClass::Ia)
//!     .tag("project", "oss-rs")
//!     .forbid_overwrite(true)
//!     .progress(|p| eprintln!("{} of {:?} bytes", p.transferred, p.total))
//!     .await?;
//! println!("stored with ETag {:?}", put.etag);
//! # Ok(())
//! # }
//! ```

use http::Method;
use oss_model::code::ErrorCode;
use oss_model::dialect::{Dialect, Header};
use oss_model::{ETag, ObjectHeaders};

use crate::body::Body;
use crate::bucket::Bucket;
use crate::call::{operation, Call, Head, UploadCrc};
use crate::client::Client;
use crate::error::Result;
use crate::mime;
use crate::ops::head::HeadObjectRequest;
use crate::ops::object_options::{self, object_setters};
use crate::output::Output;
use crate::progress::{Progress, ProgressEvent};

const OPERATION: &str = "PutObject";

/// What PutObject reports about the stored object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct PutObjectResult {
    /// The ETag.
    pub etag: Option<ETag>,
    /// The CRC-64 of the object: the service's, equal to the body's (they were compared);
    /// the one computed while sending if the service reports none.
    pub crc64: Option<u64>,
    /// The version id (versioned buckets).
    pub version_id: Option<String>,
}

impl PutObjectResult {
    pub(crate) fn from_head(head: &Head, dialect: &Dialect) -> Result<Self> {
        Ok(PutObjectResult {
            etag: head.header("etag").map(ETag::new),
            crc64: head.number(OPERATION, dialect.header(Header::HashCrc64Ecma))?,
            version_id: head
                .header(dialect.header(Header::VersionId))
                .map(str::to_owned),
        })
    }
}

/// PutObject (`PUT /key`).
#[derive(Debug)]
pub struct PutObjectRequest {
    bucket: Bucket,
    key: String,
    body: Body,
    headers: ObjectHeaders,
    extra_headers: Vec<(String, String)>,
    progress: Option<Progress>,
    verify_crc: bool,
    content_md5: bool,
    guess_content_type: bool,
    deadline: Option<std::time::Duration>,
}

impl PutObjectRequest {
    pub(crate) fn new(bucket: Bucket, key: String, body: Body) -> Self {
        PutObjectRequest {
            bucket,
            key,
            body,
            headers: ObjectHeaders::new(),
            extra_headers: Vec::new(),
            progress: None,
            verify_crc: true,
            content_md5: false,
            guess_content_type: true,
            deadline: None,
        }
    }

    object_setters!();

    /// Whether to send a `Content-Type` guessed from the key when none is set (on by
    /// default). Off, the request carries none (the service stores its default), and a
    /// presigned upload signs none, so that the holder of the URL sends no `Content-Type`.
    pub fn guess_content_type(mut self, guess: bool) -> Self {
        self.guess_content_type = guess;
        self
    }

    /// Adds any other request header (e.g. `x-oss-request-payer`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_headers.push((name.into(), value.into()));
        self
    }

    /// Calls `callback` as the body is sent.
    pub fn progress(mut self, callback: impl Fn(ProgressEvent) + Send + Sync + 'static) -> Self {
        self.progress = Some(Progress::new(callback));
        self
    }

    /// Whether to compare the CRC-64 of the body with the stored object's (on by default).
    pub fn verify_crc(mut self, verify: bool) -> Self {
        self.verify_crc = verify;
        self
    }

    /// Sends `Content-MD5` (the service then refuses a corrupted body); bytes and files
    /// only, and a file is read twice.
    pub fn content_md5(mut self, send: bool) -> Self {
        self.content_md5 = send;
        self
    }

    /// A deadline for the whole request, retries and body included (overrides the client's
    /// operation timeout); past it the request fails with a timeout.
    pub fn deadline(mut self, deadline: std::time::Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let mut call = self.bucket.object_call(OPERATION, Method::PUT, &self.key)?;
        object_options::validate(OPERATION, &self.headers)?;
        let mut headers = self.headers;
        if headers.content_type.is_none() && self.guess_content_type {
            headers.content_type = Some(mime::guess(&self.key).to_owned());
        }
        call = call
            .headers(object_options::wire_headers(
                self.bucket.client(),
                OPERATION,
                &headers,
            )?)
            .headers(self.extra_headers)
            .body(self.body)
            .progress(self.progress)
            .deadline(self.deadline)
            .upload_crc(if self.verify_crc {
                UploadCrc::Whole
            } else {
                UploadCrc::Off
            });
        if self.content_md5 {
            call = call.content_md5();
        }
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<PutObjectResult>> {
        let forbid_overwrite = self.headers.forbid_overwrite == Some(true);
        let (bucket, key) = (self.bucket.clone(), self.key.clone());
        let (client, call) = self.into_call()?;
        let mut copy = if forbid_overwrite {
            call.body.try_clone()
        } else {
            None
        };
        let (result, ambiguous) = call.send_tracked(&client).await;
        let error = match result {
            Ok(response) => {
                let head = Head::of(&response);
                let mut value = PutObjectResult::from_head(&head, client.dialect())?;
                value.crc64 = value.crc64.or(response.sent_crc64());
                return Ok(head.output(value));
            }
            Err(error) => error,
        };
        // With forbid-overwrite, a retry of an upload that was applied finds the object
        // there: it is ours if it holds exactly what was sent.
        match copy.as_mut() {
            Some(body) if ambiguous && error.is_code(ErrorCode::FileAlreadyExists) => {
                let crc = body.compute_crc64().await?;
                let head = HeadObjectRequest::new(bucket, key).send().await?;
                if crc.is_some() && head.crc64ecma == crc {
                    let value = PutObjectResult {
                        etag: head.etag.clone(),
                        crc64: head.crc64ecma,
                        version_id: head.version_id.clone(),
                    };
                    return Ok(head.map(|_| value));
                }
                Err(error)
            }
            _ => Err(error),
        }
    }
}

operation!(PutObjectRequest => Output<PutObjectResult>);
