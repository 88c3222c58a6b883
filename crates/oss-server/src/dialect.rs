//! Every provider-specific name the server uses: `x-oss-` headers, the server's name, the
//! region and endpoint forms. The names `oss-model` already defines are re-exported from it,
//! so that no other module spells an `x-oss-` header itself.

pub(crate) use oss_model::headers::{
    ACL, COPY_SOURCE, COPY_SOURCE_RANGE, FORBID_OVERWRITE, HASH_CRC64ECMA, METADATA_DIRECTIVE,
    META_PREFIX, NEXT_APPEND_POSITION, OBJECT_ACL, OBJECT_TYPE, REQUEST_ID, RESTORE,
    SERVER_SIDE_DATA_ENCRYPTION, SERVER_SIDE_ENCRYPTION, SERVER_SIDE_ENCRYPTION_KEY_ID,
    STORAGE_CLASS, SYMLINK_TARGET, TAGGING, TAGGING_COUNT, TAGGING_DIRECTIVE,
};

/// The signing vocabulary and schemes the server verifies (OSS V4 and V1).
pub(crate) const SIGNING: &oss_auth::dialect::Dialect = &oss_auth::dialect::Dialect::OSS;

/// The `Server` header OSS sends.
pub(crate) const SERVER_NAME: &str = "AliyunOSS";
/// `standard`: answer an unsatisfiable range with 416 instead of the whole object.
pub(crate) const RANGE_BEHAVIOR: &str = "x-oss-range-behavior";
/// `yes`: CompleteMultipartUpload with every uploaded part, without a body.
pub(crate) const COMPLETE_ALL: &str = "x-oss-complete-all";
/// CopyObject and UploadPartCopy: copy only if the source's ETag matches.
pub(crate) const COPY_SOURCE_IF_MATCH: &str = "x-oss-copy-source-if-match";
/// CopyObject and UploadPartCopy: copy only if the source's ETag differs.
pub(crate) const COPY_SOURCE_IF_NONE_MATCH: &str = "x-oss-copy-source-if-none-match";
/// CopyObject and UploadPartCopy: copy only if the source changed since.
pub(crate) const COPY_SOURCE_IF_MODIFIED_SINCE: &str = "x-oss-copy-source-if-modified-since";
/// CopyObject and UploadPartCopy: copy only if the source did not change since.
pub(crate) const COPY_SOURCE_IF_UNMODIFIED_SINCE: &str = "x-oss-copy-source-if-unmodified-since";
/// The server's time in milliseconds, on every response.
pub(crate) const SERVER_TIME: &str = "x-oss-server-time";
/// The error of a HEAD response (which has no body), base64 of the `Error` XML.
pub(crate) const ERR: &str = "x-oss-err";
/// The detailed error code of an error response.
pub(crate) const EC: &str = "x-oss-ec";

/// The region used when none is configured.
pub(crate) const DEFAULT_REGION: &str = "cn-hangzhou";

/// `oss-cn-hangzhou`, the location of a bucket in `region`.
pub(crate) fn location(region: &str) -> String {
    format!("oss-{region}")
}

/// `oss-cn-hangzhou.aliyuncs.com`, the public endpoint of `region`.
pub(crate) fn extranet_endpoint(region: &str) -> String {
    format!("oss-{region}.aliyuncs.com")
}

/// `oss-cn-hangzhou-internal.aliyuncs.com`, the internal endpoint of `region`.
pub(crate) fn intranet_endpoint(region: &str) -> String {
    format!("oss-{region}-internal.aliyuncs.com")
}

/// Whether `name` is a storage class that must be restored before it can be read.
pub(crate) fn is_archive_class(class: &str) -> bool {
    matches!(class, "Archive" | "ColdArchive" | "DeepColdArchive")
}
