//! The vendor vocabularies of signing: every name a signature puts on the wire, per vendor.
//!
//! A [`Dialect`] is a value: the header and parameter names, scheme words, key-derivation
//! strings, the V1 sub-resource set, the names that carry secrets (for redaction) and the
//! signing schemes the vendor's requests use. The algorithms ([`crate::scheme`]) read names only
//! from here, so that a vendor whose algorithm matches one we have (Huawei OBS's `OBS ak:sig`
//! is the V1 algorithm, OBS's S3 mode is AWS SigV4) is one more constant, not more code.
//!
//! - [`Dialect::OSS`] (in `oss.rs`): Alibaba Cloud OSS. No other module of this crate spells an
//!   OSS name.
//! - [`Dialect::AWS`] (in `aws.rs`): Amazon S3's names (`x-amz-`, `AWS4-HMAC-SHA256`), which
//!   OBS's and many other vendors' S3-compatible modes use.
//! - [`Dialect::OBS`] and [`Dialect::OBS_S3`] (in `obs.rs`): Huawei Cloud OBS, native
//!   (`x-obs-`, `OBS ak:sig`) and S3-compatible (AWS's names with OBS's sub-resources).
//! - [`Dialect::COS`] (in `cos.rs`): Tencent Cloud COS's `x-cos-` names and the `q-` fields of
//!   its signature ([`Q_SIGN`]).
//!
//! - [`StsApi`] (in `sts.rs`): Alibaba Cloud STS's operations and parameters, whose requests
//!   [`crate::rpc`] signs.
//!
//! [`is_sensitive_header`] and [`is_sensitive_query`] answer for every known dialect at once,
//! so that logs and `Debug` output redact a token or signature of any vendor, whichever one a
//! client is configured for.

mod aws;
mod cos;
mod obs;
mod oss;
mod sts;

pub use cos::{QSignNames, Q_SIGN};
pub use oss::{CLOUDBOX_PRODUCT, RTMP_APP, RTMP_LEGACY_TOKEN_PARAM};
pub use sts::StsApi;

use crate::scheme::SchemeKind;

/// The names one vendor uses on the wire for signing.
#[derive(Debug, Clone, Copy)]
pub struct Dialect {
    /// The vendor's short name as its error messages spell it (`OSS`, `AWS`).
    pub name: &'static str,
    /// The signing schemes this vendor's requests use, the preferred (the one to sign with
    /// by default) first. A verifier for the dialect accepts each of them.
    pub schemes: &'static [SchemeKind],
    /// Lower-case prefix of the vendor's own headers, e.g. `x-oss-`.
    pub header_prefix: &'static str,
    /// Lower-case header that carries an STS security token.
    pub security_token_header: &'static str,
    /// Lower-case header that carries the V4 signing time.
    pub date_header: &'static str,
    /// Lower-case header that carries the payload hash in V4.
    pub content_sha256_header: &'static str,
    /// Lower-case names of the headers whose values are secret: the signature, the token and
    /// customer-provided encryption keys. Never logged or shown by `Debug`.
    pub sensitive_headers: &'static [&'static str],
    /// Names (any case) of the query parameters whose values are secret or identify the
    /// signer: signature, credential, access key id and token parameters.
    pub sensitive_query: &'static [&'static str],
    /// Whether a presigned request binds this header (any case) when given it: the headers
    /// the vendor's V1-style and COS signatures sign and a presigning caller should pass.
    pub signs_header: fn(&str) -> bool,
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
    /// Whether V1's canonical resource carries the key percent-encoded (`/` kept), as S3's
    /// Signature Version 2 and OBS sign the request URI; OSS signs it decoded.
    pub v1_encodes_key: bool,
    /// Whether V1 header signing takes the time from [`date_header`](Self::date_header)
    /// (`x-amz-date`, `x-obs-date`) when the request has it, leaving the `Date` line empty,
    /// as S3's Signature Version 2 and OBS do. OSS always signs `Date`.
    pub v1_date_header: bool,
    /// The V4 algorithm name (`OSS4-HMAC-SHA256`).
    pub v4_algorithm: &'static str,
    /// Prefix of the secret when deriving the V4 signing key (`aliyun_v4`).
    pub v4_key_prefix: &'static str,
    /// Last element of the V4 scope (`aliyun_v4_request`).
    pub v4_terminator: &'static str,
    /// The scope's product (service) when the caller names none (`oss`, `s3`).
    pub v4_product: &'static str,
    /// The Authorization field that lists signed header names (`AdditionalHeaders` for OSS,
    /// which lists only those signed beyond the default set; `SignedHeaders` for AWS, which
    /// lists all).
    pub v4_headers_field: &'static str,
    /// V4 presign parameter names.
    pub v4_query: V4QueryNames,
    /// The PostObject form field that carries the base64 policy.
    pub post_policy_field: &'static str,
    /// The PostObject form field that carries a V1-style signature (`Signature` for OSS,
    /// `signature` for S3's V2 and OBS); V4 forms use [`V4QueryNames::signature`].
    pub post_signature_field: &'static str,
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
    /// Carries the `;`-joined signed header names ([`Dialect::v4_headers_field`] in a URL).
    pub additional_headers: &'static str,
    /// Carries the STS token.
    pub security_token: &'static str,
    /// Carries the signature.
    pub signature: &'static str,
}

impl Dialect {
    /// Every dialect this crate knows, for checks that must hold whatever the vendor
    /// (redaction).
    pub const ALL: &'static [&'static Dialect] = &[
        &Dialect::OSS,
        &Dialect::AWS,
        &Dialect::COS,
        &Dialect::OBS,
        &Dialect::OBS_S3,
    ];

    /// Whether V1 signs this query parameter as a sub-resource.
    pub fn is_v1_subresource(&self, name: &str) -> bool {
        (self.v1_subresource)(name) || self.is_own_header_name(name)
    }

    /// Whether `name` (any case) carries this vendor's header prefix.
    pub fn is_own_header_name(&self, name: &str) -> bool {
        let prefix = self.header_prefix;
        name.len() >= prefix.len()
            && name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    }

    /// The names of the headers whose values are secret (lower case).
    pub fn sensitive_headers(&self) -> &'static [&'static str] {
        self.sensitive_headers
    }

    /// The names of the query parameters whose values are secret.
    pub fn sensitive_query(&self) -> &'static [&'static str] {
        self.sensitive_query
    }

    /// The names that carry an STS token: the header, and the query parameters of V1 and V4
    /// presigned URLs.
    pub fn security_token_names(&self) -> [&'static str; 3] {
        [
            self.security_token_header,
            self.v1_security_token_param,
            self.v4_query.security_token,
        ]
    }
}

/// Whether a header (any case) carries a secret in any known dialect.
pub fn is_sensitive_header(name: &str) -> bool {
    Dialect::ALL.iter().any(|d| {
        d.sensitive_headers
            .iter()
            .any(|s| s.eq_ignore_ascii_case(name))
    })
}

/// Whether a query parameter (any case) carries a secret in any known dialect.
pub fn is_sensitive_query(name: &str) -> bool {
    Dialect::ALL.iter().any(|d| {
        d.sensitive_query
            .iter()
            .any(|s| s.eq_ignore_ascii_case(name))
    })
}

/// The lower-case names, across every known dialect, that carry an STS token (headers and
/// query parameters), for redacting text such as a string to sign.
pub fn security_token_names() -> impl Iterator<Item = &'static str> {
    Dialect::ALL.iter().flat_map(|d| d.security_token_names())
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

    #[test]
    fn every_dialect_redacts_its_token_signature_and_authorization() {
        for d in Dialect::ALL {
            assert!(is_sensitive_header("Authorization"), "{}", d.name);
            assert!(is_sensitive_header(&d.security_token_header.to_uppercase()));
            for name in [
                d.v1_signature_param,
                d.v1_security_token_param,
                d.v4_query.signature,
                d.v4_query.security_token,
                d.v4_query.credential,
            ] {
                assert!(is_sensitive_query(name), "{}: {name}", d.name);
            }
        }
        assert!(!is_sensitive_header("content-type"));
        assert!(!is_sensitive_query("prefix"));
    }
}
