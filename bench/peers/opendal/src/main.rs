//! `oss-bench-opendal`: the benchmark scenarios through opendal's OSS service, as a user of
//! opendal would write them.
//!
//! Same subcommands, arguments, data and JSON line as the other clients: the command line,
//! the data and the measuring are the Rust driver's own files (`bench/src/args.rs`, `data.rs`,
//! `measure.rs`, plain `std`), included here because this peer is a Cargo workspace of its
//! own (it must not be built by the main workspace's test command).
//!
//! - Large upload: `writer_with(key).chunk(part size).concurrent(n)`, fed part-size reads of
//!   the file (opendal sends chunks as multipart parts, `n` at once).
//! - Large download: `reader_with(key).chunk(part size).concurrent(n)` as one ordered byte
//!   stream written to the output file (fsync at the end) and CRC-64'd with `oss-checksum`
//!   (opendal itself checks no CRC; this is the benchmark's correctness check, one cheap
//!   pass).
//! - Small objects: `write` and `read`, `concurrency` tasks.
//! - Listing: a recursive lister with pages of 1,000.
//!
//! The HTTP transport is reqwest without TLS (plain http to loopback); opendal signs with
//! reqsign's OSS V1 signer, its default, and addresses the bucket virtual-hosted style.

#[allow(dead_code)]
#[path = "../../../src/args.rs"]
mod args;
#[allow(dead_code)]
#[path = "../../../src/data.rs"]
mod data;
#[allow(dead_code)]
#[path = "../../../src/measure.rs"]
mod measure;

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use futures::TryStreamExt;
use opendal::{services::Oss, HttpTransporter, Operator};
use opendal_http_transport_reqwest::ReqwestTransport;
use oss_checksum::crc64;
use tokio::io::AsyncReadExt;

use args::{Command, LargeObject, Listing, Scenario, SmallObjects, Target};
use measure::{json_line, Meter, Outcome};

const CLIENT: &str = "opendal";

fn main() -> ExitCode {
    let command = match Command::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(error) => {
            eprintln!("oss-bench-opendal: {error}");
            return ExitCode::from(2);
        }
    };
    let http = match http_client(&command.target) {
        Ok(http) => http,
        Err(error) => {
            eprintln!("oss-bench-opendal: {error}");
            return ExitCode::from(2);
        }
    };
    HttpTransporter::install_default(ReqwestTransport::new(http));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let meter = Meter::start();
    let result = runtime.block_on(run(&command));
    let measurement = meter.stop();
    println!(
        "{}",
        json_line(CLIENT, command.scenario.name(), &measurement, &result)
    );
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("oss-bench-opendal: {error}");
            ExitCode::FAILURE
        }
    }
}

/// A reqwest client that resolves `BUCKET.localhost` to the server's address.
///
/// opendal is used with its default virtual-hosted addressing (`http://BUCKET.localhost:PORT`,
/// which the server serves): with path style, opendal signs bucket-level requests with the
/// resource `/BUCKET` instead of OSS's `/BUCKET/`, and the server rejects its listings.
fn http_client(target: &Target) -> Result<reqwest::Client, String> {
    let address: std::net::SocketAddr = target
        .endpoint
        .trim_start_matches("http://")
        .parse()
        .map_err(|_| format!("{:?} is not http://IP:PORT", target.endpoint))?;
    reqwest::Client::builder()
        .resolve(&format!("{}.localhost", target.bucket), address)
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}

fn operator(target: &Target) -> Result<Operator, String> {
    let port = target.endpoint.rsplit(':').next().unwrap_or("80");
    let builder = Oss::default()
        .bucket(&target.bucket)
        .endpoint(&format!("http://localhost:{port}"))
        .access_key_id(&target.access_key_id)
        .access_key_secret(&target.access_key_secret);
    Operator::new(builder).map_err(|e| format!("cannot build the operator: {e}"))
}

async fn run(command: &Command) -> Result<Outcome, String> {
    let op = operator(&command.target)?;
    match &command.scenario {
        Scenario::LargeUpload(large) => large_upload(&op, large).await,
        Scenario::LargeDownload(large) => large_download(&op, large).await,
        Scenario::SmallPut(small) => small_objects(&op, small, true).await,
        Scenario::SmallGet(small) => small_objects(&op, small, false).await,
        Scenario::List(listing) => list(&op, listing).await,
    }
}

async fn large_upload(op: &Operator, large: &LargeObject) -> Result<Outcome, String> {
    let path = large.file.as_ref().ok_or("large-upload needs --file")?;
    let mut file = tokio::fs::File::open(path)
        .await
        .map_err(|e| format!("open: {e}"))?;
    let part = large.part_size as usize;
    let mut writer = op
        .writer_with(&large.key)
        .chunk(part)
        .concurrent(large.concurrency)
        .await
        .map_err(|e| format!("writer: {e}"))?;
    let mut sent = 0u64;
    while sent < large.size {
        let mut buffer = vec![0u8; part.min((large.size - sent) as usize)];
        file.read_exact(&mut buffer)
            .await
            .map_err(|e| format!("read: {e}"))?;
        sent += buffer.len() as u64;
        writer
            .write(buffer)
            .await
            .map_err(|e| format!("write: {e}"))?;
    }
    writer.close().await.map_err(|e| format!("close: {e}"))?;
    let parts = large.size.div_ceil(large.part_size);
    Ok(Outcome {
        operations: parts,
        bytes: large.size,
        crc64: None,
        check: format!("{parts} parts (opendal checks no CRC; the orchestrator does)"),
    })
}

async fn large_download(op: &Operator, large: &LargeObject) -> Result<Outcome, String> {
    let reader = op
        .reader_with(&large.key)
        .chunk(large.part_size as usize)
        .concurrent(large.concurrency)
        .await
        .map_err(|e| format!("reader: {e}"))?;
    let mut stream = reader
        .into_bytes_stream(0..large.size)
        .await
        .map_err(|e| format!("stream: {e}"))?;
    let output = large
        .output
        .as_ref()
        .ok_or("large-download needs --output")?;
    let mut file = std::fs::File::create(output).map_err(|e| format!("create: {e}"))?;
    let mut crc = crc64::Crc64::new();
    while let Some(chunk) = stream.try_next().await.map_err(|e| format!("read: {e}"))? {
        file.write_all(&chunk).map_err(|e| format!("write: {e}"))?;
        crc.update(&chunk);
    }
    file.sync_all().map_err(|e| format!("fsync: {e}"))?;
    if crc.length() != large.size {
        return Err(format!("read {} bytes of {}", crc.length(), large.size));
    }
    let parts = large.size.div_ceil(large.part_size);
    Ok(Outcome {
        operations: parts,
        bytes: large.size,
        crc64: Some(crc.value()),
        check: format!("{parts} ranges in one stream into the file, CRC-64 by the harness"),
    })
}

async fn small_objects(op: &Operator, small: &SmallObjects, put: bool) -> Result<Outcome, String> {
    let count = small.count as usize;
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..small.concurrency.min(count.max(1)) {
        let (op, next, prefix, size) = (
            op.clone(),
            next.clone(),
            small.prefix.clone(),
            small.object_size,
        );
        tasks.push(tokio::spawn(async move {
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= count {
                    return Ok::<(), String>(());
                }
                let key = data::small_key(&prefix, index as u64);
                let expected = data::small_body(index as u64, size);
                if put {
                    op.write(&key, expected)
                        .await
                        .map_err(|e| format!("write {index}: {e}"))?;
                } else {
                    let body = op
                        .read(&key)
                        .await
                        .map_err(|e| format!("read {index}: {e}"))?;
                    if body.to_vec() != expected {
                        return Err(format!("object {index} came back different"));
                    }
                }
            }
        }));
    }
    for task in tasks {
        task.await.map_err(|e| format!("a task failed: {e}"))??;
    }
    Ok(Outcome {
        operations: count as u64,
        bytes: count as u64 * small.object_size as u64,
        crc64: None,
        check: if put {
            format!("{count} writes")
        } else {
            format!("{count} reads byte-identical")
        },
    })
}

async fn list(op: &Operator, listing: &Listing) -> Result<Outcome, String> {
    let mut lister = op
        .lister_with(&listing.prefix)
        .recursive(true)
        .limit(1000)
        .await
        .map_err(|e| format!("lister: {e}"))?;
    let (mut keys, mut last) = (0u64, String::new());
    while let Some(entry) = lister.try_next().await.map_err(|e| format!("list: {e}"))? {
        if !entry.metadata().is_file() {
            continue;
        }
        if entry.path() <= last.as_str() {
            return Err(format!("{:?} listed after {last:?}", entry.path()));
        }
        last = entry.path().to_owned();
        keys += 1;
    }
    if keys != listing.expect_count {
        return Err(format!(
            "listed {keys} keys, expected {}",
            listing.expect_count
        ));
    }
    Ok(Outcome {
        operations: keys.div_ceil(1000),
        bytes: 0,
        crc64: None,
        check: format!("{keys} keys in order"),
    })
}
