//! Tencent Cloud COS's vocabulary (its XML API): the one place in oss-model that spells its
//! names. The header names are those cos-python-sdk-v5 sends and reads (its `maplist` and
//! response handling) and COS's API reference documents; a header COS does not define is
//! `None`, never a guess.

use super::{CopySource, Dialect, Header, QueryParam};
use crate::op::OpName;
use crate::validate::BucketNaming;

/// COS's domain for the XML API.
const DOMAIN: &str = "myqcloud.com";

pub(super) const DIALECT: Dialect = Dialect {
    name: "cos",
    header_prefix: "x-cos-",
    meta_prefix: "x-cos-meta-",
    server_name: "tencent-cos",
    // COS's data processing (Cloud Infinite) is addressed by bare sub-resources, not by one
    // parameter; there is none to name.
    process_param: "",
    access_restriction_params: &[],
    bucket_naming: BucketNaming::AppIdSuffix,
    documents_need_md5: true,
    header_names: header,
    query_names: query_param,
    operations: has,
    copy_source,
    // COS's LocationConstraint is the region itself.
    location: |region| region.to_owned(),
    public_endpoint: |region| format!("cos.{region}.{DOMAIN}"),
    internal_endpoint: |region| format!("cos-internal.{region}.tencentcos.cn"),
};

/// The wire name of a header at COS.
const fn header(header: Header) -> Option<&'static str> {
    if let Some(name) = super::standard_header(header) {
        return Some(name);
    }
    Some(match header {
        // One header for buckets and objects.
        Header::Acl | Header::ObjectAcl => "x-cos-acl",
        Header::StorageClass => "x-cos-storage-class",
        Header::ObjectType => "x-cos-object-type",
        Header::HashCrc64Ecma => "x-cos-hash-crc64ecma",
        Header::NextAppendPosition => "x-cos-next-append-position",
        Header::Restore => "x-cos-restore",
        Header::Expiration => "x-cos-expiration",
        Header::ServerSideEncryption => "x-cos-server-side-encryption",
        Header::ServerSideEncryptionKeyId => "x-cos-server-side-encryption-cos-kms-key-id",
        Header::Tagging => "x-cos-tagging",
        Header::TaggingCount => "x-cos-tagging-count",
        Header::TaggingDirective => "x-cos-tagging-directive",
        Header::MetadataDirective => "x-cos-metadata-directive",
        Header::ForbidOverwrite => "x-cos-forbid-overwrite",
        Header::VersionId => "x-cos-version-id",
        Header::DeleteMarker => "x-cos-delete-marker",
        Header::RequestId => "x-cos-request-id",
        Header::CopySource => "x-cos-copy-source",
        Header::CopySourceRange => "x-cos-copy-source-range",
        Header::CopySourceIfMatch => "x-cos-copy-source-if-match",
        Header::CopySourceIfNoneMatch => "x-cos-copy-source-if-none-match",
        Header::CopySourceIfModifiedSince => "x-cos-copy-source-if-modified-since",
        Header::CopySourceIfUnmodifiedSince => "x-cos-copy-source-if-unmodified-since",
        Header::SymlinkTarget => "x-cos-symlink-target",
        Header::Callback => "x-cos-callback",
        Header::CallbackVar => "x-cos-callback-var",
        Header::TrafficLimit => "x-cos-traffic-limit",
        Header::SecurityToken => "x-cos-security-token",
        Header::ServerSideDataEncryption
        | Header::WormId
        | Header::ReplicationRuleId
        | Header::CopySourceVersionId
        | Header::Ec
        | Header::HeadError
        | Header::ServerTime
        | Header::RangeBehavior
        | Header::CompleteAll
        | Header::RequestPayer
        | Header::DataRedundancyType
        | Header::AccessPointName
        | Header::AccessPointForObjectProcessName
        | Header::TaskId => return None,
        // The standard headers, answered above.
        _ => return None,
    })
}

/// COS prefixes none of the table's query parameters (it has no access points nor
/// redundancy transitions).
const fn query_param(param: QueryParam) -> Option<&'static str> {
    match param {
        QueryParam::AccessPointName
        | QueryParam::RedundancyTransitionTaskId
        | QueryParam::TargetRedundancyType => None,
    }
}

/// The rows of the table COS's XML API has with the same method, sub-resource, headers and
/// document. Not GetBucketAcl and GetObjectAcl: COS answers with S3's grant document
/// (`Grantee`, `Permission`), not OSS's canned `Grant` the rows read.
fn has(operation: OpName) -> bool {
    use OpName::*;
    matches!(
        operation,
        ListBuckets
            | PutBucket
            | DeleteBucket
            | GetBucketLocation
            | PutBucketAcl
            | PutBucketCors
            | GetBucketCors
            | DeleteBucketCors
            | PutBucketLogging
            | GetBucketLogging
            | PutBucketWebsite
            | GetBucketWebsite
            | DeleteBucketWebsite
            | PutBucketReferer
            | GetBucketReferer
            | PutBucketLifecycle
            | GetBucketLifecycle
            | DeleteBucketLifecycle
            | OptionObject
            | ListObjects
            | ListObjectsV2
            | ListMultipartUploads
            | DeleteMultipleObjects
            | PutBucketPolicy
            | GetBucketPolicy
            | DeleteBucketPolicy
            | PutBucketEncryption
            | GetBucketEncryption
            | DeleteBucketEncryption
            | PutBucketTags
            | GetBucketTags
            | DeleteBucketTags
            | PutBucketVersioning
            | GetBucketVersioning
            | ListObjectVersions
            | PutObject
            | CopyObject
            | AppendObject
            | GetObject
            | HeadObject
            | DeleteObject
            | PutObjectAcl
            | PutSymlink
            | GetSymlink
            | PutObjectTagging
            | GetObjectTagging
            | DeleteObjectTagging
            | InitiateMultipartUpload
            | UploadPart
            | UploadPartCopy
            | CompleteMultipartUpload
            | AbortMultipartUpload
            | ListParts
    )
}

/// `<bucket>.cos.<region>.myqcloud.com/<key>`, and `?versionId=` for a version: COS names the
/// source by its host, as cos-python-sdk-v5 writes it.
fn copy_source(source: &CopySource<'_>) -> Option<String> {
    let region = source.region?;
    let mut out = format!(
        "{}.{}/{}",
        source.bucket,
        (DIALECT.public_endpoint)(region),
        source.encoded_key
    );
    if let Some(version) = source.encoded_version_id {
        out.push_str("?versionId=");
        out.push_str(version);
    }
    Some(out)
}
