//! Alibaba Cloud OSS's vocabulary: the one place in oss-model that spells its names.

use super::{CopySource, Dialect, Header, QueryParam};
use crate::validate::BucketNaming;

pub(super) const DIALECT: Dialect = Dialect {
    name: "oss",
    header_prefix: "x-oss-",
    meta_prefix: "x-oss-meta-",
    server_name: "AliyunOSS",
    process_param: "x-oss-process",
    access_restriction_params: &[
        "x-oss-ac-source-ip",
        "x-oss-ac-subnet-mask",
        "x-oss-ac-vpc-id",
        "x-oss-ac-forward-allow",
    ],
    bucket_naming: BucketNaming::Plain,
    documents_need_md5: false,
    header_names: |h| Some(header(h)),
    query_names: |p| Some(query_param(p)),
    operations: |_| true,
    copy_source,
    location: |region| format!("oss-{region}"),
    public_endpoint: |region| format!("oss-{region}.aliyuncs.com"),
    internal_endpoint: |region| format!("oss-{region}-internal.aliyuncs.com"),
};

/// The wire name of a header at OSS (a `const fn`, so that [`crate::headers`] can keep its
/// constants).
pub(crate) const fn header(header: Header) -> &'static str {
    if let Some(name) = super::standard_header(header) {
        return name;
    }
    match header {
        Header::Acl => "x-oss-acl",
        Header::ObjectAcl => "x-oss-object-acl",
        Header::StorageClass => "x-oss-storage-class",
        Header::ObjectType => "x-oss-object-type",
        Header::HashCrc64Ecma => "x-oss-hash-crc64ecma",
        Header::NextAppendPosition => "x-oss-next-append-position",
        Header::Restore => "x-oss-restore",
        Header::Expiration => "x-oss-expiration",
        Header::ServerSideEncryption => "x-oss-server-side-encryption",
        Header::ServerSideEncryptionKeyId => "x-oss-server-side-encryption-key-id",
        Header::ServerSideDataEncryption => "x-oss-server-side-data-encryption",
        Header::Tagging => "x-oss-tagging",
        Header::TaggingCount => "x-oss-tagging-count",
        Header::TaggingDirective => "x-oss-tagging-directive",
        Header::MetadataDirective => "x-oss-metadata-directive",
        Header::ForbidOverwrite => "x-oss-forbid-overwrite",
        Header::VersionId => "x-oss-version-id",
        Header::DeleteMarker => "x-oss-delete-marker",
        Header::WormId => "x-oss-worm-id",
        Header::ReplicationRuleId => "x-oss-replication-rule-id",
        Header::CopySourceVersionId => "x-oss-copy-source-version-id",
        Header::RequestId => "x-oss-request-id",
        Header::Ec => "x-oss-ec",
        Header::HeadError => "x-oss-err",
        Header::ServerTime => "x-oss-server-time",
        Header::CopySource => "x-oss-copy-source",
        Header::CopySourceRange => "x-oss-copy-source-range",
        Header::CopySourceIfMatch => "x-oss-copy-source-if-match",
        Header::CopySourceIfNoneMatch => "x-oss-copy-source-if-none-match",
        Header::CopySourceIfModifiedSince => "x-oss-copy-source-if-modified-since",
        Header::CopySourceIfUnmodifiedSince => "x-oss-copy-source-if-unmodified-since",
        Header::SymlinkTarget => "x-oss-symlink-target",
        Header::RangeBehavior => "x-oss-range-behavior",
        Header::CompleteAll => "x-oss-complete-all",
        Header::Callback => "x-oss-callback",
        Header::CallbackVar => "x-oss-callback-var",
        Header::TrafficLimit => "x-oss-traffic-limit",
        Header::RequestPayer => "x-oss-request-payer",
        Header::AccessPointName => "x-oss-access-point-name",
        Header::AccessPointForObjectProcessName => "x-oss-access-point-for-object-process-name",
        Header::TaskId => "x-oss-task-id",
        Header::SealedTime => "x-oss-sealed-time",
        Header::BypassGovernanceRetention => "x-oss-bypass-governance-retention",
        Header::ObjectWormMode => "x-oss-object-worm-mode",
        Header::ObjectWormRetainUntilDate => "x-oss-object-worm-retain-until-date",
        Header::ObjectWormLegalHold => "x-oss-object-worm-legal-hold",
        Header::SecurityToken => "x-oss-security-token",
        Header::DataRedundancyType => "x-oss-data-redundancy-type",
        // The standard headers, answered above.
        _ => "",
    }
}

/// The wire name of a prefixed query parameter at OSS.
const fn query_param(param: QueryParam) -> &'static str {
    match param {
        QueryParam::AccessPointName => "x-oss-access-point-name",
        QueryParam::RedundancyTransitionTaskId => "x-oss-redundancy-transition-taskid",
        QueryParam::TargetRedundancyType => "x-oss-target-redundancy-type",
    }
}

/// `/bucket/key`, and `?versionId=` for a version.
fn copy_source(source: &CopySource<'_>) -> Option<String> {
    let mut out = format!("/{}/{}", source.bucket, source.encoded_key);
    if let Some(version) = source.encoded_version_id {
        out.push_str("?versionId=");
        out.push_str(version);
    }
    Some(out)
}
