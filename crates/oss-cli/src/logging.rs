//! Debug logging (`--loglevel`, `--log-file`, or `RUST_LOG`): the events of this workspace's
//! crates (`oss_*` targets), one line each, on standard error or appended to a file.
//!
//! oss-http logs one `debug` line per attempt of every request (method, host, path, status
//! or error, request id, attempt, duration) and never a header, a query or a credential, so
//! nothing secret reaches the log. A tiny subscriber of our own does the printing: the
//! formatting crates would add more dependencies than this module has lines.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use clap::ValueEnum;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

use crate::error::{CliError, Result};

/// How much is logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogLevel {
    /// Nothing.
    Off,
    /// Failures the command recovered from.
    Warn,
    /// Notable events (a corrected clock).
    Info,
    /// One line per request, retries, failures.
    Debug,
    /// Everything.
    Trace,
}

impl LogLevel {
    fn level(self) -> Option<Level> {
        match self {
            LogLevel::Off => None,
            LogLevel::Warn => Some(Level::WARN),
            LogLevel::Info => Some(Level::INFO),
            LogLevel::Debug => Some(Level::DEBUG),
            LogLevel::Trace => Some(Level::TRACE),
        }
    }

    /// The most verbose level a `RUST_LOG` filter names (`debug`, `oss_http=debug,info`).
    pub fn from_filter(filter: &str) -> Option<LogLevel> {
        let filter = filter.to_ascii_lowercase();
        [
            ("trace", LogLevel::Trace),
            ("debug", LogLevel::Debug),
            ("info", LogLevel::Info),
            ("warn", LogLevel::Warn),
            ("off", LogLevel::Off),
        ]
        .into_iter()
        .find(|(name, _)| filter.contains(name))
        .map(|(_, level)| level)
    }
}

/// Installs the logger for `level`, writing to `file` (appended) or standard error.
pub fn install(level: LogLevel, file: Option<&Path>) -> Result<()> {
    let Some(max) = level.level() else {
        return Ok(());
    };
    let sink: Box<dyn Write + Send> = match file {
        Some(path) => Box::new(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| CliError::io(format!("cannot open {}", path.display()), e))?,
        ),
        None => Box::new(std::io::stderr()),
    };
    let logger = Logger {
        max,
        sink: Mutex::new(sink),
    };
    // A second install (a library caller's own subscriber) keeps the first.
    let _ = tracing::subscriber::set_global_default(logger);
    Ok(())
}

struct Logger {
    max: Level,
    sink: Mutex<Box<dyn Write + Send>>,
}

impl Subscriber for Logger {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        *metadata.level() <= self.max && metadata.target().starts_with("oss_")
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::from_level(self.max))
    }

    // Spans are not printed: the request line carries what they hold.
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let metadata = event.metadata();
        let mut line = Line(String::new());
        event.record(&mut line);
        let text = format!(
            "{} {:5} {}:{}\n",
            crate::units::iso_time(std::time::SystemTime::now()),
            metadata.level(),
            metadata.target(),
            line.0
        );
        let mut sink = self.sink.lock().unwrap_or_else(|e| e.into_inner());
        let _ = sink.write_all(crate::output::escape(&text, true).as_bytes());
        let _ = sink.flush();
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// An event's fields as ` message key=value …`.
struct Line(String);

impl Visit for Line {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            let _ = write!(self.0, " {value}");
        } else {
            let _ = write!(self.0, " {}={value}", field.name());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, " {value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_log_filters() {
        assert_eq!(LogLevel::from_filter("debug"), Some(LogLevel::Debug));
        assert_eq!(
            LogLevel::from_filter("hyper=info,oss_http=debug"),
            Some(LogLevel::Debug)
        );
        assert_eq!(LogLevel::from_filter("OFF"), Some(LogLevel::Off));
        assert_eq!(LogLevel::from_filter(""), None);
    }
}
