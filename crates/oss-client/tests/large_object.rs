//! Streams a 1 GiB object up and down and checks that the process's peak resident memory
//! grows by less than 64 MiB: neither direction may buffer the object.
//!
//! Its own test binary, so that no other test shares the process whose memory is measured.
//! The data comes from a deterministic stream (a few small blocks, picked per chunk by a
//! hash of its index), never from a 1 GiB buffer; the server keeps objects in a data
//! directory on disk (a temporary directory), so that its side holds no object in memory
//! either. The object is checked end to end: the server's CRC-64 of what it stored must
//! equal the one expected from the blocks (computed with `combine`, without reading 1 GiB),
//! the download is checked against the server's CRC-64 while it streams, and every
//! downloaded byte is compared with the generator's.
//!
//! The upload's own CRC check is turned off here only because it would compute the value
//! the server reports a second time: unoptimized test builds hash at about 200 MB/s, and the
//! test must stay well under 30 s.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_core::Stream;
use oss_checksum::crc64;
use oss_client::{Body, Client, RetryStrategy};
use oss_server::ServerConfig;

#[path = "support/memory.rs"]
mod memory;
use memory::{proc_status, reset_peak};

const TOTAL: u64 = 1 << 30;
const CHUNK: usize = 1 << 20;
const BLOCKS: usize = 8;
const MAX_GROWTH: u64 = 64 << 20;

/// A deterministic stream of `TOTAL` bytes made of precomputed blocks.
struct Deterministic {
    blocks: Vec<Bytes>,
    index: u64,
}

impl Deterministic {
    fn new() -> Self {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let blocks = (0..BLOCKS)
            .map(|_| {
                let mut block = Vec::with_capacity(CHUNK);
                while block.len() < CHUNK {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    block.extend_from_slice(&state.to_le_bytes());
                }
                Bytes::from(block)
            })
            .collect();
        Deterministic { blocks, index: 0 }
    }

    fn block_of(index: u64) -> usize {
        (index.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 61) as usize % BLOCKS
    }

    /// Asserts that `data` is what the stream holds at `offset`.
    fn check(&self, offset: u64, data: &[u8]) {
        let mut done = 0;
        while done < data.len() {
            let at = offset + done as u64;
            let block = &self.blocks[Self::block_of(at / CHUNK as u64)];
            let within = (at % CHUNK as u64) as usize;
            let n = (CHUNK - within).min(data.len() - done);
            assert!(
                data[done..done + n] == block[within..within + n],
                "the download differs around byte {at}"
            );
            done += n;
        }
    }

    /// The CRC-64 of the whole stream, from the blocks' CRCs.
    fn expected_crc(&self) -> u64 {
        let crcs: Vec<u64> = self.blocks.iter().map(|b| crc64::checksum(b)).collect();
        (0..TOTAL / CHUNK as u64).fold(0, |crc, index| {
            crc64::combine(crc, crcs[Self::block_of(index)], CHUNK as u64)
        })
    }
}

impl Stream for Deterministic {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.index * CHUNK as u64 >= TOTAL {
            return Poll::Ready(None);
        }
        let block = self.blocks[Self::block_of(self.index)].clone();
        self.index += 1;
        Poll::Ready(Some(Ok(block)))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_gib_streams_up_and_down_in_bounded_memory() {
    let Some(_) = proc_status("VmHWM") else {
        eprintln!("skipped: no /proc/self/status on this system");
        return;
    };
    let dir = std::env::temp_dir().join(format!("oss-client-1gib-{}", std::process::id()));
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
    let bucket = client.bucket("large");
    bucket.put_bucket().await.unwrap();

    let source = Deterministic::new();
    let expected_crc = source.expected_crc();
    let expected = Deterministic::new();
    // Warm up pools, buffers and the runtime so that the baseline includes them.
    bucket.put_object("warm", vec![7u8; 4 << 20]).await.unwrap();
    bucket
        .get_object("warm")
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();

    let baseline = proc_status("VmRSS").unwrap();
    let reset = reset_peak();
    let hwm_before = proc_status("VmHWM").unwrap();
    let started = Instant::now();

    let put = bucket
        .put_object("big.bin", Body::from_stream(source, TOTAL))
        .verify_crc(false)
        .await
        .unwrap();
    assert_eq!(put.crc64, Some(expected_crc));
    let uploaded = started.elapsed();

    let object = bucket.get_object("big.bin").await.unwrap();
    assert_eq!(object.meta.content_length, Some(TOTAL));
    assert!(object.body.is_crc_checked());
    let mut body = object.body;
    let mut received = 0u64;
    while let Some(chunk) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_next(cx)).await {
        let chunk = chunk.unwrap(); // a CRC mismatch would show here
        expected.check(received, &chunk);
        received += chunk.len() as u64;
    }
    assert_eq!(received, TOTAL);
    let total = started.elapsed();

    let peak = proc_status("VmHWM").unwrap();
    let growth = if reset {
        peak.saturating_sub(baseline)
    } else {
        peak.saturating_sub(hwm_before.max(baseline))
    };
    eprintln!(
        "1 GiB up in {:.1} s, down in {:.1} s; RSS baseline {} MiB, peak {} MiB, growth {} MiB \
         (peak reset: {reset})",
        uploaded.as_secs_f64(),
        (total - uploaded).as_secs_f64(),
        baseline >> 20,
        peak >> 20,
        growth >> 20
    );
    assert!(
        growth < MAX_GROWTH,
        "peak RSS grew by {} MiB (limit {} MiB)",
        growth >> 20,
        MAX_GROWTH >> 20
    );
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
