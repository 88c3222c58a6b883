//! [`Output`]: what an operation returns — its typed result, plus the response's status,
//! headers and request id.
//!
//! `Output<T>` dereferences to `T`, so fields read directly (`listing.contents`), and
//! [`into_inner`](Output::into_inner) takes the value out.
//!
//! ```no_run
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! let put = bucket.put_object("notes.txt", "hello").await?;
//! println!("ETag {:?}, request id {:?}", put.etag, put.request_id());
//! println!("server: {:?}", put.header("server"));
//! # Ok(())
//! # }
//! ```

use std::ops::{Deref, DerefMut};

use http::{HeaderMap, StatusCode};

/// A typed result with the response's status, headers and request id.
#[derive(Debug, Clone)]
pub struct Output<T> {
    value: T,
    status: StatusCode,
    headers: HeaderMap,
    request_id: Option<String>,
}

impl<T> Output<T> {
    pub(crate) fn new(
        value: T,
        status: StatusCode,
        headers: HeaderMap,
        request_id: Option<String>,
    ) -> Self {
        Output {
            value,
            status,
            headers,
            request_id,
        }
    }

    /// The request id the service assigned (`x-oss-request-id`), for support cases.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A response header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The typed result.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// Takes the typed result, dropping the headers.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// Splits into the typed result and the headers.
    pub fn into_parts(self) -> (T, HeaderMap) {
        (self.value, self.headers)
    }

    /// Transforms the typed result, keeping the headers and request id.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Output<U> {
        Output {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
            request_id: self.request_id,
        }
    }
}

impl<T> Deref for Output<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Output<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}
