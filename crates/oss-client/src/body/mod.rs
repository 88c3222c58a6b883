//! Bodies: what an upload sends ([`Body`]: bytes, a file, or a stream) and what a download
//! receives ([`ObjectBody`]: a stream of chunks, read into memory only when asked).
//!
//! Bytes and files can be sent again, so their uploads are retried after a failure; a stream
//! is consumed by its first attempt and never retried.
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
mod upload;

pub use download::{ObjectBody, ObjectReader};
pub use upload::Body;
