//! The SDKs' bucket families through the official Python SDKs (oss2 and alibabacloud-oss-v2)
//! as clients of oss-server: round trips of the stored configurations with their documented
//! errors, and what the server enforces (default encryption, bucket policies and the public
//! access block for anonymous requests, requester pays). The script is
//! `tests/bucket_families_sdks.py`.
//!
//! Needs the interop virtualenv: `OSS_RS_PYTHON`, or `target/interop-venv` (which `cargo
//! xtask ci` creates). Without one the test says so and passes, unless
//! `OSS_RS_REQUIRE_INTEROP` is set.

use std::path::{Path, PathBuf};
use std::process::Command;

use oss_auth::Credentials;
use oss_server::ServerConfig;

/// The interop virtualenv's Python.
fn interop_python(test: &str) -> Option<PathBuf> {
    let required = std::env::var_os("OSS_RS_REQUIRE_INTEROP").is_some();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = std::env::var_os("OSS_RS_PYTHON")
        .map(PathBuf::from)
        .or_else(|| {
            let default = workspace.join("target/interop-venv/bin/python");
            default.exists().then_some(default)
        });
    match python {
        Some(path) if path.exists() => Some(path),
        _ if required => {
            panic!("{test}: OSS_RS_REQUIRE_INTEROP is set but no interop Python was found")
        }
        _ => {
            eprintln!("{test}: skipped: no interop virtualenv (run `cargo xtask ci` to create it)");
            None
        }
    }
}

#[test]
fn the_sdks_configure_and_meet_the_bucket_families() {
    let Some(python) = interop_python("the_sdks_configure_and_meet_the_bucket_families") else {
        return;
    };
    let server = ServerConfig::new()
        .credential(Credentials::new("families-ak", "families-sk"))
        .region("cn-shanghai")
        .start_background()
        .expect("start oss-server");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bucket_families_sdks.py");
    let output = Command::new(&python)
        .arg(&script)
        .args([
            server.endpoint(),
            "families-ak",
            "families-sk",
            "cn-shanghai",
        ])
        .output()
        .expect("run python");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "bucket_families_sdks.py failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    eprintln!("bucket_families_sdks.py: {}", stdout.trim());
}
