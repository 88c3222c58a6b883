//! What this server refuses rather than ignore: sub-resources that no implemented operation
//! reads, and request features it does not implement (callbacks beyond PutObject, PostObject
//! and CompleteMultipartUpload, image processing, traffic
//! limits, a presigned URL's access restrictions, versions where an operation has none) or
//! values outside their documented set (encryption algorithms).
//!
//! A request that asks for any of these gets the documented error and changes nothing: a
//! client that relies on a callback, a version or an encryption must learn that it did not
//! happen, not receive a 200 for a request half understood.

use oss_model::code::ErrorCode;
use oss_model::dialect::{Dialect, Header};
use oss_model::op::{OpInfo, OpName};

use crate::error::{OssError, OssResult};
use crate::request::RequestInfo;

/// Whether the query parameter `name` addresses a sub-resource (an operation of its own)
/// rather than modifying the operation at hand. OSS's definition of a sub-resource is the
/// set V1 signatures cover; the response overrides, the STS token and the vendor's own
/// `x-oss-*` parameters (signatures, processing) are not operations.
pub(crate) fn is_subresource(name: &str) -> bool {
    let signing = crate::dialect::SIGNING;
    signing.is_v1_subresource(name)
        && !name.starts_with("response-")
        && name != signing.v1_security_token_param
        && !signing.is_own_header_name(name)
        // Versions are refused as a feature, with a message that says so.
        && name != VERSION_ID_PARAM
}

/// The query parameter that names an object version.
pub(crate) const VERSION_ID_PARAM: &str = "versionId";

/// The documented server-side encryption algorithms.
const SSE_ALGORITHMS: &[&str] = &["AES256", "KMS", "SM4"];

/// Refuses what the request asks for beyond its operation `info`, if this server cannot do it.
pub(crate) fn refuse_unsupported(req: &RequestInfo, info: &OpInfo) -> OssResult<()> {
    let dialect = crate::dialect::WIRE;
    // PutObject and CompleteMultipartUpload perform callbacks (see `callback`); PostObject
    // takes its callback as a form field.
    let calls_back = matches!(
        info.name,
        OpName::PutObject | OpName::CompleteMultipartUpload
    );
    for header in [Header::Callback, Header::CallbackVar] {
        if !calls_back && req.header(dialect.header(header)).is_some() {
            return Err(OssError::not_implemented(&format!(
                "Upload callbacks on {}",
                info.name
            )));
        }
    }
    // A traffic limit travels as a header, or as a query parameter of a presigned URL.
    let traffic_limit = dialect.header(Header::TrafficLimit);
    if req.header(traffic_limit).is_some() || req.has(traffic_limit) {
        return Err(OssError::not_implemented("Single-request traffic limits"));
    }
    if let Some(param) = dialect
        .access_restriction_params
        .iter()
        .find(|param| req.has(param))
    {
        return Err(OssError::not_implemented(&format!(
            "Access restrictions of a presigned URL ({param})"
        )));
    }
    if req.has(dialect.process_param) {
        let param = dialect.process_param;
        return Err(OssError::not_implemented(&format!("Processing ({param})")));
    }
    // The operations whose rows take a version id act on versions; others have none.
    if req.has(VERSION_ID_PARAM) && !info.reads_query(dialect, VERSION_ID_PARAM) {
        return Err(OssError::not_implemented(&format!(
            "Object versions ({VERSION_ID_PARAM}) on {}",
            info.name
        )));
    }
    check_encryption(req, dialect)
}

/// Server-side encryption headers: an algorithm of the documented set, a KMS key id and a
/// data encryption (SM4) only with KMS.
fn check_encryption(req: &RequestInfo, dialect: &Dialect) -> OssResult<()> {
    let sse_name = dialect.header(Header::ServerSideEncryption);
    let sse = req.header(sse_name);
    if let Some(sse) = sse {
        if !SSE_ALGORITHMS.contains(&sse) {
            return Err(OssError::of(
                ErrorCode::InvalidEncryptionAlgorithmError,
                format!(
                    "The encryption request you specified is not valid. Supported value: {}.",
                    SSE_ALGORITHMS.join(", ")
                ),
            ));
        }
    }
    for (header, allowed) in [
        (Header::ServerSideEncryptionKeyId, None),
        (Header::ServerSideDataEncryption, Some("SM4")),
    ] {
        let name = dialect.header(header);
        if let Some(value) = req.header(name) {
            if sse != Some("KMS") {
                return Err(OssError::invalid_argument(
                    format!("{name} is only valid with {sse_name}: KMS."),
                    name,
                    value,
                ));
            }
            if allowed.is_some_and(|allowed| value != allowed) {
                return Err(OssError::invalid_argument(
                    format!("{name} must be SM4."),
                    name,
                    value,
                ));
            }
        }
    }
    Ok(())
}
