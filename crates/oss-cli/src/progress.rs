//! Progress bars (indicatif) on standard error when it is a terminal: one bar per file in
//! flight (bytes, rate, ETA), and for `-r` an overall bar (bytes, files, rate, ETA). When
//! standard error is not a terminal, or with `--quiet`, nothing is drawn.
//!
//! Transfers report bytes as they move; a retried attempt starts its count again, and the
//! bars go back accordingly (see [`FileProgress::counter`]).

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use oss_client::ProgressEvent;

/// 62 columns of text and a bar taking what the terminal has left: the line fits 80 columns
/// (and a wider terminal gets a longer bar).
const FILE_TEMPLATE: &str =
    "{msg:20!} [{wide_bar}] {binary_bytes:>10}/{binary_total_bytes:<10} {binary_bytes_per_sec:>12} {eta:>3}";
const TOTAL_TEMPLATE: &str = FILE_TEMPLATE;

/// The progress of a whole command.
#[derive(Debug)]
pub struct Progress {
    multi: Option<MultiProgress>,
    overall: Option<ProgressBar>,
    files_total: AtomicU64,
    files_done: AtomicU64,
}

impl Progress {
    /// Bars when `enabled`; an overall bar when `overall` (recursive transfers).
    pub fn new(enabled: bool, overall: bool) -> Arc<Progress> {
        let multi = enabled.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        let overall = multi.as_ref().filter(|_| overall).map(|multi| {
            let bar = multi.add(ProgressBar::new(0));
            bar.set_style(style(TOTAL_TEMPLATE));
            bar
        });
        Arc::new(Progress {
            multi,
            overall,
            files_total: AtomicU64::new(0),
            files_done: AtomicU64::new(0),
        })
    }

    /// Sets the totals of the overall bar.
    pub fn set_total(&self, bytes: u64, files: u64) {
        self.files_total.store(files, Ordering::Relaxed);
        if let Some(bar) = &self.overall {
            bar.set_length(bytes);
            self.update_message();
        }
    }

    fn update_message(&self) {
        if let Some(bar) = &self.overall {
            bar.set_message(format!(
                "total: {}/{} files",
                self.files_done.load(Ordering::Relaxed),
                self.files_total.load(Ordering::Relaxed)
            ));
        }
    }

    /// A bar for one file of `size` bytes.
    pub fn file(self: &Arc<Self>, name: &str, size: u64) -> Arc<FileProgress> {
        let bar = self.multi.as_ref().map(|multi| {
            let bar = match &self.overall {
                Some(overall) => multi.insert_before(overall, ProgressBar::new(size)),
                None => multi.add(ProgressBar::new(size)),
            };
            bar.set_style(style(FILE_TEMPLATE));
            bar.set_message(crate::output::shown(name).into_owned());
            bar
        });
        Arc::new(FileProgress {
            bar,
            parent: Arc::clone(self),
            done: AtomicI64::new(0),
        })
    }

    /// Counts files that need no transfer (up to date) toward the overall bar.
    pub fn skip(&self, files: u64, bytes: u64) {
        if let Some(bar) = &self.overall {
            bar.inc(bytes);
        }
        self.files_done.fetch_add(files, Ordering::Relaxed);
        self.update_message();
    }

    /// Moves the overall bar by `delta` bytes (files report concurrently: `inc`/`dec` are
    /// atomic where reading the position and setting it would lose updates).
    fn shift_overall(&self, delta: i64) {
        if let Some(bar) = &self.overall {
            if delta >= 0 {
                bar.inc(delta as u64);
            } else {
                bar.dec(delta.unsigned_abs());
            }
        }
    }

    /// Prints a line on standard error above the bars.
    pub fn message(&self, text: &str) {
        let text = crate::output::shown(text);
        match &self.multi {
            Some(multi) => {
                let _ = multi.println(format!("oss: {text}"));
            }
            None => crate::output::notice(text),
        }
    }

    /// Removes the bars.
    pub fn finish(&self) {
        if let Some(bar) = &self.overall {
            bar.finish_and_clear();
        }
        if let Some(multi) = &self.multi {
            let _ = multi.clear();
        }
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

/// A progress callback for the client's requests (see [`FileProgress::counter`]).
pub type Counter = Arc<dyn Fn(ProgressEvent) + Send + Sync>;

/// Wraps a [`Counter`] as the client's callback type.
pub fn callback(counter: &Counter) -> impl Fn(ProgressEvent) + Send + Sync + 'static {
    let counter = Arc::clone(counter);
    move |event| counter(event)
}

/// The progress of one file.
#[derive(Debug)]
pub struct FileProgress {
    bar: Option<ProgressBar>,
    parent: Arc<Progress>,
    done: AtomicI64,
}

impl FileProgress {
    /// Moves the bar to `done` bytes.
    pub fn set(&self, done: u64) {
        let done = i64::try_from(done).unwrap_or(i64::MAX);
        let previous = self.done.swap(done, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.set_position(done.max(0) as u64);
        }
        self.parent.shift_overall(done - previous);
    }

    /// Adds `delta` bytes (negative when an attempt starts over).
    pub fn add(&self, delta: i64) {
        if delta == 0 {
            return;
        }
        let done = self.done.fetch_add(delta, Ordering::Relaxed) + delta;
        if let Some(bar) = &self.bar {
            bar.set_position(done.max(0) as u64);
        }
        self.parent.shift_overall(delta);
    }

    /// A callback for the client's progress events of one request: it adds what moved
    /// since the last event, and takes back an attempt's bytes when a retry starts over.
    /// Use one counter for every attempt of a request.
    pub fn counter(self: &Arc<Self>) -> Counter {
        let file = Arc::clone(self);
        let last = AtomicU64::new(0);
        Arc::new(move |event: ProgressEvent| {
            let previous = last.swap(event.transferred, Ordering::Relaxed);
            file.add(event.transferred as i64 - previous as i64);
        })
    }

    /// The file is done: its bar goes away and the overall count goes up.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
            if let Some(multi) = &self.parent.multi {
                multi.remove(bar);
            }
        }
        self.parent.files_done.fetch_add(1, Ordering::Relaxed);
        self.parent.update_message();
    }
}
