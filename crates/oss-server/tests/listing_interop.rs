//! Every listing parameter of the reference (ListObjects, ListObjectsV2, ListMultipartUploads,
//! ListParts, ListBuckets), driven by the official `oss2` SDK and checked against a model of
//! the listing the Python side computes from the keys alone; the script is
//! `tests/listing_oss2.py`. Issue 16 item 10: `start-after` used to be ignored.
//!
//! Needs the interop virtualenv: `OSS_RS_PYTHON`, or `target/interop-venv` (which `cargo
//! xtask ci` creates). Without one the test says so and passes, unless
//! `OSS_RS_REQUIRE_INTEROP` is set.

mod common;

use common::interop;

#[test]
fn oss2_drives_every_listing_parameter() {
    let Some(python) = interop::python("oss2_drives_every_listing_parameter") else {
        return;
    };
    interop::run_on_both_stores(&python, "listing_oss2.py");
}
