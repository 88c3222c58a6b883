//! The [`Downloader`]: objects to local files with parallel ranged GETs, pinned to the
//! object's ETag, checked with CRC-64, resumable from checkpoints, and moved into place only
//! when complete.
//!
//! ```no_run
//! use oss_transfer::Downloader;
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_transfer::Result<()> {
//! let downloader = Downloader::builder(bucket)
//!     .concurrency(8)
//!     .checkpoint_dir("/var/tmp/oss-checkpoints")
//!     .build()?;
//! let outcome = downloader.download_file("backups/db.tar", "restore/db.tar").await?;
//! println!("{} bytes, CRC-64 {:?}", outcome.size, outcome.crc64);
//! # Ok(())
//! # }
//! ```
//!
//! # How an object is downloaded
//! A HeadObject gives the size, ETag and CRC-64. The data goes into a temporary file beside
//! the destination (`.NAME.oss-download` with a checkpoint, `.NAME.PID.RANDOM.oss-download`
//! without), created where nothing is (never through a symbolic link) and sized up front;
//! `concurrency` parts (4 by default) of `part_size` (8 MiB) are fetched at once with ranged
//! GETs carrying `If-Match: ETAG`, so that a change of the object mid-download fails
//! ([`Error::ObjectChanged`](crate::Error::ObjectChanged)) instead of mixing versions, and
//! each is written at its offset as it arrives. When every part is
//! there, the parts' CRC-64s combined must equal the object's: if they do not, every part is
//! fetched again and kept once two fetches agree (see [`part`]). With
//! [`verify_md5`](DownloadRequest::verify_md5), the file's MD5 is also compared with the
//! object's `Content-MD5` (objects uploaded in one request have one). Then the file is
//! flushed to disk and renamed over the destination: the destination is either untouched
//! or complete, never partial.
//!
//! With a checkpoint directory every written part is recorded, and running the same
//! download again resumes it (see [`resume`]); without one, a failed download removes its
//! temporary file.

use std::fmt;
use std::future::IntoFuture;
use std::path::PathBuf;
use std::sync::Arc;

use oss_client::model::ETag;
use oss_client::{BoxFuture, Bucket};

use crate::bandwidth::BandwidthLimit;
use crate::cancel::CancellationToken;
use crate::checkpoint::CheckpointDir;
use crate::error::Result;
use crate::plan::{self, DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE};
use crate::progress::{ProgressFn, Tracker, TransferProgress};

mod job;
pub mod part;
pub mod resume;
mod temp;
mod writer;

use job::Job;

/// Downloads objects of one bucket to files. Cheap to clone.
#[derive(Clone)]
pub struct Downloader {
    bucket: Bucket,
    settings: Arc<Settings>,
}

#[derive(Debug, Clone)]
struct Settings {
    part_size: u64,
    concurrency: usize,
    checkpoints: Option<CheckpointDir>,
    limit: Option<BandwidthLimit>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            part_size: DEFAULT_PART_SIZE,
            concurrency: DEFAULT_CONCURRENCY,
            checkpoints: None,
            limit: None,
        }
    }
}

impl fmt::Debug for Downloader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Downloader")
            .field("bucket", &self.bucket.name())
            .field("settings", &self.settings)
            .finish()
    }
}

/// Builds a [`Downloader`].
#[derive(Debug)]
pub struct DownloaderBuilder {
    bucket: Bucket,
    settings: Settings,
}

impl DownloaderBuilder {
    /// The size of each ranged GET (8 MiB by default; 100 KiB to 5 GiB).
    pub fn part_size(mut self, bytes: u64) -> Self {
        self.settings.part_size = bytes;
        self
    }

    /// How many parts are fetched at once (4 by default).
    pub fn concurrency(mut self, parts: usize) -> Self {
        self.settings.concurrency = parts;
        self
    }

    /// Keeps checkpoints in `dir`, so that interrupted downloads resume (off by default).
    pub fn checkpoint_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.settings.checkpoints = Some(CheckpointDir::new(dir));
        self
    }

    /// Limits the bandwidth of every download of this downloader.
    pub fn bandwidth_limit(mut self, limit: BandwidthLimit) -> Self {
        self.settings.limit = Some(limit);
        self
    }

    /// Checks the settings.
    pub fn build(self) -> Result<Downloader> {
        plan::check_settings(self.settings.part_size, self.settings.concurrency)?;
        Ok(Downloader {
            bucket: self.bucket,
            settings: Arc::new(self.settings),
        })
    }
}

impl Downloader {
    /// A builder with the defaults: 8 MiB parts, 4 at once, no checkpoints, no limit.
    pub fn builder(bucket: Bucket) -> DownloaderBuilder {
        DownloaderBuilder {
            bucket,
            settings: Settings::default(),
        }
    }

    /// A downloader with the defaults.
    pub fn new(bucket: Bucket) -> Self {
        Downloader {
            bucket,
            settings: Arc::new(Settings::default()),
        }
    }

    /// The bucket.
    pub fn bucket(&self) -> &Bucket {
        &self.bucket
    }

    /// Downloads `key` to the file `destination` (its directory is created if needed).
    pub fn download_file(
        &self,
        key: impl Into<String>,
        destination: impl Into<PathBuf>,
    ) -> DownloadRequest {
        DownloadRequest {
            downloader: self.clone(),
            key: key.into(),
            destination: destination.into(),
            progress: None,
            parent: None,
            cancel: None,
            verify_md5: false,
            version_id: None,
        }
    }
}

/// One download: its callbacks, then `.await`.
#[derive(Debug)]
pub struct DownloadRequest {
    downloader: Downloader,
    key: String,
    destination: PathBuf,
    progress: Option<ProgressFn>,
    parent: Option<Tracker>,
    cancel: Option<CancellationToken>,
    verify_md5: bool,
    version_id: Option<String>,
}

impl DownloadRequest {
    /// Downloads this version of the object (versioned buckets) instead of the current one.
    pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
        self.version_id = Some(version_id.into());
        self
    }

    /// Calls `callback` as data arrives.
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

    /// Stops the download when `token` is cancelled.
    pub fn cancel(mut self, token: CancellationToken) -> Self {
        self.cancel = Some(token);
        self
    }

    /// Also compares the file's MD5 with the object's `Content-MD5`, when it has one (the
    /// file is read once more).
    pub fn verify_md5(mut self, verify: bool) -> Self {
        self.verify_md5 = verify;
        self
    }

    /// Runs the download.
    pub async fn send(self) -> Result<DownloadOutcome> {
        use tracing::Instrument;
        let bucket = self.downloader.bucket.name();
        let span = crate::trace::transfer_span("download", bucket, &self.key);
        self.run().instrument(span).await
    }

    async fn run(self) -> Result<DownloadOutcome> {
        let settings = Arc::clone(&self.downloader.settings);
        let job = Job {
            bucket: self.downloader.bucket,
            tracker: Tracker::object(&self.key, self.progress, self.parent),
            key: self.key,
            settings,
            cancel: self.cancel,
            verify_md5: self.verify_md5,
            version_id: self.version_id,
        };
        let started = std::time::Instant::now();
        let result = job.run(&self.destination).await;
        let (bucket, duration_ms) = (job.bucket.name(), started.elapsed().as_millis() as u64);
        crate::trace::cancelled(&result);
        match &result {
            Ok(done) => tracing::debug!(
                bucket,
                key = %done.key,
                size = done.size,
                parts = done.parts,
                duration_ms,
                "download finished"
            ),
            Err(error) => {
                tracing::debug!(bucket, key = %job.key, %error, duration_ms, "download failed")
            }
        }
        result
    }
}

impl IntoFuture for DownloadRequest {
    type Output = Result<DownloadOutcome>;
    type IntoFuture = BoxFuture<Result<DownloadOutcome>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// What a download did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DownloadOutcome {
    /// The object's key.
    pub key: String,
    /// The file written.
    pub path: PathBuf,
    /// Its size.
    pub size: u64,
    /// The object's ETag.
    pub etag: Option<ETag>,
    /// The object's CRC-64, which the file's matched (`None` if the service reports none).
    pub crc64: Option<u64>,
    /// Whether the file's MD5 was compared with the object's `Content-MD5`.
    pub md5_verified: bool,
    /// The number of ranged GETs' parts.
    pub parts: u32,
    /// Bytes a resumed download found already written.
    pub resumed_bytes: u64,
    /// Parts a resumed download found already written.
    pub resumed_parts: u32,
}
