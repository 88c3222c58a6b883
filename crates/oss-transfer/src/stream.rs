//! Part bodies: the bytes of one upload part (a range of a file, or a buffer read from a
//! stream) as a stream of chunks, read as they are sent, throttled by the bandwidth limit,
//! counted for progress and checksummed.
//!
//! A reader task reads the next chunk (256 KiB, less under a low bandwidth limit; files are
//! read 1 MiB at a time on the blocking pool and cut into chunks) while the transport sends
//! the previous one, through a channel of one chunk, so that a file part holds a block and a
//! chunk or two in memory, never the part. The CRC-64 and the byte count are those
//! of the chunks the transport took, and stay readable through a [`PartTally`] after the
//! body is gone.

use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use oss_checksum::crc64;
use tokio::sync::mpsc;

use crate::bandwidth::{self, BandwidthLimit};
use crate::progress::Tracker;

/// The chunk size without a bandwidth limit.
pub(crate) const CHUNK: usize = 256 * 1024;
/// How much of a file is read per hand-off to the blocking pool (then sent as chunks).
const READ_BLOCK: u64 = 1 << 20;

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

    /// The base64 MD5 of the data (reads a file range once more).
    pub(crate) async fn content_md5(&self) -> io::Result<String> {
        use base64::Engine;
        let digest = match self.clone() {
            PartData::Bytes(bytes) => {
                tokio::task::spawn_blocking(move || oss_checksum::md5::digest(&bytes))
                    .await
                    .map_err(io::Error::other)?
            }
            PartData::File {
                path,
                offset,
                length,
            } => tokio::task::spawn_blocking(move || {
                let mut md5 = oss_checksum::md5::Md5::new();
                read_range(&path, offset, length, |chunk| md5.update(chunk))?;
                Ok::<_, io::Error>(md5.finish())
            })
            .await
            .map_err(io::Error::other)??,
        };
        Ok(base64::engine::general_purpose::STANDARD.encode(digest))
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
    let mut buffer = vec![0u8; CHUNK];
    while left > 0 {
        let want = left.min(CHUNK as u64) as usize;
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

/// What went through a part body: bytes and their CRC-64.
#[derive(Debug, Default)]
pub(crate) struct PartTally {
    sent: AtomicU64,
    crc: AtomicU64,
}

impl PartTally {
    /// Bytes the transport took.
    pub(crate) fn sent(&self) -> u64 {
        self.sent.load(Ordering::SeqCst)
    }

    /// Their CRC-64.
    pub(crate) fn crc(&self) -> u64 {
        self.crc.load(Ordering::SeqCst)
    }
}

/// One attempt's body of one part.
pub(crate) struct PartBody {
    /// Chunks with their CRC-64, computed by the reader while the bytes are in its cache.
    chunks: mpsc::Receiver<io::Result<(Bytes, u64)>>,
    tally: Arc<PartTally>,
    tracker: Tracker,
    reader: tokio::task::JoinHandle<()>,
}

impl PartBody {
    /// Starts reading `data`.
    pub(crate) fn new(data: PartData, limit: Option<BandwidthLimit>, tracker: Tracker) -> Self {
        let (sender, chunks) = mpsc::channel(1);
        let reader = tokio::spawn(produce(data, limit, sender));
        PartBody {
            chunks,
            tally: Arc::new(PartTally::default()),
            tracker,
            reader,
        }
    }

    /// The counts, readable after the body is consumed.
    pub(crate) fn tally(&self) -> Arc<PartTally> {
        Arc::clone(&self.tally)
    }
}

impl Drop for PartBody {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

impl Stream for PartBody {
    type Item = io::Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let item = std::task::ready!(this.chunks.poll_recv(cx));
        Poll::Ready(item.map(|chunk| {
            chunk.map(|(chunk, chunk_crc)| {
                let len = chunk.len() as u64;
                let crc = crc64::combine(this.tally.crc(), chunk_crc, len);
                this.tally.crc.store(crc, Ordering::SeqCst);
                this.tally.sent.fetch_add(len, Ordering::SeqCst);
                this.tracker.advance(len);
                chunk
            })
        }))
    }
}

/// Reads `data` chunk by chunk into `sender`, waiting for bandwidth before each chunk.
async fn produce(
    data: PartData,
    limit: Option<BandwidthLimit>,
    sender: mpsc::Sender<io::Result<(Bytes, u64)>>,
) {
    let chunk = limit.as_ref().map_or(CHUNK, BandwidthLimit::chunk_size);
    match data {
        PartData::Bytes(mut bytes) => {
            while !bytes.is_empty() {
                let next = bytes.split_to(chunk.min(bytes.len()));
                bandwidth::acquire(limit.as_ref(), next.len() as u64).await;
                let crc = crc64::update(0, &next);
                if sender.send(Ok((next, crc))).await.is_err() {
                    return;
                }
            }
        }
        PartData::File {
            path,
            offset,
            length,
        } => {
            let mut reading = FileReader {
                path,
                file: None,
                offset,
                left: length,
                chunk,
            };
            loop {
                let block = match reading.next_block().await {
                    Ok(Some(block)) => block,
                    Ok(None) => return,
                    Err(e) => {
                        let _ = sender.send(Err(e)).await;
                        return;
                    }
                };
                for (next, crc) in block {
                    bandwidth::acquire(limit.as_ref(), next.len() as u64).await;
                    if sender.send(Ok((next, crc))).await.is_err() {
                        return;
                    }
                }
            }
        }
    }
}

/// A file range read a block at a time on the blocking pool: one hand-off per block, each
/// read straight into the buffer that becomes the chunks (no zeroing, no second copy), and
/// each chunk's CRC-64 computed right after the read, while the bytes are in the cache.
struct FileReader {
    path: Arc<PathBuf>,
    /// Opened on the first read, and positioned after what was read.
    file: Option<std::fs::File>,
    offset: u64,
    left: u64,
    chunk: usize,
}

impl FileReader {
    /// The next block as chunks with their CRC-64s, `None` at the end; fails if the file is
    /// shorter than the range.
    async fn next_block(&mut self) -> io::Result<Option<Vec<(Bytes, u64)>>> {
        use std::io::{Read, Seek};
        if self.left == 0 {
            return Ok(None);
        }
        let want = self.left.min(READ_BLOCK);
        let (path, file, offset) = (Arc::clone(&self.path), self.file.take(), self.offset);
        let chunk = self.chunk;
        let (file, block) = tokio::task::spawn_blocking(move || {
            let mut file = match file {
                Some(file) => file,
                None => {
                    let mut file = std::fs::File::open(&*path)?;
                    file.seek(io::SeekFrom::Start(offset))?;
                    file
                }
            };
            let mut block = Vec::with_capacity(want as usize);
            (&mut file).take(want).read_to_end(&mut block)?;
            if block.len() as u64 != want {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("{} ended before the part did", path.display()),
                ));
            }
            let mut block = Bytes::from(block);
            let mut chunks = Vec::with_capacity(block.len().div_ceil(chunk));
            while !block.is_empty() {
                let next = block.split_to(chunk.min(block.len()));
                let crc = crc64::update(0, &next);
                chunks.push((next, crc));
            }
            Ok((file, chunks))
        })
        .await
        .map_err(io::Error::other)??;
        self.file = Some(file);
        self.offset += want;
        self.left -= want;
        Ok(Some(block))
    }
}
