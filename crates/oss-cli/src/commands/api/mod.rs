//! `api`: one subcommand per client operation (generated from oss-model's operation table
//! for the generic ones, see [`generic`]) (`oss api get-bucket-info --bucket b`),
//! printing the typed result as JSON: `{"status": …, "request_id": …, "result": …}`. Results
//! that are XML bodies print with the reference's element names; header-based results
//! (object metadata, upload results) with snake_case names.

mod adapters;
mod document;
mod generic;
mod run;

use std::path::PathBuf;

use clap::{Args, Subcommand};
use oss_client::model::op::OpName;

pub use generic::GenericOperation;
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
    pub operation: ApiOperation,
}

/// Every operation: those written by hand, and the generic ones from the table.
#[derive(Debug, Subcommand)]
pub enum ApiOperation {
    /// An operation whose subcommand is written by hand.
    #[command(flatten)]
    Bespoke(Operation),
    /// An operation whose subcommand comes from oss-model's operation table.
    #[command(flatten)]
    Generic(GenericOperation),
}

/// The operations whose behaviour is particular (streamed bodies, paginated listings,
/// multipart uploads), with subcommands written by hand.
#[derive(Debug, Subcommand)]
pub enum Operation {
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
}

impl Operation {
    /// The operation's name.
    pub fn name(&self) -> OpName {
        match self {
            Operation::PutObject { .. } => OpName::PutObject,
            Operation::GetObject { .. } => OpName::GetObject,
            Operation::HeadObject(_) => OpName::HeadObject,
            Operation::DeleteMultipleObjects { .. } => OpName::DeleteMultipleObjects,
            Operation::CopyObject { .. } => OpName::CopyObject,
            Operation::AppendObject { .. } => OpName::AppendObject,
            Operation::InitiateMultipartUpload { .. } => OpName::InitiateMultipartUpload,
            Operation::UploadPart { .. } => OpName::UploadPart,
            Operation::UploadPartCopy { .. } => OpName::UploadPartCopy,
            Operation::CompleteMultipartUpload { .. } => OpName::CompleteMultipartUpload,
        }
    }
}
