//! The SDKs' bucket families through the official Python SDKs (oss2 and alibabacloud-oss-v2)
//! as clients of oss-server: round trips of the stored configurations with their documented
//! errors, and what the server enforces (default encryption, bucket policies and the public
//! access block for anonymous requests, requester pays). The script is
//! `tests/bucket_families_sdks.py`.
//!
//! Needs the interop virtualenv: `OSS_RS_PYTHON`, or `target/interop-venv` (which `cargo
//! xtask ci` creates). Without one the test says so and passes, unless
//! `OSS_RS_REQUIRE_INTEROP` is set.

mod common;

use common::interop;

#[test]
fn the_sdks_configure_and_meet_the_bucket_families() {
    let Some(python) = interop::python("the_sdks_configure_and_meet_the_bucket_families") else {
        return;
    };
    let server = interop::server_config()
        .start_background()
        .expect("start oss-server");
    interop::run_script(&python, &server, "bucket_families_sdks.py", "all", "memory");
}
