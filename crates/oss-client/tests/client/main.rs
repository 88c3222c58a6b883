//! Integration tests of every operation against a local oss-server on 127.0.0.1, over real
//! sockets (see `support.rs`); `proxy.rs` breaks requests the server's own faults cannot.

mod proxy;
mod support;

mod append;
mod buckets;
mod faults;
mod listing;
mod metadata;
mod multipart;
mod objects;
mod post;
mod presign;
mod progress;
mod validation;
