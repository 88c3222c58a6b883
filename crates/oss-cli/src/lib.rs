//! The `oss` command: an ossutil-style CLI for Alibaba Cloud OSS, with an embedded local server by default.
//!
//! This crate is a skeleton: its README says what it will hold.
