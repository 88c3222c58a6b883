//! Printing results: text for people, or JSON (`--output-format json`) for programs.
//!
//! Results go to standard output; progress, notices and errors to standard error. A closed
//! standard output (`oss ls | head`) ends the output quietly.
//!
//! Keys and file names can hold any character, terminal escape sequences included, so text
//! never reaches the terminal raw: every control character, and every invisible character
//! that changes how text is shown (bidirectional overrides, zero-width spaces), is shown
//! escaped (`\x1b`, `\n`, `\u{9b}`, `\u{202e}`), except the line breaks this command
//! itself puts between lines (a newline inside a key is escaped where the key is formatted,
//! with [`shown`]). JSON output carries keys exactly, JSON-escaped.

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

/// The data directory of the embedded local server, once the command started one.
static EMBEDDED: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Records that results come from the embedded local server over `dir`: every JSON result
/// object then carries `"embedded_local_server": DIR`.
pub fn mark_embedded(dir: &std::path::Path) {
    let _ = EMBEDDED.set(dir.display().to_string());
}

/// Prints `value` as pretty JSON on standard output.
pub fn print_json(value: &serde_json::Value) {
    let mut value = value.clone();
    if let (Some(dir), Some(object)) = (EMBEDDED.get(), value.as_object_mut()) {
        object.insert("embedded_local_server".to_owned(), dir.clone().into());
    }
    let text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "null".to_owned());
    line(&text);
}

/// Prints one line on standard output, ignoring a closed pipe.
pub fn line(text: &str) {
    let mut out = io::stdout().lock();
    let _ = writeln!(out, "{}", escape(text, true));
}

/// A notice on standard error (`oss: …`).
pub fn notice(text: impl AsRef<str>) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "oss: {}", escape(text.as_ref(), true));
}

/// A key, a URL or a file name as shown in text: every control character escaped, newlines
/// included.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, false)
}

/// Whether `c` changes how the text around it is shown without being visible itself: the
/// bidirectional overrides, embeddings and isolates, zero-width characters and the line and
/// paragraph separators (a key holding `\u{202e}` could pass for another name on screen).
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// `text` with its control and invisible format characters escaped (but newlines, with
/// `keep_newlines`).
pub fn escape(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let raw = |c: char| (c.is_control() && !(keep_newlines && c == '\n')) || is_invisible_format(c);
    if !text.chars().any(raw) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !raw(c) => escaped.push(c),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            c if (c as u32) < 0x80 => escaped.push_str(&format!("\\x{:02x}", c as u32)),
            c => escaped.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    std::borrow::Cow::Owned(escaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape("plain/key.txt", false), "plain/key.txt");
        assert_eq!(
            escape("ctrl\x01\x1b[31mred\0", false),
            "ctrl\\x01\\x1b[31mred\\x00"
        );
        assert_eq!(escape("a\nb\r\u{9b}", false), "a\\nb\\r\\u{9b}");
        assert_eq!(escape("line\nnext\x7f", true), "line\nnext\\x7f");
        assert_eq!(escape("中文 é", false), "中文 é");
        assert_eq!(
            escape("x\u{202e}LTR\u{200b}\u{2028}", false),
            "x\\u{202e}LTR\\u{200b}\\u{2028}"
        );
    }
}
