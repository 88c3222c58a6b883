//! The operations: one request builder per OSS operation, grouped by family.
//!
//! Every builder is made by a method of [`Client`](crate::Client) or
//! [`Bucket`](crate::Bucket), takes its options as methods, and is sent by `.await` (it
//! implements [`IntoFuture`](std::future::IntoFuture)) or `.send()`, or presigned with
//! `.presign(...)`. Results are [`Output`](crate::Output)s: the typed value plus the
//! response's headers and request id.
//!
//! | module | operations |
//! | --- | --- |
//! | [`service`] | ListBuckets |
//! | [`bucket`] | PutBucket, DeleteBucket, GetBucketInfo, GetBucketLocation, GetBucketStat, Put/GetBucketAcl, bucket exists |
//! | [`list_objects`] | ListObjects, ListObjectsV2 |
//! | [`put`] | PutObject |
//! | [`get`] | GetObject (streaming, or to a file) |
//! | [`head`] | HeadObject, GetObjectMeta, object exists |
//! | [`delete`] | DeleteObject, DeleteMultipleObjects |
//! | [`copy`] | CopyObject |
//! | [`append`] | AppendObject |
//! | [`acl`] | Put/GetObjectAcl |
//! | [`symlink`] | Put/GetSymlink |
//! | [`tagging`] | Put/Get/DeleteObjectTagging |
//! | [`restore`] | RestoreObject |
//! | [`multipart`] | InitiateMultipartUpload, UploadPart, UploadPartCopy, AbortMultipartUpload |
//! | [`complete`] | CompleteMultipartUpload |
//! | [`list_uploads`] | ListMultipartUploads, ListParts |
//!
//! Options shared by several operations live in [`conditions`] (`If-Match` and friends),
//! [`range`] (byte ranges) and [`object_options`] (the metadata an upload sets).

pub mod acl;
pub mod append;
pub mod bucket;
pub mod complete;
pub mod conditions;
pub mod copy;
pub mod delete;
pub mod get;
pub mod head;
pub mod list_objects;
pub mod list_uploads;
pub mod multipart;
pub mod object_options;
pub mod put;
pub mod range;
pub mod restore;
pub mod service;
pub mod symlink;
pub mod tagging;
