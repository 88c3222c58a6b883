//! `get_opts`: GetObject (or HeadObject for `head`) with a range, a version and the four
//! HTTP preconditions, read into a `GetResult` whose body streams from the connection.
//!
//! Ranges use the standard range behaviour of OSS (a range past the end is refused with
//! 416 instead of answered with the whole object), so `object_store`'s range contract
//! holds. One ETag per condition is sent to the service; a wildcard (`*`) or a list of
//! ETags, which OSS conditions do not take, is checked here against the object's metadata
//! instead, with `object_store`'s own rules.

use std::ops::Range;
use std::time::SystemTime;

use futures_util::{StreamExt, TryStreamExt};
use object_store::path::Path;
use object_store::{GetOptions, GetRange, GetResult, GetResultPayload};
use oss_client::{Bucket, ByteRange};

use crate::{attributes, convert, error};

/// Sets the conditions of `options` on a GetObject or HeadObject builder.
macro_rules! with_conditions {
    ($request:expr, $options:expr) => {{
        let mut request = $request;
        if let Some(etag) = &$options.if_match {
            request = request.if_match(etag.as_str());
        }
        if let Some(etag) = &$options.if_none_match {
            request = request.if_none_match(etag.as_str());
        }
        if let Some(time) = $options.if_modified_since {
            request = request.if_modified_since(SystemTime::from(time));
        }
        if let Some(time) = $options.if_unmodified_since {
            request = request.if_unmodified_since(SystemTime::from(time));
        }
        if let Some(version) = &$options.version {
            request = request.version_id(version.as_str());
        }
        request
    }};
}

/// Whether the conditions hold something OSS does not take (`*`, a list of ETags).
fn checked_locally(options: &GetOptions) -> bool {
    let special = |etag: &Option<String>| {
        etag.as_deref()
            .is_some_and(|e| e.trim() == "*" || e.contains(','))
    };
    special(&options.if_match) || special(&options.if_none_match)
}

/// The OSS byte range of an `object_store` range.
fn byte_range(range: &GetRange) -> object_store::Result<ByteRange> {
    range.is_valid().map_err(error::generic)?;
    let range = match range {
        GetRange::Bounded(r) => ByteRange::new(r.start, r.end - 1),
        GetRange::Offset(first) => Ok(ByteRange::starting_at(*first)),
        GetRange::Suffix(n) => ByteRange::last(*n),
    };
    range.map_err(error::generic)
}

/// The range a 206 answered and the object's size, from `Content-Range: bytes a-b/size`.
fn content_range(value: &str) -> Option<(Range<u64>, u64)> {
    let (range, size) = value.trim().strip_prefix("bytes ")?.split_once('/')?;
    let (first, last) = range.split_once('-')?;
    let (first, last, size) = (
        first.trim().parse::<u64>().ok()?,
        last.trim().parse::<u64>().ok()?,
        size.trim().parse::<u64>().ok()?,
    );
    (first <= last && last < size).then_some((first..last + 1, size))
}

/// `get_opts` of `location` in `bucket`.
pub(crate) async fn get_opts(
    bucket: &Bucket,
    location: &Path,
    options: GetOptions,
) -> object_store::Result<GetResult> {
    let local = checked_locally(&options);
    let sent = if local {
        GetOptions {
            if_match: None,
            if_none_match: None,
            if_modified_since: None,
            if_unmodified_since: None,
            ..options.clone()
        }
    } else {
        options.clone()
    };
    let result = if options.head {
        head(bucket, location, &sent).await?
    } else {
        get(bucket, location, &sent).await?
    };
    if local {
        options.check_preconditions(&result.meta)?;
    }
    Ok(result)
}

async fn head(
    bucket: &Bucket,
    location: &Path,
    options: &GetOptions,
) -> object_store::Result<GetResult> {
    let key = location.as_ref();
    let request = with_conditions!(bucket.head_object(key), options);
    let meta = request
        .send()
        .await
        .map_err(|e| error::from_client(e, key))?
        .into_inner();
    let size = meta
        .content_length
        .ok_or_else(|| error::generic(format!("{key}: HeadObject gave no Content-Length")))?;
    let range = match &options.range {
        Some(range) => range.as_range(size).map_err(error::generic)?,
        None => 0..size,
    };
    Ok(GetResult {
        payload: GetResultPayload::Stream(futures_util::stream::empty().boxed()),
        meta: convert::object_meta(location, &meta, size)?,
        range,
        attributes: attributes::from_meta(&meta),
        extensions: Default::default(),
    })
}

async fn get(
    bucket: &Bucket,
    location: &Path,
    options: &GetOptions,
) -> object_store::Result<GetResult> {
    let key = location.as_ref();
    let mut request = bucket.get_object(key).strict_range(true);
    if let Some(range) = &options.range {
        request = request.range(byte_range(range)?);
    }
    let request = with_conditions!(request, options);
    let object = request
        .send()
        .await
        .map_err(|e| error::from_client(e, key))?;
    let length = object
        .meta
        .content_length
        .ok_or_else(|| error::generic(format!("{key}: GetObject gave no Content-Length")))?;
    let (range, size) = if object.status().as_u16() == 206 {
        let value = object.header("content-range").unwrap_or_default();
        content_range(value)
            .filter(|(range, _)| range.end - range.start == length)
            .ok_or_else(|| {
                error::generic(format!(
                    "{key}: a 206 answer with a Content-Range of {value:?} for {length} bytes"
                ))
            })?
    } else {
        (0..length, length)
    };
    let meta = convert::object_meta(location, &object.meta, size)?;
    let attributes = attributes::from_meta(&object.meta);
    let path = key.to_owned();
    let body = object
        .body
        .map_err(move |e| error::from_client(e, &path))
        .boxed();
    Ok(GetResult {
        payload: GetResultPayload::Stream(body),
        meta,
        range,
        attributes,
        extensions: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_map_to_inclusive_byte_ranges() {
        assert_eq!(
            byte_range(&GetRange::Bounded(2..5)).unwrap().to_string(),
            "bytes=2-4"
        );
        assert_eq!(
            byte_range(&GetRange::Offset(3)).unwrap().to_string(),
            "bytes=3-"
        );
        assert_eq!(
            byte_range(&GetRange::Suffix(2)).unwrap().to_string(),
            "bytes=-2"
        );
        assert!(byte_range(&GetRange::Bounded(5..5)).is_err());
        assert!(byte_range(&GetRange::Suffix(0)).is_err());
    }

    #[test]
    fn content_ranges_are_checked() {
        assert_eq!(content_range("bytes 2-4/14"), Some((2..5, 14)));
        assert_eq!(content_range("bytes 0-0/1"), Some((0..1, 1)));
        for bad in [
            "bytes 4-2/14",
            "bytes 2-14/14",
            "bytes */14",
            "2-4/14",
            "bytes 2-4/x",
            "",
        ] {
            assert_eq!(content_range(bad), None, "{bad}");
        }
    }

    #[test]
    fn wildcards_and_lists_are_checked_here() {
        let plain = GetOptions::new().with_if_match(Some("\"a\""));
        assert!(!checked_locally(&plain));
        assert!(checked_locally(&GetOptions::new().with_if_match(Some("*"))));
        assert!(checked_locally(
            &GetOptions::new().with_if_none_match(Some("\"a\", \"b\""))
        ));
    }
}
