//! DeleteObject and DeleteMultipleObjects.
//!
//! ```no_run
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! bucket.delete_object("old.txt").await?;
//! let result = bucket.delete_objects(["a.txt", "b.txt"]).await?;
//! for deleted in &result.deleted {
//!     println!("deleted {}", deleted.key);
//! }
//! bucket.delete_objects(["c.txt"]).quiet(true).await?; // lists nothing back
//! # Ok(())
//! # }
//! ```

use bytes::Bytes;
use http::Method;
use oss_model::{DeleteRequest, DeleteResult, KeyEncoding, ObjectIdentifier};

use crate::bucket::Bucket;
use crate::call::{operation, Call, Head};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::validation;

const MULTIPLE: &str = "DeleteMultipleObjects";

/// DeleteMultipleObjects (`POST /?delete`): up to 1,000 keys, with `Content-MD5`.
///
/// Verbose by default: the result lists every deleted key. In quiet mode it lists nothing
/// (the service reports only failures, and OSS deletes missing keys without complaint).
#[derive(Debug, Clone)]
pub struct DeleteObjectsRequest {
    bucket: Bucket,
    objects: Vec<ObjectIdentifier>,
    quiet: bool,
    url_encoding: bool,
}

impl DeleteObjectsRequest {
    pub(crate) fn new(bucket: Bucket, keys: Vec<String>) -> Self {
        DeleteObjectsRequest {
            bucket,
            objects: keys.into_iter().map(ObjectIdentifier::new).collect(),
            quiet: false,
            url_encoding: true,
        }
    }

    /// Adds a key to delete.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.objects.push(ObjectIdentifier::new(key));
        self
    }

    /// Adds a given version of a key to delete (versioned buckets).
    pub fn key_version(mut self, key: impl Into<String>, version_id: impl Into<String>) -> Self {
        self.objects.push(ObjectIdentifier {
            key: key.into(),
            version_id: Some(version_id.into()),
        });
        self
    }

    /// Quiet mode: the response lists no deleted keys.
    pub fn quiet(mut self, quiet: bool) -> Self {
        self.quiet = quiet;
        self
    }

    /// Whether to ask for `encoding-type=url` in the response (on by default; keys come
    /// back decoded either way).
    pub fn url_encoding(mut self, on: bool) -> Self {
        self.url_encoding = on;
        self
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self.bucket.call(MULTIPLE, Method::POST)?;
        validation::delete_keys(self.objects.iter().map(|o| o.key.as_str()))
            .map_err(|e| Error::validation(MULTIPLE, e))?;
        let body = DeleteRequest {
            quiet: self.quiet,
            objects: self.objects,
        };
        let call = call
            .query("delete", "")
            .query_opt("encoding-type", self.url_encoding.then_some("url"))
            .xml_body(&body)
            .content_md5();
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<DeleteResult>> {
        let (client, call) = self.into_call()?;
        let response = call.send(&client).await?;
        let head = Head::of(&response);
        let body: Bytes = response.bytes().await?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(head.output(DeleteResult::default()));
        }
        let result = DeleteResult::from_xml_decoded(&body).map_err(|e| {
            Error::invalid_response(MULTIPLE, e.to_string(), head.request_id.as_deref())
        })?;
        Ok(head.output(result))
    }
}

operation!(DeleteObjectsRequest => Output<DeleteResult>);
