//! Wire models of the Alibaba Cloud OSS REST API: XML bodies and header sets.
//!
//! This crate is a skeleton: its README says what it will hold.
