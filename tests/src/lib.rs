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

/// Streams `cases` (one JSON object a line) through the signing oracle `script` (a path
/// under `tests/interop/`) run by `python`, and returns its answer lines, one per case.
///
/// The cases are written from another thread: the oracle answers as it reads, and both
/// pipes are finite.
pub fn run_oracle(python: &Path, script: &str, cases: String) -> Vec<String> {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};

    let mut child = Command::new(python)
        .arg(workspace_root().join("tests/interop").join(script))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start the signing oracle {script}: {e}"));
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || stdin.write_all(cases.as_bytes()));
    let answers: Vec<String> = BufReader::new(child.stdout.take().expect("piped stdout"))
        .lines()
        .map(|line| line.expect("read an oracle answer"))
        .collect();
    writer
        .join()
        .expect("the writer thread")
        .expect("write the cases to the oracle");
    assert!(
        child.wait().expect("wait for the oracle").success(),
        "the oracle {script} failed"
    );
    answers
}

/// The npm install holding the official Node.js SDK (`ali-oss`): a directory with
/// `node_modules/` inside.
///
/// `cargo xtask ci` installs it with npm and sets `OSS_RS_NODE_DIR`; without it, the default
/// install under `target/` is used when present. A plain `cargo test` without either skips
/// the Node.js interop tests, saying so on stderr, unless `OSS_RS_REQUIRE_INTEROP` is set.
pub fn interop_node(test: &str) -> Option<PathBuf> {
    let required = std::env::var_os("OSS_RS_REQUIRE_INTEROP").is_some();
    let dir = std::env::var_os("OSS_RS_NODE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/interop-node"));
    if dir.join("node_modules/ali-oss/package.json").exists() {
        return Some(dir);
    }
    if required {
        panic!(
            "{test}: OSS_RS_REQUIRE_INTEROP is set but ali-oss is not installed in {}",
            dir.display()
        );
    }
    eprintln!("{test}: skipped: no ali-oss install (run `cargo xtask ci` to create it)");
    None
}
