//! The reference's bucket configurations with the official SDKs as clients: oss2 and
//! alibabacloud-oss-v2 set and read CORS, referer, website, logging and lifecycle
//! configurations, meet the documented errors, and check what the server does with each
//! (preflights and browser requests in plain HTTP, anonymous and presigned reads with and
//! without a Referer, website requests, log objects, lifecycle expiry once the clock moved).
//! The script is `tests/configs_interop.py`.
//!
//! Needs the interop virtualenv: `OSS_RS_PYTHON`, or `target/interop-venv` (which `cargo
//! xtask ci` creates). Without one the test says so and passes, unless
//! `OSS_RS_REQUIRE_INTEROP` is set.

use std::path::Path;

mod common;

use common::interop;
use oss_server::BackgroundServer;

/// Runs one phase of the script against `server`.
fn phase(python: &Path, server: &BackgroundServer, name: &str) {
    interop::run_script(python, server, "configs_interop.py", name, "memory");
}

#[test]
fn the_sdks_configure_buckets_and_the_server_enforces_the_configurations() {
    let Some(python) =
        interop::python("the_sdks_configure_buckets_and_the_server_enforces_the_configurations")
    else {
        return;
    };
    let server = interop::server_config()
        .start_background()
        .expect("start oss-server");
    phase(&python, &server, "main");
    let flushed = server.flush_access_logs().expect("flush the access logs");
    assert!(flushed >= 1, "the logged bucket's requests are written");
    phase(&python, &server, "logging-check");
    phase(&python, &server, "lifecycle-setup");
    // Two days later, by the server's clock, the one-day rules are due.
    server.set_clock_skew(2 * 24 * 3600);
    let swept = server.run_lifecycle().expect("the lifecycle sweep");
    server.set_clock_skew(0);
    assert_eq!(
        (swept.expired, swept.transitioned, swept.aborted),
        (2, 1, 1)
    );
    phase(&python, &server, "lifecycle-check");
}
