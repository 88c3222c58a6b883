//! The Python virtualenv holding the official OSS SDKs that interop tests
//! compare against, rebuilt only when `tests/interop/requirements.txt` changes.

use crate::process;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The pinned Python packages; owned by the interop tests.
pub fn requirements_path(root: &Path) -> PathBuf {
    root.join("tests/interop/requirements.txt")
}

/// Where the virtualenv lives; under `target/` so `cargo clean` removes it too.
pub fn venv_dir(root: &Path) -> PathBuf {
    root.join("target/interop-venv")
}

/// The virtualenv's interpreter, which tests receive as `OSS_RS_PYTHON`.
pub fn python_path(root: &Path) -> PathBuf {
    if cfg!(windows) {
        venv_dir(root).join("Scripts/python.exe")
    } else {
        venv_dir(root).join("bin/python")
    }
}

/// A copy of the requirements the virtualenv was built from.
fn stamp_path(root: &Path) -> PathBuf {
    venv_dir(root).join("requirements.stamp")
}

/// Makes sure the virtualenv matches the requirements; returns its interpreter,
/// or `None` when there are no requirements yet.
pub fn ensure(root: &Path) -> Result<Option<PathBuf>, String> {
    let requirements_file = requirements_path(root);
    if !requirements_file.exists() {
        return Ok(None);
    }
    let requirements = fs::read_to_string(&requirements_file)
        .map_err(|err| format!("reading {}: {err}", requirements_file.display()))?;
    let python = python_path(root);
    let stamp = fs::read_to_string(stamp_path(root)).ok();
    if python.exists() && stamp.as_deref() == Some(requirements.as_str()) {
        println!("virtualenv {} is up to date", venv_dir(root).display());
        return Ok(Some(python));
    }

    // `--clear` also deletes the old stamp, so a failed install is retried next run.
    let system_python = if cfg!(windows) { "python" } else { "python3" };
    process::run(
        Command::new(system_python)
            .args(["-m", "venv", "--clear"])
            .arg(venv_dir(root)),
    )
    .map_err(|err| format!("{err} (Python 3 with the venv module is required)"))?;
    process::run(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(["--retries", "5", "-r"])
            .arg(&requirements_file),
    )?;
    fs::write(stamp_path(root), requirements)
        .map_err(|err| format!("writing the virtualenv stamp: {err}"))?;
    Ok(Some(python))
}
