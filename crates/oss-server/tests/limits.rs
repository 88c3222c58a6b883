//! Regressions of the adversarial review (2026-12-06) about slow, stalled and broken
//! clients: header and idle timeouts and the connection cap (D6), and the error a broken
//! body gets (D22). Bounded waits only: each test waits at most a few seconds for the server
//! to act, and never asserts how fast it did.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{data, Client, Sign};
use oss_server::ServerConfig;

/// A server whose clients must be quick: 1 s for headers, 1 s of a stalled body.
fn strict() -> (oss_server::BackgroundServer, Client) {
    let server = ServerConfig::new()
        .header_read_timeout(Duration::from_secs(1))
        .idle_timeout(Duration::from_secs(1))
        .start_background()
        .unwrap();
    let c = Client::new(server.addr());
    // Public-read-write, so that raw requests need no signature.
    c.call(
        "PUT",
        Some("bkt"),
        None,
        &[],
        &[("x-oss-acl", "public-read-write")],
        b"",
    );
    (server, c)
}

/// Reads until the server closes the connection (or resets it), at most `limit`; returns
/// what arrived. Panics if the connection is still open after `limit`.
fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> Vec<u8> {
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let deadline = Instant::now() + limit;
    let mut got = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return got,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                assert!(
                    Instant::now() < deadline,
                    "the server kept the connection open"
                );
            }
            Err(_) => return got, // reset
        }
    }
}

/// D6: headers sent a byte at a time, never finished: the connection is closed.
#[test]
fn slowloris_headers_are_cut_off() {
    let (server, _) = strict();
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    let head = b"GET /bkt/x HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let mut closed = false;
    for byte in head {
        if stream.write_all(&[*byte]).is_err() {
            closed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    if !closed {
        read_until_closed(&mut stream, Duration::from_secs(10));
    }
    // A kept-alive connection left idle after a request is closed too.
    let mut idle = TcpStream::connect(server.addr()).unwrap();
    write!(idle, "GET /bkt/x HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let answer = read_until_closed(&mut idle, Duration::from_secs(10));
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 4"));
}

/// D6: a body that stops arriving gets `RequestTimeout` and the connection closes; nothing
/// is stored.
#[test]
fn a_stalled_body_times_out() {
    let (server, c) = strict();
    let head = c.build("PUT", Some("bkt"), Some("stalled"), &[], &[], 1000);
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&[b'x'; 500]).unwrap();
    let answer = read_until_closed(&mut stream, Duration::from_secs(10));
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("<Code>RequestTimeout</Code>"), "{answer}");
    assert_eq!(c.get("bkt", "stalled").status, 404);
}

/// D6: a slow body that keeps moving is never cut, however long it takes in all.
#[test]
fn a_slow_moving_body_is_not_cut() {
    let (server, c) = strict();
    let body = data(3000, 5);
    let head = c.build("PUT", Some("bkt"), Some("slow"), &[], &[], body.len());
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    // 3 s in all, more than the idle timeout, but never 1 s without a byte.
    for chunk in body.chunks(300) {
        stream.write_all(chunk).unwrap();
        std::thread::sleep(Duration::from_millis(300));
    }
    let r = common::read_response(stream, false);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(c.get("bkt", "slow").body, body);
}

/// D6: a client that stops reading a large response: the connection is closed instead of
/// holding the response's buffers forever.
#[test]
fn a_stalled_reader_is_disconnected() {
    let (server, c) = strict();
    // Far more than the socket buffers of both ends hold.
    let size = 64 << 20;
    assert_eq!(c.put("bkt", "big", &data(size, 9)).status, 200);
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    let head = c.build("GET", Some("bkt"), Some("big"), &[], &[], 0);
    stream.write_all(head.as_bytes()).unwrap();
    // Take nothing for a while: the server's writes block, then time out.
    std::thread::sleep(Duration::from_secs(3));
    let got = read_until_closed(&mut stream, Duration::from_secs(20));
    assert!(got.starts_with(b"HTTP/1.1 200"));
    assert!(
        got.len() < size,
        "the whole body was not sent ({} bytes)",
        got.len()
    );
    // The server still serves others.
    assert_eq!(c.get("bkt", "big").body.len(), size);
}

/// D6: at most `max_connections` connections are served; the next waits for a free slot.
#[test]
fn connections_are_capped() {
    let server = ServerConfig::new()
        .max_connections(3)
        .start_background()
        .unwrap();
    let c = Client::new(server.addr()).with_sign(Sign::V4);
    c.create_bucket("bkt");
    c.put("bkt", "k", b"v");
    let holders: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut s = TcpStream::connect(server.addr()).unwrap();
            s.write_all(b"GET /bkt/k HTTP/1.1\r\nHost: x\r\n").unwrap();
            s
        })
        .collect();
    // Let the server take the three (a fourth accept blocks on the cap).
    std::thread::sleep(Duration::from_millis(300));
    let mut waiting = TcpStream::connect(server.addr()).unwrap();
    let head = c.build("GET", Some("bkt"), Some("k"), &[], &[], 0);
    waiting.write_all(head.as_bytes()).unwrap();
    waiting
        .set_read_timeout(Some(Duration::from_millis(700)))
        .unwrap();
    let mut buf = [0u8; 1];
    let early = waiting.read(&mut buf);
    assert!(
        matches!(&early, Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "served beyond the cap: {early:?}"
    );
    drop(holders);
    waiting
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let r = common::read_response(waiting, false);
    assert_eq!(r.status, 200, "served once a slot was free");
    assert_eq!(r.body, b"v");
}

/// D22: a chunked body with broken framing is a 400 framing error, not `RequestTimeout`,
/// and stores nothing.
#[test]
fn broken_chunked_framing_is_a_framing_error() {
    let (server, c) = strict();
    for (name, body) in [
        ("bad-size", &b"zz\r\nhello\r\n0\r\n\r\n"[..]),
        ("no-crlf", &b"5\r\nhelloXX0\r\n\r\n"[..]),
        (
            "overflow",
            &b"fffffffffffffffffff\r\nhello\r\n0\r\n\r\n"[..],
        ),
    ] {
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        write!(
            stream,
            "PUT /bkt/{name} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        stream.write_all(body).unwrap();
        let r = common::read_response(stream, false);
        assert_eq!(
            (r.status, r.code().as_deref()),
            (400, Some("InvalidRequest")),
            "{name}: {}",
            r.text()
        );
        assert_eq!(c.get("bkt", name).status, 404, "{name}");
    }
    // A body cut short by the client is what the reference calls RequestTimeout.
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    write!(
        stream,
        "PUT /bkt/short HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    stream.write_all(&[b'x'; 500]).unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let r = common::read_response(stream, false);
    assert_eq!(
        (r.status, r.code().as_deref()),
        (400, Some("RequestTimeout"))
    );
    assert_eq!(c.get("bkt", "short").status, 404);
}
