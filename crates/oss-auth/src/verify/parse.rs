//! Signatures found in a request, parsed into typed values without checking them.
//!
//! The parsers never panic, whatever the input; every message names the dialect's own
//! parameters and fields.

use std::borrow::Cow;
use std::fmt;

use crate::cos::QSignature;
use crate::dialect::Dialect;
use crate::scheme::SchemeKind;

/// A signature found in a request, parsed but not yet checked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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
        /// The signing time parameter.
        datetime: String,
        /// The validity parameter as sent.
        expires: String,
        /// Additional signed header names, `;`-joined, as sent.
        additional_headers: String,
        /// The hex signature.
        signature: String,
    },
    /// `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
    AwsV4Header {
        /// The access key id and scope (the product is the service, `s3`).
        credential: V4Credential,
        /// Every signed header name, lower case, `;`-joined, as sent (includes `host`).
        signed_headers: String,
        /// The hex signature.
        signature: String,
    },
    /// `X-Amz-Algorithm`, `X-Amz-Credential`, ... URL parameters.
    AwsV4Query {
        /// The access key id and scope.
        credential: V4Credential,
        /// The `X-Amz-Date` parameter.
        datetime: String,
        /// The `X-Amz-Expires` parameter as sent.
        expires: String,
        /// The `X-Amz-SignedHeaders` parameter.
        signed_headers: String,
        /// The hex signature.
        signature: String,
    },
    /// `Authorization: q-sign-algorithm=sha1&q-ak=…&…&q-signature=…` (COS).
    CosHeader(QSignature),
    /// The `q-` parameters of a COS presigned URL.
    CosQuery(QSignature),
}

impl ParsedSignature {
    /// The access key id the request claims.
    pub fn access_key_id(&self) -> &str {
        match self {
            ParsedSignature::V1Header { access_key_id, .. }
            | ParsedSignature::V1Query { access_key_id, .. } => access_key_id,
            ParsedSignature::V4Header { credential, .. }
            | ParsedSignature::V4Query { credential, .. }
            | ParsedSignature::AwsV4Header { credential, .. }
            | ParsedSignature::AwsV4Query { credential, .. } => &credential.access_key_id,
            ParsedSignature::CosHeader(q) | ParsedSignature::CosQuery(q) => &q.access_key_id,
        }
    }

    /// The scheme this signature belongs to.
    pub fn scheme(&self) -> SchemeKind {
        match self {
            ParsedSignature::V1Header { .. } | ParsedSignature::V1Query { .. } => SchemeKind::OssV1,
            ParsedSignature::V4Header { .. } | ParsedSignature::V4Query { .. } => SchemeKind::OssV4,
            ParsedSignature::AwsV4Header { .. } | ParsedSignature::AwsV4Query { .. } => {
                SchemeKind::AwsV4
            }
            ParsedSignature::CosHeader(_) | ParsedSignature::CosQuery(_) => SchemeKind::CosQSign,
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
    /// The product or service (`oss`, `oss-cloudbox`, `s3`).
    pub product: String,
}

/// Why a signature could not even be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedSignature {
    /// What is wrong with it.
    pub reason: Cow<'static, str>,
}

impl MalformedSignature {
    pub(crate) fn new(reason: impl Into<Cow<'static, str>>) -> Self {
        MalformedSignature {
            reason: reason.into(),
        }
    }

    /// A presigned URL lacks the parameter `name`.
    pub(crate) fn missing(name: &str) -> Self {
        Self::new(format!("presigned URL without {name}"))
    }

    /// A parameter names an algorithm this dialect does not have.
    pub(crate) fn unsupported(name: &str) -> Self {
        Self::new(format!("unsupported {name}"))
    }
}

impl fmt::Display for MalformedSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed signature: {}", self.reason)
    }
}

impl std::error::Error for MalformedSignature {}

/// Parses an `Authorization` header value (V1 or V4) of the OSS dialect.
pub fn parse_authorization(value: &str) -> Result<ParsedSignature, MalformedSignature> {
    parse_authorization_in(&Dialect::OSS, value)
}

/// Parses an `Authorization` header value (V1 or V4) of `dialect`.
pub fn parse_authorization_in(
    dialect: &Dialect,
    value: &str,
) -> Result<ParsedSignature, MalformedSignature> {
    let value = value.trim();
    let (scheme, rest) = value.split_once(' ').ok_or(MalformedSignature::new(
        "no scheme in the Authorization header",
    ))?;
    if scheme == dialect.v1_scheme {
        let (access_key_id, signature) = rest.trim().split_once(':').ok_or_else(|| {
            MalformedSignature::new(format!(
                "V1 Authorization must be `{} AccessKeyId:Signature`",
                dialect.v1_scheme
            ))
        })?;
        if access_key_id.is_empty() || signature.is_empty() {
            return Err(MalformedSignature::new("empty access key id or signature"));
        }
        return Ok(ParsedSignature::V1Header {
            access_key_id: access_key_id.to_owned(),
            signature: signature.to_owned(),
        });
    }
    if scheme != dialect.v4_algorithm {
        return Err(MalformedSignature::new("unknown signature scheme"));
    }
    let (credential, additional, signature) = parse_v4_fields(dialect, rest)?;
    Ok(ParsedSignature::V4Header {
        credential,
        additional_headers: additional.unwrap_or("").to_owned(),
        signature,
    })
}

/// The `Credential`, header list and `Signature` fields of a V4-style Authorization value
/// (after the algorithm), separated by `,` with optional spaces.
pub(crate) fn parse_v4_fields<'v>(
    dialect: &Dialect,
    fields: &'v str,
) -> Result<(V4Credential, Option<&'v str>, String), MalformedSignature> {
    let (mut credential, mut headers, mut signature) = (None, None, None);
    for field in fields.split(',') {
        let (name, value) = field.trim().split_once('=').ok_or(MalformedSignature::new(
            "V4 Authorization field without `=`",
        ))?;
        let slot = match name {
            "Credential" => &mut credential,
            "Signature" => &mut signature,
            _ if name == dialect.v4_headers_field => &mut headers,
            _ => return Err(MalformedSignature::new("unknown V4 Authorization field")),
        };
        if slot.replace(value).is_some() {
            return Err(MalformedSignature::new("repeated V4 Authorization field"));
        }
    }
    let credential = parse_v4_credential(
        dialect,
        credential.ok_or(MalformedSignature::new(
            "V4 Authorization without Credential",
        ))?,
    )?;
    let signature = signature.ok_or(MalformedSignature::new(
        "V4 Authorization without Signature",
    ))?;
    if signature.is_empty() {
        return Err(MalformedSignature::new("empty signature"));
    }
    Ok((credential, headers, signature.to_owned()))
}

pub(crate) fn parse_v4_credential(
    dialect: &Dialect,
    value: &str,
) -> Result<V4Credential, MalformedSignature> {
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
        _ => Err(MalformedSignature::new(format!(
            "credential must be AccessKeyId/date/region/product/{}",
            dialect.v4_terminator
        ))),
    }
}

/// Finds a presigned signature among decoded URL parameters of the OSS dialect: `Ok(None)`
/// when the URL carries none.
pub fn parse_presigned_query(
    query: &[(&str, &str)],
) -> Result<Option<ParsedSignature>, MalformedSignature> {
    parse_presigned_query_in(&Dialect::OSS, query)
}

/// [`parse_presigned_query`] for `dialect` (its V4 form first, then V1).
pub fn parse_presigned_query_in(
    dialect: &Dialect,
    query: &[(&str, &str)],
) -> Result<Option<ParsedSignature>, MalformedSignature> {
    parse_v4_query(dialect, query)
        .or_else(|| parse_v1_query(dialect, query))
        .transpose()
}

/// The first occurrence wins, as the reference documents for V1.
fn param<'a>(query: &[(&str, &'a str)], name: &str) -> Option<&'a str> {
    query.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// The OSS V4 form, when the URL names a signature version.
pub(crate) fn parse_v4_query(
    dialect: &Dialect,
    query: &[(&str, &str)],
) -> Option<Result<ParsedSignature, MalformedSignature>> {
    let q = &dialect.v4_query;
    let version = param(query, q.signature_version)?;
    let parse = || {
        if version != dialect.v4_algorithm {
            return Err(MalformedSignature::unsupported(q.signature_version));
        }
        let field = |name: &'static str| {
            param(query, name)
                .map(str::to_owned)
                .ok_or_else(|| MalformedSignature::missing(name))
        };
        let credential = parse_v4_credential(dialect, &field(q.credential)?)?;
        Ok(ParsedSignature::V4Query {
            credential,
            datetime: field(q.date)?,
            expires: field(q.expires)?,
            additional_headers: param(query, q.additional_headers).unwrap_or("").to_owned(),
            signature: field(q.signature)?,
        })
    };
    Some(parse())
}

/// The V1 form, when the URL carries any of its three parameters.
pub(crate) fn parse_v1_query(
    dialect: &Dialect,
    query: &[(&str, &str)],
) -> Option<Result<ParsedSignature, MalformedSignature>> {
    let access_key_id = param(query, dialect.v1_access_key_param);
    let expires = param(query, dialect.v1_expires_param);
    let signature = param(query, dialect.v1_signature_param);
    match (access_key_id, expires, signature) {
        (None, None, None) => None,
        (Some(access_key_id), Some(expires), Some(signature))
            if !access_key_id.is_empty() && !signature.is_empty() =>
        {
            Some(Ok(ParsedSignature::V1Query {
                access_key_id: access_key_id.to_owned(),
                expires: expires.to_owned(),
                signature: signature.to_owned(),
            }))
        }
        _ => Some(Err(MalformedSignature::new(format!(
            "a presigned URL needs {}, {} and {}",
            dialect.v1_access_key_param, dialect.v1_expires_param, dialect.v1_signature_param
        )))),
    }
}
