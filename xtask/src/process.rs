//! Running external tools (cargo, git, python) with echoed command lines and
//! errors that say which command failed.

use std::ffi::OsStr;
use std::process::{Command, Stdio};

/// A `cargo` command using the same cargo binary that launched us, so a
/// pinned toolchain stays pinned for the child commands.
///
/// It does not inherit the package variables `cargo run` gave xtask (`CARGO_PKG_NAME`,
/// `CARGO_MANIFEST_DIR`, …): build scripts such as ring's rerun when those change, so
/// inheriting them would rebuild ring and everything above it whenever builds from the shell
/// and from xtask alternate.
pub fn cargo() -> Command {
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        let set_by_cargo_run = [
            "CARGO_PKG_",
            "CARGO_MANIFEST_",
            "CARGO_BIN_",
            "CARGO_CRATE_",
        ]
        .iter()
        .any(|prefix| name.starts_with(prefix))
            || name == "CARGO_PRIMARY_PACKAGE";
        if set_by_cargo_run {
            cargo.env_remove(name.as_ref());
        }
    }
    cargo
}

/// The command line as a user would type it, for logs and error messages.
pub fn describe(cmd: &Command) -> String {
    let program = short_program(cmd.get_program());
    cmd.get_args().fold(program, |line, arg| {
        let arg = arg.to_string_lossy();
        if arg.is_empty() || arg.contains(char::is_whitespace) {
            format!("{line} {arg:?}")
        } else {
            format!("{line} {arg}")
        }
    })
}

/// `$CARGO` is an absolute path; print just `cargo` to keep logs readable.
fn short_program(program: &OsStr) -> String {
    let path = std::path::Path::new(program);
    match path.file_stem() {
        Some(stem) if path.components().count() > 1 && stem == "cargo" => "cargo".to_string(),
        _ => program.to_string_lossy().into_owned(),
    }
}

/// Runs `cmd` with inherited output after echoing it; fails on a non-zero exit.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let line = describe(cmd);
    println!("$ {line}");
    let status = cmd
        .status()
        .map_err(|err| format!("could not start `{line}`: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{line}` failed ({status})"))
    }
}

/// Runs `cmd` silently and returns its stdout; a failure carries its stderr.
pub fn output(cmd: &mut Command) -> Result<String, String> {
    let line = describe(cmd);
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|err| format!("could not start `{line}`: {err}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "`{line}` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}
