//! AppendObject: `POST /bucket/key?append&position=P`.
//!
//! Each append adds a segment (a new blob) to the object and extends its CRC-64 with
//! `crc64::combine`; the write is a compare-and-swap on the object's generation, so two
//! appends racing at the same position cannot both succeed.

use crate::request_body::RequestBody;
use oss_checksum::crc64;
use oss_model::code::ErrorCode;

use crate::auth::Access;
use crate::context::Ctx;
use crate::dialect::{HASH_CRC64ECMA, NEXT_APPEND_POSITION};
use crate::error::{OssError, OssResult};
use crate::ids;
use crate::ops::meta;
use crate::ops::object::is_no_such_key;
use crate::ops::upload::{self, MAX_UPLOAD};
use crate::response::{Reply, Resp};
use crate::store::{millis, ObjectRecord, Precondition, Segment, StoreError, Versioning};

fn position_mismatch(next: u64) -> OssError {
    OssError::of(
        ErrorCode::PositionNotEqualToLength,
        "Position is not equal to file length.",
    )
    .header(NEXT_APPEND_POSITION, next.to_string())
}

fn appendable_etag(crc: u64, size: u64) -> String {
    format!("{crc:016X}{size:016X}")
}

/// Appends the body at `position`.
pub(crate) async fn append_object(ctx: &Ctx, body: RequestBody) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    ctx.authorize(Access::Write, &bucket, None)?;
    if bucket.versioning() != Versioning::Off {
        return Err(OssError::not_implemented(
            "AppendObject in a bucket with versioning enabled or suspended",
        ));
    }
    crate::ops::worm::refuse_if_protected(ctx, &bucket, ctx.key()).await?;
    let raw = ctx.req.param("position").unwrap_or("");
    let position: u64 = raw
        .trim()
        .parse()
        .map_err(|_| OssError::invalid_argument("Invalid append position.", "position", raw))?;
    let current = match ctx.object(ctx.key()).await {
        Ok(object) => Some(object),
        Err(e) if is_no_such_key(&e) => None,
        Err(e) => return Err(e),
    };
    match &current {
        Some(o) if o.object_type != "Appendable" => {
            return Err(OssError::of(
                ErrorCode::ObjectNotAppendable,
                "The object is not appendable.",
            ))
        }
        Some(o) if o.size != position => return Err(position_mismatch(o.size)),
        None if position != 0 => return Err(position_mismatch(0)),
        _ => {}
    }
    let received = upload::receive(ctx, body).await?;
    if let Some(o) = &current {
        if received.size == 0 {
            ctx.state.store.discard(&received.blob);
            return Ok(reply(o));
        }
        if o.size + received.size > MAX_UPLOAD {
            ctx.state.store.discard(&received.blob);
            return Err(OssError::of(
                ErrorCode::EntityTooLarge,
                "An appendable object may not grow beyond 5 GB.",
            ));
        }
    }
    let segment = Segment {
        blob: received.blob.clone(),
        offset: 0,
        len: received.size,
    };
    let now = millis(ctx.state.clock.now());
    let (record, pre) = match current {
        Some(mut o) => {
            let pre = Precondition::Generation(o.generation);
            o.crc64 = crc64::combine(o.crc64, received.crc64, received.size);
            o.size += received.size;
            o.segments.push(segment);
            o.modified_ms = now;
            o.etag = appendable_etag(o.crc64, o.size);
            o.generation = ids::generation();
            (o, pre)
        }
        None => {
            let mut m = meta::from_request(&ctx.req)?;
            meta::apply_bucket_encryption(&mut m.headers, &bucket);
            let record = ObjectRecord {
                key: ctx.key().to_owned(),
                size: received.size,
                etag: appendable_etag(received.crc64, received.size),
                crc64: received.crc64,
                modified_ms: now,
                object_type: "Appendable".to_owned(),
                storage_class: m
                    .storage_class
                    .unwrap_or_else(|| bucket.storage_class.clone()),
                acl: m.acl,
                headers: m.headers,
                user_meta: m.user_meta,
                tags: m.tags,
                symlink_target: None,
                restore: None,
                content_md5: None,
                segments: vec![segment],
                generation: ids::generation(),
                version_id: None,
                delete_marker: false,
            };
            (record, Precondition::MustNotExist)
        }
    };
    let response = reply(&record);
    let name = ctx.bucket_name().to_owned();
    match ctx.store(move |s| s.put_object(&name, record, pre)).await {
        Ok(_) => {
            crate::ops::replication::after_write(ctx, &bucket, ctx.key()).await;
            Ok(response)
        }
        Err(StoreError::Changed | StoreError::FileAlreadyExists) => {
            // Another append won the race: report where the object ends now.
            ctx.state.store.discard(&received.blob);
            let next = ctx.object(ctx.key()).await.map(|o| o.size).unwrap_or(0);
            Err(position_mismatch(next))
        }
        Err(e) => {
            ctx.state.store.discard(&received.blob);
            Err(ctx.fail(e))
        }
    }
}

fn reply(o: &ObjectRecord) -> Resp {
    let reply = Reply::ok()
        .header("etag", meta::quoted(&o.etag))
        .header(NEXT_APPEND_POSITION, o.size.to_string())
        .header(HASH_CRC64ECMA, o.crc64.to_string());
    meta::report_encryption(reply, &o.headers).build()
}
