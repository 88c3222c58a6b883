//! Listings: `list` and `list_with_offset` as a lazy stream of ListObjectsV2 pages,
//! `list_with_delimiter` as every page with `/` as the delimiter, and
//! [`PaginatedListStore`] one page at a time with the continuation token as the page token.
//!
//! Prefixes of `object_store` paths match whole segments (`a` lists `a/…`, never `ab`);
//! the raw prefix of `list_paginated` matches as OSS matches it (`fo` lists `foo/…` and
//! `fob/…`). An offset is OSS's `start-after`, exclusive as `object_store` wants.

use async_trait::async_trait;
use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use object_store::list::{PaginatedListOptions, PaginatedListResult, PaginatedListStore};
use object_store::path::Path;
use object_store::{ListResult, ObjectMeta};
use oss_client::model::op::MAX_PAGE_SIZE;
use oss_client::model::ListBucketResultV2;
use oss_client::Bucket;

use crate::convert::{self, DELIMITER};
use crate::error;
use crate::store::OssObjectStore;

/// Every object under `prefix` (after `offset` when given), page by page as it is read.
pub(crate) fn list(
    bucket: &Bucket,
    prefix: Option<&Path>,
    offset: Option<&Path>,
) -> BoxStream<'static, object_store::Result<ObjectMeta>> {
    let mut request = bucket.list_objects_v2();
    let shown = prefix.map(|p| p.to_string()).unwrap_or_default();
    if let Some(prefix) = convert::list_prefix(prefix) {
        request = request.prefix(prefix);
    }
    if let Some(offset) = offset {
        request = request.start_after(offset.as_ref());
    }
    request
        .into_paginator()
        .items()
        .map_err(move |e| error::from_client(e, &shown))
        .and_then(|summary| std::future::ready(convert::listed_object(&summary)))
        .boxed()
}

/// The objects and common prefixes of one page.
fn page_result(page: &ListBucketResultV2) -> object_store::Result<ListResult> {
    let objects = page
        .contents
        .iter()
        .map(convert::listed_object)
        .collect::<object_store::Result<Vec<_>>>()?;
    let common_prefixes = page
        .common_prefixes
        .iter()
        .map(|p| convert::path_of_prefix(&p.prefix))
        .collect::<object_store::Result<Vec<_>>>()?;
    Ok(ListResult {
        common_prefixes,
        objects,
        extensions: Default::default(),
    })
}

/// The objects and "directories" right under `prefix`.
pub(crate) async fn list_with_delimiter(
    bucket: &Bucket,
    prefix: Option<&Path>,
) -> object_store::Result<ListResult> {
    let shown = prefix.map(|p| p.to_string()).unwrap_or_default();
    let mut request = bucket.list_objects_v2().delimiter(DELIMITER);
    if let Some(prefix) = convert::list_prefix(prefix) {
        request = request.prefix(prefix);
    }
    let mut pages = request.into_paginator();
    let mut all = ListResult {
        common_prefixes: Vec::new(),
        objects: Vec::new(),
        extensions: Default::default(),
    };
    while let Some(page) = pages.next_page().await {
        let page = page.map_err(|e| error::from_client(e, &shown))?;
        let result = page_result(&page)?;
        all.common_prefixes.extend(result.common_prefixes);
        all.objects.extend(result.objects);
    }
    Ok(all)
}

#[async_trait]
impl PaginatedListStore for OssObjectStore {
    async fn list_paginated(
        &self,
        prefix: Option<&str>,
        opts: PaginatedListOptions,
    ) -> object_store::Result<PaginatedListResult> {
        let shown = prefix.unwrap_or_default().to_owned();
        let mut request = self.bucket().list_objects_v2();
        if let Some(prefix) = prefix.filter(|p| !p.is_empty()) {
            request = request.prefix(prefix);
        }
        if let Some(delimiter) = opts.delimiter {
            request = request.delimiter(delimiter.into_owned());
        }
        if let Some(max_keys) = opts.max_keys {
            // OSS answers at most 1,000 keys a page; asking for more is refused.
            let max_keys = u32::try_from(max_keys).unwrap_or(MAX_PAGE_SIZE);
            request = request.max_keys(max_keys.clamp(1, MAX_PAGE_SIZE));
        }
        if let Some(offset) = opts.offset {
            request = request.start_after(offset);
        }
        if let Some(token) = opts.page_token {
            request = request.continuation_token(token);
        }
        let page = request
            .send()
            .await
            .map_err(|e| error::from_client(e, &shown))?
            .into_inner();
        let page_token = if page.is_truncated {
            let token = page
                .next_continuation_token
                .clone()
                .filter(|t| !t.is_empty());
            Some(token.ok_or_else(|| {
                error::generic("the listing is truncated but gives no continuation token")
            })?)
        } else {
            None
        };
        Ok(PaginatedListResult {
            result: page_result(&page)?,
            page_token,
        })
    }
}
