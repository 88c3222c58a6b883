//! Version histories driven by the official Python SDKs (oss2 and alibabacloud-oss-v2) on
//! both stores; the script is `tests/versions_sdks.py`, which checks what each SDK reads
//! against what it wrote (two writes, two versions; a delete, a marker; and so on).
//!
//! Needs the interop virtualenv (see `common::interop`).

mod common;

use common::interop;

#[test]
fn official_sdks_keep_version_histories() {
    let Some(python) = interop::python("official_sdks_keep_version_histories") else {
        return;
    };
    interop::run_on_both_stores(&python, "versions_sdks.py");
}
