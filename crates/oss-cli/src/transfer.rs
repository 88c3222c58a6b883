//! Moving one object's data for `cp`, `sync` and the osscmd transfer commands: a local file
//! to OSS ([`upload`]), an object to a local file ([`download`]) and an object to another
//! ([`copy`]).
//!
//! The data moves through oss-transfer's Uploader, Downloader and Copier (parallel parts,
//! checkpoints under `--checkpoint-dir`, CRC-64 checks, a shared bandwidth limit, a
//! destination file that appears only when complete). What this module adds is the
//! command's policy: ossutil's choice of part size and parallelism from the file size,
//! `--bigfile-threshold` for every direction, the object settings from the flags, progress
//! bars and errors in the CLI's terms.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use oss_client::model::{Acl, ObjectHeaders};
use oss_client::Bucket;
use oss_transfer::plan::{MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE};
use oss_transfer::{
    BandwidthLimit, CancellationToken, Copier, Downloader, TransferProgress, Uploader,
};

use crate::error::{CliError, Result};
use crate::progress::FileProgress;

/// The default `--bigfile-threshold`.
pub const DEFAULT_THRESHOLD: u64 = 100 << 20;

/// What the destination object gets.
#[derive(Debug, Clone, Default)]
pub struct ObjectSettings {
    /// `--acl`.
    pub acl: Option<Acl>,
    /// `--meta name=value`.
    pub meta: Vec<(String, String)>,
    /// `--content-type` (guessed from the key otherwise).
    pub content_type: Option<String>,
    /// Other headers (osscmd's `--headers`), under the settings above.
    pub base: ObjectHeaders,
}

impl ObjectSettings {
    /// The request headers.
    pub fn headers(&self) -> ObjectHeaders {
        let mut headers = self.base.clone();
        if self.content_type.is_some() {
            headers.content_type = self.content_type.clone();
        }
        if self.acl.is_some() {
            headers.acl = self.acl.clone();
        }
        for (name, value) in &self.meta {
            headers = headers.meta(name, value.clone());
        }
        headers
    }

    /// Whether a copy gets settings of its own on top of its source's headers.
    fn updates_metadata(&self) -> bool {
        self.content_type.is_some() || !self.meta.is_empty() || self.base != ObjectHeaders::new()
    }
}

/// How transfers run.
#[derive(Debug, Clone)]
pub struct TransferOptions {
    /// `--part-size` (chosen from the size otherwise).
    pub part_size: Option<u64>,
    /// `--parallel`: parts in flight per file (chosen from the part count otherwise).
    pub parallel: Option<usize>,
    /// `--bigfile-threshold`: from this size on, multipart and ranged transfers.
    pub threshold: u64,
    /// `--checkpoint-dir`: where resumable transfers keep their state.
    pub checkpoint_dir: Option<PathBuf>,
    /// `--bandwidth-limit`, shared by every transfer of the command.
    pub limit: Option<BandwidthLimit>,
    /// What uploaded and copied objects get.
    pub object: ObjectSettings,
    /// Stops the transfers when cancelled (Ctrl-C, SIGTERM).
    pub cancel: Option<CancellationToken>,
}

impl Default for TransferOptions {
    fn default() -> Self {
        TransferOptions {
            part_size: None,
            parallel: None,
            threshold: DEFAULT_THRESHOLD,
            checkpoint_dir: None,
            limit: None,
            object: ObjectSettings::default(),
            cancel: None,
        }
    }
}

impl TransferOptions {
    /// The part size and parts in flight for `size` bytes: one part below the threshold.
    fn parts_for(&self, size: u64) -> (u64, usize) {
        if size < self.threshold.max(1) {
            return (size.clamp(MIN_PART_SIZE, MAX_PART_SIZE), 1);
        }
        let part = part_size(size, self.part_size);
        (part, parallel(size.div_ceil(part), self.parallel))
    }
}

/// What a transfer did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Bytes of the object.
    pub bytes: u64,
    /// Parts taken from a checkpoint instead of being transferred again.
    pub resumed_parts: u32,
}

/// The part size for `size` bytes, as ossutil chooses it: at least 100 KiB and at most
/// 10,000 parts, then fewer and larger parts for big files (at most ~1,000 parts while a
/// part is under 500 MiB) and larger parts for small ones (at least 1 MiB while there are
/// more than 20 parts). A given size is raised only if it would need too many parts.
pub fn part_size(size: u64, given: Option<u64>) -> u64 {
    let floor = size.div_ceil(u64::from(MAX_PARTS)).max(MIN_PART_SIZE);
    if let Some(given) = given {
        return given.max(floor).min(MAX_PART_SIZE);
    }
    let mut part = floor;
    while size.div_ceil(part) > 1000 && part < 500 << 20 {
        part *= 5;
    }
    while part < 1 << 20 && size.div_ceil(part) > 20 {
        part *= 5;
    }
    part.min(size.max(MIN_PART_SIZE))
}

/// Parts in flight per file, as ossutil chooses: more parts, more parallelism (up to 12).
pub fn parallel(parts: u64, given: Option<usize>) -> usize {
    if let Some(given) = given {
        return given.max(1);
    }
    match parts {
        0..=1 => 1,
        2..=3 => 2,
        4..=20 => 4,
        21..=300 => 8,
        301..=500 => 10,
        _ => 12,
    }
}

/// Uploads the file `path` as `key`.
pub async fn upload(
    bucket: &Bucket,
    key: &str,
    path: &Path,
    options: &TransferOptions,
    progress: &Arc<FileProgress>,
) -> Result<Report> {
    let what = || format!("upload {} to oss://{}/{key}", path.display(), bucket.name());
    let size = std::fs::metadata(path)
        .map_err(|e| CliError::io(format!("cannot read {}", path.display()), e))?
        .len();
    let (part_size, concurrency) = options.parts_for(size);
    let mut builder = Uploader::builder(bucket.clone())
        .part_size(part_size)
        .concurrency(concurrency)
        .multipart_threshold(options.threshold.max(1));
    if let Some(dir) = &options.checkpoint_dir {
        builder = builder.checkpoint_dir(dir);
    }
    if let Some(limit) = &options.limit {
        builder = builder.bandwidth_limit(limit.clone());
    }
    let uploader = builder.build().map_err(|e| transfer_error(what(), e, ""))?;
    let mut request = uploader
        .upload_file(path, key)
        .object_headers(options.object.headers())
        .progress(follow(progress));
    if let Some(token) = &options.cancel {
        request = request.cancel(token.clone());
    }
    let left = if options.checkpoint_dir.is_some() {
        "run the same command again to resume it (its checkpoint, if any, is kept)"
    } else {
        "its multipart upload, if one was started, was aborted (with --checkpoint-dir a rerun \
         resumes instead)"
    };
    let outcome = request.await.map_err(|e| transfer_error(what(), e, left))?;
    Ok(Report {
        bytes: outcome.size,
        resumed_parts: outcome.resumed_parts,
    })
}

/// Downloads `key` of `bucket` (its version `version_id`, or the current one; about `size`
/// bytes, which sets the part size) to the file `path`.
pub async fn download(
    (bucket, key, version_id): (&Bucket, &str, Option<&str>),
    size: u64,
    path: &Path,
    options: &TransferOptions,
    progress: &Arc<FileProgress>,
) -> Result<Report> {
    let what = || {
        format!(
            "download oss://{}/{key} to {}",
            bucket.name(),
            path.display()
        )
    };
    let (part_size, concurrency) = options.parts_for(size);
    let mut builder = Downloader::builder(bucket.clone())
        .part_size(part_size)
        .concurrency(concurrency);
    if let Some(dir) = &options.checkpoint_dir {
        builder = builder.checkpoint_dir(dir);
    }
    if let Some(limit) = &options.limit {
        builder = builder.bandwidth_limit(limit.clone());
    }
    let downloader = builder.build().map_err(|e| transfer_error(what(), e, ""))?;
    let mut request = downloader
        .download_file(key, path)
        .progress(follow(progress));
    if let Some(version) = version_id {
        request = request.version_id(version);
    }
    if let Some(token) = &options.cancel {
        request = request.cancel(token.clone());
    }
    let left = if options.checkpoint_dir.is_some() {
        "run the same command again to resume it (its checkpoint and temporary file are kept)"
    } else {
        "its temporary file was removed (with --checkpoint-dir a rerun resumes instead)"
    };
    let outcome = request.await.map_err(|e| transfer_error(what(), e, left))?;
    Ok(Report {
        bytes: outcome.size,
        resumed_parts: outcome.resumed_parts,
    })
}

/// Copies `source_key` of `source` (its version `version_id`, or the current one; about
/// `size` bytes) to `dest_key` of `dest`, on the service's side. The copy keeps the source's headers, metadata and tags; `--content-type`,
/// `--meta` or osscmd's headers go on top of them.
pub async fn copy(
    (source, source_key, version_id): (&Bucket, &str, Option<&str>),
    (dest, dest_key): (&Bucket, &str),
    size: u64,
    options: &TransferOptions,
    progress: &Arc<FileProgress>,
) -> Result<Report> {
    let what = || {
        format!(
            "copy oss://{}/{source_key} to oss://{}/{dest_key}",
            source.name(),
            dest.name()
        )
    };
    let (part_size, concurrency) = options.parts_for(size);
    let copier = Copier::builder(dest.clone())
        .part_size(part_size)
        .concurrency(concurrency)
        .multipart_threshold(options.threshold.max(1))
        .build()
        .map_err(|e| transfer_error(what(), e, ""))?;
    let settings = &options.object;
    let mut request = copier
        .copy(source_key, dest_key)
        .source_bucket(source.name())
        .progress(follow(progress));
    if let Some(version) = version_id {
        request = request.source_version_id(version);
    }
    if let Some(token) = &options.cancel {
        request = request.cancel(token.clone());
    }
    if let Some(acl) = &settings.acl {
        request = request.acl(acl.clone());
    }
    if settings.updates_metadata() {
        request = request.update_metadata(settings.headers());
    }
    let left = "its multipart copy, if one was started, was aborted";
    let outcome = request.await.map_err(|e| transfer_error(what(), e, left))?;
    Ok(Report {
        bytes: outcome.size,
        resumed_parts: 0,
    })
}

/// A progress callback that moves `file`'s bar to the transfer's bytes done.
fn follow(file: &Arc<FileProgress>) -> impl Fn(&TransferProgress) + Send + Sync + 'static {
    let file = Arc::clone(file);
    move |event| file.set(event.bytes_done)
}

/// A transfer's error as the CLI's: a failed request keeps the service's code, message and
/// request id; the rest say what failed. An interrupted transfer says what was `left` of it.
fn transfer_error(context: String, error: oss_transfer::Error, left: &str) -> CliError {
    match error {
        oss_transfer::Error::Request { step, source } => {
            CliError::oss(format!("{context}: {step}"), source)
        }
        oss_transfer::Error::Part { number, source, .. } => {
            transfer_error(format!("{context}: part {number}"), *source, left)
        }
        oss_transfer::Error::Cancelled => {
            CliError::failed(format!("{context}: interrupted; {left}"))
        }
        oss_transfer::Error::InvalidArgument(message) => {
            CliError::usage(format!("{context}: {message}"))
        }
        other => CliError::failed(format!("{context}: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_sizes_follow_ossutil() {
        // Small files: 100 KiB parts grow to 500 KiB, then 2.5 MiB, while over 20 parts.
        assert_eq!(part_size(10 << 20, None), 2_560_000);
        assert!(part_size(300 << 20, None) >= 1 << 20);
        let big = 100u64 << 30;
        let part = part_size(big, None);
        assert!(big.div_ceil(part) <= 10_000);
        assert_eq!(part_size(50 << 20, Some(8 << 20)), 8 << 20);
        // A given size too small for 10,000 parts is raised.
        assert_eq!(part_size(10_000 << 20, Some(100 << 10)), 1 << 20);
        assert_eq!(parallel(1, None), 1);
        assert_eq!(parallel(10, None), 4);
        assert_eq!(parallel(10, Some(0)), 1);
    }

    #[test]
    fn below_the_threshold_is_one_part() {
        let options = TransferOptions {
            threshold: 10 << 20,
            ..TransferOptions::default()
        };
        assert_eq!(options.parts_for(0), (MIN_PART_SIZE, 1));
        assert_eq!(options.parts_for(5 << 20), (5 << 20, 1));
        let (part, concurrency) = options.parts_for(50 << 20);
        assert!(part < 50 << 20 && concurrency > 1);
    }
}
