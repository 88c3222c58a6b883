//! Placeholder until the throughput benchmark lands.
fn main() {}
