//! A tiny blocking HTTP/1.1 client that signs requests with oss-auth, for the server's tests
//! (no dependency on the SDK's own transport).

#![allow(dead_code)]

pub mod interop;

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, SystemTime};

use oss_auth::encoding::{encode_component, encode_path};
use oss_auth::v1::V1Signer;
use oss_auth::v4::{Scope, V4Signer};
use oss_auth::{Credentials, SignableRequest};

/// How a request is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    V4,
    V1,
    Anonymous,
}

/// A response, possibly cut short.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Why reading stopped early, if it did.
    pub error: Option<String>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// An element of the XML body, e.g. `Code`.
    pub fn xml(&self, element: &str) -> Option<String> {
        let text = self.text();
        let open = format!("<{element}>");
        let start = text.find(&open)? + open.len();
        let end = text[start..].find(&format!("</{element}>"))? + start;
        Some(text[start..end].to_owned())
    }

    pub fn code(&self) -> Option<String> {
        self.xml("Code")
    }
}

/// A client for one server.
#[derive(Debug, Clone)]
pub struct Client {
    pub addr: SocketAddr,
    pub credentials: Credentials,
    pub region: String,
    pub sign: Sign,
    /// Sent as the Host header (virtual-hosted tests); the address otherwise.
    pub host: Option<String>,
    /// Time offset applied to signatures (clock-skew tests), in seconds.
    pub skew: i64,
}

pub fn credentials() -> Credentials {
    Credentials::new(
        oss_server::DEV_ACCESS_KEY_ID,
        oss_server::DEV_ACCESS_KEY_SECRET,
    )
}

impl Client {
    pub fn new(addr: SocketAddr) -> Self {
        Client {
            addr,
            credentials: credentials(),
            region: "cn-hangzhou".to_owned(),
            sign: Sign::V4,
            host: None,
            skew: 0,
        }
    }

    pub fn with_sign(mut self, sign: Sign) -> Self {
        self.sign = sign;
        self
    }

    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    fn now(&self) -> SystemTime {
        let now = SystemTime::now();
        let shift = Duration::from_secs(self.skew.unsigned_abs());
        if self.skew >= 0 {
            now + shift
        } else {
            now - shift
        }
    }

    /// Builds the request line, headers and body.
    pub fn build(
        &self,
        method: &str,
        bucket: Option<&str>,
        key: Option<&str>,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        body_len: usize,
    ) -> String {
        let mut path = String::from("/");
        if let Some(b) = bucket {
            path.push_str(b);
            path.push('/');
            if let Some(k) = key {
                path.push_str(&encode_path(k));
            }
        }
        let mut all: Vec<(String, String)> = headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        let signable = SignableRequest {
            method,
            host: None,
            path: Some(&path),
            bucket,
            key,
            query,
            headers,
        };
        match self.sign {
            Sign::V4 => {
                let signed = V4Signer::new()
                    .sign_headers(
                        &signable,
                        &self.credentials,
                        &Scope::oss(&self.region),
                        self.now(),
                    )
                    .expect("sign");
                all.extend(signed.headers.into_iter().map(|(n, v)| (n.to_owned(), v)));
            }
            Sign::V1 => {
                let signed = V1Signer::new().sign_headers(&signable, &self.credentials, self.now());
                all.extend(signed.headers.into_iter().map(|(n, v)| (n.to_owned(), v)));
            }
            Sign::Anonymous => {}
        }
        let qs: Vec<String> = query
            .iter()
            .map(|(n, v)| {
                if v.is_empty() {
                    encode_component(n).into_owned()
                } else {
                    format!("{}={}", encode_component(n), encode_component(v))
                }
            })
            .collect();
        if !qs.is_empty() {
            path.push('?');
            path.push_str(&qs.join("&"));
        }
        let host = self.host.clone().unwrap_or_else(|| self.addr.to_string());
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
        if !all
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        {
            head.push_str(&format!("Content-Length: {body_len}\r\n"));
        }
        for (n, v) in &all {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str("\r\n");
        head
    }

    pub fn call(
        &self,
        method: &str,
        bucket: Option<&str>,
        key: Option<&str>,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let head = self.build(method, bucket, key, query, headers, body.len());
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
        stream.write_all(head.as_bytes()).expect("write head");
        stream.write_all(body).expect("write body");
        read_response(stream, method == "HEAD")
    }

    pub fn put(&self, bucket: &str, key: &str, body: &[u8]) -> Response {
        self.call("PUT", Some(bucket), Some(key), &[], &[], body)
    }

    pub fn get(&self, bucket: &str, key: &str) -> Response {
        self.call("GET", Some(bucket), Some(key), &[], &[], b"")
    }

    pub fn create_bucket(&self, bucket: &str) -> Response {
        self.call("PUT", Some(bucket), None, &[], &[], b"")
    }
}

/// Reads a response: a `Content-Length` body, or up to EOF; a cut-short body is kept, with
/// the error that ended it.
pub fn read_response(stream: TcpStream, head: bool) -> Response {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).expect("status line");
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {line:?}"));
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header line");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let mut response = Response {
        status,
        headers,
        body: Vec::new(),
        error: None,
    };
    if head || status == 204 || status == 304 {
        return response;
    }
    let length = response
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok());
    let result = match length {
        Some(n) => {
            let mut taken = (&mut reader).take(n as u64);
            let r = taken.read_to_end(&mut response.body);
            match r {
                Ok(got) if got < n => Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("got {got} of {n} bytes"),
                )),
                Ok(_) => Ok(()),
                Err(e) => Err(e),
            }
        }
        None => reader.read_to_end(&mut response.body).map(|_| ()),
    };
    if let Err(e) = result {
        response.error = Some(format!("{:?}: {e}", e.kind()));
    }
    response
}

/// Base64 MD5 of `data`.
pub fn content_md5(data: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(oss_checksum::md5::digest(data))
}

/// Upper-case hex MD5.
pub fn md5_hex(data: &[u8]) -> String {
    oss_checksum::md5::digest(data)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// Deterministic pseudo-random bytes.
pub fn data(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}
