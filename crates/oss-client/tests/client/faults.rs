//! Retries under injected failures (oss-server's faults): 503s, connection resets, corrupt
//! bodies, and a body that cannot be sent twice.

use oss_client::{Body, ErrorKind};
use oss_server::faults::Fault;

use crate::objects::Chunks;
use crate::support::{data, temp_dir, Env};

#[tokio::test]
async fn throttling_is_retried() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    env.server
        .faults()
        .add(Fault::error(503).operation("PutObject").times(2));
    bucket.put_object("k", "v").await.unwrap();
    env.server
        .faults()
        .add(Fault::error(503).operation("GetObject").times(2));
    let body = bucket.get_object("k").await.unwrap().bytes().await.unwrap();
    assert_eq!(&body[..], b"v");
    env.server
        .faults()
        .add(Fault::error(500).operation("ListObjectsV2").times(1));
    assert_eq!(bucket.list_objects_v2().await.unwrap().contents.len(), 1);
    assert!(env.server.faults().list().is_empty());

    // More failures than attempts: the last error is reported.
    env.server
        .faults()
        .add(Fault::error(503).operation("HeadObject").times(5));
    let error = bucket.head_object("k").await.unwrap_err();
    assert!(error.is_throttled() && error.is_retryable());
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn connection_resets() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let bytes = data(200_000, 6);
    bucket.put_object("r", bytes.clone()).await.unwrap();

    // Buffered: a body cut mid-way is fetched again.
    env.server
        .faults()
        .add(Fault::reset_after(50_000).operation("GetObject").times(2));
    let object = bucket.get_object("r").buffered(true).await.unwrap();
    assert_eq!(object.bytes().await.unwrap(), bytes);
    assert!(env.server.faults().list().is_empty());

    // Streaming: the stream reports the broken connection (its first bytes were already
    // handed out), as a retryable transport error.
    env.server
        .faults()
        .add(Fault::reset_after(50_000).operation("GetObject").times(1));
    let object = bucket.get_object("r").await.unwrap();
    let error = object.bytes().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert!(error.is_retryable());

    // Streaming, asked to resume: the stream goes on from the first missing byte (twice
    // here: the first continuation breaks too, after making progress), checked by CRC-64.
    env.server
        .faults()
        .add(Fault::reset_after(50_000).operation("GetObject").times(2));
    let object = bucket
        .get_object("r")
        .resume_broken_body(true)
        .await
        .unwrap();
    assert!(object.body.is_crc_checked());
    assert_eq!(object.bytes().await.unwrap(), bytes);
    assert!(env.server.faults().list().is_empty());
}

#[tokio::test]
async fn corrupt_download_is_detected_by_crc64() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let bytes = data(100_000, 8);
    bucket.put_object("c", bytes.clone()).await.unwrap();

    env.server
        .faults()
        .add(Fault::corrupt(12_345).operation("GetObject").times(1));
    let error = bucket
        .get_object("c")
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap_err();
    assert!(error.is_integrity(), "{error}");

    // Into a file: the error, and no file (not even a temporary one).
    let dir = temp_dir("corrupt");
    env.server
        .faults()
        .add(Fault::corrupt(0).operation("GetObject").times(1));
    let error = bucket
        .get_object("c")
        .to_file(dir.join("c"))
        .await
        .unwrap_err();
    assert!(error.is_integrity());
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    std::fs::remove_dir_all(&dir).unwrap();

    // Buffered: the corrupt body is fetched again.
    env.server
        .faults()
        .add(Fault::corrupt(99_999).operation("GetObject").times(1));
    let object = bucket.get_object("c").buffered(true).await.unwrap();
    assert_eq!(object.bytes().await.unwrap(), bytes);

    // A range is not the whole object: no CRC to check against, so not checked.
    let object = bucket
        .get_object("c")
        .range(oss_client::ByteRange::new(0, 9).unwrap())
        .await
        .unwrap();
    assert!(!object.body.is_crc_checked());
}

#[tokio::test]
async fn non_replayable_body_is_not_retried() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    env.server
        .faults()
        .add(Fault::error(503).operation("PutObject").times(2));
    let stream = Chunks(vec![Ok(bytes::Bytes::from_static(b"once"))].into());
    let error = bucket
        .put_object("s", Body::from_stream(stream, 4))
        .await
        .unwrap_err();
    assert!(error.is_throttled());
    assert_eq!(error.attempts(), 1);
    // One of the two faults is left: the server saw one attempt.
    assert_eq!(env.server.faults().list().len(), 1);
    assert!(!bucket.object_exists("s").await.unwrap());
}

#[tokio::test]
async fn a_request_deadline_covers_its_retries() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    bucket.put_object("d", "data").await.unwrap();
    env.server.faults().add(
        Fault::delay(std::time::Duration::from_secs(30))
            .operation("GetObject")
            .times(1),
    );
    let error = bucket
        .get_object("d")
        .deadline(std::time::Duration::from_millis(300))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(!error.is_retryable());
}
