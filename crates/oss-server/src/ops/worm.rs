//! Bucket WORM: a retention policy (Initiate, Abort, Complete, Extend and GetBucketWorm), and
//! what it refuses on the data path.
//!
//! A policy is `InProgress` once initiated: it already protects objects, can be aborted, and
//! lapses 24 hours later (against the server's clock) unless completed. Completed, it is
//! `Locked`: it cannot be aborted, and extending it may only lengthen its period. While a
//! policy is in force, an object within its retention period (counted from its last
//! modification) cannot be deleted or overwritten: the request fails with 409
//! `FileImmutable` and changes nothing. An appendable object under protection takes no
//! appends, as the reference says. As at OSS, a bucket has either versioning or a retention
//! policy: initiating one in a bucket that was ever versioned, or enabling versioning while a
//! policy is in force, is 400 `OperationNotSupported`.

use oss_model::code::ErrorCode;
use oss_model::op::OpInfo;
use oss_model::{
    BucketWormState, ExtendWormConfiguration, InitiateWormConfiguration, WormConfiguration, XmlBody,
};

use crate::auth::Access;
use crate::context::Ctx;
use crate::dialect::WORM_ID;
use crate::error::{OssError, OssResult};
use crate::ids;
use crate::ops::meta::xml_time;
use crate::ops::{document, xml};
use crate::request_body::RequestBody;
use crate::response::{Reply, Resp};
use crate::store::{
    millis, protection, BucketChange, BucketRecord, StoreError, Versioning, WormRecord,
};

/// The query parameter naming a policy.
const WORM_ID_PARAM: &str = "wormId";

pub(crate) use crate::store::protection::worm_in_force as in_force;

/// Refuses early (before a body is read) a write over `key` (an overwrite, an append) or its
/// delete in an unversioned bucket while its current object is protected. The store checks
/// again, in the write's own transaction; this only spares a client uploading a body that
/// would be refused.
pub(crate) async fn refuse_if_protected(
    ctx: &Ctx,
    bucket: &BucketRecord,
    key: &str,
) -> OssResult<()> {
    if bucket.versioning() != Versioning::Off {
        return Ok(());
    }
    match ctx.object(key).await {
        Ok(current) if protection::protected(bucket, &current, &ctx.guard()) => {
            Err(ctx.fail(StoreError::Immutable))
        }
        Ok(_) => Ok(()),
        Err(e) if crate::ops::object::is_no_such_key(&e) => Ok(()),
        Err(e) => Err(e),
    }
}

/// The error of a bucket asked to have both versioning and a retention policy.
pub(crate) fn versioning_conflict() -> OssError {
    OssError::of(
        ErrorCode::OperationNotSupported,
        "A bucket cannot have both versioning and a retention policy.",
    )
}

fn no_policy() -> OssError {
    OssError::of(
        ErrorCode::NoSuchWORMConfiguration,
        "The bucket has no retention policy.",
    )
}

fn locked() -> OssError {
    OssError::of(
        ErrorCode::WORMConfigurationLocked,
        "The retention policy is locked.",
    )
}

fn invalid(message: impl Into<String>) -> OssError {
    OssError::of(ErrorCode::InvalidWORMConfiguration, message)
}

/// The policy in force, for the operations that need one named by `wormId`.
fn named<'a>(ctx: &Ctx, bucket: &'a BucketRecord) -> OssResult<&'a WormRecord> {
    let worm = in_force(bucket, millis(ctx.now)).ok_or_else(no_policy)?;
    match ctx.req.param(WORM_ID_PARAM) {
        Some(id) if id == worm.id => Ok(worm),
        _ => Err(no_policy()),
    }
}

async fn set(ctx: &Ctx, worm: Option<WormRecord>) -> OssResult<()> {
    let bucket = ctx.bucket_name().to_owned();
    ctx.store(move |s| s.update_bucket(&bucket, &BucketChange::Worm(worm)))
        .await
        .map(drop)
        .map_err(|e| ctx.fail(e))
}

/// Reads the request's document as the operation `info` takes it.
async fn document<T: XmlBody>(ctx: &Ctx, info: &'static OpInfo, body: RequestBody) -> OssResult<T> {
    let bytes = xml::read_small_body(body, 4096).await?;
    let text = document::check(ctx, info, &bytes)?
        .ok_or_else(|| OssError::malformed_xml("the request has no document"))?;
    T::from_xml(text.as_bytes()).map_err(OssError::malformed_xml)
}

/// `POST /bucket?worm`: a new `InProgress` policy; its id in `x-oss-worm-id`.
pub(crate) async fn initiate(
    ctx: &Ctx,
    info: &'static OpInfo,
    body: RequestBody,
) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let config: InitiateWormConfiguration = document(ctx, info, body).await?;
    if bucket.versioning() != Versioning::Off {
        return Err(versioning_conflict());
    }
    match in_force(&bucket, millis(ctx.now)) {
        Some(w) if w.locked => return Err(locked()),
        Some(_) => {
            return Err(invalid(
                "The bucket already has a retention policy in progress.",
            ))
        }
        None => {}
    }
    let worm = WormRecord {
        id: ids::request_id(),
        locked: false,
        days: config.retention_period_in_days,
        created_ms: millis(ctx.now),
    };
    let id = worm.id.clone();
    set(ctx, Some(worm)).await?;
    Ok(Reply::ok().header(WORM_ID, id).build())
}

/// `DELETE /bucket?worm`: removes an `InProgress` policy (204).
pub(crate) async fn abort(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    match in_force(&bucket, millis(ctx.now)) {
        None => Err(no_policy()),
        Some(w) if w.locked => Err(locked()),
        Some(_) => {
            set(ctx, None).await?;
            Ok(Reply::new(204).build())
        }
    }
}

/// `POST /bucket?wormId=ID`: locks the policy (again: no change).
pub(crate) async fn complete(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let worm = named(ctx, &bucket)?;
    if !worm.locked {
        let worm = WormRecord {
            locked: true,
            ..worm.clone()
        };
        set(ctx, Some(worm)).await?;
    }
    Ok(Reply::ok().build())
}

/// `POST /bucket?wormExtend&wormId=ID`: a longer period for a locked policy.
pub(crate) async fn extend(ctx: &Ctx, info: &'static OpInfo, body: RequestBody) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let config: ExtendWormConfiguration = document(ctx, info, body).await?;
    let worm = named(ctx, &bucket)?;
    if !worm.locked {
        return Err(invalid("Only a locked retention policy can be extended."));
    }
    let days = config.retention_period_in_days;
    if days <= worm.days {
        return Err(invalid(format!(
            "An extension lengthens the retention period: {days} days is not more than {}.",
            worm.days
        )));
    }
    let worm = WormRecord {
        days,
        ..worm.clone()
    };
    set(ctx, Some(worm)).await?;
    Ok(Reply::ok().build())
}

/// `GET /bucket?worm`.
pub(crate) async fn get(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let worm = in_force(&bucket, millis(ctx.now)).ok_or_else(no_policy)?;
    let body = WormConfiguration {
        worm_id: worm.id.clone(),
        state: Some(if worm.locked {
            BucketWormState::Locked
        } else {
            BucketWormState::InProgress
        }),
        retention_period_in_days: worm.days,
        creation_date: Some(xml_time(worm.created_ms)),
    };
    Ok(Reply::ok().xml(&body).build())
}
