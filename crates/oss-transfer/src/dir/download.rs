//! Directory downloads: a prefix to a local tree (see the [module documentation](super)).

use std::future::IntoFuture;
use std::path::PathBuf;
use std::time::SystemTime;

use oss_client::BoxFuture;

use super::walk;
use super::{
    folder, listing, local_crc, mtime_text, overall_tracker, parse_mtime, run, DirReport,
    FailedFile, FileJob, FileResult, Options, SkipPolicy, SkipReason, SkippedFile, TransferredFile,
    MTIME_META,
};
use crate::cancel::CancellationToken;
use crate::error::Result;
use crate::progress::{ProgressFn, Tracker, TransferProgress};
use crate::Downloader;

impl Downloader {
    /// Downloads every object under `prefix` into `root` (see the
    /// [module documentation](crate::dir)).
    pub fn download_dir(
        &self,
        prefix: impl Into<String>,
        root: impl Into<PathBuf>,
    ) -> DownloadDirRequest {
        DownloadDirRequest {
            downloader: self.clone(),
            prefix: prefix.into(),
            root: root.into(),
            options: Options::default(),
        }
    }
}

/// A prefix to a local tree: options, then `.await`.
#[derive(Debug)]
pub struct DownloadDirRequest {
    downloader: Downloader,
    prefix: String,
    root: PathBuf,
    options: Options,
}

impl DownloadDirRequest {
    options!();

    /// Runs the transfer; fails only if the prefix cannot be listed.
    pub async fn send(self) -> Result<DirReport> {
        let prefix = folder(self.prefix.clone());
        let bucket = self.downloader.bucket().clone();
        let objects = listing(&bucket, &prefix).await?;
        let mut report = DirReport::default();
        let mut jobs = Vec::new();
        let overall = overall_tracker(&self.options);
        for (key, size, last_modified) in objects {
            let rel = key.strip_prefix(&prefix).unwrap_or(&key).to_owned();
            if key.ends_with('/') {
                let dir = walk::local_path(&self.root, rel.trim_end_matches('/'));
                if let Ok(dir) = &dir {
                    let _ = tokio::fs::create_dir_all(dir).await;
                }
                report.skipped.push(SkippedFile {
                    path: dir.unwrap_or_default(),
                    key,
                    reason: SkipReason::DirectoryMarker,
                });
                continue;
            }
            let path = match walk::local_path(&self.root, &rel) {
                Ok(path) => path,
                Err(why) => {
                    report.skipped.push(SkippedFile {
                        path: PathBuf::new(),
                        key,
                        reason: SkipReason::InvalidName(why),
                    });
                    continue;
                }
            };
            if !self.options.filter.accepts(&rel) {
                report.skipped.push(SkippedFile {
                    path,
                    key,
                    reason: SkipReason::Excluded,
                });
                continue;
            }
            let job = FileDownload {
                downloader: self.downloader.clone(),
                options: self.options.clone(),
                overall: overall.clone(),
                path: path.clone(),
                key: key.clone(),
                size,
                last_modified,
            };
            jobs.push((Box::pin(job.run()) as FileJob, size, path, key));
        }
        Ok(run(jobs, &self.options, &overall, report).await)
    }
}

impl IntoFuture for DownloadDirRequest {
    type Output = Result<DirReport>;
    type IntoFuture = BoxFuture<Result<DirReport>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// One object of a directory download.
struct FileDownload {
    downloader: Downloader,
    options: Options,
    overall: Tracker,
    path: PathBuf,
    key: String,
    size: u64,
    last_modified: Option<SystemTime>,
}

impl FileDownload {
    /// The modification time the file gets: the object's recorded one, or its last change.
    fn mtime(&self, head: Option<&oss_client::model::ObjectMeta>) -> Option<SystemTime> {
        head.and_then(|h| h.user_meta(MTIME_META))
            .and_then(parse_mtime)
            .or(self.last_modified)
    }

    async fn unchanged(&self) -> bool {
        if self.options.skip == SkipPolicy::Never {
            return false;
        }
        let Ok(local) = tokio::fs::metadata(&self.path).await else {
            return false;
        };
        if !local.is_file() || local.len() != self.size {
            return false;
        }
        let Ok(head) = self.downloader.bucket().head_object(&self.key).await else {
            return false;
        };
        match self.options.skip {
            SkipPolicy::SizeAndMtime => {
                let expected = self.mtime(Some(&head)).and_then(mtime_text);
                let actual = local.modified().ok().and_then(mtime_text);
                expected.is_some() && expected == actual
            }
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
            .downloader
            .download_file(&self.key, &self.path)
            .progress_fn(self.options.progress.clone(), Some(self.overall.clone()));
        if let Some(token) = &self.options.cancel {
            request = request.cancel(token.clone());
        }
        let result = request.send().await;
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(error) => {
                return FileResult::Failed(FailedFile {
                    path: self.path,
                    key: self.key,
                    error,
                })
            }
        };
        let head = self.downloader.bucket().head_object(&self.key).await.ok();
        if let Some(time) = self.mtime(head.as_deref()) {
            let path = self.path.clone();
            let _ = tokio::task::spawn_blocking(move || {
                std::fs::File::options()
                    .write(true)
                    .open(&path)
                    .and_then(|f| f.set_modified(time))
            })
            .await;
        }
        FileResult::Done(TransferredFile {
            path: self.path,
            key: self.key,
            size: outcome.size,
            resumed_bytes: outcome.resumed_bytes,
        })
    }
}
