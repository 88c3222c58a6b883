//! The operations whose behaviour is particular (a streamed body, a CRC to follow, a
//! paginator, a check after an ambiguous retry), one hand-written request builder each, and
//! the conveniences some generic operations add to their [`Request`](crate::Request).
//!
//! Every other operation (bucket configuration, ACLs, tags, symlinks...) is sent through the
//! generic [`Request`](crate::Request), from oss-model's operation table. Every builder is
//! made by a method of [`Client`](crate::Client) or [`Bucket`](crate::Bucket), takes its
//! options as methods, and is sent by `.await` (it implements
//! [`IntoFuture`](std::future::IntoFuture)) or `.send()`, or presigned with `.presign(...)`.
//! Results are [`Output`](crate::Output)s: the typed value plus the response's headers and
//! request id.
//!
//! | module | operations |
//! | --- | --- |
//! | [`bucket`] | PutBucket's storage class and redundancy, bucket exists |
//! | [`listing`] | paging for ListBuckets, ListObjects, ListObjectsV2, ListMultipartUploads, ListParts |
//! | [`put`] | PutObject |
//! | [`get`] | GetObject (streaming, or to a file) |
//! | [`head`] | HeadObject, object exists |
//! | [`delete`] | DeleteMultipleObjects |
//! | [`copy`] | CopyObject |
//! | [`append`] | AppendObject |
//! | [`symlink`] | PutSymlink's metadata |
//! | [`restore`] | RestoreObject's days and tier |
//! | [`multipart`] | InitiateMultipartUpload, UploadPart, UploadPartCopy |
//! | [`complete`] | CompleteMultipartUpload |
//! | [`post`] | PostObject: browser forms (policy, signature) and posting them |
//!
//! Options shared by several operations live in [`conditions`] (`If-Match` and friends),
//! [`range`] (byte ranges) and [`object_options`] (the metadata an upload sets).

pub mod append;
pub mod bucket;
pub mod complete;
pub mod conditions;
pub mod copy;
pub mod delete;
pub mod get;
pub mod head;
pub mod listing;
pub mod multipart;
pub mod object_options;
pub mod post;
pub mod put;
pub mod range;
pub mod restore;
pub mod symlink;
