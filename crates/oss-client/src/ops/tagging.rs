//! PutObjectTagging, GetObjectTagging and DeleteObjectTagging.
//!
//! ```no_run
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! bucket.put_object_tagging("a.txt", [("project", "oss-rs"), ("tier", "hot")]).await?;
//! let tags = bucket.get_object_tagging("a.txt").await?;
//! assert_eq!(tags.get("project"), Some("oss-rs"));
//! bucket.delete_object_tagging("a.txt").await?;
//! # Ok(())
//! # }
//! ```

use http::Method;
use oss_model::Tagging;

use crate::bucket::Bucket;
use crate::call::{empty_output, operation, xml_output, Call};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::validation;

/// PutObjectTagging (`PUT /key?tagging`): replaces all of the object's tags.
#[derive(Debug, Clone)]
pub struct PutObjectTaggingRequest {
    bucket: Bucket,
    key: String,
    tagging: Tagging,
}

impl PutObjectTaggingRequest {
    pub(crate) fn new(bucket: Bucket, key: String, tagging: Tagging) -> Self {
        PutObjectTaggingRequest {
            bucket,
            key,
            tagging,
        }
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self
            .bucket
            .object_call("PutObjectTagging", Method::PUT, &self.key)?;
        validation::tags(
            self.tagging
                .tags
                .iter()
                .map(|t| (t.key.as_str(), t.value.as_str())),
        )
        .map_err(|e| Error::validation("PutObjectTagging", e))?;
        let call = call.query("tagging", "").xml_body(&self.tagging);
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<()>> {
        let (client, call) = self.into_call()?;
        Ok(empty_output(call.send(&client).await?))
    }
}

operation!(PutObjectTaggingRequest => Output<()>);

/// GetObjectTagging (`GET /key?tagging`).
#[derive(Debug, Clone)]
pub struct GetObjectTaggingRequest {
    bucket: Bucket,
    key: String,
}

impl GetObjectTaggingRequest {
    pub(crate) fn new(bucket: Bucket, key: String) -> Self {
        GetObjectTaggingRequest { bucket, key }
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self
            .bucket
            .object_call("GetObjectTagging", Method::GET, &self.key)?
            .query("tagging", "");
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<Tagging>> {
        let (client, call) = self.into_call()?;
        xml_output("GetObjectTagging", call.send(&client).await?).await
    }
}

operation!(GetObjectTaggingRequest => Output<Tagging>);

/// DeleteObjectTagging (`DELETE /key?tagging`).
#[derive(Debug, Clone)]
pub struct DeleteObjectTaggingRequest {
    bucket: Bucket,
    key: String,
}

impl DeleteObjectTaggingRequest {
    pub(crate) fn new(bucket: Bucket, key: String) -> Self {
        DeleteObjectTaggingRequest { bucket, key }
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self
            .bucket
            .object_call("DeleteObjectTagging", Method::DELETE, &self.key)?
            .query("tagging", "");
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<()>> {
        let (client, call) = self.into_call()?;
        Ok(empty_output(call.send(&client).await?))
    }
}

operation!(DeleteObjectTaggingRequest => Output<()>);
