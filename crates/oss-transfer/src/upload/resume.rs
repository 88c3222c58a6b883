//! Resuming uploads: the checkpoint of a multipart file upload, and what happens to it at
//! the start of a run.
//!
//! The checkpoint records the bucket, key and upload id, the source's identity (absolute
//! path, size, modification time and, when asked, the CRC-64 of its content), the part size
//! and every completed part with its ETag, size and CRC-64. A run that finds one:
//!
//! - **same source, same part size**: lists the upload's parts (ListParts) and keeps the
//!   recorded parts the service has with the same ETag, size and CRC-64; parts the service
//!   has that the checkpoint missed (completed just before a crash) are adopted when their
//!   size and CRC-64 match the file's bytes. Everything else is sent again.
//! - **the upload id is gone** (completed or aborted elsewhere): if every part was recorded
//!   and the object carries the multipart ETag of those parts, the upload had completed;
//!   otherwise a new upload starts from the first part.
//! - **a different source or part size** (the file changed): the old upload is aborted and
//!   a new one starts.
//!
//! A damaged checkpoint is deleted and the upload starts over; if the upload it names can
//! still be read from it (and is of this bucket and key), that upload is aborted first, so
//! that it is not left behind. What a checkpoint says is checked before it is used: the
//! upload id must look like one, and every recorded part must be a part of the plan with
//! its size.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use oss_client::model::{CompletedPart, ETag, ObjectHeaders, Part};
use oss_client::Bucket;
use serde::{Deserialize, Serialize};

use crate::cancel::{self, CancellationToken};
use crate::checkpoint::{CheckpointFile, CheckpointState};
use crate::error::{Error, Result};
use crate::plan::PartPlan;
use crate::stream::crc_of_range;

/// What identifies a local file's content without reading it (and, when asked, with).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileIdentity {
    /// The absolute path.
    pub(crate) path: String,
    /// The size in bytes.
    pub(crate) size: u64,
    /// The modification time as seconds and nanoseconds since the Unix epoch.
    pub(crate) modified: Option<(u64, u32)>,
    /// The CRC-64 of the content, when asked for.
    pub(crate) crc64: Option<u64>,
}

impl FileIdentity {
    /// The identity of `path` now (its content hashed when `hash` is set).
    pub(crate) async fn of(path: &Path, hash: bool) -> Result<Self> {
        let shown = path.display().to_string();
        let metadata = tokio::fs::metadata(path)
            .await
            .map_err(|e| Error::io(format!("cannot read {shown}"), e))?;
        if !metadata.is_file() {
            return Err(Error::invalid_argument(format!("{shown} is not a file")));
        }
        let absolute = std::path::absolute(path)
            .map_err(|e| Error::io(format!("cannot resolve {shown}"), e))?;
        let size = metadata.len();
        let crc64 = if hash {
            let owned = absolute.clone();
            let crc = tokio::task::spawn_blocking(move || crc_of_range(&owned, 0, size))
                .await
                .map_err(|e| Error::io(format!("cannot hash {shown}"), std::io::Error::other(e)))?
                .map_err(|e| Error::io(format!("cannot hash {shown}"), e))?;
            Some(crc)
        } else {
            None
        };
        Ok(FileIdentity {
            path: absolute.to_string_lossy().into_owned(),
            size,
            modified: metadata.modified().ok().and_then(unix_time),
            crc64,
        })
    }

    /// Whether the file still looks the same (size and modification time; the content hash
    /// is not computed again).
    pub(crate) async fn unchanged(&self, path: &Path) -> Result<bool> {
        let now = FileIdentity::of(path, false).await?;
        Ok(now.size == self.size && now.modified == self.modified)
    }
}

/// A time as seconds and nanoseconds since the Unix epoch (`None` before it).
pub(crate) fn unix_time(time: SystemTime) -> Option<(u64, u32)> {
    let since = time.duration_since(UNIX_EPOCH).ok()?;
    Some((since.as_secs(), since.subsec_nanos()))
}

/// A part the service has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DonePart {
    /// The part number.
    pub(crate) number: u32,
    /// Its ETag, as the service sent it.
    pub(crate) etag: String,
    /// Its size.
    pub(crate) size: u64,
    /// Its CRC-64.
    pub(crate) crc64: u64,
}

/// The checkpoint of a multipart file upload.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct UploadState {
    pub(crate) bucket: String,
    pub(crate) key: String,
    pub(crate) upload_id: String,
    pub(crate) source: FileIdentity,
    pub(crate) part_size: u64,
    /// By part number.
    pub(crate) parts: BTreeMap<u32, DonePart>,
}

impl CheckpointState for UploadState {
    const KIND: &'static str = "upload";
}

impl UploadState {
    /// The bytes of the recorded parts.
    pub(crate) fn done_bytes(&self) -> u64 {
        self.parts.values().map(|p| p.size).sum()
    }

    /// The parts for CompleteMultipartUpload.
    pub(crate) fn completed_parts(&self) -> Vec<CompletedPart> {
        self.parts
            .values()
            .map(|p| CompletedPart {
                part_number: p.number,
                etag: ETag::new(p.etag.clone()),
            })
            .collect()
    }

    /// The CRC-64 of the whole object, from the parts'.
    pub(crate) fn combined_crc(&self) -> u64 {
        self.parts.values().fold(0, |crc, part| {
            oss_checksum::crc64::combine(crc, part.crc64, part.size)
        })
    }
}

/// The checkpoint file name's identity of an upload.
pub(crate) fn identity(bucket: &str, key: &str, path: &str) -> String {
    format!("upload\noss://{bucket}/{key}\n{path}")
}

/// What a run starts from.
pub(crate) enum Start {
    /// Parts to send (possibly some done already).
    Upload(UploadState),
    /// The upload had completed before the checkpoint could be removed.
    Completed {
        state: UploadState,
        etag: ETag,
        crc64: Option<u64>,
    },
}

/// What the start of a multipart file upload needs.
pub(crate) struct Prepare<'a> {
    pub(crate) bucket: &'a Bucket,
    pub(crate) key: &'a str,
    pub(crate) source: &'a FileIdentity,
    pub(crate) plan: &'a PartPlan,
    pub(crate) headers: &'a ObjectHeaders,
    pub(crate) checkpoint: Option<&'a CheckpointFile>,
    /// Where the new upload id goes as soon as there is one (to abort it on failure).
    pub(crate) upload_id: &'a std::sync::Mutex<Option<String>>,
    pub(crate) cancel: Option<&'a CancellationToken>,
}

impl Prepare<'_> {
    /// Resumes from the checkpoint when it is valid, or starts a new upload.
    pub(crate) async fn start(&self) -> Result<Start> {
        if let Some(file) = self.checkpoint {
            match file.load_or_remains::<UploadState>().await? {
                Ok(Some(old)) => {
                    if let Some(start) = self.resume(old).await? {
                        if let Start::Upload(state) = &start {
                            file.save(state).await?;
                        }
                        return Ok(start);
                    }
                    file.remove().await?;
                }
                Ok(None) => {}
                Err(remains) => self.abort_named(remains.as_ref()).await?,
            }
        }
        let state = self.initiate().await?;
        if let Some(file) = self.checkpoint {
            file.save(&state).await?;
        }
        Ok(Start::Upload(state))
    }

    /// Aborts the upload a damaged checkpoint names, if its id can still be read and the
    /// bucket and key, where they can be read, are this upload's. (An id salvaged from text
    /// too damaged to parse comes without them; the service aborts an id only for the key it
    /// belongs to.)
    async fn abort_named(&self, remains: Option<&serde_json::Value>) -> Result<()> {
        let field = |name: &str| remains.and_then(|state| state.get(name)?.as_str());
        let matches = |name: &str, ours: &str| field(name).is_none_or(|theirs| theirs == ours);
        let named = matches("bucket", self.bucket.name()) && matches("key", self.key);
        match field("upload_id").filter(|id| named && is_upload_id(id)) {
            Some(id) => self.abort(id).await,
            None => Ok(()),
        }
    }

    /// Aborts `upload_id` (best effort: it may be gone already).
    async fn abort(&self, upload_id: &str) -> Result<()> {
        let abort = async {
            let _ = self
                .bucket
                .abort_multipart_upload(self.key, upload_id)
                .await;
            Ok(())
        };
        cancel::or_cancel(self.cancel, abort).await
    }

    /// `None` when the checkpoint cannot be used (its upload aborted if it was stale).
    async fn resume(&self, mut old: UploadState) -> Result<Option<Start>> {
        let ours = old.bucket == self.bucket.name()
            && old.key == self.key
            && old.source.path == self.source.path
            && is_upload_id(&old.upload_id);
        if !ours {
            return Ok(None);
        }
        let parts_fit = old.parts.iter().all(|(number, part)| {
            part.number == *number
                && self
                    .plan
                    .part(*number)
                    .is_some_and(|range| range.length == part.size)
        });
        if old.source != *self.source || old.part_size != self.plan.part_size() || !parts_fit {
            // Stale: the source changed. Its parts are of no use.
            self.abort(&old.upload_id).await?;
            return Ok(None);
        }
        self.set_upload_id(&old.upload_id);
        let listed = match cancel::or_cancel(self.cancel, self.list_parts(&old.upload_id)).await {
            Ok(listed) => listed,
            Err(e) if e.is_no_such_upload() => return self.vanished(old).await,
            Err(e) => return Err(e),
        };
        old.parts.retain(|number, part| {
            listed.get(number).is_some_and(|server| {
                server.etag.matches(&ETag::new(part.etag.clone()))
                    && server.size == part.size
                    && server.hash_crc64ecma.is_none_or(|crc| crc == part.crc64)
            })
        });
        for (number, server) in &listed {
            if old.parts.contains_key(number) {
                continue;
            }
            if let Some(adopted) = self.adopt(server).await {
                old.parts.insert(*number, adopted);
            }
        }
        Ok(Some(Start::Upload(old)))
    }

    /// A listed part that the checkpoint missed, if its size and CRC-64 are the file's.
    async fn adopt(&self, server: &Part) -> Option<DonePart> {
        let range = self.plan.part(server.part_number)?;
        let crc = server.hash_crc64ecma?;
        if server.size != range.length {
            return None;
        }
        let path = Arc::new(std::path::PathBuf::from(&self.source.path));
        let local =
            tokio::task::spawn_blocking(move || crc_of_range(&path, range.offset, range.length))
                .await
                .ok()?
                .ok()?;
        (local == crc).then(|| DonePart {
            number: range.number,
            etag: server.etag.raw().to_owned(),
            size: range.length,
            crc64: crc,
        })
    }

    /// The upload id is gone: completed (every part recorded and the object's ETag is
    /// theirs), or lost.
    async fn vanished(&self, old: UploadState) -> Result<Option<Start>> {
        let every_part = old.parts.len() as u64 == u64::from(self.plan.part_count());
        if every_part {
            let expected = oss_client::ops::complete::multipart_etag(&old.completed_parts());
            let head = async {
                let head = self.bucket.head_object(self.key).await;
                head.map_err(|e| Error::request("HeadObject", e))
            };
            let head = cancel::or_cancel(self.cancel, head).await;
            if matches!(head, Err(Error::Cancelled)) {
                return Err(Error::Cancelled);
            }
            if let Ok(head) = head {
                if let (Some(expected), Some(etag)) = (expected, &head.etag) {
                    if expected.matches(etag) {
                        return Ok(Some(Start::Completed {
                            etag: etag.clone(),
                            crc64: head.crc64ecma,
                            state: old,
                        }));
                    }
                }
            }
        }
        Ok(None)
    }

    async fn list_parts(&self, upload_id: &str) -> Result<BTreeMap<u32, Part>> {
        let parts = self
            .bucket
            .list_parts(self.key, upload_id)
            .into_paginator()
            .collect_items()
            .await
            .map_err(|e| Error::request("ListParts", e))?;
        Ok(parts.into_iter().map(|p| (p.part_number, p)).collect())
    }

    async fn initiate(&self) -> Result<UploadState> {
        let initiate = initiate(self.bucket, self.key, self.headers);
        let upload_id = cancel::or_cancel(self.cancel, initiate).await?;
        self.set_upload_id(&upload_id);
        Ok(UploadState {
            bucket: self.bucket.name().to_owned(),
            key: self.key.to_owned(),
            upload_id,
            source: self.source.clone(),
            part_size: self.plan.part_size(),
            parts: BTreeMap::new(),
        })
    }

    fn set_upload_id(&self, id: &str) {
        *self.upload_id.lock().unwrap_or_else(|e| e.into_inner()) = Some(id.to_owned());
    }
}

/// Whether `id`, read from a checkpoint, can be an upload id: printable ASCII without
/// spaces, of a sane length (OSS's are 32 hexadecimal digits).
fn is_upload_id(id: &str) -> bool {
    (1..=256).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_graphic())
}

/// InitiateMultipartUpload: the new upload's id.
pub(crate) async fn initiate(
    bucket: &Bucket,
    key: &str,
    headers: &ObjectHeaders,
) -> Result<String> {
    let output = bucket
        .initiate_multipart_upload(key)
        .object_headers(headers.clone())
        .send()
        .await
        .map_err(|e| Error::request("InitiateMultipartUpload", e))?;
    Ok(output.into_inner().upload_id)
}
