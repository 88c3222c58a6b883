//! Cancellation: a [`CancellationToken`] given to transfers, cancelled from anywhere.
//!
//! A cancelled transfer stops promptly: requests in flight are dropped (their connections
//! closed), no new part starts, and the transfer returns [`Error::Cancelled`](crate::Error).
//! Its checkpoint (if checkpoints are on) records every part completed before, so running
//! the same transfer again resumes it.
//!
//! ```
//! use oss_transfer::CancellationToken;
//!
//! let token = CancellationToken::new();
//! let handle = token.clone(); // e.g. moved into a Ctrl-C handler
//! assert!(!token.is_cancelled());
//! handle.cancel();
//! assert!(token.is_cancelled());
//! ```

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::Notify;

/// A shared flag that stops the transfers it was given; cheap to clone.
#[derive(Clone, Default)]
pub struct CancellationToken {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    cancelled: AtomicBool,
    notify: Notify,
}

impl fmt::Debug for CancellationToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancellationToken")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl CancellationToken {
    /// A token not cancelled yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels every transfer holding this token (or a clone).
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
        self.inner.notify.notify_waiters();
    }

    /// Whether [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// Completes once the token is cancelled.
    pub async fn cancelled(&self) {
        loop {
            let notified = self.inner.notify.notified();
            tokio::pin!(notified);
            // Register before checking, so that a cancel in between is not missed.
            notified.as_mut().enable();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

/// Runs `step` unless `token` is cancelled first (then `step` is dropped). Checkpoint writes
/// are never wrapped in this, so that a cancellation never interrupts one.
pub(crate) async fn or_cancel<T>(
    token: Option<&CancellationToken>,
    step: impl std::future::Future<Output = crate::Result<T>>,
) -> crate::Result<T> {
    tokio::select! {
        result = step => result,
        () = cancelled(token) => Err(crate::Error::Cancelled),
    }
}

/// Completes when `token` (if any) is cancelled; never otherwise.
pub(crate) async fn cancelled(token: Option<&CancellationToken>) {
    match token {
        Some(token) => token.cancelled().await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn waiters_wake_on_cancel() {
        let token = CancellationToken::new();
        let waiter = tokio::spawn({
            let token = token.clone();
            async move { token.cancelled().await }
        });
        tokio::task::yield_now().await;
        token.cancel();
        waiter.await.unwrap();
        // Already cancelled: returns at once.
        token.cancelled().await;
    }
}
