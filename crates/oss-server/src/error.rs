//! OSS errors: status, code, message and the extra elements of the `Error` body.
//!
//! Handlers fail with an [`OssError`]; the router turns it into the response OSS sends: the
//! status, `x-oss-request-id`, `x-oss-ec` and an XML `Error` body with `Code`, `Message`,
//! `RequestId`, `HostId` and whatever the error adds (`BucketName`, `ArgumentName`,
//! `StringToSign`…). A HEAD response carries no body; the error travels base64-encoded in
//! `x-oss-err` instead, as OSS does.

use http::StatusCode;
use oss_auth::verify::VerifyError;
use oss_model::code::ErrorCode;
use oss_model::ErrorResponse;

use crate::store::StoreError;

/// A failed request, as OSS reports it.
#[derive(Debug, Clone)]
pub(crate) struct OssError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body without `RequestId` and `HostId`, which the router fills in.
    pub body: Box<ErrorResponse>,
    /// Extra response headers (e.g. `x-oss-next-append-position`).
    pub headers: Vec<(&'static str, String)>,
}

/// The result of a handler.
pub(crate) type OssResult<T> = Result<T, OssError>;

impl OssError {
    /// An error of the catalog, with its status.
    pub fn of(code: ErrorCode, message: impl Into<String>) -> Self {
        OssError::new(code.status(), code.as_str(), message)
    }

    /// An error with this status, code and message (for the codes the catalog does not hold:
    /// the admin endpoint's, a verifier's, injected faults).
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        OssError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            body: Box::new(ErrorResponse::new(code, message, "", "")),
            headers: Vec::new(),
        }
    }

    /// Adds `BucketName`.
    pub fn bucket(mut self, bucket: &str) -> Self {
        self.body.bucket_name = Some(bucket.to_owned());
        self
    }

    /// Adds a response header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// 400 `InvalidArgument` about `name` = `value`.
    pub fn invalid_argument(message: impl Into<String>, name: &str, value: &str) -> Self {
        let mut e = OssError::of(ErrorCode::InvalidArgument, message);
        e.body.argument_name = Some(name.to_owned());
        e.body.argument_value = Some(value.to_owned());
        e
    }

    /// 403 `AccessDenied`.
    pub fn access_denied(message: impl Into<String>) -> Self {
        OssError::of(ErrorCode::AccessDenied, message)
    }

    /// 404 `NoSuchBucket`.
    pub fn no_such_bucket(bucket: &str) -> Self {
        OssError::of(
            ErrorCode::NoSuchBucket,
            "The specified bucket does not exist.",
        )
        .bucket(bucket)
    }

    /// 404 `NoSuchKey`.
    pub fn no_such_key() -> Self {
        OssError::of(ErrorCode::NoSuchKey, "The specified key does not exist.")
    }

    /// 404 `NoSuchUpload`.
    pub fn no_such_upload() -> Self {
        OssError::of(
            ErrorCode::NoSuchUpload,
            "The specified upload does not exist. The upload ID may be invalid, or the upload \
             may have been aborted or completed.",
        )
    }

    /// 400 `MalformedXML`.
    pub fn malformed_xml(detail: impl std::fmt::Display) -> Self {
        OssError::of(
            ErrorCode::MalformedXML,
            format!("The XML you provided was not well-formed or did not validate: {detail}"),
        )
    }

    /// 400 `InvalidDigest`.
    pub fn invalid_digest() -> Self {
        OssError::of(
            ErrorCode::InvalidDigest,
            "The Content-MD5 you specified did not match what we received.",
        )
    }

    /// 304 Not Modified (sent without a body).
    pub fn not_modified() -> Self {
        OssError::of(ErrorCode::NotModified, "Not Modified")
    }

    /// 412 `PreconditionFailed`.
    pub fn precondition_failed(condition: &str) -> Self {
        OssError::of(
            ErrorCode::PreconditionFailed,
            format!("At least one of the pre-conditions you specified did not hold: {condition}."),
        )
    }

    /// 500 `InternalError`; the detail goes to the log, not to the client.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "internal error");
        OssError::of(
            ErrorCode::InternalError,
            "We encountered an internal error. Please try again.",
        )
    }

    /// 501 `NotImplemented`: an operation this server does not support.
    pub fn not_implemented(what: &str) -> Self {
        OssError::of(
            ErrorCode::NotImplemented,
            format!("{what} is not implemented by this server."),
        )
    }

    /// Maps a storage failure about `bucket`.
    pub fn from_store(e: StoreError, bucket: &str) -> Self {
        match e {
            StoreError::NoSuchBucket => OssError::no_such_bucket(bucket),
            StoreError::BucketAlreadyExists => OssError::of(
                ErrorCode::BucketAlreadyExists,
                "The requested bucket name is not available.",
            )
            .bucket(bucket),
            StoreError::BucketNotEmpty => OssError::of(
                ErrorCode::BucketNotEmpty,
                "The bucket you tried to delete is not empty.",
            )
            .bucket(bucket),
            StoreError::NoSuchKey => OssError::no_such_key(),
            StoreError::NoSuchUpload => OssError::no_such_upload(),
            StoreError::NoSuchVersion => OssError::of(
                ErrorCode::NoSuchVersion,
                "The specified version does not exist.",
            ),
            StoreError::FileAlreadyExists => OssError::of(
                ErrorCode::FileAlreadyExists,
                "The object you specified already exists and can not be overwritten.",
            ),
            StoreError::Changed => OssError::of(
                ErrorCode::OperationAborted,
                "A conflicting operation is in progress against this resource. Please try again.",
            ),
            StoreError::Vanished => OssError::internal("object data vanished during a read"),
            StoreError::Immutable => OssError::of(
                ErrorCode::FileImmutable,
                "The object is protected by a retention policy or a legal hold and cannot be \
                 changed.",
            ),
            StoreError::RetentionLocked => OssError::of(
                ErrorCode::AccessDenied,
                "The object's retention cannot be shortened or changed to a weaker mode.",
            ),
            StoreError::Internal(detail) => OssError::internal(detail),
        }
    }
}

impl From<VerifyError> for OssError {
    fn from(e: VerifyError) -> Self {
        let mut error = OssError::new(e.http_status(), e.code(), e.message());
        match e {
            VerifyError::SignatureDoesNotMatch {
                access_key_id,
                signature_provided,
                string_to_sign,
                canonical_request,
            } => {
                let bytes: Vec<String> =
                    string_to_sign.bytes().map(|b| format!("{b:02x}")).collect();
                error.body.string_to_sign_bytes = Some(bytes.join(" "));
                error.body.string_to_sign = Some(string_to_sign);
                error.body.canonical_request = canonical_request;
                error.body.signature_provided = Some(signature_provided);
                error.body.oss_access_key_id = Some(access_key_id);
            }
            VerifyError::InvalidAccessKeyId { access_key_id, .. } => {
                error.body.oss_access_key_id = Some(access_key_id);
            }
            VerifyError::RequestTimeTooSkewed {
                request_time,
                server_time,
            } => {
                error.body.message = format!(
                    "The difference between the request time and the current time is too \
                     large. RequestTime: {request_time}, ServerTime: {server_time}."
                );
            }
            _ => {}
        }
        error
    }
}
