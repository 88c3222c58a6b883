//! Paginators: every listing (ListBuckets, ListObjects, ListObjectsV2,
//! ListMultipartUploads, ListParts) as a [`Stream`] of pages that fetches the next page only
//! when asked, and as a stream of the items on them.
//!
//! ```no_run
//! use std::pin::pin;
//! use futures_core::Stream; // or futures::StreamExt and `.next().await`
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! // Page by page.
//! let mut pages = bucket.list_objects_v2().prefix("logs/").max_keys(100).into_paginator();
//! while let Some(page) = pages.next_page().await {
//!     let page = page?;
//!     println!("{} objects (request id {:?})", page.contents.len(), page.request_id());
//! }
//!
//! // Item by item, as a futures Stream (here without any stream combinator crate).
//! let mut objects = pin!(bucket.list_objects_v2().prefix("logs/").into_paginator().items());
//! while let Some(object) = std::future::poll_fn(|cx| objects.as_mut().poll_next(cx)).await {
//!     println!("{}", object?.key);
//! }
//!
//! // Everything at once.
//! let all = bucket.list_objects().into_paginator().collect_items().await?;
//! # let _ = all;
//! # Ok(())
//! # }
//! ```
//!
//! A page that says it is truncated but gives no way to the next one (no marker or token,
//! or the one just used) ends the stream with an
//! [`ErrorKind::InvalidResponse`](crate::ErrorKind::InvalidResponse) error rather than
//! looping.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::call::BoxFuture;
use crate::error::{Error, Result};
use crate::output::Output;

pub(crate) mod sealed {
    pub trait Sealed {}
}

/// A listing request that can be paged through (implemented by this crate's listing
/// builders).
pub trait Paginated: Clone + Send + Sync + 'static + sealed::Sealed {
    /// One page of results.
    type Page: Send + 'static;
    /// One entry on a page (an object, a bucket, an upload, a part).
    type Item: Send + 'static;

    /// Fetches the page this request asks for.
    #[doc(hidden)]
    fn fetch(self) -> BoxFuture<Result<Output<Self::Page>>>;

    /// The request for the page after `page`: `Ok(None)` at the end, `Err` with a message
    /// when the page is truncated but gives no usable marker.
    #[doc(hidden)]
    fn next_request(&self, page: &Self::Page) -> std::result::Result<Option<Self>, String>;

    /// The entries on a page.
    #[doc(hidden)]
    fn items(page: Self::Page) -> Vec<Self::Item>;

    /// The operation name, for errors.
    #[doc(hidden)]
    fn operation() -> &'static str;
}

/// The future of one page.
type PageFuture<R> = BoxFuture<Result<Output<<R as Paginated>::Page>>>;

/// The pages of a listing, fetched one at a time as they are polled.
pub struct Paginator<R: Paginated> {
    next: Option<R>,
    in_flight: Option<(R, PageFuture<R>)>,
    pending_error: Option<Error>,
}

impl<R: Paginated> fmt::Debug for Paginator<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("operation", &R::operation())
            .field("done", &self.is_done())
            .finish()
    }
}

impl<R: Paginated> Paginator<R> {
    pub(crate) fn new(first: R) -> Self {
        Paginator {
            next: Some(first),
            in_flight: None,
            pending_error: None,
        }
    }

    /// Whether the last page was returned.
    pub fn is_done(&self) -> bool {
        self.next.is_none() && self.in_flight.is_none() && self.pending_error.is_none()
    }

    /// The next page, or `None` after the last.
    pub async fn next_page(&mut self) -> Option<Result<Output<R::Page>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The entries of every page, as one stream.
    pub fn items(self) -> Items<R> {
        Items {
            pages: self,
            buffered: VecDeque::new(),
        }
    }

    /// Fetches every page and returns all the entries.
    pub async fn collect_items(self) -> Result<Vec<R::Item>> {
        let mut pages = self;
        let mut all = Vec::new();
        while let Some(page) = pages.next_page().await {
            all.extend(R::items(page?.into_inner()));
        }
        Ok(all)
    }
}

impl<R: Paginated> Unpin for Paginator<R> {}

impl<R: Paginated> Stream for Paginator<R> {
    type Item = Result<Output<R::Page>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(error) = this.pending_error.take() {
            return Poll::Ready(Some(Err(error)));
        }
        if this.in_flight.is_none() {
            let Some(request) = this.next.take() else {
                return Poll::Ready(None);
            };
            let future = request.clone().fetch();
            this.in_flight = Some((request, future));
        }
        let Some((_, future)) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = std::task::ready!(future.as_mut().poll(cx));
        let request = match this.in_flight.take() {
            Some((request, _)) => request,
            None => return Poll::Ready(None),
        };
        match result {
            Ok(page) => {
                match request.next_request(page.value()) {
                    Ok(next) => this.next = next,
                    Err(message) => {
                        this.pending_error = Some(Error::invalid_response(
                            R::operation(),
                            message,
                            page.request_id(),
                        ))
                    }
                }
                Poll::Ready(Some(Ok(page)))
            }
            Err(error) => Poll::Ready(Some(Err(error))),
        }
    }
}

/// The entries of every page of a listing, as one stream (see [`Paginator::items`]).
pub struct Items<R: Paginated> {
    pages: Paginator<R>,
    buffered: VecDeque<R::Item>,
}

impl<R: Paginated> fmt::Debug for Items<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffered.len())
            .finish()
    }
}

impl<R: Paginated> Unpin for Items<R> {}

impl<R: Paginated> Stream for Items<R> {
    type Item = Result<R::Item>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match std::task::ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                None => return Poll::Ready(None),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                Some(Ok(page)) => this.buffered.extend(R::items(page.into_inner())),
            }
        }
    }
}

/// The marker for the next page of a truncated listing: `Err` when it is missing or the
/// one just used (which would loop forever).
pub(crate) fn next_marker(
    truncated: bool,
    next: Option<&str>,
    current: Option<&str>,
    what: &str,
) -> std::result::Result<Option<String>, String> {
    if !truncated {
        return Ok(None);
    }
    match next {
        Some(next) if !next.is_empty() && Some(next) != current => Ok(Some(next.to_owned())),
        Some(next) if !next.is_empty() => Err(format!(
            "the listing is truncated but its next {what} {next:?} is the one just used"
        )),
        _ => Err(format!("the listing is truncated but gives no next {what}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_markers_never_loop() {
        assert_eq!(next_marker(false, Some("b"), None, "marker"), Ok(None));
        assert_eq!(
            next_marker(true, Some("b"), Some("a"), "marker"),
            Ok(Some("b".to_owned()))
        );
        assert!(next_marker(true, Some("a"), Some("a"), "marker").is_err());
        assert!(next_marker(true, Some(""), None, "marker").is_err());
        assert!(next_marker(true, None, None, "token").is_err());
    }
}
