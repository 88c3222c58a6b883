//! The server's clock: the system time plus an adjustable skew, so that tests can make the
//! server's time disagree with the client's (`RequestTimeTooSkewed`).

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime};

/// The system clock shifted by a skew in milliseconds.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    skew_ms: AtomicI64,
}

impl Clock {
    /// The server's current time.
    pub fn now(&self) -> SystemTime {
        let skew = self.skew_ms.load(Ordering::Relaxed);
        let now = SystemTime::now();
        let shift = Duration::from_millis(skew.unsigned_abs());
        if skew >= 0 {
            now + shift
        } else {
            now.checked_sub(shift).unwrap_or(now)
        }
    }

    /// Sets the skew: positive puts the server ahead of real time.
    pub fn set_skew(&self, seconds: i64) {
        self.skew_ms
            .store(seconds.saturating_mul(1000), Ordering::Relaxed);
    }
}
