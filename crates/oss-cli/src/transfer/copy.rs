//! An object to another, on the service's side: CopyObject below the threshold, a parallel
//! multipart upload of UploadPartCopy ranges (pinned to the source's ETag) from it on. The
//! destination keeps the source's content type and metadata unless `--content-type` or
//! `--meta` say otherwise. Copies are not checkpointed.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use oss_client::model::{CompletedPart, MetadataDirective, ObjectHeaders};
use oss_client::{Bucket, ByteRange};

use super::{parallel, part_range, part_size, retrying, Report, TransferOptions};
use crate::error::{CliError, Result};
use crate::progress::FileProgress;

/// Copies `source_key` of `source` to `dest_key` of `dest`.
pub async fn copy(
    source: &Bucket,
    source_key: &str,
    dest: &Bucket,
    dest_key: &str,
    options: &TransferOptions,
    progress: &Arc<FileProgress>,
) -> Result<Report> {
    let what = format!(
        "copy oss://{}/{source_key} to oss://{}/{dest_key}",
        source.name(),
        dest.name()
    );
    let fail = |e| CliError::oss(&what, e);
    let head = source.head_object(source_key).await.map_err(fail)?;
    let size = head.content_length.unwrap_or(0);
    let settings = &options.object;
    // The source's metadata, with what the command sets on top.
    let mut headers: ObjectHeaders = settings.headers();
    let replace = settings.content_type.is_some()
        || !settings.meta.is_empty()
        || settings.base != ObjectHeaders::new();
    if replace || size >= options.threshold.max(1) {
        headers.content_type = headers.content_type.or(head.content_type.clone());
        for (name, value) in &head.user_meta {
            headers
                .user_meta
                .entry(name.clone())
                .or_insert(value.clone());
        }
    }
    if size < options.threshold.max(1) {
        if replace {
            headers.metadata_directive = Some(MetadataDirective::Replace);
        } else {
            headers.content_type = None;
        }
        dest.copy_object(source_key, dest_key)
            .source_bucket(source.name())
            .object_headers(headers)
            .await
            .map_err(fail)?;
        progress.add(size as i64);
        return Ok(Report {
            bytes: size,
            resumed_parts: 0,
        });
    }
    let upload = dest
        .initiate_multipart_upload(dest_key)
        .object_headers(headers)
        .await
        .map_err(fail)?;
    let upload_id = upload.upload_id.clone();
    let part_size = part_size(size, options.part_size);
    let parts = size.div_ceil(part_size) as u32;
    let queue = Arc::new(Mutex::new((1..=parts).collect::<VecDeque<u32>>()));
    let done = Arc::new(Mutex::new(Vec::new()));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..parallel(u64::from(parts), options.parallel) {
        let (dest, dest_key, source_key) =
            (dest.clone(), dest_key.to_owned(), source_key.to_owned());
        let (source_bucket, etag, upload_id) = (
            source.name().to_owned(),
            head.etag.clone(),
            upload_id.clone(),
        );
        let (queue, done, progress) = (Arc::clone(&queue), Arc::clone(&done), Arc::clone(progress));
        workers.spawn(async move {
            loop {
                let Some(number) = queue.lock().unwrap_or_else(|p| p.into_inner()).pop_front()
                else {
                    return Ok::<(), CliError>(());
                };
                let (offset, length) = part_range(number, size, part_size);
                let copied = retrying(|| async {
                    let range = ByteRange::with_length(offset, length)
                        .map_err(|e| CliError::failed(e.to_string()))?;
                    let mut request = dest
                        .upload_part_copy(&dest_key, &upload_id, number, &source_key)
                        .source_bucket(&source_bucket)
                        .source_range(range);
                    if let Some(etag) = &etag {
                        request = request.if_match(etag.clone());
                    }
                    request
                        .await
                        .map_err(|e| CliError::oss(format!("part {number}"), e))
                })
                .await?;
                progress.add(length as i64);
                done.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(CompletedPart {
                        part_number: number,
                        etag: copied.etag.clone(),
                    });
            }
        });
    }
    let mut failure = None;
    while let Some(joined) = workers.join_next().await {
        let outcome =
            joined.unwrap_or_else(|e| Err(CliError::failed(format!("a part task failed: {e}"))));
        if let Err(error) = outcome {
            queue.lock().unwrap_or_else(|p| p.into_inner()).clear();
            failure.get_or_insert(error);
        }
    }
    if let Some(error) = failure {
        let _ = dest.abort_multipart_upload(dest_key, &upload_id).await;
        return Err(match error {
            CliError::Oss { error, .. } => CliError::oss(what, error),
            other => other,
        });
    }
    let parts = std::mem::take(&mut *done.lock().unwrap_or_else(|p| p.into_inner()));
    dest.complete_multipart_upload(dest_key, &upload_id)
        .parts(parts)
        .await
        .map_err(|e| CliError::oss(&what, e))?;
    Ok(Report {
        bytes: size,
        resumed_parts: 0,
    })
}
