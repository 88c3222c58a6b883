//! Progress callbacks for uploads and downloads.
//!
//! Give an upload or a download a callback with `.progress(...)`; it is called with a
//! [`ProgressEvent`] each time a chunk of the body moves (bytes done so far, and the total
//! when known), from the task that drives the transfer, so keep it short (update a counter,
//! send on a channel).
//!
//! ```no_run
//! use std::sync::atomic::{AtomicU64, Ordering};
//! use std::sync::Arc;
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! let done = Arc::new(AtomicU64::new(0));
//! let seen = Arc::clone(&done);
//! bucket
//!     .put_object("big.bin", vec![0u8; 1 << 20])
//!     .progress(move |event| seen.store(event.transferred, Ordering::Relaxed))
//!     .await?;
//! assert_eq!(done.load(Ordering::Relaxed), 1 << 20);
//! # Ok(())
//! # }
//! ```
//!
//! When an upload is retried, the count starts again from zero with
//! [`ProgressEvent::attempt`] increased: an upload's callback is an observer of its body
//! ([`oss_http::BodyObserver`]), which the transport's retry loop shows every attempt.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use oss_http::BodyObserver;

/// How far a transfer has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProgressEvent {
    /// Bytes of the body sent or received so far (in this attempt).
    pub transferred: u64,
    /// The body's total length, when known.
    pub total: Option<u64>,
    /// The attempt (1 for the first; uploads retried by the client count up).
    pub attempt: u32,
}

impl ProgressEvent {
    /// The fraction done in `[0, 1]`, when the total is known (1 for an empty body).
    pub fn fraction(&self) -> Option<f64> {
        self.total.map(|total| {
            if total == 0 {
                1.0
            } else {
                (self.transferred as f64 / total as f64).min(1.0)
            }
        })
    }
}

/// A shared progress callback.
#[derive(Clone)]
pub struct Progress(Arc<dyn Fn(ProgressEvent) + Send + Sync>);

impl Progress {
    /// Wraps a callback.
    pub fn new(callback: impl Fn(ProgressEvent) + Send + Sync + 'static) -> Self {
        Progress(Arc::new(callback))
    }

    pub(crate) fn report(&self, event: ProgressEvent) {
        (self.0)(event)
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Progress(..)")
    }
}

/// Reports an upload's progress: each attempt from zero, then after each chunk sent.
pub(crate) struct ProgressObserver {
    progress: Progress,
    /// The body's length as the attempts announce it ([`UNKNOWN`] if not known).
    total: AtomicU64,
}

/// `total` when the length is unknown.
const UNKNOWN: u64 = u64::MAX;

impl ProgressObserver {
    pub(crate) fn new(progress: Progress) -> Self {
        ProgressObserver {
            progress,
            total: AtomicU64::new(UNKNOWN),
        }
    }

    fn total(&self) -> Option<u64> {
        let total = self.total.load(Ordering::Relaxed);
        (total != UNKNOWN).then_some(total)
    }
}

impl BodyObserver for ProgressObserver {
    fn attempt_started(&self, attempt: u32, length: Option<u64>) {
        self.total
            .store(length.unwrap_or(UNKNOWN), Ordering::Relaxed);
        self.progress.report(ProgressEvent {
            transferred: 0,
            total: length,
            attempt,
        });
    }

    fn chunk_sent(&self, attempt: u32, _len: u64, sent: u64) {
        self.progress.report(ProgressEvent {
            transferred: sent,
            total: self.total(),
            attempt,
        });
    }
}
