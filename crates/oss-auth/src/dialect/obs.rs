//! Huawei Cloud OBS's signing vocabularies: the only place in this crate that spells an OBS
//! name.
//!
//! OBS speaks two wire dialects, as `esdk-obs-python` does after asking the bucket
//! (`x-obs-api` ≥ 3.0 means OBS-native):
//! - [`Dialect::OBS`]: `x-obs-` headers and the `OBS ak:signature` scheme (the V1 algorithm),
//!   in the `Authorization` header or as `AccessKeyId`/`Expires`/`Signature` URL parameters;
//! - [`Dialect::OBS_S3`]: the S3-compatible mode, `x-amz-` headers with AWS Signature Version
//!   2 (`AWS ak:signature`) or 4 (`AWS4-HMAC-SHA256`, service `s3`).
//!
//! Both sign the same sub-resources, matched without regard to case, and encode the key in
//! the V2-style canonical resource.

use super::{Dialect, V4QueryNames};
use crate::scheme::SchemeKind;

impl Dialect {
    /// Huawei Cloud OBS, native mode: `OBS ak:signature` with `x-obs-` headers.
    ///
    /// OBS has no V4 scheme of its own (its S3 mode, [`Dialect::OBS_S3`], has AWS's); the V4
    /// fields here are AWS's and no OBS scheme reads them.
    pub const OBS: Dialect = Dialect {
        name: "OBS",
        schemes: &[SchemeKind::OssV1],
        header_prefix: "x-obs-",
        security_token_header: "x-obs-security-token",
        date_header: "x-obs-date",
        sensitive_headers: &[
            "authorization",
            "x-obs-security-token",
            "x-obs-server-side-encryption-customer-key",
            "x-obs-copy-source-server-side-encryption-customer-key",
        ],
        sensitive_query: &["Signature", "AccessKeyId", "x-obs-security-token"],
        signs_header: obs_signs_header,
        v1_scheme: "OBS",
        v1_access_key_param: "AccessKeyId",
        v1_expires_param: "Expires",
        v1_signature_param: "Signature",
        v1_security_token_param: "x-obs-security-token",
        v1_subresource: is_obs_subresource,
        v1_encodes_key: true,
        v1_date_header: true,
        post_policy_field: "policy",
        ..Dialect::AWS
    };

    /// Huawei Cloud OBS, S3-compatible mode: AWS's names (`x-amz-`, `AWS ak:signature`,
    /// `AWS4-HMAC-SHA256`) with OBS's sub-resources; AWS Signature Version 4 preferred, 2
    /// accepted.
    ///
    /// It differs from [`Dialect::AWS`] where `esdk-obs-python` does: the V2 sub-resources are
    /// OBS's, and a presigned V4 URL carries the token as `x-amz-security-token` (lower case).
    pub const OBS_S3: Dialect = Dialect {
        name: "OBS",
        schemes: &[SchemeKind::AwsV4, SchemeKind::OssV1],
        v1_subresource: is_obs_subresource,
        v4_query: V4QueryNames {
            security_token: "x-amz-security-token",
            ..Dialect::AWS.v4_query
        },
        post_policy_field: "policy",
        ..Dialect::AWS
    };
}

/// Content-Type, Content-MD5 and `x-obs-` headers: what the OBS signature covers.
fn obs_signs_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("content-type")
        || name.eq_ignore_ascii_case("content-md5")
        || Dialect::OBS.is_own_header_name(name)
}

/// The sub-resources `esdk-obs-python` (3.26.6) signs in the canonical resource, in lower
/// case: a parameter is one whatever its case (besides those with the header prefix).
const OBS_SUBRESOURCES: [&str; 67] = [
    "acl",
    "append",
    "backtosource",
    "bucketstatus",
    "cors",
    "delete",
    "deletebucket",
    "directcoldaccess",
    "dispolicy",
    "encryption",
    "fileinterface",
    "inventory",
    "length",
    "lifecycle",
    "location",
    "logging",
    "metadata",
    "modify",
    "name",
    "notification",
    "object-lock",
    "obsalias",
    "obsbucketalias",
    "obscompresspolicy",
    "obsworkflowtriggerpolicy",
    "partnumber",
    "policy",
    "policystatus",
    "position",
    "publicaccessblock",
    "quota",
    "rename",
    "replication",
    "requestpayment",
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "response-content-language",
    "response-content-type",
    "response-expires",
    "restore",
    "retention",
    "storageclass",
    "storageinfo",
    "storagepolicy",
    "tagging",
    "torrent",
    "truncate",
    "uploadid",
    "uploads",
    "versionid",
    "versioning",
    "versions",
    "website",
    "x-image-process",
    "x-image-save-bucket",
    "x-image-save-object",
    "x-obs-accesslabel",
    "x-oss-process",
    "x-workflow-execution-state",
    "x-workflow-execution-type",
    "x-workflow-graph-name",
    "x-workflow-limit",
    "x-workflow-next-marker",
    "x-workflow-prefix",
    "x-workflow-start",
    "x-workflow-template-name",
];

fn is_obs_subresource(name: &str) -> bool {
    OBS_SUBRESOURCES
        .iter()
        .any(|s| s.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subresources_match_in_any_case_and_by_prefix() {
        for name in ["acl", "versionId", "uploadId", "partNumber", "storageClass"] {
            assert!(Dialect::OBS.is_v1_subresource(name), "{name}");
            assert!(Dialect::OBS_S3.is_v1_subresource(name), "{name}");
        }
        assert!(Dialect::OBS.is_v1_subresource("x-obs-security-token"));
        assert!(Dialect::OBS_S3.is_v1_subresource("X-Amz-Security-Token"));
        assert!(!Dialect::OBS.is_v1_subresource("max-keys"));
        assert!(!Dialect::OBS.is_v1_subresource("x-amz-security-token"));
    }

    #[test]
    fn the_list_is_sorted_and_lower_case() {
        assert!(OBS_SUBRESOURCES.windows(2).all(|w| w[0] < w[1]));
        assert!(OBS_SUBRESOURCES
            .iter()
            .all(|s| !s.bytes().any(|b| b.is_ascii_uppercase())));
    }
}
