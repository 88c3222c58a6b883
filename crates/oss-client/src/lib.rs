//! The Alibaba Cloud OSS API for Rust: a [`Client`] and [`Bucket`] handles with one method
//! per operation, typed options and results, paginators, presigning, progress callbacks,
//! and checks before anything is sent.
//!
//! Add `oss-client` and tokio (`tokio = { version = "1", features = ["macros",
//! "rt-multi-thread"] }`) to `Cargo.toml`; nothing else is needed. To try it without an
//! account, run `oss serve` (the local server of `oss-cli`) and use the endpoint, region
//! and key pair it prints; in tests, `oss_server::ServerConfig::new().start()` runs the same
//! server in-process. Large files and directories go faster through `oss-transfer`
//! (parallel parts, resumable).
//!
//! ```no_run
//! use oss_client::{Body, Client, Credentials, PresignOptions};
//!
//! #[tokio::main]
//! async fn main() -> oss_client::Result<()> {
//!     let client = Client::builder()
//!         .endpoint("http://127.0.0.1:9000") // or leave it out: the region's public endpoint
//!         .region("cn-hangzhou")
//!         .credentials(Credentials::new("access-key-id", "access-key-secret"))
//!         .build()?;
//!     let bucket = client.bucket("examplebucket");
//!     if !bucket.exists().await? {
//!         bucket.put_bucket().await?;
//!     }
//!
//!     // Upload (Content-Type guessed from the key; CRC-64 checked), then download.
//!     let put = bucket.put_object("notes/hello.txt", "hello").meta("author", "alice").await?;
//!     let etag = put.etag.as_ref().map(|etag| etag.as_str()).unwrap_or("-");
//!     println!("ETag {etag}, request id {:?}", put.request_id());
//!     let object = bucket.get_object("notes/hello.txt").await?;
//!     assert_eq!(&object.body.bytes().await?[..], b"hello");
//!
//!     // A file, with progress.
//!     bucket
//!         .put_object("backup.tar", Body::from_file("backup.tar"))
//!         .progress(|p| eprintln!("{} / {:?}", p.transferred, p.total))
//!         .await?;
//!
//!     // Every object under a prefix, page by page.
//!     let mut pages = bucket.list_objects_v2().prefix("notes/").into_paginator();
//!     while let Some(page) = pages.next_page().await {
//!         for object in &page?.contents {
//!             println!("{} {}", object.key, object.size);
//!         }
//!     }
//!
//!     // A link to share.
//!     let link = bucket.get_object("notes/hello.txt").presign(PresignOptions::default()).await?;
//!     println!("{}", link.url);
//!     Ok(())
//! }
//! ```
//!
//! # How it fits
//! This crate knows the operations: which method, path, query and headers each one sends,
//! and how to read its answer (with `oss-model`'s types). Below it, `oss-http` sends
//! requests (addressing, V4/V1 signing through `oss-auth`, retries, timeouts, streaming,
//! CRC-64) and this crate wraps its errors in [`Error`].
//!
//! # Modules
//! - [`client`]: [`Client`] and [`ClientBuilder`] (also from the environment).
//! - [`bucket`]: [`Bucket`], one method per operation.
//! - [`request`]: [`Request`], the builder of every operation sent through the generic path
//!   (from oss-model's operation table).
//! - [`ops`]: the hand-written request builders of the operations whose behaviour is
//!   particular, and typed results.
//! - [`paginator`]: every listing as a lazy `Stream` of pages or items.
//! - [`presign`]: presigned URLs for any operation.
//! - [`body`]: upload bodies (bytes, files, streams) and streaming download bodies.
//! - [`progress`]: progress callbacks.
//! - [`output`]: [`Output`], a typed result with headers and request id.
//! - [`validation`]: the rules checked before sending.
//! - [`mime`]: the `Content-Type` guessed from a key's extension.
//! - [`error`]: [`Error`] and [`ErrorKind`].
//! - `blocking` (feature `blocking`, on by default): [`blocking::Client`] and
//!   [`blocking::Bucket`] for code without an async runtime.
//!
//! # Waiting on a request
//! Every builder implements [`IntoFuture`](std::future::IntoFuture): `.await` it directly,
//! or call `.send()`. The futures are `Send + 'static`, so they can be spawned.

#![forbid(unsafe_code)]

mod call;

#[cfg(feature = "blocking")]
pub mod blocking;
pub mod body;
pub mod bucket;
pub mod client;
pub mod error;
pub mod mime;
pub mod ops;
pub mod output;
pub mod paginator;
pub mod presign;
pub mod progress;
pub mod request;
pub mod validation;

pub use body::{Body, BodyObserver, BoxError, ObjectBody, ObjectReader};
pub use bucket::Bucket;
pub use call::BoxFuture;
pub use client::{Client, ClientBuilder};
pub use error::{Error, ErrorKind, Result};
pub use ops::range::ByteRange;
pub use output::Output;
pub use paginator::{Items, Paginated, Paginator};
pub use presign::{PresignOptions, PresignedRequest};
pub use progress::{Progress, ProgressEvent};
pub use request::Request;
pub use validation::{ValidationError, ValidationKind};

pub use oss_http::provider::Provider;
pub use oss_http::{AddressingStyle, RetryStrategy, SignatureVersion};

/// The swappable HTTP layer: a transport of one's own, or a layer over the default one, for
/// [`ClientBuilder::transport`] and [`ClientBuilder::wrap_transport`].
pub use oss_http::{DefaultTransport, HttpTransport, IncomingBody, OutgoingBody};

/// The proxy selection a [`ClientBuilder`] takes (by default from `HTTPS_PROXY`,
/// `HTTP_PROXY` and `NO_PROXY`).
pub use oss_http::proxy::ProxyConfig;

/// Access keys (with an optional STS token) for [`ClientBuilder::credentials`], and the
/// credential providers (environment, profile file, chains).
pub use oss_auth::{credentials, Credentials};

/// The wire models (XML bodies, header sets, enums) the operations take and return.
pub use oss_model as model;

/// Credentials providers that fetch temporary keys (STS roles, OIDC, the ECS role, a
/// credentials URI) and the default chain of every source.
pub use oss_http::{credentials_chain, credentials_uri, ecs, sts};

/// The README's example, compiled as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
