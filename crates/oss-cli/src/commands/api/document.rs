//! The document of an `oss api` subcommand, given as ossutil 2.0 takes one: under a flag
//! named after its root element (`put-bucket-cors --cors-configuration VALUE`), where the value
//! is `file://PATH` or the text itself, XML or JSON. JSON is read through the operation's typed
//! model (see oss-model's `document_from_json`), so it is checked as the XML would be; the
//! older `--body TEXT` and `--file PATH` take the same XML or JSON.

use clap::{Arg, Command};
use oss_client::model::op::{Location, OpInfo};

use crate::error::{CliError, Result};

/// The argument id of the document flag.
pub(crate) const ID: &str = "document";

/// Flags the generated subcommands already use.
const TAKEN: &[&str] = &["bucket", "key", "body", "file", "header"];

/// `CORSConfiguration` → `cors-configuration`: words start at a capital after a small
/// letter or a digit, and at the last capital of a run followed by a small letter.
pub(crate) fn flag_name(root: &str) -> String {
    let chars: Vec<char> = root.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let previous = chars[i - 1];
            let next_small = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if !previous.is_ascii_uppercase() || next_small {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The document flag of `info`, if its document has a fixed root whose name no other flag of
/// the subcommand uses.
pub(crate) fn flag(info: &OpInfo) -> Option<String> {
    let root = info.document?.root;
    if !root.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let flag = flag_name(root);
    let clash = TAKEN.contains(&flag.as_str())
        || info
            .params
            .iter()
            .any(|p| !matches!(p.location, Location::Body) && p.field.replace('_', "-") == flag);
    (!clash).then_some(flag)
}

/// Adds the document flag of `info` to its subcommand.
pub(crate) fn arg(info: &OpInfo, command: Command) -> Command {
    let Some(flag) = flag(info) else {
        return command;
    };
    command.arg(
        Arg::new(ID)
            .long(flag)
            .value_name("file://PATH|XML|JSON")
            .conflicts_with_all(["body", "file"])
            .help("The document: file://PATH, or the XML or JSON text"),
    )
}

/// The text of an argument: the file's content for `file://PATH`, else the argument.
pub(crate) fn argument_text(value: &str) -> Result<Vec<u8>> {
    match value.strip_prefix("file://") {
        Some(path) => std::fs::read(path).map_err(|e| CliError::io(path, e)),
        None => Ok(value.as_bytes().to_vec()),
    }
}

/// The body to send for `text`: XML as given, JSON as the XML it describes.
pub(crate) fn body(info: &OpInfo, text: Vec<u8>) -> Result<Vec<u8>> {
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    let Some(document) = info.document.filter(|_| matches!(first, Some(b'{' | b'['))) else {
        return Ok(text);
    };
    let json = String::from_utf8(text)
        .map_err(|_| CliError::usage("the JSON document is not UTF-8".to_owned()))?;
    (document.from_json)(&json)
        .map(String::into_bytes)
        .map_err(|e| CliError::usage(format!("the {} document: {e}", document.root)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_named_as_ossutil_names_them() {
        assert_eq!(flag_name("CORSConfiguration"), "cors-configuration");
        assert_eq!(flag_name("BucketLoggingStatus"), "bucket-logging-status");
        assert_eq!(
            flag_name("VersioningConfiguration"),
            "versioning-configuration"
        );
        assert_eq!(flag_name("RTCConfiguration"), "rtc-configuration");
        assert_eq!(flag_name("Tagging"), "tagging");
    }
}
