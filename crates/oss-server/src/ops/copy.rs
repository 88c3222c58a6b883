//! CopyObject, and the pieces UploadPartCopy shares with it: reading `x-oss-copy-source`,
//! checking the source, and copying a byte range into a new blob.
//!
//! CopyObject copies no data: the new object refers to the source's blobs, which are
//! immutable. UploadPartCopy needs the range's MD5 for the part's ETag, so it reads the range
//! and writes it out again.

use http_body_util::BodyExt;
use oss_checksum::crc64::Crc64;
use oss_checksum::md5::Md5;
use oss_model::code::ErrorCode;
use oss_model::validate::KeyError;
use oss_model::{CopyObjectResult, ETag};

use crate::auth::Access;
use crate::body::ResponseBody;
use crate::context::Ctx;
use crate::dialect::{
    COPY_SOURCE, COPY_SOURCE_VERSION_ID, HASH_CRC64ECMA, METADATA_DIRECTIVE, TAGGING_DIRECTIVE,
    VERSION_ID,
};
use crate::error::{OssError, OssResult};
use crate::features::VERSION_ID_PARAM;
use crate::ids;
use crate::ops::conditions::{self, Kind};
use crate::ops::meta::{self, quoted};
use crate::ops::read::{check_readable, content_of};
use crate::ops::upload::Received;
use crate::ops::{validate, versions};
use crate::request::decode_key;
use crate::response::{Reply, Resp};
use crate::store::{millis, ObjectRecord, Precondition, StoreError};

/// The largest source CopyObject copies (larger ones need UploadPartCopy).
const MAX_COPY: u64 = 1 << 30;

/// The source of a copy, checked for existence, read permission and the copy conditions.
pub(crate) struct Source {
    /// Its bucket.
    pub bucket: String,
    /// Its record (a symlink's own, for a link).
    pub object: ObjectRecord,
    /// The record whose data it reads: the object, or a symlink's existing target, which the
    /// requester may read too; `None` for a link whose target does not exist.
    pub content: Option<ObjectRecord>,
}

/// Reads `x-oss-copy-source: /bucket/key` (the key URL-encoded, `?versionId=` for a given
/// version) and loads the source.
pub(crate) async fn source(ctx: &Ctx) -> OssResult<Source> {
    let header = ctx.req.header(COPY_SOURCE).unwrap_or("");
    let (raw, query) = header.split_once('?').unwrap_or((header, ""));
    let version_id = source_version(query)?;
    let decoded = decode_key(raw).map_err(|_| validate::invalid_key(KeyError::NotUtf8))?;
    let path = decoded.strip_prefix('/').unwrap_or(&decoded);
    let Some((bucket, key)) = path
        .split_once('/')
        .filter(|(b, k)| !b.is_empty() && !k.is_empty())
    else {
        return Err(OssError::invalid_argument(
            format!("{COPY_SOURCE} must be /bucket/key."),
            COPY_SOURCE,
            raw,
        ));
    };
    validate::key(key)?;
    let (b, k) = (bucket.to_owned(), key.to_owned());
    let bucket_record = ctx
        .store(move |s| s.bucket(&b))
        .await
        .map_err(|e| OssError::from_store(e, bucket))?;
    let (b, k2, v) = (bucket.to_owned(), k.clone(), version_id.clone());
    let object = ctx
        .store(move |s| s.object_version(&b, &k2, v.as_deref()))
        .await
        .map_err(|e| OssError::from_store(e, bucket))?;
    let object = versions::refuse_delete_marker(object, version_id.is_some())?;
    ctx.authorize(Access::Read, &bucket_record, Some(&object))?;
    // A link is copied as a link, but copying it must not be a way around the target's ACL.
    let content = match content_of(ctx, &bucket_record, &object).await {
        Ok(content) => Some(content),
        Err(e) if e.body.code == "SymlinkTargetNotExist" => None,
        Err(e) => return Err(e),
    };
    conditions::check(&ctx.req, Kind::CopySource, &object)?;
    Ok(Source {
        bucket: bucket.to_owned(),
        object,
        content,
    })
}

/// The version a copy source's query names (`versionId=…`, percent-encoded); another
/// parameter is refused rather than ignored.
fn source_version(query: &str) -> OssResult<Option<String>> {
    if query.is_empty() {
        return Ok(None);
    }
    match query.split_once('=') {
        Some((VERSION_ID_PARAM, value)) if !value.is_empty() => decode_key(value)
            .map(Some)
            .map_err(|_| OssError::invalid_argument("Invalid version id.", COPY_SOURCE, query)),
        _ => Err(OssError::invalid_argument(
            format!("{COPY_SOURCE} takes only {VERSION_ID_PARAM} after the key."),
            COPY_SOURCE,
            query,
        )),
    }
}

/// Copies `len` bytes of `object` from `start` into a new blob, hashing them.
pub(crate) async fn copy_range(
    ctx: &Ctx,
    object: &ObjectRecord,
    start: u64,
    len: u64,
) -> OssResult<Received> {
    let segments = object.segments.clone();
    let open = ctx
        .store(move |s| s.open(&segments))
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut body = ResponseBody::stream(open, start, len);
    let mut writer = ctx.state.store.blob_writer().map_err(OssError::internal)?;
    let (mut md5, mut crc) = (ctx.state.md5_etags.then(Md5::new), Crc64::new());
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(OssError::internal)?;
        if let Ok(data) = frame.into_data() {
            if let Some(md5) = &mut md5 {
                md5.update(&data);
            }
            crc.update(&data);
            writer.write(data).await.map_err(OssError::internal)?;
        }
    }
    let blob = writer.finish().await.map_err(OssError::internal)?;
    Ok(Received {
        blob,
        size: len,
        md5: md5.map(Md5::finish),
        crc64: crc.value(),
    })
}

/// `PUT /bucket/key` with `x-oss-copy-source`.
pub(crate) async fn copy_object(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    ctx.authorize(Access::Write, &bucket, None)?;
    crate::ops::worm::refuse_if_protected(ctx, &bucket, ctx.key()).await?;
    let source = source(ctx).await?;
    let src = &source.object;
    let same = source.bucket == ctx.bucket_name() && src.key == ctx.key();
    if src.object_type == "Appendable" {
        return Err(OssError::of(
            ErrorCode::InvalidArgument,
            "An appendable object cannot be copied.",
        ));
    }
    if !same {
        check_readable(ctx, src)?;
        if src.size > MAX_COPY {
            return Err(OssError::of(
                ErrorCode::EntityTooLarge,
                "The source object is larger than 1 GB: use UploadPartCopy.",
            ));
        }
    }
    let replace_meta = match ctx.req.header(METADATA_DIRECTIVE) {
        None => same,
        Some(v) if v.eq_ignore_ascii_case("COPY") => same,
        Some(v) if v.eq_ignore_ascii_case("REPLACE") => true,
        Some(v) => {
            return Err(OssError::invalid_argument(
                "Invalid metadata directive.",
                METADATA_DIRECTIVE,
                v,
            ))
        }
    };
    let replace_tags = match ctx.req.header(TAGGING_DIRECTIVE) {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("Copy") => false,
        Some(v) if v.eq_ignore_ascii_case("Replace") => true,
        Some(v) => {
            return Err(OssError::invalid_argument(
                "Invalid tagging directive.",
                TAGGING_DIRECTIVE,
                v,
            ))
        }
    };
    let request = meta::from_request(&ctx.req)?;
    let mut record = src.clone();
    record.key = ctx.key().to_owned();
    record.modified_ms = millis(ctx.state.clock.now());
    record.generation = ids::generation();
    record.acl = request.acl.clone();
    record.restore = if same { src.restore } else { None };
    // A copy is a new object: it is not sealed, and retention comes from its own bucket.
    record.sealed_ms = None;
    record.retention = None;
    record.legal_hold = false;
    if let Some(class) = &request.storage_class {
        record.storage_class.clone_from(class);
    }
    if replace_meta {
        record.headers = request.headers;
        record.user_meta = request.user_meta;
    }
    meta::apply_bucket_encryption(&mut record.headers, &bucket);
    if replace_tags {
        record.tags = request.tags;
    }
    let pre = if crate::ops::bucket_config::forbids_overwrite(ctx, &bucket) {
        Precondition::MustNotExist
    } else {
        Precondition::None
    };
    let (etag, crc, modified) = (record.etag.clone(), record.crc64, record.modified_ms);
    let stored_headers = record.headers.clone();
    let (name, guard) = (ctx.bucket_name().to_owned(), ctx.guard());
    let version_id = ctx
        .store(move |s| s.put_object(&name, record, pre, guard))
        .await
        .map_err(|e| match e {
            StoreError::Vanished => OssError::internal("source vanished"),
            e => ctx.fail(e),
        })?;
    crate::ops::replication::after_write(ctx, &bucket, ctx.key()).await;
    let result = CopyObjectResult {
        etag: ETag::new(quoted(&etag)),
        last_modified: crate::ops::meta::xml_time(modified),
    };
    let reply = Reply::ok()
        .header("etag", quoted(&etag))
        .header(HASH_CRC64ECMA, crc.to_string())
        .header_opt(VERSION_ID, version_id)
        .header_opt(COPY_SOURCE_VERSION_ID, source.object.version_id.as_deref());
    Ok(meta::report_encryption(reply, &stored_headers)
        .xml(&result)
        .build())
}
