//! AppendObject (`POST /bucket/key?append&position=P`) and SealAppendObject (`POST
//! /bucket/key?seal&position=P`).
//!
//! Each append adds a segment (a new blob) to the object and extends its CRC-64 with
//! `crc64::combine`; the write is a compare-and-swap on the object's generation, so two
//! appends racing at the same position cannot both succeed. A seal stops the appends: the
//! object answers `x-oss-sealed-time` from then on, and an append to it is 409
//! `ObjectNotAppendable` (the reference says a sealed object becomes non-appendable). The
//! seal changes the object's generation, so an append that read it before cannot commit.

use crate::request_body::RequestBody;
use oss_checksum::crc64;
use oss_model::code::ErrorCode;

use crate::auth::Access;
use crate::context::Ctx;
use crate::dialect::{HASH_CRC64ECMA, NEXT_APPEND_POSITION, SEALED_TIME};
use crate::error::{OssError, OssResult};
use crate::ids;
use crate::ops::meta;
use crate::ops::object::is_no_such_key;
use crate::ops::upload::{self, MAX_UPLOAD};
use crate::response::{Reply, Resp};
use crate::store::{
    millis, ObjectRecord, ObjectUpdate, Precondition, Segment, StoreError, Versioning,
};

fn position_mismatch(next: u64) -> OssError {
    OssError::of(
        ErrorCode::PositionNotEqualToLength,
        "Position is not equal to file length.",
    )
    .header(NEXT_APPEND_POSITION, next.to_string())
}

fn not_appendable() -> OssError {
    OssError::of(
        ErrorCode::ObjectNotAppendable,
        "The object is not appendable.",
    )
}

/// The `position` query parameter.
fn position(ctx: &Ctx) -> OssResult<u64> {
    let raw = ctx.req.param("position").unwrap_or("");
    raw.trim()
        .parse()
        .map_err(|_| OssError::invalid_argument("Invalid append position.", "position", raw))
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
    let position = position(ctx)?;
    let current = match ctx.object(ctx.key()).await {
        Ok(object) => Some(object),
        Err(e) if is_no_such_key(&e) => None,
        Err(e) => return Err(e),
    };
    match &current {
        Some(o) if o.object_type != "Appendable" || o.sealed_ms.is_some() => {
            return Err(not_appendable())
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
                sealed_ms: None,
                retention: None,
                legal_hold: false,
            };
            (record, Precondition::MustNotExist)
        }
    };
    let response = reply(&record);
    let (name, guard) = (ctx.bucket_name().to_owned(), ctx.guard());
    match ctx
        .store(move |s| s.put_object(&name, record, pre, guard))
        .await
    {
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

/// Seals the appendable object, whose length must be `position`; answers when it was first
/// sealed (a seal of a sealed object changes nothing).
pub(crate) async fn seal_append_object(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    ctx.authorize(Access::Write, &bucket, None)?;
    let position = position(ctx)?;
    let current = ctx.object(ctx.key()).await?;
    if current.object_type != "Appendable" {
        return Err(not_appendable());
    }
    if current.size != position {
        return Err(position_mismatch(current.size));
    }
    let update = ObjectUpdate::Seal {
        sealed_ms: millis(ctx.now),
        position,
    };
    let (name, key) = (ctx.bucket_name().to_owned(), ctx.key().to_owned());
    match ctx
        .store(move |s| s.update_object(&name, &key, None, &update))
        .await
    {
        Ok(sealed) => {
            let at = sealed.sealed_ms.unwrap_or_default();
            Ok(Reply::ok().header(SEALED_TIME, meta::http_date(at)).build())
        }
        Err(StoreError::Changed) => {
            // An append moved the end meanwhile.
            let next = ctx.object(ctx.key()).await.map(|o| o.size).unwrap_or(0);
            Err(position_mismatch(next))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}
