//! Verification of signed requests, as an OSS-compatible server or gateway does it.
//!
//! [`parse_authorization`] and [`parse_presigned_query`] turn a header or URL parameters into
//! a typed [`ParsedSignature`] and never panic, whatever the input. [`Verifier::verify`] looks
//! the secret up through a caller-supplied function, recomputes the signature, compares it in
//! constant time and checks expiry and clock skew, answering with the documented OSS errors.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use crate::dialect::Dialect;
use crate::time::{format_http_date, parse_http_date, parse_iso8601_basic, unix_seconds};
use crate::v1::{self, V1Signer};
use crate::v4::{Scope, V4Signer, MAX_PRESIGN_EXPIRY, UNSIGNED_PAYLOAD};
use crate::{Credentials, SignableRequest};

/// How far a request's time may be from the server's: 15 minutes.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// A signature found in a request, parsed but not yet checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParsedSignature {
    /// `Authorization: OSS ak:signature`.
    V1Header {
        /// The access key id.
        access_key_id: String,
        /// The base64 signature.
        signature: String,
    },
    /// `OSSAccessKeyId`, `Expires` and `Signature` URL parameters.
    V1Query {
        /// The access key id.
        access_key_id: String,
        /// The `Expires` parameter as sent.
        expires: String,
        /// The base64 signature.
        signature: String,
    },
    /// `Authorization: OSS4-HMAC-SHA256 Credential=...,Signature=...`.
    V4Header {
        /// The access key id and scope.
        credential: V4Credential,
        /// Lower-case additional signed header names, `;`-joined, as sent.
        additional_headers: String,
        /// The hex signature.
        signature: String,
    },
    /// `x-oss-signature-version`, `x-oss-credential`, ... URL parameters.
    V4Query {
        /// The access key id and scope.
        credential: V4Credential,
        /// The `x-oss-date` parameter.
        datetime: String,
        /// The `x-oss-expires` parameter as sent.
        expires: String,
        /// Additional signed header names, `;`-joined, as sent.
        additional_headers: String,
        /// The hex signature.
        signature: String,
    },
}

impl ParsedSignature {
    /// The access key id the request claims.
    pub fn access_key_id(&self) -> &str {
        match self {
            ParsedSignature::V1Header { access_key_id, .. }
            | ParsedSignature::V1Query { access_key_id, .. } => access_key_id,
            ParsedSignature::V4Header { credential, .. }
            | ParsedSignature::V4Query { credential, .. } => &credential.access_key_id,
        }
    }
}

/// `access-key-id/date/region/product/terminator`, the V4 credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct V4Credential {
    /// The access key id.
    pub access_key_id: String,
    /// `yyyymmdd`.
    pub date: String,
    /// The region (or CloudBox id).
    pub region: String,
    /// The product (`oss`, `oss-cloudbox`).
    pub product: String,
}

/// Why a signature could not even be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedSignature {
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for MalformedSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed signature: {}", self.reason)
    }
}

impl std::error::Error for MalformedSignature {}

fn malformed(reason: &'static str) -> MalformedSignature {
    MalformedSignature { reason }
}

/// Parses an `Authorization` header value (V1 or V4) of the OSS dialect.
pub fn parse_authorization(value: &str) -> Result<ParsedSignature, MalformedSignature> {
    parse_authorization_in(&Dialect::OSS, value)
}

/// Parses an `Authorization` header value of `dialect`.
pub fn parse_authorization_in(
    dialect: &Dialect,
    value: &str,
) -> Result<ParsedSignature, MalformedSignature> {
    let value = value.trim();
    let (scheme, rest) = value
        .split_once(' ')
        .ok_or(malformed("no scheme in the Authorization header"))?;
    if scheme == dialect.v1_scheme {
        let (access_key_id, signature) = rest.trim().split_once(':').ok_or(malformed(
            "V1 Authorization must be `OSS AccessKeyId:Signature`",
        ))?;
        if access_key_id.is_empty() || signature.is_empty() {
            return Err(malformed("empty access key id or signature"));
        }
        return Ok(ParsedSignature::V1Header {
            access_key_id: access_key_id.to_owned(),
            signature: signature.to_owned(),
        });
    }
    if scheme != dialect.v4_algorithm {
        return Err(malformed("unknown signature scheme"));
    }
    let (mut credential, mut additional, mut signature) = (None, None, None);
    for field in rest.split(',') {
        let (name, value) = field
            .trim()
            .split_once('=')
            .ok_or(malformed("V4 Authorization field without `=`"))?;
        let slot = match name {
            "Credential" => &mut credential,
            "AdditionalHeaders" => &mut additional,
            "Signature" => &mut signature,
            _ => return Err(malformed("unknown V4 Authorization field")),
        };
        if slot.replace(value).is_some() {
            return Err(malformed("repeated V4 Authorization field"));
        }
    }
    let credential = parse_v4_credential(
        dialect,
        credential.ok_or(malformed("V4 Authorization without Credential"))?,
    )?;
    let signature = signature.ok_or(malformed("V4 Authorization without Signature"))?;
    if signature.is_empty() {
        return Err(malformed("empty signature"));
    }
    Ok(ParsedSignature::V4Header {
        credential,
        additional_headers: additional.unwrap_or("").to_owned(),
        signature: signature.to_owned(),
    })
}

fn parse_v4_credential(dialect: &Dialect, value: &str) -> Result<V4Credential, MalformedSignature> {
    let mut parts = value.split('/');
    let fields: [Option<&str>; 5] = std::array::from_fn(|_| parts.next());
    match (fields, parts.next()) {
        ([Some(ak), Some(date), Some(region), Some(product), Some(terminator)], None)
            if !ak.is_empty()
                && date.len() == 8
                && date.bytes().all(|b| b.is_ascii_digit())
                && !region.is_empty()
                && !product.is_empty()
                && terminator == dialect.v4_terminator =>
        {
            Ok(V4Credential {
                access_key_id: ak.to_owned(),
                date: date.to_owned(),
                region: region.to_owned(),
                product: product.to_owned(),
            })
        }
        _ => Err(malformed(
            "credential must be AccessKeyId/date/region/product/aliyun_v4_request",
        )),
    }
}

/// Finds a presigned signature among decoded URL parameters of the OSS dialect: `Ok(None)`
/// when the URL carries none.
pub fn parse_presigned_query(
    query: &[(&str, &str)],
) -> Result<Option<ParsedSignature>, MalformedSignature> {
    parse_presigned_query_in(&Dialect::OSS, query)
}

/// [`parse_presigned_query`] for `dialect`.
pub fn parse_presigned_query_in(
    dialect: &Dialect,
    query: &[(&str, &str)],
) -> Result<Option<ParsedSignature>, MalformedSignature> {
    // The first occurrence wins, as the reference documents for V1.
    let get = |name: &str| query.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let q = &dialect.v4_query;
    if let Some(version) = get(q.signature_version) {
        if version != dialect.v4_algorithm {
            return Err(malformed("unsupported x-oss-signature-version"));
        }
        let credential = parse_v4_credential(
            dialect,
            get(q.credential).ok_or(malformed("presigned URL without x-oss-credential"))?,
        )?;
        let field = |name, reason| get(name).ok_or(malformed(reason)).map(str::to_owned);
        return Ok(Some(ParsedSignature::V4Query {
            credential,
            datetime: field(q.date, "presigned URL without x-oss-date")?,
            expires: field(q.expires, "presigned URL without x-oss-expires")?,
            additional_headers: get(q.additional_headers).unwrap_or("").to_owned(),
            signature: field(q.signature, "presigned URL without x-oss-signature")?,
        }));
    }
    let access_key_id = get(dialect.v1_access_key_param);
    let expires = get(dialect.v1_expires_param);
    let signature = get(dialect.v1_signature_param);
    match (access_key_id, expires, signature) {
        (None, None, None) => Ok(None),
        (Some(access_key_id), Some(expires), Some(signature))
            if !access_key_id.is_empty() && !signature.is_empty() =>
        {
            Ok(Some(ParsedSignature::V1Query {
                access_key_id: access_key_id.to_owned(),
                expires: expires.to_owned(),
                signature: signature.to_owned(),
            }))
        }
        _ => Err(malformed(
            "a presigned URL needs OSSAccessKeyId, Expires and Signature",
        )),
    }
}

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
pub enum SignatureKind {
    /// V1 in the Authorization header.
    V1Header,
    /// V1 presigned URL.
    V1Query,
    /// V4 in the Authorization header.
    V4Header,
    /// V4 presigned URL.
    V4Query,
}

/// Why a request failed verification; each maps to a documented OSS error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// 403 `AccessDenied`: missing or bad date, expired URL, incomplete URL signature.
    AccessDenied {
        /// Explanation for the error body.
        message: String,
    },
    /// 403 `InvalidAccessKeyId`: unknown key, or a security token that does not match.
    InvalidAccessKeyId {
        /// The access key id the request claimed.
        access_key_id: String,
        /// Explanation for the error body.
        message: String,
    },
    /// 403 `SignatureDoesNotMatch`.
    SignatureDoesNotMatch {
        /// The access key id the request claimed.
        access_key_id: String,
        /// The signature the request carried.
        signature_provided: String,
        /// What the server signed, returned to help the client find its mistake.
        string_to_sign: String,
        /// The server's V4 canonical request.
        canonical_request: Option<String>,
    },
    /// 403 `RequestTimeTooSkewed`.
    RequestTimeTooSkewed {
        /// The time the request claimed, as sent.
        request_time: String,
        /// The server's time, as an HTTP date.
        server_time: String,
    },
    /// 400 `InvalidArgument`: malformed Authorization, or signatures in both header and URL.
    InvalidArgument {
        /// Explanation for the error body.
        message: String,
    },
}

impl VerifyError {
    /// The OSS error code.
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::AccessDenied { .. } => "AccessDenied",
            VerifyError::InvalidAccessKeyId { .. } => "InvalidAccessKeyId",
            VerifyError::SignatureDoesNotMatch { .. } => "SignatureDoesNotMatch",
            VerifyError::RequestTimeTooSkewed { .. } => "RequestTimeTooSkewed",
            VerifyError::InvalidArgument { .. } => "InvalidArgument",
        }
    }

    /// The HTTP status OSS answers with.
    pub fn http_status(&self) -> u16 {
        match self {
            VerifyError::InvalidArgument { .. } => 400,
            _ => 403,
        }
    }

    /// The message for the error body.
    pub fn message(&self) -> String {
        match self {
            VerifyError::AccessDenied { message }
            | VerifyError::InvalidAccessKeyId { message, .. }
            | VerifyError::InvalidArgument { message } => message.clone(),
            VerifyError::SignatureDoesNotMatch { .. } => "The request signature we calculated does not match the signature you provided. Check your key and signing method.".to_owned(),
            VerifyError::RequestTimeTooSkewed { .. } => {
                "The difference between the request time and the current time is too large.".to_owned()
            }
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for VerifyError {}

fn access_denied(message: impl Into<String>) -> VerifyError {
    VerifyError::AccessDenied {
        message: message.into(),
    }
}

fn invalid_argument(message: impl Into<String>) -> VerifyError {
    VerifyError::InvalidArgument {
        message: message.into(),
    }
}

/// Checks signatures of incoming requests.
#[derive(Debug)]
pub struct Verifier {
    dialect: &'static Dialect,
    v1: V1Signer,
    v4: V4Signer,
    region: Option<String>,
    max_skew: Duration,
}

impl Default for Verifier {
    fn default() -> Self {
        Self::new()
    }
}

impl Verifier {
    /// A verifier for Alibaba Cloud OSS that accepts V4 signatures of any region.
    pub fn new() -> Self {
        Self::with_dialect(&Dialect::OSS)
    }

    /// A verifier for another provider's dialect.
    pub fn with_dialect(dialect: &'static Dialect) -> Self {
        Verifier {
            dialect,
            v1: V1Signer::with_dialect(dialect),
            v4: V4Signer::with_dialect(dialect),
            region: None,
            max_skew: MAX_CLOCK_SKEW,
        }
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
        if header.is_some() && self.has_query_signature(request) {
            return Err(invalid_argument(
                "Authorization header and URL signature cannot be used at the same time.",
            ));
        }
        let parsed = match header {
            Some(value) => parse_authorization_in(self.dialect, &value).map_err(|e| {
                invalid_argument(format!("Authorization header is invalid: {}.", e.reason))
            })?,
            None => match parse_presigned_query_in(self.dialect, request.query)
                .map_err(|e| access_denied(e.reason))?
            {
                Some(parsed) => parsed,
                None => return Ok(Verified::Anonymous),
            },
        };
        let access_key_id = parsed.access_key_id().to_owned();
        let credentials =
            lookup(&access_key_id).ok_or_else(|| VerifyError::InvalidAccessKeyId {
                access_key_id: access_key_id.clone(),
                message: "The OSS Access Key Id you provided does not exist in our records."
                    .to_owned(),
            })?;
        // Time checks come before the signature check, as OSS does them.
        let kind = match &parsed {
            ParsedSignature::V1Header { .. } => {
                let date = request
                    .header("date")
                    .ok_or_else(|| access_denied("Request must contain a Date header."))?;
                let time =
                    parse_http_date(&date).ok_or_else(|| access_denied("Invalid Date header."))?;
                self.check_skew(&date, time, now)?;
                SignatureKind::V1Header
            }
            ParsedSignature::V1Query { expires, .. } => {
                let expires_at = expires
                    .parse::<u64>()
                    .map_err(|_| access_denied("Invalid Expires parameter."))?;
                if unix_seconds(now) > expires_at {
                    return Err(access_denied("Request has expired."));
                }
                SignatureKind::V1Query
            }
            ParsedSignature::V4Header { credential, .. } => {
                let datetime = request
                    .header(self.dialect.date_header)
                    .ok_or_else(|| access_denied("Request must contain an x-oss-date header."))?;
                let time = parse_iso8601_basic(&datetime)
                    .ok_or_else(|| access_denied("Invalid x-oss-date header."))?;
                self.check_scope(credential, &datetime)?;
                self.check_skew(&datetime, time, now)?;
                SignatureKind::V4Header
            }
            ParsedSignature::V4Query {
                credential,
                datetime,
                expires,
                ..
            } => {
                let time = parse_iso8601_basic(datetime)
                    .ok_or_else(|| access_denied("Invalid x-oss-date parameter."))?;
                self.check_scope(credential, datetime)?;
                let valid_for = expires
                    .parse::<u64>()
                    .map_err(|_| access_denied("Invalid x-oss-expires parameter."))?;
                if valid_for > MAX_PRESIGN_EXPIRY.as_secs() {
                    return Err(invalid_argument(
                        "x-oss-expires must not be more than 604800 seconds.",
                    ));
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
                SignatureKind::V4Query
            }
        };
        self.check_token(request, &parsed, &credentials, now)?;
        self.check_signature(request, &parsed, &credentials)?;
        Ok(Verified::Signed { credentials, kind })
    }

    fn has_query_signature(&self, request: &SignableRequest<'_>) -> bool {
        let d = self.dialect;
        let names = [
            d.v1_access_key_param,
            d.v1_expires_param,
            d.v1_signature_param,
            d.v4_query.signature_version,
            d.v4_query.credential,
            d.v4_query.signature,
        ];
        request.query.iter().any(|(n, _)| names.contains(n))
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

    fn check_token(
        &self,
        request: &SignableRequest<'_>,
        parsed: &ParsedSignature,
        credentials: &Credentials,
        now: SystemTime,
    ) -> Result<(), VerifyError> {
        let sent = match parsed {
            // alibabacloud-oss-v2 sends the V1 token as an unsigned `security-token` header.
            ParsedSignature::V1Header { .. } => request
                .header(self.dialect.security_token_header)
                .or_else(|| request.header(self.dialect.v1_security_token_param)),
            ParsedSignature::V4Header { .. } => request.header(self.dialect.security_token_header),
            ParsedSignature::V1Query { .. } => request
                .query_param(self.dialect.v1_security_token_param)
                .map(Cow::Borrowed),
            ParsedSignature::V4Query { .. } => request
                .query_param(self.dialect.v4_query.security_token)
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

    fn check_signature(
        &self,
        request: &SignableRequest<'_>,
        parsed: &ParsedSignature,
        credentials: &Credentials,
    ) -> Result<(), VerifyError> {
        let secret = credentials.access_key_secret();
        let (ok, string_to_sign, canonical_request, signature) = match parsed {
            ParsedSignature::V1Header { signature, .. } => {
                let date = request.header("date").unwrap_or_default();
                let (ok, sts) = self.v1_check(request, &date, secret, signature);
                (ok, sts, None, signature)
            }
            ParsedSignature::V1Query {
                expires, signature, ..
            } => {
                let (ok, sts) = self.v1_check(request, expires, secret, signature);
                (ok, sts, None, signature)
            }
            ParsedSignature::V4Header {
                credential,
                additional_headers,
                signature,
            } => {
                let payload = request
                    .header(self.dialect.content_sha256_header)
                    .unwrap_or(Cow::Borrowed(UNSIGNED_PAYLOAD));
                let datetime = request.header(self.dialect.date_header).unwrap_or_default();
                self.v4_check(
                    request,
                    credential,
                    &datetime,
                    additional_headers,
                    &payload,
                    secret,
                    signature,
                )
            }
            ParsedSignature::V4Query {
                credential,
                datetime,
                additional_headers,
                signature,
                ..
            } => {
                let signature_param = self.dialect.v4_query.signature;
                let query: Vec<(&str, &str)> = request
                    .query
                    .iter()
                    .copied()
                    .filter(|(n, _)| *n != signature_param)
                    .collect();
                let view = SignableRequest {
                    query: &query,
                    ..*request
                };
                let payload = request
                    .header(self.dialect.content_sha256_header)
                    .unwrap_or(Cow::Borrowed(UNSIGNED_PAYLOAD));
                self.v4_check(
                    &view,
                    credential,
                    datetime,
                    additional_headers,
                    &payload,
                    secret,
                    signature,
                )
            }
        };
        if ok {
            Ok(())
        } else {
            Err(VerifyError::SignatureDoesNotMatch {
                access_key_id: parsed.access_key_id().to_owned(),
                signature_provided: signature.clone(),
                string_to_sign,
                canonical_request,
            })
        }
    }

    /// V1 with the standard sub-resources; then, if that fails and the URL has `x-oss-*`
    /// parameters, without them: `oss2` and the Go SDK sign such parameters but
    /// `alibabacloud-oss-v2` does not (e.g. `x-oss-process`), and a server must accept both.
    fn v1_check(
        &self,
        request: &SignableRequest<'_>,
        date_line: &str,
        secret: &str,
        signature: &str,
    ) -> (bool, String) {
        let sts = self.v1.string_to_sign(request, date_line);
        if v1::verify(secret, &sts, signature) {
            return (true, sts);
        }
        let d = self.dialect;
        if request.query.iter().any(|(n, _)| d.is_own_header_name(n)) {
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
            if v1::verify(secret, &self.v1.string_to_sign(&view, date_line), signature) {
                return (true, sts);
            }
        }
        (false, sts)
    }

    #[allow(clippy::too_many_arguments)]
    fn v4_check<'s>(
        &self,
        request: &SignableRequest<'_>,
        credential: &V4Credential,
        datetime: &str,
        additional_headers: &str,
        payload: &str,
        secret: &str,
        signature: &'s String,
    ) -> (bool, String, Option<String>, &'s String) {
        let scope = Scope {
            region: &credential.region,
            product: &credential.product,
        };
        let canonical = self
            .v4
            .canonical_request(request, additional_headers, payload);
        let scope_line = format!(
            "{}/{}/{}/{}",
            credential.date, credential.region, credential.product, self.dialect.v4_terminator
        );
        let sts = self.v4.string_to_sign(datetime, &scope_line, &canonical);
        let ok = self
            .v4
            .verify(secret, &credential.date, &scope, &sts, signature);
        (ok, sts, Some(canonical), signature)
    }
}
