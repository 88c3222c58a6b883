//! The limits OSS enforces on names and values, each failing with the documented error.
//! The naming rules themselves (keys, bucket names, tags) are oss-model's
//! [`validate`](oss_model::validate), shared with the client.

use oss_model::code::ErrorCode;
use oss_model::validate::{self as rules, KeyError};

use crate::error::{OssError, OssResult};

/// The most user metadata per object (names and values), in bytes.
pub(crate) const MAX_USER_META_BYTES: usize = oss_model::validate::MAX_USER_META_BYTES;

/// Bucket names: 3 to 63 characters, lower-case letters, digits and hyphens, not starting or
/// ending with a hyphen.
pub(crate) fn bucket_name(name: &str) -> OssResult<()> {
    rules::bucket_name(name).map_err(|_| {
        OssError::of(
            ErrorCode::InvalidBucketName,
            "The specified bucket is not valid.",
        )
        .bucket(name)
    })
}

/// Object keys: UTF-8, 1 to 1023 bytes, not starting with `/` or `\`.
pub(crate) fn key(key: &str) -> OssResult<()> {
    rules::object_key(key).map_err(invalid_key)
}

/// A key to delete: as [`key`], but a key that breaks only the leading-slash rule passes, so
/// that objects a data directory kept from before that rule can still be removed.
pub(crate) fn key_to_delete(key: &str) -> OssResult<()> {
    match rules::object_key(key) {
        Err(KeyError::LeadingSlash) | Ok(()) => Ok(()),
        Err(e) => Err(invalid_key(e)),
    }
}

/// The error OSS answers a key with, with the `EC` of each cause.
pub(crate) fn invalid_key(error: KeyError) -> OssError {
    let (message, ec) = match error {
        KeyError::Empty => ("The Object name can not be empty.", "0016-00000001"),
        KeyError::TooLong { .. } => (
            "The Length of Object name must be less than 1024.",
            "0016-00000003",
        ),
        KeyError::NotUtf8 => ("The specified object is not valid.", "0016-00000004"),
        _ => ("The specified object is not valid.", "0016-00000005"),
    };
    let mut e = OssError::of(ErrorCode::InvalidObjectName, message);
    e.body.ec = Some(ec.to_owned());
    e
}

/// A bucket ACL (`x-oss-acl`), or with `object` an object ACL (`x-oss-object-acl`).
pub(crate) fn acl(value: &str, object: bool) -> OssResult<String> {
    let value = value.trim();
    let ok = matches!(value, "private" | "public-read" | "public-read-write")
        || (object && value == "default");
    if ok {
        Ok(value.to_owned())
    } else {
        let header = if object {
            crate::dialect::OBJECT_ACL
        } else {
            crate::dialect::ACL
        };
        Err(OssError::invalid_argument(
            "no such bucket access control exists",
            header,
            value,
        ))
    }
}

/// A storage class, in its canonical spelling.
pub(crate) fn storage_class(value: &str) -> OssResult<String> {
    let known = [
        "Standard",
        "IA",
        "Archive",
        "ColdArchive",
        "DeepColdArchive",
    ];
    known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(value.trim()))
        .map(|k| (*k).to_owned())
        .ok_or_else(|| {
            OssError::invalid_argument(
                "Invalid storage class.",
                crate::dialect::STORAGE_CLASS,
                value,
            )
        })
}

/// A tag set: at most 10 tags, keys 1–128 characters, values up to 256, the documented
/// characters, no repeated key.
pub(crate) fn tags(tags: &[(String, String)]) -> OssResult<()> {
    rules::tags(tags.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| OssError::of(ErrorCode::InvalidTag, e.to_string()))
}

/// `max-keys`-style page sizes: 0 to 1000, `default` when absent.
pub(crate) fn page_size(value: Option<&str>, name: &str, default: usize) -> OssResult<usize> {
    match value {
        None => Ok(default),
        Some(v) => match v.trim().parse::<usize>() {
            Ok(n) if n <= 1000 => Ok(n),
            _ => Err(OssError::invalid_argument(
                format!("Argument {name} must be an integer between 0 and 1000."),
                name,
                v,
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_follow_the_rules() {
        for good in ["abc", "a-b-1", &"a".repeat(63)] {
            assert!(bucket_name(good).is_ok(), "{good}");
        }
        for bad in ["ab", "-ab", "ab-", "Abc", "a_b", "a.b", &"a".repeat(64)] {
            assert!(bucket_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn keys_and_page_sizes() {
        assert!(key(&"k".repeat(1023)).is_ok());
        let e = key(&"k".repeat(1024)).unwrap_err();
        assert_eq!(e.body.code, "InvalidObjectName");
        assert_eq!(e.body.ec.as_deref(), Some("0016-00000003"));
        assert_eq!(
            key("/a").unwrap_err().body.ec.as_deref(),
            Some("0016-00000005")
        );
        assert_eq!(page_size(None, "max-keys", 100).unwrap(), 100);
        assert_eq!(page_size(Some("1000"), "max-keys", 100).unwrap(), 1000);
        assert!(page_size(Some("1001"), "max-keys", 100).is_err());
        assert!(page_size(Some("-1"), "max-keys", 100).is_err());
    }
}
