//! A 64 MiB form upload (PostObject) streams through client and server: the process's peak
//! resident memory grows by far less than the file, so neither the client's form body nor
//! the server's form reader holds it.
//!
//! Its own test binary, so that no other test shares the process whose memory is measured.
//! The file comes from a generator (an `AsyncRead` of a repeating pattern, never a 64 MiB
//! buffer), and the server keeps objects in a data directory on disk, so that its side holds
//! no object in memory either. The stored object is checked against the generator's CRC-64.
//! A file over the policy's size range is refused as it streams, and leaves nothing.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use oss_checksum::crc64::Crc64;
use oss_client::ops::post::{PostFile, PostPolicy};
use oss_client::{Client, RetryStrategy};
use oss_server::ServerConfig;

#[path = "support/memory.rs"]
mod memory;
use memory::{proc_status, reset_peak};
use tokio::io::{AsyncRead, ReadBuf};

const TOTAL: u64 = 64 << 20;
const MAX_GROWTH: u64 = 32 << 20;

/// `length` bytes of a 251-byte cycle (prime, so chunk boundaries never line up with it, and
/// a misplaced byte shows in the CRC), copied from a precomputed block.
struct Pattern {
    block: Vec<u8>,
    sent: u64,
    length: u64,
}

const CYCLE: u64 = 251;

impl Pattern {
    fn new(length: u64) -> Self {
        let block = (0..CYCLE * 1024).map(|i| (i % CYCLE) as u8).collect();
        Pattern {
            block,
            sent: 0,
            length,
        }
    }
}

impl AsyncRead for Pattern {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let offset = (self.sent % CYCLE) as usize;
        let n = (buf.remaining() as u64)
            .min(self.length - self.sent)
            .min((self.block.len() - offset) as u64) as usize;
        buf.put_slice(&self.block[offset..offset + n]);
        self.sent += n as u64;
        Poll::Ready(Ok(()))
    }
}

/// The CRC-64 of the whole pattern, read through the same generator.
async fn pattern_crc(length: u64) -> u64 {
    use tokio::io::AsyncReadExt;
    let mut pattern = Pattern::new(length);
    let mut crc = Crc64::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = pattern.read(&mut buffer).await.unwrap();
        if n == 0 {
            return crc.value();
        }
        crc.update(&buffer[..n]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_64_mib_form_upload_streams_in_bounded_memory() {
    let Some(_) = proc_status("VmHWM") else {
        eprintln!("skipped: no /proc/self/status on this system");
        return;
    };
    let dir = std::env::temp_dir().join(format!("oss-client-post-{}", std::process::id()));
    let server = ServerConfig::new()
        .data_dir(&dir)
        .md5_etags(false)
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .endpoint(server.endpoint())
        .region(server.region())
        .credentials(server.credentials()[0].clone())
        .retry(RetryStrategy::standard().with_base_delay(Duration::from_millis(5)))
        .build()
        .unwrap();
    let bucket = client.bucket("forms");
    bucket.put_bucket().await.unwrap();
    let policy = PostPolicy::new(Duration::from_secs(600))
        .key_starts_with("big/")
        .content_length_range(0, TOTAL);
    let form = bucket.post_form(&policy).await.unwrap();
    // Warm up pools, buffers and the runtime so that the baseline includes them.
    let warm = PostFile::from_reader(std::io::Cursor::new(vec![7u8; 4 << 20]), 4 << 20);
    bucket.post_object(&form, "warm", warm).await.unwrap();

    let baseline = proc_status("VmRSS").unwrap();
    let reset = reset_peak();
    let hwm_before = proc_status("VmHWM").unwrap();
    let file = PostFile::from_reader(Pattern::new(TOTAL), TOTAL);
    let posted = bucket.post_object(&form, "big.bin", file).await.unwrap();
    let peak = proc_status("VmHWM").unwrap();
    let growth = if reset {
        peak.saturating_sub(baseline)
    } else {
        peak.saturating_sub(hwm_before.max(baseline))
    };
    eprintln!(
        "64 MiB form: RSS baseline {} MiB, peak {} MiB, growth {} MiB (peak reset: {reset})",
        baseline >> 20,
        peak >> 20,
        growth >> 20
    );
    assert_eq!(posted.crc64, Some(pattern_crc(TOTAL).await));
    let head = bucket.head_object("big/big.bin").await.unwrap();
    assert_eq!(head.content_length, Some(TOTAL));
    assert!(
        growth < MAX_GROWTH,
        "peak RSS grew by {} MiB (limit {} MiB)",
        growth >> 20,
        MAX_GROWTH >> 20
    );

    // Over the policy's range: refused while streaming (the server stops reading at the
    // limit), nothing stored.
    let small = PostPolicy::new(Duration::from_secs(60))
        .key("big/over.bin")
        .content_length_range(0, 1 << 20);
    let form = bucket.post_form(&small).await.unwrap();
    let file = PostFile::from_reader(Pattern::new(TOTAL), TOTAL);
    let error = bucket.post_object(&form, "over", file).await.unwrap_err();
    assert_eq!(error.code(), Some("EntityTooLarge"), "{error}");
    assert!(!bucket.object_exists("big/over.bin").await.unwrap());
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
