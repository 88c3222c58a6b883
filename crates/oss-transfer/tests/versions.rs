//! Transfers of an older version of an object in a versioned bucket: the Downloader's
//! `version_id` (ranged GETs of that version, resumable under a checkpoint of its own) and
//! the Copier's `source_version_id` (single CopyObject and parallel UploadPartCopy), while a
//! newer version is the current one.

mod support;

use oss_client::model::VersioningStatus;
use oss_transfer::{Copier, Downloader};
use support::{data, object_bytes, Env, TempDir};

const PART: u64 = 100 * 1024;

/// A versioned bucket whose key `k` has an older version of `len` bytes (returned with its
/// id) under a newer one of other bytes.
async fn two_versions(env: &Env, len: usize) -> (oss_client::Bucket, String, Vec<u8>) {
    let bucket = env.bucket().await;
    bucket
        .put_bucket_versioning(VersioningStatus::Enabled)
        .await
        .unwrap();
    let old = data(len, 1);
    let put = bucket.put_object("k", old.clone()).await.unwrap();
    let version = put.version_id.clone().expect("a version id");
    bucket.put_object("k", data(len + 7, 2)).await.unwrap();
    (bucket, version, old)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_version_downloads_in_parts() {
    let env = Env::start().await;
    let (bucket, version, old) = two_versions(&env, (3 * PART + 5) as usize).await;
    let dir = TempDir::new("versions");
    for checkpoints in [false, true] {
        let mut builder = Downloader::builder(bucket.clone())
            .part_size(PART)
            .concurrency(2);
        if checkpoints {
            builder = builder.checkpoint_dir(dir.join("checkpoints"));
        }
        let dest = dir.join(&format!("old-{checkpoints}"));
        let outcome = builder
            .build()
            .unwrap()
            .download_file("k", &dest)
            .version_id(&version)
            .await
            .unwrap();
        assert_eq!(outcome.parts, 4);
        assert_eq!(
            std::fs::read(&dest).unwrap(),
            old,
            "checkpoints {checkpoints}"
        );
    }
    let missing = Downloader::new(bucket.clone())
        .download_file("k", dir.join("none"))
        .version_id("no-such-version")
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("HeadObject"), "{missing}");
    assert!(!dir.join("none").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_version_copies_whole_and_in_parts() {
    let env = Env::start().await;
    for len in [PART as usize, (3 * PART + 5) as usize] {
        let (bucket, version, old) = two_versions(&env, len).await;
        let copier = Copier::builder(bucket.clone())
            .part_size(PART)
            .multipart_threshold(2 * PART)
            .build()
            .unwrap();
        let outcome = copier
            .copy("k", "restored")
            .source_version_id(&version)
            .await
            .unwrap();
        assert_eq!(outcome.size, len as u64);
        assert_eq!(object_bytes(&bucket, "restored").await, old, "len {len}");
        assert_ne!(object_bytes(&bucket, "k").await, old);
    }
}
