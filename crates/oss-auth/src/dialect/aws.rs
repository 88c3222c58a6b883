//! Amazon S3's signing vocabulary (`x-amz-`, `AWS4-HMAC-SHA256`): what S3-compatible modes,
//! Huawei OBS's among them, put on the wire. The only place in this crate that spells an AWS
//! name.

use super::{Dialect, V4QueryNames};
use crate::scheme::SchemeKind;

impl Dialect {
    /// Amazon S3 and S3-compatible services: AWS Signature Version 4 (service `s3`).
    ///
    /// The V1 names are those of AWS Signature Version 2 (`AWS ak:sig`), which is the V1
    /// algorithm with these names and S3's rules (the encoded key, `x-amz-date`). It is
    /// offered through OBS's S3 mode ([`Dialect::OBS_S3`], tested against esdk-obs-python),
    /// not here, as long as it is not tested against S3's own vectors.
    pub const AWS: Dialect = Dialect {
        name: "AWS",
        schemes: &[SchemeKind::AwsV4],
        header_prefix: "x-amz-",
        security_token_header: "x-amz-security-token",
        date_header: "x-amz-date",
        content_sha256_header: "x-amz-content-sha256",
        sensitive_headers: &[
            "authorization",
            "x-amz-security-token",
            "x-amz-server-side-encryption-customer-key",
            "x-amz-copy-source-server-side-encryption-customer-key",
        ],
        sensitive_query: &[
            "X-Amz-Signature",
            "X-Amz-Credential",
            "X-Amz-Security-Token",
            "Signature",
            "AWSAccessKeyId",
        ],
        signs_header: aws_signs_header,
        v1_scheme: "AWS",
        v1_access_key_param: "AWSAccessKeyId",
        v1_expires_param: "Expires",
        v1_signature_param: "Signature",
        v1_security_token_param: "x-amz-security-token",
        v1_subresource: is_s3_v2_subresource,
        v1_encodes_key: true,
        v1_date_header: true,
        v4_algorithm: "AWS4-HMAC-SHA256",
        v4_key_prefix: "AWS4",
        v4_terminator: "aws4_request",
        v4_product: "s3",
        v4_headers_field: "SignedHeaders",
        v4_query: V4QueryNames {
            signature_version: "X-Amz-Algorithm",
            credential: "X-Amz-Credential",
            date: "X-Amz-Date",
            expires: "X-Amz-Expires",
            additional_headers: "X-Amz-SignedHeaders",
            security_token: "X-Amz-Security-Token",
            signature: "X-Amz-Signature",
        },
        post_policy_field: "Policy",
        post_signature_field: "signature",
    };
}

/// The sub-resources S3's Signature Version 2 signs (the S3 REST authentication guide's list,
/// the response-header overrides and `delete`).
fn is_s3_v2_subresource(name: &str) -> bool {
    matches!(
        name,
        "acl"
            | "cors"
            | "delete"
            | "lifecycle"
            | "location"
            | "logging"
            | "notification"
            | "partNumber"
            | "policy"
            | "requestPayment"
            | "response-cache-control"
            | "response-content-disposition"
            | "response-content-encoding"
            | "response-content-language"
            | "response-content-type"
            | "response-expires"
            | "restore"
            | "tagging"
            | "torrent"
            | "uploadId"
            | "uploads"
            | "versionId"
            | "versioning"
            | "versions"
            | "website"
    )
}

/// Content-Type, Content-MD5 and the vendor's own headers: what the V1 signature covers.
fn aws_signs_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("content-type")
        || name.eq_ignore_ascii_case("content-md5")
        || Dialect::AWS.is_own_header_name(name)
}
