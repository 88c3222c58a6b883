//! Resumable, parallel, crash-safe uploads, downloads and copies for Alibaba Cloud OSS.
//!
//! This crate is a skeleton: its README says what it will hold.
