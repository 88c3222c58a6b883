//! Download parts: one ranged GET written at its offset in the temporary file, resumed from
//! where it broke, and the repair of parts whose data does not add up.
//!
//! Every request carries `If-Match` with the object's ETag, so a part of another version
//! fails with 412 instead of mixing versions ([`Error::ObjectChanged`]). A body that breaks
//! mid-way is asked for again from the first missing byte, with the client's retry strategy
//! (its attempts count again from one after an attempt that made progress). The CRC-64 of
//! each part is computed as it is written, with positional writes on the blocking pool, a
//! batch of chunks at a time.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use oss_client::model::ETag;
use oss_client::{Bucket, ByteRange};

use crate::bandwidth::{self, BandwidthLimit};
use crate::error::{Error, Result};
use crate::plan::PartRange;
use crate::progress::Tracker;
use crate::retry::Retry;

/// What every part of one download shares.
pub(crate) struct PartCtx {
    pub(crate) bucket: Bucket,
    pub(crate) key: String,
    pub(crate) etag: Option<ETag>,
    pub(crate) temp: PathBuf,
    pub(crate) retry: Retry,
    pub(crate) limit: Option<BandwidthLimit>,
    pub(crate) tracker: Tracker,
}

/// A part written to the temporary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fetched {
    pub(crate) number: u32,
    pub(crate) size: u64,
    pub(crate) crc64: u64,
}

/// Downloads `part` into the temporary file.
pub(crate) async fn download_part(ctx: Arc<PartCtx>, part: PartRange) -> Result<Fetched> {
    fetch_whole(&ctx, part).await.map_err(|e| match e {
        e @ Error::ObjectChanged { .. } => e,
        e => Error::part(part.number, part.offset, e),
    })
}

/// Fetches `part` until two fetches agree on its CRC-64 (one of them `known`), leaving the
/// agreed data in the file; at most four fetches.
pub(crate) async fn repair_part(ctx: Arc<PartCtx>, part: PartRange, known: u64) -> Result<Fetched> {
    let mut seen = vec![known];
    for _ in 0..4 {
        let fetched = download_part(Arc::clone(&ctx), part).await?;
        // The part counted as done already: only the bytes transferred grow.
        ctx.tracker.rollback(part.length);
        if seen.contains(&fetched.crc64) {
            return Ok(fetched);
        }
        seen.push(fetched.crc64);
    }
    Err(Error::part(
        part.number,
        part.offset,
        Error::integrity(format!(
            "no two downloads of the part agree (CRC-64s {seen:?})"
        )),
    ))
}

async fn fetch_whole(ctx: &PartCtx, part: PartRange) -> Result<Fetched> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&ctx.temp)
        .map_err(|e| Error::io(format!("cannot open {}", ctx.temp.display()), e))?;
    let file = Arc::new(file);
    let mut progress = Progress::default();
    let mut attempt = 1;
    loop {
        let before = progress.written;
        let error = match fetch(ctx, part, &file, &mut progress).await {
            Ok(()) => {
                return Ok(Fetched {
                    number: part.number,
                    size: part.length,
                    crc64: progress.crc,
                })
            }
            Err(error) => error,
        };
        if error.is_precondition_failed() {
            return Err(Error::ObjectChanged {
                key: ctx.key.clone(),
            });
        }
        if progress.written > before {
            attempt = 1;
        }
        if !ctx.retry.allows(&error, attempt) {
            ctx.tracker.rollback(progress.written);
            return Err(error);
        }
        ctx.retry.wait(attempt, &error).await;
        attempt += 1;
    }
}

/// How much of a part is in the file, and its CRC-64.
#[derive(Debug, Default)]
struct Progress {
    written: u64,
    crc: u64,
}

/// Received chunks are written this many bytes at a time: one hand-off to the blocking pool
/// per batch rather than per chunk.
const WRITE_BATCH: usize = 1 << 20;

/// Chunks received and not yet written, from `offset` in the file.
struct Batch {
    offset: u64,
    chunks: Vec<bytes::Bytes>,
    len: usize,
}

impl Batch {
    /// Writes the chunks at their offsets (positional writes: parts share the file) and
    /// adds them to `progress`, CRC-64 included, once they are in the file.
    async fn write(
        &mut self,
        file: &Arc<std::fs::File>,
        progress: &mut Progress,
    ) -> io::Result<()> {
        if self.chunks.is_empty() {
            return Ok(());
        }
        let (file, chunks, offset, crc) = (
            Arc::clone(file),
            std::mem::take(&mut self.chunks),
            self.offset,
            progress.crc,
        );
        let crc = tokio::task::spawn_blocking(move || {
            let (mut at, mut crc) = (offset, crc);
            for chunk in &chunks {
                crate::positional::write_all_at(&file, chunk, at)?;
                crc = oss_checksum::crc64::update(crc, chunk);
                at += chunk.len() as u64;
            }
            Ok::<_, io::Error>(crc)
        })
        .await
        .map_err(io::Error::other)??;
        progress.crc = crc;
        progress.written += self.len as u64;
        self.offset += self.len as u64;
        self.len = 0;
        Ok(())
    }
}

/// One ranged GET of what is missing of `part`.
async fn fetch(
    ctx: &PartCtx,
    part: PartRange,
    file: &Arc<std::fs::File>,
    progress: &mut Progress,
) -> Result<()> {
    const STEP: &str = "GetObject";
    let first = part.offset + progress.written;
    let last = part.offset + part.length - 1;
    let range = ByteRange::new(first, last).map_err(|e| Error::request(STEP, e.into()))?;
    let mut request = ctx
        .bucket
        .get_object(&ctx.key)
        .range(range)
        .verify_crc(false);
    if let Some(etag) = &ctx.etag {
        request = request.if_match(etag.clone());
    }
    let output = request.send().await.map_err(|e| Error::request(STEP, e))?;
    if let (Some(pinned), Some(etag)) = (&ctx.etag, &output.meta.etag) {
        if !pinned.matches(etag) {
            return Err(Error::ObjectChanged {
                key: ctx.key.clone(),
            });
        }
    }
    let expected = last - first + 1;
    if output.status().as_u16() != 206 || output.meta.content_length != Some(expected) {
        return Err(Error::integrity(format!(
            "asked for bytes {first}-{last}, got status {} with {:?} bytes",
            output.status(),
            output.meta.content_length
        )));
    }
    let write_error = |e| Error::io(format!("cannot write {}", ctx.temp.display()), e);
    let mut batch = Batch {
        offset: first,
        chunks: Vec::new(),
        len: 0,
    };
    let mut body = output.body;
    while let Some(chunk) = std::future::poll_fn(|cx| {
        futures_core::Stream::poll_next(std::pin::Pin::new(&mut body), cx)
    })
    .await
    {
        // What arrived before a broken body is kept: the next attempt starts after it.
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(e) => {
                batch.write(file, progress).await.map_err(write_error)?;
                return Err(Error::request(STEP, e));
            }
        };
        let len = chunk.len() as u64;
        if progress.written + (batch.len as u64) + len > part.length {
            return Err(Error::integrity(format!(
                "part {} received more than its {} bytes",
                part.number, part.length
            )));
        }
        bandwidth::acquire(ctx.limit.as_ref(), len).await;
        batch.len += chunk.len();
        batch.chunks.push(chunk);
        ctx.tracker.advance(len);
        if batch.len >= WRITE_BATCH {
            batch.write(file, progress).await.map_err(write_error)?;
        }
    }
    batch.write(file, progress).await.map_err(write_error)?;
    if progress.written != part.length {
        return Err(Error::integrity(format!(
            "part {} ended after {} of {} bytes",
            part.number, progress.written, part.length
        )));
    }
    Ok(())
}
