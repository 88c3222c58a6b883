//! A blocking API for code without an async runtime (feature `blocking`, on by default; it
//! adds no dependency: tokio's current-thread runtime is part of what the transport
//! already uses).
//!
//! [`Client`] and [`Bucket`] wrap the async ones and own a current-thread tokio runtime
//! (shared by the bucket handles of a client); each call runs on the calling thread until it
//! is answered. The common operations have methods of their own; every other request, with
//! all its options, runs through [`call`](Client::call): build it with the async API
//! ([`Client::as_async`], [`Bucket::as_async`]) and hand it over.
//!
//! ```no_run
//! use oss_client::blocking;
//! use oss_client::Credentials;
//!
//! # fn main() -> oss_client::Result<()> {
//! let client = blocking::Client::new(
//!     oss_client::Client::builder()
//!         .endpoint("http://127.0.0.1:9000")
//!         .region("cn-hangzhou")
//!         .credentials(Credentials::new("access-key-id", "access-key-secret"))
//!         .build()?,
//! )?;
//! let bucket = client.bucket("examplebucket");
//! bucket.put_object("hello.txt", "hello")?;
//! assert_eq!(&bucket.get_object("hello.txt")?[..], b"hello");
//! let mut file = std::fs::File::create("/tmp/hello.txt").expect("a file");
//! bucket.get_object_to("hello.txt", &mut file)?;
//! // Anything else, with every option of the async builders:
//! bucket.call(bucket.as_async().put_object("a.txt", "text").content_type("text/plain"))?;
//! # Ok(())
//! # }
//! ```
//!
//! # Inside an async runtime
//! A blocking call would stall the runtime's thread (and tokio forbids running a runtime
//! inside another), so a call made from inside a tokio runtime returns a
//! [`ValidationKind::Argument`] error saying so, and sends
//! nothing; use the async client there. Creating and dropping the blocking client is allowed
//! anywhere.

use std::future::IntoFuture;
use std::io::Write;
use std::sync::Arc;

use bytes::Bytes;
use oss_model::{BucketSummary, ObjectMeta, ObjectSummary};

use crate::body::Body;
use crate::error::{Error, Result};
use crate::ops::put::PutObjectResult;
use crate::output::Output;
use crate::validation::{ValidationError, ValidationKind};

/// The runtime the blocking handles run their requests on.
struct Runtime(Option<tokio::runtime::Runtime>);

impl Runtime {
    fn new() -> Result<Runtime> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::io("cannot start the blocking client's runtime", e))?;
        Ok(Runtime(Some(runtime)))
    }

    /// Runs `future` to its end on the calling thread.
    fn run<T>(&self, future: impl IntoFuture<Output = Result<T>>) -> Result<T> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::validation(
                "blocking",
                ValidationError::new(
                    ValidationKind::Argument,
                    "oss_client::blocking was called from inside an async runtime, which it \
                     would block: use the async Client there",
                ),
            ));
        }
        match &self.0 {
            Some(runtime) => runtime.block_on(future.into_future()),
            None => unreachable!("the runtime is only taken when dropped"),
        }
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // Dropping a runtime inside another panics; in the background it does not.
        if let Some(runtime) = self.0.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                runtime.shutdown_background();
            }
        }
    }
}

/// A blocking OSS client: an async [`crate::Client`] and the runtime it runs on. Cheap to
/// clone (the clones share the runtime).
#[derive(Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<Runtime>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("blocking::Client")
            .field("inner", &self.inner)
            .finish()
    }
}

impl Client {
    /// A blocking client over `client` (built with [`crate::Client::builder`]), with a
    /// runtime of its own.
    pub fn new(client: crate::Client) -> Result<Client> {
        Ok(Client {
            inner: client,
            runtime: Arc::new(Runtime::new()?),
        })
    }

    /// The async client, to build requests for [`call`](Client::call).
    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    /// A handle on the bucket `name` (nothing is sent).
    pub fn bucket(&self, name: impl Into<String>) -> Bucket {
        Bucket {
            inner: self.inner.bucket(name),
            runtime: Arc::clone(&self.runtime),
        }
    }

    /// Every bucket of the account (all pages).
    pub fn list_buckets(&self) -> Result<Vec<BucketSummary>> {
        self.call(self.inner.list_buckets().into_paginator().collect_items())
    }

    /// Runs any request of the async API (`Request<O>`, the hand-written builders, a
    /// paginator's `collect_items()`, …) and returns what its `.await` gives.
    pub fn call<T>(&self, request: impl IntoFuture<Output = Result<T>>) -> Result<T> {
        self.runtime.run(request)
    }
}

/// A blocking handle on a bucket. Cheap to clone.
#[derive(Clone)]
pub struct Bucket {
    inner: crate::Bucket,
    runtime: Arc<Runtime>,
}

impl std::fmt::Debug for Bucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("blocking::Bucket")
            .field("name", &self.inner.name())
            .finish()
    }
}

impl Bucket {
    /// The bucket's name.
    pub fn name(&self) -> &str {
        self.inner.name()
    }

    /// The async bucket, to build requests for [`call`](Bucket::call).
    pub fn as_async(&self) -> &crate::Bucket {
        &self.inner
    }

    /// Runs any request of the async API and returns what its `.await` gives.
    pub fn call<T>(&self, request: impl IntoFuture<Output = Result<T>>) -> Result<T> {
        self.runtime.run(request)
    }

    /// PutBucket: creates the bucket (with the account's defaults).
    pub fn create(&self) -> Result<()> {
        self.call(self.inner.put_bucket()).map(drop)
    }

    /// DeleteBucket: deletes the bucket, which must be empty.
    pub fn delete(&self) -> Result<()> {
        self.call(self.inner.delete_bucket()).map(drop)
    }

    /// Whether the bucket exists.
    pub fn exists(&self) -> Result<bool> {
        self.call(self.inner.exists())
    }

    /// PutObject: stores `body` (bytes, a string, a [`Body`] from a file) at `key`.
    pub fn put_object(
        &self,
        key: impl Into<String>,
        body: impl Into<Body>,
    ) -> Result<Output<PutObjectResult>> {
        self.call(self.inner.put_object(key, body))
    }

    /// GetObject: the object's bytes, in memory (checked against its CRC-64).
    pub fn get_object(&self, key: impl Into<String>) -> Result<Bytes> {
        let get = self.inner.get_object(key);
        self.call(async move { get.await?.body.bytes().await })
    }

    /// GetObject into `writer`, chunk by chunk as they arrive (memory stays bounded);
    /// returns the bytes written. A CRC-64 mismatch is an error after the last chunk: what
    /// was written then is not the object.
    pub fn get_object_to(&self, key: impl Into<String>, writer: &mut impl Write) -> Result<u64> {
        let key = key.into();
        let get = self.inner.get_object(key.clone());
        self.call(async move {
            let mut body = get.await?.body;
            let mut written = 0u64;
            while let Some(chunk) = next_chunk(&mut body).await {
                let chunk = chunk?;
                writer
                    .write_all(&chunk)
                    .map_err(|e| Error::io(format!("cannot write {key}"), e))?;
                written += chunk.len() as u64;
            }
            writer
                .flush()
                .map_err(|e| Error::io(format!("cannot write {key}"), e))?;
            Ok(written)
        })
    }

    /// HeadObject: the object's metadata.
    pub fn head_object(&self, key: impl Into<String>) -> Result<Output<ObjectMeta>> {
        self.call(self.inner.head_object(key))
    }

    /// DeleteObject (in a versioned bucket, a delete marker).
    pub fn delete_object(&self, key: impl Into<String>) -> Result<()> {
        self.call(self.inner.delete_object(key)).map(drop)
    }

    /// CopyObject: copies `source_key` of this bucket to `key`, with its metadata.
    pub fn copy_object(&self, source_key: impl Into<String>, key: impl Into<String>) -> Result<()> {
        self.call(self.inner.copy_object(source_key, key)).map(drop)
    }

    /// Every object whose key starts with `prefix` (all pages of ListObjectsV2).
    pub fn list_objects(&self, prefix: impl Into<String>) -> Result<Vec<ObjectSummary>> {
        let listing = self.inner.list_objects_v2().prefix(prefix.into());
        self.call(listing.into_paginator().collect_items())
    }
}

/// The next chunk of `body`.
async fn next_chunk(body: &mut crate::ObjectBody) -> Option<Result<Bytes>> {
    use futures_core::Stream;
    std::future::poll_fn(|cx| std::pin::Pin::new(&mut *body).poll_next(cx)).await
}
