//! The Copier against an in-process oss-server: single CopyObject and parallel
//! UploadPartCopy, within a bucket and across buckets, metadata and tags copied or replaced,
//! CRC-64 equal to the source's.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use oss_client::model::ObjectHeaders;
use oss_transfer::{Copier, Error, Uploader};
use support::{data, object_bytes, uploads_in_progress, Env};

const PART: u64 = 100 * 1024;

fn copier(bucket: &oss_client::Bucket) -> Copier {
    Copier::builder(bucket.clone())
        .part_size(PART)
        .concurrency(3)
        .multipart_threshold(2 * PART)
        .build()
        .unwrap()
}

async fn source(bucket: &oss_client::Bucket, key: &str, len: usize) -> Vec<u8> {
    let bytes = data(len, len as u64);
    bucket
        .put_object(key, bytes.clone())
        .content_type("text/x-source")
        .cache_control("no-cache")
        .meta("origin", "source")
        .tag("team", "storage")
        .await
        .unwrap();
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copies_keep_data_metadata_and_tags() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let copier = copier(&bucket);
    for size in [0, 10, 2 * PART - 1, 2 * PART, 5 * PART + 3] {
        let key = format!("src/{size}");
        let bytes = source(&bucket, &key, size as usize).await;
        let done = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&done);
        let outcome = copier
            .copy(&key, format!("dst/{size}"))
            .progress(move |p| seen.store(p.bytes_done, Ordering::SeqCst))
            .await
            .unwrap();
        let expected_parts = if size < 2 * PART {
            0
        } else {
            size.div_ceil(PART) as u32
        };
        assert_eq!(outcome.parts, expected_parts, "size {size}");
        assert_eq!(outcome.crc64, Some(oss_checksum::crc64::checksum(&bytes)));
        assert_eq!(done.load(Ordering::SeqCst), size);
        let copy = format!("dst/{size}");
        assert_eq!(object_bytes(&bucket, &copy).await, bytes);
        let head = bucket.head_object(&copy).await.unwrap();
        assert_eq!(
            head.content_type.as_deref(),
            Some("text/x-source"),
            "size {size}"
        );
        assert_eq!(head.cache_control.as_deref(), Some("no-cache"));
        assert_eq!(head.user_meta("origin"), Some("source"));
        let tags = bucket.get_object_tagging(&copy).await.unwrap();
        assert_eq!(tags.tags.len(), 1, "size {size}: tags copied");
    }
    assert!(uploads_in_progress(&bucket).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copies_across_buckets_with_replaced_metadata() {
    let env = Env::start().await;
    let from = env.bucket().await;
    let to = env.bucket().await;
    let copier = copier(&to);
    for size in [1000, 4 * PART as usize + 1] {
        let bytes = source(&from, "src", size).await;
        copier
            .copy("src", "dst")
            .source_bucket(from.name())
            .replace_metadata(
                ObjectHeaders::new()
                    .content_type("application/x-new")
                    .meta("origin", "replaced"),
            )
            .await
            .unwrap();
        assert_eq!(object_bytes(&to, "dst").await, bytes);
        let head = to.head_object("dst").await.unwrap();
        assert_eq!(head.content_type.as_deref(), Some("application/x-new"));
        assert_eq!(head.user_meta("origin"), Some("replaced"));
        assert_eq!(head.cache_control, None);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_source_fails_and_a_multipart_source_copies() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let error = copier(&bucket).copy("missing", "dst").await.unwrap_err();
    assert!(
        error.client_error().is_some_and(|e| e.is_not_found()),
        "{error}"
    );
    assert!(matches!(error, Error::Request { .. }));
    let bytes = data(3 * PART as usize, 1);
    Uploader::builder(bucket.clone())
        .part_size(PART)
        .build()
        .unwrap()
        .upload_reader(std::io::Cursor::new(bytes.clone()), "parts")
        .await
        .unwrap();
    copier(&bucket).copy("parts", "copied").await.unwrap();
    assert_eq!(object_bytes(&bucket, "copied").await, bytes);
}
