//! From an HTTP request to an operation: addressing, faults, authentication, dispatch, and
//! the headers every response carries (`x-oss-request-id`, `Date`, `Server`).

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use base64::Engine;
use http::Method;
use hyper::body::Incoming;
use oss_model::encoding::{fits_xml, url_encode};
use oss_model::XmlBody;

use crate::admin;
use crate::auth;
use crate::body::BodyFaults;
use crate::context::{Ctx, State};
use crate::dialect::{self, ERR, REQUEST_ID, SERVER_NAME, SERVER_TIME};
use crate::error::{OssError, OssResult};
use crate::faults::FaultKind;
use crate::ids;
use crate::ops;
use crate::request::RequestInfo;
use crate::request_body::RequestBody;
use crate::response::{Reply, Resp};
use crate::store::millis;

/// Declares [`Op`] and its names from one list, so the two cannot drift apart.
macro_rules! operations {
    ($($op:ident),* $(,)?) => {
        /// The operations the server knows, named as OSS names them (fault rules match these
        /// names).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Op {
            $($op),*
        }

        impl Op {
            /// The OSS name, e.g. `GetObject`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Op::$op => stringify!($op)),*
                }
            }
        }
    };
}

operations!(
    ListBuckets,
    PutBucket,
    DeleteBucket,
    GetBucketInfo,
    GetBucketLocation,
    GetBucketStat,
    PutBucketAcl,
    GetBucketAcl,
    ListObjects,
    ListObjectsV2,
    ListMultipartUploads,
    DeleteMultipleObjects,
    PutObject,
    CopyObject,
    AppendObject,
    GetObject,
    HeadObject,
    GetObjectMeta,
    DeleteObject,
    PutObjectAcl,
    GetObjectAcl,
    PutSymlink,
    GetSymlink,
    PutObjectTagging,
    GetObjectTagging,
    DeleteObjectTagging,
    RestoreObject,
    InitiateMultipartUpload,
    UploadPart,
    UploadPartCopy,
    CompleteMultipartUpload,
    AbortMultipartUpload,
    ListParts,
);

/// Bucket sub-resources this server does not implement (answered with 501).
const UNSUPPORTED_BUCKET: &[&str] = &[
    "cors",
    "lifecycle",
    "logging",
    "website",
    "referer",
    "policy",
    "versioning",
    "versions",
    "encryption",
    "tagging",
    "replication",
    "worm",
    "inventory",
    "cname",
    "qos",
    "live",
    "requestPayment",
    "transferAcceleration",
    "metaQuery",
    "accessPoint",
    "resourceGroup",
];

/// Which operation a request is.
pub(crate) fn route(r: &RequestInfo) -> OssResult<Op> {
    let m = &r.method;
    let Some(_bucket) = &r.bucket else {
        return match *m {
            Method::GET => Ok(Op::ListBuckets),
            _ => Err(OssError::not_implemented(&format!("{m} on the service"))),
        };
    };
    let Some(_key) = &r.key else {
        if let Some(name) = UNSUPPORTED_BUCKET.iter().find(|n| r.has(n)) {
            return Err(OssError::not_implemented(&format!(
                "the bucket sub-resource {name}"
            )));
        }
        return match *m {
            Method::PUT if r.has("acl") => Ok(Op::PutBucketAcl),
            Method::PUT => Ok(Op::PutBucket),
            Method::DELETE => Ok(Op::DeleteBucket),
            Method::GET if r.has("acl") => Ok(Op::GetBucketAcl),
            Method::GET if r.has("bucketInfo") => Ok(Op::GetBucketInfo),
            Method::GET if r.has("location") => Ok(Op::GetBucketLocation),
            Method::GET if r.has("stat") => Ok(Op::GetBucketStat),
            Method::GET if r.has("uploads") => Ok(Op::ListMultipartUploads),
            Method::GET if r.param("list-type") == Some("2") => Ok(Op::ListObjectsV2),
            Method::GET => Ok(Op::ListObjects),
            Method::POST if r.has("delete") => Ok(Op::DeleteMultipleObjects),
            _ => Err(OssError::not_implemented(&format!("{m} on a bucket"))),
        };
    };
    let copy = r.header(dialect::COPY_SOURCE).is_some();
    let part = r.has("partNumber") && r.has("uploadId");
    match *m {
        Method::PUT if r.has("acl") => Ok(Op::PutObjectAcl),
        Method::PUT if r.has("tagging") => Ok(Op::PutObjectTagging),
        Method::PUT if r.has("symlink") => Ok(Op::PutSymlink),
        Method::PUT if part && copy => Ok(Op::UploadPartCopy),
        Method::PUT if part => Ok(Op::UploadPart),
        Method::PUT if copy => Ok(Op::CopyObject),
        Method::PUT => Ok(Op::PutObject),
        Method::GET if r.has("acl") => Ok(Op::GetObjectAcl),
        Method::GET if r.has("tagging") => Ok(Op::GetObjectTagging),
        Method::GET if r.has("symlink") => Ok(Op::GetSymlink),
        Method::GET if r.has("uploadId") => Ok(Op::ListParts),
        Method::GET => Ok(Op::GetObject),
        Method::HEAD if r.has("objectMeta") => Ok(Op::GetObjectMeta),
        Method::HEAD => Ok(Op::HeadObject),
        Method::DELETE if r.has("tagging") => Ok(Op::DeleteObjectTagging),
        Method::DELETE if r.has("uploadId") => Ok(Op::AbortMultipartUpload),
        Method::DELETE => Ok(Op::DeleteObject),
        Method::POST if r.has("append") => Ok(Op::AppendObject),
        Method::POST if r.has("uploads") => Ok(Op::InitiateMultipartUpload),
        Method::POST if r.has("uploadId") => Ok(Op::CompleteMultipartUpload),
        Method::POST if r.has("restore") => Ok(Op::RestoreObject),
        _ => Err(OssError::not_implemented(&format!("{m} on an object"))),
    }
}

async fn dispatch(op: Op, ctx: Ctx, body: RequestBody) -> OssResult<Resp> {
    if ctx.req.key.is_some() {
        match op {
            Op::DeleteObject => validate::key_to_delete(ctx.key())?,
            _ => validate::key(ctx.key())?,
        }
    }
    use ops::*;
    match op {
        Op::ListBuckets => service::list_buckets(&ctx).await,
        Op::PutBucket => bucket::put_bucket(&ctx, body).await,
        Op::DeleteBucket => bucket::delete_bucket(&ctx).await,
        Op::GetBucketInfo => bucket::get_bucket_info(&ctx).await,
        Op::GetBucketLocation => bucket::get_bucket_location(&ctx).await,
        Op::GetBucketStat => bucket::get_bucket_stat(&ctx).await,
        Op::PutBucketAcl => bucket::put_bucket_acl(&ctx).await,
        Op::GetBucketAcl => bucket::get_bucket_acl(&ctx).await,
        Op::ListObjects => listing::list_objects(&ctx, false).await,
        Op::ListObjectsV2 => listing::list_objects(&ctx, true).await,
        Op::ListMultipartUploads => multipart_listing::list_uploads(&ctx).await,
        Op::DeleteMultipleObjects => delete_multiple::delete_multiple(&ctx, body).await,
        Op::PutObject => object::put_object(&ctx, body).await,
        Op::CopyObject => copy::copy_object(&ctx).await,
        Op::AppendObject => append::append_object(&ctx, body).await,
        Op::GetObject => read::get_object(&ctx, false).await,
        Op::HeadObject => read::get_object(&ctx, true).await,
        Op::GetObjectMeta => read::get_object_meta(&ctx).await,
        Op::DeleteObject => object::delete_object(&ctx).await,
        Op::PutObjectAcl => acl::put_object_acl(&ctx).await,
        Op::GetObjectAcl => acl::get_object_acl(&ctx).await,
        Op::PutSymlink => symlink::put_symlink(&ctx).await,
        Op::GetSymlink => symlink::get_symlink(&ctx).await,
        Op::PutObjectTagging => tagging::put_tagging(&ctx, body).await,
        Op::GetObjectTagging => tagging::get_tagging(&ctx).await,
        Op::DeleteObjectTagging => tagging::delete_tagging(&ctx).await,
        Op::RestoreObject => restore::restore_object(&ctx, body).await,
        Op::InitiateMultipartUpload => multipart::initiate(&ctx).await,
        Op::UploadPart => multipart::upload_part(&ctx, body).await,
        Op::UploadPartCopy => multipart::upload_part_copy(&ctx).await,
        Op::CompleteMultipartUpload => multipart::complete(&ctx, body).await,
        Op::AbortMultipartUpload => multipart::abort(&ctx).await,
        Op::ListParts => multipart_listing::list_parts(&ctx).await,
    }
}

/// Handles one request; never fails (errors become OSS error responses).
pub(crate) async fn handle(
    state: Arc<State>,
    reset: Arc<AtomicBool>,
    request: hyper::Request<Incoming>,
) -> Resp {
    let request_id = ids::request_id();
    let (parts, body) = request.into_parts();
    let info = RequestInfo::parse(&parts, &state.domains);
    let body = RequestBody::new(body, state.idle_timeout);
    if state.admin_endpoint && admin::is_admin(&info) {
        let response = match admin::handle(&state, &info, body).await {
            Ok(response) => response,
            Err(error) => {
                let mut response = error_response(error, &request_id, info.host_id(), false);
                response.headers_mut().insert(
                    http::header::CONNECTION,
                    http::HeaderValue::from_static("close"),
                );
                response
            }
        };
        return finish(response, &state, &request_id);
    }
    let is_head = info.method == Method::HEAD;
    let host_id = info.host_id().to_owned();
    let has_body = info.header("transfer-encoding").is_some()
        || info
            .header("content-length")
            .is_some_and(|n| n.parse::<u64>().map_or(true, |n| n > 0));
    let route = route(&info);
    let mut body_faults = BodyFaults::default();
    let mut injected = None;
    if let Ok(op) = &route {
        for fault in state
            .faults
            .fire(op.name(), info.bucket.as_deref(), info.key.as_deref())
        {
            match fault {
                FaultKind::Delay(delay) => tokio::time::sleep(delay).await,
                FaultKind::Error(status) => injected = Some(injected_error(status)),
                FaultKind::ResetAfter(n) => {
                    body_faults.reset_after = Some(n);
                    body_faults.reset_flag = Some(Arc::clone(&reset));
                }
                FaultKind::Corrupt(at) => body_faults.corrupt_at = Some(at),
            }
        }
    }
    let now = state.clock.now();
    // A key that is not UTF-8 is refused before the signature, which its lossy rendering could
    // never match.
    let result = match injected.or_else(|| info.key_error.map(ops::validate::invalid_key)) {
        Some(error) => Err(error),
        None => match auth::authenticate(&state.verifier, &state.credentials, &info, now) {
            Err(e) => Err(e),
            Ok(principal) => match route {
                Err(e) => Err(e),
                Ok(op) => {
                    let ctx = Ctx {
                        state: Arc::clone(&state),
                        req: info,
                        now,
                        principal,
                    };
                    dispatch(op, ctx, body).await
                }
            },
        },
    };
    let response = match result {
        Ok(response) => response,
        Err(error) => {
            let mut response = error_response(error, &request_id, &host_id, is_head);
            if has_body {
                // The body may be unread: a client must not send another request on this
                // connection, or it would race the close.
                response.headers_mut().insert(
                    http::header::CONNECTION,
                    http::HeaderValue::from_static("close"),
                );
            }
            response
        }
    };
    let (parts, body) = response.into_parts();
    let response = http::Response::from_parts(parts, body.with_faults(body_faults));
    finish(response, &state, &request_id)
}

fn injected_error(status: u16) -> OssError {
    match status {
        503 => OssError::new(503, "SlowDown", "Please reduce your request rate."),
        500 => OssError::new(
            500,
            "InternalError",
            "We encountered an internal error. Please try again.",
        ),
        _ => OssError::new(
            status,
            "InjectedFault",
            "A fault injected by the test server.",
        ),
    }
}

/// The response for a failed request.
pub(crate) fn error_response(
    mut error: OssError,
    request_id: &str,
    host_id: &str,
    is_head: bool,
) -> Resp {
    error.body.request_id = request_id.to_owned();
    error.body.host_id = host_id.to_owned();
    keep_xml_well_formed(&mut error.body);
    let mut reply = Reply::new(error.status.as_u16());
    for (name, value) in &error.headers {
        reply = reply.header(name, value);
    }
    if let Some(ec) = &error.body.ec {
        reply = reply.header(dialect::EC, ec);
    }
    if error.status == http::StatusCode::NOT_MODIFIED {
        return reply.build();
    }
    if is_head {
        let xml = error.body.to_xml();
        return reply
            .header(ERR, base64::engine::general_purpose::STANDARD.encode(xml))
            .build();
    }
    reply.xml(&*error.body).build()
}

/// Percent-escapes what XML 1.0 cannot carry in the texts an error echoes from the request
/// (an argument, or a string to sign with a key holding a control character), so that the
/// body stays well-formed; `StringToSignBytes` still has the exact bytes.
fn keep_xml_well_formed(body: &mut oss_model::ErrorResponse) {
    let texts = [
        Some(&mut body.message),
        Some(&mut body.host_id),
        body.bucket_name.as_mut(),
        body.argument_name.as_mut(),
        body.argument_value.as_mut(),
        body.string_to_sign.as_mut(),
        body.canonical_request.as_mut(),
        body.signature_provided.as_mut(),
        body.oss_access_key_id.as_mut(),
    ];
    for text in texts.into_iter().flatten() {
        if !fits_xml(text) {
            *text = text
                .chars()
                .map(|c| {
                    let mut utf8 = [0; 4];
                    let c = c.encode_utf8(&mut utf8);
                    if fits_xml(c) {
                        c.to_owned()
                    } else {
                        url_encode(c)
                    }
                })
                .collect();
        }
    }
}

fn finish(mut response: Resp, state: &State, request_id: &str) -> Resp {
    let now = state.clock.now();
    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: String| {
        if let Ok(value) = http::HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    set(REQUEST_ID, request_id.to_owned());
    set("date", oss_model::time::format_http_date(now));
    set("server", SERVER_NAME.to_owned());
    set(SERVER_TIME, millis(now).to_string());
    response
}
