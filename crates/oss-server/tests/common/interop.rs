//! The interop virtualenv (official Python SDKs) for the tests that drive the server with
//! them: found as `tests/src/lib.rs` of the workspace finds it, and a script run against a
//! server on both stores.

use std::path::{Path, PathBuf};
use std::process::Command;

use oss_auth::Credentials;
use oss_server::{BackgroundServer, ServerConfig};

/// The credentials of the servers these tests start (the scripts get them as arguments).
pub const KEY_ID: &str = "interop-ak";
/// See [`KEY_ID`].
pub const SECRET: &str = "interop-sk";

/// A server for the scripts: [`KEY_ID`] and [`SECRET`], region cn-shanghai.
pub fn server_config() -> ServerConfig {
    ServerConfig::new()
        .credential(Credentials::new(KEY_ID, SECRET))
        .region("cn-shanghai")
}

/// Runs `tests/<script> ENDPOINT AK SK REGION PHASE` with `python` against `server` (one of
/// [`server_config`]'s); fails the test if the script fails. `what` names the run in
/// messages.
pub fn run_script(python: &Path, server: &BackgroundServer, script: &str, phase: &str, what: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(script);
    let output = Command::new(python)
        .arg(&path)
        .args([server.endpoint(), KEY_ID, SECRET, server.region(), phase])
        .output()
        .expect("run python");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{script} {phase} ({what}) failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    eprintln!("{script} {phase} ({what}): {}", stdout.trim());
}

/// The interop virtualenv's Python: `OSS_RS_PYTHON`, or `target/interop-venv`. Without one
/// the test says so and passes, unless `OSS_RS_REQUIRE_INTEROP` is set.
pub fn python(test: &str) -> Option<PathBuf> {
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

/// Runs `tests/<script> ENDPOINT AK SK REGION` with `python` against a server with memory
/// storage, then against one with a data directory; fails the test if the script fails.
pub fn run_on_both_stores(python: &Path, script: &str) {
    run_phases_on_both_stores(python, script, &[("all", 0)]);
}

/// Runs `tests/<script> ENDPOINT AK SK REGION PHASE` once per phase against the same server
/// (memory storage, then a data directory), first setting the server's clock this many
/// seconds ahead; fails the test if the script fails.
pub fn run_phases_on_both_stores(python: &Path, script: &str, phases: &[(&str, i64)]) {
    for data_dir in [false, true] {
        let dir = std::env::temp_dir().join(format!(
            "oss-server-{script}-{}-{data_dir}",
            std::process::id()
        ));
        let mut config = server_config();
        if data_dir {
            config = config.data_dir(&dir);
        }
        let server = config.start_background().expect("start oss-server");
        for (phase, skew) in phases {
            server.set_clock_skew(*skew);
            run_script(
                python,
                &server,
                script,
                phase,
                &format!("data dir: {data_dir}"),
            );
        }
        drop(server);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
