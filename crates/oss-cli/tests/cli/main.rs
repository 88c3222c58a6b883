//! End-to-end tests of the `oss` binary against `oss serve` (the oss-server library in a
//! separate process) over loopback.

mod support;

mod api;
mod buckets;
mod config;
mod demo;
mod hardening;
mod interop;
mod more;
mod newcomer;
mod objects;
mod osscmd;
mod resume;
mod transfers;
mod versions;
