//! One upload in progress: a file through PutObject or a resumable multipart upload, the
//! completion and its checks, and the cleanup after a failure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use oss_client::model::{ETag, ObjectHeaders};
use oss_client::Bucket;

use super::parts::{self, PartCtx};
use super::resume::{self, DonePart, FileIdentity, Prepare, Start, UploadState};
use super::{Settings, UploadOutcome};
use crate::cancel::{self, CancellationToken};
use crate::checkpoint::CheckpointFile;
use crate::error::{Error, Result};
use crate::plan::PartPlan;
use crate::progress::Tracker;
use crate::stream::{PartData, PartObserver};

/// One upload in progress.
pub(crate) struct Job {
    pub(super) bucket: Bucket,
    pub(super) key: String,
    pub(super) settings: Arc<Settings>,
    pub(super) headers: ObjectHeaders,
    pub(super) tracker: Tracker,
    pub(super) content_md5: bool,
    /// The multipart upload, once there is one (aborted after a failure unless resumable).
    pub(super) upload_id: Mutex<Option<String>>,
    pub(super) cancel: Option<CancellationToken>,
}

impl Job {
    pub(super) fn cancel(&self) -> Option<&CancellationToken> {
        self.cancel.as_ref()
    }

    pub(super) fn part_ctx(&self, upload_id: String) -> PartCtx {
        PartCtx {
            bucket: self.bucket.clone(),
            key: self.key.clone(),
            upload_id,
            limit: self.settings.limit.clone(),
            tracker: self.tracker.clone(),
            content_md5: self.content_md5,
        }
    }

    pub(super) async fn upload_file(&self, path: &Path) -> Result<UploadOutcome> {
        let hash = self.settings.hash_source && self.settings.checkpoints.is_some();
        let source = cancel::or_cancel(self.cancel(), FileIdentity::of(path, hash)).await?;
        if !self.size_is_trusted(path, source.size).await {
            return self.upload_to_end(path).await;
        }
        let absolute = Arc::new(PathBuf::from(&source.path));
        crate::trace::record_size(source.size);
        if source.size < self.settings.threshold || source.size == 0 {
            self.tracker.start(Some(source.size), 0);
            let data = PartData::File {
                path: absolute,
                offset: 0,
                length: source.size,
            };
            let outcome = self.put(data).await?;
            if !source.unchanged(path).await? {
                return Err(Error::SourceChanged { path: path.into() });
            }
            return Ok(outcome);
        }
        let plan = PartPlan::new(source.size, self.settings.part_size)?;
        let checkpoint = self.settings.checkpoints.as_ref().map(|dir| {
            let identity = resume::identity(self.bucket.name(), &self.key, &source.path);
            CheckpointFile::new::<UploadState>(dir, &identity)
        });
        let start = Prepare {
            bucket: &self.bucket,
            key: &self.key,
            source: &source,
            plan: &plan,
            headers: &self.headers,
            checkpoint: checkpoint.as_ref(),
            upload_id: &self.upload_id,
            cancel: self.cancel(),
        }
        .start()
        .await?;
        let mut state = match start {
            Start::Upload(state) => state,
            Start::Completed { state, etag, crc64 } => {
                if let Some(file) = &checkpoint {
                    file.remove().await?;
                }
                self.tracker.start(Some(source.size), source.size);
                let check =
                    parts::check_object_crc(&self.bucket, &self.key, crc64, state.combined_crc());
                let crc64 = cancel::or_cancel(self.cancel(), check).await?;
                return Ok(self.outcome(&state.upload_id, &state.parts, etag, crc64, source.size));
            }
        };
        let resumed = (state.done_bytes(), state.parts.len() as u32);
        self.tracker.start(Some(source.size), resumed.0);
        let ctx = Arc::new(self.part_ctx(state.upload_id.clone()));
        parts::send_file_parts(
            &ctx,
            &absolute,
            &plan,
            &mut state,
            checkpoint.as_ref(),
            self.settings.concurrency,
            self.cancel(),
        )
        .await?;
        if !source.unchanged(path).await? {
            self.abort().await;
            if let Some(file) = &checkpoint {
                file.remove().await?;
            }
            return Err(Error::SourceChanged { path: path.into() });
        }
        let finished = self
            .finish_multipart(&ctx, &state.parts, source.size, resumed)
            .await;
        if let Some(file) = &checkpoint {
            // Completed (or found unusable after completion): nothing left to resume.
            if finished.is_ok() || !resume_possible(&finished) {
                file.remove().await?;
            }
        }
        let outcome = finished?;
        if let (Some(expected), Some(actual)) = (source.crc64, outcome.crc64) {
            if expected != actual {
                return Err(Error::integrity(format!(
                    "{}: the object's CRC-64 {actual} is not the file's {expected}",
                    self.key
                )));
            }
        }
        Ok(outcome)
    }

    /// Whether the size the file system gives for the file at `path` is its content's.
    /// Files of procfs and sysfs say 0 bytes or a page, whatever they hold; they have no data
    /// blocks. A small file without data blocks (or any file said to be empty) is read to its
    /// end instead, which costs nothing for a file really that small.
    async fn size_is_trusted(&self, path: &Path, size: u64) -> bool {
        if size == 0 {
            return false;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if size < self.settings.threshold {
                let blocks = tokio::fs::metadata(path).await.map(|m| m.blocks());
                return !matches!(blocks, Ok(0));
            }
        }
        let _ = path;
        true
    }

    /// Uploads the file at `path` by reading it to its end, like a reader (no checkpoint; a
    /// multipart upload is aborted if it fails).
    async fn upload_to_end(&self, path: &Path) -> Result<UploadOutcome> {
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let result = super::reader::upload(self, Box::pin(file), None).await;
        if result.is_err() {
            self.abort().await;
        }
        result
    }

    /// Completes the upload with `parts` and checks the object's CRC-64.
    pub(super) async fn finish_multipart(
        &self,
        ctx: &PartCtx,
        parts: &BTreeMap<u32, DonePart>,
        size: u64,
        (resumed_bytes, resumed_parts): (u64, u32),
    ) -> Result<UploadOutcome> {
        let completed_parts = parts
            .values()
            .map(|p| oss_client::model::CompletedPart {
                part_number: p.number,
                etag: ETag::new(p.etag.clone()),
            })
            .collect();
        let complete = parts::complete(ctx, completed_parts, self.headers.forbid_overwrite);
        let completed = cancel::or_cancel(self.cancel(), complete).await?;
        let expected = parts.values().fold(0, |crc, part| {
            oss_checksum::crc64::combine(crc, part.crc64, part.size)
        });
        let check = parts::check_object_crc(&self.bucket, &self.key, completed.crc64, expected);
        let crc64 = check.await.inspect_err(|_| {
            // The upload is complete: nothing to abort any more.
            *self.upload_id.lock().unwrap_or_else(|e| e.into_inner()) = None;
        })?;
        *self.upload_id.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let mut outcome = self.outcome(&ctx.upload_id, parts, completed.etag, crc64, size);
        outcome.resumed_bytes = resumed_bytes;
        outcome.resumed_parts = resumed_parts;
        Ok(outcome)
    }

    pub(super) fn outcome(
        &self,
        upload_id: &str,
        parts: &BTreeMap<u32, DonePart>,
        etag: ETag,
        crc64: Option<u64>,
        size: u64,
    ) -> UploadOutcome {
        UploadOutcome {
            key: self.key.clone(),
            size,
            etag,
            crc64,
            upload_id: Some(upload_id.to_owned()),
            parts: parts.len() as u32,
            resumed_bytes: size,
            resumed_parts: parts.len() as u32,
        }
    }

    /// Starts a multipart upload (for sources without a checkpoint).
    pub(super) async fn initiate(&self) -> Result<String> {
        let initiate = resume::initiate(&self.bucket, &self.key, &self.headers);
        let id = cancel::or_cancel(self.cancel(), initiate).await?;
        *self.upload_id.lock().unwrap_or_else(|e| e.into_inner()) = Some(id.clone());
        Ok(id)
    }

    /// One PutObject of `data`, sent (and retried by the transport) like a part.
    pub(super) async fn put(&self, data: PartData) -> Result<UploadOutcome> {
        let length = data.len();
        let body = data.into_body(PartObserver::new(
            self.tracker.clone(),
            self.settings.limit.clone(),
        ));
        let put = self
            .bucket
            .put_object(&self.key, body)
            .object_headers(self.headers.clone())
            .content_md5(self.content_md5)
            .send();
        let put = cancel::or_cancel(self.cancel(), async {
            put.await.map_err(|e| Error::request("PutObject", e))
        })
        .await?
        .into_inner();
        Ok(UploadOutcome {
            key: self.key.clone(),
            size: length,
            etag: put.etag.unwrap_or_default(),
            crc64: put.crc64,
            upload_id: None,
            parts: 0,
            resumed_bytes: 0,
            resumed_parts: 0,
        })
    }

    /// Aborts the multipart upload, if one was started and not completed (best effort).
    pub(super) async fn abort(&self) {
        let id = self
            .upload_id
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(id) = id {
            let _ = self.bucket.abort_multipart_upload(&self.key, id).await;
        }
    }
}

/// Whether a checkpoint is still worth keeping after `finished` failed: not once the upload
/// was completed (an integrity failure after completion).
fn resume_possible(finished: &Result<UploadOutcome>) -> bool {
    !matches!(finished, Err(Error::Integrity { .. }))
}
