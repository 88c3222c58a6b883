//! Directory uploads: a local tree to a prefix (see the [module documentation](super)).

use std::collections::HashMap;
use std::future::IntoFuture;
use std::path::PathBuf;
use std::time::SystemTime;

use oss_client::BoxFuture;

use super::walk::{self, Found};
use super::{
    folder, listing, local_crc, mtime_text, overall_tracker, run, DirReport, FailedFile, FileJob,
    FileResult, Options, SkipPolicy, SkipReason, SkippedFile, TransferredFile, MTIME_META,
};
use crate::cancel::CancellationToken;
use crate::error::{Error, Result};
use crate::progress::{ProgressFn, Tracker, TransferProgress};
use crate::Uploader;

impl Uploader {
    /// Uploads every file under `root` to `prefix` (see the [module documentation](crate::dir)).
    pub fn upload_dir(
        &self,
        root: impl Into<PathBuf>,
        prefix: impl Into<String>,
    ) -> UploadDirRequest {
        UploadDirRequest {
            uploader: self.clone(),
            root: root.into(),
            prefix: prefix.into(),
            options: Options::default(),
        }
    }
}

/// A local tree to a prefix: options, then `.await`.
#[derive(Debug)]
pub struct UploadDirRequest {
    uploader: Uploader,
    root: PathBuf,
    prefix: String,
    options: Options,
}

impl UploadDirRequest {
    options!();

    /// Runs the transfer; fails only if the root cannot be read or the prefix listed.
    pub async fn send(self) -> Result<DirReport> {
        let root = self.root.clone();
        let found = tokio::task::spawn_blocking(move || walk::walk(&root))
            .await
            .map_err(|e| Error::io("cannot walk the tree", std::io::Error::other(e)))?
            .map_err(|e| Error::io(format!("cannot read {}", self.root.display()), e))?;
        let prefix = folder(self.prefix.clone());
        let bucket = self.uploader.bucket().clone();
        let remote: HashMap<String, (u64, Option<SystemTime>)> = match self.options.skip {
            SkipPolicy::Never => HashMap::new(),
            _ => listing(&bucket, &prefix)
                .await?
                .into_iter()
                .map(|(key, size, modified)| (key, (size, modified)))
                .collect(),
        };
        let mut report = DirReport::default();
        let mut jobs = Vec::new();
        let overall = overall_tracker(&self.options);
        for entry in found {
            match entry {
                Found::Failed { path, error } => report.failed.push(FailedFile {
                    error: Error::io(format!("cannot read {}", path.display()), error),
                    path,
                    key: String::new(),
                }),
                Found::Skipped { rel, path, reason } => report.skipped.push(SkippedFile {
                    path,
                    key: format!("{prefix}{rel}"),
                    reason,
                }),
                Found::File {
                    rel,
                    path,
                    size,
                    modified,
                } => {
                    let key = format!("{prefix}{rel}");
                    if !self.options.filter.accepts(&rel) {
                        report.skipped.push(SkippedFile {
                            path,
                            key,
                            reason: SkipReason::Excluded,
                        });
                        continue;
                    }
                    let job = FileUpload {
                        uploader: self.uploader.clone(),
                        options: self.options.clone(),
                        overall: overall.clone(),
                        remote: remote.get(&key).copied(),
                        path: path.clone(),
                        key: key.clone(),
                        size,
                        modified,
                    };
                    jobs.push((Box::pin(job.run()) as FileJob, size, path, key));
                }
            }
        }
        Ok(run(jobs, &self.options, &overall, report).await)
    }
}

impl IntoFuture for UploadDirRequest {
    type Output = Result<DirReport>;
    type IntoFuture = BoxFuture<Result<DirReport>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// One file of a directory upload.
struct FileUpload {
    uploader: Uploader,
    options: Options,
    overall: Tracker,
    /// The object's size and last modification, if it exists.
    remote: Option<(u64, Option<SystemTime>)>,
    path: PathBuf,
    key: String,
    size: u64,
    modified: Option<SystemTime>,
}

impl FileUpload {
    async fn unchanged(&self) -> bool {
        let Some((size, last_modified)) = self.remote else {
            return false;
        };
        if size != self.size || self.options.skip == SkipPolicy::Never {
            return false;
        }
        let Ok(head) = self.uploader.bucket().head_object(&self.key).await else {
            return false;
        };
        match self.options.skip {
            SkipPolicy::SizeAndMtime => match head.user_meta(MTIME_META) {
                Some(text) => self.modified.and_then(mtime_text).as_deref() == Some(text),
                None => matches!((last_modified, self.modified), (Some(r), Some(l)) if r >= l),
            },
            SkipPolicy::Crc64 => {
                head.crc64ecma.is_some() && local_crc(&self.path, self.size).await == head.crc64ecma
            }
            SkipPolicy::Never => false,
        }
    }

    async fn run(self) -> FileResult {
        if self.unchanged().await {
            return FileResult::Skipped(
                SkippedFile {
                    path: self.path,
                    key: self.key,
                    reason: SkipReason::Unchanged,
                },
                self.size,
            );
        }
        let mut request = self
            .uploader
            .upload_file(&self.path, &self.key)
            .progress_fn(self.options.progress.clone(), Some(self.overall.clone()));
        if let Some(text) = self.modified.and_then(mtime_text) {
            request = request.meta(MTIME_META, text);
        }
        if let Some(token) = &self.options.cancel {
            request = request.cancel(token.clone());
        }
        match request.send().await {
            Ok(outcome) => FileResult::Done(TransferredFile {
                path: self.path,
                key: self.key,
                size: outcome.size,
                resumed_bytes: outcome.resumed_bytes,
            }),
            Err(error) => FileResult::Failed(FailedFile {
                path: self.path,
                key: self.key,
                error,
            }),
        }
    }
}
