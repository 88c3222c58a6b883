//! Project automation for the oss-rs workspace, run as `cargo xtask <command>`.
//!
//! The binary (`main.rs`) only parses arguments; the work lives here so that
//! integration tests can drive a release against a scratch workspace.

pub mod bench;
pub mod changelog;
pub mod ci;
pub mod date;
pub mod manifest;
pub mod node;
pub mod package;
pub mod process;
pub mod release;
pub mod venv;
pub mod version;

use std::path::{Path, PathBuf};

/// The root of the workspace this xtask was built from.
pub fn workspace_root() -> PathBuf {
    // xtask/ always sits directly under the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}
