//! What signing produces: headers to add, or query parameters to append to a URL.

use std::time::SystemTime;

use crate::encoding::{encode_into, encode_path};
use crate::SignableRequest;

/// The result of header signing: add every header in [`headers`](Self::headers) to the
/// request, replacing any existing header of the same name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    /// Headers to set (`Authorization`, and `Date`, the vendor's date header, ... as the
    /// scheme needs).
    pub headers: Vec<(&'static str, String)>,
    /// The string that was signed, for diagnosing a `SignatureDoesNotMatch`.
    pub string_to_sign: String,
    /// The canonical request of V4-style schemes (absent for V1).
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

    /// The presigned URL: `base`, then the path, then the query.
    ///
    /// When the request carries its wire [`path`](SignableRequest::path) (as AWS SigV4
    /// requires), `base` is the scheme and host (`https://examplebucket.s3.amazonaws.com`)
    /// and the path follows as it is. Otherwise `base` is the scheme, host and, for path-style
    /// addressing, `/bucket`, followed by `/` and the encoded key: for virtual-hosted style
    /// pass `https://bucket.<endpoint host>`; for path style
    /// `http://127.0.0.1:9000/bucket`.
    pub fn url(&self, base: &str, request: &SignableRequest<'_>) -> String {
        let mut url = base.trim_end_matches('/').to_owned();
        match request.path {
            Some(path) => {
                if !path.starts_with('/') {
                    url.push('/');
                }
                url.push_str(path);
            }
            None => {
                url.push('/');
                if let Some(key) = request.key {
                    url.push_str(&encode_path(key));
                }
            }
        }
        url.push('?');
        url.push_str(&self.query_string(request));
        url
    }
}
