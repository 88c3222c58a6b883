//! GetObject: downloads an object as a stream, into memory when asked, or into a file.
//!
//! The body streams from the connection; a full-object download is checked against the
//! object's CRC-64 and a mismatch ends the stream with an integrity error. Ranges (bounded,
//! open-ended and suffix), conditions, `response-*` header overrides and image processing
//! (`x-oss-process`) are options.
//!
//! ```no_run
//! use oss_client::ByteRange;
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! let head = bucket.get_object("video.mp4").range(ByteRange::new(0, 1023)?).await?;
//! let first_kib = head.body.bytes().await?;
//!
//! let meta = bucket
//!     .get_object("video.mp4")
//!     .progress(|p| eprintln!("{:.0}%", 100.0 * p.fraction().unwrap_or(0.0)))
//!     .to_file("video.mp4")
//!     .await?;
//! println!("{first_kib:?} … {:?} bytes", meta.content_length);
//! # Ok(())
//! # }
//! ```

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use oss_model::dialect::Header;
use oss_model::ObjectMeta;
use tokio::io::AsyncWriteExt;

use crate::body::ObjectBody;
use crate::bucket::Bucket;
use crate::call::{operation, Call, Head};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::ops::conditions::{condition_setters, Applies, Conditions};
use crate::ops::range::ByteRange;
use crate::output::Output;
use crate::progress::{Progress, ProgressEvent};

const OPERATION: &str = "GetObject";

/// A downloaded object: its metadata, the response head, and the body still to be read.
#[derive(Debug)]
pub struct GetObjectOutput {
    /// What the headers say about the object (`content_length` is that of the body, so of
    /// the range for a range request).
    pub meta: ObjectMeta,
    /// The body, streaming.
    pub body: ObjectBody,
    status: StatusCode,
    headers: HeaderMap,
    request_id: Option<String>,
}

impl GetObjectOutput {
    /// The request id.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status (206 for a range).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A response header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// Reads the whole body into memory.
    pub async fn bytes(self) -> Result<Bytes> {
        self.body.bytes().await
    }
}

/// GetObject (`GET /key`).
#[derive(Debug, Clone)]
pub struct GetObjectRequest {
    bucket: Bucket,
    key: String,
    range: Option<ByteRange>,
    strict_range: bool,
    conditions: Conditions,
    overrides: Vec<(&'static str, String)>,
    process: Option<String>,
    version_id: Option<String>,
    extra_headers: Vec<(String, String)>,
    progress: Option<Progress>,
    verify_crc: bool,
    buffered: bool,
    resume_broken_body: bool,
    deadline: Option<std::time::Duration>,
}

impl GetObjectRequest {
    pub(crate) fn new(bucket: Bucket, key: String) -> Self {
        GetObjectRequest {
            bucket,
            key,
            range: None,
            strict_range: false,
            conditions: Conditions::default(),
            overrides: Vec::new(),
            process: None,
            version_id: None,
            extra_headers: Vec::new(),
            progress: None,
            verify_crc: true,
            buffered: false,
            resume_broken_body: false,
            deadline: None,
        }
    }

    /// Only these bytes (answered with 206).
    pub fn range(mut self, range: ByteRange) -> Self {
        self.range = Some(range);
        self
    }

    /// Asks for standard range behaviour (`x-oss-range-behavior: standard`): a range past
    /// the end fails with 416 instead of returning the whole object.
    pub fn strict_range(mut self, strict: bool) -> Self {
        self.strict_range = strict;
        self
    }

    condition_setters!("the object");

    fn override_header(mut self, name: &'static str, value: String) -> Self {
        self.overrides.push((name, value));
        self
    }

    /// Overrides the response's `Content-Type` (`response-content-type`).
    pub fn response_content_type(self, value: impl Into<String>) -> Self {
        self.override_header("response-content-type", value.into())
    }

    /// Overrides the response's `Content-Language`.
    pub fn response_content_language(self, value: impl Into<String>) -> Self {
        self.override_header("response-content-language", value.into())
    }

    /// Overrides the response's `Expires`.
    pub fn response_expires(self, value: impl Into<String>) -> Self {
        self.override_header("response-expires", value.into())
    }

    /// Overrides the response's `Cache-Control`.
    pub fn response_cache_control(self, value: impl Into<String>) -> Self {
        self.override_header("response-cache-control", value.into())
    }

    /// Overrides the response's `Content-Disposition`.
    pub fn response_content_disposition(self, value: impl Into<String>) -> Self {
        self.override_header("response-content-disposition", value.into())
    }

    /// Overrides the response's `Content-Encoding`.
    pub fn response_content_encoding(self, value: impl Into<String>) -> Self {
        self.override_header("response-content-encoding", value.into())
    }

    /// Processes the object on the way out (`x-oss-process`, e.g. `image/resize,w_100`);
    /// the body is then not the stored object, so its CRC is not checked.
    pub fn process(mut self, process: impl Into<String>) -> Self {
        self.process = Some(process.into());
        self
    }

    /// A given version (versioned buckets).
    pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
        self.version_id = Some(version_id.into());
        self
    }

    /// Adds any other request header (e.g. `x-oss-request-payer`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_headers.push((name.into(), value.into()));
        self
    }

    /// Calls `callback` as the body arrives.
    pub fn progress(mut self, callback: impl Fn(ProgressEvent) + Send + Sync + 'static) -> Self {
        self.progress = Some(Progress::new(callback));
        self
    }

    /// Whether to check a full-object download against the object's CRC-64 (on by
    /// default).
    pub fn verify_crc(mut self, verify: bool) -> Self {
        self.verify_crc = verify;
        self
    }

    /// Reads the whole body into memory before returning, so that a connection broken
    /// mid-body or a body failing its CRC check is retried like any other failure (a
    /// streaming body reports those as errors of the stream instead).
    pub fn buffered(mut self, buffered: bool) -> Self {
        self.buffered = buffered;
        self
    }

    /// When the connection breaks while the body streams, asks for the rest instead of
    /// ending the stream with the error: a ranged GET from the first missing byte, pinned to
    /// the object's ETag with `If-Match` (a changed object ends the stream with a failed
    /// precondition), as the client's retry strategy allows. Off by default.
    pub fn resume_broken_body(mut self, resume: bool) -> Self {
        self.resume_broken_body = resume;
        self
    }

    /// A deadline for the whole request, retries and body included (overrides the client's
    /// operation timeout); past it the request fails with a timeout.
    pub fn deadline(mut self, deadline: std::time::Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let mut call = self.bucket.object_call(OPERATION, Method::GET, &self.key)?;
        if let Some(range) = self.range {
            let range = range
                .checked()
                .map_err(|e| Error::validation(OPERATION, e))?;
            call = call.header("range", range.to_string());
        }
        let dialect = self.bucket.client().dialect();
        if self.strict_range {
            let name = self
                .bucket
                .client()
                .option_header(OPERATION, Header::RangeBehavior)?;
            call = call.header(name, "standard");
        }
        if self.process.is_some() && dialect.process_param.is_empty() {
            return Err(self
                .bucket
                .client()
                .unsupported_option(OPERATION, "process"));
        }
        for (name, value) in self.overrides {
            call = call.query(name, value);
        }
        let call = call
            .query_opt(dialect.process_param, self.process)
            .query_opt("versionId", self.version_id)
            .headers(self.conditions.headers(dialect, Applies::Object))
            .headers(self.extra_headers)
            .download_crc(self.verify_crc)
            .buffered(self.buffered)
            .resume_broken_body(self.resume_broken_body)
            .deadline(self.deadline);
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request; returns once the headers arrived, with the body to stream.
    pub async fn send(self) -> Result<GetObjectOutput> {
        let progress = self.progress.clone();
        let (client, call) = self.into_call()?;
        let response = call.send(&client).await?;
        let head = Head::of(&response);
        let meta = head.object_meta(OPERATION, client.dialect())?;
        Ok(GetObjectOutput {
            meta,
            body: ObjectBody::new(response.into_body(), progress),
            status: head.status,
            headers: head.headers,
            request_id: head.request_id,
        })
    }

    /// Downloads into the file at `path`: written to a temporary file beside it, flushed to
    /// disk, then renamed over `path`, so that `path` never holds a partial or corrupt
    /// object (the temporary file is removed on failure).
    pub async fn to_file(self, path: impl AsRef<Path>) -> Result<Output<ObjectMeta>> {
        let path = path.as_ref();
        let object = self.send().await?;
        let temporary = temporary_path(path);
        let outcome = write_file(&temporary, object.body).await;
        let outcome = match outcome {
            Ok(()) => tokio::fs::rename(&temporary, path).await.map_err(|e| {
                Error::io(
                    format!("cannot rename {} into place", temporary.display()),
                    e,
                )
            }),
            Err(error) => Err(error),
        };
        if let Err(error) = outcome {
            let _ = tokio::fs::remove_file(&temporary).await;
            return Err(error);
        }
        Ok(Output::new(
            object.meta,
            object.status,
            object.headers,
            object.request_id,
        ))
    }
}

operation!(GetObjectRequest => GetObjectOutput);

/// `dir/.name.<pid>.<n>.download` beside `path`.
fn temporary_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "object".to_owned());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{}.{n}.download", std::process::id()))
}

async fn write_file(path: &Path, mut body: ObjectBody) -> Result<()> {
    let shown = || path.display().to_string();
    let mut file = tokio::fs::File::create(path)
        .await
        .map_err(|e| Error::io(format!("cannot create {}", shown()), e))?;
    while let Some(chunk) = std::future::poll_fn(|cx| {
        futures_core::Stream::poll_next(std::pin::Pin::new(&mut body), cx)
    })
    .await
    {
        file.write_all(&chunk?)
            .await
            .map_err(|e| Error::io(format!("cannot write {}", shown()), e))?;
    }
    file.sync_all()
        .await
        .map_err(|e| Error::io(format!("cannot flush {}", shown()), e))?;
    Ok(())
}
