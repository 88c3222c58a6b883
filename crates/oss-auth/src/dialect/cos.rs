//! Tencent Cloud COS's signing vocabulary (`x-cos-`, the `q-sign-algorithm` signature): the
//! only place in this crate that spells a COS name.

use super::Dialect;
use crate::scheme::SchemeKind;

/// The names of COS's `q-sign-algorithm` signature: the `&`-joined fields of the
/// `Authorization` header, which are also the query parameters of a presigned URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QSignNames {
    /// Carries the algorithm (`sha1`).
    pub algorithm: &'static str,
    /// Carries the access key id (`SecretId`).
    pub access_key: &'static str,
    /// Carries the signature's validity window `start;end` (unix seconds).
    pub sign_time: &'static str,
    /// Carries the signing key's validity window `start;end`.
    pub key_time: &'static str,
    /// Carries the `;`-joined signed header names.
    pub header_list: &'static str,
    /// Carries the `;`-joined signed parameter names.
    pub url_param_list: &'static str,
    /// Carries the hex signature.
    pub signature: &'static str,
    /// The only algorithm value COS defines.
    pub sha1: &'static str,
}

/// COS's `q-` names.
pub const Q_SIGN: QSignNames = QSignNames {
    algorithm: "q-sign-algorithm",
    access_key: "q-ak",
    sign_time: "q-sign-time",
    key_time: "q-key-time",
    header_list: "q-header-list",
    url_param_list: "q-url-param-list",
    signature: "q-signature",
    sha1: "sha1",
};

/// The prefix of Tencent Cloud Infinite's (image processing) headers, which COS signs like its
/// own.
const CI_HEADER_PREFIX: &str = "x-ci-";

impl Dialect {
    /// Tencent Cloud COS (XML API): the `q-sign-algorithm=sha1` signature with `x-cos-`
    /// headers.
    ///
    /// COS also accepts S3 clients with AWS's names; those requests are [`Dialect::AWS`]'s.
    /// The V1 and V4 fields here are therefore AWS's, and no COS scheme reads them.
    pub const COS: Dialect = Dialect {
        name: "COS",
        schemes: &[SchemeKind::CosQSign],
        header_prefix: "x-cos-",
        security_token_header: "x-cos-security-token",
        sensitive_headers: &[
            "authorization",
            "x-cos-security-token",
            "x-cos-server-side-encryption-customer-key",
            "x-cos-copy-source-server-side-encryption-customer-key",
            "x-ci-security-token",
        ],
        sensitive_query: &["q-signature", "q-ak", "x-cos-security-token", "sign"],
        signs_header: cos_signs_header,
        ..Dialect::AWS
    };
}

/// The headers COS's signature covers when present (besides `host`, always signed): those
/// `cos-python-sdk-v5` signs (its `filter_headers`), which are the standard headers COS's
/// signature documentation recommends signing and every `x-cos-`/`x-ci-` header.
fn cos_signs_header(name: &str) -> bool {
    const STANDARD: [&str; 17] = [
        "cache-control",
        "content-disposition",
        "content-encoding",
        "content-type",
        "content-md5",
        "content-length",
        "expect",
        "expires",
        "host",
        "if-match",
        "if-modified-since",
        "if-none-match",
        "if-unmodified-since",
        "origin",
        "range",
        "transfer-encoding",
        "pic-operations",
    ];
    let has_prefix = |prefix: &str| {
        name.len() >= prefix.len()
            && name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    };
    has_prefix(Dialect::COS.header_prefix)
        || has_prefix(CI_HEADER_PREFIX)
        || STANDARD.iter().any(|s| s.eq_ignore_ascii_case(name))
}
