//! Versioning: Put/GetBucketVersioning, ListObjectVersions, and what every object operation
//! shares about versions (the `versionId` parameter, delete markers, the version headers).
//! How writes and deletes make versions is the store's (`store::versions`).

use oss_model::code::ErrorCode;
use oss_model::op::OpInfo;
use oss_model::{
    CommonPrefix, DeleteMarkerEntry, ETag, ListVersionsResult, ObjectType, ObjectVersion, Owner,
    StorageClass, VersioningConfiguration, VersioningStatus, XmlBody,
};

use crate::auth::Access;
use crate::context::{Ctx, OWNER_ID};
use crate::dialect::{DELETE_MARKER, VERSION_ID};
use crate::error::{OssError, OssResult};
use crate::features::VERSION_ID_PARAM;
use crate::ops::meta::{quoted, restore_header, xml_time};
use crate::ops::{document, validate, worm, xml};
use crate::request::RequestInfo;
use crate::request_body::RequestBody;
use crate::response::{Reply, Resp};
use crate::store::{millis, BucketChange, ObjectRecord, ObjectUpdate};

/// How many versions one store call returns.
const BATCH: usize = 1000;

/// The version a request names (`?versionId=`); an empty one names nothing and is refused.
pub(crate) fn param(req: &RequestInfo) -> OssResult<Option<&str>> {
    match req.param(VERSION_ID_PARAM) {
        Some("") => Err(OssError::invalid_argument(
            "The version id may not be empty.",
            VERSION_ID_PARAM,
            "",
        )),
        other => Ok(other),
    }
}

/// `record`, unless it is a delete marker: then the error OSS answers reading one (`named`:
/// the request gave its version id).
pub(crate) fn refuse_delete_marker(record: ObjectRecord, named: bool) -> OssResult<ObjectRecord> {
    if !record.delete_marker {
        return Ok(record);
    }
    let error = if named {
        OssError::of(
            ErrorCode::MethodNotAllowed,
            "The specified method is not allowed against this resource.",
        )
    } else {
        OssError::no_such_key()
    };
    Err(error
        .header(DELETE_MARKER, "true")
        .header(VERSION_ID, record.version_name()))
}

/// Adds `x-oss-version-id` for a versioned object.
pub(crate) fn version_header(reply: Reply, object: &ObjectRecord) -> Reply {
    reply.header_opt(VERSION_ID, object.version_id.as_deref())
}

/// Applies `update` to the object the request addresses (the version it names, or the
/// current object); returns the updated record.
pub(crate) async fn update_addressed(ctx: &Ctx, update: ObjectUpdate) -> OssResult<ObjectRecord> {
    let version = ctx.version_param()?.map(str::to_owned);
    let (b, k) = (ctx.bucket_name().to_owned(), ctx.key().to_owned());
    ctx.store(move |s| s.update_object(&b, &k, version.as_deref(), &update))
        .await
        .map_err(|e| ctx.fail(e))
}

/// `PUT /bucket?versioning`: `Enabled` or `Suspended`; a bucket never returns to unversioned.
pub(crate) async fn put_versioning(
    ctx: &Ctx,
    info: &'static OpInfo,
    body: RequestBody,
) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let bytes = xml::read_small_body(body, 4096).await?;
    let document = document::check(ctx, info, &bytes)?
        .ok_or_else(|| OssError::malformed_xml("the request has no document"))?;
    let status = VersioningConfiguration::from_xml(document.as_bytes())
        .map_err(OssError::malformed_xml)?
        .status
        .ok_or_else(|| OssError::malformed_xml("the configuration has no Status"))?;
    if worm::in_force(&bucket, millis(ctx.now)).is_some() {
        return Err(worm::versioning_conflict());
    }
    let bucket = ctx.bucket_name().to_owned();
    let change = BucketChange::Versioning(status.as_str().to_owned());
    ctx.store(move |s| s.update_bucket(&bucket, &change))
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Reply::ok().build())
}

/// `GET /bucket?versioning`: no `Status` until versioning was first enabled.
pub(crate) async fn get_versioning(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let body = VersioningConfiguration {
        status: bucket.versioning.as_deref().map(VersioningStatus::parse),
    };
    Ok(Reply::ok().xml(&body).build())
}

/// One entry of a version listing.
enum Entry {
    Version(Box<ObjectRecord>, bool),
    Prefix(String),
}

/// `GET /bucket?versions`: versions and delete markers after `key-marker` (and
/// `version-id-marker`), by key and newest first, with prefix, delimiter and `max-keys`.
pub(crate) async fn list_versions(ctx: &Ctx) -> OssResult<Resp> {
    ctx.bucket(Access::Read).await?;
    let text = |name: &str| -> OssResult<String> {
        let value = ctx.req.param(name).unwrap_or("");
        if value.len() >= 1024 {
            return Err(OssError::invalid_argument(
                format!("Argument {name} must be shorter than 1024 bytes."),
                name,
                value,
            ));
        }
        Ok(value.to_owned())
    };
    let (prefix, delimiter) = (text("prefix")?, text("delimiter")?);
    let (key_marker, version_marker) = (text("key-marker")?, text("version-id-marker")?);
    if !version_marker.is_empty() && key_marker.is_empty() {
        return Err(OssError::invalid_argument(
            "A version-id-marker needs a key-marker.",
            "version-id-marker",
            &version_marker,
        ));
    }
    let max = validate::page_size(ctx.req.param("max-keys"), "max-keys", 100)?;
    let url = xml::url_requested(ctx)?;
    let (entries, truncated) =
        walk(ctx, &prefix, &delimiter, &key_marker, &version_marker, max).await?;
    let (mut next_key, mut next_version) = (None, None);
    if truncated {
        match entries.last() {
            Some(Entry::Version(record, _)) => {
                next_key = Some(record.key.clone());
                next_version = Some(record.version_name().to_owned());
            }
            Some(Entry::Prefix(prefix)) => next_key = Some(prefix.clone()),
            None => {}
        }
    }
    let mut result = ListVersionsResult {
        name: ctx.bucket_name().to_owned(),
        prefix,
        key_marker,
        version_id_marker: version_marker,
        next_key_marker: next_key,
        next_version_id_marker: next_version,
        max_keys: max as u32,
        delimiter,
        encoding_type: None,
        is_truncated: truncated,
        ..ListVersionsResult::default()
    };
    for entry in entries {
        match entry {
            Entry::Prefix(prefix) => result.common_prefixes.push(CommonPrefix { prefix }),
            Entry::Version(record, is_latest) if record.delete_marker => {
                result.delete_markers.push(DeleteMarkerEntry {
                    key: record.key.clone(),
                    version_id: record.version_name().to_owned(),
                    is_latest,
                    last_modified: xml_time(record.modified_ms),
                    owner: Some(Owner::new(OWNER_ID)),
                })
            }
            Entry::Version(record, is_latest) => result.versions.push(ObjectVersion {
                key: record.key.clone(),
                version_id: record.version_name().to_owned(),
                is_latest,
                last_modified: xml_time(record.modified_ms),
                etag: ETag::new(quoted(&record.etag)),
                object_type: Some(ObjectType::parse(&record.object_type)),
                size: record.size,
                storage_class: Some(StorageClass::parse(&record.storage_class)),
                owner: Some(Owner::new(OWNER_ID)),
                restore_info: restore_header(&record, ctx.now),
            }),
        }
    }
    result.encoding_type = xml::encode_names(&mut result, url);
    Ok(Reply::ok().xml(&result).build())
}

/// Up to `max` entries after the markers, and whether more follow. Keys under a common
/// prefix are skipped by restarting after the prefix, as ListObjects does.
async fn walk(
    ctx: &Ctx,
    prefix: &str,
    delimiter: &str,
    key_marker: &str,
    version_marker: &str,
    max: usize,
) -> OssResult<(Vec<Entry>, bool)> {
    let mut entries: Vec<Entry> = Vec::new();
    let (mut after_key, mut after_version) = (key_marker.to_owned(), version_marker.to_owned());
    loop {
        let (bucket, p, k, v) = (
            ctx.bucket_name().to_owned(),
            prefix.to_owned(),
            after_key.clone(),
            after_version.clone(),
        );
        let batch = ctx
            .store(move |s| s.list_versions(&bucket, &p, &k, &v, BATCH))
            .await
            .map_err(|e| ctx.fail(e))?;
        let full = batch.len() == BATCH;
        if batch.is_empty() {
            return Ok((entries, false));
        }
        let mut restarted = false;
        for (record, is_latest) in batch {
            let rest = &record.key[prefix.len()..];
            let rolled = (!delimiter.is_empty())
                .then(|| rest.find(delimiter))
                .flatten()
                .map(|i| record.key[..prefix.len() + i + delimiter.len()].to_owned());
            if entries.len() >= max {
                return Ok((entries, true));
            }
            match rolled {
                Some(common) => {
                    if common.as_str() > key_marker {
                        entries.push(Entry::Prefix(common.clone()));
                    }
                    // Skip everything else under this prefix.
                    after_key = format!("{common}\u{10FFFF}");
                    after_version.clear();
                    restarted = true;
                    break;
                }
                None => {
                    after_key.clone_from(&record.key);
                    after_version = record.version_name().to_owned();
                    entries.push(Entry::Version(Box::new(record), is_latest));
                }
            }
        }
        if !full && !restarted {
            return Ok((entries, false));
        }
    }
}
