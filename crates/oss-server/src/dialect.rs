//! Every provider-specific name the server uses, taken from the vendor vocabularies: header
//! names and endpoint forms from oss-model's [`Dialect`], signing names from oss-auth's. No other
//! module of the server spells a vendor name.

use oss_model::dialect::Dialect;

pub(crate) use oss_model::headers::{
    ACL, COMPLETE_ALL, COPY_SOURCE, COPY_SOURCE_IF_MATCH, COPY_SOURCE_IF_MODIFIED_SINCE,
    COPY_SOURCE_IF_NONE_MATCH, COPY_SOURCE_IF_UNMODIFIED_SINCE, COPY_SOURCE_RANGE, EC,
    FORBID_OVERWRITE, HASH_CRC64ECMA, HEAD_ERROR as ERR, METADATA_DIRECTIVE, META_PREFIX,
    NEXT_APPEND_POSITION, OBJECT_ACL, OBJECT_TYPE, RANGE_BEHAVIOR, REQUEST_ID, RESTORE,
    SERVER_SIDE_DATA_ENCRYPTION, SERVER_SIDE_ENCRYPTION, SERVER_SIDE_ENCRYPTION_KEY_ID,
    SERVER_TIME, STORAGE_CLASS, SYMLINK_TARGET, TAGGING, TAGGING_COUNT, TAGGING_DIRECTIVE,
};
pub(crate) use oss_model::headers::{
    BYPASS_GOVERNANCE_RETENTION, OBJECT_WORM_LEGAL_HOLD, OBJECT_WORM_MODE,
    OBJECT_WORM_RETAIN_UNTIL_DATE, SEALED_TIME,
};
pub(crate) use oss_model::headers::{
    COPY_SOURCE_VERSION_ID, DELETE_MARKER, REPLICATION_RULE_ID, VERSION_ID, WORM_ID,
};

/// The vocabulary the server speaks.
pub(crate) const WIRE: &Dialect = &Dialect::OSS;

/// The signing vocabulary and schemes the server verifies (OSS V4 and V1).
pub(crate) const SIGNING: &oss_auth::dialect::Dialect = &oss_auth::dialect::Dialect::OSS;

/// The `Server` header the service sends.
pub(crate) const SERVER_NAME: &str = WIRE.server_name;

/// The region used when none is configured.
pub(crate) const DEFAULT_REGION: &str = "cn-hangzhou";

/// The location of a bucket in `region` (`oss-cn-hangzhou`).
pub(crate) fn location(region: &str) -> String {
    WIRE.location(region)
}

/// The public endpoint of `region`.
pub(crate) fn extranet_endpoint(region: &str) -> String {
    WIRE.public_endpoint(region)
}

/// The internal endpoint of `region`.
pub(crate) fn intranet_endpoint(region: &str) -> String {
    WIRE.internal_endpoint(region)
}

/// Whether `name` is a storage class that must be restored before it can be read.
pub(crate) fn is_archive_class(class: &str) -> bool {
    matches!(class, "Archive" | "ColdArchive" | "DeepColdArchive")
}
