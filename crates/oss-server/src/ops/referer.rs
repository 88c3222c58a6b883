//! Referer protection on the data path: a bucket's `RefererConfiguration` applied to
//! anonymous requests and presigned URLs (403 `AccessDenied` when the `Referer` is not
//! allowed); requests signed in the `Authorization` header are exempt, as at OSS.

use oss_model::dialect::Header;
use oss_model::{RefererConfiguration, XmlBody};

use crate::context::Ctx;
use crate::error::{OssError, OssResult};

/// Whether the request's signature travels in its URL (a presigned request).
pub(crate) fn is_presigned(ctx: &Ctx) -> bool {
    let signing = crate::dialect::SIGNING;
    ctx.req.has(signing.v1_signature_param) || ctx.req.has(signing.v4_query.signature)
}

/// Refuses an anonymous or presigned request whose `Referer` the bucket does not allow.
pub(crate) async fn check(ctx: &Ctx) -> OssResult<()> {
    if ctx.req.bucket.is_none() || (ctx.is_signed() && !is_presigned(ctx)) {
        return Ok(());
    }
    // A missing bucket is the handler's to report.
    let Ok(bucket) = ctx.bucket_record().await else {
        return Ok(());
    };
    let Some(config) = bucket
        .documents
        .get("referer")
        .and_then(|text| RefererConfiguration::from_xml(text).ok())
    else {
        return Ok(());
    };
    let referer = ctx.req.header(crate::dialect::WIRE.header(Header::Referer));
    if config.allows(referer) {
        Ok(())
    } else {
        Err(OssError::access_denied(
            "You are denied by bucket referer policy.",
        ))
    }
}
