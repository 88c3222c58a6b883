//! `oss-bench`: the benchmark clients of oss-rs, each run as its own process by
//! `cargo xtask bench`.
//!
//! Every client (this crate's `oss-bench` on the SDK and `oss-bench-hyper`, a minimal hyper
//! client showing the server's ceiling; the Python peers and the opendal peer under
//! `bench/peers/`) takes the same subcommands and arguments ([`args`]), moves the same data
//! ([`data`]), measures itself the same way and prints one JSON line at exit ([`measure`]).
//!
//! - [`sdk_client`]: the scenarios through `oss-client`.
//! - [`hyper_client`]: the scenarios as bare signed HTTP requests, one hyper connection per
//!   task, and the loopback TCP ceiling.
//! - [`floor`]: what the kernel alone costs a client of the large transfers (file to socket,
//!   socket to a new file, one CRC-64 pass), the floor the clients' CPU is compared to.
//!
//! `BENCHMARKS.md` at the workspace root describes the method and holds the latest results.

pub mod args;
pub mod data;
pub mod floor;
pub mod hyper_client;
pub mod measure;
pub mod sdk_client;

use std::future::Future;

use measure::{json_line, Meter, Outcome};

/// Runs `work` on a multi-threaded runtime (one worker per core) under a [`Meter`], prints
/// the JSON line, and tells whether the scenario succeeded.
pub fn run_measured<F, Fut>(client: &str, scenario: &str, work: F) -> bool
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Outcome, String>>,
{
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("{client}: cannot start the runtime: {e}");
            return false;
        }
    };
    let meter = Meter::start();
    let result = runtime.block_on(work());
    let measurement = meter.stop();
    println!("{}", json_line(client, scenario, &measurement, &result));
    if let Err(error) = &result {
        eprintln!("{client} {scenario}: {error}");
    }
    result.is_ok()
}
