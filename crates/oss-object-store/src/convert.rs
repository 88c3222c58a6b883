//! Names, times and entity tags between `object_store` and OSS: a [`Path`] is the object
//! key as it stands (already in `object_store`'s encoded form), a listed key is parsed back
//! into a `Path`, ETags are given in one quoted form whatever the response carried, and
//! times are UTC.
//!
//! Everything read from a response is checked: a key that is no valid `Path`, or a missing
//! or malformed date, is an error, never a panic.

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use object_store::path::Path;
use oss_client::model::{ETag, ObjectSummary};

use crate::error;

/// The delimiter of `object_store` paths, and of OSS "directories".
pub(crate) const DELIMITER: &str = "/";

/// The key prefix that lists what lies under `prefix` (segment by segment: `a` lists
/// `a/...`, never `ab`); `None` for the whole bucket.
pub(crate) fn list_prefix(prefix: Option<&Path>) -> Option<String> {
    prefix
        .map(|p| p.as_ref())
        .filter(|p| !p.is_empty())
        .map(|p| format!("{p}{DELIMITER}"))
}

/// A key from a listing as a `Path`.
pub(crate) fn path_of_key(key: &str) -> object_store::Result<Path> {
    Path::parse(key).map_err(object_store::Error::from)
}

/// A common prefix from a listing (`a/b/`) as a `Path` (`a/b`).
pub(crate) fn path_of_prefix(prefix: &str) -> object_store::Result<Path> {
    path_of_key(prefix.strip_suffix(DELIMITER).unwrap_or(prefix))
}

/// The ETag in its quoted form (`"…"`), as `If-Match` takes it back.
pub(crate) fn etag(etag: &ETag) -> String {
    etag.quoted()
}

/// A time from a response, which must be there.
pub(crate) fn time(
    time: Option<SystemTime>,
    what: &str,
    path: &str,
) -> object_store::Result<DateTime<Utc>> {
    time.map(DateTime::<Utc>::from).ok_or_else(|| {
        error::generic(format!(
            "{path}: the response gives no valid {what} for the object"
        ))
    })
}

/// A listed object's metadata.
pub(crate) fn listed_object(
    summary: &ObjectSummary,
) -> object_store::Result<object_store::ObjectMeta> {
    Ok(object_store::ObjectMeta {
        location: path_of_key(&summary.key)?,
        last_modified: time(
            summary.last_modified.to_system_time(),
            "LastModified",
            &summary.key,
        )?,
        size: summary.size,
        e_tag: Some(etag(&summary.etag)).filter(|_| !summary.etag.as_str().is_empty()),
        version: None,
    })
}

/// An object's metadata from its response headers, with `size` the whole object's.
pub(crate) fn object_meta(
    location: &Path,
    meta: &oss_client::model::ObjectMeta,
    size: u64,
) -> object_store::Result<object_store::ObjectMeta> {
    Ok(object_store::ObjectMeta {
        location: location.clone(),
        last_modified: time(meta.last_modified, "Last-Modified", location.as_ref())?,
        size,
        e_tag: meta.etag.as_ref().map(etag),
        version: meta.version_id.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_whole_segments() {
        assert_eq!(list_prefix(None), None);
        assert_eq!(list_prefix(Some(&Path::from("/"))), None);
        assert_eq!(
            list_prefix(Some(&Path::from("a/b"))).as_deref(),
            Some("a/b/")
        );
        assert_eq!(path_of_prefix("a/b/").unwrap(), Path::from("a/b"));
        assert_eq!(
            path_of_key("a/b%2Fc/d").unwrap(),
            Path::from_iter(["a", "b/c", "d"])
        );
    }

    #[test]
    fn keys_that_are_no_paths_are_errors() {
        assert!(path_of_key("a//b").is_err());
        assert!(path_of_key("a/../b").is_err());
    }

    #[test]
    fn etags_are_quoted_once() {
        assert_eq!(etag(&ETag::new("abc")), "\"abc\"");
        assert_eq!(etag(&ETag::new("\"abc\"")), "\"abc\"");
    }

    #[test]
    fn a_missing_time_is_an_error() {
        assert!(time(None, "Last-Modified", "k").is_err());
        let now = SystemTime::now();
        assert_eq!(
            time(Some(now), "Last-Modified", "k").unwrap(),
            DateTime::<Utc>::from(now)
        );
    }
}
