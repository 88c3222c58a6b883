//! The checksums of Alibaba Cloud OSS, with no dependencies.
//!
//! - [`crc64`]: CRC-64/XZ, the value of `x-oss-hash-crc64ecma`, with [`crc64::combine`] for
//!   parts; hardware-accelerated on x86-64.
//! - [`md5`]: MD5, for `Content-MD5` and the ETags of simple uploads.
//!
//! The transport (`oss-http`), the local server (`oss-server`) and the transfer manager all
//! check data with these, so they live in a leaf crate that each can depend on.

pub mod crc64;
pub mod md5;
