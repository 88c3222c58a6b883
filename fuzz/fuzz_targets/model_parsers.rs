//! libFuzzer entry point for [`oss_rs_fuzz::model_parsers`]; the body lives in the library so that
//! `tests/replay.rs` runs the same code over the seed corpus on stable.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| oss_rs_fuzz::model_parsers(data));
