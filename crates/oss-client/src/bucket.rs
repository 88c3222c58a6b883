//! [`Bucket`]: a handle on one bucket, with one method per operation.
//!
//! Methods are named after the operation they send, in snake case (`put_bucket_acl` sends
//! PutBucketAcl, `get_object` GetObject); the few that are not operations say what they ask
//! (`exists`, `object_exists`). The methods of the operations the client sends through its
//! generic path are generated from oss-model's operation table (see
//! [`Request`](crate::Request)); this file holds the hand-written ones. Each method returns
//! a request builder: set its options, then `.await` it (or call
//! `.send()`), or `.presign(...)` it. Nothing is sent until then, and the bucket name, key
//! and options are checked first (see [`validation`](mod@crate::validation)).
//!
//! ```no_run
//! # async fn demo(client: oss_client::Client) -> oss_client::Result<()> {
//! let bucket = client.bucket("examplebucket");
//! bucket.put_bucket().await?;
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
use crate::ops::append::AppendObjectRequest;
use crate::ops::bucket::BucketExistsRequest;
use crate::ops::complete::CompleteMultipartUploadRequest;
use crate::ops::copy::CopyObjectRequest;
use crate::ops::delete::DeleteObjectsRequest;
use crate::ops::get::GetObjectRequest;
use crate::ops::head::{HeadObjectRequest, ObjectExistsRequest};
use crate::ops::multipart::{
    InitiateMultipartUploadRequest, UploadPartCopyRequest, UploadPartRequest,
};
use crate::ops::put::PutObjectRequest;
use crate::validation;

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
        validation::bucket_name_in(self.client.dialect(), &self.name)
            .map_err(|e| Error::validation(operation, e))?;
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

    /// Whether the bucket exists (`false` on `NoSuchBucket`; other errors are errors).
    pub fn exists(&self) -> BucketExistsRequest {
        BucketExistsRequest::new(self.clone())
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

    /// Whether the object exists (`false` on `NoSuchKey`; other errors are errors).
    pub fn object_exists(&self, key: impl Into<String>) -> ObjectExistsRequest {
        ObjectExistsRequest::new(self.clone(), key.into())
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
}
