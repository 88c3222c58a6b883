//! ListObjects (v1, `marker`) and ListObjectsV2 (`continuation-token`, `start-after`,
//! `fetch-owner`): prefix, delimiter with common prefixes, `max-keys` up to 1,000, and
//! `encoding-type=url`.
//!
//! The store is read in key order, a page at a time; with a delimiter, every key under a
//! common prefix is skipped by restarting after the prefix, so a listing of a directory with
//! 100,000 files below it costs one query per common prefix, not one per key.

use oss_model::{
    CommonPrefix, ETag, ListBucketResult, ListBucketResultV2, ObjectSummary, ObjectType, Owner,
    StorageClass,
};

use crate::auth::Access;
use crate::context::{Ctx, OWNER_ID};
use crate::error::{OssError, OssResult};
use crate::ops::meta::{quoted, restore_header};
use crate::ops::{validate, xml};
use crate::response::{Reply, Resp};
use crate::store::ObjectRecord;

/// How many records one store call returns.
const BATCH: usize = 1000;

/// A page of a listing.
pub(crate) struct Page {
    /// Objects.
    pub objects: Vec<ObjectRecord>,
    /// Common prefixes.
    pub prefixes: Vec<String>,
    /// Whether more entries follow.
    pub truncated: bool,
    /// The last entry (key or common prefix), where the next page starts.
    pub last: Option<String>,
}

/// The byte length of an optional text parameter must stay under 1024.
fn short_param<'a>(ctx: &'a Ctx, name: &str) -> OssResult<&'a str> {
    let value = ctx.req.param(name).unwrap_or("");
    if value.len() >= 1024 {
        return Err(OssError::invalid_argument(
            format!("Argument {name} must be shorter than 1024 bytes."),
            name,
            value,
        ));
    }
    Ok(value)
}

/// Lists up to `max` entries after `start`.
pub(crate) async fn walk(
    ctx: &Ctx,
    prefix: &str,
    delimiter: &str,
    start: &str,
    max: usize,
) -> OssResult<Page> {
    let mut page = Page {
        objects: Vec::new(),
        prefixes: Vec::new(),
        truncated: false,
        last: None,
    };
    let mut after = start.to_owned();
    'outer: loop {
        let (bucket, p, a) = (
            ctx.bucket_name().to_owned(),
            prefix.to_owned(),
            after.clone(),
        );
        let batch = ctx
            .store(move |s| s.list_objects(&bucket, &p, &a, BATCH))
            .await
            .map_err(|e| ctx.fail(e))?;
        let full = batch.len() == BATCH;
        if batch.is_empty() {
            break;
        }
        for object in batch {
            let rest = &object.key[prefix.len()..];
            let rolled = (!delimiter.is_empty())
                .then(|| rest.find(delimiter))
                .flatten()
                .map(|i| object.key[..prefix.len() + i + delimiter.len()].to_owned());
            match rolled {
                Some(common) => {
                    if common.as_str() > start && page.prefixes.last() != Some(&common) {
                        if page.objects.len() + page.prefixes.len() >= max {
                            page.truncated = true;
                            break 'outer;
                        }
                        page.last = Some(common.clone());
                        page.prefixes.push(common.clone());
                    }
                    // Skip everything else under this prefix.
                    after = format!("{common}\u{10FFFF}");
                    continue 'outer;
                }
                None => {
                    if page.objects.len() + page.prefixes.len() >= max {
                        page.truncated = true;
                        break 'outer;
                    }
                    after.clone_from(&object.key);
                    page.last = Some(object.key.clone());
                    page.objects.push(object);
                }
            }
        }
        if !full {
            break;
        }
    }
    Ok(page)
}

fn summary(ctx: &Ctx, o: &ObjectRecord, owner: bool) -> ObjectSummary {
    ObjectSummary {
        key: o.key.clone(),
        last_modified: crate::ops::meta::xml_time(o.modified_ms),
        etag: ETag::new(quoted(&o.etag)),
        object_type: Some(ObjectType::parse(&o.object_type)),
        size: o.size,
        storage_class: Some(StorageClass::parse(&o.storage_class)),
        owner: owner.then(|| Owner::new(OWNER_ID)),
        restore_info: restore_header(o, ctx.now),
    }
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<String> {
    if s.len() % 2 != 0 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

/// `GET /bucket` (v1) or `GET /bucket?list-type=2` (v2).
pub(crate) async fn list_objects(ctx: &Ctx, v2: bool) -> OssResult<Resp> {
    ctx.bucket(Access::Read).await?;
    let prefix = short_param(ctx, "prefix")?;
    let delimiter = short_param(ctx, "delimiter")?;
    let max = validate::page_size(ctx.req.param("max-keys"), "max-keys", 100)?;
    let url = xml::url_requested(ctx)?;
    if !v2 {
        let marker = short_param(ctx, "marker")?;
        let page = walk(ctx, prefix, delimiter, marker, max).await?;
        let mut result = ListBucketResult {
            name: ctx.bucket_name().to_owned(),
            prefix: prefix.to_owned(),
            marker: marker.to_owned(),
            max_keys: max as u32,
            delimiter: delimiter.to_owned(),
            encoding_type: None,
            is_truncated: page.truncated,
            next_marker: page.truncated.then(|| page.last.clone()).flatten(),
            contents: page.objects.iter().map(|o| summary(ctx, o, true)).collect(),
            common_prefixes: page
                .prefixes
                .into_iter()
                .map(|prefix| CommonPrefix { prefix })
                .collect(),
        };
        result.encoding_type = xml::encode_names(&mut result, url);
        return Ok(Reply::ok().xml(&result).build());
    }
    // An empty token is no token: oss2 always sends `continuation-token=` with `start-after`.
    let token = ctx
        .req
        .param("continuation-token")
        .filter(|t| !t.is_empty());
    let start_after = short_param(ctx, "start-after")?;
    // The token, when there is one, says where the previous page stopped; `start-after` only
    // places the first page.
    let start = match token {
        Some(token) => unhex(token).ok_or_else(|| {
            OssError::invalid_argument("Invalid continuation token.", "continuation-token", token)
        })?,
        None => start_after.to_owned(),
    };
    let fetch_owner = ctx
        .req
        .param("fetch-owner")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let page = walk(ctx, prefix, delimiter, &start, max).await?;
    let mut result = ListBucketResultV2 {
        name: ctx.bucket_name().to_owned(),
        prefix: prefix.to_owned(),
        start_after: (!start_after.is_empty()).then(|| start_after.to_owned()),
        continuation_token: token.map(str::to_owned),
        max_keys: max as u32,
        delimiter: delimiter.to_owned(),
        encoding_type: None,
        is_truncated: page.truncated,
        next_continuation_token: page
            .truncated
            .then(|| page.last.as_deref().map(hex))
            .flatten(),
        key_count: (page.objects.len() + page.prefixes.len()) as u32,
        contents: page
            .objects
            .iter()
            .map(|o| summary(ctx, o, fetch_owner))
            .collect(),
        common_prefixes: page
            .prefixes
            .into_iter()
            .map(|prefix| CommonPrefix { prefix })
            .collect(),
    };
    result.encoding_type = xml::encode_names(&mut result, url);
    Ok(Reply::ok().xml(&result).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        for key in ["", "a/b", "ключ ✓", "x%2B+"] {
            assert_eq!(unhex(&hex(key)).as_deref(), Some(key));
        }
        assert_eq!(unhex("zz"), None);
        assert_eq!(unhex("abc"), None);
    }
}
