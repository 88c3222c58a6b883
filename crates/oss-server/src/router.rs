//! From an HTTP request to an operation: addressing, faults, authentication, dispatch, and
//! the headers every response carries (`x-oss-request-id`, `Date`, `Server`).

use oss_model::code::ErrorCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use base64::Engine;
use http::Method;
use hyper::body::Incoming;
use oss_model::encoding::{fits_xml, url_encode};
use oss_model::op::{self, OpInfo, OpName, ServerKind, Target, OPERATIONS};
use oss_model::XmlBody;

use crate::admin;
use crate::auth;
use crate::body::BodyFaults;
use crate::context::{Ctx, State};
use crate::dialect::{self, ERR, REQUEST_ID, SERVER_NAME, SERVER_TIME};
use crate::error::{OssError, OssResult};
use crate::faults::FaultKind;
use crate::features;
use crate::ids;
use crate::ops;
use crate::request::RequestInfo;
use crate::request_body::RequestBody;
use crate::response::{Reply, Resp};
use crate::store::millis;
use crate::sts;

/// Which operation a request is: the most specific row of oss-model's operation table with
/// the request's method and target whose selector holds (see [`oss_model::op::select`]).
///
/// A request is refused, and nothing changes, when no row matches, when the row is one this
/// server does not implement, or when the request carries a sub-resource the row does not read
/// (`PUT /channel?live` must not become a PutObject of `channel`).
pub(crate) fn route(r: &RequestInfo) -> OssResult<&'static OpInfo> {
    let target = match (&r.bucket, &r.key) {
        (None, _) => Target::Service,
        (Some(_), None) => Target::Bucket,
        (Some(_), Some(_)) => Target::Object,
    };
    let where_ = match target {
        Target::Service => "the service",
        Target::Bucket => "a bucket",
        Target::Object => "an object",
    };
    let method = op::Method::parse(r.method.as_str())
        .ok_or_else(|| OssError::not_implemented(&format!("{} on {where_}", r.method)))?;
    let query: Vec<(&str, &str)> = r
        .query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    // A browser preflights a form upload (PostObject) at the bucket's URL: the same
    // preflight as OptionObject's, answered from the bucket's CORS rules.
    if method == op::Method::Options && target == Target::Bucket {
        return Ok(OpName::OptionObject.info());
    }
    let dialect = crate::dialect::WIRE;
    let info = op::select(
        OPERATIONS.iter().copied(),
        dialect,
        method,
        target,
        &query,
        |header| r.header(dialect.header(header)).is_some(),
    )
    .ok_or_else(|| OssError::not_implemented(&format!("{} on {where_}", r.method)))?;
    if let Some((name, _)) = query
        .iter()
        .find(|(name, _)| features::is_subresource(name) && !info.reads_query(dialect, name))
    {
        return Err(OssError::not_implemented(&format!(
            "the sub-resource {name} (on {})",
            info.name
        )));
    }
    if info.server == ServerKind::None {
        return Err(OssError::not_implemented(info.name.as_str()));
    }
    Ok(info)
}

async fn dispatch(info: &'static OpInfo, ctx: Ctx, body: RequestBody) -> OssResult<Resp> {
    if ctx.req.key.is_some() {
        match info.name {
            OpName::DeleteObject => ops::validate::key_to_delete(ctx.key())?,
            _ => ops::validate::key(ctx.key())?,
        }
    }
    features::refuse_unsupported(&ctx.req, info)?;
    ops::referer::check(&ctx).await?;
    if let Some(response) = ops::website::serve(&ctx, info.name).await? {
        return Ok(response);
    }
    match info.server {
        ServerKind::Document { name, missing } => {
            ops::document::handle(&ctx, info, name, missing, body).await
        }
        ServerKind::Setting { name, unset } => {
            let absent = ops::document::Absent::Unset(unset);
            ops::document::serve(&ctx, info, name, absent, body).await
        }
        ServerKind::Handler => handler(info.name, ctx, body).await,
        _ => Err(OssError::not_implemented(info.name.as_str())),
    }
}

/// The operations with a handler of their own.
async fn handler(name: OpName, ctx: Ctx, body: RequestBody) -> OssResult<Resp> {
    use ops::*;
    match name {
        OpName::ListBuckets => service::list_buckets(&ctx).await,
        OpName::PutBucket => bucket::put_bucket(&ctx, body).await,
        OpName::DeleteBucket => bucket::delete_bucket(&ctx).await,
        OpName::GetBucketInfo => bucket::get_bucket_info(&ctx).await,
        OpName::GetBucketLocation => bucket::get_bucket_location(&ctx).await,
        OpName::GetBucketStat => bucket::get_bucket_stat(&ctx).await,
        OpName::PutBucketAcl => bucket::put_bucket_acl(&ctx).await,
        OpName::GetBucketAcl => bucket::get_bucket_acl(&ctx).await,
        OpName::ListObjects => listing::list_objects(&ctx, false).await,
        OpName::ListObjectsV2 => listing::list_objects(&ctx, true).await,
        OpName::ListMultipartUploads => multipart_listing::list_uploads(&ctx).await,
        OpName::DeleteMultipleObjects => delete_multiple::delete_multiple(&ctx, body).await,
        OpName::PutObject => object::put_object(&ctx, body).await,
        OpName::CopyObject => copy::copy_object(&ctx).await,
        OpName::AppendObject => append::append_object(&ctx, body).await,
        OpName::GetObject => read::get_object(&ctx, false).await,
        OpName::HeadObject => read::get_object(&ctx, true).await,
        OpName::GetObjectMeta => read::get_object_meta(&ctx).await,
        OpName::DeleteObject => object::delete_object(&ctx).await,
        OpName::PutObjectAcl => acl::put_object_acl(&ctx).await,
        OpName::GetObjectAcl => acl::get_object_acl(&ctx).await,
        OpName::PutSymlink => symlink::put_symlink(&ctx).await,
        OpName::GetSymlink => symlink::get_symlink(&ctx).await,
        OpName::PutObjectTagging => tagging::put_tagging(&ctx, body).await,
        OpName::GetObjectTagging => tagging::get_tagging(&ctx).await,
        OpName::DeleteObjectTagging => tagging::delete_tagging(&ctx).await,
        OpName::RestoreObject => restore::restore_object(&ctx, body).await,
        OpName::InitiateMultipartUpload => multipart::initiate(&ctx).await,
        OpName::UploadPart => multipart::upload_part(&ctx, body).await,
        OpName::UploadPartCopy => multipart::upload_part_copy(&ctx).await,
        OpName::CompleteMultipartUpload => multipart::complete(&ctx, body).await,
        OpName::AbortMultipartUpload => multipart::abort(&ctx).await,
        OpName::ListParts => multipart_listing::list_parts(&ctx).await,
        OpName::OptionObject => cors::preflight(&ctx).await,
        OpName::PutBucketVersioning => {
            versions::put_versioning(&ctx, OpName::PutBucketVersioning.info(), body).await
        }
        OpName::GetBucketVersioning => versions::get_versioning(&ctx).await,
        OpName::ListObjectVersions => versions::list_versions(&ctx).await,
        OpName::InitiateBucketWorm => {
            worm::initiate(&ctx, OpName::InitiateBucketWorm.info(), body).await
        }
        OpName::AbortBucketWorm => worm::abort(&ctx).await,
        OpName::CompleteBucketWorm => worm::complete(&ctx).await,
        OpName::ExtendBucketWorm => worm::extend(&ctx, OpName::ExtendBucketWorm.info(), body).await,
        OpName::GetBucketWorm => worm::get(&ctx).await,
        // The SDKs' bucket families.
        OpName::GetBucketPolicyStatus => bucket_config::get_bucket_policy_status(&ctx).await,
        OpName::DeleteBucketTags => bucket_config::delete_bucket_tags(&ctx).await,
        OpName::PutStyle => items::put_style(&ctx, name.info(), body).await,
        OpName::GetStyle => items::get_style(&ctx).await,
        OpName::ListStyle => items::list_styles(&ctx).await,
        OpName::DeleteStyle => items::delete_style(&ctx).await,
        OpName::PutBucketInventory => items::put_inventory(&ctx, name.info(), body).await,
        OpName::GetBucketInventory => items::get_inventory(&ctx).await,
        OpName::ListBucketInventory => items::list_inventories(&ctx).await,
        OpName::DeleteBucketInventory => items::delete_inventory(&ctx).await,
        OpName::PutBucketRequesterQosInfo => {
            items::put_requester_qos(&ctx, name.info(), body).await
        }
        OpName::GetBucketRequesterQosInfo => items::get_requester_qos(&ctx).await,
        OpName::ListBucketRequesterQosInfos => items::list_requester_qos(&ctx).await,
        OpName::DeleteBucketRequesterQosInfo => items::delete_requester_qos(&ctx).await,
        OpName::PutBucketReplication => replication::put(&ctx, name.info(), body).await,
        OpName::GetBucketReplication => replication::get(&ctx).await,
        OpName::GetBucketReplicationLocation => replication::get_location(&ctx).await,
        OpName::GetBucketReplicationProgress => replication::get_progress(&ctx).await,
        OpName::DeleteBucketReplication => replication::delete(&ctx, name.info(), body).await,
        OpName::PutBucketRtc => replication::put_rtc(&ctx, name.info(), body).await,
        OpName::DescribeRegions => regions::describe_regions(&ctx).await,
        OpName::ListCloudBoxes => regions::list_cloud_boxes(&ctx).await,
        // Browser forms and callbacks (issue 13).
        OpName::PostObject => post_object::post_object(&ctx, body).await,
        // Issue 12 remainder.
        OpName::SealAppendObject => append::seal_append_object(&ctx).await,
        OpName::CleanRestoredObject => restore::clean_restored_object(&ctx).await,
        OpName::PutObjectRetention => retention::put_retention(&ctx, body).await,
        OpName::GetObjectRetention => retention::get_retention(&ctx).await,
        OpName::PutObjectLegalHold => retention::put_legal_hold(&ctx, body).await,
        OpName::GetObjectLegalHold => retention::get_legal_hold(&ctx).await,
        // A row marked `server: handler` without an arm here: the conformance suite finds it.
        _ => Err(OssError::not_implemented(name.as_str())),
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
    let started = std::time::Instant::now();
    let mut logged = access_record(&info, &parts.uri, &request_id);
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
    if sts::is_sts(&info) {
        let response = sts::handle(&state, &info, body, state.clock.now(), &request_id).await;
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
        for fault in state.faults.fire(
            op.name.as_str(),
            info.bucket.as_deref(),
            info.key.as_deref(),
        ) {
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
    let cross_origin = ops::cors::cross_origin(&info);
    // A key that is not UTF-8 is refused before the signature, which its lossy rendering could
    // never match.
    let refused = injected
        .or_else(|| info.key_error.map(ops::validate::invalid_key))
        .or_else(|| info.query_error.as_deref().map(invalid_query));
    let result = match refused {
        Some(error) => Err(error),
        None => {
            match auth::authenticate(&state.verifier, &state.credentials, &state.sts, &info, now) {
                Err(e) => Err(e),
                Ok(principal) => match route {
                    Err(e) => Err(e),
                    Ok(op) => {
                        if let Some((_, record)) = logged.as_mut() {
                            record.operation = op.name.as_str().to_owned();
                            if principal == auth::Principal::Owner {
                                crate::context::OWNER_ID.clone_into(&mut record.requester);
                            }
                        }
                        let ctx = Ctx {
                            state: Arc::clone(&state),
                            req: info,
                            now,
                            principal,
                            op: op.name,
                        };
                        dispatch(op, ctx, body).await
                    }
                },
            }
        }
    };
    if let (Some((_, record)), Err(error)) = (logged.as_mut(), &result) {
        record.error_code = error.body.code.clone();
    }
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
    let mut response = response;
    if let Some(cross_origin) = cross_origin {
        ops::cors::decorate(&state, cross_origin, &mut response).await;
    }
    if let Some((bucket, mut record)) = logged {
        record.time = Some(now);
        record.status = response.status().as_u16();
        record.sent_bytes = response
            .headers()
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse().ok())
            .unwrap_or(0);
        record.request_time_ms = started.elapsed().as_millis() as u64;
        state.access_log.record(bucket, record);
    }
    let (parts, body) = response.into_parts();
    let response = http::Response::from_parts(parts, body.with_faults(body_faults));
    finish(response, &state, &request_id)
}

/// The access-log record of a request to a bucket (completed once it is answered).
fn access_record(
    info: &RequestInfo,
    uri: &http::Uri,
    request_id: &str,
) -> Option<(String, oss_model::AccessLogRecord)> {
    let bucket = info.bucket.clone()?;
    let header = |name: &str| info.header(name).unwrap_or_default().to_owned();
    Some((
        bucket.clone(),
        oss_model::AccessLogRecord {
            request_uri: format!("{} {} HTTP/1.1", info.method, uri),
            referer: header("referer"),
            user_agent: header("user-agent"),
            host: info.host.clone(),
            request_id: request_id.to_owned(),
            bucket,
            key: info.key.clone().unwrap_or_default(),
            request_length: info.header("content-length").and_then(|n| n.parse().ok()),
            owner: crate::context::OWNER_ID.to_owned(),
            ..Default::default()
        },
    ))
}

/// A query parameter that does not decode to UTF-8 (or has a malformed escape): refused like a
/// key that does not, rather than read as something else.
fn invalid_query(parameter: &str) -> OssError {
    let name = parameter
        .split_once('=')
        .map_or(parameter, |(name, _)| name);
    OssError::invalid_argument(
        "A query parameter is not valid percent-encoded UTF-8.",
        name,
        parameter,
    )
}

fn injected_error(status: u16) -> OssError {
    match status {
        503 => OssError::of(ErrorCode::SlowDown, "Please reduce your request rate."),
        500 => OssError::of(
            ErrorCode::InternalError,
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
