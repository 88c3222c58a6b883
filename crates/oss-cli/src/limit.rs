//! `--bandwidth-limit`: one rate, in bytes per second, shared by every transfer of a
//! command. Each chunk reserves its time slot before it moves, so the average rate stays at
//! the limit across all jobs and parts.

use std::time::{Duration, Instant};

use tokio::sync::Mutex;

/// A shared rate limit.
#[derive(Debug)]
pub struct RateLimiter {
    bytes_per_second: u64,
    next_free: Mutex<Instant>,
}

impl RateLimiter {
    /// A limit of `bytes_per_second` (at least 1).
    pub fn new(bytes_per_second: u64) -> Self {
        RateLimiter {
            bytes_per_second: bytes_per_second.max(1),
            next_free: Mutex::new(Instant::now()),
        }
    }

    /// Waits until `bytes` may move.
    pub async fn acquire(&self, bytes: u64) {
        let cost = Duration::from_secs_f64(bytes as f64 / self.bytes_per_second as f64);
        let wait = {
            let mut next = self.next_free.lock().await;
            let now = Instant::now();
            let start = (*next).max(now);
            *next = start + cost;
            start - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn holds_the_rate() {
        let limiter = RateLimiter::new(1 << 20);
        let start = Instant::now();
        for _ in 0..5 {
            limiter.acquire(64 << 10).await;
        }
        // 320 KiB at 1 MiB/s: the first chunk goes at once, the rest take ~0.25 s.
        let elapsed = start.elapsed();
        assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    }
}
