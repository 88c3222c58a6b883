//! The disk backend: persistence across restarts, several servers sharing one data
//! directory, and crash safety (the binary killed with SIGKILL mid-write).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::{data, Client};
use oss_server::ServerConfig;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("oss-server-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn keys(text: &str) -> Vec<String> {
    text.split("<Key>")
        .skip(1)
        .filter_map(|s| s.split('<').next())
        .map(str::to_owned)
        .collect()
}

/// The directories and the lock files under `DIR/tmp`.
fn temporaries(dir: &Path) -> (Vec<String>, Vec<String>) {
    let (mut dirs, mut locks) = (Vec::new(), Vec::new());
    for entry in std::fs::read_dir(dir.join("tmp")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            dirs.push(name);
        } else if name.ends_with(".lock") {
            locks.push(name);
        }
    }
    (dirs, locks)
}

/// The bytes of partial uploads under `DIR/tmp`.
fn partial_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    for process in std::fs::read_dir(dir.join("tmp")).unwrap().flatten() {
        if let Ok(files) = std::fs::read_dir(process.path()) {
            for file in files.flatten() {
                if file.file_name().to_string_lossy().ends_with(".part") {
                    total += file.metadata().map_or(0, |m| m.len());
                }
            }
        }
    }
    total
}

/// Waits (bounded) until `ready` holds.
fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !ready() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Every blob row has its file, every file has its row, no temporary file of a dead process
/// is left, and every listed object reads back in full.
fn assert_consistent(dir: &Path, client: &Client, bucket: &str) {
    let conn = rusqlite::Connection::open(dir.join("meta.db")).unwrap();
    let mut stmt = conn.prepare("SELECT id FROM blobs").unwrap();
    let mut rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.sort();
    let mut files: Vec<String> = std::fs::read_dir(dir.join("blobs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(rows, files, "blob rows and files differ");
    let (dirs, locks) = temporaries(dir);
    assert_eq!(
        (dirs.len(), locks.len()),
        (1, 1),
        "only the live process's temporary directory and lock remain: {dirs:?} {locks:?}"
    );
    let r = client.call("GET", Some(bucket), None, &[], &[], b"");
    for key in keys(&r.text()) {
        let g = client.get(bucket, &key);
        assert_eq!(g.status, 200, "{key}");
        let size: usize = g.header("content-length").unwrap().parse().unwrap();
        assert_eq!(g.body.len(), size, "{key} reads back in full");
        let crc = oss_checksum::crc64::checksum(&g.body).to_string();
        assert_eq!(
            g.header("x-oss-hash-crc64ecma"),
            Some(crc.as_str()),
            "{key}"
        );
    }
}

#[test]
fn data_survives_restarts() {
    let dir = TempDir::new("restart");
    let body = data(1 << 20, 5);
    {
        let server = ServerConfig::new()
            .data_dir(&dir.0)
            .start_background()
            .unwrap();
        let c = Client::new(server.addr());
        c.create_bucket("bkt");
        c.call(
            "PUT",
            Some("bkt"),
            Some("a/one"),
            &[],
            &[("x-oss-meta-x", "y")],
            &body,
        );
        c.put("bkt", "a/two", b"2");
        c.call(
            "POST",
            Some("bkt"),
            Some("log"),
            &[("append", ""), ("position", "0")],
            &[],
            b"ab",
        );
        c.call(
            "POST",
            Some("bkt"),
            Some("log"),
            &[("append", ""), ("position", "2")],
            &[],
            b"cd",
        );
        c.call(
            "PUT",
            Some("bkt"),
            Some("copy"),
            &[],
            &[("x-oss-copy-source", "/bkt/a/one")],
            b"",
        );
        c.put("bkt", "a/two", b"overwritten");
        c.call("DELETE", Some("bkt"), Some("a/one"), &[], &[], b"");
        let r = c.call(
            "POST",
            Some("bkt"),
            Some("mp"),
            &[("uploads", "")],
            &[],
            b"",
        );
        let id = r.xml("UploadId").unwrap();
        c.call(
            "PUT",
            Some("bkt"),
            Some("mp"),
            &[("partNumber", "1"), ("uploadId", &id)],
            &[],
            &body[..200_000],
        );
        c.call(
            "PUT",
            Some("bkt"),
            Some("mp"),
            &[("partNumber", "2"), ("uploadId", &id)],
            &[],
            b"end",
        );
        let r = c.call(
            "POST",
            Some("bkt"),
            Some("mp"),
            &[("uploadId", &id)],
            &[("x-oss-complete-all", "yes")],
            b"",
        );
        assert_eq!(r.status, 200, "{}", r.text());
        c.call(
            "POST",
            Some("bkt"),
            Some("pending"),
            &[("uploads", "")],
            &[],
            b"",
        );
    }
    let server = ServerConfig::new()
        .data_dir(&dir.0)
        .start_background()
        .unwrap();
    let c = Client::new(server.addr());
    let g = c.get("bkt", "copy");
    assert_eq!(g.body, body);
    assert_eq!(g.header("x-oss-meta-x"), Some("y"));
    assert_eq!(c.get("bkt", "a/two").body, b"overwritten");
    assert_eq!(c.get("bkt", "a/one").status, 404);
    assert_eq!(c.get("bkt", "log").body, b"abcd");
    assert_eq!(c.get("bkt", "mp").body, [&body[..200_000], b"end"].concat());
    let r = c.call("GET", Some("bkt"), None, &[("uploads", "")], &[], b"");
    assert!(r.text().contains("<Key>pending</Key>"));
    let r = c.call("GET", Some("bkt"), None, &[("prefix", "a/")], &[], b"");
    assert_eq!(keys(&r.text()), ["a/two"]);
    assert_consistent(&dir.0, &c, "bkt");
}

#[test]
fn two_servers_share_a_data_directory() {
    let dir = TempDir::new("shared");
    let one = ServerConfig::new()
        .data_dir(&dir.0)
        .start_background()
        .unwrap();
    let two = ServerConfig::new()
        .data_dir(&dir.0)
        .start_background()
        .unwrap();
    let (a, b) = (Client::new(one.addr()), Client::new(two.addr()));
    a.create_bucket("bkt");
    let writers: Vec<_> = (0..4)
        .map(|i| {
            let c = if i % 2 == 0 { a.clone() } else { b.clone() };
            std::thread::spawn(move || {
                for j in 0..25 {
                    let r = c.put("bkt", &format!("k{}", j % 5), &data(10_000, i * 100 + j));
                    assert_eq!(r.status, 200, "{}", r.text());
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    for k in 0..5 {
        let (x, y) = (
            a.get("bkt", &format!("k{k}")),
            b.get("bkt", &format!("k{k}")),
        );
        assert_eq!(x.body, y.body);
        assert_eq!(x.body.len(), 10_000);
    }
    drop(two);
    let conn = rusqlite::Connection::open(dir.0.join("meta.db")).unwrap();
    let refs: i64 = conn
        .query_row("SELECT COUNT(*) FROM blobs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(refs, 5, "overwritten versions were freed");
}

#[test]
fn large_listing_stays_fast() {
    let dir = TempDir::new("listing");
    let server = ServerConfig::new()
        .data_dir(&dir.0)
        .start_background()
        .unwrap();
    let c = Client::new(server.addr());
    c.create_bucket("bkt");
    // Seed 100,000 rows straight into the metadata (the HTTP path is tested elsewhere).
    {
        let conn = rusqlite::Connection::open(dir.0.join("meta.db")).unwrap();
        conn.busy_timeout(Duration::from_secs(10)).unwrap();
        conn.execute_batch("BEGIN").unwrap();
        for i in 0..100_000 {
            let key = format!("dir{}/obj{i:06}", i % 10);
            let record = format!(
                r#"{{"key":"{key}","size":0,"etag":"D41D8CD98F00B204E9800998ECF8427E","crc64":0,"modified_ms":0,"object_type":"Normal","storage_class":"Standard","acl":"default","headers":[],"user_meta":[],"tags":[],"symlink_target":null,"restore":null,"content_md5":null,"segments":[],"generation":{i}}}"#
            );
            conn.execute(
                "INSERT INTO objects(bucket, key, size, storage_class, record) VALUES('bkt', ?1, 0, 'Standard', ?2)",
                [&key, &record],
            )
            .unwrap();
        }
        conn.execute_batch("COMMIT").unwrap();
    }
    let started = std::time::Instant::now();
    let r = c.call(
        "GET",
        Some("bkt"),
        None,
        &[("max-keys", "1000"), ("marker", "dir5/obj050000")],
        &[],
        b"",
    );
    assert_eq!(keys(&r.text()).len(), 1000);
    let r = c.call("GET", Some("bkt"), None, &[("delimiter", "/")], &[], b"");
    assert_eq!(r.text().matches("<CommonPrefixes>").count(), 10);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

/// The binary as a child process.
struct Proc {
    child: Child,
    addr: SocketAddr,
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Proc {
    fn start(dir: &Path) -> Proc {
        let mut child = Command::new(env!("CARGO_BIN_EXE_oss-server"))
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn oss-server");
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut line).unwrap();
        let endpoint = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        Proc {
            addr: endpoint.parse().unwrap(),
            child,
            _stdout: stdout,
        }
    }

    fn kill(mut self) {
        self.child.kill().unwrap(); // SIGKILL
        self.child.wait().unwrap();
    }
}

impl Drop for Proc {
    /// A failing test must not leave its server running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn binary_prints_its_endpoint_and_dev_credentials() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oss-server"))
        .args(["--listen", "127.0.0.1:0", "--memory"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let (mut first, mut second) = (String::new(), String::new());
    out.read_line(&mut first).unwrap();
    out.read_line(&mut second).unwrap();
    assert!(
        first.starts_with("listening on http://127.0.0.1:"),
        "{first}"
    );
    assert!(second.contains(oss_server::DEV_ACCESS_KEY_ID), "{second}");
    assert!(
        second.contains(oss_server::DEV_ACCESS_KEY_SECRET),
        "{second}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_oss-server"))
        .args(["--memory"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2), "--listen is required");
}

#[test]
fn kill_during_a_large_put_keeps_the_old_version() {
    let dir = TempDir::new("crash-put");
    let server = Proc::start(&dir.0);
    let c = Client::new(server.addr);
    c.create_bucket("bkt");
    let old = data(100_000, 1);
    assert_eq!(c.put("bkt", "obj", &old).status, 200);
    assert_eq!(c.put("bkt", "other", b"safe").status, 200);
    // Start overwriting with 64 MiB but send only part of it, then kill the server.
    let total = 64 << 20;
    let head = c.build("PUT", Some("bkt"), Some("obj"), &[], &[], total);
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let chunk = data(1 << 20, 7);
    for _ in 0..20 {
        stream.write_all(&chunk).unwrap();
    }
    // The partial upload is on disk when the process dies...
    wait_for("the partial upload", || partial_bytes(&dir.0) >= 4 << 20);
    server.kill();
    drop(stream);
    // ...and the restart, at once, sweeps it (no grace lets a dead process's files survive).
    let server = Proc::start(&dir.0);
    assert_eq!(
        partial_bytes(&dir.0),
        0,
        "the dead process's partial upload is gone"
    );
    let c = Client::new(server.addr);
    let g = c.get("bkt", "obj");
    assert_eq!(
        g.body, old,
        "the interrupted overwrite left the old version"
    );
    assert_eq!(c.get("bkt", "other").body, b"safe");
    assert_consistent(&dir.0, &c, "bkt");
    server.kill();
}

#[test]
fn kill_during_complete_multipart_upload() {
    let dir = TempDir::new("crash-complete");
    let part1 = data(150_000, 3);
    let part2 = data(1000, 4);
    let whole = [part1.clone(), part2.clone()].concat();
    let mut completed = 0;
    for round in 0..6u64 {
        let server = Proc::start(&dir.0);
        let c = Client::new(server.addr);
        c.create_bucket("bkt");
        let key = format!("mp{round}");
        let id = c
            .call(
                "POST",
                Some("bkt"),
                Some(&key),
                &[("uploads", "")],
                &[],
                b"",
            )
            .xml("UploadId")
            .unwrap();
        for (n, body) in [("1", &part1), ("2", &part2)] {
            let r = c.call(
                "PUT",
                Some("bkt"),
                Some(&key),
                &[("partNumber", n), ("uploadId", &id)],
                &[],
                body,
            );
            assert_eq!(r.status, 200);
        }
        let head = c.build(
            "POST",
            Some("bkt"),
            Some(&key),
            &[("uploadId", &id)],
            &[("x-oss-complete-all", "yes")],
            0,
        );
        let mut stream = TcpStream::connect(server.addr).unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        // Kill at a different moment each round: before, during or after the commit.
        std::thread::sleep(Duration::from_micros(round * 700));
        server.kill();
        drop(stream);
        let server = Proc::start(&dir.0);
        let c = Client::new(server.addr);
        let g = c.get("bkt", &key);
        let uploads = c
            .call("GET", Some("bkt"), None, &[("uploads", "")], &[], b"")
            .text();
        if g.status == 200 {
            completed += 1;
            assert_eq!(g.body, whole, "a completed object is whole");
            assert!(!uploads.contains(&id), "a completed upload is gone");
        } else {
            assert_eq!(g.code().as_deref(), Some("NoSuchKey"));
            assert!(
                uploads.contains(&id),
                "an upload not completed is still there"
            );
            let r = c.call(
                "POST",
                Some("bkt"),
                Some(&key),
                &[("uploadId", &id)],
                &[("x-oss-complete-all", "yes")],
                b"",
            );
            assert_eq!(r.status, 200, "and can still be completed: {}", r.text());
            assert_eq!(c.get("bkt", &key).body, whole);
        }
        assert_consistent(&dir.0, &c, "bkt");
        server.kill();
    }
    eprintln!("{completed} of 6 rounds had completed before the kill");
}

#[test]
fn two_processes_share_a_data_directory() {
    let dir = TempDir::new("processes");
    let (one, two) = (Proc::start(&dir.0), Proc::start(&dir.0));
    let (a, b) = (Client::new(one.addr), Client::new(two.addr));
    assert_eq!(a.create_bucket("bkt").status, 200);
    assert_eq!(
        b.create_bucket("bkt").code().as_deref(),
        Some("BucketAlreadyExists")
    );
    let writers: Vec<_> = [a.clone(), b.clone(), a.clone(), b.clone()]
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            std::thread::spawn(move || {
                for j in 0..20u64 {
                    let key = format!("k{}", j % 4);
                    let r = c.put("bkt", &key, &data(50_000, i as u64 * 1000 + j));
                    assert_eq!(r.status, 200, "{}", r.text());
                    assert_eq!(c.get("bkt", &key).body.len(), 50_000);
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    for k in 0..4 {
        let key = format!("k{k}");
        assert_eq!(a.get("bkt", &key).body, b.get("bkt", &key).body);
    }
    one.kill();
    two.kill();
    let server = Proc::start(&dir.0);
    let c = Client::new(server.addr);
    std::thread::sleep(Duration::from_millis(10));
    assert_eq!(
        c.call("GET", Some("bkt"), None, &[], &[], b"")
            .text()
            .matches("<Key>")
            .count(),
        4
    );
    server.kill();
}

/// D21: a long-running server sweeps the temporary files of a neighbour killed with SIGKILL
/// (and leaves a live neighbour's alone).
#[test]
fn a_running_server_sweeps_a_dead_neighbours_files() {
    let dir = TempDir::new("sweep");
    let server = ServerConfig::new()
        .data_dir(&dir.0)
        .sweep_interval(Duration::from_millis(100))
        .start_background()
        .unwrap();
    let c = Client::new(server.addr());
    assert_eq!(c.create_bucket("bkt").status, 200);
    let neighbour = Proc::start(&dir.0);
    let n = Client::new(neighbour.addr);
    let head = n.build("PUT", Some("bkt"), Some("big"), &[], &[], 64 << 20);
    let mut stream = TcpStream::connect(neighbour.addr).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let chunk = data(1 << 20, 3);
    for _ in 0..8 {
        stream.write_all(&chunk).unwrap();
    }
    wait_for("the partial upload", || partial_bytes(&dir.0) >= 4 << 20);
    // Several sweeps later, a live neighbour's partial upload is still there.
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        partial_bytes(&dir.0) >= 4 << 20,
        "a live process's files were swept"
    );
    assert_eq!(temporaries(&dir.0).0.len(), 2);
    neighbour.kill();
    drop(stream);
    wait_for("the periodic sweep", || {
        let (dirs, locks) = temporaries(&dir.0);
        partial_bytes(&dir.0) == 0 && dirs.len() == 1 && locks.len() == 1
    });
    assert_eq!(c.put("bkt", "after", b"fine").status, 200);
    assert_eq!(c.get("bkt", "after").body, b"fine");
}
