//! Alibaba Cloud OSS's signing vocabulary: the only place in this crate that spells an OSS
//! name.

use super::{Dialect, V4QueryNames};
use crate::scheme::SchemeKind;

/// The V4 scope product of OSS on CloudBox (the CloudBox id takes the region's place).
pub const CLOUDBOX_PRODUCT: &str = "oss-cloudbox";

/// The RTMP application name OSS ingests LiveChannel streams on.
pub const RTMP_APP: &str = "live";

/// A parameter name of RTMP URLs that is never signed (an older spelling of the token).
pub const RTMP_LEGACY_TOKEN_PARAM: &str = "SecurityToken";

impl Dialect {
    /// Alibaba Cloud OSS: V4 (`OSS4-HMAC-SHA256`) by default, V1 (`OSS`) for legacy
    /// endpoints.
    pub const OSS: Dialect = Dialect {
        name: "OSS",
        schemes: &[SchemeKind::OssV4, SchemeKind::OssV1],
        header_prefix: "x-oss-",
        security_token_header: "x-oss-security-token",
        date_header: "x-oss-date",
        content_sha256_header: "x-oss-content-sha256",
        sensitive_headers: &[
            "authorization",
            "x-oss-security-token",
            "x-oss-server-side-encryption-customer-key",
        ],
        sensitive_query: &[
            "security-token",
            "x-oss-security-token",
            "Signature",
            "x-oss-signature",
            "OSSAccessKeyId",
            "x-oss-credential",
        ],
        signs_header: oss_signs_header,
        v1_scheme: "OSS",
        v1_access_key_param: "OSSAccessKeyId",
        v1_expires_param: "Expires",
        v1_signature_param: "Signature",
        v1_security_token_param: "security-token",
        v1_subresource: is_oss_v1_subresource,
        v1_encodes_key: false,
        v1_date_header: false,
        v4_algorithm: "OSS4-HMAC-SHA256",
        v4_key_prefix: "aliyun_v4",
        v4_terminator: "aliyun_v4_request",
        v4_product: "oss",
        v4_headers_field: "AdditionalHeaders",
        v4_query: V4QueryNames {
            signature_version: "x-oss-signature-version",
            credential: "x-oss-credential",
            date: "x-oss-date",
            expires: "x-oss-expires",
            additional_headers: "x-oss-additional-headers",
            security_token: "x-oss-security-token",
            signature: "x-oss-signature",
        },
        post_policy_field: "policy",
        post_signature_field: "Signature",
    };
}

/// The V1 sub-resources: the union of the names `oss2` signs and those `alibabacloud-oss-v2`
/// signs (built in or declared by any operation), which covers the REST reference's list; any
/// `x-oss-*` parameter is signed too, as the Go SDK does (see `is_v1_subresource`). A union is
/// right because each SDK only sends the sub-resources of the operation at hand, and those are
/// signed by both.
fn is_oss_v1_subresource(name: &str) -> bool {
    // A `match` compiles to a dispatch on length and then a few comparisons: this runs for
    // every query parameter of every V1 signature.
    matches!(
        name,
        "MetaQuery"
            | "accessPoint"
            | "accessPointPolicy"
            | "acl"
            | "action"
            | "append"
            | "asyncFetch"
            | "bucketArchiveDirectRead"
            | "bucketInfo"
            | "callback"
            | "callback-var"
            | "cleanRestoredObject"
            | "cloudboxes"
            | "cname"
            | "comp"
            | "continuation-token"
            | "cors"
            | "dataPipeline"
            | "delete"
            | "encryption"
            | "endTime"
            | "group"
            | "httpsConfig"
            | "img"
            | "inventory"
            | "inventoryId"
            | "legalHold"
            | "lifecycle"
            | "link"
            | "live"
            | "location"
            | "logging"
            | "metaQuery"
            | "metadataConfiguration"
            | "metadataInventoryTable"
            | "metadataJournalTable"
            | "objectInfo"
            | "objectMeta"
            | "objectWorm"
            | "overwriteConfig"
            | "partNumber"
            | "policy"
            | "policyStatus"
            | "position"
            | "publicAccessBlock"
            | "qos"
            | "qosInfo"
            | "qosRequester"
            | "quota"
            | "redundancyTransition"
            | "referer"
            | "regionList"
            | "replication"
            | "replicationLocation"
            | "replicationProgress"
            | "requestPayment"
            | "requesterQosInfo"
            | "resourceGroup"
            | "resourcePool"
            | "resourcePoolBuckets"
            | "resourcePoolInfo"
            | "response-cache-control"
            | "response-content-disposition"
            | "response-content-encoding"
            | "response-content-language"
            | "response-content-type"
            | "response-expires"
            | "restore"
            | "retention"
            | "rtc"
            | "seal"
            | "security-token"
            | "sequential"
            | "startTime"
            | "stat"
            | "status"
            | "style"
            | "styleName"
            | "symlink"
            | "tagging"
            | "transferAcceleration"
            | "uploadId"
            | "uploads"
            | "userDefinedLogFieldsConfig"
            | "versionId"
            | "versioning"
            | "versions"
            | "vod"
            | "website"
            | "worm"
            | "wormExtend"
            | "wormId"
    )
}

/// Content-Type, Content-MD5 and the vendor's own headers: what the V1 signature covers.
fn oss_signs_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("content-type")
        || name.eq_ignore_ascii_case("content-md5")
        || Dialect::OSS.is_own_header_name(name)
}
