//! Upload parts: one part sent and checked, the parts of a file sent N at a time, and the
//! upload completed and checked.
//!
//! Every part's body is read as it is sent (see [`crate::stream`]); the transport compares
//! its CRC-64 with the one the service computed (`x-oss-hash-crc64ecma`) and, like any
//! failure it retries, sends it again on a mismatch. After CompleteMultipartUpload the
//! object's CRC-64 must equal the parts' CRCs combined.

use std::path::PathBuf;
use std::sync::Arc;

use oss_client::model::{CompletedPart, ETag};
use oss_client::Bucket;
use tokio::task::JoinSet;

use crate::bandwidth::BandwidthLimit;
use crate::cancel::{self, CancellationToken};
use crate::checkpoint::CheckpointFile;
use crate::error::{Error, Result};
use crate::plan::PartPlan;
use crate::progress::Tracker;
use crate::stream::{PartData, PartObserver};
use crate::upload::resume::{DonePart, UploadState};
use tracing::Instrument;

/// What every part of one upload shares.
pub(crate) struct PartCtx {
    pub(crate) bucket: Bucket,
    pub(crate) key: String,
    pub(crate) upload_id: String,
    pub(crate) limit: Option<BandwidthLimit>,
    pub(crate) tracker: Tracker,
    pub(crate) content_md5: bool,
}

/// Sends one part (the transport retries it as the client's strategy allows).
pub(crate) async fn upload_part(
    ctx: Arc<PartCtx>,
    number: u32,
    offset: u64,
    data: PartData,
) -> Result<DonePart> {
    const STEP: &str = "UploadPart";
    let size = data.len();
    let body = data.into_body(PartObserver::new(ctx.tracker.clone(), ctx.limit.clone()));
    let output = ctx
        .bucket
        .upload_part(&ctx.key, &ctx.upload_id, number, body)
        .content_md5(ctx.content_md5)
        .send()
        .await
        .map_err(|e| Error::part(number, offset, Error::request(STEP, e)))?;
    // The transport computed it while sending, and compared it with the service's.
    let crc64 = output.crc64.ok_or_else(|| {
        Error::part(
            number,
            offset,
            Error::integrity(format!("part {number}: no CRC-64 for what was sent")),
        )
    })?;
    crate::trace::part_done("uploaded", &ctx.key, number, offset, size);
    Ok(DonePart {
        number,
        etag: output.etag.raw().to_owned(),
        size,
        crc64,
    })
}

/// Sends the parts of the file at `path` that `state` lacks, `concurrency` at a time,
/// recording each in `state` and saving the checkpoint after each.
pub(crate) async fn send_file_parts(
    ctx: &Arc<PartCtx>,
    path: &Arc<PathBuf>,
    plan: &PartPlan,
    state: &mut UploadState,
    checkpoint: Option<&CheckpointFile>,
    concurrency: usize,
    cancel: Option<&CancellationToken>,
) -> Result<()> {
    let mut pending = plan
        .parts()
        .filter(|p| !state.parts.contains_key(&p.number))
        .collect::<Vec<_>>()
        .into_iter();
    let mut running = JoinSet::new();
    loop {
        while running.len() < concurrency {
            let Some(part) = pending.next() else { break };
            let data = PartData::File {
                path: Arc::clone(path),
                offset: part.offset,
                length: part.length,
            };
            let part = upload_part(Arc::clone(ctx), part.number, part.offset, data);
            running.spawn(part.in_current_span());
        }
        let joined = tokio::select! {
            joined = running.join_next() => joined,
            () = cancel::cancelled(cancel) => return Err(Error::Cancelled),
        };
        let Some(joined) = joined else {
            return Ok(());
        };
        let done = joined.map_err(join_error)??;
        state.parts.insert(done.number, done);
        if let Some(file) = checkpoint {
            file.save(state).await?;
        }
    }
}

/// A part task that panicked or was aborted.
pub(crate) fn join_error(error: tokio::task::JoinError) -> Error {
    Error::io("a part task failed", std::io::Error::other(error))
}

/// How a completed upload came out.
pub(crate) struct Completed {
    pub(crate) etag: ETag,
    pub(crate) crc64: Option<u64>,
}

/// CompleteMultipartUpload with `parts`. The client resolves the ambiguous retry (an
/// earlier attempt completed the upload but its answer was lost) by the object's ETag.
pub(crate) async fn complete(
    ctx: &PartCtx,
    parts: Vec<CompletedPart>,
    forbid_overwrite: Option<bool>,
) -> Result<Completed> {
    let mut request = ctx
        .bucket
        .complete_multipart_upload(&ctx.key, &ctx.upload_id)
        .parts(parts);
    if let Some(forbid) = forbid_overwrite {
        request = request.forbid_overwrite(forbid);
    }
    let output = request
        .send()
        .await
        .map_err(|e| Error::request("CompleteMultipartUpload", e))?;
    Ok(Completed {
        etag: output.etag.clone(),
        crc64: output.crc64,
    })
}

/// Checks the object's CRC-64 against the parts' (asking the service when the completion
/// did not say). `Ok(None)` when the service reports no CRC-64.
pub(crate) async fn check_object_crc(
    bucket: &Bucket,
    key: &str,
    reported: Option<u64>,
    expected: u64,
) -> Result<Option<u64>> {
    let actual = match reported {
        Some(crc) => Some(crc),
        None => {
            bucket
                .head_object(key)
                .await
                .map_err(|e| Error::request("HeadObject", e))?
                .crc64ecma
        }
    };
    match actual {
        Some(actual) if actual != expected => Err(Error::integrity(format!(
            "{key}: the object's CRC-64 {actual} is not the parts' combined {expected}"
        ))),
        other => Ok(other),
    }
}
