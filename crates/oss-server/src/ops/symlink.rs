//! PutSymlink and GetSymlink. A symlink is an object of type `Symlink` with no data and a
//! target key; GET and HEAD follow it (see `read`), DELETE and CopyObject act on the link.

use oss_checksum::md5;
use oss_model::code::ErrorCode;
use oss_model::validate::KeyError;

use crate::auth::Access;
use crate::context::Ctx;
use crate::dialect::{SYMLINK_TARGET, VERSION_ID};
use crate::error::{OssError, OssResult};
use crate::ids;
use crate::ops::meta::{self, quoted};
use crate::ops::upload::hex_upper;
use crate::ops::validate;
use crate::request::decode_key;
use crate::response::{Reply, Resp};
use crate::store::{millis, ObjectRecord, Precondition};

/// `PUT /bucket/key?symlink` with `x-oss-symlink-target` (URL-encoded).
pub(crate) async fn put_symlink(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    ctx.authorize(Access::Write, &bucket, None)?;
    crate::ops::worm::refuse_if_protected(ctx, &bucket, ctx.key()).await?;
    let raw = ctx.req.header(SYMLINK_TARGET).unwrap_or("");
    let target = decode_key(raw).map_err(|_| validate::invalid_key(KeyError::NotUtf8))?;
    if target.is_empty() {
        return Err(OssError::invalid_argument(
            format!("{SYMLINK_TARGET} is required."),
            SYMLINK_TARGET,
            raw,
        ));
    }
    validate::key(&target)?;
    let m = meta::from_request(&ctx.req)?;
    let record = ObjectRecord {
        key: ctx.key().to_owned(),
        size: 0,
        etag: hex_upper(&md5::digest(target.as_bytes())),
        crc64: 0,
        modified_ms: millis(ctx.state.clock.now()),
        object_type: "Symlink".to_owned(),
        storage_class: m
            .storage_class
            .unwrap_or_else(|| bucket.storage_class.clone()),
        acl: m.acl,
        headers: m.headers,
        user_meta: m.user_meta,
        tags: m.tags,
        symlink_target: Some(target),
        restore: None,
        content_md5: None,
        segments: Vec::new(),
        generation: ids::generation(),
        version_id: None,
        delete_marker: false,
        sealed_ms: None,
        retention: None,
        legal_hold: false,
    };
    let etag = record.etag.clone();
    let pre = if crate::ops::bucket_config::forbids_overwrite(ctx, &bucket) {
        Precondition::MustNotExist
    } else {
        Precondition::None
    };
    let (name, guard) = (ctx.bucket_name().to_owned(), ctx.guard());
    let version_id = ctx
        .store(move |s| s.put_object(&name, record, pre, guard))
        .await
        .map_err(|e| ctx.fail(e))?;
    crate::ops::replication::after_write(ctx, &bucket, ctx.key()).await;
    Ok(Reply::ok()
        .header("etag", quoted(&etag))
        .header_opt(VERSION_ID, version_id)
        .build())
}

/// `GET /bucket/key?symlink`: the target in `x-oss-symlink-target`, no body.
pub(crate) async fn get_symlink(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    let object = ctx.addressed_object().await?;
    ctx.authorize(Access::Read, &bucket, Some(&object))?;
    let Some(target) = &object.symlink_target else {
        return Err(OssError::of(
            ErrorCode::NotSymlink,
            "The specified object is not a symlink.",
        ));
    };
    Ok(Reply::ok()
        .header(SYMLINK_TARGET, oss_auth::encoding::encode_path(target))
        .header("etag", quoted(&object.etag))
        .header("last-modified", meta::http_date(object.modified_ms))
        .header_opt(VERSION_ID, object.version_id.as_deref())
        .build())
}
