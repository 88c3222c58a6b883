//! Byte ranges: [`ByteRange`] for GetObject (`Range`) and UploadPartCopy
//! (`x-oss-copy-source-range`).
//!
//! ```
//! use oss_client::ByteRange;
//!
//! assert_eq!(ByteRange::new(0, 1023).unwrap().to_string(), "bytes=0-1023");
//! assert_eq!(ByteRange::starting_at(100).to_string(), "bytes=100-");
//! assert_eq!(ByteRange::last(500).unwrap().to_string(), "bytes=-500");
//! assert!(ByteRange::new(10, 9).is_err());
//! assert_eq!(ByteRange::new(10, 19).unwrap().len(), Some(10));
//! ```

use std::fmt;

use crate::validation::{ValidationError, ValidationKind};

/// A range of bytes of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ByteRange {
    /// Bytes `first` to `last`, both included.
    Bounded {
        /// The first byte.
        first: u64,
        /// The last byte (included).
        last: u64,
    },
    /// Everything from `first` to the end.
    From(u64),
    /// The last `n` bytes.
    Suffix(u64),
}

impl ByteRange {
    /// Bytes `first` to `last`, both included; `last` must not be before `first`.
    pub fn new(first: u64, last: u64) -> Result<Self, ValidationError> {
        ByteRange::Bounded { first, last }.checked()
    }

    /// `length` bytes from `offset` (at least one).
    pub fn with_length(offset: u64, length: u64) -> Result<Self, ValidationError> {
        match length.checked_sub(1).and_then(|n| offset.checked_add(n)) {
            Some(last) => Self::new(offset, last),
            None => Err(ValidationError::new(
                ValidationKind::Range,
                format!("a range of {length} bytes from {offset} is empty or overflows"),
            )),
        }
    }

    /// Everything from `first` on.
    pub fn starting_at(first: u64) -> Self {
        ByteRange::From(first)
    }

    /// The last `n` bytes (at least one).
    pub fn last(n: u64) -> Result<Self, ValidationError> {
        ByteRange::Suffix(n).checked()
    }

    /// The range if it is well-formed.
    pub fn checked(self) -> Result<Self, ValidationError> {
        match self {
            ByteRange::Bounded { first, last } if last < first => Err(ValidationError::new(
                ValidationKind::Range,
                format!("range {first}-{last} ends before it starts"),
            )),
            ByteRange::Suffix(0) => Err(ValidationError::new(
                ValidationKind::Range,
                "a suffix range takes at least one byte",
            )),
            range => Ok(range),
        }
    }

    /// The number of bytes, when the range says (bounded ranges and suffixes).
    pub fn len(&self) -> Option<u64> {
        match *self {
            ByteRange::Bounded { first, last } => Some(last.saturating_sub(first) + 1),
            ByteRange::Suffix(n) => Some(n),
            ByteRange::From(_) => None,
        }
    }

    /// Whether the range is known to hold no byte (never, for a checked range).
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }
}

impl fmt::Display for ByteRange {
    /// The `Range` header value: `bytes=first-last`, `bytes=first-` or `bytes=-n`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ByteRange::Bounded { first, last } => write!(f, "bytes={first}-{last}"),
            ByteRange::From(first) => write!(f, "bytes={first}-"),
            ByteRange::Suffix(n) => write!(f, "bytes=-{n}"),
        }
    }
}
