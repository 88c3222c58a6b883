//! ListMultipartUploads and ListParts, a page at a time or through a [`Paginator`].
//!
//! ```no_run
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! // Abort every upload left behind under tmp/.
//! let uploads = bucket.list_multipart_uploads().prefix("tmp/").into_paginator();
//! for upload in uploads.collect_items().await? {
//!     bucket.abort_multipart_upload(&upload.key, &upload.upload_id).await?;
//! }
//! # Ok(())
//! # }
//! ```

use http::Method;
use oss_model::{ListMultipartUploadsResult, ListPartsResult, Part, Upload};

use crate::bucket::Bucket;
use crate::call::{decoded_xml_output, operation, BoxFuture, Call};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::paginator::{self, Paginated, Paginator};
use crate::validation;

const UPLOADS: &str = "ListMultipartUploads";
const PARTS: &str = "ListParts";

/// ListMultipartUploads (`GET /?uploads`): uploads initiated and not yet completed or
/// aborted.
#[derive(Debug, Clone)]
pub struct ListMultipartUploadsRequest {
    bucket: Bucket,
    prefix: Option<String>,
    delimiter: Option<String>,
    key_marker: Option<String>,
    upload_id_marker: Option<String>,
    max_uploads: Option<u32>,
    url_encoding: bool,
}

impl ListMultipartUploadsRequest {
    pub(crate) fn new(bucket: Bucket) -> Self {
        ListMultipartUploadsRequest {
            bucket,
            prefix: None,
            delimiter: None,
            key_marker: None,
            upload_id_marker: None,
            max_uploads: None,
            url_encoding: true,
        }
    }

    /// Only uploads of keys that start with `prefix`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// Groups keys by `delimiter` after the prefix.
    pub fn delimiter(mut self, delimiter: impl Into<String>) -> Self {
        self.delimiter = Some(delimiter.into());
        self
    }

    /// Only uploads after this key (with [`upload_id_marker`](Self::upload_id_marker): after
    /// that upload of the key).
    pub fn key_marker(mut self, marker: impl Into<String>) -> Self {
        self.key_marker = Some(marker.into());
        self
    }

    /// With [`key_marker`](Self::key_marker): only uploads after this one.
    pub fn upload_id_marker(mut self, marker: impl Into<String>) -> Self {
        self.upload_id_marker = Some(marker.into());
        self
    }

    /// At most this many uploads per page (1–1,000).
    pub fn max_uploads(mut self, max: u32) -> Self {
        self.max_uploads = Some(max);
        self
    }

    /// Whether to ask for `encoding-type=url` (on by default; names come back decoded).
    pub fn url_encoding(mut self, on: bool) -> Self {
        self.url_encoding = on;
        self
    }

    /// Every page, fetched as the stream is polled.
    pub fn into_paginator(self) -> Paginator<Self> {
        Paginator::new(self)
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self.bucket.call(UPLOADS, Method::GET)?;
        if let Some(max) = self.max_uploads {
            validation::page_size("max-uploads", max).map_err(|e| Error::validation(UPLOADS, e))?;
        }
        let call = call
            .query("uploads", "")
            .query_opt("prefix", self.prefix)
            .query_opt("delimiter", self.delimiter)
            .query_opt("key-marker", self.key_marker)
            .query_opt("upload-id-marker", self.upload_id_marker)
            .query_opt("max-uploads", self.max_uploads)
            .query_opt("encoding-type", self.url_encoding.then_some("url"));
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<ListMultipartUploadsResult>> {
        let (client, call) = self.into_call()?;
        decoded_xml_output(UPLOADS, call.send(&client).await?).await
    }
}

operation!(ListMultipartUploadsRequest => Output<ListMultipartUploadsResult>);

impl paginator::sealed::Sealed for ListMultipartUploadsRequest {}

impl Paginated for ListMultipartUploadsRequest {
    type Page = ListMultipartUploadsResult;
    type Item = Upload;

    fn fetch(self) -> BoxFuture<Result<Output<Self::Page>>> {
        Box::pin(self.send())
    }

    fn next_request(&self, page: &Self::Page) -> std::result::Result<Option<Self>, String> {
        if !page.is_truncated {
            return Ok(None);
        }
        let next = (
            page.next_key_marker.as_str(),
            page.next_upload_id_marker.as_str(),
        );
        let current = (
            self.key_marker.as_deref().unwrap_or(""),
            self.upload_id_marker.as_deref().unwrap_or(""),
        );
        if next.0.is_empty() || next == current {
            return Err(format!(
                "the listing is truncated but its next markers {next:?} lead nowhere new"
            ));
        }
        let mut request = self.clone().key_marker(next.0);
        request.upload_id_marker = (!next.1.is_empty()).then(|| next.1.to_owned());
        Ok(Some(request))
    }

    fn items(page: Self::Page) -> Vec<Self::Item> {
        page.uploads
    }

    fn operation() -> &'static str {
        UPLOADS
    }
}

/// ListParts (`GET /key?uploadId=ID`): the parts of an upload.
#[derive(Debug, Clone)]
pub struct ListPartsRequest {
    bucket: Bucket,
    key: String,
    upload_id: String,
    max_parts: Option<u32>,
    part_number_marker: Option<u32>,
    url_encoding: bool,
}

impl ListPartsRequest {
    pub(crate) fn new(bucket: Bucket, key: String, upload_id: String) -> Self {
        ListPartsRequest {
            bucket,
            key,
            upload_id,
            max_parts: None,
            part_number_marker: None,
            url_encoding: true,
        }
    }

    /// At most this many parts per page (1–1,000).
    pub fn max_parts(mut self, max: u32) -> Self {
        self.max_parts = Some(max);
        self
    }

    /// Only parts after this part number.
    pub fn part_number_marker(mut self, marker: u32) -> Self {
        self.part_number_marker = Some(marker);
        self
    }

    /// Whether to ask for `encoding-type=url` (on by default; the key comes back decoded).
    pub fn url_encoding(mut self, on: bool) -> Self {
        self.url_encoding = on;
        self
    }

    /// Every page, fetched as the stream is polled.
    pub fn into_paginator(self) -> Paginator<Self> {
        Paginator::new(self)
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self.bucket.object_call(PARTS, Method::GET, &self.key)?;
        validation::non_empty("upload id", &self.upload_id)
            .map_err(|e| Error::validation(PARTS, e))?;
        if let Some(max) = self.max_parts {
            validation::page_size("max-parts", max).map_err(|e| Error::validation(PARTS, e))?;
        }
        let call = call
            .query("uploadId", self.upload_id)
            .query_opt("max-parts", self.max_parts)
            .query_opt("part-number-marker", self.part_number_marker)
            .query_opt("encoding-type", self.url_encoding.then_some("url"));
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<ListPartsResult>> {
        let (client, call) = self.into_call()?;
        decoded_xml_output(PARTS, call.send(&client).await?).await
    }
}

operation!(ListPartsRequest => Output<ListPartsResult>);

impl paginator::sealed::Sealed for ListPartsRequest {}

impl Paginated for ListPartsRequest {
    type Page = ListPartsResult;
    type Item = Part;

    fn fetch(self) -> BoxFuture<Result<Output<Self::Page>>> {
        Box::pin(self.send())
    }

    fn next_request(&self, page: &Self::Page) -> std::result::Result<Option<Self>, String> {
        if !page.is_truncated {
            return Ok(None);
        }
        match page.next_part_number_marker {
            Some(next) if Some(next) != self.part_number_marker => {
                Ok(Some(self.clone().part_number_marker(next)))
            }
            Some(next) => Err(format!(
                "the listing is truncated but its next part-number marker {next} is the one just used"
            )),
            None => Err("the listing is truncated but gives no next part-number marker".into()),
        }
    }

    fn items(page: Self::Page) -> Vec<Self::Item> {
        page.parts
    }

    fn operation() -> &'static str {
        PARTS
    }
}
