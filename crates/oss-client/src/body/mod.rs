//! Bodies: what an upload sends ([`Body`]: bytes, a file, or a stream) and what a download
//! receives ([`ObjectBody`]: a stream of chunks, read into memory only when asked).
//!
//! [`Body`] is the transport's [`oss_http::RequestBody`]: the transport sends it once per
//! attempt from its first byte, so uploads of bytes and files are retried after a failure;
//! a stream is taken by its first attempt and not retried once a chunk of it went out.
//! Progress callbacks and other [`BodyObserver`]s see every attempt.
//!
//! ```no_run
//! use oss_client::Body;
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! bucket.put_object("a.txt", "in memory").await?;
//! bucket.put_object("b.bin", Body::from_file("local/b.bin")).await?;
//!
//! let object = bucket.get_object("b.bin").await?;
//! let mut reader = object.body.into_async_read(); // or `.bytes().await?`, or a Stream
//! let mut file = tokio::fs::File::create("copy.bin").await.unwrap();
//! tokio::io::copy(&mut reader, &mut file).await.unwrap(); // fails, not EOF, on a CRC mismatch
//! # Ok(())
//! # }
//! ```

mod download;

pub use download::{ObjectBody, ObjectReader};
/// What watches (and may pace) a [`Body`] attempt by attempt.
pub use oss_http::BodyObserver;
/// The error a stream given to [`Body::from_stream`] may fail with.
pub use oss_http::BoxError;
/// The body of an upload: the transport's request body (see [`oss_http::RequestBody`]).
pub use oss_http::RequestBody as Body;
