//! The error-code catalog: every code the reference documents (and the few current OSS adds),
//! with its HTTP status, in one place. A server raises them from here; a client compares the
//! codes it receives against the same names.
//!
//! ```
//! use oss_model::code::ErrorCode;
//!
//! assert_eq!(ErrorCode::NoSuchKey.as_str(), "NoSuchKey");
//! assert_eq!(ErrorCode::NoSuchKey.status(), 404);
//! assert_eq!(ErrorCode::parse("BucketNotEmpty"), Some(ErrorCode::BucketNotEmpty));
//! assert_eq!(ErrorCode::parse("SomethingNew"), None);
//! ```

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $name:ident = $status:literal,)*) => {
        /// An error code of the service.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $name,)*
        }

        impl ErrorCode {
            /// Every code in the catalog.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$name),*];

            /// The code as the `Code` element spells it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$name => stringify!($name),)*
                }
            }

            /// The HTTP status the service answers it with.
            pub fn status(self) -> u16 {
                match self {
                    $(ErrorCode::$name => $status,)*
                }
            }

            /// The catalog's code named `code`.
            pub fn parse(code: &str) -> Option<ErrorCode> {
                match code {
                    $(stringify!($name) => Some(ErrorCode::$name),)*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    /// The access key id is unknown or inactive.
    InvalidAccessKeyId = 403,
    /// An argument is invalid (a header, a parameter, a value).
    InvalidArgument = 400,
    /// The requester may not do this.
    AccessDenied = 403,
    /// The request time is more than 15 minutes from the server's.
    RequestTimeTooSkewed = 403,
    /// The signature does not match the request.
    SignatureDoesNotMatch = 403,
    /// `Content-MD5` does not match the body.
    InvalidDigest = 400,
    /// The XML body is malformed or does not validate.
    MalformedXML = 400,
    /// The request is not valid (framing, a combination of options).
    InvalidRequest = 400,
    /// The bucket name is not valid.
    InvalidBucketName = 400,
    /// The account has too many buckets.
    TooManyBuckets = 400,
    /// The bucket does not exist.
    NoSuchBucket = 404,
    /// The bucket name is taken.
    BucketAlreadyExists = 409,
    /// DeleteBucket of a bucket that holds objects or uploads.
    BucketNotEmpty = 409,
    /// GetBucketWebsite of a bucket without one.
    NoSuchWebsiteConfiguration = 404,
    /// GetBucketLifecycle of a bucket without one.
    NoSuchLifecycle = 404,
    /// PutBucketLogging with a target bucket that does not exist, is in another region (400)
    /// or is not the requester's (403).
    InvalidTargetBucketForLogging = 400,
    /// GetBucketCors of a bucket without one.
    NoSuchCORSConfiguration = 404,
    /// GetBucketReferer of a bucket without one.
    NoSuchRefererConfiguration = 404,
    /// A CORS preflight that no rule allows.
    Forbidden = 403,
    /// A body without `Content-Length` or chunked encoding.
    MissingContentLength = 411,
    /// An encryption algorithm outside the documented set.
    InvalidEncryptionAlgorithmError = 400,
    /// The object key is not valid.
    InvalidObjectName = 400,
    /// The body ended before its declared length, or stalled.
    RequestTimeout = 400,
    /// The body ended before it was complete.
    IncompleteBody = 400,
    /// The body is larger than the operation allows.
    EntityTooLarge = 400,
    /// A part (other than the last) is smaller than the minimum.
    EntityTooSmall = 400,
    /// A PostObject body is not well-formed `multipart/form-data` (no `file` field, no closing
    /// boundary).
    MalformedPOSTRequest = 400,
    /// A PostObject policy is not base64 of a JSON document with `expiration` and
    /// `conditions`, or a condition is not of a documented form.
    InvalidPolicyDocument = 400,
    /// The object does not exist.
    NoSuchKey = 404,
    /// A symlink's target does not exist.
    SymlinkTargetNotExist = 404,
    /// A symlink's target is a symlink.
    InvalidTargetType = 400,
    /// An archived object that is not restored.
    InvalidObjectState = 403,
    /// AppendObject to an object that is not Appendable.
    ObjectNotAppendable = 409,
    /// AppendObject at a position other than the object's length.
    PositionNotEqualToLength = 409,
    /// The operation does not apply to this object or bucket.
    OperationNotSupported = 400,
    /// RestoreObject of an object being restored.
    RestoreAlreadyInProgress = 409,
    /// The multipart upload does not exist.
    NoSuchUpload = 404,
    /// A tag set that breaks the tag rules.
    InvalidTag = 400,
    /// GetSymlink of an object that is not a symlink.
    NotSymlink = 400,
    /// A conflicting operation on the same resource is in progress.
    OperationAborted = 409,
    /// A range the object cannot satisfy (with standard range behaviour).
    InvalidRange = 416,
    /// A part listed in CompleteMultipartUpload does not exist or its ETag differs.
    InvalidPart = 400,
    /// The parts of CompleteMultipartUpload are not in ascending order.
    InvalidPartOrder = 400,
    /// A write with `x-oss-forbid-overwrite: true` to an existing key.
    FileAlreadyExists = 409,
    /// A condition (`If-Match`, `If-Unmodified-Since`...) does not hold.
    PreconditionFailed = 412,
    /// A condition (`If-None-Match`, `If-Modified-Since`) says the copy is current.
    NotModified = 304,
    /// The upload succeeded but its callback failed.
    CallbackFailed = 203,
    // The SDKs' bucket families.
    /// GetBucketPolicy of a bucket without one.
    NoSuchBucketPolicy = 404,
    /// GetBucketEncryption of a bucket without a default encryption.
    NoSuchServerSideEncryptionRule = 404,
    /// GetBucketTransferAcceleration of a bucket never configured.
    NoSuchTransferAccelerationConfiguration = 404,
    /// GetBucketInventory of an id the bucket has no inventory under.
    NoSuchInventory = 404,
    /// A replication rule id the bucket does not have.
    NoSuchReplicationRule = 404,
    /// GetBucketReplication of a bucket without replication rules.
    NoSuchReplicationConfiguration = 404,
    /// GetStyle of a style the bucket does not have.
    NoSuchStyle = 404,
    /// The operation or feature is not implemented.
    NotImplemented = 501,
    /// The service failed; retry.
    InternalError = 500,
    /// Too many requests; slow down and retry.
    SlowDown = 503,

    // Versioning and WORM.

    /// The version id names no version of the key.
    NoSuchVersion = 404,
    /// The request reads or changes a delete marker, which has no data or metadata.
    MethodNotAllowed = 405,
    /// GetBucketWorm (and the WORM operations) on a bucket without a retention policy.
    NoSuchWORMConfiguration = 404,
    /// The retention policy is locked: it cannot be aborted, or completed again.
    WORMConfigurationLocked = 403,
    /// A retention period out of range, or an extension that does not lengthen it.
    InvalidWORMConfiguration = 400,
    /// The object is within its retention period: it cannot be deleted or overwritten.
    FileImmutable = 409,

    // Issue 12 remainder.

    /// CleanRestoredObject of an object that is not restored.
    ArchiveRestoreFileStale = 409,
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_and_has_an_http_status() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(*code));
            assert!((200..600).contains(&code.status()), "{code}");
        }
    }
}
