//! Conditional requests: `If-Match`, `If-None-Match`, `If-Modified-Since`,
//! `If-Unmodified-Since` on GET and HEAD, and their `x-oss-copy-source-if-*` forms on copies.
//! A failed match or unmodified-since is 412 `PreconditionFailed`; a failed none-match or
//! modified-since is 304 Not Modified. Unreadable dates are ignored, as OSS ignores them.

use oss_model::code::ErrorCode;
use oss_model::time::parse_http_date;

use crate::dialect::{
    COPY_SOURCE_IF_MATCH, COPY_SOURCE_IF_MODIFIED_SINCE, COPY_SOURCE_IF_NONE_MATCH,
    COPY_SOURCE_IF_UNMODIFIED_SINCE,
};
use crate::error::{OssError, OssResult};
use crate::request::RequestInfo;
use crate::store::ObjectRecord;

/// Which set of headers to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `If-*` on the object read.
    Read,
    /// `x-oss-copy-source-if-*` on a copy's source.
    CopySource,
}

fn etag_matches(list: &str, etag: &str) -> bool {
    list.split(',').any(|item| {
        let item = item.trim();
        let item = item.strip_prefix("W/").unwrap_or(item);
        let item = item.trim_matches('"');
        item == "*" || item.eq_ignore_ascii_case(etag)
    })
}

/// Checks the conditions of `req` against `object`.
pub(crate) fn check(req: &RequestInfo, kind: Kind, object: &ObjectRecord) -> OssResult<()> {
    let names = match kind {
        Kind::Read => [
            "if-match",
            "if-none-match",
            "if-modified-since",
            "if-unmodified-since",
        ],
        Kind::CopySource => [
            COPY_SOURCE_IF_MATCH,
            COPY_SOURCE_IF_NONE_MATCH,
            COPY_SOURCE_IF_MODIFIED_SINCE,
            COPY_SOURCE_IF_UNMODIFIED_SINCE,
        ],
    };
    let [if_match, if_none_match, if_modified_since, if_unmodified_since] = names;
    let modified_secs = object.modified_ms / 1000;
    let secs = |value: &str| {
        parse_http_date(value)
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs())
    };
    if let Some(list) = req.header(if_match) {
        if !etag_matches(list, &object.etag) {
            return Err(OssError::precondition_failed(if_match));
        }
    }
    if let Some(since) = req.header(if_unmodified_since).and_then(secs) {
        if modified_secs > since {
            return Err(OssError::precondition_failed(if_unmodified_since));
        }
    }
    if let Some(list) = req.header(if_none_match) {
        if etag_matches(list, &object.etag) {
            return Err(not_modified(kind, if_none_match));
        }
    }
    if let Some(since) = req.header(if_modified_since).and_then(secs) {
        if modified_secs <= since {
            return Err(not_modified(kind, if_modified_since));
        }
    }
    Ok(())
}

fn not_modified(kind: Kind, condition: &str) -> OssError {
    match kind {
        Kind::Read => OssError::not_modified(),
        // A copy has nothing to leave unmodified: OSS answers 304 too, with the error body.
        Kind::CopySource => {
            OssError::of(ErrorCode::NotModified, format!("{condition} did not hold."))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_lists() {
        assert!(etag_matches("\"ABC\"", "abc"));
        assert!(etag_matches("\"x\", \"ABC\"", "ABC"));
        assert!(etag_matches("*", "ABC"));
        assert!(!etag_matches("\"ABD\"", "ABC"));
    }
}
