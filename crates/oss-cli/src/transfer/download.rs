//! An object to a local file, through a temporary file beside it that is renamed into
//! place once complete and checked: one streamed GET below the threshold, parallel ranged
//! GETs (pinned to the object's ETag) from it on, whose CRC-64s are combined and compared
//! with the object's. With a checkpoint directory, the temporary file keeps a stable name
//! and the parts written are saved, so a later run downloads only what is missing.

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use oss_checksum::crc64::{self, Crc64};
use oss_client::model::ETag;
use oss_client::{Bucket, ByteRange};
use oss_transfer::checkpoint::{CheckpointDir, CheckpointState};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncSeekExt, AsyncWriteExt};

use super::{parallel, part_range, part_size, retrying, Report, TransferOptions};
use crate::error::{CliError, Result};
use crate::limit::RateLimiter;
use crate::progress::FileProgress;

/// What a checkpoint keeps of a ranged download.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct DownloadState {
    bucket: String,
    key: String,
    etag: String,
    size: u64,
    part_size: u64,
    temporary: PathBuf,
    /// Part number to the CRC-64 of its bytes.
    parts: BTreeMap<u32, u64>,
}

impl CheckpointState for DownloadState {
    const KIND: &'static str = "oss-cli-download";
}

/// What the download needs to know about the object.
struct Source<'a> {
    bucket: &'a Bucket,
    key: &'a str,
    etag: Option<ETag>,
    size: u64,
}

/// Downloads `key` to `dest`.
pub async fn download(
    bucket: &Bucket,
    key: &str,
    dest: &Path,
    options: &TransferOptions,
    progress: &Arc<FileProgress>,
) -> Result<Report> {
    let what = format!(
        "download oss://{}/{key} to {}",
        bucket.name(),
        dest.display()
    );
    let head = bucket
        .head_object(key)
        .await
        .map_err(|e| CliError::oss(&what, e))?;
    let source = Source {
        bucket,
        key,
        etag: head.etag.clone(),
        size: head.content_length.unwrap_or(0),
    };
    let result = if source.size < options.threshold.max(1) {
        whole(&source, dest, options, progress).await
    } else {
        ranged(&source, dest, head.crc64ecma, options, progress).await
    };
    result.map_err(|e| match e {
        CliError::Oss { error, .. } => CliError::oss(what, error),
        other => other,
    })
}

/// `dir/.name.<tag>` beside `dest`.
fn temporary_path(dest: &Path, tag: &str) -> PathBuf {
    let name = dest
        .file_name()
        .map_or_else(|| "object".into(), |n| n.to_string_lossy().into_owned());
    dest.with_file_name(format!(".{name}.{tag}"))
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> CliError + '_ {
    move |e| CliError::io(format!("cannot write {}", path.display()), e)
}

/// Writes the body of one GET at `offset` of `file`; returns the CRC-64 of what it wrote.
async fn write_body(
    object: oss_client::ops::get::GetObjectOutput,
    file: &Path,
    offset: u64,
    limiter: Option<&Arc<RateLimiter>>,
    progress: &FileProgress,
    written: &mut u64,
) -> Result<u64> {
    let mut out = tokio::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(file)
        .await
        .map_err(io(file))?;
    out.seek(std::io::SeekFrom::Start(offset))
        .await
        .map_err(io(file))?;
    let mut body = object.body;
    let mut crc = Crc64::new();
    while let Some(chunk) = std::future::poll_fn(|cx| {
        futures_core::Stream::poll_next(std::pin::Pin::new(&mut body), cx)
    })
    .await
    {
        let chunk = chunk.map_err(|e| CliError::oss("read the body", e))?;
        if let Some(limiter) = limiter {
            limiter.acquire(chunk.len() as u64).await;
        }
        out.write_all(&chunk).await.map_err(io(file))?;
        crc.update(&chunk);
        *written += chunk.len() as u64;
        progress.add(chunk.len() as i64);
    }
    out.sync_data().await.map_err(io(file))?;
    Ok(crc.value())
}

async fn whole(
    source: &Source<'_>,
    dest: &Path,
    options: &TransferOptions,
    progress: &Arc<FileProgress>,
) -> Result<Report> {
    let temporary = temporary_path(dest, &format!("{}.oss-download", std::process::id()));
    let result = retrying(|| async {
        let _ = tokio::fs::remove_file(&temporary).await;
        let mut request = source.bucket.get_object(source.key);
        if let Some(etag) = &source.etag {
            request = request.if_match(etag.clone());
        }
        let mut written = 0;
        let outcome = async {
            let object = request.await.map_err(|e| CliError::oss("get", e))?;
            write_body(
                object,
                &temporary,
                0,
                options.limiter.as_ref(),
                progress,
                &mut written,
            )
            .await
        }
        .await;
        if outcome.is_err() {
            progress.add(-(written as i64));
        }
        outcome
    })
    .await;
    let result = result.and_then(|_| std::fs::rename(&temporary, dest).map_err(io(dest)));
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    Ok(Report {
        bytes: source.size,
        resumed_parts: 0,
    })
}

async fn ranged(
    source: &Source<'_>,
    dest: &Path,
    object_crc: Option<u64>,
    options: &TransferOptions,
    progress: &Arc<FileProgress>,
) -> Result<Report> {
    let checkpoint = options.checkpoint_dir.as_ref().map(|dir| {
        let dir = CheckpointDir::new(dir);
        let absolute = std::path::absolute(dest).unwrap_or_else(|_| dest.to_owned());
        let identity = format!(
            "download\n{}\n{}\n{}",
            source.bucket.name(),
            source.key,
            absolute.display()
        );
        let file = dir.file_for::<DownloadState>(&identity);
        (dir, file)
    });
    let etag = source
        .etag
        .as_ref()
        .map_or(String::new(), |e| e.as_str().to_owned());
    let fresh = DownloadState {
        bucket: source.bucket.name().to_owned(),
        key: source.key.to_owned(),
        etag: etag.clone(),
        size: source.size,
        part_size: part_size(source.size, options.part_size),
        temporary: temporary_path(
            dest,
            &if checkpoint.is_some() {
                "oss-download".to_owned()
            } else {
                format!("{}.oss-download", std::process::id())
            },
        ),
        parts: BTreeMap::new(),
    };
    let saved = checkpoint
        .as_ref()
        .and_then(|(dir, file)| dir.load::<DownloadState>(file).ok().flatten())
        .filter(|saved| {
            saved.etag == fresh.etag
                && saved.size == fresh.size
                && saved.temporary == fresh.temporary
                && std::fs::metadata(&saved.temporary).is_ok_and(|m| m.len() == saved.size)
        });
    let resumed_parts = saved.as_ref().map_or(0, |s| s.parts.len() as u32);
    let state = match saved {
        Some(saved) => saved,
        None => {
            let file = std::fs::File::create(&fresh.temporary).map_err(io(&fresh.temporary))?;
            file.set_len(fresh.size).map_err(io(&fresh.temporary))?;
            fresh
        }
    };
    let (size, part_size, temporary) = (state.size, state.part_size, state.temporary.clone());
    for number in state.parts.keys() {
        progress.add(part_range(*number, size, part_size).1 as i64);
    }
    if let Some((dir, file)) = &checkpoint {
        dir.save(file, &state)
            .map_err(|e| CliError::failed(format!("cannot save the checkpoint: {e}")))?;
    }
    let parts = size.div_ceil(part_size) as u32;
    let queue: VecDeque<u32> = (1..=parts)
        .filter(|n| !state.parts.contains_key(n))
        .collect();
    let queue = Arc::new(Mutex::new(queue));
    let shared = Arc::new(Mutex::new(state));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..parallel(u64::from(parts), options.parallel) {
        let (bucket, key, etag) = (
            source.bucket.clone(),
            source.key.to_owned(),
            source.etag.clone(),
        );
        let (queue, shared, progress) = (
            Arc::clone(&queue),
            Arc::clone(&shared),
            Arc::clone(progress),
        );
        let (temporary, limiter, checkpoint) = (
            temporary.clone(),
            options.limiter.clone(),
            checkpoint.clone(),
        );
        workers.spawn(async move {
            loop {
                let Some(number) = queue.lock().unwrap_or_else(|p| p.into_inner()).pop_front()
                else {
                    return Ok::<(), CliError>(());
                };
                let (offset, length) = part_range(number, size, part_size);
                let crc = retrying(|| async {
                    let range = ByteRange::with_length(offset, length)
                        .map_err(|e| CliError::failed(e.to_string()))?;
                    let mut request = bucket.get_object(&key).range(range);
                    if let Some(etag) = &etag {
                        request = request.if_match(etag.clone());
                    }
                    let mut written = 0;
                    let outcome = async {
                        let object = request
                            .await
                            .map_err(|e| CliError::oss(format!("part {number}"), e))?;
                        let crc = write_body(
                            object,
                            &temporary,
                            offset,
                            limiter.as_ref(),
                            &progress,
                            &mut written,
                        )
                        .await?;
                        if written != length {
                            return Err(CliError::failed(format!(
                                "part {number}: {written} bytes instead of {length}"
                            )));
                        }
                        Ok(crc)
                    }
                    .await;
                    if outcome.is_err() {
                        progress.add(-(written as i64));
                    }
                    outcome
                })
                .await?;
                let mut state = shared.lock().unwrap_or_else(|p| p.into_inner());
                state.parts.insert(number, crc);
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
            queue.lock().unwrap_or_else(|p| p.into_inner()).clear();
            failure.get_or_insert(error);
        }
    }
    if let Some(error) = failure {
        if checkpoint.is_none() {
            let _ = std::fs::remove_file(&temporary);
        }
        return Err(error);
    }
    let state = shared.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let combined = state.parts.iter().fold(0u64, |crc, (number, part_crc)| {
        crc64::combine(crc, *part_crc, part_range(*number, size, part_size).1)
    });
    if let Some(expected) = object_crc {
        if expected != combined {
            let _ = std::fs::remove_file(&temporary);
            if let Some((dir, file)) = &checkpoint {
                let _ = dir.remove(file);
            }
            return Err(CliError::failed(format!(
                "the downloaded data's CRC-64 {combined} is not the object's {expected}"
            )));
        }
    }
    std::fs::rename(&temporary, dest).map_err(io(dest))?;
    if let Some((dir, file)) = &checkpoint {
        let _ = dir.remove(file);
    }
    Ok(Report {
        bytes: size,
        resumed_parts,
    })
}
