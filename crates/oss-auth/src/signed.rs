//! What signing produces: headers to add, or query parameters to append to a URL.

use std::time::SystemTime;

use crate::encoding::{encode_into, encode_path};
use crate::SignableRequest;

/// The result of header signing: add every header in [`headers`](Self::headers) to the
/// request, replacing any existing header of the same name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    /// Headers to set (`Authorization`, and `Date`, `x-oss-date`, ... as the scheme needs).
    pub headers: Vec<(&'static str, String)>,
    /// The string that was signed, for diagnosing a `SignatureDoesNotMatch`.
    pub string_to_sign: String,
    /// The V4 canonical request (absent for V1).
    pub canonical_request: Option<String>,
}

impl SignedHeaders {
    /// The value of one of the headers to set (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The result of presigning: query parameters to append to the request's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresignedQuery {
    /// Decoded parameters to append (signature, expiry, credential, token, ...).
    pub params: Vec<(&'static str, String)>,
    /// When the URL stops being valid.
    pub expiration: SystemTime,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The V4 canonical request (absent for V1).
    pub canonical_request: Option<String>,
}

impl PresignedQuery {
    /// The value of one of the parameters to append.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The full encoded query string: the request's own parameters, then the signing ones.
    pub fn query_string(&self, request: &SignableRequest<'_>) -> String {
        let mut out = String::with_capacity(256);
        let own = request.query.iter().map(|(n, v)| (*n, *v));
        let signing = self.params.iter().map(|(n, v)| (*n, v.as_str()));
        for (name, value) in own.chain(signing) {
            if !out.is_empty() {
                out.push('&');
            }
            encode_into(&mut out, name, false);
            if !value.is_empty() {
                out.push('=');
                encode_into(&mut out, value, false);
            }
        }
        out
    }

    /// The presigned URL: `base` (scheme, host and, for path-style addressing, `/bucket`),
    /// then `/` and the encoded key, then the query.
    ///
    /// For virtual-hosted style pass `https://bucket.oss-cn-hangzhou.aliyuncs.com`; for path
    /// style `http://127.0.0.1:9000/bucket`.
    pub fn url(&self, base: &str, request: &SignableRequest<'_>) -> String {
        let mut url = base.trim_end_matches('/').to_owned();
        url.push('/');
        if let Some(key) = request.key {
            url.push_str(&encode_path(key));
        }
        url.push('?');
        url.push_str(&self.query_string(request));
        url
    }
}
