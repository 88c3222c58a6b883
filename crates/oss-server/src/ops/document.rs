//! Bucket documents: every operation the table marks `server: document(name, missing)` or
//! `document(name, default)` (CORS, logging, website, referer, lifecycle, and the rest as
//! their rows arrive) is served here, with no handler of its own.
//!
//! PUT reads the body as the operation's model (through the row's `read_request`, so the
//! server holds a document to the rules the client checks before sending), then stores the
//! model as this crate writes it; GET returns it, or fails with the row's `missing` code (or,
//! for a document every bucket has, returns the model's default); DELETE removes it (204).
//! Rules that need more than the document (a logging target that must exist, an Archive
//! bucket that cannot transition) are checked in [`configs`](super::configs).
//! Only the bucket's owner may do any of the three, as OSS allows only the owner to
//! configure a bucket. A document's meaning (a CORS preflight answered from the rules, a
//! lifecycle applied) is a feature of its own, added where OSS gives it one.

use oss_checksum::md5;
use oss_model::code::ErrorCode;
use oss_model::op::{BadRequest, Method, OpInfo, Received, Unset};

use crate::auth::Access;
use crate::body::ResponseBody;
use crate::context::Ctx;
use crate::error::{OssError, OssResult};
use crate::ops::upload::content_md5;
use crate::ops::xml;
use crate::request_body::RequestBody;
use crate::response::{Reply, Resp};
use crate::store::BucketChange;

/// The largest document body read (the models' own rules are tighter: 16 KB for CORS).
const MAX_BODY: usize = 64 * 1024;

/// What a GET answers when the bucket has no such document.
#[derive(Clone, Copy)]
pub(crate) enum Absent {
    /// The row's error (`NoSuchCORSConfiguration`).
    Missing(ErrorCode),
    /// The setting every bucket has until told otherwise.
    Unset(Unset),
}

/// Serves a document operation.
pub(crate) async fn handle(
    ctx: &Ctx,
    info: &'static OpInfo,
    name: &'static str,
    missing: ErrorCode,
    body: RequestBody,
) -> OssResult<Resp> {
    serve(ctx, info, name, Absent::Missing(missing), body).await
}

/// Serves a document operation, a GET of a missing document answering `absent`.
pub(crate) async fn serve(
    ctx: &Ctx,
    info: &'static OpInfo,
    name: &'static str,
    absent: Absent,
    body: RequestBody,
) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    match info.method {
        Method::Put => {
            let bytes = xml::read_small_body(body, MAX_BODY).await?;
            if let Some(expected) = content_md5(ctx)? {
                if md5::digest(&bytes) != expected {
                    return Err(OssError::invalid_digest());
                }
            }
            // Stored as this server writes the model, not as received: what GET returns is
            // then always the well-formed document the rules were checked on.
            let document = check(ctx, info, &bytes)?
                .ok_or_else(|| OssError::malformed_xml("the request has no document"))?;
            let document = super::configs::check_put(ctx, &bucket, name, document).await?;
            change(ctx, name, Some(document)).await?;
            Ok(Reply::ok().build())
        }
        Method::Get => match (bucket.documents.get(name), absent) {
            (Some(text), _) => Ok(document_reply(text.clone())),
            (None, Absent::Unset(unset)) => Ok(document_reply(unset.document())),
            (None, Absent::Missing(missing)) => {
                Err(OssError::of(missing, missing_message(missing, name)).bucket(ctx.bucket_name()))
            }
        },
        Method::Delete => {
            change(ctx, name, None).await?;
            Ok(Reply::new(204).build())
        }
        _ => Err(OssError::not_implemented(info.name.as_str())),
    }
}

/// The reference's message for a missing document, where it gives one.
fn missing_message(code: ErrorCode, name: &str) -> String {
    match code {
        ErrorCode::NoSuchWebsiteConfiguration => {
            "The specified bucket does not have a website configuration.".to_owned()
        }
        ErrorCode::NoSuchLifecycle => "No Row found in Lifecycle Table.".to_owned(),
        _ => format!("The bucket has no {name} configuration."),
    }
}

/// A 200 carrying a stored document.
pub(crate) fn document_reply(text: String) -> Resp {
    Reply::ok()
        .header("content-type", "application/xml")
        .header("content-length", text.len().to_string())
        .body(ResponseBody::full(text))
        .build()
}

/// Reads the request as its operation's input: malformed XML is `MalformedXML`, a document
/// that breaks the service's rules `InvalidArgument`.
pub(crate) fn check(ctx: &Ctx, info: &OpInfo, body: &[u8]) -> OssResult<Option<String>> {
    let Some(read) = info.read_request else {
        return Err(OssError::not_implemented(info.name.as_str()));
    };
    let query: Vec<(&str, &str)> = ctx
        .req
        .query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let headers = ctx.req.header_pairs();
    let received = Received {
        query: &query,
        headers: &headers,
        body,
    };
    read(&received, crate::dialect::WIRE).map_err(|e| match e {
        BadRequest::Malformed(e) => OssError::malformed_xml(e),
        BadRequest::Invalid(e) => OssError::invalid_argument(e.error.message, e.field, ""),
    })
}

pub(crate) async fn change(
    ctx: &Ctx,
    name: &'static str,
    document: Option<String>,
) -> OssResult<()> {
    let bucket = ctx.bucket_name().to_owned();
    let change = BucketChange::Document { name, document };
    ctx.store(move |s| s.update_bucket(&bucket, &change))
        .await
        .map(drop)
        .map_err(|e| ctx.fail(e))
}
