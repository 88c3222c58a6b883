//! HeadObject, and whether an object exists (GetObjectMeta is a generic
//! [`Request`]).
//!
//! ```no_run
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! let meta = bucket.head_object("a.txt").await?;
//! println!("{:?} bytes, ETag {:?}, author {:?}", meta.content_length, meta.etag, meta.user_meta("author"));
//! if !bucket.object_exists("b.txt").await? {
//!     println!("no b.txt");
//! }
//! # Ok(())
//! # }
//! ```

use http::Method;
use oss_model::code::ErrorCode;
use oss_model::ObjectMeta;

use crate::bucket::Bucket;
use crate::call::{operation, Call, Head};
use crate::client::Client;
use crate::error::Result;
use crate::ops::conditions::{condition_setters, Applies, Conditions};
use crate::output::Output;
use crate::request::Request;
use oss_model::op;

/// Reads an object's metadata from response headers.
fn object_meta(operation: &str, head: Head, client: &Client) -> Result<Output<ObjectMeta>> {
    let meta = head.object_meta(operation, client.dialect())?;
    Ok(head.output(meta))
}

/// HeadObject (`HEAD /key`): every header of the object, no body.
#[derive(Debug, Clone)]
pub struct HeadObjectRequest {
    bucket: Bucket,
    key: String,
    conditions: Conditions,
    version_id: Option<String>,
}

impl HeadObjectRequest {
    pub(crate) fn new(bucket: Bucket, key: String) -> Self {
        HeadObjectRequest {
            bucket,
            key,
            conditions: Conditions::default(),
            version_id: None,
        }
    }

    condition_setters!("the object");

    /// A given version (versioned buckets).
    pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
        self.version_id = Some(version_id.into());
        self
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let dialect = self.bucket.client().dialect();
        let call = self
            .bucket
            .object_call("HeadObject", Method::HEAD, &self.key)?
            .query_opt("versionId", self.version_id)
            .headers(self.conditions.headers(dialect, Applies::Object));
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<ObjectMeta>> {
        let (client, call) = self.into_call()?;
        let response = call.send(&client).await?;
        object_meta("HeadObject", Head::of(&response), &client)
    }
}

operation!(HeadObjectRequest => Output<ObjectMeta>);

/// Whether an object exists, asked with GetObjectMeta: `false` on `NoSuchKey` (or a 404
/// without a code); any other error, `NoSuchBucket` included, is returned.
#[derive(Debug, Clone)]
pub struct ObjectExistsRequest {
    inner: Request<op::GetObjectMeta>,
}

impl ObjectExistsRequest {
    pub(crate) fn new(bucket: Bucket, key: String) -> Self {
        ObjectExistsRequest {
            inner: bucket.get_object_meta(key),
        }
    }

    /// A given version (versioned buckets).
    pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
        self.inner = self.inner.version_id(version_id);
        self
    }

    fn into_call(self) -> Result<(Client, Call)> {
        self.inner.into_call()
    }

    /// Sends the request.
    pub async fn send(self) -> Result<bool> {
        match self.inner.send().await {
            Ok(_) => Ok(true),
            Err(error)
                if error.is_not_found()
                    && (error.code().is_none() || error.is_code(ErrorCode::NoSuchKey)) =>
            {
                Ok(false)
            }
            Err(error) => Err(error),
        }
    }
}

operation!(ObjectExistsRequest => bool);
