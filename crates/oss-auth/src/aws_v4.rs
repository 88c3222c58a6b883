//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`) as Amazon S3 applies it: the Authorization
//! header and presigned URLs, signing and the parsing verification needs.
//!
//! ```text
//! CanonicalRequest = Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n
//!                    SignedHeaders \n HashedPayload
//! StringToSign     = AWS4-HMAC-SHA256 \n DateTime \n Scope \n hex(SHA256(CanonicalRequest))
//! Scope            = yyyymmdd/region/service/aws4_request
//! ```
//! What differs from OSS V4 ([`crate::v4`]), and why it needs the wire view:
//! - the canonical URI is the path as sent (percent-encoded once, **not** normalized: S3
//!   keys may contain `//` and `..`), not `/bucket/key`; so virtual-hosted and path-style
//!   requests sign different URIs;
//! - `host` is always signed, and so is every other header the request is given (but
//!   `Authorization`, `User-Agent`, `Expect` and `Transfer-Encoding`), all listed in
//!   `SignedHeaders`; header values have runs of spaces collapsed;
//! - a query parameter without a value is canonicalized as `name=`;
//! - S3 requires `x-amz-content-sha256`: its value (when the request carries one) is the
//!   payload hash, else `UNSIGNED-PAYLOAD` is sent and signed.
//!
//! Names come from the dialect ([`Dialect::AWS`]); the signing key derivation and its cache
//! are V4's.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::time::{Duration, SystemTime};

use crate::dialect::Dialect;
use crate::encoding::encode_component;
use crate::time::{format_http_date, format_iso8601_basic};
use crate::v4::{Scope, V4Signer, MAX_PRESIGN_EXPIRY, UNSIGNED_PAYLOAD};
use crate::verify::{parse_v4_credential, parse_v4_fields, MalformedSignature, ParsedSignature};
use crate::{Credentials, PresignedQuery, SignError, SignableRequest, SignedHeaders};

/// Headers never signed: set or changed on the way (by the client library, a proxy or the
/// HTTP layer) after signing, as the AWS SDKs leave them out.
const UNSIGNED_HEADERS: [&str; 4] = ["authorization", "user-agent", "expect", "transfer-encoding"];

/// Signs requests with AWS Signature Version 4.
///
/// Cheap to share: `&AwsV4Signer` is `Sync`, and one signer serves any credentials (derived
/// keys are cached as V4's are).
#[derive(Debug)]
pub struct AwsV4Signer {
    v4: V4Signer,
    payload_header: bool,
    http_date: bool,
}

impl Clone for AwsV4Signer {
    fn clone(&self) -> Self {
        AwsV4Signer {
            v4: V4Signer::with_dialect(self.v4.dialect()),
            payload_header: self.payload_header,
            http_date: self.http_date,
        }
    }
}

impl Default for AwsV4Signer {
    fn default() -> Self {
        Self::new()
    }
}

impl AwsV4Signer {
    /// A signer for Amazon S3 (and S3-compatible services).
    pub fn new() -> Self {
        Self::with_dialect(&Dialect::AWS)
    }

    /// A signer with another dialect's names.
    pub fn with_dialect(dialect: &'static Dialect) -> Self {
        AwsV4Signer {
            v4: V4Signer::with_dialect(dialect),
            payload_header: true,
            http_date: false,
        }
    }

    /// Whether header signing adds `x-amz-content-sha256` when the request has none (S3
    /// requires it; on by default). Services other than S3, such as those of AWS's generic
    /// SigV4 test suite, do without: the payload hash is then the request's
    /// `x-amz-content-sha256` if any, else `UNSIGNED-PAYLOAD`.
    pub fn payload_header(mut self, add: bool) -> Self {
        self.payload_header = add;
        self
    }

    /// Whether header signing dates the request with an HTTP `Date` header instead of the
    /// dialect's `x-amz-date` (off by default). SigV4 allows either, and `esdk-obs-python`
    /// sends `Date`; the string to sign has the same ISO 8601 time either way.
    pub fn http_date(mut self, on: bool) -> Self {
        self.http_date = on;
        self
    }

    /// The names it signs with.
    pub fn dialect(&self) -> &'static Dialect {
        self.v4.dialect()
    }

    /// Signs for the `Authorization` header at `time`. The result carries `x-amz-date`,
    /// `x-amz-content-sha256` (unless the request has one or the setting is off), the
    /// security token when the credentials have one, and `Authorization`.
    ///
    /// The request must carry its host (or a `Host` header) and path.
    pub fn sign_headers(
        &self,
        request: &SignableRequest<'_>,
        credentials: &Credentials,
        scope: &Scope<'_>,
        time: SystemTime,
    ) -> Result<SignedHeaders, SignError> {
        self.sign_headers_with_payload(request, credentials, scope, time, None)
    }

    /// [`sign_headers`](Self::sign_headers) with the hex SHA-256 of the body, when the caller
    /// has it: it is signed (and sent as `x-amz-content-sha256`) instead of the request's
    /// `x-amz-content-sha256` or `UNSIGNED-PAYLOAD`.
    pub fn sign_headers_with_payload(
        &self,
        request: &SignableRequest<'_>,
        credentials: &Credentials,
        scope: &Scope<'_>,
        time: SystemTime,
        payload_sha256: Option<&str>,
    ) -> Result<SignedHeaders, SignError> {
        check_scope(scope)?;
        let d = self.dialect();
        let host = request
            .effective_host()
            .ok_or(SignError::MissingWireView { part: "host" })?;
        let path = request
            .path
            .ok_or(SignError::MissingWireView { part: "path" })?;
        let datetime = format_iso8601_basic(time);
        let (date_header, date_value) = if self.http_date {
            ("Date", format_http_date(time))
        } else {
            (d.date_header, datetime.clone())
        };
        let token = credentials.security_token();
        let sent_payload = request.header(d.content_sha256_header);
        let replace_payload = payload_sha256.is_some() && sent_payload.is_some();
        let add_payload_header = self.payload_header && (sent_payload.is_none() || replace_payload);
        let payload = match payload_sha256 {
            Some(hash) => Cow::Borrowed(hash),
            None => sent_payload.unwrap_or(Cow::Borrowed(UNSIGNED_PAYLOAD)),
        };

        let mut headers: Vec<(&str, &str)> = Vec::with_capacity(request.headers.len() + 4);
        headers.extend(request.headers.iter().copied().filter(|(n, _)| {
            !(is_unsigned(n)
                || n.eq_ignore_ascii_case("host")
                || n.eq_ignore_ascii_case(d.date_header)
                || n.eq_ignore_ascii_case(date_header)
                || (replace_payload && n.eq_ignore_ascii_case(d.content_sha256_header))
                || (token.is_some() && n.eq_ignore_ascii_case(d.security_token_header)))
        }));
        headers.push(("host", &host));
        headers.push((date_header, &date_value));
        if add_payload_header {
            headers.push((d.content_sha256_header, &payload));
        }
        if let Some(token) = token {
            headers.push((d.security_token_header, token));
        }
        let (canonical_headers, signed_headers) = canonical_headers(headers);
        let canonical_request = canonical_request(
            request.method,
            path,
            request.query,
            &canonical_headers,
            &signed_headers,
            &payload,
        );
        let date = &datetime[..8];
        let scope_line = self.scope_line(date, scope);
        let string_to_sign = self
            .v4
            .string_to_sign(&datetime, &scope_line, &canonical_request);
        let signature = self.v4.signature(credentials, date, scope, &string_to_sign);

        let mut authorization = String::with_capacity(200);
        authorization.push_str(d.v4_algorithm);
        authorization.push_str(" Credential=");
        authorization.push_str(credentials.access_key_id());
        authorization.push('/');
        authorization.push_str(&scope_line);
        authorization.push_str(", ");
        authorization.push_str(d.v4_headers_field);
        authorization.push('=');
        authorization.push_str(&signed_headers);
        authorization.push_str(", Signature=");
        authorization.push_str(&signature);

        let mut out = Vec::with_capacity(4);
        if add_payload_header {
            out.push((d.content_sha256_header, payload.into_owned()));
        }
        out.push((date_header, date_value));
        if let Some(token) = token {
            out.push((d.security_token_header, token.to_owned()));
        }
        out.push(("Authorization", authorization));
        Ok(SignedHeaders {
            headers: out,
            string_to_sign,
            canonical_request: Some(canonical_request),
        })
    }

    /// Presigns a URL valid for `expires_in` (at most seven days) from `time`. `host` and the
    /// request's headers (those it is given; the `Host` header aside) are signed, so the
    /// holder of the URL must send them.
    pub fn presign(
        &self,
        request: &SignableRequest<'_>,
        credentials: &Credentials,
        scope: &Scope<'_>,
        time: SystemTime,
        expires_in: Duration,
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
        let d = self.dialect();
        let q = &d.v4_query;
        let host = request
            .effective_host()
            .ok_or(SignError::MissingWireView { part: "host" })?;
        let path = request
            .path
            .ok_or(SignError::MissingWireView { part: "path" })?;
        let mut headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .copied()
            .filter(|(n, _)| !(is_unsigned(n) || n.eq_ignore_ascii_case("host")))
            .collect();
        headers.push(("host", &host));
        let (canonical_headers, signed_headers) = canonical_headers(headers);

        let datetime = format_iso8601_basic(time);
        let date = &datetime[..8];
        let scope_line = self.scope_line(date, scope);
        let mut params: Vec<(&'static str, String)> = Vec::with_capacity(7);
        params.push((q.signature_version, d.v4_algorithm.to_owned()));
        params.push((
            q.credential,
            format!("{}/{}", credentials.access_key_id(), scope_line),
        ));
        params.push((q.date, datetime.clone()));
        params.push((q.expires, expires_secs.to_string()));
        params.push((q.additional_headers, signed_headers.clone()));
        if let Some(token) = credentials.security_token() {
            params.push((q.security_token, token.to_owned()));
        }
        let reserved = reserved_query_names(d);
        let mut query: Vec<(&str, &str)> = request
            .query
            .iter()
            .copied()
            .filter(|(n, _)| !reserved.contains(n))
            .collect();
        query.extend(params.iter().map(|(n, v)| (*n, v.as_str())));
        let payload = request
            .header(d.content_sha256_header)
            .unwrap_or(Cow::Borrowed(UNSIGNED_PAYLOAD));
        let canonical_request = canonical_request(
            request.method,
            path,
            &query,
            &canonical_headers,
            &signed_headers,
            &payload,
        );
        let string_to_sign = self
            .v4
            .string_to_sign(&datetime, &scope_line, &canonical_request);
        let signature = self.v4.signature(credentials, date, scope, &string_to_sign);
        params.push((q.signature, signature));
        Ok(PresignedQuery {
            params,
            expiration: time + Duration::from_secs(expires_secs),
            string_to_sign,
            canonical_request: Some(canonical_request),
        })
    }

    /// The canonical request of `request` as it stands, signing exactly the `;`-joined
    /// lower-case `signed_headers` (`host` is read from the request's host), for verification
    /// and diagnosis. `None` when the request has no path.
    pub fn canonical_request_for(
        &self,
        request: &SignableRequest<'_>,
        signed_headers: &str,
        payload_hash: &str,
    ) -> Option<String> {
        let path = request.path?;
        let host = request.effective_host();
        let mut headers: Vec<(&str, &str)> = Vec::new();
        let mut joined: Vec<(&str, Cow<'_, str>)> = Vec::new();
        for name in signed_headers.split(';').filter(|n| !n.is_empty()) {
            if name == "host" {
                if let Some(host) = &host {
                    joined.push((name, host.clone()));
                }
                continue;
            }
            headers.extend(
                request
                    .headers
                    .iter()
                    .copied()
                    .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| (name, v)),
            );
        }
        headers.extend(joined.iter().map(|(n, v)| (*n, v.as_ref())));
        let (canonical, _) = canonical_headers(headers);
        Some(canonical_request(
            request.method,
            path,
            request.query,
            &canonical,
            signed_headers,
            payload_hash,
        ))
    }

    /// The string to sign for a canonical request signed at `datetime` under `scope_line`.
    pub fn string_to_sign(
        &self,
        datetime: &str,
        scope_line: &str,
        canonical_request: &str,
    ) -> String {
        self.v4
            .string_to_sign(datetime, scope_line, canonical_request)
    }

    pub(crate) fn v4(&self) -> &V4Signer {
        &self.v4
    }

    fn scope_line(&self, date: &str, scope: &Scope<'_>) -> String {
        format!(
            "{date}/{}/{}/{}",
            scope.region,
            scope.product,
            self.dialect().v4_terminator
        )
    }

    /// Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
    pub(crate) fn parse_authorization(
        &self,
        value: &str,
    ) -> Result<ParsedSignature, MalformedSignature> {
        let d = self.dialect();
        let rest = value
            .trim()
            .strip_prefix(d.v4_algorithm)
            .ok_or(MalformedSignature::new("unknown signature scheme"))?;
        let (credential, signed_headers, signature) = parse_v4_fields(d, rest)?;
        let signed_headers = signed_headers.ok_or_else(|| {
            MalformedSignature::new(format!("V4 Authorization without {}", d.v4_headers_field))
        })?;
        check_signed_headers(signed_headers)?;
        Ok(ParsedSignature::AwsV4Header {
            credential,
            signed_headers: signed_headers.to_owned(),
            signature,
        })
    }

    /// Parses the `X-Amz-*` parameters of a presigned URL.
    pub(crate) fn parse_presigned_query(
        &self,
        query: &[(&str, &str)],
    ) -> Result<ParsedSignature, MalformedSignature> {
        let d = self.dialect();
        let q = &d.v4_query;
        let get = |name: &str| query.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        let field = |name: &'static str| get(name).ok_or_else(|| MalformedSignature::missing(name));
        if field(q.signature_version)? != d.v4_algorithm {
            return Err(MalformedSignature::unsupported(q.signature_version));
        }
        let credential = parse_v4_credential(d, field(q.credential)?)?;
        let signed_headers = field(q.additional_headers)?;
        check_signed_headers(signed_headers)?;
        let signature = field(q.signature)?;
        if signature.is_empty() {
            return Err(MalformedSignature::new("empty signature"));
        }
        Ok(ParsedSignature::AwsV4Query {
            credential,
            datetime: field(q.date)?.to_owned(),
            expires: field(q.expires)?.to_owned(),
            signed_headers: signed_headers.to_owned(),
            signature: signature.to_owned(),
        })
    }
}

/// The query parameters a presigned URL of `dialect` sets itself.
pub(crate) fn reserved_query_names(dialect: &Dialect) -> [&'static str; 7] {
    let q = &dialect.v4_query;
    [
        q.signature_version,
        q.credential,
        q.date,
        q.expires,
        q.additional_headers,
        q.security_token,
        q.signature,
    ]
}

fn check_signed_headers(signed_headers: &str) -> Result<(), MalformedSignature> {
    if signed_headers.split(';').any(|n| n == "host") {
        Ok(())
    } else {
        Err(MalformedSignature::new(
            "the signed headers must include host",
        ))
    }
}

fn check_scope(scope: &Scope<'_>) -> Result<(), SignError> {
    if scope.region.is_empty() || scope.product.is_empty() {
        return Err(SignError::MissingRegion);
    }
    Ok(())
}

fn is_unsigned(name: &str) -> bool {
    UNSIGNED_HEADERS
        .iter()
        .any(|u| u.eq_ignore_ascii_case(name))
}

/// `name:value\n` lines (lower-case names, sorted; values trimmed with runs of spaces
/// collapsed; a repeated header's values joined by `,` in order) and the `;`-joined names.
fn canonical_headers(mut headers: Vec<(&str, &str)>) -> (String, String) {
    // Stable, so a repeated header keeps the order of its values.
    headers.sort_by(|a, b| cmp_ignore_ascii_case(a.0.trim(), b.0.trim()));
    let mut lines = String::with_capacity(256);
    let mut names = String::with_capacity(64);
    let mut previous: Option<&str> = None;
    for (name, value) in headers {
        let name = name.trim();
        if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
            lines.pop();
            lines.push(',');
        } else {
            if !names.is_empty() {
                names.push(';');
            }
            for c in name.chars() {
                let c = c.to_ascii_lowercase();
                lines.push(c);
                names.push(c);
            }
            lines.push(':');
        }
        push_collapsed(&mut lines, value.trim());
        lines.push('\n');
        previous = Some(name);
    }
    (lines, names)
}

fn push_collapsed(out: &mut String, value: &str) {
    let mut last_space = false;
    for c in value.chars() {
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

fn cmp_ignore_ascii_case(a: &str, b: &str) -> Ordering {
    let lower = |b: u8| b.to_ascii_lowercase();
    a.bytes().map(lower).cmp(b.bytes().map(lower))
}

fn canonical_request(
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    canonical_headers: &str,
    signed_headers: &str,
    payload_hash: &str,
) -> String {
    let mut out = String::with_capacity(512);
    out.push_str(method);
    out.push('\n');
    out.push_str(if path.is_empty() { "/" } else { path });
    out.push('\n');
    let mut pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = query
        .iter()
        .map(|(n, v)| (encode_component(n), encode_component(v)))
        .collect();
    pairs.sort_unstable();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out.push('\n');
    out.push_str(canonical_headers);
    out.push('\n');
    out.push_str(signed_headers);
    out.push('\n');
    out.push_str(payload_hash);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_are_trimmed_collapsed_and_joined() {
        let (lines, names) = canonical_headers(vec![
            ("My-Header2", " \"a   b   c\" "),
            ("my-header1", "value2"),
            ("Host", "example.amazonaws.com"),
            ("My-Header1", "value1"),
        ]);
        assert_eq!(
            lines,
            "host:example.amazonaws.com\nmy-header1:value2,value1\nmy-header2:\"a b c\"\n"
        );
        assert_eq!(names, "host;my-header1;my-header2");
    }

    #[test]
    fn signing_needs_the_wire_view() {
        let creds = Credentials::new("ak", "sk");
        let scope = Scope {
            region: "us-east-1",
            product: "s3",
        };
        let time = crate::time::from_unix_seconds(1_369_353_600);
        let signer = AwsV4Signer::new();
        let no_host = SignableRequest::new("GET").path("/k");
        assert_eq!(
            signer.sign_headers(&no_host, &creds, &scope, time),
            Err(SignError::MissingWireView { part: "host" })
        );
        let no_path = SignableRequest::new("GET").host("h");
        assert_eq!(
            signer
                .presign(&no_path, &creds, &scope, time, Duration::from_secs(60))
                .unwrap_err(),
            SignError::MissingWireView { part: "path" }
        );
    }
}
