//! The limits OSS enforces on names and values, each failing with the documented error.

use crate::error::{OssError, OssResult};

/// The longest key, in bytes.
pub(crate) const MAX_KEY_BYTES: usize = 1023;
/// The most user metadata per object (names and values), in bytes.
pub(crate) const MAX_USER_META_BYTES: usize = 8 * 1024;
/// The most tags per object.
pub(crate) const MAX_TAGS: usize = 10;

/// Bucket names: 3 to 63 characters, lower-case letters, digits and hyphens, not starting or
/// ending with a hyphen.
pub(crate) fn bucket_name(name: &str) -> OssResult<()> {
    let ok = (3..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(OssError::new(
            400,
            "InvalidBucketName",
            "The specified bucket is not valid.",
        )
        .bucket(name))
    }
}

/// Object keys: 1 to 1023 bytes.
pub(crate) fn key(key: &str) -> OssResult<()> {
    if key.is_empty() || key.len() > MAX_KEY_BYTES {
        return Err(OssError::new(
            400,
            "InvalidObjectName",
            "The length of the object name must be between 1 and 1023 bytes.",
        ));
    }
    Ok(())
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

fn tag_chars(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || "+-=._:/@".contains(c))
}

/// A tag set: at most 10 tags, keys 1–128 characters, values up to 256, the documented
/// characters, no repeated key.
pub(crate) fn tags(tags: &[(String, String)]) -> OssResult<()> {
    let bad = |message: &str| OssError::new(400, "InvalidTag", message.to_owned());
    if tags.len() > MAX_TAGS {
        return Err(bad("An object can have at most 10 tags."));
    }
    for (i, (k, v)) in tags.iter().enumerate() {
        if k.is_empty() || k.chars().count() > 128 || v.chars().count() > 256 {
            return Err(bad("Tag keys are 1 to 128 characters, values up to 256."));
        }
        if !tag_chars(k) || !tag_chars(v) {
            return Err(bad("A tag holds a character that is not allowed."));
        }
        if tags[..i].iter().any(|(other, _)| other == k) {
            return Err(bad("Tag keys must be unique."));
        }
    }
    Ok(())
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
        assert!(key(&"k".repeat(1024)).is_err());
        assert_eq!(page_size(None, "max-keys", 100).unwrap(), 100);
        assert_eq!(page_size(Some("1000"), "max-keys", 100).unwrap(), 1000);
        assert!(page_size(Some("1001"), "max-keys", 100).is_err());
        assert!(page_size(Some("-1"), "max-keys", 100).is_err());
    }
}
