//! The Uploader against an in-process oss-server over real sockets: single and multipart
//! uploads of files, readers and streams, checkpoints and resuming, stale checkpoints, a
//! vanished upload, a part that keeps failing, Content-MD5.

mod support;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use bytes::Bytes;
use oss_server::faults::Fault;
use oss_transfer::{CancellationToken, Error, Uploader};
use support::{data, file_digests, object_bytes, uploads_in_progress, write_data, Env, TempDir};

const PART: u64 = 100 * 1024;

fn uploader(bucket: &oss_client::Bucket, checkpoints: Option<&std::path::Path>) -> Uploader {
    let mut builder = Uploader::builder(bucket.clone())
        .part_size(PART)
        .concurrency(3);
    if let Some(dir) = checkpoints {
        builder = builder.checkpoint_dir(dir);
    }
    builder.build().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_of_every_shape_round_trip() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("shapes");
    let uploader = uploader(&bucket, None);
    for (i, size) in [0, 1, PART - 1, PART, PART + 1, 3 * PART, 3 * PART + 7]
        .into_iter()
        .enumerate()
    {
        let path = dir.join(&format!("f{i}"));
        write_data(&path, size, i as u64);
        let key = format!("shapes/{size}");
        let outcome = uploader.upload_file(&path, &key).await.unwrap();
        let expected_parts = if size < PART {
            0
        } else {
            size.div_ceil(PART) as u32
        };
        assert_eq!(outcome.parts, expected_parts, "size {size}");
        assert_eq!(outcome.size, size);
        let (crc, _) = file_digests(&path);
        assert_eq!(outcome.crc64, Some(crc), "size {size}");
        assert_eq!(
            object_bytes(&bucket, &key).await,
            std::fs::read(&path).unwrap()
        );
    }
    assert!(uploads_in_progress(&bucket).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_and_streams_round_trip_with_metadata() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let uploader = uploader(&bucket, None);
    for size in [0usize, 10, PART as usize, 5 * PART as usize + 3] {
        let bytes = data(size, 7);
        let key = format!("reader/{size}");
        let outcome = uploader
            .upload_reader(std::io::Cursor::new(bytes.clone()), &key)
            .meta("origin", "test")
            .content_type("application/x-test")
            .await
            .unwrap();
        assert_eq!(outcome.size, size as u64);
        assert_eq!(object_bytes(&bucket, &key).await, bytes);
        let head = bucket.head_object(&key).await.unwrap();
        assert_eq!(head.user_meta("origin"), Some("test"));
        assert_eq!(head.content_type.as_deref(), Some("application/x-test"));

        // The same as a stream of odd-sized chunks, with a size hint.
        let chunks: Vec<Result<Bytes, std::io::Error>> = bytes
            .chunks(33_333)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        let key = format!("stream/{size}");
        uploader
            .upload_stream(tokio_stream(chunks), &key)
            .size_hint(size as u64)
            .await
            .unwrap();
        assert_eq!(object_bytes(&bucket, &key).await, bytes);
    }
}

/// A stream over a vector, without a stream crate.
fn tokio_stream(
    items: Vec<Result<Bytes, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<Bytes, std::io::Error>> + Unpin + Send {
    struct Iter(std::vec::IntoIter<Result<Bytes, std::io::Error>>);
    impl futures_core::Stream for Iter {
        type Item = Result<Bytes, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Iter(items.into_iter())
}

/// Uploads `path` until `stop_after` bytes are done, then cancels.
async fn interrupted(uploader: &Uploader, key: &str, path: &std::path::Path, stop_after: u64) {
    let token = CancellationToken::new();
    let trigger = token.clone();
    let result = uploader
        .upload_file(path, key)
        .cancel(token)
        .progress(move |p| {
            if p.bytes_done >= stop_after {
                trigger.cancel();
            }
        })
        .await;
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_upload_resumes_from_its_checkpoint() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("resume");
    let checkpoints = dir.join("ckpt");
    let path = dir.join("source");
    write_data(&path, 20 * PART + 5, 1);
    let uploader = uploader(&bucket, Some(&checkpoints));

    interrupted(&uploader, "resumed", &path, 8 * PART).await;
    assert_eq!(
        support::files_in(&checkpoints).len(),
        1,
        "a checkpoint remains"
    );
    assert_eq!(uploads_in_progress(&bucket).await.len(), 1);

    let moved = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let seen = Arc::clone(&moved);
    let outcome = uploader
        .upload_file(&path, "resumed")
        .progress(move |p| seen.store(p.bytes_transferred, Ordering::SeqCst))
        .await
        .unwrap();
    assert!(outcome.resumed_bytes >= 5 * PART, "{outcome:?}");
    assert_eq!(
        moved.load(Ordering::SeqCst) + outcome.resumed_bytes,
        outcome.size,
        "only what was missing is sent"
    );
    assert_eq!(
        object_bytes(&bucket, "resumed").await,
        std::fs::read(&path).unwrap()
    );
    assert!(
        support::files_in(&checkpoints).is_empty(),
        "the checkpoint is removed"
    );
    assert!(uploads_in_progress(&bucket).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_source_discards_the_stale_checkpoint_and_its_upload() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("stale");
    let checkpoints = dir.join("ckpt");
    let path = dir.join("source");
    write_data(&path, 12 * PART, 1);
    let uploader = uploader(&bucket, Some(&checkpoints));
    interrupted(&uploader, "stale", &path, 5 * PART).await;
    let old = uploads_in_progress(&bucket).await;
    assert_eq!(old.len(), 1);

    // New content, another size.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write_data(&path, 11 * PART + 1, 2);
    let outcome = uploader.upload_file(&path, "stale").await.unwrap();
    assert_eq!(outcome.resumed_bytes, 0);
    assert_ne!(outcome.upload_id.as_deref(), Some(old[0].as_str()));
    assert_eq!(
        object_bytes(&bucket, "stale").await,
        std::fs::read(&path).unwrap()
    );
    assert!(
        uploads_in_progress(&bucket).await.is_empty(),
        "the old upload was aborted"
    );
    assert!(support::files_in(&checkpoints).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vanished_upload_restarts_cleanly() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("vanished");
    let checkpoints = dir.join("ckpt");
    let path = dir.join("source");
    write_data(&path, 10 * PART, 3);
    let uploader = uploader(&bucket, Some(&checkpoints));
    interrupted(&uploader, "vanished", &path, 4 * PART).await;
    for id in uploads_in_progress(&bucket).await {
        bucket.abort_multipart_upload("vanished", id).await.unwrap();
    }
    let outcome = uploader.upload_file(&path, "vanished").await.unwrap();
    assert_eq!(outcome.resumed_bytes, 0);
    assert_eq!(
        object_bytes(&bucket, "vanished").await,
        std::fs::read(&path).unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_that_keeps_failing_fails_the_upload_and_the_checkpoint_stays_usable() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("failing");
    let checkpoints = dir.join("ckpt");
    let path = dir.join("source");
    write_data(&path, 6 * PART, 4);
    let uploader = Uploader::builder(bucket.clone())
        .part_size(PART)
        .concurrency(1)
        .checkpoint_dir(&checkpoints)
        .build()
        .unwrap();
    // Every UploadPart of this key fails, after the client's retries.
    let faults = env.server.faults();
    let path2 = dir.join("source2");
    write_data(&path2, 6 * PART, 5);
    faults.add(Fault::error(500).operation("UploadPart").key("failing2"));
    let error = uploader.upload_file(&path2, "failing2").await.unwrap_err();
    assert_eq!(error.part_number(), Some(1), "{error}");
    assert!(error.to_string().contains("part 1"), "{error}");
    assert_eq!(support::files_in(&checkpoints).len(), 1);
    faults.clear();
    let outcome = uploader.upload_file(&path2, "failing2").await.unwrap();
    assert_eq!(
        object_bytes(&bucket, "failing2").await,
        std::fs::read(&path2).unwrap()
    );
    assert!(outcome.upload_id.is_some());
    assert!(support::files_in(&checkpoints).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_md5_is_sent_on_request() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("md5");
    let uploader = uploader(&bucket, None);
    for size in [10, 4 * PART + 1] {
        let path = dir.join(&format!("f{size}"));
        write_data(&path, size, 9);
        uploader
            .upload_file(&path, "md5")
            .content_md5(true)
            .await
            .unwrap();
        assert_eq!(
            object_bytes(&bucket, "md5").await,
            std::fs::read(&path).unwrap()
        );
    }
    // Without checkpoints, a failed multipart upload is aborted.
    let path = dir.join("aborted");
    write_data(&path, 4 * PART, 1);
    env.server
        .faults()
        .add(Fault::error(500).operation("UploadPart").key("aborted"));
    assert!(uploader.upload_file(&path, "aborted").await.is_err());
    assert!(uploads_in_progress(&bucket).await.is_empty());
}

/// One function mixes client calls and transfers with `?` and one error type: the client's
/// error converts into the transfer's and keeps its code.
async fn create_then_upload(
    bucket: &oss_client::Bucket,
    path: &std::path::Path,
) -> oss_transfer::Result<u64> {
    bucket.put_bucket().await?;
    let outcome = uploader(bucket, None).upload_file(path, "mixed").await?;
    Ok(outcome.size)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_errors_convert_into_transfer_errors() {
    let env = Env::start().await;
    let dir = TempDir::new("mixed");
    let path = dir.join("f");
    write_data(&path, 10, 1);
    let fresh = env.client.bucket("mixed-errors-fresh");
    assert_eq!(create_then_upload(&fresh, &path).await.unwrap(), 10);
    assert_eq!(
        object_bytes(&fresh, "mixed").await,
        std::fs::read(&path).unwrap()
    );
    // The bucket exists now: the same call fails on the client call, as a transfer error.
    let error = create_then_upload(&fresh, &path).await.unwrap_err();
    let client_error = error.client_error().expect("the client's error is kept");
    assert!(
        client_error.code() == Some("BucketAlreadyExists"),
        "{error}"
    );
    assert!(matches!(error, Error::Request { .. }), "{error:?}");
}
