//! CopyObject: copies an object within a bucket or from another bucket, keeping or
//! replacing its metadata, under conditions on the source.
//!
//! ```no_run
//! use oss_client::model::MetadataDirective;
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! // Same bucket, metadata copied.
//! bucket.copy_object("a.txt", "b.txt").await?;
//! // From another bucket, new metadata, only if the source is unchanged.
//! bucket
//!     .copy_object("report.pdf", "archive/report.pdf")
//!     .source_bucket("other-bucket")
//!     .metadata_directive(MetadataDirective::Replace)
//!     .meta("archived", "yes")
//!     .if_match("\"5B3C1A2E053D763E1B002CC607C5A0FE\"")
//!     .await?;
//! # Ok(())
//! # }
//! ```

use http::Method;
use oss_auth::encoding::encode_path;
use oss_model::dialect::{CopySource, Header};
use oss_model::{CopyObjectResult, MetadataDirective, ObjectHeaders, TaggingDirective};

use crate::bucket::Bucket;
use crate::call::{operation, xml_output, Call};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::mime;
use crate::ops::conditions::{condition_setters, Applies, Conditions};
use crate::ops::object_options::{self, object_setters};
use crate::output::Output;
use crate::validation;

const OPERATION: &str = "CopyObject";

/// The copy-source header's value in the client's dialect (`/bucket/key` for OSS, with the
/// key percent-encoded, `/` kept, and `?versionId=` for a given version). The source is taken
/// to be in the client's region.
pub(crate) fn copy_source(
    client: &Client,
    operation: &'static str,
    bucket: &str,
    key: &str,
    version_id: Option<&str>,
) -> Result<String> {
    let dialect = client.dialect();
    validation::bucket_name_in(dialect, bucket)
        .and_then(|()| validation::object_key(key))
        .map_err(|e| Error::validation(operation, e))?;
    let encoded_key = encode_path(key);
    let encoded_version = version_id.map(oss_auth::encoding::encode_component);
    let source = CopySource {
        bucket,
        encoded_key: &encoded_key,
        encoded_version_id: encoded_version.as_deref(),
        region: client.config().region(),
    };
    dialect.copy_source(&source).ok_or_else(|| {
        Error::validation(
            operation,
            validation::ValidationError::new(
                validation::ValidationKind::Argument,
                "the copy source needs the client's region; set one",
            ),
        )
    })
}

/// CopyObject (`PUT /key` with `x-oss-copy-source`).
#[derive(Debug, Clone)]
pub struct CopyObjectRequest {
    bucket: Bucket,
    key: String,
    source_bucket: Option<String>,
    source_key: String,
    source_version_id: Option<String>,
    conditions: Conditions,
    headers: ObjectHeaders,
}

impl CopyObjectRequest {
    pub(crate) fn new(bucket: Bucket, source_key: String, key: String) -> Self {
        CopyObjectRequest {
            bucket,
            key,
            source_bucket: None,
            source_key,
            source_version_id: None,
            conditions: Conditions::default(),
            headers: ObjectHeaders::new(),
        }
    }

    /// Copies from this bucket instead of the destination's.
    pub fn source_bucket(mut self, bucket: impl Into<String>) -> Self {
        self.source_bucket = Some(bucket.into());
        self
    }

    /// Copies this version of the source (versioned buckets).
    pub fn source_version_id(mut self, version_id: impl Into<String>) -> Self {
        self.source_version_id = Some(version_id.into());
        self
    }

    condition_setters!("the source");

    /// `COPY` the source's metadata (the default) or `REPLACE` it with this request's.
    pub fn metadata_directive(mut self, directive: MetadataDirective) -> Self {
        self.headers.metadata_directive = Some(directive);
        self
    }

    /// `Copy` the source's tags (the default) or `Replace` them with this request's.
    pub fn tagging_directive(mut self, directive: TaggingDirective) -> Self {
        self.headers.tagging_directive = Some(directive);
        self
    }

    object_setters!();

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self.bucket.object_call(OPERATION, Method::PUT, &self.key)?;
        let source_bucket = self.source_bucket.as_deref().unwrap_or(self.bucket.name());
        let client = self.bucket.client();
        let source = copy_source(
            client,
            OPERATION,
            source_bucket,
            &self.source_key,
            self.source_version_id.as_deref(),
        )?;
        object_options::validate(OPERATION, &self.headers)?;
        let mut headers = self.headers;
        let replace = headers.metadata_directive == Some(MetadataDirective::Replace);
        if replace && headers.content_type.is_none() {
            headers.content_type = Some(mime::guess(&self.key).to_owned());
        }
        let dialect = client.dialect();
        let call = call
            .header(dialect.header(Header::CopySource), source)
            .headers(object_options::wire_headers(client, OPERATION, &headers)?)
            .headers(self.conditions.headers(dialect, Applies::CopySource));
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<CopyObjectResult>> {
        let (client, call) = self.into_call()?;
        xml_output(OPERATION, call.send(&client).await?).await
    }
}

operation!(CopyObjectRequest => Output<CopyObjectResult>);
