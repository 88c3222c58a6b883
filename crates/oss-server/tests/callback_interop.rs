//! Upload callbacks driven by oss2 (PutObject, CompleteMultipartUpload) and a plain HTTP form
//! (PostObject), with the application server on loopback inside the Python script, on both
//! stores. The script is `tests/callback_oss2.py`.
//!
//! Needs the interop virtualenv (see `common::interop`).

mod common;

use common::interop;

#[test]
fn uploads_call_the_application_back_as_the_reference_says() {
    let Some(python) = interop::python("uploads_call_the_application_back_as_the_reference_says")
    else {
        return;
    };
    interop::run_on_both_stores(&python, "callback_oss2.py");
}
