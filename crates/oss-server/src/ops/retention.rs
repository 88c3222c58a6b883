//! Object retention and legal hold (Put/GetObjectRetention, Put/GetObjectLegalHold), on the
//! version a request addresses, once the bucket's object-WORM configuration is enabled
//! (400 `InvalidRequest` before).
//!
//! A retention is `GOVERNANCE` or `COMPLIANCE` until a date in the future. A `COMPLIANCE`
//! one only lengthens (a shorter date, or `GOVERNANCE`, is 403 `AccessDenied`); a
//! `GOVERNANCE` one is shortened only by a request with `x-oss-bypass-governance-retention:
//! true`. What a retention or a legal hold protects is enforced by the store (see
//! `store::protection`): a delete or overwrite of the version is 409 `FileImmutable`.

use oss_model::code::ErrorCode;
use oss_model::{LegalHold, ObjectWormConfiguration, Retention, XmlBody};

use crate::auth::Access;
use crate::context::Ctx;
use crate::error::{OssError, OssResult};
use crate::ops::meta::xml_time;
use crate::ops::versions::{update_addressed, version_header};
use crate::ops::xml;
use crate::request_body::RequestBody;
use crate::response::{Reply, Resp};
use crate::store::protection::OBJECT_WORM;
use crate::store::{millis, BucketRecord, ObjectUpdate, RetentionRecord};

const MAX_BODY: usize = 4096;

/// Whether the bucket's object-WORM configuration is enabled.
pub(crate) fn object_worm_enabled(bucket: &BucketRecord) -> bool {
    bucket
        .documents
        .get(OBJECT_WORM)
        .and_then(|text| ObjectWormConfiguration::from_xml(text).ok())
        .is_some_and(|c| c.object_worm_enabled.as_deref() == Some("Enabled"))
}

async fn enabled_bucket(ctx: &Ctx) -> OssResult<BucketRecord> {
    let bucket = ctx.bucket(Access::Owner).await?;
    if !object_worm_enabled(&bucket) {
        return Err(OssError::of(
            ErrorCode::InvalidRequest,
            "Object-level retention (ObjectWorm) is not enabled for the bucket.",
        ));
    }
    Ok(bucket)
}

/// `PUT /bucket/key?retention` with a `Retention` body.
pub(crate) async fn put_retention(ctx: &Ctx, body: RequestBody) -> OssResult<Resp> {
    enabled_bucket(ctx).await?;
    let bytes = xml::read_small_body(body, MAX_BODY).await?;
    let retention: Retention = xml::parse(&bytes)?;
    let mode = retention.mode.as_deref().unwrap_or("");
    let compliance = match mode {
        "COMPLIANCE" => true,
        "GOVERNANCE" => false,
        _ => {
            return Err(OssError::invalid_argument(
                "Invalid retention mode.",
                "Mode",
                mode,
            ))
        }
    };
    let until = retention.retain_until_date.as_ref();
    let until_ms = until
        .and_then(|t| t.to_system_time())
        .map(millis)
        .ok_or_else(|| {
            let raw = until.map_or("", |t| t.raw());
            OssError::invalid_argument("Invalid RetainUntilDate.", "RetainUntilDate", raw)
        })?;
    if until_ms <= millis(ctx.now) {
        let raw = until.map_or("", |t| t.raw());
        return Err(OssError::invalid_argument(
            "RetainUntilDate must be in the future.",
            "RetainUntilDate",
            raw,
        ));
    }
    let object = ctx.addressed_object().await?;
    if object.object_type == "Appendable" {
        return Err(OssError::of(
            ErrorCode::OperationNotSupported,
            "An appendable object cannot have a retention.",
        ));
    }
    let update = ObjectUpdate::Retention {
        retention: RetentionRecord {
            compliance,
            until_ms,
        },
        guard: ctx.guard(),
    };
    let updated = update_addressed(ctx, update).await?;
    Ok(version_header(Reply::ok(), &updated).build())
}

/// `GET /bucket/key?retention`: the version's retention (empty if it has none).
pub(crate) async fn get_retention(ctx: &Ctx) -> OssResult<Resp> {
    enabled_bucket(ctx).await?;
    let object = ctx.addressed_object().await?;
    let body = match object.retention {
        Some(r) => Retention {
            mode: Some(mode_name(r).to_owned()),
            retain_until_date: Some(xml_time(r.until_ms)),
        },
        None => Retention::default(),
    };
    Ok(version_header(Reply::ok(), &object).xml(&body).build())
}

/// `PUT /bucket/key?legalHold` with a `LegalHold` body (`ON` or `OFF`).
pub(crate) async fn put_legal_hold(ctx: &Ctx, body: RequestBody) -> OssResult<Resp> {
    enabled_bucket(ctx).await?;
    let bytes = xml::read_small_body(body, MAX_BODY).await?;
    let hold: LegalHold = xml::parse(&bytes)?;
    let on = match hold.status.as_deref().unwrap_or("") {
        "ON" => true,
        "OFF" => false,
        other => {
            return Err(OssError::invalid_argument(
                "Invalid legal hold status.",
                "Status",
                other,
            ))
        }
    };
    let updated = update_addressed(ctx, ObjectUpdate::LegalHold(on)).await?;
    Ok(version_header(Reply::ok(), &updated).build())
}

/// `GET /bucket/key?legalHold`.
pub(crate) async fn get_legal_hold(ctx: &Ctx) -> OssResult<Resp> {
    enabled_bucket(ctx).await?;
    let object = ctx.addressed_object().await?;
    let body = LegalHold {
        status: Some(legal_hold_name(object.legal_hold).to_owned()),
    };
    Ok(version_header(Reply::ok(), &object).xml(&body).build())
}

/// The mode of a retention as the API names it.
pub(crate) fn mode_name(retention: RetentionRecord) -> &'static str {
    if retention.compliance {
        "COMPLIANCE"
    } else {
        "GOVERNANCE"
    }
}

/// A legal hold as the API names it.
pub(crate) fn legal_hold_name(on: bool) -> &'static str {
    if on {
        "ON"
    } else {
        "OFF"
    }
}
