//! An [`object_store`] backend for Alibaba Cloud OSS, on `oss-client` and `oss-transfer`:
//! code written against `object_store` (DataFusion, Polars, delta-rs, LanceDB…) reads and
//! writes OSS buckets, or `oss-server`, through [`OssObjectStore`].
//!
//! ```no_run
//! use object_store::{path::Path, ObjectStore, ObjectStoreExt, PutPayload};
//! use oss_object_store::OssObjectStoreBuilder;
//!
//! # async fn demo() -> object_store::Result<()> {
//! // OSS_BUCKET, OSS_ENDPOINT or OSS_REGION, and credentials as oss-client reads them.
//! let store = OssObjectStoreBuilder::from_env().build()?;
//! let path = Path::from("tables/events/part-0.csv");
//! store.put(&path, PutPayload::from("id,kind\n1,click\n")).await?;
//! let bytes = store.get(&path).await?.bytes().await?;
//! assert_eq!(&bytes[..], b"id,kind\n1,click\n");
//! # Ok(())
//! # }
//! ```
//!
//! # What it implements
//! - [`ObjectStore`](object_store::ObjectStore): put (with `PutMode::Create` as
//!   forbid-overwrite), multipart put, get with ranges, versions and preconditions, head,
//!   bulk delete, listings, copy (large objects by parallel part copies), copy-if-not-exists
//!   and rename (copy, then delete).
//! - [`MultipartStore`](object_store::multipart::MultipartStore),
//!   [`PaginatedListStore`](object_store::list::PaginatedListStore) and
//!   `Signer` (presigned GET, HEAD, PUT and DELETE; the default feature `signer`).
//! - [`Attributes`](object_store::Attributes) as object headers and user metadata; errors
//!   by meaning (`NotFound`, `AlreadyExists`, `Precondition`, `NotModified`,
//!   `Unauthenticated`, `PermissionDenied`, `NotSupported`, else `Generic`).
//!
//! What OSS cannot do is refused with a typed error, never imitated: `PutMode::Update`
//! (no conditional PutObject) is `NotImplemented`; user metadata names other than letters,
//! digits and `-` are refused before sending.
//!
//! # Modules
//! [`builder`]: [`OssObjectStoreBuilder`], settings and the environment. Inside the crate:
//! `store` ([`OssObjectStore`] and its `ObjectStore` methods), `get` (reads, ranges and
//! conditions), `list` (listings and pages), `multipart`, `signer`, `attributes`, `convert`
//! (paths, times and ETags) and `error` (errors by meaning).

#![forbid(unsafe_code)]

mod attributes;
pub mod builder;
mod convert;
mod error;
mod get;
mod list;
mod multipart;
#[cfg(feature = "signer")]
mod signer;
mod store;

pub use builder::{OssObjectStoreBuilder, BUCKET_VARIABLE, URL_SCHEME};
pub use store::OssObjectStore;

/// The README's examples, compiled as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
