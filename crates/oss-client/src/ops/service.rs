//! ListBuckets: the account's buckets, one page at a time or through a [`Paginator`].
//!
//! ```no_run
//! # async fn demo(client: oss_client::Client) -> oss_client::Result<()> {
//! let page = client.list_buckets().prefix("logs-").max_keys(50).await?;
//! for bucket in &page.buckets {
//!     println!("{} ({})", bucket.name, bucket.location);
//! }
//! let all = client.list_buckets().into_paginator().collect_items().await?;
//! # let _ = all;
//! # Ok(())
//! # }
//! ```

use http::Method;
use oss_model::{BucketSummary, ListAllMyBucketsResult};

use crate::call::{operation, xml_output, BoxFuture, Call};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::paginator::{self, Paginated, Paginator};
use crate::validation;

const OPERATION: &str = "ListBuckets";

/// ListBuckets (`GET /`).
#[derive(Debug, Clone)]
pub struct ListBucketsRequest {
    client: Client,
    prefix: Option<String>,
    marker: Option<String>,
    max_keys: Option<u32>,
}

impl ListBucketsRequest {
    pub(crate) fn new(client: Client) -> Self {
        ListBucketsRequest {
            client,
            prefix: None,
            marker: None,
            max_keys: None,
        }
    }

    /// Only buckets whose names start with `prefix`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// Only buckets after `marker` in name order.
    pub fn marker(mut self, marker: impl Into<String>) -> Self {
        self.marker = Some(marker.into());
        self
    }

    /// At most this many buckets per page (1–1,000; the service's default is 100).
    pub fn max_keys(mut self, max_keys: u32) -> Self {
        self.max_keys = Some(max_keys);
        self
    }

    /// Every page, fetched as the stream is polled.
    pub fn into_paginator(self) -> Paginator<Self> {
        Paginator::new(self)
    }

    fn into_call(self) -> Result<(Client, Call)> {
        if let Some(max) = self.max_keys {
            validation::page_size("max-keys", max).map_err(|e| Error::validation(OPERATION, e))?;
        }
        let call = Call::new(OPERATION, Method::GET)
            .query_opt("prefix", self.prefix)
            .query_opt("marker", self.marker)
            .query_opt("max-keys", self.max_keys);
        Ok((self.client, call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<ListAllMyBucketsResult>> {
        let (client, call) = self.into_call()?;
        let response = call.send(&client).await?;
        xml_output(OPERATION, response).await
    }
}

operation!(ListBucketsRequest => Output<ListAllMyBucketsResult>);

impl paginator::sealed::Sealed for ListBucketsRequest {}

impl Paginated for ListBucketsRequest {
    type Page = ListAllMyBucketsResult;
    type Item = BucketSummary;

    fn fetch(self) -> BoxFuture<Result<Output<Self::Page>>> {
        Box::pin(self.send())
    }

    fn next_request(&self, page: &Self::Page) -> std::result::Result<Option<Self>, String> {
        let marker = paginator::next_marker(
            page.is_truncated.unwrap_or(false),
            page.next_marker.as_deref(),
            self.marker.as_deref(),
            "marker",
        )?;
        Ok(marker.map(|marker| self.clone().marker(marker)))
    }

    fn items(page: Self::Page) -> Vec<Self::Item> {
        page.buckets
    }

    fn operation() -> &'static str {
        OPERATION
    }
}
