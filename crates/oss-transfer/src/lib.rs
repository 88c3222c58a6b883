//! Resumable, parallel, crash-safe uploads, downloads and copies for Alibaba Cloud OSS.
//!
//! Work in progress: [`checkpoint`] (durable transfer state) is here; the Uploader,
//! Downloader and Copier follow (see the README).

pub mod checkpoint;
