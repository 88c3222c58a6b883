//! Object WORM (retention, legal hold, the bucket's default), sealed appendable objects and
//! the real-time log's fields, driven by alibabacloud-oss-v2 on both stores; the script is
//! `tests/object_worm_sdks.py`. (oss2 has none of these operations.)
//!
//! Needs the interop virtualenv (see `common::interop`).

mod common;

use common::interop;

#[test]
fn the_v2_sdk_sees_object_retention_legal_holds_and_seals_enforced() {
    let Some(python) =
        interop::python("the_v2_sdk_sees_object_retention_legal_holds_and_seals_enforced")
    else {
        return;
    };
    interop::run_on_both_stores(&python, "object_worm_sdks.py");
}
