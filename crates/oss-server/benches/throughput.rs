//! Throughput of one large PUT and one large GET against the memory backend over loopback,
//! client and server in this process (the client a plain blocking socket).
//!
//! `cargo bench -p oss-server --bench throughput` moves 1 GiB each way, three times, with MD5
//! ETags on (OSS's behaviour, bounded by MD5's single-core speed) and off (`md5_etags(false)`:
//! CRC-64 only). Under `cargo test` it runs once with 8 MiB as a smoke test.

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Instant;

use common::Client;
use oss_server::ServerConfig;

fn put(client: &Client, size: usize, chunk: &[u8]) -> f64 {
    let head = client.build("PUT", Some("bench"), Some("big"), &[], &[], size);
    let started = Instant::now();
    let mut stream = TcpStream::connect(client.addr).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len());
        stream.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    let response = common::read_response(stream, false);
    let elapsed = started.elapsed().as_secs_f64();
    assert_eq!(response.status, 200, "{}", response.text());
    elapsed
}

fn get(client: &Client, size: usize) -> f64 {
    let head = client.build("GET", Some("bench"), Some("big"), &[], &[], 0);
    let started = Instant::now();
    let mut stream = TcpStream::connect(client.addr).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let mut reader = BufReader::with_capacity(1 << 20, stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.contains(" 200 "), "{line}");
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
    }
    let mut buffer = vec![0u8; 1 << 20];
    let mut got = 0;
    while got < size {
        let n = reader.read(&mut buffer).unwrap();
        assert!(n > 0, "the body ended after {got} bytes");
        got += n;
    }
    started.elapsed().as_secs_f64()
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let (size, rounds) = if bench {
        (1usize << 30, 3)
    } else {
        (8 << 20, 1)
    };
    let chunk: Vec<u8> = common::data(1 << 20, 42);
    for md5 in [true, false] {
        let server = ServerConfig::new()
            .md5_etags(md5)
            .start_background()
            .expect("start");
        let client = Client::new(server.addr());
        assert_eq!(client.create_bucket("bench").status, 200);
        let gib = size as f64 / f64::from(1u32 << 30);
        for round in 1..=rounds {
            let put_s = put(&client, size, &chunk);
            let get_s = get(&client, size);
            println!(
                "memory backend, {} MiB, MD5 ETags {}: round {round}: PUT {:.2} GiB/s, GET {:.2} GiB/s",
                size >> 20,
                if md5 { "on " } else { "off" },
                gib / put_s,
                gib / get_s
            );
        }
    }
}
