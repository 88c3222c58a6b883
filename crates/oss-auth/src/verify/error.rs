//! Why a request failed verification, as the documented error codes.

use std::fmt;

/// Why a request failed verification; each maps to a documented error of the vendor (OSS
/// and S3 share these codes).
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
    /// The error code.
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::AccessDenied { .. } => "AccessDenied",
            VerifyError::InvalidAccessKeyId { .. } => "InvalidAccessKeyId",
            VerifyError::SignatureDoesNotMatch { .. } => "SignatureDoesNotMatch",
            VerifyError::RequestTimeTooSkewed { .. } => "RequestTimeTooSkewed",
            VerifyError::InvalidArgument { .. } => "InvalidArgument",
        }
    }

    /// The HTTP status to answer with.
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

pub(crate) fn access_denied(message: impl Into<String>) -> VerifyError {
    VerifyError::AccessDenied {
        message: message.into(),
    }
}

pub(crate) fn invalid_argument(message: impl Into<String>) -> VerifyError {
    VerifyError::InvalidArgument {
        message: message.into(),
    }
}
