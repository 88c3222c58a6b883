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
//! [`ProgressEvent::attempt`] increased.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

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

pin_project_lite::pin_project! {
    /// A stream of chunks that reports how many bytes went through.
    pub(crate) struct ProgressStream<S> {
        #[pin]
        inner: S,
        progress: Progress,
        transferred: u64,
        total: Option<u64>,
        attempt: u32,
    }
}

impl<S> ProgressStream<S> {
    pub(crate) fn new(inner: S, progress: Progress, total: Option<u64>, attempt: u32) -> Self {
        progress.report(ProgressEvent {
            transferred: 0,
            total,
            attempt,
        });
        ProgressStream {
            inner,
            progress,
            transferred: 0,
            total,
            attempt,
        }
    }
}

impl<S, E> Stream for ProgressStream<S>
where
    S: Stream<Item = Result<Bytes, E>>,
{
    type Item = Result<Bytes, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.project();
        let item = std::task::ready!(this.inner.poll_next(cx));
        if let Some(Ok(chunk)) = &item {
            if !chunk.is_empty() {
                *this.transferred += chunk.len() as u64;
                this.progress.report(ProgressEvent {
                    transferred: *this.transferred,
                    total: *this.total,
                    attempt: *this.attempt,
                });
            }
        }
        Poll::Ready(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}
