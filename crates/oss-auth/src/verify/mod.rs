//! Verification of signed requests, as an OSS-compatible (or S3-compatible) server or gateway
//! does it.
//!
//! A [`Verifier`] holds the [`Scheme`]s it accepts (a vendor's, by default OSS V4 and V1).
//! Each scheme recognises its own signature in the `Authorization` header or the URL
//! ([`Scheme::parse_authorization`], [`Scheme::parse_presigned_query`]); the verifier then
//! looks the secret up through a caller-supplied function, checks dates, expiry and clock
//! skew, the security token, and finally recomputes the signature and compares it in constant
//! time, answering with the documented errors ([`VerifyError`]) in the order the service
//! checks them. Messages name the dialect's own headers and parameters.

mod error;
mod parse;

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

pub use error::VerifyError;
pub use parse::{
    parse_authorization, parse_authorization_in, parse_presigned_query, parse_presigned_query_in,
    MalformedSignature, ParsedSignature, V4Credential,
};

pub(crate) use parse::{parse_v1_query, parse_v4_credential, parse_v4_fields, parse_v4_query};

use error::{access_denied, invalid_argument};

use crate::dialect::Dialect;
use crate::scheme::{Scheme, SchemeKind};
use crate::time::{
    format_http_date, format_iso8601_basic, parse_http_date, parse_iso8601_basic, unix_seconds,
};
use crate::v1;
use crate::v4::{Scope, MAX_PRESIGN_EXPIRY, UNSIGNED_PAYLOAD};
use crate::{Credentials, SignableRequest};

/// How far a request's time may be from the server's: 15 minutes.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// A request that passed verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    /// The request carries no signature; the caller decides by ACL.
    Anonymous,
    /// The request was signed with these credentials.
    Signed {
        /// The credentials the signature was checked against.
        credentials: Credentials,
        /// Which scheme and placement was used.
        kind: SignatureKind,
    },
}

/// The scheme and placement of a verified signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureKind {
    /// V1 in the Authorization header.
    V1Header,
    /// V1 presigned URL.
    V1Query,
    /// V4 in the Authorization header.
    V4Header,
    /// V4 presigned URL.
    V4Query,
    /// AWS SigV4 in the Authorization header.
    AwsV4Header,
    /// AWS SigV4 presigned URL.
    AwsV4Query,
    /// COS `q-sign-algorithm` in the Authorization header.
    CosHeader,
    /// COS `q-sign-algorithm` presigned URL.
    CosQuery,
}

impl SignatureKind {
    /// The scheme.
    pub fn scheme(self) -> SchemeKind {
        match self {
            SignatureKind::V1Header | SignatureKind::V1Query => SchemeKind::OssV1,
            SignatureKind::V4Header | SignatureKind::V4Query => SchemeKind::OssV4,
            SignatureKind::AwsV4Header | SignatureKind::AwsV4Query => SchemeKind::AwsV4,
            SignatureKind::CosHeader | SignatureKind::CosQuery => SchemeKind::CosQSign,
        }
    }

    /// Whether the signature was in the URL (a presigned request).
    pub fn is_query(self) -> bool {
        matches!(
            self,
            SignatureKind::V1Query
                | SignatureKind::V4Query
                | SignatureKind::AwsV4Query
                | SignatureKind::CosQuery
        )
    }
}

/// Checks signatures of incoming requests.
#[derive(Debug, Clone)]
pub struct Verifier {
    schemes: Vec<Scheme>,
    region: Option<String>,
    max_skew: Duration,
}

impl Default for Verifier {
    fn default() -> Self {
        Self::new()
    }
}

/// What a signature's checks compare.
struct Check<'s> {
    ok: bool,
    string_to_sign: String,
    canonical_request: Option<String>,
    signature: &'s str,
}

impl Verifier {
    /// A verifier for Alibaba Cloud OSS (V4 and V1) that accepts V4 signatures of any
    /// region.
    pub fn new() -> Self {
        Self::with_dialect(&Dialect::OSS)
    }

    /// A verifier for every scheme of `dialect` ([`Dialect::schemes`]).
    pub fn with_dialect(dialect: &'static Dialect) -> Self {
        Self::with_schemes(dialect.schemes.iter().map(|k| Scheme::new(*k, dialect)))
    }

    /// A verifier for these schemes; a request signed with any other is refused as
    /// malformed.
    pub fn with_schemes(schemes: impl IntoIterator<Item = Scheme>) -> Self {
        Verifier {
            schemes: schemes.into_iter().collect(),
            region: None,
            max_skew: MAX_CLOCK_SKEW,
        }
    }

    /// The schemes it accepts.
    pub fn schemes(&self) -> &[Scheme] {
        &self.schemes
    }

    /// Accepts V4 signatures only when scoped to `region`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Changes the allowed clock skew (15 minutes by default).
    pub fn max_skew(mut self, max_skew: Duration) -> Self {
        self.max_skew = max_skew;
        self
    }

    /// Verifies `request` at server time `now`. `lookup` returns the credentials of an access
    /// key id (with the security token they require, for STS credentials).
    ///
    /// OSS schemes read the request's bucket and key; AWS SigV4 reads its host and path.
    pub fn verify<F>(
        &self,
        request: &SignableRequest<'_>,
        now: SystemTime,
        lookup: F,
    ) -> Result<Verified, VerifyError>
    where
        F: FnOnce(&str) -> Option<Credentials>,
    {
        let header = request.header("authorization");
        let in_query = self
            .schemes
            .iter()
            .any(|s| s.has_query_signature(request.query));
        if header.is_some() && in_query {
            return Err(invalid_argument(
                "Authorization header and URL signature cannot be used at the same time.",
            ));
        }
        let (scheme, parsed) = match header {
            Some(value) => {
                let found = self
                    .schemes
                    .iter()
                    .find_map(|s| s.parse_authorization(&value).map(|p| (s, p)));
                let invalid = |reason: &str| {
                    invalid_argument(format!("Authorization header is invalid: {reason}."))
                };
                match found {
                    Some((scheme, Ok(parsed))) => (scheme, parsed),
                    Some((_, Err(e))) => return Err(invalid(&e.reason)),
                    None if value.trim().contains(' ') => {
                        return Err(invalid("unknown signature scheme"))
                    }
                    None => return Err(invalid("no scheme in the Authorization header")),
                }
            }
            None => {
                let found = self
                    .schemes
                    .iter()
                    .find_map(|s| s.parse_presigned_query(request.query).map(|p| (s, p)));
                match found {
                    Some((scheme, Ok(parsed))) => (scheme, parsed),
                    Some((_, Err(e))) => return Err(access_denied(e.reason)),
                    None => return Ok(Verified::Anonymous),
                }
            }
        };
        let d = scheme.dialect();
        let access_key_id = parsed.access_key_id().to_owned();
        let credentials =
            lookup(&access_key_id).ok_or_else(|| VerifyError::InvalidAccessKeyId {
                access_key_id: access_key_id.clone(),
                message: format!(
                    "The {} Access Key Id you provided does not exist in our records.",
                    d.name
                ),
            })?;
        // Time checks come before the signature check, as the service does them.
        let kind = self.check_time(d, request, &parsed, now)?;
        check_token(d, request, &parsed, &credentials, now)?;
        self.check_signature(scheme, request, &parsed, &credentials)?;
        Ok(Verified::Signed { credentials, kind })
    }

    fn check_time(
        &self,
        d: &Dialect,
        request: &SignableRequest<'_>,
        parsed: &ParsedSignature,
        now: SystemTime,
    ) -> Result<SignatureKind, VerifyError> {
        Ok(match parsed {
            ParsedSignature::V1Header { .. } => {
                // S3's V2 and OBS date a request by their own header when it is present.
                let own = d
                    .v1_date_header
                    .then(|| request.header(d.date_header))
                    .flatten();
                let date = own.or_else(|| v1_date(d, request)).ok_or_else(|| {
                    access_denied(format!(
                        "Request must contain a Date or {} header.",
                        d.date_header
                    ))
                })?;
                let time =
                    parse_http_date(&date).ok_or_else(|| access_denied("Invalid Date header."))?;
                self.check_skew(&date, time, now)?;
                SignatureKind::V1Header
            }
            ParsedSignature::V1Query { expires, .. } => {
                let expires_at = expires.parse::<u64>().map_err(|_| {
                    access_denied(format!("Invalid {} parameter.", d.v1_expires_param))
                })?;
                if unix_seconds(now) > expires_at {
                    return Err(access_denied("Request has expired."));
                }
                SignatureKind::V1Query
            }
            ParsedSignature::V4Header { credential, .. }
            | ParsedSignature::AwsV4Header { credential, .. } => {
                let aws = matches!(parsed, ParsedSignature::AwsV4Header { .. });
                let datetime = v4_datetime(d, request, aws).ok_or_else(|| {
                    access_denied(format!("Request must contain an {} header.", d.date_header))
                })?;
                let time = parse_iso8601_basic(&datetime)
                    .ok_or_else(|| access_denied(format!("Invalid {} header.", d.date_header)))?;
                self.check_scope(credential, &datetime)?;
                self.check_skew(&datetime, time, now)?;
                if let ParsedSignature::AwsV4Header { .. } = parsed {
                    SignatureKind::AwsV4Header
                } else {
                    SignatureKind::V4Header
                }
            }
            ParsedSignature::V4Query {
                credential,
                datetime,
                expires,
                ..
            }
            | ParsedSignature::AwsV4Query {
                credential,
                datetime,
                expires,
                ..
            } => {
                let q = &d.v4_query;
                let time = parse_iso8601_basic(datetime)
                    .ok_or_else(|| access_denied(format!("Invalid {} parameter.", q.date)))?;
                self.check_scope(credential, datetime)?;
                let valid_for = expires
                    .parse::<u64>()
                    .map_err(|_| access_denied(format!("Invalid {} parameter.", q.expires)))?;
                if valid_for > MAX_PRESIGN_EXPIRY.as_secs() {
                    return Err(invalid_argument(format!(
                        "{} must not be more than {} seconds.",
                        q.expires,
                        MAX_PRESIGN_EXPIRY.as_secs()
                    )));
                }
                if unix_seconds(time) + valid_for < unix_seconds(now) {
                    return Err(access_denied("Request has expired."));
                }
                if time > now + self.max_skew {
                    return Err(VerifyError::RequestTimeTooSkewed {
                        request_time: datetime.clone(),
                        server_time: format_http_date(now),
                    });
                }
                if let ParsedSignature::AwsV4Query { .. } = parsed {
                    SignatureKind::AwsV4Query
                } else {
                    SignatureKind::V4Query
                }
            }
            ParsedSignature::CosHeader(q) | ParsedSignature::CosQuery(q) => {
                let now_secs = unix_seconds(now);
                if now_secs > q.sign_time.end {
                    return Err(access_denied("Request has expired."));
                }
                if q.sign_time.start > now_secs.saturating_add(self.max_skew.as_secs()) {
                    return Err(VerifyError::RequestTimeTooSkewed {
                        request_time: q.sign_time.to_string(),
                        server_time: format_http_date(now),
                    });
                }
                if let ParsedSignature::CosQuery(_) = parsed {
                    SignatureKind::CosQuery
                } else {
                    SignatureKind::CosHeader
                }
            }
        })
    }

    fn check_skew(&self, sent: &str, time: SystemTime, now: SystemTime) -> Result<(), VerifyError> {
        let skew = match now.duration_since(time) {
            Ok(behind) => behind,
            Err(ahead) => ahead.duration(),
        };
        if skew > self.max_skew {
            return Err(VerifyError::RequestTimeTooSkewed {
                request_time: sent.to_owned(),
                server_time: format_http_date(now),
            });
        }
        Ok(())
    }

    fn check_scope(&self, credential: &V4Credential, datetime: &str) -> Result<(), VerifyError> {
        if !datetime.starts_with(&credential.date) {
            return Err(invalid_argument(
                "The date in the credential does not match the signing date.",
            ));
        }
        if let Some(region) = &self.region {
            if credential.region != *region {
                return Err(invalid_argument(format!(
                    "Invalid signing region in the credential: expected {region}, got {}.",
                    credential.region
                )));
            }
        }
        Ok(())
    }

    fn check_signature(
        &self,
        scheme: &Scheme,
        request: &SignableRequest<'_>,
        parsed: &ParsedSignature,
        credentials: &Credentials,
    ) -> Result<(), VerifyError> {
        let d = scheme.dialect();
        let secret = credentials.access_key_secret();
        let payload = || {
            request
                .header(d.content_sha256_header)
                .unwrap_or(Cow::Borrowed(UNSIGNED_PAYLOAD))
        };
        let unexpected = || invalid_argument("The signature does not belong to its scheme.");
        let check = match parsed {
            ParsedSignature::V1Header { signature, .. } => {
                let own_date = scheme.v1_signer().is_some_and(|s| s.own_date(request));
                let date = if own_date {
                    Cow::Borrowed("")
                } else {
                    v1_date(d, request).unwrap_or_default()
                };
                v1_check(scheme, request, &date, secret, signature).ok_or_else(unexpected)?
            }
            ParsedSignature::V1Query {
                expires, signature, ..
            } => v1_check(scheme, request, expires, secret, signature).ok_or_else(unexpected)?,
            ParsedSignature::V4Header {
                credential,
                additional_headers,
                signature,
            } => {
                let datetime = request.header(d.date_header).unwrap_or_default();
                v4_check(
                    scheme,
                    request,
                    credential,
                    &datetime,
                    additional_headers,
                    &payload(),
                    secret,
                    signature,
                )
                .ok_or_else(unexpected)?
            }
            ParsedSignature::V4Query {
                credential,
                datetime,
                additional_headers,
                signature,
                ..
            } => {
                let query = without_param(request.query, d.v4_query.signature);
                let view = SignableRequest {
                    query: &query,
                    ..*request
                };
                v4_check(
                    scheme,
                    &view,
                    credential,
                    datetime,
                    additional_headers,
                    &payload(),
                    secret,
                    signature,
                )
                .ok_or_else(unexpected)?
            }
            ParsedSignature::AwsV4Header {
                credential,
                signed_headers,
                signature,
            } => {
                let Some(payload) = request.header(d.content_sha256_header) else {
                    return Err(invalid_argument(format!(
                        "Missing required header for this request: {}.",
                        d.content_sha256_header
                    )));
                };
                let datetime = v4_datetime(d, request, true).unwrap_or_default();
                aws_v4_check(
                    scheme,
                    request,
                    credential,
                    &datetime,
                    signed_headers,
                    &payload,
                    secret,
                    signature,
                )?
            }
            ParsedSignature::AwsV4Query {
                credential,
                datetime,
                signed_headers,
                signature,
                ..
            } => {
                let query = without_param(request.query, d.v4_query.signature);
                let view = SignableRequest {
                    query: &query,
                    ..*request
                };
                aws_v4_check(
                    scheme,
                    &view,
                    credential,
                    datetime,
                    signed_headers,
                    &payload(),
                    secret,
                    signature,
                )?
            }
            ParsedSignature::CosHeader(q) | ParsedSignature::CosQuery(q) => {
                let signer = scheme.cos_signer().ok_or_else(unexpected)?;
                let (ok, string_to_sign, format_string) = signer.check(request, q, secret);
                Check {
                    ok,
                    string_to_sign,
                    canonical_request: Some(format_string),
                    signature: &q.signature,
                }
            }
        };
        if check.ok {
            Ok(())
        } else {
            Err(VerifyError::SignatureDoesNotMatch {
                access_key_id: parsed.access_key_id().to_owned(),
                signature_provided: check.signature.to_owned(),
                string_to_sign: check.string_to_sign,
                canonical_request: check.canonical_request,
            })
        }
    }
}

/// The signing time of a V4 header signature: the dialect's date header; for SigV4, which
/// allows it, else the HTTP `Date` header in ISO 8601 basic form.
fn v4_datetime<'r>(d: &Dialect, request: &SignableRequest<'r>, aws: bool) -> Option<Cow<'r, str>> {
    request.header(d.date_header).or_else(|| {
        let date = request.header("date").filter(|_| aws)?;
        parse_http_date(&date).map(|t| Cow::Owned(format_iso8601_basic(t)))
    })
}

fn without_param<'a>(query: &[(&'a str, &'a str)], name: &str) -> Vec<(&'a str, &'a str)> {
    query.iter().copied().filter(|(n, _)| *n != name).collect()
}

/// The date a V1 header signature signs (its string-to-sign's date line): the `Date` header,
/// or, without one, the dialect's date header (`x-oss-date`). ali-oss, the Node.js SDK,
/// sends only `x-oss-date` (in the HTTP date format) and signs its value on the date line;
/// OSS accepts such requests, so this checks their time and signature the same way.
fn v1_date<'r>(d: &Dialect, request: &SignableRequest<'r>) -> Option<Cow<'r, str>> {
    request
        .header("date")
        .or_else(|| request.header(d.date_header))
}

/// The token the request sent (where its scheme carries it) must be the credentials' own.
fn check_token(
    d: &Dialect,
    request: &SignableRequest<'_>,
    parsed: &ParsedSignature,
    credentials: &Credentials,
    now: SystemTime,
) -> Result<(), VerifyError> {
    let sent = match parsed {
        // alibabacloud-oss-v2 sends the V1 token as an unsigned `security-token` header.
        ParsedSignature::V1Header { .. } => request
            .header(d.security_token_header)
            .or_else(|| request.header(d.v1_security_token_param)),
        ParsedSignature::V4Header { .. }
        | ParsedSignature::AwsV4Header { .. }
        | ParsedSignature::CosHeader(_) => request.header(d.security_token_header),
        // COS presigned URLs carry the token as a parameter named like the header.
        ParsedSignature::CosQuery(_) => request
            .query_param(d.security_token_header)
            .map(Cow::Borrowed),
        ParsedSignature::V1Query { .. } => request
            .query_param(d.v1_security_token_param)
            .map(Cow::Borrowed),
        ParsedSignature::V4Query { .. } | ParsedSignature::AwsV4Query { .. } => request
            .query_param(d.v4_query.security_token)
            .map(Cow::Borrowed),
    };
    if sent.as_deref() != credentials.security_token() {
        return Err(VerifyError::InvalidAccessKeyId {
            access_key_id: credentials.access_key_id().to_owned(),
            message: "The security token you provided is invalid.".to_owned(),
        });
    }
    if credentials.expiration().is_some_and(|expiry| expiry < now) {
        return Err(access_denied(
            "The security token you provided has expired.",
        ));
    }
    Ok(())
}

/// V1 with the standard sub-resources; then, if that fails and the URL has parameters with
/// the vendor's prefix, without them: `oss2` and the Go SDK sign such parameters but
/// `alibabacloud-oss-v2` does not (e.g. `x-oss-process`), and a server must accept both.
/// `None` when `scheme` is not V1.
fn v1_check<'s>(
    scheme: &Scheme,
    request: &SignableRequest<'_>,
    date_line: &str,
    secret: &str,
    signature: &'s str,
) -> Option<Check<'s>> {
    let signer = scheme.v1_signer()?;
    let sts = signer.string_to_sign(request, date_line);
    let mut ok = v1::verify(secret, &sts, signature);
    let d = scheme.dialect();
    if !ok && request.query.iter().any(|(n, _)| d.is_own_header_name(n)) {
        let query: Vec<(&str, &str)> = request
            .query
            .iter()
            .copied()
            .filter(|(n, _)| !d.is_own_header_name(n))
            .collect();
        let view = SignableRequest {
            query: &query,
            ..*request
        };
        ok = v1::verify(secret, &signer.string_to_sign(&view, date_line), signature);
    }
    Some(Check {
        ok,
        string_to_sign: sts,
        canonical_request: None,
        signature,
    })
}

/// `None` when `scheme` is not OSS V4.
#[allow(clippy::too_many_arguments)]
fn v4_check<'s>(
    scheme: &Scheme,
    request: &SignableRequest<'_>,
    credential: &V4Credential,
    datetime: &str,
    additional_headers: &str,
    payload: &str,
    secret: &str,
    signature: &'s str,
) -> Option<Check<'s>> {
    let signer = scheme.v4_signer()?;
    let canonical = signer.canonical_request(request, additional_headers, payload);
    let scope = Scope {
        region: &credential.region,
        product: &credential.product,
    };
    let scope_line = scope_line(scheme.dialect(), credential);
    let sts = signer.string_to_sign(datetime, &scope_line, &canonical);
    Some(Check {
        ok: signer.verify(secret, &credential.date, &scope, &sts, signature),
        string_to_sign: sts,
        canonical_request: Some(canonical),
        signature,
    })
}

#[allow(clippy::too_many_arguments)]
fn aws_v4_check<'s>(
    scheme: &Scheme,
    request: &SignableRequest<'_>,
    credential: &V4Credential,
    datetime: &str,
    signed_headers: &str,
    payload: &str,
    secret: &str,
    signature: &'s str,
) -> Result<Check<'s>, VerifyError> {
    let signer = scheme
        .aws_v4_signer()
        .ok_or_else(|| invalid_argument("The signature does not belong to its scheme."))?;
    // The path is the server's to pass: without it nothing can be checked.
    let canonical = signer
        .canonical_request_for(request, signed_headers, payload)
        .ok_or_else(|| invalid_argument("The request path is needed to check the signature."))?;
    let scope = Scope {
        region: &credential.region,
        product: &credential.product,
    };
    let scope_line = scope_line(scheme.dialect(), credential);
    let sts = signer.string_to_sign(datetime, &scope_line, &canonical);
    Ok(Check {
        ok: signer
            .v4()
            .verify(secret, &credential.date, &scope, &sts, signature),
        string_to_sign: sts,
        canonical_request: Some(canonical),
        signature,
    })
}

fn scope_line(d: &Dialect, credential: &V4Credential) -> String {
    format!(
        "{}/{}/{}/{}",
        credential.date, credential.region, credential.product, d.v4_terminator
    )
}
