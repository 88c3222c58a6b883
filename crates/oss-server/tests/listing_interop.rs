//! Every listing parameter of the reference (ListObjects, ListObjectsV2, ListMultipartUploads,
//! ListParts, ListBuckets), driven by the official `oss2` SDK and checked against a model of
//! the listing the Python side computes from the keys alone; the script is
//! `tests/listing_oss2.py`. Issue 16 item 10: `start-after` used to be ignored.
//!
//! Needs the interop virtualenv: `OSS_RS_PYTHON`, or `target/interop-venv` (which `cargo
//! xtask ci` creates). Without one the test says so and passes, unless
//! `OSS_RS_REQUIRE_INTEROP` is set.

use std::path::Path;
use std::process::Command;

mod common;

use common::interop_python;
use oss_auth::Credentials;
use oss_server::ServerConfig;

#[test]
fn oss2_drives_every_listing_parameter() {
    let Some(python) = interop_python("oss2_drives_every_listing_parameter") else {
        return;
    };
    for data_dir in [false, true] {
        let dir = std::env::temp_dir().join(format!(
            "oss-server-listing-{}-{data_dir}",
            std::process::id()
        ));
        let mut config = ServerConfig::new()
            .credential(Credentials::new("listing-ak", "listing-sk"))
            .region("cn-shanghai");
        if data_dir {
            config = config.data_dir(&dir);
        }
        let server = config.start_background().expect("start oss-server");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/listing_oss2.py");
        let output = Command::new(&python)
            .arg(&script)
            .args([server.endpoint(), "listing-ak", "listing-sk", "cn-shanghai"])
            .output()
            .expect("run python");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "listing_oss2.py (data dir: {data_dir}) failed ({}):\n{stdout}\n{stderr}",
            output.status
        );
        eprintln!("listing_oss2.py (data dir: {data_dir}): {}", stdout.trim());
        drop(server);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
