//! Header names as constants (Alibaba Cloud OSS's spelling, from the vendor vocabulary in
//! [`dialect`](crate::dialect)), and the pair type header readers take.
//!
//! Code that may speak another vendor's dialect asks a [`Dialect`](crate::dialect::Dialect)
//! for names instead; these constants are OSS's, kept for code that only ever speaks OSS. All
//! names are lower case, the form HTTP/2 sends and the form this crate compares against
//! (case-insensitively).

use crate::dialect::{oss_header as oss, Header};

/// The prefix of every OSS-specific header.
pub const OSS_PREFIX: &str = crate::dialect::Dialect::OSS.header_prefix;
/// The prefix of user metadata headers.
pub const META_PREFIX: &str = crate::dialect::Dialect::OSS.meta_prefix;

/// `Cache-Control`.
pub const CACHE_CONTROL: &str = oss(Header::CacheControl);
/// `Content-Disposition`.
pub const CONTENT_DISPOSITION: &str = oss(Header::ContentDisposition);
/// `Content-Encoding`.
pub const CONTENT_ENCODING: &str = oss(Header::ContentEncoding);
/// `Content-Language`.
pub const CONTENT_LANGUAGE: &str = oss(Header::ContentLanguage);
/// `Content-Length`.
pub const CONTENT_LENGTH: &str = oss(Header::ContentLength);
/// `Content-MD5`: base64 of the body's MD5 digest.
pub const CONTENT_MD5: &str = oss(Header::ContentMd5);
/// `Content-Type`.
pub const CONTENT_TYPE: &str = oss(Header::ContentType);
/// `ETag`.
pub const ETAG: &str = oss(Header::ETag);
/// `Expires`.
pub const EXPIRES: &str = oss(Header::Expires);
/// `Last-Modified`.
pub const LAST_MODIFIED: &str = oss(Header::LastModified);

/// The bucket ACL on PutBucket and PutBucketAcl.
pub const ACL: &str = oss(Header::Acl);
/// The object ACL on PutObject, CopyObject, PutObjectAcl and friends.
pub const OBJECT_ACL: &str = oss(Header::ObjectAcl);
/// The storage class of an object.
pub const STORAGE_CLASS: &str = oss(Header::StorageClass);
/// `Normal`, `Appendable`, `Multipart` or `Symlink`.
pub const OBJECT_TYPE: &str = oss(Header::ObjectType);
/// The CRC-64/XZ (ECMA-182) of the object, as an unsigned decimal.
pub const HASH_CRC64ECMA: &str = oss(Header::HashCrc64Ecma);
/// Where the next AppendObject must start.
pub const NEXT_APPEND_POSITION: &str = oss(Header::NextAppendPosition);
/// The restore state of an Archive object.
pub const RESTORE: &str = oss(Header::Restore);
/// The lifecycle expiry of an object (`expiry-date="…", rule-id="…"`).
pub const EXPIRATION: &str = oss(Header::Expiration);
/// The server-side encryption algorithm (`AES256`, `KMS`, `SM4`).
pub const SERVER_SIDE_ENCRYPTION: &str = oss(Header::ServerSideEncryption);
/// The KMS key id when the algorithm is `KMS`.
pub const SERVER_SIDE_ENCRYPTION_KEY_ID: &str = oss(Header::ServerSideEncryptionKeyId);
/// The data encryption algorithm under KMS (`SM4`).
pub const SERVER_SIDE_DATA_ENCRYPTION: &str = oss(Header::ServerSideDataEncryption);
/// Object tags in query-string form (`k=v&k2=v2`).
pub const TAGGING: &str = oss(Header::Tagging);
/// How many tags an object has.
pub const TAGGING_COUNT: &str = oss(Header::TaggingCount);
/// CopyObject: `Copy` the source's tags or `Replace` them.
pub const TAGGING_DIRECTIVE: &str = oss(Header::TaggingDirective);
/// CopyObject: `COPY` the source's metadata or `REPLACE` it.
pub const METADATA_DIRECTIVE: &str = oss(Header::MetadataDirective);
/// `true` refuses to overwrite an existing object (`FileAlreadyExists`).
pub const FORBID_OVERWRITE: &str = oss(Header::ForbidOverwrite);
/// The version id of an object in a versioned bucket.
pub const VERSION_ID: &str = oss(Header::VersionId);
/// `true` when the version read or deleted is a delete marker.
pub const DELETE_MARKER: &str = oss(Header::DeleteMarker);
/// CopyObject: the version of the source that was copied.
pub const COPY_SOURCE_VERSION_ID: &str = oss(Header::CopySourceVersionId);
/// The id of a bucket's WORM (retention) policy.
pub const WORM_ID: &str = oss(Header::WormId);
/// When an appendable object was sealed.
pub const SEALED_TIME: &str = oss(Header::SealedTime);
/// `true` lets a request shorten or lift a `GOVERNANCE` retention.
pub const BYPASS_GOVERNANCE_RETENTION: &str = oss(Header::BypassGovernanceRetention);
/// The retention mode of an object version.
pub const OBJECT_WORM_MODE: &str = oss(Header::ObjectWormMode);
/// Until when an object version is retained.
pub const OBJECT_WORM_RETAIN_UNTIL_DATE: &str = oss(Header::ObjectWormRetainUntilDate);
/// The legal hold of an object version.
pub const OBJECT_WORM_LEGAL_HOLD: &str = oss(Header::ObjectWormLegalHold);
/// The ids of the replication rules a PutBucketReplication added.
pub const REPLICATION_RULE_ID: &str = oss(Header::ReplicationRuleId);
/// The id OSS gives every response.
pub const REQUEST_ID: &str = oss(Header::RequestId);
/// The detailed error code OSS adds to error responses.
pub const EC: &str = oss(Header::Ec);
/// CopyObject and UploadPartCopy: `/bucket/key` of the source.
pub const COPY_SOURCE: &str = oss(Header::CopySource);
/// UploadPartCopy: `bytes=first-last` of the source.
pub const COPY_SOURCE_RANGE: &str = oss(Header::CopySourceRange);
/// The target of a symlink.
pub const SYMLINK_TARGET: &str = oss(Header::SymlinkTarget);

/// `standard`: an unsatisfiable range is answered with 416, not the whole object.
pub const RANGE_BEHAVIOR: &str = oss(Header::RangeBehavior);
/// `yes`: CompleteMultipartUpload with every uploaded part, without a body.
pub const COMPLETE_ALL: &str = oss(Header::CompleteAll);
/// CopyObject and UploadPartCopy: copy only if the source's ETag matches.
pub const COPY_SOURCE_IF_MATCH: &str = oss(Header::CopySourceIfMatch);
/// CopyObject and UploadPartCopy: copy only if the source's ETag differs.
pub const COPY_SOURCE_IF_NONE_MATCH: &str = oss(Header::CopySourceIfNoneMatch);
/// CopyObject and UploadPartCopy: copy only if the source changed since.
pub const COPY_SOURCE_IF_MODIFIED_SINCE: &str = oss(Header::CopySourceIfModifiedSince);
/// CopyObject and UploadPartCopy: copy only if the source did not change since.
pub const COPY_SOURCE_IF_UNMODIFIED_SINCE: &str = oss(Header::CopySourceIfUnmodifiedSince);
/// The server's time in milliseconds, on every response.
pub const SERVER_TIME: &str = oss(Header::ServerTime);
/// The error of a HEAD response (which has no body), base64 of the `Error` XML.
pub const HEAD_ERROR: &str = oss(Header::HeadError);

/// Whether `name` is `header`, ignoring ASCII case.
pub(crate) fn is(name: &str, header: &str) -> bool {
    name.eq_ignore_ascii_case(header)
}

/// A `(name, value)` header pair, borrowed or owned: what
/// [`ObjectMeta::from_headers`](crate::ObjectMeta::from_headers) and
/// [`ObjectHeaders::from_headers`](crate::ObjectHeaders::from_headers) read, so that they take
/// `&[(&str, &str)]`, `Vec<(String, String)>` or any iterator of pairs without depending on
/// an HTTP crate.
pub trait HeaderPair {
    /// The header name, in any case.
    fn name(&self) -> &str;
    /// The header value.
    fn value(&self) -> &str;
}

impl<N: AsRef<str>, V: AsRef<str>> HeaderPair for (N, V) {
    fn name(&self) -> &str {
        self.0.as_ref()
    }

    fn value(&self) -> &str {
        self.1.as_ref()
    }
}

impl<T: HeaderPair + ?Sized> HeaderPair for &T {
    fn name(&self) -> &str {
        (**self).name()
    }

    fn value(&self) -> &str {
        (**self).value()
    }
}
