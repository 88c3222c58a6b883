//! The Alibaba Cloud OSS API for Rust: Client and Bucket handles, one method per operation, paginators and presigning.
//!
//! This crate is a skeleton: its README says what it will hold.
