//! Every fault kind fires as configured: through the library API, the binary's `--fault`
//! flag and the admin endpoint.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{data, Client, Sign};
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

/// An admin request, signed by `c` (anonymous if `c` signs so).
fn admin(
    c: &Client,
    method: &str,
    what: &str,
    query: &[(&str, &str)],
    body: &str,
) -> common::Response {
    c.call(
        method,
        Some("_oss-server"),
        Some(what),
        query,
        &[],
        body.as_bytes(),
    )
}

/// The same request, unsigned, as raw bytes.
fn raw_admin(addr: std::net::SocketAddr, method: &str, path: &str, body: &str) -> common::Response {
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

/// The binary with these extra arguments, and its address.
fn spawn(extra: &[&str]) -> (KillOnDrop, std::net::SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oss-server"))
        .args(["--listen", "127.0.0.1:0", "--memory"])
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap()
        .parse()
        .unwrap();
    (KillOnDrop(child), addr)
}

#[test]
fn binary_flags_and_admin_endpoint() {
    let (_child, addr) = spawn(&[
        "--fault",
        "error=503,op=GetObject,times=1",
        "--admin-endpoint",
    ]);
    let c = Client::new(addr);
    c.create_bucket("bkt");
    c.put("bkt", "k", b"hello");
    assert_eq!(c.get("bkt", "k").code().as_deref(), Some("SlowDown"));
    assert_eq!(c.get("bkt", "k").body, b"hello");
    let r = admin(&c, "POST", "faults", &[], "corrupt=0,op=GetObject");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        admin(&c, "GET", "faults", &[], "").text(),
        "corrupt=0,op=GetObject\n"
    );
    assert_eq!(c.get("bkt", "k").body, b"\x97ello");
    assert_eq!(admin(&c, "DELETE", "faults", &[], "").status, 200);
    assert_eq!(c.get("bkt", "k").body, b"hello");
    assert_eq!(admin(&c, "POST", "faults", &[], "explode=1").status, 400);
    assert_eq!(
        admin(&c, "PUT", "clock", &[("skew", "3600")], "").status,
        200
    );
    assert_eq!(
        c.get("bkt", "k").code().as_deref(),
        Some("RequestTimeTooSkewed")
    );
    // The admin endpoint checks signatures against the real clock, so it can set it back.
    assert_eq!(admin(&c, "PUT", "clock", &[("skew", "0")], "").status, 200);
    assert_eq!(c.get("bkt", "k").body, b"hello");
    // The lifecycle sweep, at the moved clock.
    let rule =
        "<LifecycleConfiguration><Rule><ID>a</ID><Prefix>logs/</Prefix><Status>Enabled</Status>\
                <Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>";
    let r = c.call(
        "PUT",
        Some("bkt"),
        None,
        &[("lifecycle", "")],
        &[],
        rule.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    c.put("bkt", "logs/old", b"x");
    let r = admin(&c, "POST", "lifecycle", &[], "");
    assert_eq!(r.text(), "expired=0 transitioned=0 aborted=0\n");
    assert_eq!(
        admin(&c, "PUT", "clock", &[("skew", "172800")], "").status,
        200
    );
    let r = admin(&c, "POST", "lifecycle", &[], "");
    assert_eq!(r.text(), "expired=1 transitioned=0 aborted=0\n");
    assert_eq!(admin(&c, "PUT", "clock", &[("skew", "0")], "").status, 200);
    assert_eq!(
        c.get("bkt", "logs/old").code().as_deref(),
        Some("NoSuchKey")
    );
    assert_eq!(c.get("bkt", "k").body, b"hello");
    // The access logs, written when asked.
    let status = "<BucketLoggingStatus><LoggingEnabled><TargetBucket>bkt</TargetBucket>\
                  <TargetPrefix>log/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>";
    let r = c.call(
        "PUT",
        Some("bkt"),
        None,
        &[("logging", "")],
        &[],
        status.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(admin(&c, "POST", "logging", &[], "").text(), "written=1\n");
    assert_eq!(admin(&c, "POST", "logging", &[], "").text(), "written=0\n");
}

/// D2: no admin endpoint unless asked for; when on, only signed requests, bounded inputs.
#[test]
fn admin_endpoint_is_off_by_default_and_needs_a_credential() {
    // Off (the default, as in the CLI's embedded server and `oss serve`): the path is an
    // ordinary (invalid) bucket, and an expired presigned URL stays expired.
    let (_off, addr) = spawn(&["--credential", "ak:sk"]);
    let owner = Client::new(addr).with_credentials(oss_auth::Credentials::new("ak", "sk"));
    owner.create_bucket("priv");
    owner.put("priv", "secret.txt", b"TOP-SECRET");
    let request = oss_auth::SignableRequest::new("GET")
        .bucket("priv")
        .key("secret.txt");
    let expired = oss_auth::v1::V1Signer::new()
        .presign(
            &request,
            &oss_auth::Credentials::new("ak", "sk"),
            std::time::SystemTime::now() - Duration::from_secs(60),
        )
        .unwrap();
    let fetch = |addr| {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET /priv/secret.txt?{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            expired.query_string(&request)
        )
        .unwrap();
        common::read_response(stream, false)
    };
    assert_eq!(fetch(addr).status, 403);
    for (method, path, body) in [
        ("PUT", "clock?skew=-3600", ""),
        ("POST", "faults", "error=500"),
        ("GET", "faults", ""),
    ] {
        let r = raw_admin(addr, method, path, body);
        assert!(
            r.code().as_deref() == Some("NoSuchBucket") || r.status == 501,
            "{method} {path} is no admin call: {} {}",
            r.status,
            r.text()
        );
    }
    assert_eq!(
        owner.get("priv", "secret.txt").body,
        b"TOP-SECRET",
        "no fault was added"
    );
    assert_eq!(fetch(addr).status, 403, "the URL stays expired");
    // Signed requests get no admin either.
    assert_eq!(
        admin(&owner, "PUT", "clock", &[("skew", "-3600")], "").status,
        404
    );
    assert_eq!(fetch(addr).status, 403);

    // On: anonymous or wrongly signed requests are refused, and change nothing.
    let (_on, addr) = spawn(&["--credential", "ak:sk", "--admin-endpoint"]);
    let owner = Client::new(addr).with_credentials(oss_auth::Credentials::new("ak", "sk"));
    owner.create_bucket("priv");
    owner.put("priv", "secret.txt", b"TOP-SECRET");
    let r = raw_admin(addr, "PUT", "clock?skew=-3600", "");
    assert_eq!((r.status, r.code().as_deref()), (403, Some("AccessDenied")));
    assert_eq!(fetch(addr).status, 403, "the URL stays expired");
    let anonymous = Client::new(addr).with_sign(Sign::Anonymous);
    assert_eq!(
        admin(&anonymous, "POST", "faults", &[], "delay=1000").status,
        403
    );
    let wrong = Client::new(addr).with_credentials(oss_auth::Credentials::new("ak", "wrong"));
    let r = admin(&wrong, "POST", "faults", &[], "error=500");
    assert_eq!(r.code().as_deref(), Some("SignatureDoesNotMatch"));
    assert_eq!(
        admin(&owner, "GET", "faults", &[], "").text(),
        "",
        "no fault was added"
    );
    // Inputs are bounded: the body, the delay, the skew, the number of faults.
    let r = admin(&owner, "POST", "faults", &[], &"x".repeat(5000));
    assert_eq!(r.status, 413, "{}", r.text());
    let r = admin(&owner, "POST", "faults", &[], "delay=18446744073709551615");
    assert_eq!(r.status, 400, "{}", r.text());
    for skew in ["-9223372036854775808", "604801", "x"] {
        let r = admin(&owner, "PUT", "clock", &[("skew", skew)], "");
        assert_eq!(r.status, 400, "{skew}: {}", r.text());
    }
    assert_eq!(
        owner.get("priv", "secret.txt").body,
        b"TOP-SECRET",
        "the clock did not move"
    );
    for i in 0..100 {
        let spec = format!("delay=1,key=never-{i}");
        assert_eq!(admin(&owner, "POST", "faults", &[], &spec).status, 200);
    }
    assert_eq!(
        admin(&owner, "POST", "faults", &[], "delay=1,key=one-more").status,
        400
    );
    assert_eq!(admin(&owner, "DELETE", "faults", &[], "").status, 200);
}

/// D16: with virtual-hosted addressing, keys under `_oss-server/` are objects, even with the
/// admin endpoint on.
#[test]
fn virtual_hosted_admin_paths_are_objects() {
    let server = ServerConfig::new()
        .admin_endpoint(true)
        .start_background()
        .unwrap();
    let c = Client::new(server.addr());
    c.create_bucket("pubrw");
    c.call(
        "PUT",
        Some("pubrw"),
        None,
        &[("acl", "")],
        &[("x-oss-acl", "public-read-write")],
        b"",
    );
    assert_eq!(c.put("pubrw", "_oss-server/faults", b"obj").status, 200);
    let raw = |method: &str, body: &str| {
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        write!(
            stream,
            "{method} /_oss-server/faults HTTP/1.1\r\nHost: pubrw.localhost\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        common::read_response(stream, false)
    };
    let r = raw("GET", "");
    assert_eq!((r.status, r.body.as_slice()), (200, &b"obj"[..]));
    // POST on an object key is no admin call: nothing is added.
    raw("POST", "error=500");
    assert!(server.faults().list().is_empty());
    // DELETE deletes the object, and clears nothing.
    server
        .faults()
        .add(Fault::delay(Duration::from_millis(1)).key("never"));
    assert_eq!(raw("DELETE", "").status, 204);
    assert_eq!(server.faults().list().len(), 1);
    assert_eq!(c.get("pubrw", "_oss-server/faults").status, 404);
}

#[test]
fn fault_specs_parse() {
    let fault: Fault = "reset=10,key=a/*".parse().unwrap();
    assert_eq!(fault.kind(), &FaultKind::ResetAfter(10));
    assert!("nonsense".parse::<Fault>().is_err());
}
