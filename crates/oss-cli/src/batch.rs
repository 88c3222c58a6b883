//! Running transfers: a list of jobs (upload, download or copy of one object), at most
//! `--jobs` at a time, each with its own progress bar; failures are reported as they happen
//! and counted, and the run goes on with the other jobs.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use oss_client::Bucket;

use crate::error::{CliError, Result};
use crate::progress::Progress;
use crate::transfer::{self, Report, TransferOptions};

/// What one job moves.
#[derive(Debug, Clone)]
pub enum Work {
    /// A local file to an object.
    Upload {
        /// The file.
        path: PathBuf,
        /// The bucket.
        bucket: Bucket,
        /// The key.
        key: String,
    },
    /// An object to a local file.
    Download {
        /// The bucket.
        bucket: Bucket,
        /// The key.
        key: String,
        /// The version (the current one when `None`).
        version_id: Option<String>,
        /// The file.
        path: PathBuf,
    },
    /// An object to another.
    Copy {
        /// The source bucket.
        source: Bucket,
        /// The source key.
        source_key: String,
        /// The source's version (the current one when `None`).
        version_id: Option<String>,
        /// The destination bucket.
        dest: Bucket,
        /// The destination key.
        dest_key: String,
    },
}

/// One transfer.
#[derive(Debug, Clone)]
pub struct Job {
    /// The source, as shown.
    pub from: String,
    /// The destination, as shown.
    pub to: String,
    /// The expected size (for the progress bars).
    pub size: u64,
    /// What to do.
    pub work: Work,
}

/// A job that failed.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The source.
    pub from: String,
    /// The destination.
    pub to: String,
    /// Why.
    pub error: String,
}

/// What a batch did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Jobs done.
    pub done: u64,
    /// Bytes moved (or copied on the service's side).
    pub bytes: u64,
    /// Parts taken from checkpoints.
    pub resumed_parts: u64,
    /// The sources of the jobs that succeeded.
    pub succeeded: Vec<String>,
    /// Jobs that failed.
    pub failures: Vec<Failure>,
    /// How long it took.
    pub elapsed: Duration,
    /// The error of the first failure, for single transfers.
    pub first_error: Option<CliError>,
    /// The report file the failures were written to (`--output-dir`).
    pub report: Option<PathBuf>,
}

/// Writes `failures` to a new report file in `dir` (created if needed), one
/// `SOURCE -> DESTINATION: ERROR` line each under a line saying what ran and when, as
/// ossutil writes its `--output-dir` reports; returns the file.
pub fn write_report(dir: &std::path::Path, command: &str, failures: &[Failure]) -> Result<PathBuf> {
    use std::io::Write;
    let now = crate::units::iso_time(std::time::SystemTime::now());
    let stamp: String = now
        .split('.')
        .next()
        .unwrap_or(&now)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let path = dir.join(format!("oss_report_{stamp}_{}.report", std::process::id()));
    let cannot = |e| CliError::io(format!("cannot write the report {}", path.display()), e);
    std::fs::create_dir_all(dir).map_err(cannot)?;
    let mut text = format!("oss {command}: {} failure(s) at {now}\n", failures.len());
    for failure in failures {
        // One line each: newlines inside an error would break the format.
        let error = failure.error.replace(['\n', '\r'], " ");
        text.push_str(&format!("{} -> {}: {error}\n", failure.from, failure.to));
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(cannot)?;
    file.write_all(text.as_bytes()).map_err(cannot)?;
    Ok(path)
}

async fn perform(job: &Job, options: &TransferOptions, progress: &Arc<Progress>) -> Result<Report> {
    let file = progress.file(&job.from, job.size);
    let result = match &job.work {
        Work::Upload { path, bucket, key } => {
            transfer::upload(bucket, key, path, options, &file).await
        }
        Work::Download {
            bucket,
            key,
            version_id,
            path,
        } => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| CliError::io(format!("cannot create {}", parent.display()), e))?;
            }
            let source = (bucket, key.as_str(), version_id.as_deref());
            transfer::download(source, job.size, path, options, &file).await
        }
        Work::Copy {
            source,
            source_key,
            version_id,
            dest,
            dest_key,
        } => {
            let from = (source, source_key.as_str(), version_id.as_deref());
            let to = (dest, dest_key.as_str());
            transfer::copy(from, to, job.size, options, &file).await
        }
    };
    file.finish();
    result
}

/// Runs `jobs`, `concurrency` at a time; each failure is announced on standard error when
/// `announce` (a single transfer's error is reported by the caller instead).
pub async fn run(
    jobs: Vec<Job>,
    concurrency: usize,
    options: Arc<TransferOptions>,
    progress: Arc<Progress>,
    announce: bool,
) -> Outcome {
    let started = Instant::now();
    let queue = Arc::new(Mutex::new(jobs.into_iter().collect::<VecDeque<_>>()));
    let outcome = Arc::new(Mutex::new(Outcome::default()));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency.max(1) {
        let (queue, outcome) = (Arc::clone(&queue), Arc::clone(&outcome));
        let (options, progress) = (Arc::clone(&options), Arc::clone(&progress));
        workers.spawn(async move {
            loop {
                let Some(job) = queue.lock().unwrap_or_else(|p| p.into_inner()).pop_front() else {
                    return;
                };
                let interrupted = options.cancel.as_ref().is_some_and(|t| t.is_cancelled());
                let result = if interrupted {
                    Err(CliError::failed("interrupted before it started"))
                } else {
                    perform(&job, &options, &progress).await
                };
                let mut outcome = outcome.lock().unwrap_or_else(|p| p.into_inner());
                match result {
                    Ok(report) => {
                        outcome.done += 1;
                        outcome.bytes += report.bytes;
                        outcome.resumed_parts += u64::from(report.resumed_parts);
                        outcome.succeeded.push(job.from.clone());
                    }
                    Err(error) => {
                        if announce {
                            progress
                                .message(&format!("failed: {} -> {}: {error}", job.from, job.to));
                        }
                        outcome.failures.push(Failure {
                            from: job.from.clone(),
                            to: job.to.clone(),
                            error: error.to_string(),
                        });
                        outcome.first_error.get_or_insert(error);
                    }
                }
            }
        });
    }
    while workers.join_next().await.is_some() {}
    progress.finish();
    let mut outcome = std::mem::take(&mut *outcome.lock().unwrap_or_else(|p| p.into_inner()));
    outcome.elapsed = started.elapsed();
    outcome
}
