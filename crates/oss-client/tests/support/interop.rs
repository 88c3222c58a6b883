//! The interop Python (official SDKs) for the tests that compare our requests with theirs.

use std::path::{Path, PathBuf};

/// The workspace's root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The interop Python: `OSS_RS_PYTHON`, else the workspace's `target/interop-venv`. Without
/// one, `test` says so and the comparison is skipped, unless `OSS_RS_REQUIRE_INTEROP` is set.
pub fn interop_python(test: &str, root: &Path) -> Option<PathBuf> {
    let required = std::env::var_os("OSS_RS_REQUIRE_INTEROP").is_some();
    let python = std::env::var_os("OSS_RS_PYTHON")
        .map(PathBuf::from)
        .or_else(|| {
            let default = root.join("target/interop-venv/bin/python");
            default.exists().then_some(default)
        });
    match python {
        Some(path) if path.exists() => Some(path),
        _ if required => panic!("OSS_RS_REQUIRE_INTEROP is set but no interop Python was found"),
        _ => {
            eprintln!(
                "{test}: SDK comparison skipped: no interop Python (set OSS_RS_PYTHON, or run \
                 `cargo xtask ci` to create target/interop-venv)"
            );
            None
        }
    }
}
