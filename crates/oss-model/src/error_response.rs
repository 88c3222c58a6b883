//! The body of every error response: `Error`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// `Error`, the body OSS sends with a 4xx or 5xx status.
///
/// Only `Code`, `Message`, `RequestId` and `HostId` are always there; the rest depend on the
/// error (`BucketName` for `NoSuchBucket`, `ArgumentName`/`ArgumentValue` for
/// `InvalidArgument`, the string to sign for `SignatureDoesNotMatch`…). Elements this model
/// does not know are skipped.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ErrorResponse {
    /// `Code`, e.g. `NoSuchBucket`.
    #[serde(rename = "Code", default)]
    pub code: String,
    /// `Message`, e.g. `The specified bucket does not exist.`
    #[serde(rename = "Message", default)]
    pub message: String,
    /// `RequestId`: quote it when asking Alibaba Cloud about the error.
    #[serde(rename = "RequestId", default)]
    pub request_id: String,
    /// `HostId`: the host that answered.
    #[serde(rename = "HostId", default)]
    pub host_id: String,
    /// `EC`: the detailed error code, e.g. `0015-00000101` (also in `x-oss-ec`).
    #[serde(rename = "EC", default, skip_serializing_if = "Option::is_none")]
    pub ec: Option<String>,
    /// `RecommendDoc`: a link to the troubleshooting page of this error.
    #[serde(
        rename = "RecommendDoc",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub recommend_doc: Option<String>,
    /// `BucketName`: the bucket concerned (`NoSuchBucket`, `BucketNotEmpty`…).
    #[serde(
        rename = "BucketName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub bucket_name: Option<String>,
    /// `ArgumentName`: the argument rejected (`InvalidArgument`).
    #[serde(
        rename = "ArgumentName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub argument_name: Option<String>,
    /// `ArgumentValue`: the value rejected (`InvalidArgument`).
    #[serde(
        rename = "ArgumentValue",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub argument_value: Option<String>,
    /// `StringToSign`: what the server signed (`SignatureDoesNotMatch`).
    #[serde(
        rename = "StringToSign",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub string_to_sign: Option<String>,
    /// `StringToSignBytes`: the same as space-separated hex bytes.
    #[serde(
        rename = "StringToSignBytes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub string_to_sign_bytes: Option<String>,
    /// `CanonicalRequest`: what the server hashed, for a V4 `SignatureDoesNotMatch`.
    #[serde(
        rename = "CanonicalRequest",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub canonical_request: Option<String>,
    /// `SignatureProvided`: the signature the request carried.
    #[serde(
        rename = "SignatureProvided",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub signature_provided: Option<String>,
    /// `OSSAccessKeyId`: the access key id the request carried.
    #[serde(
        rename = "OSSAccessKeyId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oss_access_key_id: Option<String>,
}

impl ErrorResponse {
    /// An error body with these four always-present fields.
    pub fn new(
        code: impl Into<String>,
        message: impl Into<String>,
        request_id: impl Into<String>,
        host_id: impl Into<String>,
    ) -> Self {
        ErrorResponse {
            code: code.into(),
            message: message.into(),
            request_id: request_id.into(),
            host_id: host_id.into(),
            ..ErrorResponse::default()
        }
    }
}

impl fmt::Display for ErrorResponse {
    /// `NoSuchBucket: The specified bucket does not exist. (request id 568D…)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if !self.request_id.is_empty() {
            write!(f, " (request id {})", self.request_id)?;
        }
        Ok(())
    }
}

xml_body!(ErrorResponse, "Error");
