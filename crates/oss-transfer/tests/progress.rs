//! Progress events (bytes, rates, ETA), cancellation (prompt, resumable) and the bandwidth
//! limit, against an in-process oss-server.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use oss_transfer::{
    BandwidthLimit, CancellationToken, Downloader, Error, TransferProgress, Uploader,
};
use support::{files_in, write_data, Env, TempDir};

const PART: u64 = 100 * 1024;

fn recorder() -> (
    Arc<Mutex<Vec<TransferProgress>>>,
    impl Fn(&TransferProgress) + Send + Sync + 'static,
) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&events);
    (events, move |p: &TransferProgress| {
        sink.lock().unwrap().push(p.clone())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_reports_bytes_rates_and_eta() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("progress");
    let path = dir.join("source");
    let size = 10 * PART + 1;
    write_data(&path, size, 1);
    let uploader = Uploader::builder(bucket.clone())
        .part_size(PART)
        .build()
        .unwrap();
    let (events, callback) = recorder();
    uploader
        .upload_file(&path, "p")
        .progress(callback)
        .await
        .unwrap();
    let events = events.lock().unwrap().clone();
    assert!(events.len() > 10, "{} events", events.len());
    let first = &events[0];
    assert_eq!((first.bytes_done, first.bytes_total), (0, Some(size)));
    let last = events.last().unwrap();
    assert_eq!((last.bytes_done, last.bytes_transferred), (size, size));
    assert_eq!(last.eta, Some(Duration::ZERO));
    assert_eq!(last.fraction(), Some(1.0));
    assert!(last.average_rate > 0.0 && last.current_rate > 0.0);
    assert!(events.iter().all(|e| e.bytes_done <= size));
    assert!(events
        .iter()
        .any(|e| e.eta.is_some_and(|eta| eta > Duration::ZERO)));

    let (events, callback) = recorder();
    Downloader::builder(bucket.clone())
        .part_size(PART)
        .build()
        .unwrap()
        .download_file("p", dir.join("back"))
        .progress(callback)
        .await
        .unwrap();
    let last = events.lock().unwrap().last().cloned().unwrap();
    assert_eq!((last.bytes_done, last.bytes_total), (size, Some(size)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bandwidth_limit_holds_and_cancellation_is_prompt() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("limit");
    let path = dir.join("source");
    let size = 6 * PART;
    write_data(&path, size, 2);
    let limit = 1 << 20;
    let uploader = Uploader::builder(bucket.clone())
        .part_size(PART)
        .concurrency(4)
        .bandwidth_limit(BandwidthLimit::new(limit))
        .checkpoint_dir(dir.join("ckpt"))
        .build()
        .unwrap();
    let started = Instant::now();
    uploader.upload_file(&path, "limited").await.unwrap();
    let elapsed = started.elapsed().as_secs_f64();
    let rate = size as f64 / elapsed;
    assert!(
        rate < 1.3 * limit as f64,
        "{rate:.0} B/s under a limit of {limit}"
    );

    // Cancelled mid-way: returns at once, leaves a checkpoint, and resumes.
    let token = CancellationToken::new();
    let trigger = token.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(250)).await;
        trigger.cancel();
    });
    let started = Instant::now();
    let result = uploader.upload_file(&path, "cancelled").cancel(token).await;
    let stopped = started.elapsed();
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert!(
        stopped < Duration::from_millis(450),
        "stopped after {stopped:?}"
    );
    assert_eq!(files_in(&dir.join("ckpt")).len(), 1);
    let outcome = uploader.upload_file(&path, "cancelled").await.unwrap();
    assert!(outcome.resumed_bytes > 0, "{outcome:?}");

    // Downloads are limited too.
    let downloader = Downloader::builder(bucket.clone())
        .part_size(PART)
        .bandwidth_limit(BandwidthLimit::new(limit))
        .build()
        .unwrap();
    let started = Instant::now();
    downloader
        .download_file("limited", dir.join("back"))
        .await
        .unwrap();
    let rate = size as f64 / started.elapsed().as_secs_f64();
    assert!(
        rate < 1.3 * limit as f64,
        "{rate:.0} B/s under a limit of {limit}"
    );
}
