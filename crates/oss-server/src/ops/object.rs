//! PutObject and DeleteObject.

use crate::request_body::RequestBody;

use crate::auth::Access;
use crate::callback;
use crate::context::Ctx;
use crate::dialect::{DELETE_MARKER, HASH_CRC64ECMA, VERSION_ID};
use crate::error::{OssError, OssResult};
use crate::ids;
use crate::ops::meta::{self, quoted, UploadMeta};
use crate::ops::upload::Received;
use crate::ops::{upload, worm};
use crate::response::{Reply, Resp};
use crate::store::{
    millis, BucketRecord, Deleted, ObjectRecord, Precondition, Segment, StoreError,
};

/// `PUT /bucket/key`: stores the body as a Normal object.
pub(crate) async fn put_object(ctx: &Ctx, body: RequestBody) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    ctx.authorize(Access::Write, &bucket, None)?;
    worm::refuse_if_protected(ctx, &bucket, ctx.key()).await?;
    let mut meta = meta::from_request(&ctx.req)?;
    meta::apply_bucket_encryption(&mut meta.headers, &bucket);
    let pre = overwrite_precondition(ctx, &bucket).await?;
    let callback = callback::from_headers(&ctx.req)?;
    let received = upload::receive(ctx, body).await?;
    let mime_type = meta::content_type(&meta.headers).to_owned();
    let stored = commit(ctx, &bucket, meta, &received, pre).await?;
    let (etag, stored_headers, version_id) = (stored.etag, stored.headers, stored.version_id);
    crate::ops::replication::after_write(ctx, &bucket, ctx.key()).await;
    let reply = Reply::ok()
        .header_opt(VERSION_ID, version_id)
        .header("etag", quoted(&etag))
        .header(HASH_CRC64ECMA, received.crc64.to_string())
        .header_opt("content-md5", received.content_md5());
    let reply = meta::report_encryption(reply, &stored_headers);
    let (bucket, key, size) = (ctx.bucket_name(), ctx.key(), received.size);
    let stored = callback::Stored {
        bucket,
        key,
        etag: &etag,
        size,
        mime_type: &mime_type,
    };
    callback::respond(callback, stored, reply, |reply| reply).await
}

/// What a write to the addressed key requires of the object there: that there is none when
/// overwriting is forbidden (checked now, so a refused upload is not even received, and again
/// as the write commits).
pub(crate) async fn overwrite_precondition(
    ctx: &Ctx,
    bucket: &BucketRecord,
) -> OssResult<Precondition> {
    if !crate::ops::bucket_config::forbids_overwrite(ctx, bucket) {
        return Ok(Precondition::None);
    }
    match ctx.object(ctx.key()).await {
        Ok(_) => Err(ctx.fail(StoreError::FileAlreadyExists)),
        Err(e) if e.body.code == "NoSuchKey" => Ok(Precondition::MustNotExist),
        Err(e) => Err(e),
    }
}

/// What [`commit`] stored.
pub(crate) struct Stored {
    /// The new object's ETag.
    pub etag: String,
    /// Its stored standard headers (the encryption it reports).
    pub headers: Vec<(String, String)>,
    /// Its version id, in a versioned bucket.
    pub version_id: Option<String>,
}

/// Makes `received` the Normal object at the addressed key of `bucket` with `meta`: the blob
/// is discarded if the store refuses (`pre` not met), so nothing is left behind.
pub(crate) async fn commit(
    ctx: &Ctx,
    bucket: &BucketRecord,
    meta: UploadMeta,
    received: &Received,
    pre: Precondition,
) -> OssResult<Stored> {
    let record = ObjectRecord {
        key: ctx.key().to_owned(),
        size: received.size,
        etag: received.etag(),
        crc64: received.crc64,
        modified_ms: millis(ctx.state.clock.now()),
        object_type: "Normal".to_owned(),
        storage_class: meta
            .storage_class
            .unwrap_or_else(|| bucket.storage_class.clone()),
        acl: meta.acl,
        headers: meta.headers,
        user_meta: meta.user_meta,
        tags: meta.tags,
        symlink_target: None,
        restore: None,
        content_md5: received.content_md5(),
        segments: vec![Segment {
            blob: received.blob.clone(),
            offset: 0,
            len: received.size,
        }],
        generation: ids::generation(),
        version_id: None,
        delete_marker: false,
        sealed_ms: None,
        retention: None,
        legal_hold: false,
    };
    let etag = record.etag.clone();
    let stored_headers = record.headers.clone();
    let (bucket_name, guard) = (ctx.bucket_name().to_owned(), ctx.guard());
    let version_id = match ctx
        .store(move |s| s.put_object(&bucket_name, record, pre, guard))
        .await
    {
        Ok(version_id) => version_id,
        Err(e) => {
            ctx.state.store.discard(&received.blob);
            return Err(ctx.fail(e));
        }
    };
    Ok(Stored {
        etag,
        headers: stored_headers,
        version_id,
    })
}

/// `DELETE /bucket/key`: 204, whether or not the object existed; in a versioned bucket it
/// makes a delete marker, or with `versionId` removes that version, and says which in
/// `x-oss-version-id` and `x-oss-delete-marker`.
pub(crate) async fn delete_object(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    ctx.authorize(Access::Write, &bucket, None)?;
    let version = ctx.version_param()?.map(str::to_owned);
    worm::refuse_if_protected(ctx, &bucket, ctx.key()).await?;
    let named = version.is_some();
    let deleted = delete(ctx, ctx.key(), version).await?;
    // Deleting a named version is not replicated, as on OSS.
    if !named {
        crate::ops::replication::after_delete(ctx, &bucket, ctx.key()).await;
    }
    Ok(deleted_headers(Reply::new(204), &deleted).build())
}

/// Deletes `key` (or its version `version`) from the addressed bucket.
pub(crate) async fn delete(ctx: &Ctx, key: &str, version: Option<String>) -> OssResult<Deleted> {
    let marker = delete_marker(ctx, key);
    let (name, key, guard) = (ctx.bucket_name().to_owned(), key.to_owned(), ctx.guard());
    ctx.store(move |s| s.delete_object(&name, &key, version.as_deref(), marker, guard))
        .await
        .map_err(|e| ctx.fail(e))
}

/// The version headers of a delete's response.
fn deleted_headers(reply: Reply, deleted: &Deleted) -> Reply {
    reply
        .header_opt(VERSION_ID, deleted.version_id.as_deref())
        .header_opt(DELETE_MARKER, deleted.delete_marker.then_some("true"))
}

/// The delete marker a delete of `key` makes in a versioned bucket.
fn delete_marker(ctx: &Ctx, key: &str) -> ObjectRecord {
    ObjectRecord::delete_marker(key, millis(ctx.state.clock.now()))
}

/// Whether an error is `NoSuchKey`.
pub(crate) fn is_no_such_key(e: &OssError) -> bool {
    e.body.code == "NoSuchKey"
}
