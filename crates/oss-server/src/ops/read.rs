//! GetObject, HeadObject and GetObjectMeta: symlinks resolved, archived objects checked,
//! conditions, ranges and `response-*` overrides applied, data streamed.

use crate::auth::Access;
use crate::body::ResponseBody;
use crate::context::Ctx;
use crate::dialect::{is_archive_class, RANGE_BEHAVIOR};
use crate::error::{OssError, OssResult};
use crate::ops::bucket_config;
use crate::ops::conditions::{self, Kind};
use crate::ops::meta::{self, quoted};
use crate::ops::range::{self, Range};
use crate::ops::versions::version_header;
use crate::response::{Reply, Resp};
use crate::store::{millis, BucketRecord, ObjectRecord, StoreError};
use oss_model::code::ErrorCode;

/// `response-*` query parameters and the headers they override.
const OVERRIDES: &[(&str, &str)] = &[
    ("response-content-type", "content-type"),
    ("response-content-language", "content-language"),
    ("response-expires", "expires"),
    ("response-cache-control", "cache-control"),
    ("response-content-disposition", "content-disposition"),
    ("response-content-encoding", "content-encoding"),
];

/// The record whose data a read of `object` (of `bucket`) serves: the object itself, or a
/// symlink's target. Reading through a link is reading the target, so the requester must be
/// allowed to read the target as a direct read would (its own ACL first, then the bucket's);
/// the link's ACL alone never opens a private object.
pub(crate) async fn content_of(
    ctx: &Ctx,
    bucket: &BucketRecord,
    object: &ObjectRecord,
) -> OssResult<ObjectRecord> {
    let Some(target) = &object.symlink_target else {
        return Ok(object.clone());
    };
    let (name, key) = (bucket.name.clone(), target.clone());
    let content = match ctx.store(move |s| s.object(&name, &key)).await {
        Ok(content) => content,
        Err(StoreError::NoSuchKey) => {
            return Err(OssError::of(
                ErrorCode::SymlinkTargetNotExist,
                "The symlink target object does not exist.",
            ))
        }
        Err(e) => return Err(OssError::from_store(e, &bucket.name)),
    };
    ctx.authorize(Access::Read, bucket, Some(&content))?;
    if content.symlink_target.is_some() {
        return Err(OssError::of(
            ErrorCode::InvalidTargetType,
            "The symlink target object is a symlink.",
        ));
    }
    Ok(content)
}

/// Fails with 403 `InvalidObjectState` unless an archived object is restored.
pub(crate) fn check_readable(ctx: &Ctx, object: &ObjectRecord) -> OssResult<()> {
    if !is_archive_class(&object.storage_class) {
        return Ok(());
    }
    let now = millis(ctx.now);
    match object.restore {
        Some(r) if r.ready_ms <= now && now < r.expires_ms => Ok(()),
        _ => Err(OssError::of(
            ErrorCode::InvalidObjectState,
            "The operation is not valid for the object's state.",
        )),
    }
}

/// GetObject (`head == false`) and HeadObject.
pub(crate) async fn get_object(ctx: &Ctx, head: bool) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    for attempt in 0.. {
        let object = ctx.addressed_object().await?;
        ctx.authorize(Access::Read, &bucket, Some(&object))?;
        let content = content_of(ctx, &bucket, &object).await?;
        if !head && !bucket_config::reads_archive_directly(&bucket, &content.storage_class) {
            check_readable(ctx, &content)?;
        }
        conditions::check(&ctx.req, Kind::Read, &content)?;
        let overrides: Vec<(&str, &str)> = OVERRIDES
            .iter()
            .filter_map(|(param, header)| Some((*header, ctx.req.param(param)?)))
            .collect();
        if !overrides.is_empty() && !ctx.is_signed() {
            return Err(OssError::access_denied(
                "response-* parameters are only allowed on signed requests.",
            ));
        }
        let size = content.size;
        let standard = ctx
            .req
            .header(RANGE_BEHAVIOR)
            .is_some_and(|v| v.eq_ignore_ascii_case("standard"));
        let range = if head {
            Range::Whole
        } else {
            range::parse(ctx.req.header("range"), size, standard)
        };
        let (status, start, len) = match range {
            Range::Whole => (200, 0, size),
            Range::Part(first, last) => (206, first, last - first + 1),
            Range::Unsatisfiable => {
                return Err(OssError::of(
                    ErrorCode::InvalidRange,
                    "The requested range cannot be satisfied.",
                )
                .header("content-range", format!("bytes */{size}")))
            }
        };
        let mut reply = meta::object_headers(Reply::new(status), &object, &content, ctx.now);
        reply = version_header(reply, &object);
        for (header, value) in &overrides {
            reply = reply.set(header, *value);
        }
        if status == 206 {
            reply = reply.header(
                "content-range",
                format!("bytes {start}-{}/{size}", start + len - 1),
            );
        }
        let reply = reply.header("content-length", len.to_string());
        if head {
            return Ok(reply.build());
        }
        let segments = content.segments.clone();
        match ctx.store(move |s| s.open(&segments)).await {
            Ok(open) => return Ok(reply.body(ResponseBody::stream(open, start, len)).build()),
            // Overwritten between reading the record and opening its data: read it again.
            Err(StoreError::Vanished) if attempt < 5 => continue,
            Err(e) => return Err(ctx.fail(e)),
        }
    }
    Err(OssError::internal("unreachable"))
}

/// `HEAD /bucket/key?objectMeta`: ETag, size and Last-Modified of the object itself (a
/// symlink's own), never a body.
pub(crate) async fn get_object_meta(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    let object = ctx.addressed_object().await?;
    ctx.authorize(Access::Read, &bucket, Some(&object))?;
    Ok(version_header(Reply::ok(), &object)
        .header("etag", quoted(&object.etag))
        .header("content-length", object.size.to_string())
        .header("last-modified", meta::http_date(object.modified_ms))
        .header(crate::dialect::HASH_CRC64ECMA, object.crc64.to_string())
        .build())
}
