//! The server's ceiling: the scenarios as bare V4-signed HTTP/1.1 requests over one hyper
//! connection per task, with nothing else (no retries, no pool, no XML library, no progress),
//! and the loopback ceiling (raw TCP, no HTTP at all).
//!
//! What it still does, so that its numbers compare with the SDKs': it signs every request,
//! reads upload parts from the file, writes downloads into the output file at their offsets
//! and CRC-64s them (one pass of `oss-checksum`), checks every status and compares small GETs
//! with the expected bytes. Keys are used unencoded in
//! paths, which holds for the benchmark's keys (`[a-z0-9/._-]`).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use oss_auth::v4::{Scope, V4Signer};
use oss_auth::{Credentials, SignableRequest};
use oss_checksum::crc64;

use crate::args::{parts, LargeObject, Listing, Scenario, SmallObjects, Target};
use crate::data;
use crate::measure::Outcome;

/// One HTTP/1.1 connection and what signing needs.
struct Connection {
    sender: SendRequest<Full<Bytes>>,
    shared: Arc<Shared>,
}

/// What every connection shares.
struct Shared {
    target: Target,
    host: String,
    credentials: Credentials,
    signer: V4Signer,
}

impl Shared {
    fn new(target: &Target) -> Result<Shared, String> {
        let host = target
            .endpoint
            .strip_prefix("http://")
            .ok_or("the minimal client speaks plain http:// only")?
            .to_owned();
        Ok(Shared {
            target: target.clone(),
            host,
            credentials: Credentials::new(&target.access_key_id, &target.access_key_secret),
            signer: V4Signer::new(),
        })
    }

    async fn connect(self: &Arc<Self>) -> Result<Connection, String> {
        let stream = tokio::net::TcpStream::connect(&self.host)
            .await
            .map_err(|e| format!("connect {}: {e}", self.host))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(connection);
        Ok(Connection {
            sender,
            shared: self.clone(),
        })
    }
}

impl Connection {
    /// Sends a V4-signed request (query values are percent-encoded here); `unsigned` headers
    /// are ones V4 does not sign (`Range`).
    async fn send(
        &mut self,
        method: Method,
        key: Option<&str>,
        query: &[(&str, &str)],
        unsigned: &[(&str, String)],
        body: Bytes,
    ) -> Result<Response<Incoming>, String> {
        let shared = &*self.shared;
        let bucket = shared.target.bucket.as_str();
        let mut signable = SignableRequest::new(method.as_str())
            .bucket(bucket)
            .query(query);
        if let Some(key) = key {
            signable = signable.key(key);
        }
        let signed = shared
            .signer
            .sign_headers(
                &signable,
                &shared.credentials,
                &Scope::oss(&shared.target.region),
                SystemTime::now(),
            )
            .map_err(|e| format!("signing: {e}"))?;
        let mut uri = format!("/{bucket}/{}", key.unwrap_or(""));
        for (index, (name, value)) in query.iter().enumerate() {
            uri.push(if index == 0 { '?' } else { '&' });
            uri.push_str(name);
            if !value.is_empty() {
                uri.push('=');
                uri.push_str(&percent_encode(value));
            }
        }
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header("host", &shared.host);
        for (name, value) in &signed.headers {
            request = request.header(*name, value);
        }
        for (name, value) in unsigned {
            request = request.header(*name, value);
        }
        let request = request
            .body(Full::new(body))
            .map_err(|e| format!("request: {e}"))?;
        self.sender
            .ready()
            .await
            .map_err(|e| format!("connection: {e}"))?;
        self.sender
            .send_request(request)
            .await
            .map_err(|e| format!("request: {e}"))
    }

    /// Sends a request and reads the whole answer; fails unless it is `200 OK`.
    async fn call(
        &mut self,
        method: Method,
        key: Option<&str>,
        query: &[(&str, &str)],
        body: Bytes,
    ) -> Result<(http::HeaderMap, Bytes), String> {
        let response = self.send(method.clone(), key, query, &[], body).await?;
        let (head, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .map_err(|e| format!("body: {e}"))?
            .to_bytes();
        if head.status != StatusCode::OK {
            return Err(format!(
                "{method} {key:?}: {} {}",
                head.status,
                String::from_utf8_lossy(&body)
            ));
        }
        Ok((head.headers, body))
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass).
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The text of the first `<tag>…</tag>` in `xml`.
fn element<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find(&format!("</{tag}>"))? + start;
    Some(&xml[start..end])
}

/// Runs one scenario.
pub async fn run(scenario: &Scenario, target: &Target) -> Result<Outcome, String> {
    let shared = Arc::new(Shared::new(target)?);
    match scenario {
        Scenario::LargeUpload(large) => large_upload(shared, large).await,
        Scenario::LargeDownload(large) => large_download(shared, large).await,
        Scenario::SmallPut(small) => small_objects(shared, small, true).await,
        Scenario::SmallGet(small) => small_objects(shared, small, false).await,
        Scenario::List(listing) => list(shared, listing).await,
    }
}

/// `concurrency` tasks, each with its own connection, run `work` for the next index until
/// `count`; the results come back in index order.
async fn on_connections<T, F, Fut>(
    shared: Arc<Shared>,
    count: usize,
    concurrency: usize,
    work: F,
) -> Result<Vec<T>, String>
where
    T: Send + 'static,
    F: Fn(Connection, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(Connection, T), String>> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let work = Arc::new(work);
    let mut tasks = Vec::new();
    for _ in 0..concurrency.min(count.max(1)) {
        let (next, work, shared) = (next.clone(), work.clone(), shared.clone());
        tasks.push(tokio::spawn(async move {
            let mut connection = shared.connect().await?;
            let mut done = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= count {
                    return Ok::<_, String>(done);
                }
                let (back, value) = work(connection, index).await?;
                connection = back;
                done.push((index, value));
            }
        }));
    }
    let mut results: Vec<Option<T>> = (0..count).map(|_| None).collect();
    for task in tasks {
        for (index, value) in task.await.map_err(|e| format!("a task failed: {e}"))?? {
            results[index] = Some(value);
        }
    }
    Ok(results.into_iter().flatten().collect())
}

async fn large_upload(shared: Arc<Shared>, large: &LargeObject) -> Result<Outcome, String> {
    let path = large.file.clone().ok_or("large-upload needs --file")?;
    let file = Arc::new(std::fs::File::open(&path).map_err(|e| format!("open: {e}"))?);
    let plan = Arc::new(parts(large.size, large.part_size));
    let key: Arc<str> = large.key.as_str().into();
    let mut control = shared.connect().await?;
    let (_, body) = control
        .call(Method::POST, Some(&key), &[("uploads", "")], Bytes::new())
        .await?;
    let body = String::from_utf8_lossy(&body);
    let upload_id: Arc<str> = element(&body, "UploadId").ok_or("no UploadId")?.into();

    let (task_plan, task_key, task_id) = (plan.clone(), key.clone(), upload_id.clone());
    let etags = on_connections(
        shared,
        plan.len(),
        large.concurrency,
        move |mut connection, index| {
            let (number, offset, length) = task_plan[index];
            let (file, key, id) = (file.clone(), task_key.clone(), task_id.clone());
            async move {
                let mut part = vec![0u8; length as usize];
                std::os::unix::fs::FileExt::read_exact_at(&*file, &mut part, offset)
                    .map_err(|e| format!("read part {number}: {e}"))?;
                let number_text = number.to_string();
                let query = [("partNumber", number_text.as_str()), ("uploadId", &*id)];
                let (headers, _) = connection
                    .call(Method::PUT, Some(&key), &query, Bytes::from(part))
                    .await?;
                let etag = headers
                    .get("etag")
                    .and_then(|v| v.to_str().ok())
                    .ok_or("no ETag")?
                    .to_owned();
                Ok((connection, etag))
            }
        },
    )
    .await?;

    let mut xml = String::from("<CompleteMultipartUpload>");
    for (index, etag) in etags.iter().enumerate() {
        xml.push_str(&format!(
            "<Part><PartNumber>{}</PartNumber><ETag>{etag}</ETag></Part>",
            index + 1
        ));
    }
    xml.push_str("</CompleteMultipartUpload>");
    let (headers, _) = control
        .call(
            Method::POST,
            Some(&key),
            &[("uploadId", &upload_id)],
            Bytes::from(xml),
        )
        .await?;
    let crc64 = headers
        .get("x-oss-hash-crc64ecma")
        .and_then(|v| v.to_str().ok()?.parse().ok());
    Ok(Outcome {
        operations: plan.len() as u64,
        bytes: large.size,
        crc64,
        check: format!("{} parts, statuses checked", plan.len()),
    })
}

async fn large_download(shared: Arc<Shared>, large: &LargeObject) -> Result<Outcome, String> {
    let output = large
        .output
        .as_ref()
        .ok_or("large-download needs --output")?;
    let file = Arc::new(std::fs::File::create(output).map_err(|e| format!("create: {e}"))?);
    let plan = Arc::new(parts(large.size, large.part_size));
    let (task_plan, key): (_, Arc<str>) = (plan.clone(), large.key.as_str().into());
    let task_file = file.clone();
    let crcs = on_connections(
        shared,
        plan.len(),
        large.concurrency,
        move |mut connection, index| {
            let (_, offset, length) = task_plan[index];
            let (key, file) = (key.clone(), task_file.clone());
            async move {
                let range = [("range", format!("bytes={}-{}", offset, offset + length - 1))];
                let response = connection
                    .send(Method::GET, Some(&key), &[], &range, Bytes::new())
                    .await?;
                if response.status() != StatusCode::PARTIAL_CONTENT {
                    return Err(format!("GET range at {offset}: {}", response.status()));
                }
                let mut body = response.into_body();
                let mut crc = crc64::Crc64::new();
                while let Some(frame) = body.frame().await {
                    let frame = frame.map_err(|e| format!("GET range at {offset}: {e}"))?;
                    if let Some(chunk) = frame.data_ref() {
                        let at = offset + crc.length();
                        std::os::unix::fs::FileExt::write_all_at(&*file, chunk, at)
                            .map_err(|e| format!("write at {at}: {e}"))?;
                        crc.update(chunk);
                    }
                }
                if crc.length() != length {
                    return Err(format!("range at {offset}: {} bytes", crc.length()));
                }
                Ok((connection, crc.value()))
            }
        },
    )
    .await?;
    file.sync_all().map_err(|e| format!("fsync: {e}"))?;
    let whole = plan
        .iter()
        .zip(crcs)
        .fold(0, |crc, (&(_, _, length), part)| {
            crc64::combine(crc, part, length)
        });
    Ok(Outcome {
        operations: plan.len() as u64,
        bytes: large.size,
        crc64: Some(whole),
        check: format!(
            "{} ranges into the file, CRC-64 of each combined",
            plan.len()
        ),
    })
}

async fn small_objects(
    shared: Arc<Shared>,
    small: &SmallObjects,
    put: bool,
) -> Result<Outcome, String> {
    let count = usize::try_from(small.count).map_err(|_| "--count is out of range")?;
    let (prefix, size): (Arc<str>, _) = (small.prefix.as_str().into(), small.object_size);
    on_connections(
        shared,
        count,
        small.concurrency,
        move |mut connection, index| {
            let prefix = prefix.clone();
            async move {
                let key = data::small_key(&prefix, index as u64);
                let expected = data::small_body(index as u64, size);
                if put {
                    connection
                        .call(Method::PUT, Some(&key), &[], Bytes::from(expected))
                        .await?;
                } else {
                    let (_, body) = connection
                        .call(Method::GET, Some(&key), &[], Bytes::new())
                        .await?;
                    if body[..] != expected[..] {
                        return Err(format!("object {index} came back different"));
                    }
                }
                Ok((connection, ()))
            }
        },
    )
    .await?;
    Ok(Outcome {
        operations: count as u64,
        bytes: count as u64 * size as u64,
        crc64: None,
        check: if put {
            format!("{count} PUTs answered 200")
        } else {
            format!("{count} GETs byte-identical")
        },
    })
}

async fn list(shared: Arc<Shared>, listing: &Listing) -> Result<Outcome, String> {
    let mut connection = shared.connect().await?;
    let (mut keys, mut requests) = (0u64, 0u64);
    let mut token: Option<String> = None;
    loop {
        let mut query = vec![
            ("list-type", "2"),
            ("max-keys", "1000"),
            ("prefix", listing.prefix.as_str()),
        ];
        if let Some(token) = &token {
            query.push(("continuation-token", token.as_str()));
        }
        let (_, body) = connection
            .call(Method::GET, None, &query, Bytes::new())
            .await?;
        requests += 1;
        let body = String::from_utf8_lossy(&body);
        keys += body.matches("<Contents>").count() as u64;
        if element(&body, "IsTruncated") != Some("true") {
            break;
        }
        token = Some(
            element(&body, "NextContinuationToken")
                .ok_or("a truncated page without NextContinuationToken")?
                .to_owned(),
        );
    }
    if keys != listing.expect_count {
        return Err(format!(
            "listed {keys} keys, expected {}",
            listing.expect_count
        ));
    }
    Ok(Outcome {
        operations: requests,
        bytes: 0,
        crc64: None,
        check: format!("{keys} keys in {requests} pages"),
    })
}

/// The loopback ceiling: `concurrency` TCP connections over 127.0.0.1 moving `size` bytes in
/// all, 1 MiB writes on one thread per connection and reads on another; no HTTP.
pub fn loopback(size: u64, concurrency: usize) -> Result<Outcome, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let share = size / concurrency as u64;
    let received = std::thread::scope(|scope| {
        let writers: Vec<_> = (0..concurrency)
            .map(|_| {
                scope.spawn(move || -> Result<(), String> {
                    let mut stream =
                        TcpStream::connect(address).map_err(|e| format!("connect: {e}"))?;
                    let buffer = vec![0x5Au8; 1 << 20];
                    let mut sent = 0u64;
                    while sent < share {
                        let n = buffer.len().min((share - sent) as usize);
                        stream
                            .write_all(&buffer[..n])
                            .map_err(|e| format!("write: {e}"))?;
                        sent += n as u64;
                    }
                    Ok(())
                })
            })
            .collect();
        let mut readers = Vec::new();
        for _ in 0..concurrency {
            let (mut stream, _) = listener.accept().map_err(|e| format!("accept: {e}"))?;
            readers.push(scope.spawn(move || {
                let mut buffer = vec![0u8; 1 << 20];
                let mut received = 0u64;
                while let Ok(n @ 1..) = stream.read(&mut buffer) {
                    received += n as u64;
                }
                received
            }));
        }
        for writer in writers {
            writer.join().map_err(|_| "a writer panicked")??;
        }
        readers
            .into_iter()
            .map(|reader| reader.join().map_err(|_| "a reader panicked".to_owned()))
            .sum::<Result<u64, String>>()
    })?;
    if received != share * concurrency as u64 {
        return Err(format!("received {received} bytes"));
    }
    Ok(Outcome {
        operations: concurrency as u64,
        bytes: received,
        crc64: None,
        check: format!("{received} bytes over {concurrency} connections"),
    })
}
