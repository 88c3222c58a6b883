//! V4 signatures (`OSS4-HMAC-SHA256`): the Authorization header and presigned URLs.
//!
//! ```text
//! CanonicalRequest = Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n
//!                    AdditionalHeaders \n HashedPayload
//! StringToSign     = OSS4-HMAC-SHA256 \n DateTime \n Scope \n hex(SHA256(CanonicalRequest))
//! Scope            = yyyymmdd/region/product/aliyun_v4_request
//! ```
//! The signing key derived for a (secret, date, region, product) is cached in the
//! [`V4Signer`], so signing again costs one SHA-256 and two HMACs of short strings.

use std::borrow::Cow;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use ring::{digest, hmac};

use crate::canonical::push_headers;
use crate::dialect::{Dialect, CLOUDBOX_PRODUCT};
use crate::encoding::{encode_component, encode_into};
use crate::time::{format_http_date, format_iso8601_basic};
use crate::{Credentials, PresignedQuery, SignError, SignableRequest, SignedHeaders};

/// The payload hash OSS uses: the body is not part of the signature.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The longest validity of a V4 presigned URL: seven days.
pub const MAX_PRESIGN_EXPIRY: Duration = Duration::from_secs(7 * 24 * 3600);

/// How many derived signing keys a signer remembers (one per credential and region per day).
const KEY_CACHE_CAPACITY: usize = 8;

/// The region and product a V4 signature is scoped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope<'a> {
    /// The region id, e.g. `cn-hangzhou`; for CloudBox the CloudBox id.
    pub region: &'a str,
    /// `oss`, or `oss-cloudbox`.
    pub product: &'a str,
}

impl<'a> Scope<'a> {
    /// Alibaba Cloud OSS in `region`.
    pub fn oss(region: &'a str) -> Self {
        Scope {
            region,
            product: Dialect::OSS.v4_product,
        }
    }

    /// An OSS on CloudBox instance: the CloudBox id takes the place of the region.
    pub fn cloudbox(cloudbox_id: &'a str) -> Self {
        Scope {
            region: cloudbox_id,
            product: CLOUDBOX_PRODUCT,
        }
    }
}

/// Options of one V4 signature beyond the scope.
#[derive(Debug, Clone, Copy, Default)]
pub struct V4Options<'a> {
    /// Further headers to sign besides `x-oss-*`, `Content-Type` and `Content-MD5` (any
    /// case). Names absent from the request, or signed anyway, are dropped.
    pub additional_headers: &'a [&'a str],
}

#[derive(Clone)]
struct CachedKey {
    secret: String,
    date: String,
    region: String,
    product: String,
    key: hmac::Key,
}

/// Signs requests with the V4 scheme and caches derived signing keys.
///
/// Cheap to share: `&V4Signer` is `Sync`, and one signer serves any credentials.
pub struct V4Signer {
    dialect: &'static Dialect,
    keys: Mutex<Vec<CachedKey>>,
}

impl std::fmt::Debug for V4Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The cache holds secrets: show only its size.
        let cached = self.keys.lock().map_or(0, |k| k.len());
        f.debug_struct("V4Signer")
            .field("dialect", &self.dialect.v4_algorithm)
            .field("cached_keys", &cached)
            .finish()
    }
}

impl Default for V4Signer {
    fn default() -> Self {
        Self::new()
    }
}

impl V4Signer {
    /// A signer for Alibaba Cloud OSS.
    pub fn new() -> Self {
        Self::with_dialect(&Dialect::OSS)
    }

    /// A signer for another provider's dialect.
    pub fn with_dialect(dialect: &'static Dialect) -> Self {
        V4Signer {
            dialect,
            keys: Mutex::new(Vec::with_capacity(KEY_CACHE_CAPACITY)),
        }
    }

    /// The names it signs with.
    pub fn dialect(&self) -> &'static Dialect {
        self.dialect
    }

    /// Signs for the `Authorization` header at `time`.
    ///
    /// The result carries `x-oss-date`, `x-oss-content-sha256: UNSIGNED-PAYLOAD`, the security
    /// token when the credentials have one, an unsigned `Date`, and `Authorization`.
    pub fn sign_headers(
        &self,
        request: &SignableRequest<'_>,
        credentials: &Credentials,
        scope: &Scope<'_>,
        time: SystemTime,
    ) -> Result<SignedHeaders, SignError> {
        self.sign_headers_with(request, credentials, scope, time, &V4Options::default())
    }

    /// [`sign_headers`](Self::sign_headers) with options (additional signed headers).
    pub fn sign_headers_with(
        &self,
        request: &SignableRequest<'_>,
        credentials: &Credentials,
        scope: &Scope<'_>,
        time: SystemTime,
        options: &V4Options<'_>,
    ) -> Result<SignedHeaders, SignError> {
        check_scope(scope)?;
        let d = self.dialect;
        let datetime = format_iso8601_basic(time);
        let token = credentials.security_token();
        let mut headers: Vec<(&str, &str)> = Vec::with_capacity(request.headers.len() + 3);
        headers.extend(request.headers.iter().copied().filter(|(n, _)| {
            !(n.eq_ignore_ascii_case(d.date_header)
                || n.eq_ignore_ascii_case(d.content_sha256_header)
                || (token.is_some() && n.eq_ignore_ascii_case(d.security_token_header)))
        }));
        headers.push((d.date_header, &datetime));
        headers.push((d.content_sha256_header, UNSIGNED_PAYLOAD));
        if let Some(token) = token {
            headers.push((d.security_token_header, token));
        }
        let view = SignableRequest {
            headers: &headers,
            ..*request
        };
        let additional = self.additional_header_names(&view, options.additional_headers);
        let canonical_request = self.canonical_request(&view, &additional, UNSIGNED_PAYLOAD);
        let scope_line = self.scope_line(&datetime[..8], scope);
        let string_to_sign = self.string_to_sign(&datetime, &scope_line, &canonical_request);
        let signature = self.signature(credentials, &datetime[..8], scope, &string_to_sign);

        let mut authorization = String::with_capacity(160);
        authorization.push_str(d.v4_algorithm);
        authorization.push_str(" Credential=");
        authorization.push_str(credentials.access_key_id());
        authorization.push('/');
        authorization.push_str(&scope_line);
        if !additional.is_empty() {
            authorization.push_str(",AdditionalHeaders=");
            authorization.push_str(&additional);
        }
        authorization.push_str(",Signature=");
        authorization.push_str(&signature);

        let mut out = Vec::with_capacity(5);
        out.push((d.date_header, datetime));
        out.push((d.content_sha256_header, UNSIGNED_PAYLOAD.to_owned()));
        if let Some(token) = token {
            out.push((d.security_token_header, token.to_owned()));
        }
        out.push(("Date", format_http_date(time)));
        out.push(("Authorization", authorization));
        Ok(SignedHeaders {
            headers: out,
            string_to_sign,
            canonical_request: Some(canonical_request),
        })
    }

    /// Presigns a URL valid for `expires_in` (at most seven days) from `time`.
    pub fn presign(
        &self,
        request: &SignableRequest<'_>,
        credentials: &Credentials,
        scope: &Scope<'_>,
        time: SystemTime,
        expires_in: Duration,
    ) -> Result<PresignedQuery, SignError> {
        self.presign_with(
            request,
            credentials,
            scope,
            time,
            expires_in,
            &V4Options::default(),
        )
    }

    /// [`presign`](Self::presign) with options (additional signed headers).
    pub fn presign_with(
        &self,
        request: &SignableRequest<'_>,
        credentials: &Credentials,
        scope: &Scope<'_>,
        time: SystemTime,
        expires_in: Duration,
        options: &V4Options<'_>,
    ) -> Result<PresignedQuery, SignError> {
        check_scope(scope)?;
        let expires_secs = expires_in.as_secs();
        if expires_secs == 0 {
            return Err(SignError::ExpiryInPast);
        }
        if expires_in > MAX_PRESIGN_EXPIRY {
            return Err(SignError::ExpiryTooLong {
                requested_secs: expires_secs,
                max_secs: MAX_PRESIGN_EXPIRY.as_secs(),
            });
        }
        let q = &self.dialect.v4_query;
        let datetime = format_iso8601_basic(time);
        let scope_line = self.scope_line(&datetime[..8], scope);
        let credential = format!("{}/{}", credentials.access_key_id(), scope_line);
        let additional = self.additional_header_names(request, options.additional_headers);

        let mut params: Vec<(&'static str, String)> = Vec::with_capacity(7);
        params.push((q.signature_version, self.dialect.v4_algorithm.to_owned()));
        params.push((q.date, datetime.clone()));
        params.push((q.expires, expires_secs.to_string()));
        params.push((q.credential, credential));
        if !additional.is_empty() {
            params.push((q.additional_headers, additional.clone()));
        }
        if let Some(token) = credentials.security_token() {
            params.push((q.security_token, token.to_owned()));
        }

        let reserved = [
            q.signature_version,
            q.date,
            q.expires,
            q.credential,
            q.additional_headers,
            q.security_token,
            q.signature,
        ];
        let mut query: Vec<(&str, &str)> = request
            .query
            .iter()
            .copied()
            .filter(|(n, _)| !reserved.contains(n))
            .collect();
        query.extend(params.iter().map(|(n, v)| (*n, v.as_str())));
        let view = SignableRequest {
            query: &query,
            ..*request
        };
        let payload = request
            .header(self.dialect.content_sha256_header)
            .unwrap_or(Cow::Borrowed(UNSIGNED_PAYLOAD));
        let canonical_request = self.canonical_request(&view, &additional, &payload);
        let string_to_sign = self.string_to_sign(&datetime, &scope_line, &canonical_request);
        let signature = self.signature(credentials, &datetime[..8], scope, &string_to_sign);
        params.push((q.signature, signature));
        Ok(PresignedQuery {
            params,
            expiration: time + Duration::from_secs(expires_secs),
            string_to_sign,
            canonical_request: Some(canonical_request),
        })
    }

    /// The `;`-joined, sorted, lower-case names of the `wanted` additional headers that the
    /// request carries and that are not signed anyway.
    pub fn additional_header_names(
        &self,
        request: &SignableRequest<'_>,
        wanted: &[&str],
    ) -> String {
        if wanted.is_empty() {
            return String::new();
        }
        let mut names: Vec<String> = wanted
            .iter()
            .map(|n| n.trim().to_ascii_lowercase())
            .filter(|n| !self.is_default_signed(n))
            .filter(|n| {
                request
                    .headers
                    .iter()
                    .any(|(h, _)| h.eq_ignore_ascii_case(n))
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        names.join(";")
    }

    fn is_default_signed(&self, name: &str) -> bool {
        name.eq_ignore_ascii_case("content-type")
            || name.eq_ignore_ascii_case("content-md5")
            || self.dialect.is_own_header_name(name)
    }

    /// The canonical request of `request` as it stands, signing the default headers plus
    /// `additional` (as [`additional_header_names`](Self::additional_header_names) returns).
    pub fn canonical_request(
        &self,
        request: &SignableRequest<'_>,
        additional: &str,
        payload_hash: &str,
    ) -> String {
        let mut out = String::with_capacity(512);
        out.push_str(request.method);
        out.push('\n');

        out.push('/');
        if let Some(bucket) = request.bucket {
            encode_into(&mut out, bucket, true);
            out.push('/');
        }
        if let Some(key) = request.key {
            encode_into(&mut out, key, true);
        }
        out.push('\n');

        let mut query: Vec<(Cow<'_, str>, Cow<'_, str>)> = request
            .query
            .iter()
            .map(|(n, v)| (encode_component(n), encode_component(v)))
            .collect();
        query.sort_unstable();
        for (i, (name, value)) in query.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(name);
            if !value.is_empty() {
                out.push('=');
                out.push_str(value);
            }
        }
        out.push('\n');

        let is_additional = |name: &str| {
            !additional.is_empty() && additional.split(';').any(|a| a.eq_ignore_ascii_case(name))
        };
        let headers = request
            .headers
            .iter()
            .map(|(n, v)| (n.trim(), *v))
            .filter(|(n, _)| self.is_default_signed(n) || is_additional(n))
            .collect();
        push_headers(&mut out, headers);
        out.push('\n');
        out.push_str(additional);
        out.push('\n');
        out.push_str(payload_hash);
        out
    }

    fn scope_line(&self, date: &str, scope: &Scope<'_>) -> String {
        let mut s = String::with_capacity(64);
        s.push_str(date);
        s.push('/');
        s.push_str(scope.region);
        s.push('/');
        s.push_str(scope.product);
        s.push('/');
        s.push_str(self.dialect.v4_terminator);
        s
    }

    /// The string to sign for a canonical request signed at `datetime` (`yyyymmddTHHMMSSZ`)
    /// under `scope_line` (`yyyymmdd/region/product/aliyun_v4_request`).
    pub fn string_to_sign(
        &self,
        datetime: &str,
        scope_line: &str,
        canonical_request: &str,
    ) -> String {
        let hash = digest::digest(&digest::SHA256, canonical_request.as_bytes());
        let mut s = String::with_capacity(64 + datetime.len() + scope_line.len() + 24);
        s.push_str(self.dialect.v4_algorithm);
        s.push('\n');
        s.push_str(datetime);
        s.push('\n');
        s.push_str(scope_line);
        s.push('\n');
        push_hex(&mut s, hash.as_ref());
        s
    }

    pub(crate) fn signature(
        &self,
        credentials: &Credentials,
        date: &str,
        scope: &Scope<'_>,
        string_to_sign: &str,
    ) -> String {
        let key = self.signing_key(credentials.access_key_secret(), date, scope);
        let tag = hmac::sign(&key, string_to_sign.as_bytes());
        let mut out = String::with_capacity(64);
        push_hex(&mut out, tag.as_ref());
        out
    }

    /// Checks a hex signature in constant time.
    pub(crate) fn verify(
        &self,
        secret: &str,
        date: &str,
        scope: &Scope<'_>,
        string_to_sign: &str,
        signature_hex: &str,
    ) -> bool {
        let Some(signature) = decode_hex(signature_hex) else {
            return false;
        };
        let key = self.signing_key(secret, date, scope);
        hmac::verify(&key, string_to_sign.as_bytes(), &signature).is_ok()
    }

    /// The derived key `HMAC(HMAC(HMAC(HMAC("aliyun_v4" + secret, date), region), product),
    /// "aliyun_v4_request")`, from the cache when possible.
    pub fn signing_key(&self, secret: &str, date: &str, scope: &Scope<'_>) -> hmac::Key {
        let matches = |c: &CachedKey| {
            c.date == date
                && c.region == scope.region
                && c.product == scope.product
                && c.secret == secret
        };
        if let Ok(keys) = self.keys.lock() {
            if let Some(hit) = keys.iter().find(|c| matches(c)) {
                return hit.key.clone();
            }
        }
        let key = derive_signing_key(self.dialect, secret, date, scope);
        if let Ok(mut keys) = self.keys.lock() {
            if keys.len() >= KEY_CACHE_CAPACITY {
                // Evict the oldest: keys of a new day replace yesterday's.
                keys.remove(0);
            }
            keys.push(CachedKey {
                secret: secret.to_owned(),
                date: date.to_owned(),
                region: scope.region.to_owned(),
                product: scope.product.to_owned(),
                key: key.clone(),
            });
        }
        key
    }
}

fn check_scope(scope: &Scope<'_>) -> Result<(), SignError> {
    if scope.region.is_empty() || scope.product.is_empty() {
        return Err(SignError::MissingRegion);
    }
    Ok(())
}

fn derive_signing_key(dialect: &Dialect, secret: &str, date: &str, scope: &Scope<'_>) -> hmac::Key {
    let mut seed = String::with_capacity(dialect.v4_key_prefix.len() + secret.len());
    seed.push_str(dialect.v4_key_prefix);
    seed.push_str(secret);
    let step = |key: &[u8], data: &str| {
        hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), data.as_bytes())
    };
    let k_date = step(seed.as_bytes(), date);
    let k_region = step(k_date.as_ref(), scope.region);
    let k_product = step(k_region.as_ref(), scope.product);
    let k_signing = step(k_product.as_ref(), dialect.v4_terminator);
    hmac::Key::new(hmac::HMAC_SHA256, k_signing.as_ref())
}

fn push_hex(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 0xf) as usize] as char);
    }
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    let nibble = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    s.as_bytes()
        .chunks_exact(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}
