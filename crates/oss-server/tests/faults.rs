//! Every fault kind fires as configured: through the library API, the binary's `--fault`
//! flag and the admin endpoint.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{data, Client};
use oss_server::faults::{Fault, FaultKind};
use oss_server::ServerConfig;

fn start() -> (oss_server::BackgroundServer, Client) {
    let server = ServerConfig::new().start_background().expect("start");
    let client = Client::new(server.addr());
    client.create_bucket("bkt");
    (server, client)
}

#[test]
fn error_responses_fire_n_times() {
    let (server, c) = start();
    c.put("bkt", "k", b"v");
    server
        .faults()
        .add(Fault::error(503).operation("GetObject").times(2));
    server
        .faults()
        .add(Fault::error(500).operation("PutObject").key("k*").times(1));
    for _ in 0..2 {
        let r = c.get("bkt", "k");
        assert_eq!((r.status, r.code().as_deref()), (503, Some("SlowDown")));
        assert!(r.header("x-oss-request-id").is_some());
    }
    assert_eq!(c.get("bkt", "k").body, b"v");
    assert_eq!(
        c.put("bkt", "other", b"x").status,
        200,
        "the key pattern does not match"
    );
    let r = c.put("bkt", "k2", b"x");
    assert_eq!(
        (r.status, r.code().as_deref()),
        (500, Some("InternalError"))
    );
    assert_eq!(
        c.get("bkt", "k2").status,
        404,
        "an injected error happens before the operation"
    );
    assert!(
        server.faults().list().is_empty(),
        "counted-down faults are gone"
    );
}

#[test]
fn connection_reset_after_k_bytes() {
    let (server, c) = start();
    let body = data(200_000, 1);
    c.put("bkt", "big", &body);
    server
        .faults()
        .add(Fault::reset_after(1000).operation("GetObject").times(1));
    let r = c.get("bkt", "big");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-length"), Some("200000"));
    assert_eq!(r.body.len(), 1000, "exactly K bytes arrive");
    assert_eq!(r.body, body[..1000]);
    assert!(r.error.is_some(), "the read fails");
    // Zero bytes: headers, then nothing.
    server
        .faults()
        .add(Fault::reset_after(0).bucket("bkt").key("big").times(1));
    let r = c.get("bkt", "big");
    assert!(r.body.is_empty() && r.error.is_some());
    assert_eq!(c.get("bkt", "big").body, body, "later requests are whole");
}

#[test]
fn delay() {
    let (server, c) = start();
    server.faults().add(
        Fault::delay(Duration::from_millis(400))
            .operation("PutObject")
            .times(1),
    );
    let started = Instant::now();
    assert_eq!(c.put("bkt", "slow", b"x").status, 200);
    assert!(started.elapsed() >= Duration::from_millis(400));
    let started = Instant::now();
    c.put("bkt", "fast", b"x");
    assert!(started.elapsed() < Duration::from_millis(400));
}

#[test]
fn corrupted_byte_fails_the_crc() {
    let (server, c) = start();
    let body = data(50_000, 2);
    c.put("bkt", "obj", &body);
    server.faults().add(Fault::corrupt(12_345).key("obj"));
    let r = c.get("bkt", "obj");
    assert_eq!(r.body.len(), body.len());
    let differing: Vec<usize> = (0..body.len()).filter(|&i| r.body[i] != body[i]).collect();
    assert_eq!(differing, [12_345]);
    assert_eq!(r.body[12_345], !body[12_345]);
    let advertised: u64 = r.header("x-oss-hash-crc64ecma").unwrap().parse().unwrap();
    assert_ne!(
        oss_checksum::crc64::checksum(&r.body),
        advertised,
        "a CRC check catches it"
    );
    assert_eq!(advertised, oss_checksum::crc64::checksum(&body));
    server.faults().clear();
    assert_eq!(c.get("bkt", "obj").body, body);
}

#[test]
fn skewed_clock() {
    let (server, c) = start();
    server.set_clock_skew(-1800);
    let r = c.get("bkt", "x");
    assert_eq!(
        (r.status, r.code().as_deref()),
        (403, Some("RequestTimeTooSkewed"))
    );
    let date = oss_model::time::parse_http_date(r.header("date").unwrap()).unwrap();
    let behind = std::time::SystemTime::now().duration_since(date).unwrap();
    assert!(
        behind >= Duration::from_secs(1700),
        "Date shows the skewed clock"
    );
    server.set_clock_skew(0);
    assert_eq!(c.get("bkt", "x").code().as_deref(), Some("NoSuchKey"));
}

fn admin(addr: std::net::SocketAddr, method: &str, path: &str, body: &str) -> common::Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} /_oss-server/{path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    common::read_response(stream, false)
}

/// Kills the child when dropped, so that a failing test leaves no server behind.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn binary_flags_and_admin_endpoint() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oss-server"))
        .args(["--listen", "127.0.0.1:0", "--memory"])
        .args(["--fault", "error=503,op=GetObject,times=1"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let _child = KillOnDrop(child);
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap()
        .parse()
        .unwrap();
    let c = Client::new(addr);
    c.create_bucket("bkt");
    c.put("bkt", "k", b"hello");
    assert_eq!(c.get("bkt", "k").code().as_deref(), Some("SlowDown"));
    assert_eq!(c.get("bkt", "k").body, b"hello");
    let r = admin(addr, "POST", "faults", "corrupt=0,op=GetObject");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        admin(addr, "GET", "faults", "").text(),
        "corrupt=0,op=GetObject\n"
    );
    assert_eq!(c.get("bkt", "k").body, b"\x97ello");
    assert_eq!(admin(addr, "DELETE", "faults", "").status, 200);
    assert_eq!(c.get("bkt", "k").body, b"hello");
    assert_eq!(admin(addr, "POST", "faults", "explode=1").status, 400);
    assert_eq!(admin(addr, "PUT", "clock?skew=3600", "").status, 200);
    assert_eq!(
        c.get("bkt", "k").code().as_deref(),
        Some("RequestTimeTooSkewed")
    );
}

#[test]
fn fault_specs_parse() {
    let fault: Fault = "reset=10,key=a/*".parse().unwrap();
    assert_eq!(fault.kind(), &FaultKind::ResetAfter(10));
    assert!("nonsense".parse::<Fault>().is_err());
}
