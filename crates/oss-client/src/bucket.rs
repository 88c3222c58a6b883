//! [`Bucket`]: a handle on one bucket, with one method per operation.
//!
//! Each method returns a request builder: set its options, then `.await` it (or call
//! `.send()`), or `.presign(...)` it. Nothing is sent until then, and the bucket name, key
//! and options are checked first (see [`validation`](mod@crate::validation)).
//!
//! ```no_run
//! # async fn demo(client: oss_client::Client) -> oss_client::Result<()> {
//! let bucket = client.bucket("examplebucket");
//! bucket.create().await?;
//! bucket.put_object("a/b.txt", "hello").cache_control("no-cache").await?;
//! let text = bucket.get_object("a/b.txt").await?.body.bytes().await?;
//! assert_eq!(&text[..], b"hello");
//! assert!(bucket.object_exists("a/b.txt").await?);
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::sync::Arc;

use http::Method;

use crate::body::Body;
use crate::call::Call;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::ops::acl::{GetObjectAclRequest, PutObjectAclRequest};
use crate::ops::append::AppendObjectRequest;
use crate::ops::bucket::{
    BucketExistsRequest, DeleteBucketRequest, GetBucketAclRequest, GetBucketInfoRequest,
    GetBucketLocationRequest, GetBucketStatRequest, PutBucketAclRequest, PutBucketRequest,
};
use crate::ops::complete::CompleteMultipartUploadRequest;
use crate::ops::copy::CopyObjectRequest;
use crate::ops::delete::{DeleteObjectRequest, DeleteObjectsRequest};
use crate::ops::get::GetObjectRequest;
use crate::ops::head::{GetObjectMetaRequest, HeadObjectRequest, ObjectExistsRequest};
use crate::ops::list_objects::{ListObjectsRequest, ListObjectsV2Request};
use crate::ops::list_uploads::{ListMultipartUploadsRequest, ListPartsRequest};
use crate::ops::multipart::{
    AbortMultipartUploadRequest, InitiateMultipartUploadRequest, UploadPartCopyRequest,
    UploadPartRequest,
};
use crate::ops::put::PutObjectRequest;
use crate::ops::restore::RestoreObjectRequest;
use crate::ops::symlink::{GetSymlinkRequest, PutSymlinkRequest};
use crate::ops::tagging::{
    DeleteObjectTaggingRequest, GetObjectTaggingRequest, PutObjectTaggingRequest,
};
use crate::validation;
use oss_model::Acl;

/// A handle on one bucket: a client and a name. Cheap to clone.
#[derive(Clone)]
pub struct Bucket {
    client: Client,
    name: Arc<str>,
}

impl fmt::Debug for Bucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bucket").field("name", &self.name).finish()
    }
}

impl Bucket {
    pub(crate) fn new(client: Client, name: String) -> Self {
        Bucket {
            client,
            name: name.into(),
        }
    }

    /// The bucket's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// A bucket-level call, after checking the name.
    pub(crate) fn call(&self, operation: &'static str, method: Method) -> Result<Call> {
        validation::bucket_name(&self.name).map_err(|e| Error::validation(operation, e))?;
        Ok(Call::new(operation, method).bucket(&self.name))
    }

    /// An object-level call, after checking the name and the key.
    pub(crate) fn object_call(
        &self,
        operation: &'static str,
        method: Method,
        key: &str,
    ) -> Result<Call> {
        let call = self.call(operation, method)?;
        validation::object_key(key).map_err(|e| Error::validation(operation, e))?;
        Ok(call.key(key))
    }

    // Buckets.

    /// PutBucket: creates the bucket (options: ACL, storage class, redundancy).
    pub fn create(&self) -> PutBucketRequest {
        PutBucketRequest::new(self.clone())
    }

    /// DeleteBucket: deletes the (empty) bucket.
    pub fn delete(&self) -> DeleteBucketRequest {
        DeleteBucketRequest::new(self.clone())
    }

    /// GetBucketInfo: the bucket's details.
    pub fn info(&self) -> GetBucketInfoRequest {
        GetBucketInfoRequest::new(self.clone())
    }

    /// GetBucketLocation: the bucket's region (`oss-cn-hangzhou`).
    pub fn location(&self) -> GetBucketLocationRequest {
        GetBucketLocationRequest::new(self.clone())
    }

    /// GetBucketStat: storage used and object counts.
    pub fn stat(&self) -> GetBucketStatRequest {
        GetBucketStatRequest::new(self.clone())
    }

    /// PutBucketAcl: sets the bucket's ACL.
    pub fn put_acl(&self, acl: Acl) -> PutBucketAclRequest {
        PutBucketAclRequest::new(self.clone(), acl)
    }

    /// GetBucketAcl: the bucket's ACL and owner.
    pub fn get_acl(&self) -> GetBucketAclRequest {
        GetBucketAclRequest::new(self.clone())
    }

    /// Whether the bucket exists (`false` on `NoSuchBucket`; other errors are errors).
    pub fn exists(&self) -> BucketExistsRequest {
        BucketExistsRequest::new(self.clone())
    }

    // Listings.

    /// ListObjects (v1, marker based). See [`ListObjectsRequest::into_paginator`].
    pub fn list_objects(&self) -> ListObjectsRequest {
        ListObjectsRequest::new(self.clone())
    }

    /// ListObjectsV2 (continuation tokens). See [`ListObjectsV2Request::into_paginator`].
    pub fn list_objects_v2(&self) -> ListObjectsV2Request {
        ListObjectsV2Request::new(self.clone())
    }

    // Objects.

    /// PutObject: uploads `body` as `key`.
    pub fn put_object(&self, key: impl Into<String>, body: impl Into<Body>) -> PutObjectRequest {
        PutObjectRequest::new(self.clone(), key.into(), body.into())
    }

    /// GetObject: downloads `key` (a streaming body; see also
    /// [`GetObjectRequest::to_file`]).
    pub fn get_object(&self, key: impl Into<String>) -> GetObjectRequest {
        GetObjectRequest::new(self.clone(), key.into())
    }

    /// HeadObject: all of the object's metadata.
    pub fn head_object(&self, key: impl Into<String>) -> HeadObjectRequest {
        HeadObjectRequest::new(self.clone(), key.into())
    }

    /// GetObjectMeta: the object's basic metadata (ETag, size, last modified).
    pub fn get_object_meta(&self, key: impl Into<String>) -> GetObjectMetaRequest {
        GetObjectMetaRequest::new(self.clone(), key.into())
    }

    /// Whether the object exists (`false` on `NoSuchKey`; other errors are errors).
    pub fn object_exists(&self, key: impl Into<String>) -> ObjectExistsRequest {
        ObjectExistsRequest::new(self.clone(), key.into())
    }

    /// DeleteObject: deletes `key` (deleting a missing key succeeds).
    pub fn delete_object(&self, key: impl Into<String>) -> DeleteObjectRequest {
        DeleteObjectRequest::new(self.clone(), key.into())
    }

    /// DeleteMultipleObjects: deletes up to 1,000 keys in one request.
    pub fn delete_objects<K: Into<String>>(
        &self,
        keys: impl IntoIterator<Item = K>,
    ) -> DeleteObjectsRequest {
        DeleteObjectsRequest::new(self.clone(), keys.into_iter().map(Into::into).collect())
    }

    /// CopyObject: copies `source_key` of this bucket (or of
    /// [`source_bucket`](CopyObjectRequest::source_bucket)) to `key`.
    pub fn copy_object(
        &self,
        source_key: impl Into<String>,
        key: impl Into<String>,
    ) -> CopyObjectRequest {
        CopyObjectRequest::new(self.clone(), source_key.into(), key.into())
    }

    /// AppendObject: appends `body` to `key` at `position` (0 creates the object).
    pub fn append_object(
        &self,
        key: impl Into<String>,
        position: u64,
        body: impl Into<Body>,
    ) -> AppendObjectRequest {
        AppendObjectRequest::new(self.clone(), key.into(), position, body.into())
    }

    /// PutObjectAcl: sets the object's ACL.
    pub fn put_object_acl(&self, key: impl Into<String>, acl: Acl) -> PutObjectAclRequest {
        PutObjectAclRequest::new(self.clone(), key.into(), acl)
    }

    /// GetObjectAcl: the object's ACL (`default`: inherited from the bucket).
    pub fn get_object_acl(&self, key: impl Into<String>) -> GetObjectAclRequest {
        GetObjectAclRequest::new(self.clone(), key.into())
    }

    /// PutSymlink: makes `key` a symlink to `target`.
    pub fn put_symlink(
        &self,
        key: impl Into<String>,
        target: impl Into<String>,
    ) -> PutSymlinkRequest {
        PutSymlinkRequest::new(self.clone(), key.into(), target.into())
    }

    /// GetSymlink: the target of the symlink `key`.
    pub fn get_symlink(&self, key: impl Into<String>) -> GetSymlinkRequest {
        GetSymlinkRequest::new(self.clone(), key.into())
    }

    /// PutObjectTagging: replaces the object's tags.
    pub fn put_object_tagging<K: Into<String>, V: Into<String>>(
        &self,
        key: impl Into<String>,
        tags: impl IntoIterator<Item = (K, V)>,
    ) -> PutObjectTaggingRequest {
        PutObjectTaggingRequest::new(self.clone(), key.into(), oss_model::Tagging::new(tags))
    }

    /// GetObjectTagging: the object's tags.
    pub fn get_object_tagging(&self, key: impl Into<String>) -> GetObjectTaggingRequest {
        GetObjectTaggingRequest::new(self.clone(), key.into())
    }

    /// DeleteObjectTagging: removes the object's tags.
    pub fn delete_object_tagging(&self, key: impl Into<String>) -> DeleteObjectTaggingRequest {
        DeleteObjectTaggingRequest::new(self.clone(), key.into())
    }

    /// RestoreObject: makes an archived object readable for a while.
    pub fn restore_object(&self, key: impl Into<String>) -> RestoreObjectRequest {
        RestoreObjectRequest::new(self.clone(), key.into())
    }

    // Multipart uploads.

    /// InitiateMultipartUpload: starts an upload of `key` in parts.
    pub fn initiate_multipart_upload(
        &self,
        key: impl Into<String>,
    ) -> InitiateMultipartUploadRequest {
        InitiateMultipartUploadRequest::new(self.clone(), key.into())
    }

    /// UploadPart: uploads part `part_number` (1–10,000) of an upload.
    pub fn upload_part(
        &self,
        key: impl Into<String>,
        upload_id: impl Into<String>,
        part_number: u32,
        body: impl Into<Body>,
    ) -> UploadPartRequest {
        UploadPartRequest::new(
            self.clone(),
            key.into(),
            upload_id.into(),
            part_number,
            body.into(),
        )
    }

    /// UploadPartCopy: copies (a range of) `source_key` as part `part_number`.
    pub fn upload_part_copy(
        &self,
        key: impl Into<String>,
        upload_id: impl Into<String>,
        part_number: u32,
        source_key: impl Into<String>,
    ) -> UploadPartCopyRequest {
        UploadPartCopyRequest::new(
            self.clone(),
            key.into(),
            upload_id.into(),
            part_number,
            source_key.into(),
        )
    }

    /// CompleteMultipartUpload: joins the parts into the object.
    pub fn complete_multipart_upload(
        &self,
        key: impl Into<String>,
        upload_id: impl Into<String>,
    ) -> CompleteMultipartUploadRequest {
        CompleteMultipartUploadRequest::new(self.clone(), key.into(), upload_id.into())
    }

    /// AbortMultipartUpload: discards an upload and its parts.
    pub fn abort_multipart_upload(
        &self,
        key: impl Into<String>,
        upload_id: impl Into<String>,
    ) -> AbortMultipartUploadRequest {
        AbortMultipartUploadRequest::new(self.clone(), key.into(), upload_id.into())
    }

    /// ListMultipartUploads: the uploads in progress.
    pub fn list_multipart_uploads(&self) -> ListMultipartUploadsRequest {
        ListMultipartUploadsRequest::new(self.clone())
    }

    /// ListParts: the parts uploaded so far.
    pub fn list_parts(
        &self,
        key: impl Into<String>,
        upload_id: impl Into<String>,
    ) -> ListPartsRequest {
        ListPartsRequest::new(self.clone(), key.into(), upload_id.into())
    }
}
