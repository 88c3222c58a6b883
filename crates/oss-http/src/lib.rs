//! Transport for Alibaba Cloud OSS: a pooled hyper client on tokio with rustls, endpoint
//! addressing, signing through oss-auth, retries, timeouts, streaming bodies and CRC-64.
//!
//! A request flows one way through small layers (see [`HttpClient`]):
//! **build** (addressing, [`endpoint`]) → **sign** (oss-auth, V4 by default) → **send**
//! (pooled connection, per-host limit, connect and read-idle timeouts, proxy) → **check**
//! (error status → [`Error`], CRC-64 of uploads and downloads), with the [`retry`] loop
//! around sign, send and check. It is the workspace's only retry loop: a [`RequestBody`] is
//! sent again from its first byte by each attempt (or, a caller's stream, not retried), and
//! its [`BodyObserver`]s (progress, bandwidth) see every attempt.
//!
//! ```no_run
//! use oss_http::{ClientConfig, HttpClient, OssRequest, RequestBody};
//! use oss_auth::credentials::{CachingProvider, ChainProvider};
//!
//! # async fn example() -> Result<(), oss_http::Error> {
//! let config = ClientConfig::builder()
//!     .region("cn-hangzhou")
//!     .credentials_provider(CachingProvider::new(ChainProvider::default_chain()))
//!     .build()?;
//! let client = HttpClient::new(config)?;
//!
//! // Upload, checking the server stored what was sent.
//! let put = OssRequest::put()
//!     .operation("PutObject")
//!     .bucket("examplebucket")
//!     .key("notes/hello.txt")
//!     .body(RequestBody::from_bytes("hello"))
//!     .verify_upload_crc();
//! let response = client.send(put).await?;
//! println!("stored, request id {:?}", response.request_id());
//!
//! // Download as a stream; a corrupt body ends with an integrity error, never with success.
//! let get = OssRequest::get().operation("GetObject").bucket("examplebucket").key("notes/hello.txt");
//! let body = client.send(get).await?.into_body();
//! let bytes = body.bytes().await?;
//! assert_eq!(&bytes[..], b"hello");
//! # Ok(())
//! # }
//! ```
//!
//! Modules:
//! - [`endpoint`]: endpoints, regions and addressing styles.
//! - [`retry`]: retry strategies, retry safety of operations that are not idempotent.
//! - [`proxy`]: proxy configuration and `NO_PROXY` matching.
//! - [`crc64`]: CRC-64/XZ (hardware-accelerated where possible) and `combine` (re-exported
//!   from `oss-checksum`).
//! - [`ecs`]: credentials of an ECS instance's RAM role.
//! - [`sts`]: credentials of a RAM role assumed through STS, with keys or an OIDC token.
//! - [`credentials_uri`]: credentials from a local credentials service.
//! - [`credentials_chain`]: every source in the default order, including the credentials
//!   file's role profiles (`ram_role_arn`, `oidc_role_arn`, `ecs_ram_role`, ...).
//! - [`provider`]: the provider-specific names (headers, hosts), kept in one place.
//! - [`HttpTransport`]: the swappable HTTP layer ([`DefaultTransport`]: hyper over rustls),
//!   set with [`ClientConfigBuilder::transport`].

#![forbid(unsafe_code)]

mod block_pool;
mod body_observer;
mod check;
pub mod cli_profile;
mod client;
pub mod config;
mod connector;
pub mod credentials_chain;
pub mod credentials_uri;
pub mod ecs;
pub mod endpoint;
mod error;
mod exchange;
mod fetch;
mod outgoing_body;
pub mod provider;
pub mod proxy;
mod request;
mod request_body;
mod response;
mod response_body;
mod resume;
pub mod retry;
mod sign;
pub mod sts;
mod transport;
mod xml;

/// CRC-64/XZ (the `x-oss-hash-crc64ecma` checksum) and `combine`, from the workspace's
/// `oss-checksum` crate (PCLMULQDQ folding where the CPU has it, slicing-by-16 tables
/// elsewhere), re-exported so that callers need not depend on it.
pub use oss_checksum::crc64;

pub use body_observer::BodyObserver;
pub use client::HttpClient;
pub use config::{ClientConfig, ClientConfigBuilder, SignatureVersion};
pub use endpoint::{AddressingStyle, Endpoint, EndpointKind, Scheme};
pub use error::{Error, ErrorKind, IntegrityError, ServiceError, TimeoutKind};
pub use exchange::{
    BodyFailed, BoxFuture, DefaultTransport, HttpTransport, IncomingBody, OutgoingBody,
};
pub use request::OssRequest;
pub use request_body::{BoxError, RequestBody};
pub use response::OssResponse;
pub use response_body::{BodyReader, ResponseBody};
pub use retry::{RetryDecision, RetryEvent, RetryHook, RetrySafety, RetryStrategy};

/// The rustls crate this client is built on, for [`ClientConfigBuilder::tls_config`].
pub use rustls;
