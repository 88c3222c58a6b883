//! The npm install holding the official Node.js OSS SDK (`ali-oss`) that interop tests drive
//! against oss-server, reinstalled only when `tests/interop/node/package-lock.json` changes.

use crate::process;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The pinned packages (`package.json` and its lock file); owned by the interop tests.
pub fn package_dir(root: &Path) -> PathBuf {
    root.join("tests/interop/node")
}

/// Where the packages are installed (`node_modules/` inside it); under `target/` so
/// `cargo clean` removes it too. Tests receive it as `OSS_RS_NODE_DIR`.
pub fn install_dir(root: &Path) -> PathBuf {
    root.join("target/interop-node")
}

/// A copy of the lock file the install was made from.
fn stamp_path(root: &Path) -> PathBuf {
    install_dir(root).join("package-lock.stamp")
}

/// Whether `npm` can be started at all.
pub fn npm_available() -> bool {
    Command::new("npm")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Makes sure the install matches the lock file, with `npm ci` (exact versions, checked
/// integrity, no install scripts); returns the install directory.
pub fn ensure(root: &Path) -> Result<PathBuf, String> {
    let source = package_dir(root);
    let lock = fs::read_to_string(source.join("package-lock.json"))
        .map_err(|err| format!("reading {}/package-lock.json: {err}", source.display()))?;
    let dir = install_dir(root);
    let installed = dir.join("node_modules/ali-oss/package.json").exists();
    if installed && fs::read_to_string(stamp_path(root)).ok().as_deref() == Some(lock.as_str()) {
        println!("npm install {} is up to date", dir.display());
        return Ok(dir);
    }
    // The stamp goes first, so a failed install is retried next run.
    let _ = fs::remove_file(stamp_path(root));
    fs::create_dir_all(&dir).map_err(|err| format!("creating {}: {err}", dir.display()))?;
    for file in ["package.json", "package-lock.json"] {
        fs::copy(source.join(file), dir.join(file))
            .map_err(|err| format!("copying {file} to {}: {err}", dir.display()))?;
    }
    process::run(
        Command::new("npm")
            .current_dir(&dir)
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .args(["--fetch-retries", "5"]),
    )?;
    fs::write(stamp_path(root), lock).map_err(|err| format!("writing the npm stamp: {err}"))?;
    Ok(dir)
}
