//! Bucket WORM driven by the official Python SDKs (oss2 and alibabacloud-oss-v2) on both
//! stores, in two phases: policies and their refusals, then, with the server's clock 25 hours
//! ahead, the lapse of the policies never completed and the end of a one-day retention. The
//! script is `tests/worm_sdks.py`.
//!
//! Needs the interop virtualenv (see `common::interop`).

mod common;

use common::interop;

#[test]
fn official_sdks_see_worm_refusals_and_the_24_hour_lapse() {
    let Some(python) = interop::python("official_sdks_see_worm_refusals_and_the_24_hour_lapse")
    else {
        return;
    };
    // The script moves its own clock by as much (its SDKs do not correct for a skew).
    let phases = [("before", 0), ("after=90000", 25 * 3600)];
    interop::run_phases_on_both_stores(&python, "worm_sdks.py", &phases);
}
