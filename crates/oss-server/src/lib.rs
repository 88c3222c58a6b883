//! A local Alibaba Cloud OSS-compatible server that verifies signatures, for tests and offline development.
//!
//! This crate is a skeleton: its README says what it will hold.
