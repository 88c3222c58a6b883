//! ListObjects and ListObjectsV2: the objects of a bucket, a page at a time or through a
//! [`Paginator`].
//!
//! Both send `encoding-type=url` unless told not to and decode what comes back, as the Go
//! SDK does, so that keys holding characters XML 1.0 cannot carry still list; the results
//! hold plain keys either way.
//!
//! ```no_run
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! let page = bucket.list_objects_v2().prefix("photos/").delimiter("/").await?;
//! for dir in &page.common_prefixes {
//!     println!("dir  {}", dir.prefix);
//! }
//! for object in &page.contents {
//!     println!("file {} ({} bytes)", object.key, object.size);
//! }
//! # Ok(())
//! # }
//! ```

use http::Method;
use oss_model::{ListBucketResult, ListBucketResultV2, ObjectSummary};

use crate::bucket::Bucket;
use crate::call::{decoded_xml_output, operation, BoxFuture, Call};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::paginator::{self, Paginated, Paginator};
use crate::validation;

/// The options both versions share.
#[derive(Debug, Clone)]
struct Common {
    prefix: Option<String>,
    delimiter: Option<String>,
    max_keys: Option<u32>,
    url_encoding: bool,
}

impl Common {
    fn new() -> Self {
        Common {
            prefix: None,
            delimiter: None,
            max_keys: None,
            url_encoding: true,
        }
    }

    fn apply(&self, operation: &'static str, call: Call) -> Result<Call> {
        if let Some(max) = self.max_keys {
            validation::page_size("max-keys", max).map_err(|e| Error::validation(operation, e))?;
        }
        Ok(call
            .query_opt("prefix", self.prefix.as_deref())
            .query_opt("delimiter", self.delimiter.as_deref())
            .query_opt("max-keys", self.max_keys)
            .query_opt("encoding-type", self.url_encoding.then_some("url")))
    }
}

macro_rules! common_setters {
    () => {
        /// Only keys that start with `prefix`.
        pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
            self.common.prefix = Some(prefix.into());
            self
        }

        /// Groups keys by `delimiter` (usually `/`) after the prefix: the groups come back
        /// as common prefixes instead of objects.
        pub fn delimiter(mut self, delimiter: impl Into<String>) -> Self {
            self.common.delimiter = Some(delimiter.into());
            self
        }

        /// At most this many entries per page (1–1,000; the service's default is 100).
        pub fn max_keys(mut self, max_keys: u32) -> Self {
            self.common.max_keys = Some(max_keys);
            self
        }

        /// Whether to ask for `encoding-type=url` (on by default; the names come back
        /// decoded either way).
        pub fn url_encoding(mut self, on: bool) -> Self {
            self.common.url_encoding = on;
            self
        }

        /// Every page, fetched as the stream is polled.
        pub fn into_paginator(self) -> Paginator<Self> {
            Paginator::new(self)
        }
    };
}

/// ListObjects (`GET /`): version 1, paged with markers.
#[derive(Debug, Clone)]
pub struct ListObjectsRequest {
    bucket: Bucket,
    common: Common,
    marker: Option<String>,
}

impl ListObjectsRequest {
    pub(crate) fn new(bucket: Bucket) -> Self {
        ListObjectsRequest {
            bucket,
            common: Common::new(),
            marker: None,
        }
    }

    common_setters!();

    /// Only keys after `marker`.
    pub fn marker(mut self, marker: impl Into<String>) -> Self {
        self.marker = Some(marker.into());
        self
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self.bucket.call("ListObjects", Method::GET)?;
        let call = self
            .common
            .apply("ListObjects", call)?
            .query_opt("marker", self.marker);
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<ListBucketResult>> {
        let (client, call) = self.into_call()?;
        decoded_xml_output("ListObjects", call.send(&client).await?).await
    }
}

operation!(ListObjectsRequest => Output<ListBucketResult>);

impl paginator::sealed::Sealed for ListObjectsRequest {}

impl Paginated for ListObjectsRequest {
    type Page = ListBucketResult;
    type Item = ObjectSummary;

    fn fetch(self) -> BoxFuture<Result<Output<Self::Page>>> {
        Box::pin(self.send())
    }

    fn next_request(&self, page: &Self::Page) -> std::result::Result<Option<Self>, String> {
        if !page.is_truncated {
            return Ok(None);
        }
        // Without a delimiter the service may leave NextMarker out: the last key is next.
        let fallback = page
            .contents
            .last()
            .map(|o| o.key.as_str())
            .into_iter()
            .chain(page.common_prefixes.last().map(|p| p.prefix.as_str()))
            .max();
        let next = page
            .next_marker
            .as_deref()
            .filter(|m| !m.is_empty())
            .or(fallback);
        let marker = paginator::next_marker(true, next, self.marker.as_deref(), "marker")?;
        Ok(marker.map(|marker| self.clone().marker(marker)))
    }

    fn items(page: Self::Page) -> Vec<Self::Item> {
        page.contents
    }

    fn operation() -> &'static str {
        "ListObjects"
    }
}

/// ListObjectsV2 (`GET /?list-type=2`): paged with continuation tokens.
#[derive(Debug, Clone)]
pub struct ListObjectsV2Request {
    bucket: Bucket,
    common: Common,
    continuation_token: Option<String>,
    start_after: Option<String>,
    fetch_owner: bool,
}

impl ListObjectsV2Request {
    pub(crate) fn new(bucket: Bucket) -> Self {
        ListObjectsV2Request {
            bucket,
            common: Common::new(),
            continuation_token: None,
            start_after: None,
            fetch_owner: false,
        }
    }

    common_setters!();

    /// Continues a listing from the token of the previous page.
    pub fn continuation_token(mut self, token: impl Into<String>) -> Self {
        self.continuation_token = Some(token.into());
        self
    }

    /// Only keys after `key`.
    pub fn start_after(mut self, key: impl Into<String>) -> Self {
        self.start_after = Some(key.into());
        self
    }

    /// Includes each object's owner.
    pub fn fetch_owner(mut self, fetch: bool) -> Self {
        self.fetch_owner = fetch;
        self
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self
            .bucket
            .call("ListObjectsV2", Method::GET)?
            .query("list-type", "2");
        let call = self
            .common
            .apply("ListObjectsV2", call)?
            .query_opt("continuation-token", self.continuation_token)
            .query_opt("start-after", self.start_after)
            .query_opt("fetch-owner", self.fetch_owner.then_some("true"));
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<ListBucketResultV2>> {
        let (client, call) = self.into_call()?;
        decoded_xml_output("ListObjectsV2", call.send(&client).await?).await
    }
}

operation!(ListObjectsV2Request => Output<ListBucketResultV2>);

impl paginator::sealed::Sealed for ListObjectsV2Request {}

impl Paginated for ListObjectsV2Request {
    type Page = ListBucketResultV2;
    type Item = ObjectSummary;

    fn fetch(self) -> BoxFuture<Result<Output<Self::Page>>> {
        Box::pin(self.send())
    }

    fn next_request(&self, page: &Self::Page) -> std::result::Result<Option<Self>, String> {
        let token = paginator::next_marker(
            page.is_truncated,
            page.next_continuation_token.as_deref(),
            self.continuation_token.as_deref(),
            "continuation token",
        )?;
        Ok(token.map(|token| self.clone().continuation_token(token)))
    }

    fn items(page: Self::Page) -> Vec<Self::Item> {
        page.contents
    }

    fn operation() -> &'static str {
        "ListObjectsV2"
    }
}
