//! A local Alibaba Cloud OSS-compatible server that verifies signatures, for tests and
//! offline development.
//!
//! Start one in-process on a free port, point any OSS client at its endpoint (path-style
//! addressing), and shut it down:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use oss_server::ServerConfig;
//!
//! let server = ServerConfig::new().start().await?;
//! assert!(server.endpoint().starts_with("http://127.0.0.1:"));
//! let credentials = &server.credentials()[0]; // the development key pair
//! # let _ = credentials;
//! server.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! From a test without a tokio runtime, [`ServerConfig::start_background`] runs the server
//! on a runtime of its own until the returned [`BackgroundServer`] is dropped.
//!
//! Requests are authenticated with oss-auth's verifier (V1 and V4 headers and presigned URLs,
//! STS tokens); anonymous requests get only what bucket and object ACLs allow. Data lives in
//! memory or in a data directory ([`ServerConfig::data_dir`]) whose writes survive crashes
//! and which several processes can share. [`faults`] makes the server fail on purpose.
//! The crate README lists the supported operations.

#![forbid(unsafe_code)]

mod access_log;
mod admin;
mod auth;
mod body;
mod callback;
mod clock;
mod config;
mod context;
mod dialect;
mod error;
pub mod faults;
mod features;
mod glob;
mod ids;
mod lifecycle;
mod ops;
mod policy;
mod request;
mod request_body;
mod response;
mod router;
mod server;
mod store;
mod sts;

pub use config::{
    ServerConfig, Storage, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS, DEFAULT_SWEEP_INTERVAL, DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET,
};
pub use lifecycle::LifecycleSweep;
pub use server::{BackgroundServer, ServerHandle};
