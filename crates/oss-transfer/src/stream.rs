//! Part data: where a part's bytes come from (a range of a file, or a buffer read from a
//! stream), as the request body the transport sends, and reading file ranges to hash them.
//!
//! A part's body is the transport's [`Body`]: a file range is read again from the file for
//! each attempt, a buffer is shared without a copy, so the transport's retry loop retries a
//! part like any request (this crate has no loop of its own). A [`PartObserver`] watches
//! every attempt: it counts the bytes sent for progress (and takes back what a failed
//! attempt sent) and paces the chunks under the bandwidth limit. The transport computes the
//! part's CRC-64 while sending and compares it with the service's.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use oss_checksum::crc64;
use oss_client::{Body, BodyObserver};

use crate::bandwidth::BandwidthLimit;
use crate::progress::Tracker;

/// How much of a file is read at a time when hashing it.
const HASH_BUFFER: usize = 256 * 1024;

/// Where a part's bytes come from.
#[derive(Debug, Clone)]
pub(crate) enum PartData {
    /// `length` bytes of a file from `offset`.
    File {
        path: Arc<PathBuf>,
        offset: u64,
        length: u64,
    },
    /// Bytes in memory.
    Bytes(Bytes),
}

impl PartData {
    /// The number of bytes.
    pub(crate) fn len(&self) -> u64 {
        match self {
            PartData::File { length, .. } => *length,
            PartData::Bytes(bytes) => bytes.len() as u64,
        }
    }

    /// The part as a request body watched by `observer`.
    pub(crate) fn into_body(self, observer: PartObserver) -> Body {
        let body = match self {
            PartData::File {
                path,
                offset,
                length,
            } => Body::file_range(path.as_path(), offset, length),
            PartData::Bytes(bytes) => Body::from_bytes(bytes),
        };
        body.observe(observer)
    }
}

/// Watches every attempt to send a part: progress (rolled back when an attempt fails) and
/// the bandwidth limit.
pub(crate) struct PartObserver {
    tracker: Tracker,
    limit: Option<BandwidthLimit>,
}

impl PartObserver {
    pub(crate) fn new(tracker: Tracker, limit: Option<BandwidthLimit>) -> Self {
        PartObserver { tracker, limit }
    }
}

impl BodyObserver for PartObserver {
    fn max_chunk(&self) -> Option<usize> {
        self.limit.as_ref().map(BandwidthLimit::chunk_size)
    }

    fn delay(&self, len: u64) -> Duration {
        self.limit
            .as_ref()
            .map_or(Duration::ZERO, |limit| limit.reserve(len))
    }

    fn chunk_sent(&self, _attempt: u32, len: u64, _sent: u64) {
        self.tracker.advance(len);
    }

    fn attempt_failed(&self, _attempt: u32, sent: u64) {
        self.tracker.rollback(sent);
    }
}

/// Reads `length` bytes of `path` from `offset` in chunks, blocking; fails if the file is
/// shorter.
pub(crate) fn read_range(
    path: &std::path::Path,
    offset: u64,
    length: u64,
    mut each: impl FnMut(&[u8]),
) -> io::Result<()> {
    use std::io::{Read, Seek};
    let mut file = std::fs::File::open(path)?;
    file.seek(io::SeekFrom::Start(offset))?;
    let mut left = length;
    let mut buffer = vec![0u8; HASH_BUFFER];
    while left > 0 {
        let want = left.min(HASH_BUFFER as u64) as usize;
        file.read_exact(&mut buffer[..want])?;
        each(&buffer[..want]);
        left -= want as u64;
    }
    Ok(())
}

/// The CRC-64 of a file range (blocking).
pub(crate) fn crc_of_range(path: &std::path::Path, offset: u64, length: u64) -> io::Result<u64> {
    let mut crc = 0;
    read_range(path, offset, length, |chunk| {
        crc = crc64::update(crc, chunk)
    })?;
    Ok(crc)
}
