//! The names and values OSS accepts, in one place: a client checks them before it sends, a
//! server when it receives, with the same rules.
//!
//! | what | rule |
//! | --- | --- |
//! | object key | UTF-8, 1–1023 bytes, not starting with `/` or `\` |
//! | bucket name | 3–63 characters of `a-z 0-9 -`, not starting or ending with `-` (COS: [`BucketNaming::AppIdSuffix`]) |
//! | object tags | at most 10; unique keys of 1–128 and values of 0–256 characters: letters, digits, spaces, `+ - = . _ : / @` |
//! | user metadata | names of letters, digits and `-`; values of visible ASCII or spaces; 8 KiB in all |
//!
//! Keys may hold control characters: the reference says keys are UTF-8 and offers
//! `encoding-type=url` precisely because XML 1.0 cannot carry some of them (ASCII 0–10), so
//! OSS stores them. Whoever writes such a key into XML must percent-encode it
//! ([`fits_xml`](crate::encoding::fits_xml) tells when).
//!
//! ```
//! use oss_model::validate::{self, KeyError};
//!
//! assert!(validate::object_key("photos/2024/a b+c.jpg").is_ok());
//! assert_eq!(validate::object_key("/abs"), Err(KeyError::LeadingSlash));
//! assert_eq!(validate::object_key(""), Err(KeyError::Empty));
//! assert_eq!(validate::object_key_bytes(b"a\xFF"), Err(KeyError::NotUtf8));
//! assert!(validate::bucket_name("my-bucket-1").is_ok());
//! assert!(validate::BucketNaming::AppIdSuffix.check("examplebucket-1250000000").is_ok());
//! assert!(validate::BucketNaming::AppIdSuffix.check("examplebucket").is_err());
//! assert!(validate::tags([("project", "a+b")]).is_ok());
//! ```

use std::fmt;

/// The longest object key, in bytes.
pub const MAX_KEY_BYTES: usize = 1023;
/// The most tags an object may carry.
pub const MAX_TAGS: usize = 10;
/// The longest tag key, in characters.
pub const MAX_TAG_KEY_CHARS: usize = 128;
/// The longest tag value, in characters.
pub const MAX_TAG_VALUE_CHARS: usize = 256;

/// Why an object key is not one OSS accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The key is empty.
    Empty,
    /// The key is longer than [`MAX_KEY_BYTES`].
    TooLong {
        /// Its length in bytes.
        bytes: usize,
    },
    /// The key (after percent-decoding) is not UTF-8.
    NotUtf8,
    /// The key starts with `/` or `\`.
    LeadingSlash,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::Empty => f.write_str("an object key must not be empty"),
            KeyError::TooLong { bytes } => write!(
                f,
                "an object key must be 1 to {MAX_KEY_BYTES} bytes long, this one is {bytes} bytes"
            ),
            KeyError::NotUtf8 => f.write_str("an object key must be UTF-8"),
            KeyError::LeadingSlash => f.write_str("an object key must not start with '/' or '\\'"),
        }
    }
}

impl std::error::Error for KeyError {}

/// Checks an object key: 1–1023 bytes, not starting with `/` or `\`.
pub fn object_key(key: &str) -> Result<(), KeyError> {
    if key.is_empty() {
        return Err(KeyError::Empty);
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(KeyError::TooLong { bytes: key.len() });
    }
    if key.starts_with(['/', '\\']) {
        return Err(KeyError::LeadingSlash);
    }
    Ok(())
}

/// Checks a key received as bytes (e.g. percent-decoded from a URL): UTF-8 (never decoded
/// lossily, so that two byte strings never name one object), then [`object_key`].
pub fn object_key_bytes(key: &[u8]) -> Result<&str, KeyError> {
    let key = std::str::from_utf8(key).map_err(|_| KeyError::NotUtf8)?;
    object_key(key)?;
    Ok(key)
}

/// How a vendor names buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BucketNaming {
    /// 3–63 characters of `a-z 0-9 -`, not starting or ending with `-` (OSS).
    Plain,
    /// `<name>-<appid>`: a name of 1–50 characters of `a-z 0-9 -`, not starting or ending
    /// with `-`, then `-` and the account's numeric APPID (Tencent Cloud COS).
    AppIdSuffix,
}

impl BucketNaming {
    /// Checks `name` against this naming rule.
    pub fn check(self, name: &str) -> Result<(), BucketNameError> {
        let plain = |name: &str, lengths: std::ops::RangeInclusive<usize>| {
            lengths.contains(&name.len())
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !name.starts_with('-')
                && !name.ends_with('-')
        };
        let valid = match self {
            BucketNaming::Plain => plain(name, 3..=63),
            BucketNaming::AppIdSuffix => name.rsplit_once('-').is_some_and(|(own, appid)| {
                plain(own, 1..=50) && !appid.is_empty() && appid.bytes().all(|b| b.is_ascii_digit())
            }),
        };
        if valid {
            Ok(())
        } else {
            Err(BucketNameError { naming: self })
        }
    }
}

/// Why a bucket name is not one the service accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BucketNameError {
    naming: BucketNaming,
}

impl fmt::Display for BucketNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.naming {
            BucketNaming::Plain => {
                "a bucket name is 3 to 63 lower-case letters, digits and hyphens, not starting or \
                 ending with a hyphen"
            }
            BucketNaming::AppIdSuffix => {
                "a bucket name is <name>-<appid>: 1 to 50 lower-case letters, digits and hyphens, \
                 not starting or ending with a hyphen, then a hyphen and the numeric APPID"
            }
        })
    }
}

impl std::error::Error for BucketNameError {}

/// Checks a bucket name: 3–63 characters of `a-z 0-9 -`, not starting or ending with `-`.
pub fn bucket_name(name: &str) -> Result<(), BucketNameError> {
    BucketNaming::Plain.check(name)
}

/// Why a tag set is not one OSS accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TagError {
    /// More than [`MAX_TAGS`] tags.
    TooMany {
        /// How many there are.
        count: usize,
    },
    /// A key of no or more than [`MAX_TAG_KEY_CHARS`] characters, or a value of more than
    /// [`MAX_TAG_VALUE_CHARS`].
    Length {
        /// The tag's key.
        key: String,
    },
    /// A key or value with a character outside letters, digits, spaces and `+ - = . _ : / @`.
    Characters {
        /// The tag's key.
        key: String,
    },
    /// A key given twice.
    Duplicate {
        /// The repeated key.
        key: String,
    },
}

impl fmt::Display for TagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TagError::TooMany { count } => {
                write!(f, "an object takes at most {MAX_TAGS} tags, got {count}")
            }
            TagError::Length { key } => write!(
                f,
                "tag {key:?}: keys must be 1 to {MAX_TAG_KEY_CHARS} characters and values at \
                 most {MAX_TAG_VALUE_CHARS}"
            ),
            TagError::Characters { key } => write!(
                f,
                "tag {key:?}: keys and values hold letters, digits, spaces and + - = . _ : / @ only"
            ),
            TagError::Duplicate { key } => write!(f, "tag {key:?} is given twice"),
        }
    }
}

impl std::error::Error for TagError {}

/// The characters OSS allows in tag keys and values.
fn tag_text(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || "+-=._:/@".contains(c))
}

/// Checks a tag set: at most 10 tags, unique keys of 1–128 characters, values of at most
/// 256, of letters, digits, spaces and `+ - = . _ : / @`.
pub fn tags<'a>(tags: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<(), TagError> {
    let tags: Vec<(&str, &str)> = tags.into_iter().collect();
    if tags.len() > MAX_TAGS {
        return Err(TagError::TooMany { count: tags.len() });
    }
    for (i, &(key, value)) in tags.iter().enumerate() {
        let key_chars = key.chars().count();
        if key_chars == 0
            || key_chars > MAX_TAG_KEY_CHARS
            || value.chars().count() > MAX_TAG_VALUE_CHARS
        {
            return Err(TagError::Length {
                key: key.to_owned(),
            });
        }
        if !tag_text(key) || !tag_text(value) {
            return Err(TagError::Characters {
                key: key.to_owned(),
            });
        }
        if tags[..i].iter().any(|&(other, _)| other == key) {
            return Err(TagError::Duplicate {
                key: key.to_owned(),
            });
        }
    }
    Ok(())
}

/// The most user metadata (names and values) an object may carry, in bytes.
pub const MAX_USER_META_BYTES: usize = 8 * 1024;

/// Checks user metadata: names of letters, digits and `-` (sent lower-cased), values of
/// visible ASCII or spaces (anything else must be encoded), 8 KiB of names and values in all.
pub fn user_metadata<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(), String> {
    let mut total = 0;
    for (name, value) in entries {
        let name_ok =
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !name_ok {
            return Err(format!(
                "user metadata name {name:?} must be letters, digits and '-'"
            ));
        }
        if !value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
            return Err(format!(
                "user metadata {name:?}: the value must be visible ASCII (percent- or \
                 base64-encode other text)"
            ));
        }
        total += name.len() + value.len();
    }
    if total > MAX_USER_META_BYTES {
        return Err(format!(
            "user metadata takes {total} bytes, more than {MAX_USER_META_BYTES}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_keys() {
        for good in [
            "a",
            "a/b//c",
            ".",
            "..",
            "a\\b",
            "ctrl\u{1}\u{1b}[31m",
            "nul\0byte",
            &"k".repeat(1023),
            &"é".repeat(511),
        ] {
            assert_eq!(object_key(good), Ok(()), "{good:?}");
        }
        assert_eq!(object_key(""), Err(KeyError::Empty));
        assert_eq!(
            object_key(&"k".repeat(1024)),
            Err(KeyError::TooLong { bytes: 1024 })
        );
        assert_eq!(object_key("/lead"), Err(KeyError::LeadingSlash));
        assert_eq!(object_key("\\x"), Err(KeyError::LeadingSlash));
        assert_eq!(object_key_bytes(b"a\xFF"), Err(KeyError::NotUtf8));
        assert_eq!(object_key_bytes(b"a\xEF\xBF\xBD"), Ok("a\u{FFFD}"));
        assert_eq!(object_key_bytes(b"/a"), Err(KeyError::LeadingSlash));
    }

    #[test]
    fn bucket_names() {
        for good in ["abc", "a-b-c", "0123456789", &"a".repeat(63)] {
            assert!(bucket_name(good).is_ok(), "{good}");
        }
        for bad in [
            "ab",
            "-abc",
            "abc-",
            "ABC",
            "a_b",
            "a.b",
            &"a".repeat(64),
            "",
        ] {
            assert!(bucket_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cos_bucket_names_carry_the_appid() {
        let cos = BucketNaming::AppIdSuffix;
        let fifty = format!("{}-1250000000", "a".repeat(50));
        for good in [
            "examplebucket-1250000000",
            "a-1",
            "my-bucket-2-1250000000",
            &fifty,
        ] {
            assert!(cos.check(good).is_ok(), "{good}");
        }
        let fifty_one = format!("{}-1250000000", "a".repeat(51));
        for bad in [
            "examplebucket",
            "examplebucket-",
            "-1250000000",
            "examplebucket-12a",
            "Example-1250000000",
            "a_b-1250000000",
            "ab--1250000000",
            &fifty_one,
        ] {
            assert!(cos.check(bad).is_err(), "{bad}");
        }
        assert!(cos.check("x").unwrap_err().to_string().contains("APPID"));
    }

    #[test]
    fn tag_sets() {
        assert!(tags([("a", "b")]).is_ok());
        assert!(tags([("项目 a", "x+y=z:/@._-")]).is_ok());
        assert!(matches!(tags([("", "b")]), Err(TagError::Length { .. })));
        assert!(matches!(
            tags([("a&b", "c")]),
            Err(TagError::Characters { .. })
        ));
        assert!(matches!(
            tags([("a", "1"), ("a", "2")]),
            Err(TagError::Duplicate { .. })
        ));
        let many: Vec<(String, String)> = (0..11).map(|i| (i.to_string(), String::new())).collect();
        assert_eq!(
            tags(many.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            Err(TagError::TooMany { count: 11 })
        );
        let ten = &many[..10];
        assert!(tags(ten.iter().map(|(k, v)| (k.as_str(), v.as_str()))).is_ok());
        let long = "v".repeat(257);
        assert!(matches!(
            tags([("k", long.as_str())]),
            Err(TagError::Length { .. })
        ));
    }
}
