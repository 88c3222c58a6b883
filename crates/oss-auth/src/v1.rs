//! V1 signatures (`OSS`, HMAC-SHA1): the Authorization header and presigned URLs.
//!
//! ```text
//! StringToSign = VERB \n Content-MD5 \n Content-Type \n Date-or-Expires \n
//!                CanonicalizedOSSHeaders CanonicalizedResource
//! ```
//! Alibaba Cloud retired V1 for new accounts; use [`crate::v4`] unless an endpoint needs V1.

use std::sync::Mutex;
use std::time::SystemTime;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ring::hmac;

use crate::canonical::push_headers;
use crate::dialect::Dialect;
use crate::encoding::encode_into;
use crate::time::{format_http_date, unix_seconds};
use crate::{Credentials, PresignedQuery, SignError, SignableRequest, SignedHeaders};

/// Signs requests with the V1 scheme.
///
/// It remembers the HMAC key of the last secret it signed with, which saves two of the six
/// SHA-1 blocks a typical signature costs.
pub struct V1Signer {
    dialect: &'static Dialect,
    last_key: Mutex<Option<(String, hmac::Key)>>,
}

impl std::fmt::Debug for V1Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The cached key belongs to a secret: show nothing of it.
        f.debug_struct("V1Signer")
            .field("scheme", &self.dialect.v1_scheme)
            .finish_non_exhaustive()
    }
}

impl Default for V1Signer {
    fn default() -> Self {
        Self::new()
    }
}

impl V1Signer {
    /// A signer for Alibaba Cloud OSS.
    pub fn new() -> Self {
        Self::with_dialect(&Dialect::OSS)
    }

    /// A signer for another provider's dialect.
    pub fn with_dialect(dialect: &'static Dialect) -> Self {
        V1Signer {
            dialect,
            last_key: Mutex::new(None),
        }
    }

    /// The names it signs with.
    pub fn dialect(&self) -> &'static Dialect {
        self.dialect
    }

    /// Signs for the `Authorization` header at `time`. The result carries `Date`, the
    /// security token header when the credentials have one, and `Authorization`.
    ///
    /// When the dialect dates V1 requests with its own header ([`Dialect::v1_date_header`])
    /// and the request has it (`x-obs-date`, `x-amz-date`), that header is signed instead and
    /// no `Date` is added.
    pub fn sign_headers(
        &self,
        request: &SignableRequest<'_>,
        credentials: &Credentials,
        time: SystemTime,
    ) -> SignedHeaders {
        let own_date = self.own_date(request);
        let date = if own_date {
            String::new()
        } else {
            format_http_date(time)
        };
        let token_header = self.dialect.security_token_header;
        let mut headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .copied()
            .filter(|(n, _)| {
                // The `Date` this signer sets replaces any given, unless the request is dated
                // by its own header.
                (own_date || !n.eq_ignore_ascii_case("date"))
                    && !n.eq_ignore_ascii_case(token_header)
            })
            .collect();
        if !own_date {
            headers.push(("Date", &date));
        }
        if let Some(token) = credentials.security_token() {
            headers.push((token_header, token));
        }
        let view = SignableRequest {
            headers: &headers,
            ..*request
        };
        let string_to_sign = self.string_to_sign(&view, &date);
        let signature = self.sign(credentials.access_key_secret(), &string_to_sign);
        let id = credentials.access_key_id();
        let scheme = self.dialect.v1_scheme;
        let mut authorization =
            String::with_capacity(scheme.len() + id.len() + signature.len() + 2);
        authorization.push_str(scheme);
        authorization.push(' ');
        authorization.push_str(id);
        authorization.push(':');
        authorization.push_str(&signature);
        let mut out = Vec::with_capacity(3);
        if !own_date {
            out.push(("Date", date));
        }
        if let Some(token) = credentials.security_token() {
            out.push((token_header, token.to_owned()));
        }
        out.push(("Authorization", authorization));
        SignedHeaders {
            headers: out,
            string_to_sign,
            canonical_request: None,
        }
    }

    /// Presigns: the returned parameters (`Expires`, `OSSAccessKeyId`, `Signature` and the
    /// token) go into the URL. Content-Type, Content-MD5 and `x-oss-*` headers in `request` are
    /// signed too, so the caller must send them.
    pub fn presign(
        &self,
        request: &SignableRequest<'_>,
        credentials: &Credentials,
        expiration: SystemTime,
    ) -> Result<PresignedQuery, SignError> {
        let expires = unix_seconds(expiration);
        if expires == 0 {
            return Err(SignError::ExpiryInPast);
        }
        let token_param = self.dialect.v1_security_token_param;
        let mut query: Vec<(&str, &str)> = request
            .query
            .iter()
            .copied()
            .filter(|(n, _)| *n != token_param)
            .collect();
        if let Some(token) = credentials.security_token() {
            query.push((token_param, token));
        }
        let view = SignableRequest {
            query: &query,
            ..*request
        };
        let expires_line = expires.to_string();
        let string_to_sign = self.string_to_sign(&view, &expires_line);
        let signature = self.sign(credentials.access_key_secret(), &string_to_sign);
        let mut params = vec![
            (self.dialect.v1_expires_param, expires_line),
            (
                self.dialect.v1_access_key_param,
                credentials.access_key_id().to_owned(),
            ),
            (self.dialect.v1_signature_param, signature),
        ];
        if let Some(token) = credentials.security_token() {
            params.push((token_param, token.to_owned()));
        }
        Ok(PresignedQuery {
            params,
            expiration,
            string_to_sign,
            canonical_request: None,
        })
    }

    /// Whether the request is dated by the dialect's own header, which V1 then signs in place
    /// of `Date` (whose line stays empty).
    pub(crate) fn own_date(&self, request: &SignableRequest<'_>) -> bool {
        self.dialect.v1_date_header && request.header(self.dialect.date_header).is_some()
    }

    fn sign(&self, secret: &str, string_to_sign: &str) -> String {
        let key = match self.last_key.lock() {
            Ok(mut last) => match last.as_ref() {
                Some((cached, key)) if cached == secret => key.clone(),
                _ => {
                    let key = hmac_key(secret);
                    *last = Some((secret.to_owned(), key.clone()));
                    key
                }
            },
            Err(_) => hmac_key(secret),
        };
        BASE64.encode(hmac::sign(&key, string_to_sign.as_bytes()).as_ref())
    }

    /// The V1 string to sign for `request` exactly as it stands, with `date_line` as its
    /// fourth line (the `Date` header for header signing, `Expires` for presigned URLs).
    pub fn string_to_sign(&self, request: &SignableRequest<'_>, date_line: &str) -> String {
        let mut out = String::with_capacity(256);
        out.push_str(request.method);
        out.push('\n');
        out.push_str(request.header("content-md5").as_deref().unwrap_or(""));
        out.push('\n');
        out.push_str(request.header("content-type").as_deref().unwrap_or(""));
        out.push('\n');
        out.push_str(date_line);
        out.push('\n');
        self.canonical_headers_into(&mut out, request);
        self.canonical_resource_into(&mut out, request);
        out
    }

    fn canonical_headers_into(&self, out: &mut String, request: &SignableRequest<'_>) {
        let headers = request
            .headers
            .iter()
            .map(|(n, v)| (n.trim(), *v))
            .filter(|(n, _)| self.dialect.is_own_header_name(n))
            .collect();
        push_headers(out, headers);
    }

    fn canonical_resource_into(&self, out: &mut String, request: &SignableRequest<'_>) {
        out.push('/');
        if let Some(bucket) = request.bucket {
            out.push_str(bucket);
            out.push('/');
        }
        if let Some(key) = request.key {
            if self.dialect.v1_encodes_key {
                encode_into(out, key, true);
            } else {
                out.push_str(key);
            }
        }
        let mut subresources: Vec<(&str, &str)> = request
            .query
            .iter()
            .copied()
            .filter(|(n, _)| self.dialect.is_v1_subresource(n))
            .collect();
        subresources.sort_unstable();
        for (i, (name, value)) in subresources.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(name);
            if !value.is_empty() {
                out.push('=');
                out.push_str(value);
            }
        }
    }
}

/// `base64(HMAC-SHA1(secret, string_to_sign))`.
pub fn sign(secret: &str, string_to_sign: &str) -> String {
    BASE64.encode(hmac::sign(&hmac_key(secret), string_to_sign.as_bytes()).as_ref())
}

fn hmac_key(secret: &str) -> hmac::Key {
    hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, secret.as_bytes())
}

/// Checks a base64 V1 signature in constant time.
pub(crate) fn verify(secret: &str, string_to_sign: &str, signature_b64: &str) -> bool {
    let Ok(signature) = BASE64.decode(signature_b64) else {
        return false;
    };
    let key = hmac_key(secret);
    hmac::verify(&key, string_to_sign.as_bytes(), &signature).is_ok()
}
