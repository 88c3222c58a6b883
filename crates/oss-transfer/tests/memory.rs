//! Bounded memory: uploading and downloading a 2 GiB file with 8 MiB parts, 4 in flight,
//! keeps this process's peak resident memory under 5 × part size + 64 MiB; so does uploading
//! 1 GiB from a non-seekable reader, whose parts are held in memory ((N+1) × part size).
//!
//! Its own test binary, so that no other test shares the measured process; the server is a
//! disk-backed oss-server in another process (this binary run again, see
//! `support/child.rs`). The peak (`VmHWM` in `/proc/self/status`) is reset before each
//! transfer by writing 5 to `/proc/self/clear_refs`; where that is not possible (not Linux)
//! the test says so and skips.

mod support;

use std::pin::Pin;
use std::task::{Context, Poll};

use oss_transfer::{Downloader, Uploader};
use support::child::{self, ServerProcess};
use support::{client, file_crc, new_bucket, write_data, TempDir};
use tokio::io::{AsyncRead, ReadBuf};

const ENTRY: &str = "child_process_entry_point";
const PART: u64 = 8 << 20;
const IN_FLIGHT: usize = 4;
const FILE_SIZE: u64 = 2 << 30;
const READER_SIZE: u64 = 1 << 30;
const LIMIT: u64 = 5 * PART + (64 << 20);

/// In a normal run, nothing; in a child, the server.
#[test]
fn child_process_entry_point() {
    if child::role().as_deref() == Some("server") {
        child::serve();
    }
}

/// Resets the peak resident memory; `false` where that is not possible.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The peak resident memory since the last reset, in bytes.
fn peak() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM");
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("a number");
    kib * 1024
}

/// `len` deterministic bytes, generated as they are read.
struct Generated {
    block: Vec<u8>,
    offset: u64,
    len: u64,
}

impl AsyncRead for Generated {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        let left = this.len - this.offset;
        let within = (this.offset % this.block.len() as u64) as usize;
        let n = (this.block.len() - within)
            .min(buf.remaining())
            .min(left as usize);
        buf.put_slice(&this.block[within..within + n]);
        this.offset += n as u64;
        Poll::Ready(Ok(()))
    }
}

#[test]
fn transfers_stay_within_bounded_memory() {
    if child::role().is_some() {
        return;
    }
    if !reset_peak() {
        eprintln!("transfers_stay_within_bounded_memory: skipped: cannot reset VmHWM here");
        return;
    }
    let dir = TempDir::new("memory");
    let server = ServerProcess::start(ENTRY, &dir.join("server"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let bucket = runtime.block_on(new_bucket(&client(&server.endpoint, 3)));
    let source = dir.join("source");
    write_data(&source, FILE_SIZE, 1);
    let expected = file_crc(&source);

    let uploader = Uploader::builder(bucket.clone())
        .part_size(PART)
        .concurrency(IN_FLIGHT)
        .build()
        .unwrap();
    let downloader = Downloader::builder(bucket.clone())
        .part_size(PART)
        .concurrency(IN_FLIGHT)
        .build()
        .unwrap();
    let mut report = Vec::new();
    let mut measure = |what: &str, f: &mut dyn FnMut()| {
        let started = std::time::Instant::now();
        assert!(reset_peak());
        f();
        let peak = peak();
        eprintln!(
            "{what}: peak RSS {} MiB (limit {} MiB), {:.1} s",
            peak >> 20,
            LIMIT >> 20,
            started.elapsed().as_secs_f64()
        );
        report.push((what.to_owned(), peak));
    };

    measure("upload 2 GiB file", &mut || {
        let outcome = runtime
            .block_on(uploader.upload_file(&source, "big").send())
            .unwrap();
        assert_eq!(outcome.crc64, Some(expected));
    });
    let target = dir.join("target");
    measure("download 2 GiB", &mut || {
        runtime
            .block_on(downloader.download_file("big", &target).send())
            .unwrap();
    });
    assert_eq!(file_crc(&target), expected, "the download is the source");
    std::fs::remove_file(&target).unwrap();
    std::fs::remove_file(&source).unwrap();

    let block = support::data(1 << 20, 2);
    measure("upload 1 GiB reader", &mut || {
        let reader = Generated {
            block: block.clone(),
            offset: 0,
            len: READER_SIZE,
        };
        let outcome = runtime
            .block_on(uploader.upload_reader(reader, "stream").send())
            .unwrap();
        assert_eq!(outcome.size, READER_SIZE);
    });
    for (what, peak) in report {
        assert!(peak < LIMIT, "{what}: peak RSS {peak} bytes, limit {LIMIT}");
    }
}
