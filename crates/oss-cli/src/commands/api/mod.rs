//! `api`: one subcommand per client operation (`oss api get-bucket-info --bucket b`),
//! printing the typed result as JSON: `{"status": …, "request_id": …, "result": …}`. Results
//! that are XML bodies print with the reference's element names; header-based results
//! (object metadata, upload results) with snake_case names.

mod run;

use std::path::PathBuf;

use clap::{Args, Subcommand};

pub use run::{parse_tier, run};

/// `--bucket`.
#[derive(Debug, Clone, Args)]
pub struct BucketArg {
    /// The bucket.
    #[arg(long)]
    pub bucket: String,
}

/// `--bucket` and `--key`.
#[derive(Debug, Clone, Args)]
pub struct ObjectArg {
    /// The bucket.
    #[arg(long)]
    pub bucket: String,
    /// The object key.
    #[arg(long)]
    pub key: String,
}

/// `--upload-id`.
#[derive(Debug, Clone, Args)]
pub struct UploadArg {
    /// The bucket.
    #[arg(long)]
    pub bucket: String,
    /// The object key.
    #[arg(long)]
    pub key: String,
    /// The upload id.
    #[arg(long)]
    pub upload_id: String,
}

/// A request body: a file or text.
#[derive(Debug, Clone, Args)]
pub struct BodyArg {
    /// Send this file.
    #[arg(long, conflicts_with = "body")]
    pub file: Option<PathBuf>,
    /// Send this text.
    #[arg(long)]
    pub body: Option<String>,
}

/// Metadata an upload sets.
#[derive(Debug, Clone, Args)]
pub struct HeaderArgs {
    /// `Content-Type`.
    #[arg(long)]
    pub content_type: Option<String>,
    /// User metadata `name=value` (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub meta: Vec<String>,
    /// The object ACL.
    #[arg(long)]
    pub acl: Option<String>,
    /// The storage class.
    #[arg(long)]
    pub storage_class: Option<String>,
    /// A tag `key=value` (repeatable).
    #[arg(long, value_name = "KEY=VALUE")]
    pub tag: Vec<String>,
    /// Refuse to overwrite an existing object.
    #[arg(long)]
    pub forbid_overwrite: bool,
}

/// `oss api OPERATION`.
#[derive(Debug, Args)]
pub struct ApiArgs {
    /// The operation.
    #[command(subcommand)]
    pub operation: Operation,
}

/// The operations.
#[derive(Debug, Subcommand)]
pub enum Operation {
    /// ListBuckets.
    ListBuckets {
        /// Only names with this prefix.
        #[arg(long)]
        prefix: Option<String>,
        /// Only names after this one.
        #[arg(long)]
        marker: Option<String>,
        /// At most this many.
        #[arg(long)]
        max_keys: Option<u32>,
    },
    /// PutBucket.
    PutBucket {
        #[command(flatten)]
        bucket: BucketArg,
        /// The ACL.
        #[arg(long)]
        acl: Option<String>,
        /// The storage class.
        #[arg(long)]
        storage_class: Option<String>,
    },
    /// DeleteBucket.
    DeleteBucket(BucketArg),
    /// GetBucketInfo.
    GetBucketInfo(BucketArg),
    /// GetBucketLocation.
    GetBucketLocation(BucketArg),
    /// GetBucketStat.
    GetBucketStat(BucketArg),
    /// PutBucketAcl.
    PutBucketAcl {
        #[command(flatten)]
        bucket: BucketArg,
        /// The ACL.
        #[arg(long)]
        acl: String,
    },
    /// GetBucketAcl.
    GetBucketAcl(BucketArg),
    /// ListObjects (v1).
    ListObjects {
        #[command(flatten)]
        bucket: BucketArg,
        #[command(flatten)]
        listing: ListingArgs,
        /// Only keys after this one.
        #[arg(long)]
        marker: Option<String>,
    },
    /// ListObjectsV2.
    ListObjectsV2 {
        #[command(flatten)]
        bucket: BucketArg,
        #[command(flatten)]
        listing: ListingArgs,
        /// The token of the previous page.
        #[arg(long)]
        continuation_token: Option<String>,
        /// Only keys after this one.
        #[arg(long)]
        start_after: Option<String>,
        /// Include owners.
        #[arg(long)]
        fetch_owner: bool,
    },
    /// PutObject.
    PutObject {
        #[command(flatten)]
        object: ObjectArg,
        #[command(flatten)]
        body: BodyArg,
        #[command(flatten)]
        headers: HeaderArgs,
    },
    /// GetObject: the body goes to `--file` (`-` for standard output, the result then to
    /// standard error).
    GetObject {
        #[command(flatten)]
        object: ObjectArg,
        /// Where the body goes.
        #[arg(long)]
        file: PathBuf,
        /// Only bytes FIRST-LAST.
        #[arg(long)]
        range: Option<String>,
    },
    /// HeadObject.
    HeadObject(ObjectArg),
    /// GetObjectMeta.
    GetObjectMeta(ObjectArg),
    /// DeleteObject.
    DeleteObject(ObjectArg),
    /// DeleteMultipleObjects.
    DeleteMultipleObjects {
        #[command(flatten)]
        bucket: BucketArg,
        /// A key to delete (repeatable).
        #[arg(long = "key", required = true)]
        keys: Vec<String>,
        /// Quiet mode: deleted keys are not listed.
        #[arg(long)]
        quiet: bool,
    },
    /// CopyObject.
    CopyObject {
        #[command(flatten)]
        object: ObjectArg,
        /// The source bucket (default: the same).
        #[arg(long)]
        source_bucket: Option<String>,
        /// The source key.
        #[arg(long)]
        source_key: String,
        /// Replace the metadata with these headers instead of copying it.
        #[arg(long)]
        replace_metadata: bool,
        #[command(flatten)]
        headers: HeaderArgs,
    },
    /// AppendObject.
    AppendObject {
        #[command(flatten)]
        object: ObjectArg,
        /// Where to append (the object's length; 0 creates it).
        #[arg(long)]
        position: u64,
        /// The object's CRC-64 before this append, to check the new one.
        #[arg(long)]
        previous_crc: Option<u64>,
        #[command(flatten)]
        body: BodyArg,
    },
    /// PutObjectAcl.
    PutObjectAcl {
        #[command(flatten)]
        object: ObjectArg,
        /// The ACL.
        #[arg(long)]
        acl: String,
    },
    /// GetObjectAcl.
    GetObjectAcl(ObjectArg),
    /// PutSymlink.
    PutSymlink {
        #[command(flatten)]
        object: ObjectArg,
        /// The key the link points at.
        #[arg(long)]
        target: String,
    },
    /// GetSymlink.
    GetSymlink(ObjectArg),
    /// PutObjectTagging.
    PutObjectTagging {
        #[command(flatten)]
        object: ObjectArg,
        /// A tag `key=value` (repeatable).
        #[arg(long, value_name = "KEY=VALUE")]
        tag: Vec<String>,
    },
    /// GetObjectTagging.
    GetObjectTagging(ObjectArg),
    /// DeleteObjectTagging.
    DeleteObjectTagging(ObjectArg),
    /// RestoreObject.
    RestoreObject {
        #[command(flatten)]
        object: ObjectArg,
        /// Days the restored copy stays.
        #[arg(long)]
        days: Option<u32>,
        /// Expedited, Standard or Bulk.
        #[arg(long)]
        tier: Option<String>,
    },
    /// InitiateMultipartUpload.
    InitiateMultipartUpload {
        #[command(flatten)]
        object: ObjectArg,
        #[command(flatten)]
        headers: HeaderArgs,
    },
    /// UploadPart.
    UploadPart {
        #[command(flatten)]
        upload: UploadArg,
        /// The part number (1–10,000).
        #[arg(long)]
        part_number: u32,
        #[command(flatten)]
        body: BodyArg,
    },
    /// UploadPartCopy.
    UploadPartCopy {
        #[command(flatten)]
        upload: UploadArg,
        /// The part number.
        #[arg(long)]
        part_number: u32,
        /// The source bucket (default: the same).
        #[arg(long)]
        source_bucket: Option<String>,
        /// The source key.
        #[arg(long)]
        source_key: String,
        /// Only bytes FIRST-LAST of the source.
        #[arg(long)]
        range: Option<String>,
    },
    /// CompleteMultipartUpload.
    CompleteMultipartUpload {
        #[command(flatten)]
        upload: UploadArg,
        /// A part `NUMBER:ETAG` (repeatable).
        #[arg(
            long = "part",
            value_name = "NUMBER:ETAG",
            required_unless_present = "complete_all"
        )]
        parts: Vec<String>,
        /// Complete with every uploaded part.
        #[arg(long)]
        complete_all: bool,
    },
    /// AbortMultipartUpload.
    AbortMultipartUpload(UploadArg),
    /// ListMultipartUploads.
    ListMultipartUploads {
        #[command(flatten)]
        bucket: BucketArg,
        /// Only keys with this prefix.
        #[arg(long)]
        prefix: Option<String>,
        /// Group keys at this delimiter.
        #[arg(long)]
        delimiter: Option<String>,
        /// Only uploads after this key.
        #[arg(long)]
        key_marker: Option<String>,
        /// With `--key-marker`: only uploads after this one.
        #[arg(long)]
        upload_id_marker: Option<String>,
        /// At most this many.
        #[arg(long)]
        max_uploads: Option<u32>,
    },
    /// ListParts.
    ListParts {
        #[command(flatten)]
        upload: UploadArg,
        /// At most this many.
        #[arg(long)]
        max_parts: Option<u32>,
        /// Only parts after this number.
        #[arg(long)]
        part_number_marker: Option<u32>,
    },
}

/// The options ListObjects and ListObjectsV2 share.
#[derive(Debug, Clone, Args)]
pub struct ListingArgs {
    /// Only keys with this prefix.
    #[arg(long)]
    pub prefix: Option<String>,
    /// Group keys at this delimiter.
    #[arg(long)]
    pub delimiter: Option<String>,
    /// At most this many.
    #[arg(long)]
    pub max_keys: Option<u32>,
}
