//! Download parts: one ranged GET written at its offset in the temporary file, and the repair
//! of parts whose data does not add up.
//!
//! Every request carries `If-Match` with the object's ETag, so a part of another version
//! fails with 412 instead of mixing versions ([`Error::ObjectChanged`]). The CRC-64 of each
//! part is computed as it arrives; the bytes go to the file through its one writer (the
//! `writer` module).
//!
//! This module retries nothing: the transport's retry loop retries a GET that fails before
//! its body, and continues a body that breaks mid-way from its first missing byte (the
//! client's `resume_broken_body`: a ranged GET pinned to the ETag, under the client's retry
//! strategy, its count starting again after each continuation that brought data), so a part
//! is one stream here. `repair_part` is not a retry either: it runs when every part arrived
//! but their CRC-64s do not add up to the object's, and fetches each part until two fetches
//! agree, a question of which bytes are right rather than of a request that failed.

use std::path::PathBuf;
use std::sync::Arc;

use oss_client::model::ETag;
use oss_client::{Bucket, ByteRange};

use crate::bandwidth::{self, BandwidthLimit};
use crate::error::{Error, Result};
use crate::plan::PartRange;
use crate::progress::Tracker;

use super::writer::{FileWriter, BATCH};

/// What every part of one download shares.
pub(crate) struct PartCtx {
    pub(crate) bucket: Bucket,
    pub(crate) key: String,
    /// The version downloaded (the current one when `None`).
    pub(crate) version_id: Option<String>,
    pub(crate) etag: Option<ETag>,
    pub(crate) temp: PathBuf,
    /// The temporary file's writer.
    pub(crate) writer: FileWriter,
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
    let fetched = fetch_whole(&ctx, part).await.map_err(|e| match e {
        e @ Error::ObjectChanged { .. } => e,
        e => Error::part(part.number, part.offset, e),
    })?;
    crate::trace::part_done(
        "downloaded",
        &ctx.key,
        part.number,
        part.offset,
        part.length,
    );
    Ok(fetched)
}

/// Fetches `part` until two fetches agree on its CRC-64 (one of them `known`), leaving the
/// agreed data in the file; at most four fetches.
pub(crate) async fn repair_part(ctx: Arc<PartCtx>, part: PartRange, known: u64) -> Result<Fetched> {
    let mut seen = vec![known];
    for _ in 0..4 {
        tracing::debug!(key = %ctx.key, part = part.number, known = ?seen, "part refetched");
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
    let mut progress = Progress::default();
    match fetch(ctx, part, &mut progress).await {
        Ok(()) => Ok(Fetched {
            number: part.number,
            size: part.length,
            crc64: progress.crc,
        }),
        Err(error) => {
            ctx.tracker.rollback(progress.written);
            if error.is_precondition_failed() {
                return Err(Error::ObjectChanged {
                    key: ctx.key.clone(),
                });
            }
            Err(error)
        }
    }
}

/// How much of a part is in the file, and its CRC-64.
#[derive(Debug, Default)]
struct Progress {
    written: u64,
    crc: u64,
}

/// The ranged GET of `part`; what arrives is in the file when it returns, whether it
/// succeeds or not.
async fn fetch(ctx: &PartCtx, part: PartRange, progress: &mut Progress) -> Result<()> {
    const STEP: &str = "GetObject";
    let first = part.offset;
    let last = part.offset + part.length - 1;
    let range = ByteRange::new(first, last).map_err(|e| Error::request(STEP, e.into()))?;
    let mut request = ctx
        .bucket
        .get_object(&ctx.key)
        .range(range)
        .verify_crc(false)
        .resume_broken_body(true);
    if let Some(etag) = &ctx.etag {
        request = request.if_match(etag.clone());
    }
    if let Some(version) = &ctx.version_id {
        request = request.version_id(version);
    }
    let output = request.send().await.map_err(|e| Error::request(STEP, e))?;
    if let (Some(pinned), Some(etag)) = (&ctx.etag, &output.meta.etag) {
        if !pinned.matches(etag) {
            return Err(Error::ObjectChanged {
                key: ctx.key.clone(),
            });
        }
    }
    let expected = part.length;
    if output.status().as_u16() != 206 || output.meta.content_length != Some(expected) {
        return Err(Error::integrity(format!(
            "asked for bytes {first}-{last}, got status {} with {:?} bytes",
            output.status(),
            output.meta.content_length
        )));
    }
    let write_error = |e| Error::io(format!("cannot write {}", ctx.temp.display()), e);
    let writer = &ctx.writer;
    // The batch being filled, and where it goes in the file.
    let (mut batch, mut batched, mut at) = (Vec::new(), 0, first);
    let mut body = output.body;
    let received = loop {
        let next = std::future::poll_fn(|cx| {
            futures_core::Stream::poll_next(std::pin::Pin::new(&mut body), cx)
        });
        let chunk = match next.await {
            None => break Ok(()),
            Some(Ok(chunk)) => chunk,
            Some(Err(e)) => break Err(Error::request(STEP, e)),
        };
        let len = chunk.len() as u64;
        if progress.written + len > part.length {
            break Err(Error::integrity(format!(
                "part {} received more than its {} bytes",
                part.number, part.length
            )));
        }
        bandwidth::acquire(ctx.limit.as_ref(), len).await;
        progress.crc = oss_checksum::crc64::update(progress.crc, &chunk);
        batched += chunk.len();
        batch.push(chunk);
        if batched >= BATCH {
            writer
                .write(at, std::mem::take(&mut batch))
                .await
                .map_err(write_error)?;
            at += batched as u64;
            batched = 0;
        }
        progress.written += len;
        ctx.tracker.advance(len);
    };
    // What arrived is written either way; the part counts only once complete.
    writer.write(at, batch).await.map_err(write_error)?;
    writer.flush().await.map_err(write_error)?;
    received?;
    if progress.written != part.length {
        return Err(Error::integrity(format!(
            "part {} ended after {} of {} bytes",
            part.number, progress.written, part.length
        )));
    }
    Ok(())
}
