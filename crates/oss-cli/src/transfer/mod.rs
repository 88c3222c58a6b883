//! Moving one object's data: a local file to OSS ([`upload`]), an object to a local file
//! ([`download`]) and an object to another ([`copy`]), with multipart and ranged transfers
//! in parallel above `--bigfile-threshold`, checkpoints (`--checkpoint-dir`) that let a
//! killed upload or download resume, CRC-64 checks, progress and a bandwidth limit.
//!
//! This is the one place where the command moves data. It is the CLI's own small transfer
//! layer over oss-client (PutObject, multipart uploads, ranged GetObject, CopyObject,
//! UploadPartCopy), written while oss-transfer's Uploader, Downloader and Copier are being
//! built; its checkpoint files are oss-transfer's (`checkpoint`). When those are complete,
//! these three functions are what changes.

pub mod copy;
pub mod download;
pub mod upload;

use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use oss_client::model::{Acl, ObjectHeaders};
use oss_client::Body;
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio::sync::mpsc;

use crate::error::{CliError, Result};
use crate::limit::RateLimiter;

/// The smallest part OSS accepts (except the last).
pub const MIN_PART_SIZE: u64 = 100 * 1024;
/// The most parts an upload may have.
pub const MAX_PARTS: u64 = 10_000;
/// The default `--bigfile-threshold`.
pub const DEFAULT_THRESHOLD: u64 = 100 << 20;
/// Attempts per part when the client cannot retry by itself (throttled stream bodies, and
/// download bodies broken mid-way).
const PART_ATTEMPTS: u32 = 3;

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
    /// `--bandwidth-limit`.
    pub limiter: Option<Arc<RateLimiter>>,
    /// What uploaded and copied objects get.
    pub object: ObjectSettings,
}

impl Default for TransferOptions {
    fn default() -> Self {
        TransferOptions {
            part_size: None,
            parallel: None,
            threshold: DEFAULT_THRESHOLD,
            checkpoint_dir: None,
            limiter: None,
            object: ObjectSettings::default(),
        }
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
    let floor = size.div_ceil(MAX_PARTS).max(MIN_PART_SIZE);
    if let Some(given) = given {
        return given.max(floor);
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

/// The offset and length of part `number` (from 1).
pub fn part_range(number: u32, size: u64, part_size: u64) -> (u64, u64) {
    let offset = u64::from(number - 1) * part_size;
    (offset, part_size.min(size - offset))
}

/// `length` bytes of `path` from `offset`, throttled by `limiter` when there is one (then
/// as a stream, which the client sends once: see [`PART_ATTEMPTS`]).
pub fn file_body(
    path: &Path,
    offset: u64,
    length: u64,
    limiter: Option<&Arc<RateLimiter>>,
) -> Body {
    let Some(limiter) = limiter else {
        return Body::file_range(path, offset, length);
    };
    let (sender, receiver) = mpsc::channel(4);
    let limiter = Arc::clone(limiter);
    let path = path.to_owned();
    tokio::spawn(async move {
        let read = async {
            let mut file = tokio::fs::File::open(&path).await?;
            file.seek(std::io::SeekFrom::Start(offset)).await?;
            let mut left = length;
            while left > 0 {
                let mut chunk = vec![0u8; left.min(256 << 10) as usize];
                file.read_exact(&mut chunk).await?;
                limiter.acquire(chunk.len() as u64).await;
                left -= chunk.len() as u64;
                if sender.send(Ok(Bytes::from(chunk))).await.is_err() {
                    break;
                }
            }
            Ok::<(), std::io::Error>(())
        };
        if let Err(error) = read.await {
            let _ = sender.send(Err(error)).await;
        }
    });
    Body::from_stream(ChannelStream(receiver), length)
}

/// The chunks a reader task sends, as a stream.
struct ChannelStream(mpsc::Receiver<std::io::Result<Bytes>>);

impl futures_core::Stream for ChannelStream {
    type Item = std::io::Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().0.poll_recv(cx)
    }
}

/// Runs `attempt` until it succeeds, fails for good, or [`PART_ATTEMPTS`] are used.
pub async fn retrying<T, F, Fut>(mut attempt: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let mut tries = 1;
    loop {
        match attempt().await {
            Err(error) if tries < PART_ATTEMPTS && retryable(&error) => {
                tokio::time::sleep(std::time::Duration::from_millis(200 * u64::from(tries))).await;
                tries += 1;
            }
            result => return result,
        }
    }
}

/// Whether an error may go away on a new attempt (a body broken mid-way included).
fn retryable(error: &CliError) -> bool {
    use oss_client::ErrorKind;
    let Some(error) = error.oss_error() else {
        return false;
    };
    error.is_retryable()
        || matches!(
            error.kind(),
            ErrorKind::Transport | ErrorKind::Timeout | ErrorKind::Integrity | ErrorKind::Body
        )
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
        assert_eq!(part_range(3, 250, 100), (200, 50));
    }
}
