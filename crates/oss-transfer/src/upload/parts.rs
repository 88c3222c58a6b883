//! Upload parts: one part sent with retries and checked, the parts of a file sent N at a
//! time, and the upload completed and checked.
//!
//! Every part's body is read as it is sent (see [`crate::stream`]); its CRC-64 must equal the
//! one the service computed (`x-oss-hash-crc64ecma`), or the part is sent again. After
//! CompleteMultipartUpload the object's CRC-64 must equal the parts' CRCs combined.

use std::path::PathBuf;
use std::sync::Arc;

use oss_client::model::{CompletedPart, ETag};
use oss_client::{Body, Bucket};
use tokio::task::JoinSet;

use crate::bandwidth::BandwidthLimit;
use crate::cancel::{self, CancellationToken};
use crate::checkpoint::CheckpointFile;
use crate::error::{Error, Result};
use crate::plan::PartPlan;
use crate::progress::Tracker;
use crate::retry::Retry;
use crate::stream::{PartBody, PartData};
use crate::upload::resume::{DonePart, UploadState};

/// What every part of one upload shares.
pub(crate) struct PartCtx {
    pub(crate) bucket: Bucket,
    pub(crate) key: String,
    pub(crate) upload_id: String,
    pub(crate) retry: Retry,
    pub(crate) limit: Option<BandwidthLimit>,
    pub(crate) tracker: Tracker,
    pub(crate) content_md5: bool,
}

/// Sends one part, retrying it as the client's strategy allows.
pub(crate) async fn upload_part(
    ctx: Arc<PartCtx>,
    number: u32,
    offset: u64,
    data: PartData,
) -> Result<DonePart> {
    let md5 = if ctx.content_md5 {
        let md5 = data
            .content_md5()
            .await
            .map_err(|e| Error::io(format!("cannot read part {number}"), e));
        Some(md5.map_err(|e| Error::part(number, offset, e))?)
    } else {
        None
    };
    ctx.retry
        .run(|_| attempt(&ctx, number, data.clone(), md5.clone()))
        .await
        .map_err(|e| Error::part(number, offset, e))
}

async fn attempt(
    ctx: &PartCtx,
    number: u32,
    data: PartData,
    md5: Option<String>,
) -> Result<DonePart> {
    let length = data.len();
    let body = PartBody::new(data, ctx.limit.clone(), ctx.tracker.clone());
    let tally = body.tally();
    let sent = send(ctx, number, body, length, md5).await;
    let checked = sent.and_then(|(etag, server_crc)| {
        if tally.sent() != length {
            return Err(Error::integrity(format!(
                "part {number}: {} bytes sent instead of {length}",
                tally.sent()
            )));
        }
        match server_crc {
            Some(crc) if crc != tally.crc() => Err(Error::integrity(format!(
                "part {number}: the service's CRC-64 {crc} is not the data's {}",
                tally.crc()
            ))),
            _ => Ok(DonePart {
                number,
                etag,
                size: length,
                crc64: tally.crc(),
            }),
        }
    });
    if checked.is_err() {
        ctx.tracker.rollback(tally.sent());
    }
    checked
}

/// UploadPart: the part's ETag and the service's CRC-64. With Content-MD5, sent through the
/// transport directly (the client's builder computes MD5 only for bodies it can read twice).
async fn send(
    ctx: &PartCtx,
    number: u32,
    body: PartBody,
    length: u64,
    md5: Option<String>,
) -> Result<(String, Option<u64>)> {
    const STEP: &str = "UploadPart";
    let Some(md5) = md5 else {
        let output = ctx
            .bucket
            .upload_part(
                &ctx.key,
                &ctx.upload_id,
                number,
                Body::from_stream(body, length),
            )
            // The body's tally has the CRC-64 already: compared in `attempt`, computed once.
            .verify_crc(false)
            .send()
            .await
            .map_err(|e| Error::request(STEP, e))?;
        return Ok((output.etag.raw().to_owned(), output.crc64));
    };
    let request = oss_http::OssRequest::put()
        .operation(STEP)
        .bucket(ctx.bucket.name())
        .key(ctx.key.as_str())
        .query("partNumber", number.to_string())
        .query("uploadId", ctx.upload_id.as_str())
        .header("content-md5", md5)
        .body(oss_http::RequestBody::stream(body, length));
    let response = ctx
        .bucket
        .client()
        .http()
        .send(request)
        .await
        .map_err(|e| Error::request(STEP, e.into()))?;
    let etag = response
        .header("etag")
        .ok_or_else(|| Error::integrity(format!("part {number}: no ETag in the response")))?;
    Ok((etag.to_owned(), response.crc64()))
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
            running.spawn(upload_part(Arc::clone(ctx), part.number, part.offset, data));
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

/// CompleteMultipartUpload with `parts`. When an earlier attempt of this call may have
/// completed the upload (its answer was lost or unreadable) and the retry finds the upload
/// gone, the object's ETag decides.
pub(crate) async fn complete(
    ctx: &PartCtx,
    parts: Vec<CompletedPart>,
    forbid_overwrite: Option<bool>,
) -> Result<Completed> {
    let expected = oss_client::ops::complete::multipart_etag(&parts);
    ctx.retry
        .run_step(|attempt| {
            let parts = parts.clone();
            let expected = expected.clone();
            async move {
                let mut request = ctx
                    .bucket
                    .complete_multipart_upload(&ctx.key, &ctx.upload_id)
                    .parts(parts);
                if let Some(forbid) = forbid_overwrite {
                    request = request.forbid_overwrite(forbid);
                }
                match request.send().await {
                    Ok(output) => Ok(Completed {
                        etag: output.etag.clone(),
                        crc64: output.crc64,
                    }),
                    Err(e) if attempt > 1 && e.code() == Some("NoSuchUpload") => {
                        let head = ctx.bucket.head_object(&ctx.key).await;
                        match (head, expected) {
                            (Ok(head), Some(expected))
                                if head.etag.as_ref().is_some_and(|t| expected.matches(t)) =>
                            {
                                Ok(Completed {
                                    etag: expected,
                                    crc64: head.crc64ecma,
                                })
                            }
                            _ => Err(Error::request("CompleteMultipartUpload", e)),
                        }
                    }
                    Err(e) => Err(Error::request("CompleteMultipartUpload", e)),
                }
            }
        })
        .await
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
