//! The listings (ListBuckets, ListObjects, ListObjectsV2, ListMultipartUploads, ListParts,
//! ListObjectVersions):
//! generic [`Request`]s from the operation table, with what paging adds to them here: the way
//! from one page to the next, for a [`Paginator`].
//!
//! The listings of a bucket ask for `encoding-type=url` unless told not to
//! ([`url_encoding(false)`](Request::url_encoding)) and decode what comes back, as the Go SDK
//! does, so that keys holding characters XML 1.0 cannot carry still list; the results hold
//! plain keys either way.
//!
//! ```no_run
//! # async fn demo(client: oss_client::Client) -> oss_client::Result<()> {
//! let bucket = client.bucket("examplebucket");
//! let page = bucket.list_objects_v2().prefix("photos/").delimiter("/").await?;
//! for dir in &page.common_prefixes {
//!     println!("dir  {}", dir.prefix);
//! }
//! for object in &page.contents {
//!     println!("file {} ({} bytes)", object.key, object.size);
//! }
//! let buckets = client.list_buckets().prefix("logs-").into_paginator().collect_items().await?;
//! # let _ = buckets;
//! # Ok(())
//! # }
//! ```

use oss_model::op::{self, Described};
use oss_model::{
    BucketSummary, EncodingType, ListAllMyBucketsResult, ListBucketResult, ListBucketResultV2,
    ListMultipartUploadsResult, ListPartsResult, ListVersionsResult, ObjectSummary, ObjectVersion,
    Part, Upload,
};

use crate::call::BoxFuture;
use crate::error::Result;
use crate::output::Output;
use crate::paginator::{self, Paginated, Paginator};
use crate::request::Request;

/// Paging for the listing operation `$op`: its page and item types, how to get from one page
/// to the next, and the `url_encoding` switch of the bucket listings.
macro_rules! paged {
    ($op:ident, $page:ty, $item:ty, |$request:ident, $p:ident| $next:expr, |$items:ident| $take:expr) => {
        impl Request<op::$op> {
            /// Every page, fetched as the stream is polled.
            pub fn into_paginator(self) -> Paginator<Self> {
                Paginator::new(self)
            }
        }

        impl paginator::sealed::Sealed for Request<op::$op> {}

        impl Paginated for Request<op::$op> {
            type Page = $page;
            type Item = $item;

            fn fetch(self) -> BoxFuture<Result<Output<Self::Page>>> {
                Box::pin(self.send())
            }

            fn next_request(&self, page: &Self::Page) -> std::result::Result<Option<Self>, String> {
                let ($request, $p) = (self, page);
                $next
            }

            fn items($items: Self::Page) -> Vec<Self::Item> {
                $take
            }

            fn operation() -> &'static str {
                <op::$op as Described>::INFO.name.as_str()
            }
        }
    };
}

/// The switch of `encoding-type=url` for the listings that take it.
macro_rules! url_encoding {
    ($($op:ident),*) => {$(
        impl Request<op::$op> {
            /// Whether to ask for `encoding-type=url` (on by default; names come back decoded
            /// either way).
            pub fn url_encoding(self, on: bool) -> Self {
                self.map_input(|mut input| {
                    input.encoding_type = on.then_some(EncodingType::Url);
                    input
                })
            }
        }
    )*};
}

url_encoding!(
    ListObjects,
    ListObjectsV2,
    ListMultipartUploads,
    ListParts,
    ListObjectVersions
);

paged!(
    ListBuckets,
    ListAllMyBucketsResult,
    BucketSummary,
    |request, page| {
        let marker = paginator::next_marker(
            page.is_truncated.unwrap_or(false),
            page.next_marker.as_deref(),
            request.input().marker.as_deref(),
            "marker",
        )?;
        Ok(marker.map(|marker| request.clone().marker(marker)))
    },
    |page| page.buckets
);

paged!(
    ListObjects,
    ListBucketResult,
    ObjectSummary,
    |request, page| {
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
        let current = request.input().marker.as_deref();
        let marker = paginator::next_marker(true, next, current, "marker")?;
        Ok(marker.map(|marker| request.clone().marker(marker)))
    },
    |page| page.contents
);

paged!(
    ListObjectsV2,
    ListBucketResultV2,
    ObjectSummary,
    |request, page| {
        let token = paginator::next_marker(
            page.is_truncated,
            page.next_continuation_token.as_deref(),
            request.input().continuation_token.as_deref(),
            "continuation token",
        )?;
        Ok(token.map(|token| request.clone().continuation_token(token)))
    },
    |page| page.contents
);

paged!(
    ListMultipartUploads,
    ListMultipartUploadsResult,
    Upload,
    |request, page| {
        if !page.is_truncated {
            return Ok(None);
        }
        let next = (
            page.next_key_marker.as_str(),
            page.next_upload_id_marker.as_str(),
        );
        let input = request.input();
        let current = (
            input.key_marker.as_deref().unwrap_or(""),
            input.upload_id_marker.as_deref().unwrap_or(""),
        );
        if next.0.is_empty() || next == current {
            return Err(format!(
                "the listing is truncated but its next markers {next:?} lead nowhere new"
            ));
        }
        let upload_id_marker = (!next.1.is_empty()).then(|| next.1.to_owned());
        Ok(Some(request.clone().key_marker(next.0).map_input(
            |mut input| {
                input.upload_id_marker = upload_id_marker;
                input
            },
        )))
    },
    |page| page.uploads
);

paged!(
    ListParts,
    ListPartsResult,
    Part,
    |request, page| {
        if !page.is_truncated {
            return Ok(None);
        }
        let current = request.input().part_number_marker;
        match page.next_part_number_marker {
            Some(next) if Some(next) != current => {
                Ok(Some(request.clone().part_number_marker(next)))
            }
            Some(next) => Err(format!(
                "the listing is truncated but its next part-number marker {next} is the one \
                 just used"
            )),
            None => Err("the listing is truncated but gives no next part-number marker".into()),
        }
    },
    |page| page.parts
);

// The items of a version listing are its object versions; delete markers and common
// prefixes are on each page (`into_paginator().next_page()`).
paged!(
    ListObjectVersions,
    ListVersionsResult,
    ObjectVersion,
    |request, page| {
        if !page.is_truncated {
            return Ok(None);
        }
        let next = (
            page.next_key_marker.as_deref().unwrap_or(""),
            page.next_version_id_marker.as_deref().unwrap_or(""),
        );
        let input = request.input();
        let current = (
            input.key_marker.as_deref().unwrap_or(""),
            input.version_id_marker.as_deref().unwrap_or(""),
        );
        if next.0.is_empty() || next == current {
            return Err(format!(
                "the listing is truncated but its next markers {next:?} lead nowhere new"
            ));
        }
        let version_id_marker = (!next.1.is_empty()).then(|| next.1.to_owned());
        Ok(Some(request.clone().key_marker(next.0).map_input(
            |mut input| {
                input.version_id_marker = version_id_marker;
                input
            },
        )))
    },
    |page| page.versions
);
