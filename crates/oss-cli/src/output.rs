//! Printing results: text for people, or JSON (`--output-format json`) for programs.
//!
//! Results go to standard output; progress, notices and errors to standard error. A closed
//! standard output (`oss ls | head`) ends the output quietly.

use std::io::{self, Write};

use clap::ValueEnum;

/// The form of results on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OutputFormat {
    /// Lines for people.
    #[default]
    Text,
    /// One JSON document per command.
    Json,
}

/// Writes results in the chosen format.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    format: OutputFormat,
}

impl Printer {
    /// A printer for `format`.
    pub fn new(format: OutputFormat) -> Self {
        Printer { format }
    }

    /// Whether results are JSON.
    pub fn is_json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// Prints a result: `value` as JSON, or the text `text` builds.
    pub fn emit(&self, value: serde_json::Value, text: impl FnOnce() -> String) {
        if self.is_json() {
            print_json(&value);
        } else {
            let text = text();
            if !text.is_empty() {
                line(text.trim_end_matches('\n'));
            }
        }
    }

    /// Prints a line of text (nothing in JSON mode).
    pub fn text(&self, text: impl AsRef<str>) {
        if !self.is_json() {
            line(text.as_ref());
        }
    }
}

/// Prints `value` as pretty JSON on standard output.
pub fn print_json(value: &serde_json::Value) {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_owned());
    line(&text);
}

/// Prints one line on standard output, ignoring a closed pipe.
pub fn line(text: &str) {
    let mut out = io::stdout().lock();
    let _ = writeln!(out, "{text}");
}

/// A notice on standard error (`oss: …`).
pub fn notice(text: impl AsRef<str>) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "oss: {}", text.as_ref());
}
