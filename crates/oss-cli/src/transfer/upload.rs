//! A local file to an object: PutObject below the threshold, a parallel multipart upload
//! from it on. With a checkpoint directory, the upload id and the parts done are saved after
//! each part; a later run for the same file (same size and modification time) and object
//! checks them against ListParts and uploads only what is missing.

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use oss_client::Bucket;
use oss_transfer::checkpoint::{CheckpointDir, CheckpointState};
use serde::{Deserialize, Serialize};

use super::{file_body, parallel, part_range, part_size, retrying, Report, TransferOptions};
use crate::error::{CliError, Result};
use crate::progress::{callback, FileProgress};

/// A part uploaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct DonePart {
    etag: String,
    crc64: Option<u64>,
}

/// What a checkpoint keeps of a multipart upload.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct UploadState {
    path: PathBuf,
    size: u64,
    modified_ns: u128,
    bucket: String,
    key: String,
    part_size: u64,
    upload_id: String,
    parts: BTreeMap<u32, DonePart>,
}

impl CheckpointState for UploadState {
    const KIND: &'static str = "oss-cli-upload";
}

fn modified_ns(metadata: &std::fs::Metadata) -> u128 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Uploads `path` as `key`.
pub async fn upload(
    bucket: &Bucket,
    key: &str,
    path: &Path,
    options: &TransferOptions,
    progress: &Arc<FileProgress>,
) -> Result<Report> {
    let what = || format!("upload {} to oss://{}/{key}", path.display(), bucket.name());
    let metadata = std::fs::metadata(path)
        .map_err(|e| CliError::io(format!("cannot read {}", path.display()), e))?;
    let size = metadata.len();
    if size < options.threshold.max(1) {
        let counter = progress.counter();
        let limiter = options.limiter.clone();
        retrying(|| async {
            bucket
                .put_object(key, file_body(path, 0, size, limiter.as_ref()))
                .object_headers(options.object.headers())
                .progress(callback(&counter))
                .await
                .map_err(|e| CliError::oss(what(), e))
        })
        .await?;
        return Ok(Report {
            bytes: size,
            resumed_parts: 0,
        });
    }
    multipart(bucket, key, path, &metadata, options, progress)
        .await
        .map_err(|e| match e {
            CliError::Oss { error, .. } => CliError::oss(what(), error),
            other => other,
        })
}

/// The checkpoint, if any: its directory and file.
fn checkpoint(
    options: &TransferOptions,
    path: &Path,
    bucket: &Bucket,
    key: &str,
) -> Option<(CheckpointDir, PathBuf)> {
    let dir = CheckpointDir::new(options.checkpoint_dir.clone()?);
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let identity = format!("upload\n{}\n{}\n{key}", absolute.display(), bucket.name());
    let file = dir.file_for::<UploadState>(&identity);
    Some((dir, file))
}

/// The saved state if it is for this very file and object and its upload still exists
/// (parts the service does not list as saved are dropped).
async fn resume(
    bucket: &Bucket,
    saved: UploadState,
    expected: &UploadState,
) -> Result<Option<UploadState>> {
    if saved.size != expected.size
        || saved.modified_ns != expected.modified_ns
        || saved.bucket != expected.bucket
        || saved.key != expected.key
    {
        return Ok(None);
    }
    let listed = match bucket
        .list_parts(&saved.key, &saved.upload_id)
        .into_paginator()
        .collect_items()
        .await
    {
        Ok(parts) => parts,
        Err(e) if e.code() == Some("NoSuchUpload") => return Ok(None),
        Err(e) => return Err(CliError::oss("list the parts of the saved upload", e)),
    };
    let mut state = saved;
    state.parts.retain(|number, done| {
        let (_, length) = part_range(*number, state.size, state.part_size);
        listed.iter().any(|p| {
            p.part_number == *number
                && p.size == length
                && p.etag.as_str() == done.etag.trim_matches('"')
        })
    });
    Ok(Some(state))
}

async fn multipart(
    bucket: &Bucket,
    key: &str,
    path: &Path,
    metadata: &std::fs::Metadata,
    options: &TransferOptions,
    progress: &Arc<FileProgress>,
) -> Result<Report> {
    let size = metadata.len();
    let fresh = UploadState {
        path: path.to_owned(),
        size,
        modified_ns: modified_ns(metadata),
        bucket: bucket.name().to_owned(),
        key: key.to_owned(),
        part_size: part_size(size, options.part_size),
        upload_id: String::new(),
        parts: BTreeMap::new(),
    };
    let checkpoint = checkpoint(options, path, bucket, key);
    let saved = match &checkpoint {
        Some((dir, file)) => dir.load::<UploadState>(file).ok().flatten(),
        None => None,
    };
    let mut state = match saved {
        Some(saved) => resume(bucket, saved, &fresh).await?,
        None => None,
    };
    let resumed_parts = state.as_ref().map_or(0, |s| s.parts.len() as u32);
    if state.is_none() {
        let initiated = bucket
            .initiate_multipart_upload(key)
            .object_headers(options.object.headers())
            .await
            .map_err(|e| CliError::oss("initiate", e))?;
        state = Some(UploadState {
            upload_id: initiated.upload_id.clone(),
            ..fresh
        });
    }
    let state = state.unwrap_or_else(|| unreachable!("set above"));
    let part_size = state.part_size;
    let parts = size.div_ceil(part_size) as u32;
    for number in state.parts.keys() {
        progress.add(part_range(*number, size, part_size).1 as i64);
    }
    let save = |state: &UploadState| -> Result<()> {
        if let Some((dir, file)) = &checkpoint {
            dir.save(file, state)
                .map_err(|e| CliError::failed(format!("cannot save the checkpoint: {e}")))?;
        }
        Ok(())
    };
    save(&state)?;
    let todo: VecDeque<u32> = (1..=parts)
        .filter(|n| !state.parts.contains_key(n))
        .collect();
    let upload_id = state.upload_id.clone();
    let shared = Arc::new(Mutex::new(state));
    let queue = Arc::new(Mutex::new(todo));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..parallel(u64::from(parts), options.parallel) {
        let (bucket, key, path) = (bucket.clone(), key.to_owned(), path.to_owned());
        let (shared, queue, progress) = (
            Arc::clone(&shared),
            Arc::clone(&queue),
            Arc::clone(progress),
        );
        let (upload_id, limiter) = (upload_id.clone(), options.limiter.clone());
        let checkpoint = checkpoint.clone();
        workers.spawn(async move {
            loop {
                let Some(number) = queue.lock().unwrap_or_else(|p| p.into_inner()).pop_front()
                else {
                    return Ok::<(), CliError>(());
                };
                let (offset, length) = part_range(number, size, part_size);
                let counter = progress.counter();
                let done = retrying(|| async {
                    bucket
                        .upload_part(
                            &key,
                            &upload_id,
                            number,
                            file_body(&path, offset, length, limiter.as_ref()),
                        )
                        .progress(callback(&counter))
                        .await
                        .map_err(|e| CliError::oss(format!("part {number}"), e))
                })
                .await?;
                let mut state = shared.lock().unwrap_or_else(|p| p.into_inner());
                state.parts.insert(
                    number,
                    DonePart {
                        etag: done.etag.raw().to_owned(),
                        crc64: done.crc64,
                    },
                );
                if let Some((dir, file)) = &checkpoint {
                    dir.save(file, &*state).map_err(|e| {
                        CliError::failed(format!("cannot save the checkpoint: {e}"))
                    })?;
                }
            }
        });
    }
    let mut failure = None;
    while let Some(joined) = workers.join_next().await {
        let outcome =
            joined.unwrap_or_else(|e| Err(CliError::failed(format!("a part task failed: {e}"))));
        if let Err(error) = outcome {
            if failure.is_none() {
                queue.lock().unwrap_or_else(|p| p.into_inner()).clear();
                failure = Some(error);
            }
        }
    }
    if let Some(error) = failure {
        if checkpoint.is_none() {
            let _ = bucket.abort_multipart_upload(key, &upload_id).await;
        }
        return Err(error);
    }
    let state = shared.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let completed = bucket
        .complete_multipart_upload(key, &upload_id)
        .parts(
            state
                .parts
                .iter()
                .map(|(number, part)| oss_client::model::CompletedPart {
                    part_number: *number,
                    etag: oss_client::model::ETag::new(part.etag.clone()),
                }),
        )
        .await
        .map_err(|e| CliError::oss("complete", e))?;
    // The object's CRC-64 must be the parts' combined.
    let mut combined = Some(0u64);
    for (number, part) in &state.parts {
        let (_, length) = part_range(*number, size, part_size);
        combined = combined
            .zip(part.crc64)
            .map(|(crc, part_crc)| oss_checksum::crc64::combine(crc, part_crc, length));
    }
    if let (Some(expected), Some(actual)) = (combined, completed.crc64) {
        if expected != actual {
            return Err(CliError::failed(format!(
                "the uploaded object's CRC-64 {actual} is not the parts' {expected}"
            )));
        }
    }
    if let Some((dir, file)) = &checkpoint {
        let _ = dir.remove(file);
    }
    Ok(Report {
        bytes: size,
        resumed_parts,
    })
}
