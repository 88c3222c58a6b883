//! [`BodyObserver`]: what watches a request body go out, attempt by attempt, and may pace it.
//!
//! The transport sends a replayable body once per attempt, each time from its first byte
//! (see [`RequestBody`](crate::RequestBody)). Observers attached with
//! [`RequestBody::observe`](crate::RequestBody::observe) see every attempt: when it starts,
//! each chunk as it goes to the connection, and when it failed, so that a progress count
//! can roll back what a failed attempt sent. They can also slow the body down (a bandwidth
//! limit) by asking for a delay before each chunk and for smaller chunks.
//!
//! The CRC-64 of what was sent is not an observer's business: the body computes it while
//! sending when the request asks for an upload check, and the response reports it
//! ([`OssResponse::sent_crc64`](crate::OssResponse::sent_crc64)).
//!
//! Observers are called from the task that drives the request, once per chunk (256 KiB at
//! most by default): keep them short (an atomic add, a channel send).
//!
//! ```
//! use std::sync::atomic::{AtomicU64, Ordering};
//! use std::sync::Arc;
//! use oss_http::{BodyObserver, RequestBody};
//!
//! /// Bytes of the body on the wire, net of failed attempts.
//! #[derive(Default)]
//! struct Sent(AtomicU64);
//!
//! impl BodyObserver for Sent {
//!     fn chunk_sent(&self, _attempt: u32, len: u64, _sent: u64) {
//!         self.0.fetch_add(len, Ordering::Relaxed);
//!     }
//!     fn attempt_failed(&self, _attempt: u32, sent: u64) {
//!         self.0.fetch_sub(sent, Ordering::Relaxed);
//!     }
//! }
//!
//! let sent = Arc::new(Sent::default());
//! let body = RequestBody::from_bytes("payload").observe(Arc::clone(&sent));
//! # let _ = body;
//! ```

use std::sync::Arc;
use std::time::Duration;

/// Sees a request body go out, attempt by attempt, and may pace it. Every method has a
/// default that does nothing.
pub trait BodyObserver: Send + Sync {
    /// Attempt `attempt` (1 for the first) starts sending the body from its first byte;
    /// `length` is its length when known. What an earlier attempt reported no longer
    /// counts (it was reported failed first).
    fn attempt_started(&self, attempt: u32, length: Option<u64>) {
        let _ = (attempt, length);
    }

    /// The largest chunk to hand to the connection at once while this observer watches
    /// (small chunks keep a bandwidth limit smooth); `None` leaves the body's own size
    /// (256 KiB).
    fn max_chunk(&self) -> Option<usize> {
        None
    }

    /// How long a chunk of `len` bytes waits before it goes out (a bandwidth limit's
    /// reservation). Asked once per chunk; the body waits the longest any observer asks.
    fn delay(&self, len: u64) -> Duration {
        let _ = len;
        Duration::ZERO
    }

    /// A chunk of `len` bytes went to the connection in attempt `attempt`; `sent` bytes of
    /// the body went in this attempt so far.
    fn chunk_sent(&self, attempt: u32, len: u64, sent: u64) {
        let _ = (attempt, len, sent);
    }

    /// Attempt `attempt` failed after `sent` bytes of the body went out: the request is
    /// tried again from the first byte, or fails.
    fn attempt_failed(&self, attempt: u32, sent: u64) {
        let _ = (attempt, sent);
    }
}

impl<T: BodyObserver + ?Sized> BodyObserver for Arc<T> {
    fn attempt_started(&self, attempt: u32, length: Option<u64>) {
        (**self).attempt_started(attempt, length)
    }

    fn max_chunk(&self) -> Option<usize> {
        (**self).max_chunk()
    }

    fn delay(&self, len: u64) -> Duration {
        (**self).delay(len)
    }

    fn chunk_sent(&self, attempt: u32, len: u64, sent: u64) {
        (**self).chunk_sent(attempt, len, sent)
    }

    fn attempt_failed(&self, attempt: u32, sent: u64) {
        (**self).attempt_failed(attempt, sent)
    }
}

/// The observers of one body.
pub(crate) type Observers = Arc<[Arc<dyn BodyObserver>]>;
