//! Directory transfers: a local tree to a prefix ([`Uploader::upload_dir`](crate::Uploader::upload_dir)) and a prefix to
//! a local tree ([`Downloader::download_dir`](crate::Downloader::download_dir)), filtered by patterns, parallel across files
//! and within them, skipping unchanged files when asked, and ending with a [`DirReport`] of
//! what was transferred, skipped (with why) and failed (with the error): nothing is skipped
//! silently.
//!
//! ```no_run
//! use oss_transfer::dir::SkipPolicy;
//! use oss_transfer::{Downloader, Uploader};
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_transfer::Result<()> {
//! let report = Uploader::new(bucket.clone())
//!     .upload_dir("site/public", "www/")
//!     .exclude("*.tmp")
//!     .skip_unchanged(SkipPolicy::SizeAndMtime)
//!     .await?;
//! println!(
//!     "{} uploaded, {} skipped, {} failed",
//!     report.done.len(),
//!     report.skipped.len(),
//!     report.failed.len()
//! );
//! let report = Downloader::new(bucket).download_dir("www/", "restore/site").await?;
//! assert!(report.is_success());
//! # Ok(())
//! # }
//! ```
//!
//! Keys are the prefix (with a `/` added if it has none) followed by the file's path
//! relative to the root, `/`-separated; downloads map keys back the same way and refuse keys
//! that would leave the destination (see [`walk`]). Uploads record each file's
//! modification time in the object's metadata (`x-oss-meta-mtime`, seconds and nanoseconds
//! since the Unix epoch) and downloads set it on the file, so that
//! [`SkipPolicy::SizeAndMtime`] recognises files already transferred.
//!
//! Up to `file_concurrency` files (4 by default) move at once, each with the uploader's or
//! downloader's own part concurrency and checkpoints. Progress events come for each file
//! ([`ProgressScope::Object`]) and for the whole transfer
//! ([`ProgressScope::Overall`]); skipped files count as done.

use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::time::{SystemTime, UNIX_EPOCH};

use oss_client::Bucket;
use tokio::task::JoinSet;

use crate::cancel::{self, CancellationToken};
use crate::error::{Error, Result};
use crate::progress::{ProgressFn, ProgressScope, Tracker};

mod pattern;
pub mod walk;

pub use download::DownloadDirRequest;
pub use pattern::{matches, Filter};
pub use upload::UploadDirRequest;

/// The user metadata that carries a file's modification time.
pub const MTIME_META: &str = "mtime";
/// The default number of files transferred at once.
pub const DEFAULT_FILE_CONCURRENCY: usize = 4;

/// When a file is left alone because the other side already has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SkipPolicy {
    /// Transfer every file (the default).
    #[default]
    Never,
    /// Skip when the sizes are equal and so are the modification times (the object's
    /// `x-oss-meta-mtime`, or for objects without it: an upload skips when the object is
    /// newer than the file, a download when the file's time is the object's).
    SizeAndMtime,
    /// Skip when the sizes are equal and so are the CRC-64s (reads every such local file).
    Crc64,
}

/// Why a file was not transferred.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// The other side has it already (see [`SkipPolicy`]).
    Unchanged,
    /// An include or exclude pattern left it out.
    Excluded,
    /// A symbolic link (not followed).
    Symlink,
    /// Neither a file nor a directory (a socket, a device, …).
    NotAFile,
    /// Its name cannot be a key, or its key cannot be a local path.
    InvalidName(String),
    /// A key ending in `/` (an empty "directory" object); the directory is created.
    DirectoryMarker,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Unchanged => f.write_str("unchanged"),
            SkipReason::Excluded => f.write_str("excluded by a pattern"),
            SkipReason::Symlink => f.write_str("a symbolic link"),
            SkipReason::NotAFile => f.write_str("not a regular file"),
            SkipReason::InvalidName(why) => write!(f, "invalid name: {why}"),
            SkipReason::DirectoryMarker => f.write_str("a directory marker"),
        }
    }
}

/// A file transferred.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TransferredFile {
    /// The local file.
    pub path: PathBuf,
    /// The object's key.
    pub key: String,
    /// Its size.
    pub size: u64,
    /// Bytes found done by a resumed transfer.
    pub resumed_bytes: u64,
}

/// A file left alone.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SkippedFile {
    /// The local file.
    pub path: PathBuf,
    /// The object's key (as it is or would be).
    pub key: String,
    /// Why.
    pub reason: SkipReason,
}

/// A file whose transfer failed.
#[derive(Debug)]
#[non_exhaustive]
pub struct FailedFile {
    /// The local file (or directory that could not be read).
    pub path: PathBuf,
    /// The object's key (empty for an unreadable directory).
    pub key: String,
    /// Why.
    pub error: Error,
}

/// What a directory transfer did, file by file.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct DirReport {
    /// Files transferred.
    pub done: Vec<TransferredFile>,
    /// Files left alone, with why.
    pub skipped: Vec<SkippedFile>,
    /// Files that failed, with the error.
    pub failed: Vec<FailedFile>,
}

impl DirReport {
    /// Whether no file failed.
    pub fn is_success(&self) -> bool {
        self.failed.is_empty()
    }

    /// The bytes transferred.
    pub fn bytes(&self) -> u64 {
        self.done.iter().map(|f| f.size).sum()
    }
}

/// What every directory transfer takes.
#[derive(Debug, Clone)]
struct Options {
    filter: Filter,
    skip: SkipPolicy,
    file_concurrency: usize,
    progress: Option<ProgressFn>,
    cancel: Option<CancellationToken>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            filter: Filter::new(),
            skip: SkipPolicy::Never,
            file_concurrency: DEFAULT_FILE_CONCURRENCY,
            progress: None,
            cancel: None,
        }
    }
}

/// The option setters shared by both requests.
macro_rules! options {
    () => {
        /// Transfers only files matching `pattern` (repeatable; see [`Filter`](super::Filter)).
        pub fn include(mut self, pattern: impl Into<String>) -> Self {
            self.options.filter = self.options.filter.include(pattern);
            self
        }

        /// Leaves out files matching `pattern` (repeatable; wins over includes).
        pub fn exclude(mut self, pattern: impl Into<String>) -> Self {
            self.options.filter = self.options.filter.exclude(pattern);
            self
        }

        /// Skips files the other side already has (never, by default).
        pub fn skip_unchanged(mut self, policy: SkipPolicy) -> Self {
            self.options.skip = policy;
            self
        }

        /// How many files move at once (4 by default; at least 1).
        pub fn file_concurrency(mut self, files: usize) -> Self {
            self.options.file_concurrency = files.max(1);
            self
        }

        /// Calls `callback` for each file's progress and the overall progress.
        pub fn progress(
            mut self,
            callback: impl Fn(&TransferProgress) + Send + Sync + 'static,
        ) -> Self {
            self.options.progress = Some(ProgressFn::new(callback));
            self
        }

        /// Stops when `token` is cancelled: files not finished are reported as failed with
        /// [`Error::Cancelled`](crate::Error::Cancelled), and resume on the next run if checkpoints are on.
        pub fn cancel(mut self, token: CancellationToken) -> Self {
            self.options.cancel = Some(token);
            self
        }
    };
}

/// `prefix` with a `/` at the end (unless empty).
fn folder(prefix: String) -> String {
    if prefix.is_empty() || prefix.ends_with('/') {
        prefix
    } else {
        prefix + "/"
    }
}

/// A modification time as `x-oss-meta-mtime` holds it.
fn mtime_text(time: SystemTime) -> Option<String> {
    let since = time.duration_since(UNIX_EPOCH).ok()?;
    Some(format!("{}.{:09}", since.as_secs(), since.subsec_nanos()))
}

fn parse_mtime(text: &str) -> Option<SystemTime> {
    let (secs, nanos) = text.split_once('.').unwrap_or((text, "0"));
    let duration = std::time::Duration::new(secs.parse().ok()?, nanos.parse().ok()?);
    UNIX_EPOCH.checked_add(duration)
}

/// Lists `prefix` in `bucket`: key → (size, last modified).
async fn listing(bucket: &Bucket, prefix: &str) -> Result<Vec<(String, u64, Option<SystemTime>)>> {
    let objects = bucket
        .list_objects_v2()
        .prefix(prefix)
        .into_paginator()
        .collect_items()
        .await
        .map_err(|e| Error::request("ListObjectsV2", e))?;
    Ok(objects
        .into_iter()
        .map(|o| (o.key, o.size, o.last_modified.to_system_time()))
        .collect())
}

/// The CRC-64 of a whole local file.
async fn local_crc(path: &Path, size: u64) -> Option<u64> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || crate::stream::crc_of_range(&path, 0, size).ok())
        .await
        .ok()
        .flatten()
}

/// One file's transfer, as run by [`run`].
type FileJob = Pin<Box<dyn Future<Output = FileResult> + Send>>;

/// How one file ended.
enum FileResult {
    Done(TransferredFile),
    Skipped(SkippedFile, u64),
    Failed(FailedFile),
}

/// Runs `jobs` (each with its size), `concurrency` at a time, into `report`.
async fn run(
    jobs: Vec<(FileJob, u64, PathBuf, String)>,
    options: &Options,
    overall: &Tracker,
    mut report: DirReport,
) -> DirReport {
    let total = jobs.len() as u64;
    overall.set_files(0, total);
    overall.start(Some(jobs.iter().map(|j| j.1).sum()), 0);
    let mut finished = 0u64;
    let mut pending = jobs.into_iter();
    let mut running = JoinSet::new();
    let mut cancelled = false;
    loop {
        while !cancelled && running.len() < options.file_concurrency {
            let Some((job, _, _, _)) = pending.next() else {
                break;
            };
            running.spawn(tracing::Instrument::in_current_span(job));
        }
        let joined = tokio::select! {
            joined = running.join_next() => joined,
            () = cancel::cancelled(options.cancel.as_ref()), if !cancelled => {
                cancelled = true;
                continue;
            }
        };
        let Some(joined) = joined else { break };
        finished += 1;
        match joined {
            Ok(FileResult::Done(file)) => report.done.push(file),
            Ok(FileResult::Skipped(file, size)) => {
                overall.add_done(size);
                report.skipped.push(file);
            }
            Ok(FileResult::Failed(file)) => report.failed.push(file),
            Err(e) => report.failed.push(FailedFile {
                path: PathBuf::new(),
                key: String::new(),
                error: crate::upload::parts::join_error(e),
            }),
        }
        overall.set_files(finished, total);
    }
    for (_, _, path, key) in pending {
        report.failed.push(FailedFile {
            path,
            key,
            error: Error::Cancelled,
        });
    }
    report
}

/// The tracker of a whole directory transfer.
fn overall_tracker(options: &Options) -> Tracker {
    Tracker::new(
        ProgressScope::Overall {
            files_finished: 0,
            files_total: 0,
        },
        options.progress.clone(),
        None,
    )
}

// After the `options!` macro, which they use.
mod download;
mod upload;
