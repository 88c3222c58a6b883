//! The restore state of an archived object, as `x-oss-restore` (and `RestoreInfo` in
//! listings) carries it.

use std::fmt;
use std::str::FromStr;
use std::time::SystemTime;

use crate::time::{format_http_date, parse_http_date};
use crate::ParseError;

/// Where RestoreObject stands for an Archive (or colder) object.
///
/// The wire form is `ongoing-request="true"` while restoring, then
/// `ongoing-request="false", expiry-date="Sun, 16 Apr 2017 08:12:33 GMT"` until the restored
/// copy expires. Other `key="value"` items are ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreState {
    /// `ongoing-request="true"`: the object is being restored and cannot be read yet.
    InProgress,
    /// `ongoing-request="false"`: the object can be read until `expiry_date`.
    Restored {
        /// `expiry-date`: when the restored copy goes away (second precision).
        expiry_date: Option<SystemTime>,
    },
}

impl RestoreState {
    /// Whether the object can be read now (restored, whatever its expiry).
    pub fn is_restored(&self) -> bool {
        matches!(self, RestoreState::Restored { .. })
    }
}

/// Splits `a="x", b="y, z", c=w` into pairs; quoted values may hold commas.
fn items(text: &str) -> Result<Vec<(&str, &str)>, ParseError> {
    let mut pairs = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        if rest.is_empty() {
            return Ok(pairs);
        }
        let (key, after) = rest
            .split_once('=')
            .ok_or_else(|| ParseError::new(format!("expected key=\"value\" in {text:?}")))?;
        let after = after.trim_start();
        let (value, remaining) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted
                    .find('"')
                    .ok_or_else(|| ParseError::new(format!("unclosed quote in {text:?}")))?;
                (&quoted[..end], &quoted[end + 1..])
            }
            None => after.split_at(after.find(',').unwrap_or(after.len())),
        };
        pairs.push((key.trim(), value.trim()));
        rest = remaining;
    }
}

impl FromStr for RestoreState {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        let items = items(text)?;
        let find = |name: &str| {
            items
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| *value)
        };
        match find("ongoing-request") {
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(RestoreState::InProgress),
            Some(v) if v.eq_ignore_ascii_case("false") => {
                let expiry_date =
                    match find("expiry-date") {
                        None => None,
                        Some(date) => Some(parse_http_date(date).ok_or_else(|| {
                            ParseError::new(format!("invalid expiry-date {date:?}"))
                        })?),
                    };
                Ok(RestoreState::Restored { expiry_date })
            }
            _ => Err(ParseError::new(format!(
                "expected ongoing-request=\"true\" or \"false\" in {text:?}"
            ))),
        }
    }
}

impl fmt::Display for RestoreState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestoreState::InProgress => f.write_str("ongoing-request=\"true\""),
            RestoreState::Restored { expiry_date: None } => {
                f.write_str("ongoing-request=\"false\"")
            }
            RestoreState::Restored {
                expiry_date: Some(date),
            } => write!(
                f,
                "ongoing-request=\"false\", expiry-date=\"{}\"",
                format_http_date(*date)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn reads_the_reference_forms() {
        assert_eq!(
            "ongoing-request=\"true\"".parse::<RestoreState>(),
            Ok(RestoreState::InProgress)
        );
        let restored: RestoreState =
            "ongoing-request=\"false\", expiry-date=\"Sun, 16 Apr 2017 08:12:33 GMT\""
                .parse()
                .unwrap();
        let expiry = UNIX_EPOCH + Duration::from_secs(1_492_330_353);
        assert_eq!(
            restored,
            RestoreState::Restored {
                expiry_date: Some(expiry)
            }
        );
        assert_eq!(
            restored.to_string(),
            "ongoing-request=\"false\", expiry-date=\"Sun, 16 Apr 2017 08:12:33 GMT\""
        );
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "ongoing-request",
            "ongoing-request=\"maybe\"",
            "ongoing-request=\"false\", expiry-date=\"tomorrow\"",
            "ongoing-request=\"true",
        ] {
            assert!(bad.parse::<RestoreState>().is_err(), "{bad}");
        }
    }
}
