//! Bandwidth limits: a token bucket shared by every part (and every file) of the transfers
//! it is given.
//!
//! Each chunk of data waits for its bytes' worth of tokens before it is sent or written; the
//! bucket refills at the limit and holds at most a quarter of a second's worth, so bursts stay
//! short. Clone a [`BandwidthLimit`] to share one budget between transfers.
//!
//! ```
//! use oss_transfer::BandwidthLimit;
//!
//! let limit = BandwidthLimit::new(10 << 20); // 10 MiB/s for everything that shares it
//! assert_eq!(limit.bytes_per_second(), 10 << 20);
//! ```

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A shared limit on bytes per second; cheap to clone.
#[derive(Clone)]
pub struct BandwidthLimit {
    inner: Arc<Inner>,
}

struct Inner {
    rate: u64,
    state: Mutex<State>,
}

struct State {
    /// Tokens available (may go negative: a chunk larger than the bucket borrows).
    tokens: f64,
    refilled: Instant,
}

impl fmt::Debug for BandwidthLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BandwidthLimit")
            .field("bytes_per_second", &self.inner.rate)
            .finish()
    }
}

impl BandwidthLimit {
    /// At most `bytes_per_second` (at least 1).
    pub fn new(bytes_per_second: u64) -> Self {
        BandwidthLimit {
            inner: Arc::new(Inner {
                rate: bytes_per_second.max(1),
                state: Mutex::new(State {
                    tokens: 0.0,
                    refilled: Instant::now(),
                }),
            }),
        }
    }

    /// The limit.
    pub fn bytes_per_second(&self) -> u64 {
        self.inner.rate
    }

    /// A chunk size that keeps bursts short under this limit (a tenth of a second, 4 KiB to
    /// 256 KiB).
    pub(crate) fn chunk_size(&self) -> usize {
        (self.inner.rate / 10).clamp(4 << 10, 256 << 10) as usize
    }

    /// Waits until `bytes` may go.
    pub async fn acquire(&self, bytes: u64) {
        let wait = self.reserve(bytes);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Takes `bytes`' worth of tokens now; how long to wait before they may go.
    pub(crate) fn reserve(&self, bytes: u64) -> Duration {
        let mut state = self.inner.state.lock().unwrap_or_else(|e| e.into_inner());
        let rate = self.inner.rate as f64;
        let now = Instant::now();
        let elapsed = now.duration_since(state.refilled).as_secs_f64();
        state.tokens = (state.tokens + elapsed * rate).min(rate / 4.0);
        state.refilled = now;
        state.tokens -= bytes as f64;
        if state.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-state.tokens / rate)
        }
    }
}

/// Waits for `bytes` under `limit`, if there is one.
pub(crate) async fn acquire(limit: Option<&BandwidthLimit>, bytes: u64) {
    if let Some(limit) = limit {
        limit.acquire(bytes).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn holds_the_rate() {
        let limit = BandwidthLimit::new(1 << 20);
        let started = Instant::now();
        for _ in 0..8 {
            limit.acquire(64 << 10).await;
        }
        // 512 KiB at 1 MiB/s: about half a second (the bucket starts empty).
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_millis(450), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    }
}
