//! Progress: bytes done and to do, current and average rate, and time left, per object and,
//! for directory transfers, overall.
//!
//! Give a transfer a callback with `.progress(...)`; it receives a [`TransferProgress`] each
//! time a chunk of data moves, from whichever task moved it, so keep it short (store the
//! numbers, send them on a channel). Events of one transfer are delivered one at a time and
//! in order.
//!
//! [`TransferProgress::bytes_done`] counts what is done, including parts a resumed transfer
//! found already done; [`TransferProgress::bytes_transferred`] counts what went over the
//! network in this run, retries included, so the two differ by what was resumed and what
//! was sent again.
//!
//! ```no_run
//! # async fn demo(uploader: oss_transfer::Uploader) -> oss_transfer::Result<()> {
//! uploader
//!     .upload_file("backup.tar", "backup.tar")
//!     .progress(|p| {
//!         eprintln!(
//!             "{:.0}% at {:.1} MiB/s, {:?} left",
//!             100.0 * p.fraction().unwrap_or(0.0),
//!             p.current_rate / 1048576.0,
//!             p.eta
//!         )
//!     })
//!     .await?;
//! # Ok(())
//! # }
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The span over which the current rate is measured.
const RATE_WINDOW: Duration = Duration::from_secs(3);
/// How often a rate sample is kept.
const SAMPLE_EVERY: Duration = Duration::from_millis(100);

/// What a progress event is about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProgressScope {
    /// One object (the key), or one file of a directory transfer.
    Object {
        /// The object's key.
        key: Arc<str>,
    },
    /// All files of a directory transfer together.
    Overall {
        /// Files finished (done, skipped or failed).
        files_finished: u64,
        /// Files in the transfer.
        files_total: u64,
    },
}

/// How far a transfer has come.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TransferProgress {
    /// What this event is about.
    pub scope: ProgressScope,
    /// Bytes done, including what a resumed transfer had done before.
    pub bytes_done: u64,
    /// All bytes, when known.
    pub bytes_total: Option<u64>,
    /// Bytes sent or received in this run, retries included.
    pub bytes_transferred: u64,
    /// Bytes per second over the last few seconds.
    pub current_rate: f64,
    /// Bytes per second since this run started.
    pub average_rate: f64,
    /// The time left at the current rate, when the total is known and data is moving.
    pub eta: Option<Duration>,
}

impl TransferProgress {
    /// The fraction done in `[0, 1]`, when the total is known (1 when there is nothing to
    /// do).
    pub fn fraction(&self) -> Option<f64> {
        self.bytes_total.map(|total| {
            if total == 0 {
                1.0
            } else {
                (self.bytes_done as f64 / total as f64).min(1.0)
            }
        })
    }
}

/// A shared progress callback.
#[derive(Clone)]
pub struct ProgressFn(Arc<dyn Fn(&TransferProgress) + Send + Sync>);

impl ProgressFn {
    /// Wraps a callback.
    pub fn new(callback: impl Fn(&TransferProgress) + Send + Sync + 'static) -> Self {
        ProgressFn(Arc::new(callback))
    }
}

impl fmt::Debug for ProgressFn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProgressFn(..)")
    }
}

/// Counts one transfer's bytes and reports them; cheap to clone. A tracker with a parent
/// (the overall tracker of a directory transfer) forwards its counts to it.
#[derive(Clone)]
pub(crate) struct Tracker {
    inner: Arc<Inner>,
}

impl fmt::Debug for Tracker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Tracker(..)")
    }
}

struct Inner {
    callback: Option<ProgressFn>,
    parent: Option<Tracker>,
    state: Mutex<State>,
}

struct State {
    scope: ProgressScope,
    done: u64,
    total: Option<u64>,
    transferred: u64,
    started: Instant,
    samples: VecDeque<(Instant, u64)>,
}

impl Tracker {
    /// A tracker for `scope`, reporting to `callback`.
    pub(crate) fn new(
        scope: ProgressScope,
        callback: Option<ProgressFn>,
        parent: Option<Tracker>,
    ) -> Self {
        let now = Instant::now();
        Tracker {
            inner: Arc::new(Inner {
                callback,
                parent,
                state: Mutex::new(State {
                    scope,
                    done: 0,
                    total: None,
                    transferred: 0,
                    started: now,
                    samples: VecDeque::from([(now, 0)]),
                }),
            }),
        }
    }

    /// A tracker for one object.
    pub(crate) fn object(key: &str, callback: Option<ProgressFn>, parent: Option<Tracker>) -> Self {
        Self::new(ProgressScope::Object { key: key.into() }, callback, parent)
    }

    fn update(&self, f: impl FnOnce(&mut State)) {
        let mut state = self.inner.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut state);
        if let Some(callback) = &self.inner.callback {
            (callback.0)(&state.event());
        }
    }

    /// Sets the total and reports where the transfer starts (`done` bytes already done).
    pub(crate) fn start(&self, total: Option<u64>, done: u64) {
        self.update(|s| {
            s.total = total;
            s.done = done;
        });
        if let Some(parent) = &self.inner.parent {
            parent.add_done(done);
        }
    }

    /// Adds to the total (directory transfers learn it file by file).
    #[cfg(test)]
    pub(crate) fn add_total(&self, bytes: u64) {
        self.update(|s| s.total = Some(s.total.unwrap_or(0) + bytes));
    }

    /// `bytes` count as done without moving (resumed, or skipped as unchanged).
    pub(crate) fn add_done(&self, bytes: u64) {
        self.update(|s| s.done += bytes);
    }

    /// `bytes` moved over the network and count as done.
    pub(crate) fn advance(&self, bytes: u64) {
        if bytes == 0 {
            return;
        }
        self.update(|s| {
            s.done += bytes;
            s.transferred += bytes;
            s.sample();
        });
        if let Some(parent) = &self.inner.parent {
            parent.advance(bytes);
        }
    }

    /// `bytes` counted as done were lost (a failed attempt will send them again).
    pub(crate) fn rollback(&self, bytes: u64) {
        if bytes == 0 {
            return;
        }
        self.update(|s| s.done = s.done.saturating_sub(bytes));
        if let Some(parent) = &self.inner.parent {
            parent.rollback(bytes);
        }
    }

    /// Sets the files counts of an overall tracker.
    pub(crate) fn set_files(&self, finished: u64, total: u64) {
        self.update(|s| {
            s.scope = ProgressScope::Overall {
                files_finished: finished,
                files_total: total,
            }
        });
    }
}

impl State {
    fn sample(&mut self) {
        let now = Instant::now();
        let last = self.samples.back().map(|(t, _)| *t).unwrap_or(self.started);
        if now.duration_since(last) >= SAMPLE_EVERY {
            self.samples.push_back((now, self.transferred));
        }
        while self.samples.len() > 2
            && self
                .samples
                .front()
                .is_some_and(|(t, _)| now.duration_since(*t) > RATE_WINDOW)
        {
            self.samples.pop_front();
        }
    }

    fn event(&self) -> TransferProgress {
        let now = Instant::now();
        let elapsed = now.duration_since(self.started).as_secs_f64();
        let average_rate = if elapsed > 0.0 {
            self.transferred as f64 / elapsed
        } else {
            0.0
        };
        let current_rate = match self.samples.front() {
            Some((t, bytes)) if now.duration_since(*t).as_secs_f64() > 0.0 => {
                (self.transferred - bytes) as f64 / now.duration_since(*t).as_secs_f64()
            }
            _ => average_rate,
        };
        let rate = if current_rate > 0.0 {
            current_rate
        } else {
            average_rate
        };
        let eta = self.total.and_then(|total| {
            let left = total.saturating_sub(self.done);
            if left == 0 {
                Some(Duration::ZERO)
            } else if rate > 0.0 {
                Some(Duration::from_secs_f64(left as f64 / rate))
            } else {
                None
            }
        });
        TransferProgress {
            scope: self.scope.clone(),
            bytes_done: self.done,
            bytes_total: self.total,
            bytes_transferred: self.transferred,
            current_rate,
            average_rate,
            eta,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_resumed_moved_and_rolled_back_bytes() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let overall = Tracker::new(
            ProgressScope::Overall {
                files_finished: 0,
                files_total: 1,
            },
            None,
            None,
        );
        let tracker = Tracker::object(
            "k",
            Some(ProgressFn::new(move |p| {
                sink.lock().unwrap().push(p.clone())
            })),
            Some(overall.clone()),
        );
        overall.add_total(100);
        tracker.start(Some(100), 40);
        tracker.advance(30);
        tracker.rollback(10);
        tracker.advance(40);
        let last = seen.lock().unwrap().last().cloned().unwrap();
        assert_eq!((last.bytes_done, last.bytes_transferred), (100, 70));
        assert_eq!(last.fraction(), Some(1.0));
        assert_eq!(last.eta, Some(Duration::ZERO));
        let state = overall.inner.state.lock().unwrap().event();
        assert_eq!((state.bytes_done, state.bytes_transferred), (100, 70));
    }
}
