//! Test support: an `oss serve` process on a free loopback port (the oss-server library in a
//! process of its own), the `oss` binary run with a clean environment and a temporary HOME,
//! temporary directories, and a minimal HTTP client for presigned URLs.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const AK: &str = "LTAI5tCliTestKey";
pub const SK: &str = "cli-test-secret";
pub const REGION: &str = "cn-hangzhou";

pub const OSS: &str = env!("CARGO_BIN_EXE_oss");

/// A directory removed when dropped.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "oss-cli-{name}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `oss serve` in a process of its own, killed when dropped.
pub struct Server {
    child: Child,
    pub endpoint: String,
    _home: TempDir,
}

impl Server {
    /// In memory, accepting AK:SK and the STS pair `STS.AK:STS.SK:TOKEN`.
    pub fn start() -> Server {
        Self::start_with(&["--memory"])
    }

    pub fn start_with(extra: &[&str]) -> Server {
        let home = TempDir::new("server-home");
        let mut child = Command::new(OSS)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(["--credential", &format!("{AK}:{SK}")])
            .args(["--credential", "STS.AK:STS.SK:TOKEN"])
            .args(["--region", REGION])
            .args(extra)
            .env_clear()
            .env("HOME", home.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn oss serve");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().expect("a line").expect("read");
        let endpoint = first
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .to_owned();
        // Keep draining so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            endpoint,
            _home: home,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a run of `oss` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "expected success: {self:#?}");
        self
    }

    #[track_caller]
    pub fn fails(self, code: i32, needle: &str) -> Run {
        assert_eq!(self.code, code, "expected exit {code}: {self:#?}");
        assert!(
            self.stderr.contains(needle),
            "expected {needle:?} on stderr: {self:#?}"
        );
        self
    }

    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:#?}"))
    }

    #[track_caller]
    pub fn has(self, needle: &str) -> Run {
        assert!(
            self.stdout.contains(needle),
            "expected {needle:?} on stdout: {self:#?}"
        );
        self
    }
}

/// The `oss` binary with a clean environment and a HOME of its own.
pub struct Cli {
    home: TempDir,
    envs: Vec<(String, String)>,
}

impl Cli {
    /// Configured for `server` through the environment.
    pub fn new(server: &Server) -> Cli {
        Cli::bare()
            .env("OSS_ENDPOINT", &server.endpoint)
            .env("OSS_REGION", REGION)
            .env("OSS_ACCESS_KEY_ID", AK)
            .env("OSS_ACCESS_KEY_SECRET", SK)
    }

    /// Nothing configured: the embedded default.
    pub fn bare() -> Cli {
        Cli {
            home: TempDir::new("home"),
            envs: Vec::new(),
        }
    }

    pub fn env(mut self, name: &str, value: &str) -> Cli {
        self.envs.retain(|(n, _)| n != name);
        self.envs.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn without(mut self, name: &str) -> Cli {
        self.envs.retain(|(n, _)| n != name);
        self
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    pub fn command(&self) -> Command {
        let mut command = Command::new(OSS);
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .envs(self.envs.iter().map(|(k, v)| (k, v)));
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command().args(args).output().expect("run oss"))
    }

    pub fn run_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn oss");
        child.stdin.take().unwrap().write_all(input).unwrap();
        Run::from(child.wait_with_output().expect("wait oss"))
    }

    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> Run {
        self.run(args).ok()
    }
}

/// A minimal HTTP/1.1 request to a loopback URL: the status and the body.
pub fn http(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, Vec<u8>) {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(host).expect("connect");
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut body = response[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, body)
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..line_end]).unwrap().trim(), 16)
                .unwrap();
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// Deterministic pseudo-random bytes.
pub fn data(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u8
        })
        .collect()
}

/// `oss` on a pseudo-terminal: standard input and standard error are the terminal (so the
/// command asks, and its prompts show), standard output a pipe.
#[cfg(unix)]
pub struct Terminal {
    child: Child,
    master: std::fs::File,
    seen: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    reader: std::thread::JoinHandle<()>,
}

#[cfg(unix)]
impl Terminal {
    #[allow(unsafe_code)]
    pub fn run(cli: &Cli, args: &[&str]) -> Terminal {
        use std::os::fd::{FromRawFd, OwnedFd};
        let (mut master, mut slave) = (0, 0);
        // An 80-column terminal, the width progress bars must fit.
        let size = libc::winsize {
            ws_row: 24,
            ws_col: 80,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two new descriptors into the integers it is given and reads
        // the window size it is pointed at; the null name and termios pointers are allowed.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just opened by openpty and are owned by nothing else.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let child = cli
            .command()
            .args(args)
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave))
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn oss");
        let master = std::fs::File::from(master);
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut reader = master.try_clone().unwrap();
        let sink = seen.clone();
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            // Ends with EIO once the command (the last holder of the terminal) exits.
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        });
        Terminal {
            child,
            master,
            seen,
            reader,
        }
    }

    /// Everything the terminal showed so far.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.seen.lock().unwrap()).into_owned()
    }

    /// Waits (bounded) until the terminal shows `text`.
    #[track_caller]
    pub fn expect(&self, text: &str) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !self.screen().contains(text) {
            assert!(
                std::time::Instant::now() < deadline,
                "the terminal never showed {text:?}: {:?}",
                self.screen()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Types `text` (a line needs its `\n`).
    pub fn type_text(&mut self, text: &str) {
        self.master.write_all(text.as_bytes()).unwrap();
    }

    /// Waits for the command; its exit code, standard output and the whole screen.
    pub fn finish(self) -> (i32, String, String) {
        let output = self.child.wait_with_output().expect("wait oss");
        // The reader ends once the command, the last holder of the terminal, is gone.
        self.reader.join().unwrap();
        let screen = String::from_utf8_lossy(&self.seen.lock().unwrap()).into_owned();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            screen,
        )
    }
}
