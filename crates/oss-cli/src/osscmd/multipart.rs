//! osscmd's multipart commands: `init`, `listpart`, `listparts`, `getallpartsize`,
//! `cancel`, `uploadpartfromfile`/`upff`, `uploadpartfromstring`/`upfs`, and
//! `multiupload`/`mp`, which resumes by design: given an upload id (or finding one for the
//! key), it skips every part whose ETag already equals the MD5 of the local part.

use std::collections::{BTreeMap, VecDeque};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use oss_client::model::{CompletedPart, ETag};
use oss_client::{Body, Bucket};
use serde_json::json;

use super::{Invocation, Osscmd};
use crate::commands::fail;
use crate::context::Context;
use crate::error::{CliError, Result};
use crate::location::OssUrl;
use crate::progress::{callback, Progress};
use crate::units;
use oss_transfer::plan::{PartPlan, MIN_PART_SIZE};

fn upload_id(call: &Invocation) -> Result<String> {
    call.options
        .get("upload_id")
        .filter(|id| !id.is_empty())
        .cloned()
        .ok_or_else(|| CliError::usage(format!("{} needs --upload_id=ID", call.name)))
}

fn part_number(call: &Invocation) -> Result<u32> {
    let text = call
        .options
        .get("part_number")
        .ok_or_else(|| CliError::usage(format!("{} needs --part_number=N", call.name)))?;
    text.parse()
        .map_err(|_| CliError::usage(format!("--part_number={text}: expected a number")))
}

fn positionals<'a>(call: &'a Invocation, count: usize, usage: &str) -> Result<&'a [String]> {
    if call.positionals.len() != count {
        return Err(CliError::usage(format!("usage: oss {} {usage}", call.name)));
    }
    Ok(&call.positionals)
}

/// Runs a multipart command.
pub async fn run(ctx: &Context, call: &Invocation) -> Result<()> {
    match call.command {
        Osscmd::Init => {
            let p = positionals(call, 1, "oss://bucket/object")?;
            let url = OssUrl::parse_object(&p[0])?;
            let bucket = ctx.bucket(&url.bucket).await?;
            let upload = bucket
                .initiate_multipart_upload(&url.key)
                .await
                .map_err(fail(format!("init {url}")))?;
            ctx.out.emit(
                json!({ "url": url.to_string(), "upload_id": upload.upload_id }),
                || format!("Upload Id: {}", upload.upload_id),
            );
            Ok(())
        }
        Osscmd::ListPart => {
            let p = positionals(call, 1, "oss://bucket/object --upload_id=ID")?;
            let url = OssUrl::parse_object(&p[0])?;
            let id = upload_id(call)?;
            let parts = ctx
                .bucket(&url.bucket)
                .await?
                .list_parts(&url.key, &id)
                .into_paginator()
                .collect_items()
                .await
                .map_err(fail(format!("listpart {url}")))?;
            let rows: Vec<_> = parts
                .iter()
                .map(|p| json!({ "part_number": p.part_number, "etag": p.etag.as_str(), "size": p.size, "last_modified": p.last_modified.raw() }))
                .collect();
            ctx.out.emit(json!({ "parts": rows }), || {
                let mut text = String::from("PartNumber ETag Size LastModifyTime\n");
                for p in &parts {
                    text.push_str(&format!(
                        "{} {} {} {}\n",
                        p.part_number,
                        p.etag.as_str(),
                        p.size,
                        units::format_timestamp(&p.last_modified)
                    ));
                }
                text
            });
            Ok(())
        }
        Osscmd::ListParts | Osscmd::GetAllPartSize => {
            let p = positionals(call, 1, "oss://bucket")?;
            let url = OssUrl::parse_bucket_lenient(&p[0])?;
            let bucket = ctx.bucket(&url.bucket).await?;
            let uploads = bucket
                .list_multipart_uploads()
                .into_paginator()
                .collect_items()
                .await
                .map_err(fail(format!("{} {url}", call.name)))?;
            if call.command == Osscmd::ListParts {
                let rows: Vec<_> = uploads
                    .iter()
                    .map(|u| json!({ "upload_id": u.upload_id, "url": url.with_key(&u.key).to_string(), "initiated": u.initiated.raw() }))
                    .collect();
                ctx.out.emit(json!({ "uploads": rows }), || {
                    let mut text = String::from("UploadId Path InitTime\n");
                    for u in &uploads {
                        text.push_str(&format!(
                            "{} {} {}\n",
                            u.upload_id,
                            url.with_key(&u.key),
                            units::format_timestamp(&u.initiated)
                        ));
                    }
                    text
                });
                return Ok(());
            }
            let mut total = 0;
            let mut rows = Vec::new();
            let mut text = String::new();
            for upload in &uploads {
                let parts = bucket
                    .list_parts(&upload.key, &upload.upload_id)
                    .into_paginator()
                    .collect_items()
                    .await
                    .map_err(fail(format!("getallpartsize {url}")))?;
                let size: u64 = parts.iter().map(|p| p.size).sum();
                total += size;
                text.push_str(&format!(
                    "{} {} {size}\n",
                    upload.upload_id,
                    url.with_key(&upload.key)
                ));
                rows.push(json!({ "upload_id": upload.upload_id, "key": upload.key, "parts": parts.len(), "size": size }));
            }
            text.push_str(&format!(
                "totalsize is: real:{total}, format:{}",
                units::human_size(total)
            ));
            ctx.out
                .emit(json!({ "uploads": rows, "total_size": total }), || text);
            Ok(())
        }
        Osscmd::Cancel => {
            let p = positionals(call, 1, "oss://bucket/object --upload_id=ID")?;
            let url = OssUrl::parse_object(&p[0])?;
            let id = upload_id(call)?;
            ctx.bucket(&url.bucket)
                .await?
                .abort_multipart_upload(&url.key, &id)
                .await
                .map_err(fail(format!("cancel {url}")))?;
            ctx.out.emit(json!({ "cancelled": id }), || {
                format!("cancelled upload {id} of {url}")
            });
            Ok(())
        }
        Osscmd::UploadPartFromFile | Osscmd::UploadPartFromString => {
            let (url, body) = if call.command == Osscmd::UploadPartFromFile {
                let p = positionals(
                    call,
                    2,
                    "localfile oss://bucket/object --upload_id=ID --part_number=N",
                )?;
                (OssUrl::parse_object(&p[1])?, Body::from_file(&p[0]))
            } else {
                let p = positionals(
                    call,
                    1,
                    "oss://bucket/object --upload_id=ID --part_number=N --data=DATA",
                )?;
                let data = call
                    .options
                    .get("data")
                    .cloned()
                    .ok_or_else(|| CliError::usage("upfs needs --data=DATA"))?;
                (
                    OssUrl::parse_object(&p[0])?,
                    Body::from_bytes(data.into_bytes()),
                )
            };
            let (id, number) = (upload_id(call)?, part_number(call)?);
            let part = ctx
                .bucket(&url.bucket)
                .await?
                .upload_part(&url.key, &id, number, body)
                .await
                .map_err(fail(format!("{} {url}", call.name)))?;
            ctx.out.emit(
                json!({ "part_number": number, "etag": part.etag.as_str() }),
                || format!("part {number} uploaded, ETag is {}", part.etag.raw()),
            );
            Ok(())
        }
        Osscmd::MultiUpload => {
            let p = positionals(call, 2, "localfile oss://bucket/object [--upload_id=ID] [--thread_num=10] [--max_part_num=1000]")?;
            let mut url = OssUrl::parse(&p[1])?;
            let path = PathBuf::from(&p[0]);
            if url.key.is_empty() || url.key.ends_with('/') {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                url = url.with_key(format!("{}{name}", url.key));
            }
            let threads = super::run::count(call, "thread_num", 10)?;
            let max_parts = super::run::count(call, "max_part_num", 1000)? as u64;
            let settings = match call.options.get("headers") {
                Some(text) => super::run::parse_headers(text)?,
                None => Default::default(),
            };
            let mut headers = settings.headers();
            if let Some(content_type) = call.options.get("content_type") {
                headers.content_type = Some(content_type.clone());
            }
            let bucket = ctx.bucket(&url.bucket).await?;
            let given = call.options.get("upload_id").cloned();
            let summary = multiupload(
                ctx, &bucket, &url, &path, given, threads, max_parts, headers,
            )
            .await?;
            ctx.out.emit(summary.clone(), || {
                format!(
                    "uploaded {} to {url}: {} part(s), {} already there (upload id {})",
                    path.display(),
                    summary["parts"],
                    summary["skipped_parts"],
                    summary["upload_id"].as_str().unwrap_or("")
                )
            });
            Ok(())
        }
        _ => unreachable!("not a multipart command"),
    }
}

/// The MD5 (upper-case hex) of `length` bytes of `path` from `offset`.
fn part_md5(path: &Path, offset: u64, length: u64) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut md5 = oss_checksum::md5::Md5::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut left = length;
    while left > 0 {
        let n = file.read(&mut buffer[..left.min(1 << 20) as usize])?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        md5.update(&buffer[..n]);
        left -= n as u64;
    }
    Ok(md5.finish().iter().map(|b| format!("{b:02X}")).collect())
}

#[allow(clippy::too_many_arguments)]
async fn multiupload(
    ctx: &Context,
    bucket: &Bucket,
    url: &OssUrl,
    path: &Path,
    given: Option<String>,
    threads: usize,
    max_parts: u64,
    headers: oss_client::model::ObjectHeaders,
) -> Result<serde_json::Value> {
    let what = format!("multiupload {} to {url}", path.display());
    let size = std::fs::metadata(path)
        .map_err(|e| CliError::io(format!("cannot read {}", path.display()), e))?
        .len();
    let part_size = size.div_ceil(max_parts.clamp(1, 10_000)).max(MIN_PART_SIZE);
    // The given upload, else the first one in progress for the key, else a new one.
    let upload_id = match given {
        Some(id) => id,
        None => {
            let uploads = bucket
                .list_multipart_uploads()
                .prefix(&url.key)
                .into_paginator()
                .collect_items()
                .await
                .map_err(fail(&what))?;
            let mut ids: Vec<String> = uploads
                .into_iter()
                .filter(|u| u.key == url.key)
                .map(|u| u.upload_id)
                .collect();
            ids.sort();
            match ids.into_iter().next() {
                Some(id) => id,
                None => bucket
                    .initiate_multipart_upload(&url.key)
                    .object_headers(headers)
                    .await
                    .map_err(fail(&what))?
                    .upload_id
                    .clone(),
            }
        }
    };
    let existing: BTreeMap<u32, (u64, String)> = bucket
        .list_parts(&url.key, &upload_id)
        .into_paginator()
        .collect_items()
        .await
        .map_err(fail(&what))?
        .into_iter()
        .map(|p| {
            (
                p.part_number,
                (p.size, p.etag.as_str().to_ascii_uppercase()),
            )
        })
        .collect();
    let plan = PartPlan::new(size, part_size).map_err(|e| CliError::usage(e.to_string()))?;
    let parts = plan.part_count().max(1);
    let progress = Progress::new(ctx.show_progress(), false);
    let file = progress.file(&path.display().to_string(), size);
    let done = Arc::new(Mutex::new(BTreeMap::new()));
    let queue = Arc::new(Mutex::new((1..=parts).collect::<VecDeque<u32>>()));
    let skipped = Arc::new(Mutex::new(0u32));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..threads.max(1) {
        let (bucket, key, path, upload_id) = (
            bucket.clone(),
            url.key.clone(),
            path.to_owned(),
            upload_id.clone(),
        );
        let (done, queue, skipped, file) = (
            Arc::clone(&done),
            Arc::clone(&queue),
            Arc::clone(&skipped),
            Arc::clone(&file),
        );
        let existing = existing.clone();
        workers.spawn(async move {
            loop {
                let Some(number) = queue.lock().unwrap_or_else(|p| p.into_inner()).pop_front()
                else {
                    return Ok::<(), CliError>(());
                };
                // An empty file is one empty part.
                let (offset, length) = plan.part(number).map_or((0, 0), |p| (p.offset, p.length));
                let local = {
                    let source = path.clone();
                    tokio::task::spawn_blocking(move || part_md5(&source, offset, length))
                        .await
                        .map_err(|e| CliError::failed(e.to_string()))?
                        .map_err(|e| CliError::io(format!("cannot read {}", path.display()), e))?
                };
                let etag = match existing.get(&number) {
                    Some((existing_size, etag)) if *existing_size == length && *etag == local => {
                        *skipped.lock().unwrap_or_else(|p| p.into_inner()) += 1;
                        file.add(length as i64);
                        etag.clone()
                    }
                    _ => {
                        let counter = file.counter();
                        let part = bucket
                            .upload_part(
                                &key,
                                &upload_id,
                                number,
                                Body::file_range(&path, offset, length),
                            )
                            .progress(callback(&counter))
                            .await
                            .map_err(|e| CliError::oss(format!("part {number}"), e))?;
                        part.etag.raw().to_owned()
                    }
                };
                done.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(number, etag);
            }
        });
    }
    let mut failure = None;
    while let Some(joined) = workers.join_next().await {
        if let Err(error) = joined.unwrap_or_else(|e| Err(CliError::failed(e.to_string()))) {
            queue.lock().unwrap_or_else(|p| p.into_inner()).clear();
            failure.get_or_insert(error);
        }
    }
    file.finish();
    progress.finish();
    if let Some(error) = failure {
        return Err(match error {
            CliError::Oss { error, .. } => CliError::oss(
                format!("{what} (rerun to resume upload {upload_id})"),
                error,
            ),
            other => other,
        });
    }
    let done = std::mem::take(&mut *done.lock().unwrap_or_else(|p| p.into_inner()));
    let skipped = *skipped.lock().unwrap_or_else(|p| p.into_inner());
    let completed = bucket
        .complete_multipart_upload(&url.key, &upload_id)
        .parts(done.into_iter().map(|(number, etag)| CompletedPart {
            part_number: number,
            etag: ETag::new(etag),
        }))
        .await
        .map_err(fail(&what))?;
    Ok(json!({
        "url": url.to_string(),
        "upload_id": upload_id,
        "parts": parts,
        "skipped_parts": skipped,
        "size": size,
        "etag": completed.etag.as_str(),
    }))
}
