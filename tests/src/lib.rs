//! Helpers shared by the cross-crate tests in `tests/tests/`.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The Python interpreter of the interop virtualenv, which has the official SDKs.
///
/// `cargo xtask ci` creates the virtualenv and sets `OSS_RS_PYTHON` (and
/// `OSS_RS_REQUIRE_INTEROP=1`, which turns a missing interpreter into a failure). A plain
/// `cargo test` without it skips the interop tests, saying so on stderr.
pub fn interop_python(test: &str) -> Option<PathBuf> {
    let required = std::env::var_os("OSS_RS_REQUIRE_INTEROP").is_some();
    let python = std::env::var_os("OSS_RS_PYTHON")
        .map(PathBuf::from)
        .or_else(|| {
            let default = workspace_root().join("target/interop-venv/bin/python");
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
