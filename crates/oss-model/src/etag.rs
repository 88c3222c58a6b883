//! Entity tags: the raw value as OSS sent it, and the value without its quotes.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An entity tag, e.g. `"5B3C1A2E053D763E1B002CC607C5A0FE"`.
///
/// OSS quotes ETags in headers and most XML bodies, but not in CompleteMultipartUploadResult
/// or some UploadPart responses. This type keeps the raw value (so that it is sent back exactly,
/// e.g. in a CompleteMultipartUpload body or an `If-Match` header) and gives the unquoted value
/// through [`as_str`](Self::as_str). [`matches`](Self::matches) compares unquoted values, ignoring
/// ASCII case, since OSS prints MD5-based ETags in upper-case hex but the case carries no
/// meaning.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ETag {
    raw: String,
}

impl ETag {
    /// An ETag with this raw value (quoted or not).
    pub fn new(raw: impl Into<String>) -> Self {
        ETag { raw: raw.into() }
    }

    /// The value as received, quotes included if there were any.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The value without surrounding whitespace, a weak-validator `W/` prefix, or quotes.
    pub fn as_str(&self) -> &str {
        let value = self.raw.trim();
        let value = value.strip_prefix("W/").unwrap_or(value);
        value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value)
    }

    /// Whether both tags carry the same value, quoted or not, ignoring ASCII case.
    pub fn matches(&self, other: &ETag) -> bool {
        self.as_str().eq_ignore_ascii_case(other.as_str())
    }

    /// The value in quotes, as an `ETag` or `If-Match` header carries it.
    pub fn quoted(&self) -> String {
        format!("\"{}\"", self.as_str())
    }
}

impl From<&str> for ETag {
    fn from(raw: &str) -> Self {
        ETag::new(raw)
    }
}

impl From<String> for ETag {
    fn from(raw: String) -> Self {
        ETag::new(raw)
    }
}

impl fmt::Display for ETag {
    /// Writes the raw value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for ETag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for ETag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(ETag::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_quotes_but_keeps_the_raw_value() {
        let tag = ETag::new("\"5B3C1A2E053D763E1B002CC607C5A0FE\"");
        assert_eq!(tag.as_str(), "5B3C1A2E053D763E1B002CC607C5A0FE");
        assert_eq!(tag.raw(), "\"5B3C1A2E053D763E1B002CC607C5A0FE\"");
        let bare = ETag::new("5b3c1a2e053d763e1b002cc607c5a0fe");
        assert!(tag.matches(&bare));
        assert_eq!(bare.quoted(), "\"5b3c1a2e053d763e1b002cc607c5a0fe\"");
        assert_eq!(ETag::new("W/\"x\"").as_str(), "x");
        assert_eq!(ETag::new("\"").as_str(), "\"");
    }
}
