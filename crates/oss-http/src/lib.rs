//! Transport for Alibaba Cloud OSS: hyper, tokio and rustls; addressing, signing, retries, timeouts, streaming bodies and CRC64.
//!
//! This crate is a skeleton: its README says what it will hold.
