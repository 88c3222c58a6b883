//! Resumable, parallel, crash-safe uploads, downloads and copies for Alibaba Cloud OSS, on
//! top of `oss-client`.
//!
//! ```no_run
//! use oss_transfer::{Downloader, Uploader};
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_transfer::Result<()> {
//! let uploader = Uploader::builder(bucket.clone())
//!     .checkpoint_dir("/var/tmp/oss-checkpoints") // resumable after a crash
//!     .build()?;
//! let up = uploader
//!     .upload_file("db.tar", "backups/db.tar")
//!     .progress(|p| eprintln!("{:?} left", p.eta))
//!     .await?;
//! println!("{} bytes, CRC-64 {:?}", up.size, up.crc64);
//!
//! let downloader = Downloader::builder(bucket).build()?;
//! downloader.download_file("backups/db.tar", "restore/db.tar").await?;
//! # Ok(())
//! # }
//! ```
//!
//! # What it does
//! - [`Uploader`]: a file, an `AsyncRead` or a stream to an object: one PutObject below the
//!   multipart threshold, a multipart upload above it with N parts in flight. Files are read
//!   as they are sent (memory: read buffers only); readers and streams use at most N+1
//!   part buffers.
//! - [`Downloader`]: an object to a file with parallel ranged GETs pinned to the object's
//!   ETag, into a pre-sized temporary file that is renamed into place only when complete
//!   and checked.
//! - [`Copier`]: server-side copies, UploadPartCopy in parallel above a threshold, metadata
//!   copied or replaced.
//! - [`dir`]: a local tree to a prefix and back, with patterns, skip-if-unchanged and a
//!   report of every file.
//! - [`checkpoint`]: with a checkpoint directory, uploads and downloads record every
//!   completed part in a small versioned, checksummed file written atomically, and resume
//!   from it after a crash, a failure or a cancellation; a stale checkpoint (the source
//!   changed) is discarded, its orphaned upload aborted.
//! - Integrity: every upload part's CRC-64 is compared with the service's, and the parts'
//!   combined CRC-64 with the object's; downloads compare the combined CRC-64 of their parts
//!   with the object's; MD5 on request ([`UploadRequest::content_md5`],
//!   [`DownloadRequest::verify_md5`]).
//! - [`progress`] events (bytes, rates, ETA; per file and overall), cancellation through a
//!   [`CancellationToken`], a shared [`BandwidthLimit`].
//! - Every request, parts included, is retried by the transport's retry loop with the
//!   client's `RetryStrategy` (part bodies are file ranges or buffers that the transport
//!   sends again from their first byte; a download part whose body breaks is continued from
//!   its first missing byte); this crate has no retry loop of its own. A part that keeps
//!   failing fails the transfer with [`Error::Part`] (its number and the cause), and the
//!   checkpoint stays usable.
//!
//! # Defaults
//! | setting | default | why |
//! | --- | --- | --- |
//! | part size (uploads, downloads) | 8 MiB ([`plan::DEFAULT_PART_SIZE`]) | the official SDKs use 6 MiB; 8 MiB is a power of two that keeps 10,000 parts ≥ 78 GiB before the size grows |
//! | parts in flight | 4 ([`plan::DEFAULT_CONCURRENCY`]) | the SDKs use 3; 4 fills a link while memory stays at a few parts |
//! | multipart threshold (uploads) | the part size | as the Go SDK: anything that fits in one part is one PutObject |
//! | copy part size, threshold | 64 MiB, 200 MiB ([`copy`]) | as the Go SDK's copier |
//! | files at once ([`dir`]) | 4 | |
//! | checkpoints | off | a directory must be chosen ([`checkpoint::CheckpointDir`]); file names come from the bucket, key and local path |
//!
//! # Modules
//! One concept each: [`upload`], [`download`], [`copy`], [`dir`], [`plan`] (part
//! planning), [`checkpoint`], [`progress`], [`cancel`], [`bandwidth`], [`error`].

pub mod bandwidth;
pub mod cancel;
pub mod checkpoint;
pub mod copy;
pub mod dir;
pub mod download;
pub mod error;
pub mod plan;
mod positional;
pub mod progress;
mod safe_fs;
mod stream;
mod trace;
pub mod upload;

pub use bandwidth::BandwidthLimit;
pub use cancel::CancellationToken;
pub use copy::{Copier, CopierBuilder, CopyOutcome, CopyRequest};
pub use dir::{DirReport, DownloadDirRequest, SkipPolicy, UploadDirRequest};
pub use download::{DownloadOutcome, DownloadRequest, Downloader, DownloaderBuilder};
pub use error::{Error, Result};
pub use progress::{ProgressScope, TransferProgress};
pub use upload::{UploadOutcome, UploadRequest, Uploader, UploaderBuilder};

/// The README's example, compiled as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
