//! Checks made before a request is sent: a request that breaks one of the service's rules is
//! refused with a [`ValidationError`] (wrapped as [`ErrorKind::Validation`]) and no request
//! goes out.
//!
//! The naming rules (keys, bucket names, tags) are [`oss_model::validate`]'s, the same ones
//! oss-server applies.
//!
//! | what | rule |
//! | --- | --- |
//! | bucket name | 3–63 characters of `a-z 0-9 -`, not starting or ending with `-`; at Tencent COS `<name>-<appid>` (1–50 such characters, `-`, the numeric APPID) |
//! | object key | 1–1023 bytes of UTF-8, not starting with `/` or `\` |
//! | part number | 1–10,000 |
//! | byte range | `first ≤ last`; a suffix of at least one byte |
//! | batch delete | 1–1,000 keys |
//! | listing page size | 1–1,000 |
//! | object tags | at most 10; unique keys of 1–128 and values of 0–256 characters: letters, digits, spaces, `+ - = . _ : / @` |
//! | user metadata | names of `a-z 0-9 -`, visible ASCII values, 8 KiB in all |
//! | presigned URL | V4 expiry from 1 s to 7 days |
//!
//! ```
//! use oss_client::validation::{self, ValidationKind};
//!
//! assert!(validation::bucket_name("my-bucket-1").is_ok());
//! let error = validation::bucket_name("-bad-").unwrap_err();
//! assert_eq!(error.kind(), ValidationKind::BucketName);
//! assert_eq!(validation::part_number(10_001).unwrap_err().kind(), ValidationKind::PartNumber);
//! ```
//!
//! [`ErrorKind::Validation`]: crate::ErrorKind::Validation

use std::fmt;

use oss_model::validate as rules;

/// The largest part number of a multipart upload.
pub const MAX_PART_NUMBER: u32 = 10_000;
/// The most keys one DeleteMultipleObjects request may name.
pub const MAX_DELETE_KEYS: usize = 1_000;
/// The longest object key, in bytes.
pub const MAX_KEY_BYTES: usize = rules::MAX_KEY_BYTES;
/// The largest page a listing may ask for.
pub const MAX_PAGE_SIZE: u32 = 1_000;
/// The most tags an object may carry.
pub const MAX_OBJECT_TAGS: usize = rules::MAX_TAGS;
/// The most user metadata (names and values) an object may carry, in bytes.
pub const MAX_USER_META_BYTES: usize = rules::MAX_USER_META_BYTES;

/// Which rule a request broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValidationKind {
    /// An invalid bucket name.
    BucketName,
    /// An empty or too long object key, or one starting with `/` or `\`.
    ObjectKey,
    /// A part number outside 1–10,000.
    PartNumber,
    /// A byte range whose end is before its start, or an empty suffix.
    Range,
    /// Too many (or no) keys in a batch delete.
    TooManyKeys,
    /// A page size outside 1–1,000.
    PageSize,
    /// Too many tags, or a tag key or value of the wrong length.
    Tagging,
    /// A user metadata name or value the service would refuse.
    UserMetadata,
    /// A presigned URL's expiry is zero or longer than allowed.
    Expiry,
    /// Another option that cannot be sent (e.g. an empty upload id).
    Argument,
    /// A configuration document that breaks a rule of the service (a CORS rule without an
    /// origin...).
    Document,
}

/// Why a request was refused before it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    kind: ValidationKind,
    message: String,
}

impl ValidationError {
    /// An error of `kind` with a message naming the value at fault.
    pub fn new(kind: ValidationKind, message: impl Into<String>) -> Self {
        ValidationError {
            kind,
            message: message.into(),
        }
    }

    /// Which rule was broken.
    pub fn kind(&self) -> ValidationKind {
        self.kind
    }

    /// What was wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ValidationError {}

type Check = Result<(), ValidationError>;

/// Bucket names: 3–63 characters of `a-z 0-9 -`, not starting or ending with `-`
/// ([`oss_model::validate::bucket_name`]).
pub fn bucket_name(name: &str) -> Check {
    bucket_name_in(&oss_model::dialect::Dialect::OSS, name)
}

/// Bucket names as `dialect` names them ([`oss_model::validate::BucketNaming`]): OSS's rule,
/// or Tencent COS's `<name>-<appid>`.
pub fn bucket_name_in(dialect: &oss_model::dialect::Dialect, name: &str) -> Check {
    dialect.bucket_naming.check(name).map_err(|e| {
        ValidationError::new(
            ValidationKind::BucketName,
            format!("bucket name {name:?} is invalid: {e}"),
        )
    })
}

/// Object keys: UTF-8, 1–1023 bytes, not starting with `/` or `\`
/// ([`oss_model::validate::object_key`]).
pub fn object_key(key: &str) -> Check {
    rules::object_key(key)
        .map_err(|e| ValidationError::new(ValidationKind::ObjectKey, e.to_string()))
}

/// Part numbers: 1–10,000.
pub fn part_number(number: u32) -> Check {
    if (1..=MAX_PART_NUMBER).contains(&number) {
        Ok(())
    } else {
        Err(ValidationError::new(
            ValidationKind::PartNumber,
            format!("part number {number} is outside 1 to {MAX_PART_NUMBER}"),
        ))
    }
}

/// Batch deletes: 1–1,000 keys, each a valid key.
pub fn delete_keys<'a>(keys: impl ExactSizeIterator<Item = &'a str>) -> Check {
    let count = keys.len();
    if count == 0 || count > MAX_DELETE_KEYS {
        return Err(ValidationError::new(
            ValidationKind::TooManyKeys,
            format!("a batch delete takes 1 to {MAX_DELETE_KEYS} keys, got {count}"),
        ));
    }
    for key in keys {
        object_key(key)?;
    }
    Ok(())
}

/// Page sizes of listings (`max-keys`, `max-uploads`, `max-parts`): 1–1,000.
pub fn page_size(name: &str, size: u32) -> Check {
    if (1..=MAX_PAGE_SIZE).contains(&size) {
        Ok(())
    } else {
        Err(ValidationError::new(
            ValidationKind::PageSize,
            format!("{name} must be 1 to {MAX_PAGE_SIZE}, got {size}"),
        ))
    }
}

/// Object tags: at most 10, unique keys of 1–128 characters, values of at most 256, of
/// letters, digits, spaces and `+ - = . _ : / @` ([`oss_model::validate::tags`]).
pub fn tags<'a>(tags: impl ExactSizeIterator<Item = (&'a str, &'a str)>) -> Check {
    rules::tags(tags).map_err(|e| ValidationError::new(ValidationKind::Tagging, e.to_string()))
}

/// User metadata: names of letters, digits and `-` (sent lower-cased), values of visible ASCII or
/// spaces (encode anything else), 8 KiB of names and values in all.
pub fn user_metadata<'a>(entries: impl Iterator<Item = (&'a str, &'a str)>) -> Check {
    rules::user_metadata(entries)
        .map_err(|message| ValidationError::new(ValidationKind::UserMetadata, message))
}

/// A non-empty argument (upload ids, symlink targets).
pub fn non_empty(name: &str, value: &str) -> Check {
    if value.is_empty() {
        Err(ValidationError::new(
            ValidationKind::Argument,
            format!("{name} must not be empty"),
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_are_checked_by_the_models_rule() {
        // The rule itself is tested in oss-model; here, that its refusals are this kind.
        assert!(bucket_name("a-b-c").is_ok());
        assert_eq!(
            bucket_name("A_b").unwrap_err().kind(),
            ValidationKind::BucketName
        );
    }

    #[test]
    fn keys_parts_pages_and_batches() {
        assert!(object_key("a").is_ok());
        assert!(object_key(&"é".repeat(511)).is_ok()); // 1022 bytes
        assert!(object_key("").is_err());
        assert!(object_key(&"k".repeat(1024)).is_err());
        for leading in ["/abs", "\\win"] {
            assert_eq!(
                object_key(leading).unwrap_err().kind(),
                ValidationKind::ObjectKey
            );
        }
        assert!(object_key("a/../b").is_ok() && object_key("ctrl\u{1}").is_ok());
        assert!(part_number(1).is_ok() && part_number(10_000).is_ok());
        assert!(part_number(0).is_err() && part_number(10_001).is_err());
        assert!(page_size("max-keys", 1000).is_ok());
        assert!(page_size("max-keys", 0).is_err() && page_size("max-keys", 1001).is_err());
        let keys: Vec<String> = (0..1001).map(|i| i.to_string()).collect();
        assert_eq!(
            delete_keys(keys.iter().map(String::as_str))
                .unwrap_err()
                .kind(),
            ValidationKind::TooManyKeys
        );
        assert!(delete_keys(keys[..1000].iter().map(String::as_str)).is_ok());
        assert!(delete_keys(std::iter::empty()).is_err());
    }

    #[test]
    fn tags_and_metadata() {
        assert!(tags([("a", "b")].into_iter()).is_ok());
        assert!(tags([("", "b")].into_iter()).is_err());
        assert!(tags([("a&b", "c")].into_iter()).is_err());
        assert!(tags([("a", "1"), ("a", "2")].into_iter()).is_err());
        assert!(tags([("项目 a", "x+y=z:/@._-")].into_iter()).is_ok());
        let many: Vec<(String, String)> = (0..11).map(|i| (i.to_string(), String::new())).collect();
        assert!(tags(many.iter().map(|(k, v)| (k.as_str(), v.as_str()))).is_err());
        assert!(user_metadata([("author", "alice smith")].into_iter()).is_ok());
        assert!(user_metadata([("a b", "x")].into_iter()).is_err());
        assert!(user_metadata([("a", "caf\u{e9}")].into_iter()).is_err());
        let big = "x".repeat(9000);
        assert!(user_metadata([("a", big.as_str())].into_iter()).is_err());
    }
}
