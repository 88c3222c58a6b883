//! Object ACLs, symlinks, tagging and RestoreObject.

use std::time::Duration;

use oss_client::model::{Acl, RestoreTier, StorageClass};
use oss_server::ServerConfig;

use crate::support::Env;

#[tokio::test]
async fn object_acl() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    bucket.put_object("a", "x").await.unwrap();
    assert_eq!(
        bucket.get_object_acl("a").await.unwrap().grant,
        Acl::Default
    );
    bucket
        .put_object_acl("a", Acl::PublicReadWrite)
        .await
        .unwrap();
    assert_eq!(
        bucket.get_object_acl("a").await.unwrap().grant,
        Acl::PublicReadWrite
    );
    assert!(bucket
        .get_object_acl("missing")
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn symlinks() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    bucket
        .put_object("target dir/file+1.txt", "pointed at")
        .await
        .unwrap();
    bucket
        .put_symlink("link", "target dir/file+1.txt")
        .meta("kind", "link")
        .await
        .unwrap();
    let info = bucket.get_symlink("link").await.unwrap();
    assert_eq!(info.target, "target dir/file+1.txt");
    let through = bucket
        .get_object("link")
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&through[..], b"pointed at");
    let error = bucket
        .get_symlink("target dir/file+1.txt")
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("NotSymlink"));
}

#[tokio::test]
async fn tagging() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    bucket.put_object("t", "x").await.unwrap();
    assert!(bucket
        .get_object_tagging("t")
        .await
        .unwrap()
        .tags
        .is_empty());
    bucket
        .put_object_tagging("t", [("a", "1"), ("b c", "d=e")])
        .await
        .unwrap();
    let tags = bucket.get_object_tagging("t").await.unwrap();
    assert_eq!(tags.get("a"), Some("1"));
    assert_eq!(tags.get("b c"), Some("d=e"));
    let error = bucket
        .put_object_tagging("t", [("a&b", "1")])
        .await
        .unwrap_err();
    assert!(error.is_validation());
    bucket.delete_object_tagging("t").await.unwrap();
    assert!(bucket
        .get_object_tagging("t")
        .await
        .unwrap()
        .tags
        .is_empty());
}

#[tokio::test]
async fn restore_archived_objects() {
    let env = Env::with(
        ServerConfig::new().restore_delay(Duration::from_millis(800)),
        oss_client::SignatureVersion::V4,
    )
    .await;
    let bucket = env.bucket().await;
    bucket
        .put_object("cold", "frozen")
        .storage_class(StorageClass::Archive)
        .await
        .unwrap();
    let error = bucket.get_object("cold").await.unwrap_err();
    assert_eq!(error.code(), Some("InvalidObjectState"), "{error}");

    let started = bucket.restore_object("cold").days(2).await.unwrap();
    assert_eq!(started.status().as_u16(), 202);
    let again = bucket.restore_object("cold").await.unwrap_err();
    assert_eq!(again.code(), Some("RestoreAlreadyInProgress"));
    let meta = bucket.head_object("cold").await.unwrap();
    assert_eq!(meta.restore.map(|r| r.is_restored()), Some(false));

    // Restored after the server's delay.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let meta = bucket.head_object("cold").await.unwrap();
        if meta.restore.is_some_and(|r| r.is_restored()) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never restored");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let body = bucket
        .get_object("cold")
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&body[..], b"frozen");

    bucket
        .put_object("colder", "x")
        .storage_class(StorageClass::ColdArchive)
        .await
        .unwrap();
    bucket
        .restore_object("colder")
        .days(1)
        .tier(RestoreTier::Expedited)
        .await
        .unwrap();
}
