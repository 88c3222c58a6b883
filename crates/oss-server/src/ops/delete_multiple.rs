//! DeleteMultipleObjects: `POST /bucket?delete` with a `Delete` body of at most 1,000 keys
//! (and 2 MB), which `Content-MD5` must cover.

use crate::request_body::RequestBody;
use oss_checksum::md5;
use oss_model::code::ErrorCode;
use oss_model::{DeleteRequest, DeleteResult, DeletedObject};

use crate::auth::Access;
use crate::context::Ctx;
use crate::error::{OssError, OssResult};
use crate::ops::upload::content_md5;
use crate::ops::{validate, xml};
use crate::response::{Reply, Resp};

/// The most keys per request.
const MAX_KEYS: usize = 1000;
/// The largest body.
const MAX_BODY: usize = 2 << 20;

/// Deletes the listed objects; a missing key counts as deleted.
pub(crate) async fn delete_multiple(ctx: &Ctx, body: RequestBody) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    ctx.authorize(Access::Write, &bucket, None)?;
    let url = xml::url_requested(ctx)?;
    let expected = content_md5(ctx)?.ok_or_else(|| {
        OssError::of(
            ErrorCode::InvalidDigest,
            "Content-MD5 is required for DeleteMultipleObjects.",
        )
    })?;
    let bytes = xml::read_small_body(body, MAX_BODY).await?;
    if md5::digest(&bytes) != expected {
        return Err(OssError::invalid_digest());
    }
    let request: DeleteRequest = xml::parse(&bytes)?;
    if request.objects.is_empty() || request.objects.len() > MAX_KEYS {
        return Err(OssError::malformed_xml(format!(
            "a Delete body lists 1 to {MAX_KEYS} objects, this one {}",
            request.objects.len()
        )));
    }
    for object in &request.objects {
        validate::key_to_delete(&object.key)?;
    }
    let mut deleted = Vec::with_capacity(request.objects.len());
    for object in &request.objects {
        if object.version_id.as_deref() == Some("") {
            return Err(OssError::invalid_argument(
                "The version id may not be empty.",
                "VersionId",
                "",
            ));
        }
    }
    // Nothing is deleted if anything listed is protected.
    for object in &request.objects {
        crate::ops::worm::refuse_if_protected(ctx, &bucket, &object.key).await?;
    }
    for object in request.objects {
        let named = object.version_id.is_some();
        let done = crate::ops::object::delete(ctx, &object.key, object.version_id).await?;
        // A named version is reported as deleted; a marker made or removed, as a marker.
        let marker_id = done
            .delete_marker
            .then(|| done.version_id.clone())
            .flatten();
        if !named {
            crate::ops::replication::after_delete(ctx, &bucket, &object.key).await;
        }
        deleted.push(DeletedObject {
            key: object.key,
            version_id: if named { done.version_id } else { None },
            delete_marker: done.delete_marker.then_some(true),
            delete_marker_version_id: marker_id,
        });
    }
    if request.quiet {
        return Ok(Reply::ok().build());
    }
    let mut result = DeleteResult {
        encoding_type: None,
        deleted,
    };
    result.encoding_type = xml::encode_names(&mut result, url);
    Ok(Reply::ok().xml(&result).build())
}
