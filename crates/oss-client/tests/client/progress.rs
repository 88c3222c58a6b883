//! Progress callbacks on uploads and downloads, including a retried upload.

use std::sync::{Arc, Mutex};

use oss_client::{Body, ProgressEvent};
use oss_server::faults::Fault;

use crate::support::{data, temp_dir, Env};

fn recorder() -> (
    Arc<Mutex<Vec<ProgressEvent>>>,
    impl Fn(ProgressEvent) + Send + Sync + 'static,
) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&events);
    (events, move |event| sink.lock().unwrap().push(event))
}

fn check_monotonic(events: &[ProgressEvent], total: u64) {
    assert!(events.len() >= 2, "{events:?}");
    for pair in events.windows(2) {
        if pair[0].attempt == pair[1].attempt {
            assert!(pair[0].transferred <= pair[1].transferred);
        }
    }
    let last = events.last().unwrap();
    assert_eq!((last.transferred, last.total), (total, Some(total)));
    assert_eq!(last.fraction(), Some(1.0));
}

#[tokio::test]
async fn upload_and_download_progress() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let bytes = data(1_000_000, 2);

    let (events, callback) = recorder();
    bucket
        .put_object("p.bin", bytes.clone())
        .progress(callback)
        .await
        .unwrap();
    check_monotonic(&events.lock().unwrap(), 1_000_000);

    let dir = temp_dir("progress");
    let file = dir.join("p.bin");
    std::fs::write(&file, &bytes).unwrap();
    let (events, callback) = recorder();
    let put = bucket
        .put_object("from-file.bin", Body::from_file(&file))
        .progress(callback)
        .await
        .unwrap();
    assert_eq!(put.crc64, Some(oss_checksum::crc64::checksum(&bytes)));
    check_monotonic(&events.lock().unwrap(), 1_000_000);

    let (events, callback) = recorder();
    let object = bucket.get_object("p.bin").progress(callback).await.unwrap();
    assert_eq!(object.bytes().await.unwrap(), bytes);
    check_monotonic(&events.lock().unwrap(), 1_000_000);

    let (events, callback) = recorder();
    bucket
        .get_object("p.bin")
        .progress(callback)
        .to_file(dir.join("copy.bin"))
        .await
        .unwrap();
    check_monotonic(&events.lock().unwrap(), 1_000_000);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn progress_upload_is_retried_by_the_client() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let bytes = data(300_000, 4);
    env.server
        .faults()
        .add(Fault::error(503).operation("PutObject").times(1));
    let (events, callback) = recorder();
    bucket
        .put_object("retried.bin", bytes.clone())
        .progress(callback)
        .await
        .unwrap();
    let events = events.lock().unwrap().clone();
    assert_eq!(events.first().unwrap().attempt, 1);
    assert_eq!(events.last().unwrap().attempt, 2);
    check_monotonic(&events, 300_000);
    let body = bucket
        .get_object("retried.bin")
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(body, bytes);

    // A file body is read again for the retry, and reports each attempt from zero.
    let dir = temp_dir("retried-progress");
    let file = dir.join("retried.bin");
    std::fs::write(&file, &bytes).unwrap();
    env.server
        .faults()
        .add(Fault::error(503).operation("PutObject").times(1));
    let (events, callback) = recorder();
    bucket
        .put_object("retried-file.bin", Body::from_file(&file))
        .progress(callback)
        .await
        .unwrap();
    let events = events.lock().unwrap().clone();
    assert_eq!(events.first().unwrap().attempt, 1);
    assert_eq!(events.last().unwrap().attempt, 2);
    check_monotonic(&events, 300_000);
    std::fs::remove_dir_all(&dir).unwrap();

    // Multipart parts report progress too.
    let id = bucket
        .initiate_multipart_upload("mp")
        .await
        .unwrap()
        .upload_id
        .clone();
    let (events, callback) = recorder();
    bucket
        .upload_part("mp", &id, 1, bytes.clone())
        .progress(callback)
        .await
        .unwrap();
    check_monotonic(&events.lock().unwrap(), 300_000);
}
