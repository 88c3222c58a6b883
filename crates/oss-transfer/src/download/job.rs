//! One download in progress: the object's head, the temporary file and checkpoint, the
//! parts, the checks of the whole, and the move into place.

use std::path::Path;
use std::sync::Arc;

use oss_client::model::ObjectMeta;
use oss_client::Bucket;
use tokio::task::JoinSet;

use super::part::{self, Fetched, PartCtx};
use super::resume::{self, remove_file, DownloadState, WrittenPart};
use super::temp;
use super::writer::FileWriter;
use super::{DownloadOutcome, Settings};
use crate::cancel::{self, CancellationToken};
use crate::checkpoint::CheckpointFile;
use crate::error::{Error, Result};
use crate::plan::PartPlan;
use crate::progress::Tracker;
use tracing::Instrument;

/// One download in progress.
pub(super) struct Job {
    pub(super) bucket: Bucket,
    pub(super) key: String,
    pub(super) settings: Arc<Settings>,
    pub(super) tracker: Tracker,
    pub(super) cancel: Option<CancellationToken>,
    pub(super) verify_md5: bool,
    pub(super) version_id: Option<String>,
}

impl Job {
    pub(super) async fn run(&self, destination: &Path) -> Result<DownloadOutcome> {
        let shown = destination.display().to_string();
        let destination = std::path::absolute(destination)
            .map_err(|e| Error::io(format!("cannot resolve {shown}"), e))?;
        let parent = destination
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        if destination.file_name().is_none() {
            return Err(Error::invalid_argument(format!(
                "{shown} is not a file path"
            )));
        }
        tokio::fs::create_dir_all(&parent)
            .await
            .map_err(|e| Error::io(format!("cannot create {}", parent.display()), e))?;

        let head = self.head().await?;
        let size = head.content_length.ok_or_else(|| {
            Error::integrity(format!("{}: HeadObject gave no Content-Length", self.key))
        })?;
        crate::trace::record_size(size);
        let plan = PartPlan::new(size, self.settings.part_size)?;
        let checkpoint = self.settings.checkpoints.as_ref().map(|dir| {
            let identity = resume::identity(
                self.bucket.name(),
                &self.key,
                self.version_id.as_deref(),
                &destination.to_string_lossy(),
            );
            CheckpointFile::new::<DownloadState>(dir, &identity)
        });
        let fresh = DownloadState {
            bucket: self.bucket.name().to_owned(),
            key: self.key.clone(),
            destination: destination.to_string_lossy().into_owned(),
            etag: head
                .etag
                .as_ref()
                .map(|e| e.raw().to_owned())
                .unwrap_or_default(),
            size,
            crc64: head.crc64ecma,
            part_size: plan.part_size(),
            parts: Default::default(),
        };
        let (temp, mut state, file) = match &checkpoint {
            Some(checkpoint) => {
                // Found again by the next run.
                let temp = temp::resumable_path(&destination);
                match resume::resume(checkpoint, &fresh, &plan, &temp).await? {
                    Some((state, file)) => (temp, state, file),
                    None => {
                        let path = temp.clone();
                        let file = blocking_io(&temp, "create", move || {
                            temp::create_resumable(&path, size)
                        })
                        .await?;
                        checkpoint.save(&fresh).await?;
                        (temp, fresh, file)
                    }
                }
            }
            None => {
                let target = destination.clone();
                let (temp, file) = blocking_io(&destination, "create a temporary file for", {
                    move || temp::create_unique(&target, size)
                })
                .await?;
                (temp, fresh, file)
            }
        };
        let resumed_bytes = state.done_bytes();
        let resumed_parts = state.parts.len() as u32;
        self.tracker.start(Some(size), resumed_bytes);

        let writer_file = file
            .try_clone()
            .map_err(|e| Error::io(format!("cannot open {}", temp.display()), e))?;
        let ctx = Arc::new(PartCtx {
            bucket: self.bucket.clone(),
            key: self.key.clone(),
            version_id: self.version_id.clone(),
            etag: head.etag.clone(),
            writer: FileWriter::start(writer_file)
                .map_err(|e| Error::io("cannot start the file writer", e))?,
            temp: temp.clone(),
            limit: self.settings.limit.clone(),
            tracker: self.tracker.clone(),
        });
        let result = self
            .finish(
                &ctx,
                &plan,
                &mut state,
                checkpoint.as_ref(),
                &head,
                (file, &destination),
            )
            .await;
        // Everything queued is written (or failed) and nothing more will be: the parts are
        // done or stopped. Then the writer's thread ends and closes the file.
        let _ = ctx.writer.flush().await;
        drop(ctx);
        match &result {
            Ok(_) => {
                if let Some(file) = &checkpoint {
                    file.remove().await?;
                }
            }
            // The temporary file is kept for the next run only when it can resume.
            Err(e) if checkpoint.is_none() || !resumable(e) => {
                let _ = remove_file(&temp).await;
                if let Some(file) = &checkpoint {
                    let _ = file.remove().await;
                }
            }
            Err(_) => {}
        }
        let (crc64, md5_verified) = result?;
        Ok(DownloadOutcome {
            key: self.key.clone(),
            path: destination,
            size,
            etag: head.etag,
            crc64,
            md5_verified,
            parts: plan.part_count(),
            resumed_bytes,
            resumed_parts,
        })
    }

    async fn head(&self) -> Result<ObjectMeta> {
        let head = async {
            let mut request = self.bucket.head_object(&self.key);
            if let Some(version) = &self.version_id {
                request = request.version_id(version);
            }
            let head = request.await;
            head.map(|h| h.into_inner())
                .map_err(|e| Error::request("HeadObject", e))
        };
        cancel::or_cancel(self.cancel.as_ref(), head).await
    }

    /// Fetches the missing parts, checks the whole and moves the file into place.
    async fn finish(
        &self,
        ctx: &Arc<PartCtx>,
        plan: &PartPlan,
        state: &mut DownloadState,
        checkpoint: Option<&CheckpointFile>,
        head: &ObjectMeta,
        (file, destination): (std::fs::File, &Path),
    ) -> Result<(Option<u64>, bool)> {
        let missing: Vec<_> = plan
            .parts()
            .filter(|p| !state.parts.contains_key(&p.number))
            .collect();
        self.run_parts(ctx, missing, state, checkpoint, false)
            .await?;
        let mut crc64 = None;
        if let Some(expected) = head.crc64ecma {
            if state.combined_crc() != expected {
                // Some part was corrupted on the way: fetch them all again, keep agreements.
                let all: Vec<_> = plan.parts().collect();
                self.run_parts(ctx, all, state, checkpoint, true).await?;
                if state.combined_crc() != expected {
                    return Err(Error::integrity(format!(
                        "{}: the download's CRC-64 {} is not the object's {expected}",
                        self.key,
                        state.combined_crc()
                    )));
                }
            }
            crc64 = Some(expected);
        }
        let file = Arc::new(file);
        let md5_verified = match (&head.content_md5, self.verify_md5) {
            (Some(expected), true) => {
                let actual = md5_of(Arc::clone(&file), head.content_length.unwrap_or(0))
                    .await
                    .map_err(|e| Error::io(format!("cannot hash {}", ctx.temp.display()), e))?;
                if &actual != expected {
                    return Err(Error::integrity(format!(
                        "{}: the download's MD5 {actual} is not the object's {expected}",
                        self.key
                    )));
                }
                true
            }
            _ => false,
        };
        let temp = ctx.temp.clone();
        let target = destination.to_path_buf();
        tokio::task::spawn_blocking(move || commit(file, &temp, &target))
            .await
            .map_err(|e| {
                Error::io(
                    "cannot move the download into place",
                    std::io::Error::other(e),
                )
            })?
            .map_err(|e| {
                Error::io(
                    format!("cannot move the download to {}", destination.display()),
                    e,
                )
            })?;
        Ok((crc64, md5_verified))
    }

    /// Fetches `parts`, `concurrency` at a time, recording each (with `repair`, each is
    /// fetched until two fetches agree).
    async fn run_parts(
        &self,
        ctx: &Arc<PartCtx>,
        parts: Vec<crate::plan::PartRange>,
        state: &mut DownloadState,
        checkpoint: Option<&CheckpointFile>,
        repair: bool,
    ) -> Result<()> {
        let mut pending = parts.into_iter();
        let mut running = JoinSet::new();
        let result = async {
            loop {
                while running.len() < self.settings.concurrency {
                    let Some(range) = pending.next() else { break };
                    let ctx = Arc::clone(ctx);
                    match state.parts.get(&range.number).filter(|_| repair) {
                        Some(known) => running
                            .spawn(part::repair_part(ctx, range, known.crc64).in_current_span()),
                        None => running.spawn(part::download_part(ctx, range).in_current_span()),
                    };
                }
                let joined = tokio::select! {
                    joined = running.join_next() => joined,
                    () = cancel::cancelled(self.cancel.as_ref()) => return Err(Error::Cancelled),
                };
                let Some(joined) = joined else {
                    return Ok(());
                };
                let Fetched {
                    number,
                    size,
                    crc64,
                } = joined
                    .map_err(|e| Error::io("a part task failed", std::io::Error::other(e)))??;
                state.parts.insert(number, WrittenPart { size, crc64 });
                if let Some(file) = checkpoint {
                    file.save(state).await?;
                }
            }
        }
        .await;
        // Parts still running after a failure or a cancellation are stopped and waited for:
        // none may queue a write once the download has given up.
        running.shutdown().await;
        result
    }
}

/// Whether a failed download's temporary file and checkpoint are worth keeping.
fn resumable(error: &Error) -> bool {
    !matches!(
        error,
        Error::ObjectChanged { .. } | Error::Integrity { .. } | Error::InvalidArgument(_)
    )
}

/// Runs `step` on the blocking pool; its error says it could not `what` `path`.
async fn blocking_io<T: Send + 'static>(
    path: &Path,
    what: &str,
    step: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T> {
    let context = || format!("cannot {what} {}", path.display());
    tokio::task::spawn_blocking(step)
        .await
        .map_err(|e| Error::io(context(), std::io::Error::other(e)))?
        .map_err(|e| Error::io(context(), e))
}

/// The base64 MD5 of the first `size` bytes of `file`.
async fn md5_of(file: Arc<std::fs::File>, size: u64) -> std::io::Result<String> {
    use base64::Engine;
    let digest = tokio::task::spawn_blocking(move || {
        let mut md5 = oss_checksum::md5::Md5::new();
        crate::positional::read_range_at(&file, 0, size, |chunk| md5.update(chunk))?;
        Ok::<_, std::io::Error>(md5.finish())
    })
    .await
    .map_err(std::io::Error::other)??;
    Ok(base64::engine::general_purpose::STANDARD.encode(digest))
}

/// Flushes the temporary file to disk, renames it to `target` and makes the rename durable.
fn commit(file: Arc<std::fs::File>, temp: &Path, target: &Path) -> std::io::Result<()> {
    file.sync_all()?;
    drop(file);
    std::fs::rename(temp, target)?;
    if let Some(dir) = target.parent() {
        // Directories cannot be opened for syncing everywhere; the rename is done anyway.
        if let Ok(dir) = std::fs::File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    Ok(())
}
