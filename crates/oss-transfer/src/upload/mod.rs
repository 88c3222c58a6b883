//! The [`Uploader`]: files, readers and streams to objects, one PutObject below a threshold
//! and a parallel multipart upload above it, checked with CRC-64, resumable from checkpoints.
//!
//! ```no_run
//! use oss_transfer::Uploader;
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_transfer::Result<()> {
//! let uploader = Uploader::builder(bucket)
//!     .part_size(16 << 20)
//!     .concurrency(8)
//!     .checkpoint_dir("/var/tmp/oss-checkpoints")
//!     .build()?;
//! let outcome = uploader
//!     .upload_file("db.tar", "backups/db.tar")
//!     .meta("origin", "nightly")
//!     .await?;
//! println!("{} bytes in {} parts, CRC-64 {:?}", outcome.size, outcome.parts, outcome.crc64);
//!
//! // Any AsyncRead (or a stream of Bytes), in (concurrency + 1) × part size of memory.
//! let log = tokio::fs::File::open("today.log").await.unwrap();
//! uploader.upload_reader(log, "logs/today.txt").await?;
//! # Ok(())
//! # }
//! ```
//!
//! # How a file is uploaded
//! A file smaller than the multipart threshold (by default the part size, 8 MiB) is sent
//! with one PutObject. A larger one is planned into parts ([`PartPlan`]: the part size grows
//! so that there are at most 10,000), and `concurrency` parts (4 by default) are sent at once,
//! each read from the file as it is sent. Each part's CRC-64 is compared with the service's;
//! after CompleteMultipartUpload the object's CRC-64 is compared with the parts' combined.
//! With [`content_md5`](UploadRequest::content_md5) every request also carries `Content-MD5`.
//!
//! With a checkpoint directory, the upload records each completed part and can be resumed
//! after a crash or a cancellation by running it again (see [`resume`]); without one, a
//! failed multipart upload is aborted. A file whose size or modification time changes
//! during its upload fails it with
//! [`Error::SourceChanged`](crate::Error::SourceChanged) (before completion for a multipart
//! upload, which is then aborted with its checkpoint; after the PutObject for a small file,
//! whose object may then hold a mix).
//!
//! [`PartPlan`]: crate::plan::PartPlan

use std::fmt;
use std::future::IntoFuture;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_core::Stream;
use oss_client::model::{ETag, ObjectHeaders, StorageClass};
use oss_client::BoxError;
use oss_client::{BoxFuture, Bucket};
use tokio::io::AsyncRead;

use crate::bandwidth::BandwidthLimit;
use crate::cancel::CancellationToken;
use crate::checkpoint::CheckpointDir;
use crate::error::Result;
use crate::plan::{self, DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE};
use crate::progress::{ProgressFn, Tracker, TransferProgress};

mod job;
pub(crate) mod parts;
mod reader;
pub mod resume;

use job::Job;
use reader::{BoxReader, StreamReader};

/// Uploads files, readers and streams to one bucket. Cheap to clone.
#[derive(Clone)]
pub struct Uploader {
    bucket: Bucket,
    settings: Arc<Settings>,
}

#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) part_size: u64,
    pub(crate) concurrency: usize,
    pub(crate) threshold: u64,
    pub(crate) checkpoints: Option<CheckpointDir>,
    pub(crate) limit: Option<BandwidthLimit>,
    pub(crate) hash_source: bool,
}

impl fmt::Debug for Uploader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Uploader")
            .field("bucket", &self.bucket.name())
            .field("settings", &self.settings)
            .finish()
    }
}

/// Builds an [`Uploader`].
#[derive(Debug)]
pub struct UploaderBuilder {
    bucket: Bucket,
    settings: Settings,
    threshold: Option<u64>,
}

impl UploaderBuilder {
    /// The part size (8 MiB by default; 100 KiB to 5 GiB). It is raised for an object that
    /// would otherwise need more than 10,000 parts.
    pub fn part_size(mut self, bytes: u64) -> Self {
        self.settings.part_size = bytes;
        self
    }

    /// How many parts are sent at once (4 by default).
    pub fn concurrency(mut self, parts: usize) -> Self {
        self.settings.concurrency = parts;
        self
    }

    /// Sources smaller than this go in one PutObject (by default the part size).
    pub fn multipart_threshold(mut self, bytes: u64) -> Self {
        self.threshold = Some(bytes);
        self
    }

    /// Keeps checkpoints in `dir`, so that interrupted file uploads resume (off by default).
    pub fn checkpoint_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.settings.checkpoints = Some(CheckpointDir::new(dir));
        self
    }

    /// Also records the CRC-64 of a file's content in its checkpoint, so that a file changed
    /// without a change of size or modification time is noticed (costs one read of the file
    /// per run; off by default).
    pub fn hash_source(mut self, hash: bool) -> Self {
        self.settings.hash_source = hash;
        self
    }

    /// Limits the bandwidth of every upload of this uploader (shared with other transfers
    /// given the same limit).
    pub fn bandwidth_limit(mut self, limit: BandwidthLimit) -> Self {
        self.settings.limit = Some(limit);
        self
    }

    /// Checks the settings.
    pub fn build(self) -> Result<Uploader> {
        plan::check_settings(self.settings.part_size, self.settings.concurrency)?;
        let mut settings = self.settings;
        settings.threshold = self.threshold.unwrap_or(settings.part_size);
        Ok(Uploader {
            bucket: self.bucket,
            settings: Arc::new(settings),
        })
    }
}

impl Uploader {
    /// A builder with the defaults: 8 MiB parts, 4 at once, multipart from 8 MiB, no
    /// checkpoints, no bandwidth limit.
    pub fn builder(bucket: Bucket) -> UploaderBuilder {
        UploaderBuilder {
            bucket,
            settings: Settings {
                part_size: DEFAULT_PART_SIZE,
                concurrency: DEFAULT_CONCURRENCY,
                threshold: DEFAULT_PART_SIZE,
                checkpoints: None,
                limit: None,
                hash_source: false,
            },
            threshold: None,
        }
    }

    /// An uploader with the defaults.
    pub fn new(bucket: Bucket) -> Self {
        Uploader {
            bucket,
            settings: Arc::new(Settings {
                part_size: DEFAULT_PART_SIZE,
                concurrency: DEFAULT_CONCURRENCY,
                threshold: DEFAULT_PART_SIZE,
                checkpoints: None,
                limit: None,
                hash_source: false,
            }),
        }
    }

    /// The bucket.
    pub fn bucket(&self) -> &Bucket {
        &self.bucket
    }

    /// Uploads the file at `path` as `key` (source first, then destination, as in every
    /// transfer call).
    pub fn upload_file(&self, path: impl Into<PathBuf>, key: impl Into<String>) -> UploadRequest {
        self.request(key.into(), Source::File(path.into()))
    }

    /// Uploads everything `reader` yields as `key`.
    pub fn upload_reader(
        &self,
        reader: impl AsyncRead + Send + 'static,
        key: impl Into<String>,
    ) -> UploadRequest {
        self.request(
            key.into(),
            Source::Reader {
                reader: Box::pin(reader),
                size_hint: None,
            },
        )
    }

    /// Uploads everything `stream` yields as `key`.
    pub fn upload_stream<S, E>(&self, stream: S, key: impl Into<String>) -> UploadRequest
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Send + Unpin + 'static,
        E: Into<BoxError> + 'static,
    {
        self.upload_reader(StreamReader::new(stream), key)
    }

    fn request(&self, key: String, source: Source) -> UploadRequest {
        UploadRequest {
            uploader: self.clone(),
            key,
            source,
            headers: ObjectHeaders::new(),
            progress: None,
            cancel: None,
            content_md5: false,
            parent: None,
        }
    }
}

enum Source {
    File(PathBuf),
    Reader {
        reader: BoxReader,
        size_hint: Option<u64>,
    },
}

/// One upload: its object's metadata and its callbacks, then `.await`.
pub struct UploadRequest {
    uploader: Uploader,
    key: String,
    source: Source,
    headers: ObjectHeaders,
    progress: Option<ProgressFn>,
    cancel: Option<CancellationToken>,
    content_md5: bool,
    parent: Option<Tracker>,
}

impl fmt::Debug for UploadRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::File(path) => format!("file {}", path.display()),
            Source::Reader { size_hint, .. } => format!("reader (size hint {size_hint:?})"),
        };
        f.debug_struct("UploadRequest")
            .field("key", &self.key)
            .field("source", &source)
            .field("headers", &self.headers)
            .finish()
    }
}

impl UploadRequest {
    /// Sets `Content-Type` (by default guessed from the key's extension).
    pub fn content_type(mut self, value: impl Into<String>) -> Self {
        self.headers.content_type = Some(value.into());
        self
    }

    /// Adds user metadata `x-oss-meta-<name>`.
    pub fn meta(mut self, name: impl AsRef<str>, value: impl Into<String>) -> Self {
        self.headers = self.headers.meta(name, value);
        self
    }

    /// Sets the storage class.
    pub fn storage_class(mut self, class: StorageClass) -> Self {
        self.headers.storage_class = Some(class);
        self
    }

    /// Refuses to overwrite an existing object.
    pub fn forbid_overwrite(mut self, forbid: bool) -> Self {
        self.headers.forbid_overwrite = Some(forbid);
        self
    }

    /// Replaces all of the object's headers (content headers, metadata, ACL, storage class,
    /// tags, encryption).
    pub fn object_headers(mut self, headers: ObjectHeaders) -> Self {
        self.headers = headers;
        self
    }

    /// For a reader or stream: its length, when known, so that the part size can grow to fit
    /// 10,000 parts and the total is reported in progress events.
    pub fn size_hint(mut self, bytes: u64) -> Self {
        if let Source::Reader { size_hint, .. } = &mut self.source {
            *size_hint = Some(bytes);
        }
        self
    }

    /// Calls `callback` as data moves.
    pub fn progress(
        mut self,
        callback: impl Fn(&TransferProgress) + Send + Sync + 'static,
    ) -> Self {
        self.progress = Some(ProgressFn::new(callback));
        self
    }

    pub(crate) fn progress_fn(
        mut self,
        callback: Option<ProgressFn>,
        parent: Option<Tracker>,
    ) -> Self {
        self.progress = callback;
        self.parent = parent;
        self
    }

    /// Stops the upload when `token` is cancelled.
    pub fn cancel(mut self, token: CancellationToken) -> Self {
        self.cancel = Some(token);
        self
    }

    /// Sends `Content-MD5` with every request, so that the service also checks each part's
    /// MD5 (each part is read twice).
    pub fn content_md5(mut self, send: bool) -> Self {
        self.content_md5 = send;
        self
    }

    /// Runs the upload.
    pub async fn send(self) -> Result<UploadOutcome> {
        use tracing::Instrument;
        let span = crate::trace::transfer_span("upload", self.uploader.bucket.name(), &self.key);
        self.run().instrument(span).await
    }

    async fn run(self) -> Result<UploadOutcome> {
        let started = std::time::Instant::now();
        let uploader = self.uploader;
        let resumable =
            matches!(self.source, Source::File(_)) && uploader.settings.checkpoints.is_some();
        let job = Job {
            bucket: uploader.bucket,
            tracker: Tracker::object(&self.key, self.progress, self.parent),
            key: self.key,
            settings: uploader.settings,
            headers: self.headers,
            content_md5: self.content_md5,
            upload_id: Mutex::new(None),
            cancel: self.cancel,
        };
        let result = match self.source {
            Source::File(path) => job.upload_file(&path).await,
            Source::Reader { reader, size_hint } => reader::upload(&job, reader, size_hint).await,
        };
        if result.is_err() && !resumable {
            job.abort().await;
        }
        let bucket = job.bucket.name();
        let duration_ms = started.elapsed().as_millis() as u64;
        crate::trace::cancelled(&result);
        match &result {
            Ok(done) => tracing::debug!(
                bucket,
                key = %done.key,
                size = done.size,
                parts = done.parts,
                resumed_parts = done.resumed_parts,
                duration_ms,
                "upload finished"
            ),
            Err(error) => tracing::debug!(
                bucket,
                key = %job.key,
                %error,
                upload_aborted = !resumable,
                duration_ms,
                "upload failed"
            ),
        }
        result
    }
}

impl IntoFuture for UploadRequest {
    type Output = Result<UploadOutcome>;
    type IntoFuture = BoxFuture<Result<UploadOutcome>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// What an upload did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadOutcome {
    /// The object's key.
    pub key: String,
    /// Its size.
    pub size: u64,
    /// Its ETag.
    pub etag: ETag,
    /// Its CRC-64, checked against the data sent (`None` if the service reports none).
    pub crc64: Option<u64>,
    /// The multipart upload's id (`None` for a single PutObject).
    pub upload_id: Option<String>,
    /// The number of parts (0 for a single PutObject).
    pub parts: u32,
    /// Bytes a resumed upload found already uploaded.
    pub resumed_bytes: u64,
    /// Parts a resumed upload found already uploaded.
    pub resumed_parts: u32,
}
