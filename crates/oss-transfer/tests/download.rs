//! The Downloader against an in-process oss-server over real sockets: objects of every
//! shape, MD5, resuming from checkpoints, an object changed mid-download or between runs,
//! corrupted and broken bodies, and a part that keeps failing. The destination is never
//! seen half-written.

mod support;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use oss_client::Body;
use oss_server::faults::Fault;
use oss_transfer::{CancellationToken, Downloader, Error, Uploader};
use support::{data, files_in, write_data, Env, TempDir};

const PART: u64 = 100 * 1024;

fn downloader(bucket: &oss_client::Bucket, checkpoints: Option<&Path>) -> Downloader {
    let mut builder = Downloader::builder(bucket.clone())
        .part_size(PART)
        .concurrency(3);
    if let Some(dir) = checkpoints {
        builder = builder.checkpoint_dir(dir);
    }
    builder.build().unwrap()
}

/// Uploads `len` bytes as `key` in parts (so that the object has no Content-MD5).
async fn put(bucket: &oss_client::Bucket, key: &str, len: u64, seed: u64) -> Vec<u8> {
    let bytes = data(len as usize, seed);
    Uploader::builder(bucket.clone())
        .part_size(PART)
        .build()
        .unwrap()
        .upload_reader(std::io::Cursor::new(bytes.clone()), key)
        .await
        .unwrap();
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn objects_of_every_shape_round_trip() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("shapes");
    let downloader = downloader(&bucket, None);
    for size in [0, 1, PART - 1, PART, PART + 1, 3 * PART, 3 * PART + 7] {
        let key = format!("shapes/{size}");
        let bytes = put(&bucket, &key, size, size).await;
        let target = dir.join(&format!("out/{size}.bin"));
        let outcome = downloader.download_file(&key, &target).await.unwrap();
        assert_eq!(outcome.size, size);
        assert_eq!(outcome.parts as u64, size.div_ceil(PART));
        assert_eq!(outcome.crc64, Some(oss_checksum::crc64::checksum(&bytes)));
        assert_eq!(std::fs::read(&target).unwrap(), bytes, "size {size}");
    }
    let left = files_in(&dir.join("out"));
    assert!(left.iter().all(|name| name.ends_with(".bin")), "{left:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn md5_is_checked_when_the_object_has_one() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("md5");
    let bytes = data(250_000, 3);
    bucket.put_object("simple", bytes.clone()).await.unwrap();
    let outcome = downloader(&bucket, None)
        .download_file("simple", dir.join("simple"))
        .verify_md5(true)
        .await
        .unwrap();
    assert!(outcome.md5_verified);
    assert_eq!(std::fs::read(dir.join("simple")).unwrap(), bytes);
}

/// Downloads until `stop_after` bytes are done, then cancels.
async fn interrupted(downloader: &Downloader, key: &str, target: &Path, stop_after: u64) {
    let token = CancellationToken::new();
    let trigger = token.clone();
    let result = downloader
        .download_file(key, target)
        .cancel(token)
        .progress(move |p| {
            if p.bytes_done >= stop_after {
                trigger.cancel();
            }
        })
        .await;
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert!(!target.exists(), "the destination is never half-written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_download_resumes_from_its_checkpoint() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("resume");
    let checkpoints = dir.join("ckpt");
    let bytes = put(&bucket, "big", 20 * PART + 11, 1).await;
    let downloader = downloader(&bucket, Some(&checkpoints));
    let target = dir.join("big");
    interrupted(&downloader, "big", &target, 8 * PART).await;
    assert_eq!(files_in(&checkpoints).len(), 1);

    let moved = Arc::new(AtomicU64::new(0));
    let seen = Arc::clone(&moved);
    let outcome = downloader
        .download_file("big", &target)
        .progress(move |p| seen.store(p.bytes_transferred, Ordering::SeqCst))
        .await
        .unwrap();
    assert!(outcome.resumed_bytes >= 5 * PART, "{outcome:?}");
    assert_eq!(
        moved.load(Ordering::SeqCst) + outcome.resumed_bytes,
        outcome.size
    );
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
    assert!(files_in(&checkpoints).is_empty());
    assert_eq!(
        files_in(dir.path()),
        vec!["big".to_owned(), "ckpt".to_owned()]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_object_changed_between_runs_starts_over() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("stale");
    let checkpoints = dir.join("ckpt");
    put(&bucket, "obj", 12 * PART, 1).await;
    let downloader = downloader(&bucket, Some(&checkpoints));
    let target = dir.join("obj");
    interrupted(&downloader, "obj", &target, 5 * PART).await;
    let bytes = put(&bucket, "obj", 12 * PART, 2).await;
    let outcome = downloader.download_file("obj", &target).await.unwrap();
    assert_eq!(outcome.resumed_bytes, 0);
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_object_changed_mid_download_fails_without_mixing_versions() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("changed");
    let checkpoints = dir.join("ckpt");
    put(&bucket, "obj", 10 * PART, 1).await;
    // The object is replaced as soon as the first bytes arrive: the callback waits for the
    // replacement (on the other worker) before the download goes on.
    let replaced = Arc::new(AtomicBool::new(false));
    let (flag, replacer, handle) = (
        Arc::clone(&replaced),
        bucket.clone(),
        tokio::runtime::Handle::current(),
    );
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let done_rx = std::sync::Mutex::new(done_rx);
    let result = Downloader::builder(bucket.clone())
        .part_size(PART)
        .concurrency(1)
        .checkpoint_dir(&checkpoints)
        .build()
        .unwrap()
        .download_file("obj", dir.join("obj"))
        .progress(move |p| {
            if p.bytes_done > 0 && !flag.swap(true, Ordering::SeqCst) {
                let (bucket, done) = (replacer.clone(), done_tx.clone());
                handle.spawn(async move {
                    bucket
                        .put_object("obj", Body::from(vec![1u8; 10]))
                        .await
                        .unwrap();
                    done.send(()).unwrap();
                });
                // Off the worker, so that the replacement (in its LIFO slot) can run.
                tokio::task::block_in_place(|| {
                    let _ = done_rx
                        .lock()
                        .unwrap()
                        .recv_timeout(Duration::from_secs(10));
                });
            }
        })
        .await;
    assert!(replaced.load(Ordering::SeqCst));
    assert!(
        matches!(result, Err(Error::ObjectChanged { .. })),
        "{result:?}"
    );
    assert!(!dir.join("obj").exists());
    assert!(files_in(&checkpoints).is_empty());
    assert_eq!(
        files_in(dir.path()),
        vec!["ckpt".to_owned()],
        "no temporary file left"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrupted_and_broken_bodies_are_repaired() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("corrupt");
    let bytes = put(&bucket, "obj", 6 * PART + 3, 4).await;
    let faults = env.server.faults();
    faults.add(Fault::corrupt(1000).operation("GetObject").times(2));
    faults.add(Fault::reset_after(30_000).operation("GetObject").times(3));
    let outcome = downloader(&bucket, None)
        .download_file("obj", dir.join("obj"))
        .await
        .unwrap();
    assert_eq!(std::fs::read(dir.join("obj")).unwrap(), bytes);
    assert_eq!(outcome.crc64, Some(oss_checksum::crc64::checksum(&bytes)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_part_continues_where_it_broke() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("continued");
    let bytes = put(&bucket, "obj", 3 * PART, 6).await;
    // Each of the first two bodies breaks after 30,000 bytes (the second is the
    // continuation of the first).
    env.server
        .faults()
        .add(Fault::reset_after(30_000).operation("GetObject").times(2));
    let moved = Arc::new(AtomicU64::new(0));
    let seen = Arc::clone(&moved);
    downloader(&bucket, None)
        .download_file("obj", dir.join("obj"))
        .progress(move |p| seen.store(p.bytes_transferred, Ordering::Relaxed))
        .await
        .unwrap();
    assert_eq!(std::fs::read(dir.join("obj")).unwrap(), bytes);
    assert!(env.server.faults().list().is_empty());
    // Nothing was fetched twice: the broken part went on from its first missing byte.
    assert_eq!(moved.load(Ordering::Relaxed), 3 * PART);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_that_keeps_failing_fails_and_the_checkpoint_stays_usable() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("failing");
    let checkpoints = dir.join("ckpt");
    let path = dir.join("source");
    write_data(&path, 8 * PART, 5);
    let bytes = std::fs::read(&path).unwrap();
    bucket
        .put_object("obj", Body::from_file(&path))
        .await
        .unwrap();
    let downloader = Downloader::builder(bucket.clone())
        .part_size(PART)
        .concurrency(1)
        .checkpoint_dir(&checkpoints)
        .build()
        .unwrap();
    let faults = env.server.faults();
    faults.add(Fault::error(500).operation("GetObject"));
    let target = dir.join("out");
    let error = downloader.download_file("obj", &target).await.unwrap_err();
    assert_eq!(error.part_number(), Some(1), "{error}");
    assert!(!target.exists());
    assert_eq!(files_in(&checkpoints).len(), 1);
    faults.clear();
    downloader.download_file("obj", &target).await.unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
}
