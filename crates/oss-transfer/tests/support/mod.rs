//! What the integration tests share: a server, clients, temporary directories and data.

#![allow(dead_code)]

pub mod child;
pub mod fault_proxy;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use oss_client::{Bucket, Client, RetryStrategy};
use oss_server::{ServerConfig, ServerHandle};

/// A server in memory and a client for it.
pub struct Env {
    pub server: ServerHandle,
    pub client: Client,
}

impl Env {
    /// A server in memory, on this runtime.
    pub async fn start() -> Env {
        let server = ServerConfig::new()
            .start()
            .await
            .expect("the server starts");
        let client = client(server.endpoint(), 3);
        Env { server, client }
    }

    /// A new bucket.
    pub async fn bucket(&self) -> Bucket {
        new_bucket(&self.client).await
    }
}

/// A client for the server at `endpoint` (development credentials), retrying quickly.
pub fn client(endpoint: &str, attempts: u32) -> Client {
    Client::builder()
        .endpoint(endpoint)
        .region("cn-hangzhou")
        .credentials(oss_auth::Credentials::new(
            oss_server::DEV_ACCESS_KEY_ID,
            oss_server::DEV_ACCESS_KEY_SECRET,
        ))
        .retry(
            RetryStrategy::standard()
                .with_max_attempts(attempts)
                .with_base_delay(Duration::from_millis(5))
                .with_max_delay(Duration::from_millis(100)),
        )
        .build()
        .expect("the client builds")
}

/// Creates a bucket with a unique name.
pub async fn new_bucket(client: &Client) -> Bucket {
    let bucket = client.bucket(unique("bucket"));
    bucket.put_bucket().await.expect("the bucket is created");
    bucket
}

/// A name no other test of this process uses.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A fresh temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> TempDir {
        let dir = std::env::temp_dir().join(unique(&format!("oss-transfer-{prefix}")));
        std::fs::create_dir_all(&dir).expect("the temporary directory is created");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const BLOCK: usize = 1 << 20;

/// A pseudo-random 1 MiB block for `seed`.
fn block(seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut block = Vec::with_capacity(BLOCK);
    while block.len() < BLOCK {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        block.extend_from_slice(&state.to_le_bytes());
    }
    block
}

/// Writes `len` bytes of deterministic data for `seed` to `path` (each 4 KiB stamped with
/// its position, so that misplaced data shows).
pub fn write_data(path: &Path, len: u64, seed: u64) {
    let base = block(seed);
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    let mut written = 0u64;
    let mut block = base.clone();
    while written < len {
        block.copy_from_slice(&base);
        for (i, stamp) in block.chunks_mut(4096).enumerate() {
            let at = written + (i as u64) * 4096;
            stamp[..8].copy_from_slice(&at.to_le_bytes());
        }
        let n = (len - written).min(BLOCK as u64) as usize;
        file.write_all(&block[..n]).expect("write");
        written += n as u64;
    }
    file.flush().expect("flush");
}

/// `len` bytes of deterministic data in memory.
pub fn data(len: usize, seed: u64) -> Vec<u8> {
    let base = block(seed);
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        let at = out.len();
        let n = (len - at).min(BLOCK);
        let start = out.len();
        out.extend_from_slice(&base[..n]);
        for (i, stamp) in out[start..].chunks_mut(4096).enumerate() {
            if stamp.len() >= 8 {
                stamp[..8].copy_from_slice(&((at + i * 4096) as u64).to_le_bytes());
            }
        }
    }
    out
}

/// The CRC-64 and MD5 of a file.
pub fn file_digests(path: &Path) -> (u64, [u8; 16]) {
    use std::io::Read;
    let mut file = std::fs::File::open(path).expect("open");
    let mut crc = 0;
    let mut md5 = oss_checksum::md5::Md5::new();
    let mut buffer = vec![0u8; BLOCK];
    loop {
        let n = file.read(&mut buffer).expect("read");
        if n == 0 {
            return (crc, md5.finish());
        }
        crc = oss_checksum::crc64::update(crc, &buffer[..n]);
        md5.update(&buffer[..n]);
    }
}

/// The CRC-64 of a file.
pub fn file_crc(path: &Path) -> u64 {
    use std::io::Read;
    let mut file = std::fs::File::open(path).expect("open");
    let mut crc = 0;
    let mut buffer = vec![0u8; BLOCK];
    loop {
        let n = file.read(&mut buffer).expect("read");
        if n == 0 {
            return crc;
        }
        crc = oss_checksum::crc64::update(crc, &buffer[..n]);
    }
}

/// The whole object, read into memory.
pub async fn object_bytes(bucket: &Bucket, key: &str) -> Vec<u8> {
    bucket
        .get_object(key)
        .await
        .expect("get")
        .bytes()
        .await
        .expect("body")
        .to_vec()
}

/// The uploads in progress in `bucket`.
pub async fn uploads_in_progress(bucket: &Bucket) -> Vec<String> {
    bucket
        .list_multipart_uploads()
        .into_paginator()
        .collect_items()
        .await
        .expect("list uploads")
        .into_iter()
        .map(|u| u.upload_id)
        .collect()
}

/// The files in a directory (not recursive).
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}
