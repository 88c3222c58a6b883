//! The provider-specific names of a signing dialect, kept in one place.
//!
//! Every string that is particular to Alibaba Cloud OSS (header prefix, scheme names, query
//! parameter names, the V1 sub-resource list) lives in [`Dialect::OSS`], so that other
//! providers' dialects (Huawei OBS, Tencent COS) can be added as further constants.

/// The names one provider uses on the wire for signing.
#[derive(Debug, Clone, Copy)]
pub struct Dialect {
    /// Lower-case prefix of the provider's own headers, e.g. `x-oss-`.
    pub header_prefix: &'static str,
    /// Lower-case header that carries an STS security token.
    pub security_token_header: &'static str,
    /// Lower-case header that carries the V4 signing time.
    pub date_header: &'static str,
    /// Lower-case header that carries the payload hash in V4.
    pub content_sha256_header: &'static str,
    /// The V1 scheme word in the Authorization header (`OSS`).
    pub v1_scheme: &'static str,
    /// V1 presign: the access key id parameter.
    pub v1_access_key_param: &'static str,
    /// V1 presign: the expiry parameter.
    pub v1_expires_param: &'static str,
    /// V1 presign: the signature parameter.
    pub v1_signature_param: &'static str,
    /// V1 presign and RTMP: the STS token parameter (a signed sub-resource).
    pub v1_security_token_param: &'static str,
    /// Whether V1 signs a query parameter as a sub-resource (besides those carrying
    /// [`header_prefix`](Self::header_prefix)).
    pub v1_subresource: fn(&str) -> bool,
    /// The V4 algorithm name (`OSS4-HMAC-SHA256`).
    pub v4_algorithm: &'static str,
    /// Prefix of the secret when deriving the V4 signing key (`aliyun_v4`).
    pub v4_key_prefix: &'static str,
    /// Last element of the V4 scope (`aliyun_v4_request`).
    pub v4_terminator: &'static str,
    /// V4 presign parameter names.
    pub v4_query: V4QueryNames,
}

/// Query parameter names of a V4 presigned URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V4QueryNames {
    /// Carries the algorithm name.
    pub signature_version: &'static str,
    /// Carries `access-key-id/scope`.
    pub credential: &'static str,
    /// Carries the signing time.
    pub date: &'static str,
    /// Carries the validity in seconds.
    pub expires: &'static str,
    /// Carries the `;`-joined additional signed header names.
    pub additional_headers: &'static str,
    /// Carries the STS token.
    pub security_token: &'static str,
    /// Carries the signature.
    pub signature: &'static str,
}

impl Dialect {
    /// Alibaba Cloud OSS.
    pub const OSS: Dialect = Dialect {
        header_prefix: "x-oss-",
        security_token_header: "x-oss-security-token",
        date_header: "x-oss-date",
        content_sha256_header: "x-oss-content-sha256",
        v1_scheme: "OSS",
        v1_access_key_param: "OSSAccessKeyId",
        v1_expires_param: "Expires",
        v1_signature_param: "Signature",
        v1_security_token_param: "security-token",
        v1_subresource: is_oss_v1_subresource,
        v4_algorithm: "OSS4-HMAC-SHA256",
        v4_key_prefix: "aliyun_v4",
        v4_terminator: "aliyun_v4_request",
        v4_query: V4QueryNames {
            signature_version: "x-oss-signature-version",
            credential: "x-oss-credential",
            date: "x-oss-date",
            expires: "x-oss-expires",
            additional_headers: "x-oss-additional-headers",
            security_token: "x-oss-security-token",
            signature: "x-oss-signature",
        },
    };

    /// Whether V1 signs this query parameter as a sub-resource.
    pub fn is_v1_subresource(&self, name: &str) -> bool {
        (self.v1_subresource)(name) || self.is_own_header_name(name)
    }

    /// Whether `name` (any case) carries this provider's header prefix.
    pub fn is_own_header_name(&self, name: &str) -> bool {
        let prefix = self.header_prefix;
        name.len() >= prefix.len()
            && name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subresources_cover_the_reference_list() {
        // REST reference §4.2: the documented sub-resources.
        let documented = "acl, uploads, location, cors, logging, website, referer, lifecycle, \
            delete, append, tagging, objectMeta, uploadId, partNumber, security-token, position, \
            img, style, styleName, replication, replicationProgress, replicationLocation, cname, \
            bucketInfo, comp, qos, live, status, vod, startTime, endTime, symlink, x-oss-process, \
            response-content-type, response-content-language, response-expires, \
            response-cache-control, response-content-disposition, response-content-encoding";
        for name in documented.split(", ") {
            assert!(Dialect::OSS.is_v1_subresource(name.trim()), "{name}");
        }
    }

    #[test]
    fn own_headers_match_in_any_case() {
        assert!(Dialect::OSS.is_own_header_name("X-OSS-Meta-A"));
        assert!(!Dialect::OSS.is_own_header_name("x-os"));
        assert!(Dialect::OSS.is_v1_subresource("x-oss-process"));
        assert!(!Dialect::OSS.is_v1_subresource("max-keys"));
    }
}
