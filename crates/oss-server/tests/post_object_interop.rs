//! PostObject driven as a browser drives it: plain HTTP forms built and signed (V1 and V4) by
//! a Python script from the reference's algorithms, independently of oss-rs, posted with
//! `requests`, and what they stored read back with oss2, on both stores. The script is
//! `tests/post_object_oss2.py`.
//!
//! Needs the interop virtualenv (see `common::interop`).

mod common;

use common::interop;

#[test]
fn browser_forms_upload_as_the_reference_says() {
    let Some(python) = interop::python("browser_forms_upload_as_the_reference_says") else {
        return;
    };
    interop::run_on_both_stores(&python, "post_object_oss2.py");
}
