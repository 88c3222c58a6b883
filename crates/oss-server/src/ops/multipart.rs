//! Multipart uploads: Initiate, UploadPart, UploadPartCopy, Complete (an explicit part list,
//! or every part with `x-oss-complete-all: yes`), Abort, ListParts and ListMultipartUploads.
//!
//! Rules: part numbers 1–10,000 (`InvalidArgument`); at Complete, parts in ascending order
//! (`InvalidPartOrder`), each uploaded with the ETag given (`InvalidPart`), all but the last
//! at least 100 KB (`EntityTooSmall`). The object's ETag is the MD5 of the parts' binary MD5s
//! followed by `-<number of parts>`; its CRC-64 combines the parts' CRCs. Completing moves the
//! parts' blobs into the object in one storage step: nothing is copied.

use crate::callback;
use crate::request_body::RequestBody;
use oss_checksum::{crc64, md5};
use oss_model::code::ErrorCode;
use oss_model::{
    CompleteMultipartUpload, CompleteMultipartUploadResult, CopyPartResult, ETag,
    InitiateMultipartUploadResult,
};

use crate::auth::Access;
use crate::context::Ctx;
use crate::dialect::{COMPLETE_ALL, COPY_SOURCE_RANGE, HASH_CRC64ECMA, VERSION_ID};
use crate::error::{OssError, OssResult};
use crate::ids;
use crate::ops::copy;
use crate::ops::meta::{self, quoted};
use crate::ops::object::is_no_such_key;
use crate::ops::range::{self, Range};
use crate::ops::read::check_readable;
use crate::ops::upload::{self, content_md5, hex_upper};
use crate::ops::xml;
use crate::response::{Reply, Resp};
use crate::store::{
    millis, ObjectRecord, PartRecord, Precondition, Segment, StoreError, UploadRecord,
};

/// The smallest part that may be followed by another, 100 KB.
pub(crate) const MIN_PART: u64 = 100 * 1024;
/// The highest part number.
const MAX_PART_NUMBER: u32 = 10_000;

fn part_number(ctx: &Ctx) -> OssResult<u32> {
    let raw = ctx.req.param("partNumber").unwrap_or("");
    match raw.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_PART_NUMBER).contains(&n) => Ok(n),
        _ => Err(OssError::invalid_argument(
            "Part number must be an integer between 1 and 10000, inclusive.",
            "partNumber",
            raw,
        )),
    }
}

/// The upload named by `uploadId`, which must be for the addressed key.
pub(crate) async fn upload_of(ctx: &Ctx) -> OssResult<UploadRecord> {
    let id = ctx.req.param("uploadId").unwrap_or("").to_owned();
    let bucket = ctx.bucket_name().to_owned();
    let upload = ctx
        .store(move |s| s.upload(&bucket, &id))
        .await
        .map_err(|e| ctx.fail(e))?;
    if upload.key != ctx.key() {
        return Err(OssError::no_such_upload());
    }
    Ok(upload)
}

/// `POST /bucket/key?uploads`.
pub(crate) async fn initiate(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    ctx.authorize(Access::Write, &bucket, None)?;
    let mut m = meta::from_request(&ctx.req)?;
    meta::apply_bucket_encryption(&mut m.headers, &bucket);
    let url = xml::url_requested(ctx)?;
    if crate::ops::bucket_config::forbids_overwrite(ctx, &bucket) {
        match ctx.object(ctx.key()).await {
            Ok(_) => return Err(ctx.fail(StoreError::FileAlreadyExists)),
            Err(e) if is_no_such_key(&e) => {}
            Err(e) => return Err(e),
        }
    }
    let upload = UploadRecord {
        upload_id: ids::upload_id(),
        key: ctx.key().to_owned(),
        initiated_ms: millis(ctx.now),
        template: ObjectRecord {
            key: ctx.key().to_owned(),
            size: 0,
            etag: String::new(),
            crc64: 0,
            modified_ms: 0,
            object_type: "Multipart".to_owned(),
            storage_class: m.storage_class.unwrap_or(bucket.storage_class),
            acl: m.acl,
            headers: m.headers,
            user_meta: m.user_meta,
            tags: m.tags,
            symlink_target: None,
            restore: None,
            content_md5: None,
            segments: Vec::new(),
            generation: 0,
            version_id: None,
            delete_marker: false,
            sealed_ms: None,
            retention: None,
            legal_hold: false,
        },
    };
    let id = upload.upload_id.clone();
    let stored_headers = upload.template.headers.clone();
    let name = ctx.bucket_name().to_owned();
    ctx.store(move |s| s.create_upload(&name, &upload))
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut result = InitiateMultipartUploadResult {
        bucket: ctx.bucket_name().to_owned(),
        key: ctx.key().to_owned(),
        upload_id: id,
        encoding_type: None,
    };
    result.encoding_type = xml::encode_names(&mut result, url);
    Ok(meta::report_encryption(Reply::ok(), &stored_headers)
        .xml(&result)
        .build())
}

async fn store_part(ctx: &Ctx, upload: &UploadRecord, part: PartRecord) -> OssResult<()> {
    let (name, id) = (ctx.bucket_name().to_owned(), upload.upload_id.clone());
    let blobs: Vec<_> = part.segments.iter().map(|s| s.blob.clone()).collect();
    if let Err(e) = ctx.store(move |s| s.put_part(&name, &id, part)).await {
        for blob in &blobs {
            ctx.state.store.discard(blob);
        }
        return Err(ctx.fail(e));
    }
    Ok(())
}

/// `PUT /bucket/key?partNumber=N&uploadId=ID`.
pub(crate) async fn upload_part(ctx: &Ctx, body: RequestBody) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    ctx.authorize(Access::Write, &bucket, None)?;
    let number = part_number(ctx)?;
    let upload = upload_of(ctx).await?;
    let received = upload::receive(ctx, body).await?;
    let etag = received.etag();
    let part = PartRecord {
        part_number: number,
        etag: etag.clone(),
        size: received.size,
        crc64: received.crc64,
        modified_ms: millis(ctx.state.clock.now()),
        segments: vec![Segment {
            blob: received.blob.clone(),
            offset: 0,
            len: received.size,
        }],
    };
    store_part(ctx, &upload, part).await?;
    Ok(Reply::ok()
        .header("etag", quoted(&etag))
        .header(HASH_CRC64ECMA, received.crc64.to_string())
        .build())
}

/// `PUT /bucket/key?partNumber=N&uploadId=ID` with `x-oss-copy-source` and optionally
/// `x-oss-copy-source-range: bytes=first-last` (an invalid range copies the whole source).
pub(crate) async fn upload_part_copy(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    ctx.authorize(Access::Write, &bucket, None)?;
    let number = part_number(ctx)?;
    let upload = upload_of(ctx).await?;
    let source = copy::source(ctx).await?;
    // A part copied from a symlink holds the target's data.
    let object = source.content.ok_or_else(|| {
        OssError::of(
            ErrorCode::SymlinkTargetNotExist,
            "The symlink target object does not exist.",
        )
    })?;
    check_readable(ctx, &object)?;
    let size = object.size;
    let (start, len, ranged) = match range::parse(ctx.req.header(COPY_SOURCE_RANGE), size, false) {
        Range::Part(first, last) => (first, last - first + 1, true),
        _ => (0, size, false),
    };
    let received = copy::copy_range(ctx, &object, start, len).await?;
    let etag = received.etag();
    let modified = millis(ctx.state.clock.now());
    let part = PartRecord {
        part_number: number,
        etag: etag.clone(),
        size: received.size,
        crc64: received.crc64,
        modified_ms: modified,
        segments: vec![Segment {
            blob: received.blob.clone(),
            offset: 0,
            len: received.size,
        }],
    };
    store_part(ctx, &upload, part).await?;
    let result = CopyPartResult {
        last_modified: crate::ops::meta::xml_time(modified),
        etag: ETag::new(quoted(&etag)),
    };
    let mut reply = Reply::ok()
        .header("etag", quoted(&etag))
        .header(HASH_CRC64ECMA, received.crc64.to_string());
    if ranged {
        reply = reply.header(
            "content-range",
            format!("bytes {start}-{}/{size}", start + len - 1),
        );
    }
    Ok(reply.xml(&result).build())
}

fn invalid_part(number: u32) -> OssError {
    OssError::of(
        ErrorCode::InvalidPart,
        format!(
            "One or more of the specified parts could not be found or the specified entity tag \
             might not have matched the part's entity tag (part {number})."
        ),
    )
}

/// Chooses the parts to assemble, checking the rules.
fn choose_parts(
    uploaded: Vec<PartRecord>,
    listed: Option<CompleteMultipartUpload>,
) -> OssResult<Vec<PartRecord>> {
    let chosen = match listed {
        None => uploaded,
        Some(list) => {
            if list.parts.is_empty() {
                return Err(OssError::malformed_xml(
                    "no Part in CompleteMultipartUpload",
                ));
            }
            let mut chosen = Vec::with_capacity(list.parts.len());
            let mut previous = 0;
            for wanted in &list.parts {
                if wanted.part_number <= previous {
                    return Err(OssError::of(
                        ErrorCode::InvalidPartOrder,
                        "The list of parts was not in ascending order. The parts list must be \
                         specified in order by part number.",
                    ));
                }
                previous = wanted.part_number;
                let part = uploaded
                    .iter()
                    .find(|p| p.part_number == wanted.part_number)
                    .filter(|p| p.etag.eq_ignore_ascii_case(wanted.etag.as_str()))
                    .ok_or_else(|| invalid_part(wanted.part_number))?;
                chosen.push(part.clone());
            }
            chosen
        }
    };
    if chosen.is_empty() {
        return Err(invalid_part(0));
    }
    if let Some(small) = chosen[..chosen.len() - 1]
        .iter()
        .find(|p| p.size < MIN_PART)
    {
        return Err(OssError::of(
            ErrorCode::EntityTooSmall,
            format!(
                "Your proposed upload is smaller than the minimum allowed size (part {} has {} \
                 bytes; every part but the last needs at least {MIN_PART}).",
                small.part_number, small.size
            ),
        ));
    }
    Ok(chosen)
}

/// `POST /bucket/key?uploadId=ID`.
pub(crate) async fn complete(ctx: &Ctx, body: RequestBody) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    ctx.authorize(Access::Write, &bucket, None)?;
    let upload = upload_of(ctx).await?;
    crate::ops::worm::refuse_if_protected(ctx, &bucket, ctx.key()).await?;
    let url = xml::url_requested(ctx)?;
    let callback = callback::from_headers(&ctx.req)?;
    let complete_all = ctx
        .req
        .header(COMPLETE_ALL)
        .is_some_and(|v| v.eq_ignore_ascii_case("yes"));
    let bytes = xml::read_small_body(body, 4 << 20).await?;
    if let Some(expected) = content_md5(ctx)? {
        if md5::digest(&bytes) != expected {
            return Err(OssError::invalid_digest());
        }
    }
    let listed = if complete_all {
        if !bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(OssError::invalid_argument(
                "With x-oss-complete-all the request must not have a body.",
                COMPLETE_ALL,
                "yes",
            ));
        }
        None
    } else {
        Some(xml::parse::<CompleteMultipartUpload>(&bytes)?)
    };
    let (name, id) = (ctx.bucket_name().to_owned(), upload.upload_id.clone());
    let uploaded = ctx
        .store(move |s| s.parts(&name, &id))
        .await
        .map_err(|e| ctx.fail(e))?;
    let parts = choose_parts(uploaded, listed)?;
    let mut digests = Vec::with_capacity(parts.len() * 16);
    let (mut crc, mut size) = (0u64, 0u64);
    let mut segments = Vec::new();
    for part in &parts {
        for i in (0..part.etag.len()).step_by(2) {
            digests.push(
                part.etag
                    .get(i..i + 2)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .unwrap_or(0),
            );
        }
        crc = crc64::combine(crc, part.crc64, part.size);
        size += part.size;
        segments.extend(part.segments.iter().cloned());
    }
    let etag = format!("{}-{}", hex_upper(&md5::digest(&digests)), parts.len());
    let mut object = upload.template.clone();
    object.key = ctx.key().to_owned();
    object.size = size;
    object.etag = etag.clone();
    object.crc64 = crc;
    object.modified_ms = millis(ctx.state.clock.now());
    object.segments = segments;
    object.generation = ids::generation();
    let stored_headers = object.headers.clone();
    let mime_type = meta::content_type(&object.headers).to_owned();
    let pre = if crate::ops::bucket_config::forbids_overwrite(ctx, &bucket) {
        Precondition::MustNotExist
    } else {
        Precondition::None
    };
    let (name, id) = (ctx.bucket_name().to_owned(), upload.upload_id.clone());
    let guard = ctx.guard();
    let version_id = ctx
        .store(move |s| s.complete_upload(&name, &id, object, pre, guard))
        .await
        .map_err(|e| ctx.fail(e))?;
    crate::ops::replication::after_write(ctx, &bucket, ctx.key()).await;
    let mut result = CompleteMultipartUploadResult {
        encoding_type: None,
        location: format!(
            "http://{}/{}/{}",
            ctx.req.host,
            ctx.bucket_name(),
            oss_auth::encoding::encode_path(ctx.key())
        ),
        bucket: ctx.bucket_name().to_owned(),
        key: ctx.key().to_owned(),
        etag: ETag::new(quoted(&etag)),
    };
    result.encoding_type = xml::encode_names(&mut result, url);
    let reply = Reply::ok()
        .header("etag", quoted(&etag))
        .header(HASH_CRC64ECMA, crc.to_string())
        .header_opt(VERSION_ID, version_id);
    let reply = meta::report_encryption(reply, &stored_headers);
    // With a callback, the application's reply replaces the result document.
    let (bucket, key) = (ctx.bucket_name(), ctx.key());
    let stored = callback::Stored {
        bucket,
        key,
        etag: &etag,
        size,
        mime_type: &mime_type,
    };
    callback::respond(callback, stored, reply, |reply| reply.xml(&result)).await
}

/// `DELETE /bucket/key?uploadId=ID`: 204.
pub(crate) async fn abort(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    ctx.authorize(Access::Write, &bucket, None)?;
    let upload = upload_of(ctx).await?;
    let (name, id) = (ctx.bucket_name().to_owned(), upload.upload_id);
    ctx.store(move |s| s.abort_upload(&name, &id))
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Reply::new(204).build())
}
