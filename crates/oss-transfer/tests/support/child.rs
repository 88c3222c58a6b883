//! Child processes made by re-running the current test binary: a test binary knows no other
//! binary of the workspace (`CARGO_BIN_EXE_*` exists only for a package's own binaries, and
//! building one from a test would wait on the cargo lock), so a test starts itself again
//! with `OSS_TRANSFER_TEST_ROLE` set, running only its entry-point test, which then plays
//! that role: a disk-backed oss-server, or one transfer.
//!
//! A server child exits when its standard input closes, so it never outlives the test.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};

/// The variable that selects a child's role.
pub const ROLE: &str = "OSS_TRANSFER_TEST_ROLE";

/// The role of this process, if it is a child.
pub fn role() -> Option<String> {
    std::env::var(ROLE).ok().filter(|r| !r.is_empty())
}

/// A child running `entry` (a test of this binary) as `role`, with `vars`.
pub fn command(entry: &str, role: &str, vars: &[(&str, String)]) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command
        .args([entry, "--exact", "--nocapture", "--test-threads=1", "-q"])
        .env(ROLE, role)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (name, value) in vars {
        command.env(name, value);
    }
    command
}

/// A disk-backed oss-server in a child process, killed when dropped.
pub struct ServerProcess {
    child: Child,
    pub endpoint: String,
}

impl ServerProcess {
    /// Starts `entry` as a server keeping its data in `dir`.
    pub fn start(entry: &str, dir: &Path) -> ServerProcess {
        let mut child = command(
            entry,
            "server",
            &[("OSS_TRANSFER_TEST_DATA", dir.display().to_string())],
        )
        .spawn()
        .expect("the server child starts");
        let stdout = child.stdout.take().expect("piped");
        let mut lines = BufReader::new(stdout).lines();
        let endpoint = loop {
            let line = lines
                .next()
                .expect("the server child says where it listens")
                .expect("readable");
            if let Some(endpoint) = line.strip_prefix("listening on ") {
                break endpoint.trim().to_owned();
            }
        };
        // Keep draining its output so that it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        ServerProcess { child, endpoint }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs an oss-server on `OSS_TRANSFER_TEST_DATA` until standard input closes.
pub fn serve() -> ! {
    let dir = std::env::var("OSS_TRANSFER_TEST_DATA").expect("OSS_TRANSFER_TEST_DATA");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let server = oss_server::ServerConfig::new()
            .data_dir(dir)
            .start()
            .await
            .expect("the server starts");
        println!("listening on {}", server.endpoint());
        let _ = tokio::task::spawn_blocking(|| {
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
        })
        .await;
    });
    std::process::exit(0)
}

/// Reads a child's output line by line on a thread, handing back the lines once it ends.
pub fn collect_lines(stdout: ChildStdout) -> std::thread::JoinHandle<Vec<String>> {
    std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .collect()
    })
}
