//! PutObject, GetObject, HeadObject, GetObjectMeta, DeleteObject and exists.

use oss_client::{Body, ByteRange, ErrorKind};

use crate::support::{data, temp_dir, Env};

#[tokio::test]
async fn put_get_head_delete() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let put = bucket
        .put_object("dir/hello.txt", "hello world")
        .meta("author", "alice")
        .cache_control("no-cache")
        .await
        .unwrap();
    assert!(put.etag.is_some());
    assert_eq!(
        put.crc64,
        Some(oss_checksum::crc64::checksum(b"hello world"))
    );
    assert!(put.request_id().is_some());

    let object = bucket.get_object("dir/hello.txt").await.unwrap();
    assert_eq!(object.meta.content_type.as_deref(), Some("text/plain"));
    assert_eq!(object.meta.user_meta("author"), Some("alice"));
    assert!(object.body.is_crc_checked());
    assert_eq!(&object.bytes().await.unwrap()[..], b"hello world");

    let head = bucket.head_object("dir/hello.txt").await.unwrap();
    assert_eq!(head.content_length, Some(11));
    assert_eq!(head.cache_control.as_deref(), Some("no-cache"));
    let meta = bucket.get_object_meta("dir/hello.txt").await.unwrap();
    assert_eq!(meta.content_length, Some(11));
    assert!(bucket.object_exists("dir/hello.txt").await.unwrap());

    bucket.delete_object("dir/hello.txt").await.unwrap();
    assert!(!bucket.object_exists("dir/hello.txt").await.unwrap());
    let error = bucket.get_object("dir/hello.txt").await.unwrap_err();
    assert!(error.is_not_found());
    assert_eq!(error.code(), Some("NoSuchKey"));
    assert_eq!(error.kind(), ErrorKind::Service);
    assert!(error.request_id().is_some());
    let error = bucket.head_object("dir/hello.txt").await.unwrap_err();
    assert_eq!(error.code(), Some("NoSuchKey"));
}

#[tokio::test]
async fn ranges() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let bytes = data(1000, 1);
    bucket.put_object("r.bin", bytes.clone()).await.unwrap();
    let get = |range| {
        let bucket = bucket.clone();
        async move {
            let out = bucket.get_object("r.bin").range(range).await.unwrap();
            assert_eq!(out.status().as_u16(), 206);
            out.bytes().await.unwrap()
        }
    };
    assert_eq!(get(ByteRange::new(10, 19).unwrap()).await, &bytes[10..20]);
    assert_eq!(get(ByteRange::starting_at(990)).await, &bytes[990..]);
    assert_eq!(get(ByteRange::last(5).unwrap()).await, &bytes[995..]);
}

#[tokio::test]
async fn file_upload_and_download_to_file() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = temp_dir("files");
    let source = dir.join("source.bin");
    let bytes = data(700_000, 7);
    std::fs::write(&source, &bytes).unwrap();
    bucket
        .put_object("f.bin", Body::from_file(&source))
        .await
        .unwrap();
    let target = dir.join("target.bin");
    let meta = bucket.get_object("f.bin").to_file(&target).await.unwrap();
    assert_eq!(meta.content_length, Some(700_000));
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
    // Nothing but the two files is left in the directory.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn conditions_and_overrides() {
    use std::time::{Duration, SystemTime};
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let put = bucket.put_object("c.txt", "data").await.unwrap();
    let etag = put.etag.clone().unwrap();

    let ok = bucket
        .get_object("c.txt")
        .if_match(etag.clone())
        .await
        .unwrap();
    assert_eq!(&ok.bytes().await.unwrap()[..], b"data");
    let error = bucket
        .get_object("c.txt")
        .if_match("\"0000\"")
        .await
        .unwrap_err();
    assert!(error.is_precondition_failed(), "{error}");
    let error = bucket
        .get_object("c.txt")
        .if_none_match(etag.clone())
        .await
        .unwrap_err();
    assert!(error.is_not_modified(), "{error}");
    let later = SystemTime::now() + Duration::from_secs(3600);
    let earlier = SystemTime::now() - Duration::from_secs(3600);
    let error = bucket
        .get_object("c.txt")
        .if_modified_since(later)
        .await
        .unwrap_err();
    assert!(error.is_not_modified());
    let error = bucket
        .head_object("c.txt")
        .if_unmodified_since(earlier)
        .await
        .unwrap_err();
    assert!(error.is_precondition_failed());
    assert!(bucket
        .head_object("c.txt")
        .if_unmodified_since(later)
        .await
        .is_ok());

    let overridden = bucket
        .get_object("c.txt")
        .response_content_type("application/x-test")
        .response_content_disposition("attachment; filename=\"c.txt\"")
        .response_cache_control("no-store")
        .await
        .unwrap();
    assert_eq!(
        overridden.header("content-type"),
        Some("application/x-test")
    );
    assert_eq!(overridden.meta.cache_control.as_deref(), Some("no-store"));
    assert_eq!(
        overridden.meta.content_disposition.as_deref(),
        Some("attachment; filename=\"c.txt\"")
    );
}

#[tokio::test]
async fn put_options_and_content_types() {
    use oss_client::model::{Acl, ServerSideEncryption, StorageClass};
    use std::time::{Duration, UNIX_EPOCH};
    let env = Env::start().await;
    let bucket = env.bucket().await;
    for (key, expected) in [
        ("p.png", "image/png"),
        ("page.HTML", "text/html"),
        ("noext", "application/octet-stream"),
        ("d.json", "application/json"),
    ] {
        bucket.put_object(key, "x").await.unwrap();
        let meta = bucket.head_object(key).await.unwrap();
        assert_eq!(meta.content_type.as_deref(), Some(expected), "{key}");
    }
    let expires = UNIX_EPOCH + Duration::from_secs(2_000_000_000);
    bucket
        .put_object("full.bin", "payload")
        .content_type("application/x-custom")
        .cache_control("max-age=60")
        .content_disposition("inline")
        .content_encoding("identity")
        .content_language("en")
        .expires(expires)
        .meta("Author", "alice")
        .meta("team", "storage")
        .acl(Acl::PublicRead)
        .storage_class(StorageClass::Ia)
        .tag("project", "oss rs")
        .tag("tier", "1")
        .server_side_encryption(ServerSideEncryption::Aes256)
        .header("x-oss-request-payer", "requester")
        .content_md5(true)
        .await
        .unwrap();
    let meta = bucket.head_object("full.bin").await.unwrap();
    assert_eq!(meta.content_type.as_deref(), Some("application/x-custom"));
    assert_eq!(meta.cache_control.as_deref(), Some("max-age=60"));
    assert_eq!(meta.content_disposition.as_deref(), Some("inline"));
    assert_eq!(meta.content_encoding.as_deref(), Some("identity"));
    assert_eq!(meta.content_language.as_deref(), Some("en"));
    assert_eq!(
        meta.expires.as_deref(),
        Some("Wed, 18 May 2033 03:33:20 GMT")
    );
    assert_eq!(meta.user_meta("author"), Some("alice"));
    assert_eq!(meta.user_meta("team"), Some("storage"));
    assert_eq!(meta.storage_class, Some(StorageClass::Ia));
    assert_eq!(meta.tagging_count, Some(2));
    assert_eq!(
        bucket.get_object_acl("full.bin").await.unwrap().grant,
        Acl::PublicRead
    );
    let tags = bucket.get_object_tagging("full.bin").await.unwrap();
    assert_eq!(tags.get("project"), Some("oss rs"));

    // forbid-overwrite refuses a second upload.
    let error = bucket
        .put_object("full.bin", "other")
        .forbid_overwrite(true)
        .await
        .unwrap_err();
    assert!(error.is_conflict());
    assert_eq!(error.code(), Some("FileAlreadyExists"));
}

#[tokio::test]
async fn streams_up_and_down() {
    use bytes::Bytes;
    use tokio::io::AsyncReadExt;
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let bytes = data(300_000, 3);
    let chunks = || -> Chunks {
        Chunks(
            bytes
                .chunks(7_000)
                .map(|c| Ok(Bytes::copy_from_slice(c)))
                .collect(),
        )
    };
    let put = bucket
        .put_object("s.bin", Body::from_stream(chunks(), 300_000))
        .await
        .unwrap();
    assert_eq!(put.crc64, Some(oss_checksum::crc64::checksum(&bytes)));
    bucket
        .put_object("u.bin", Body::from_stream_unknown_length(chunks()))
        .await
        .unwrap();

    let object = bucket.get_object("u.bin").await.unwrap();
    assert_eq!(object.body.exact_length(), Some(300_000));
    let mut reader = object.body.into_async_read();
    let mut read = Vec::new();
    reader.read_to_end(&mut read).await.unwrap();
    assert_eq!(read, bytes);

    let mut body = bucket.get_object("s.bin").await.unwrap().body;
    let mut streamed = Vec::new();
    while let Some(chunk) = crate::support::next(&mut body).await {
        streamed.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(streamed, bytes);

    // A stream that ends early fails, and nothing is stored.
    let short: Vec<Result<Bytes, std::io::Error>> = vec![Ok(Bytes::from_static(b"abc"))];
    let error = bucket
        .put_object("short.bin", Body::from_stream(Chunks(short.into()), 10))
        .await
        .unwrap_err();
    assert!(
        error.is_integrity() || error.kind() == ErrorKind::Transport,
        "{error}"
    );
    assert!(!bucket.object_exists("short.bin").await.unwrap());
}

/// A stream of prepared chunks.
pub struct Chunks(pub std::collections::VecDeque<Result<bytes::Bytes, std::io::Error>>);

impl futures_core::Stream for Chunks {
    type Item = Result<bytes::Bytes, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.0.pop_front())
    }
}

#[tokio::test]
async fn delete_multiple_verbose_and_quiet() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let keys = ["d/1", "d/a b", "d/ctrl\u{2}", "d/中"];
    for key in keys {
        bucket.put_object(key, "x").await.unwrap();
    }
    let result = bucket
        .delete_objects(keys[..3].iter().copied())
        .key("d/missing")
        .await
        .unwrap();
    let mut deleted: Vec<&str> = result.deleted.iter().map(|d| d.key.as_str()).collect();
    deleted.sort();
    assert_eq!(deleted, ["d/1", "d/a b", "d/ctrl\u{2}", "d/missing"]);
    let quiet = bucket.delete_objects(["d/中"]).quiet(true).await.unwrap();
    assert!(quiet.deleted.is_empty());
    assert!(bucket
        .list_objects()
        .prefix("d/")
        .await
        .unwrap()
        .contents
        .is_empty());
}

#[tokio::test]
async fn copy_same_and_cross_bucket() {
    use oss_client::model::MetadataDirective;
    let env = Env::start().await;
    let source = env.bucket().await;
    let target = env.bucket().await;
    source
        .put_object("src/a b.txt", "copy me")
        .meta("origin", "source")
        .await
        .unwrap();

    let copied = source
        .copy_object("src/a b.txt", "dst/same.txt")
        .await
        .unwrap();
    assert!(!copied.etag.as_str().is_empty());
    let meta = source.head_object("dst/same.txt").await.unwrap();
    assert_eq!(meta.user_meta("origin"), Some("source"));

    target
        .copy_object("src/a b.txt", "replaced.json")
        .source_bucket(source.name())
        .metadata_directive(MetadataDirective::Replace)
        .meta("origin", "replaced")
        .await
        .unwrap();
    let meta = target.head_object("replaced.json").await.unwrap();
    assert_eq!(meta.user_meta("origin"), Some("replaced"));
    assert_eq!(meta.content_type.as_deref(), Some("application/json"));
    let body = target
        .get_object("replaced.json")
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&body[..], b"copy me");

    let error = target
        .copy_object("src/a b.txt", "never.txt")
        .source_bucket(source.name())
        .if_match("\"00000000000000000000000000000000\"")
        .await
        .unwrap_err();
    assert!(error.is_precondition_failed(), "{error}");
    let etag = source
        .head_object("src/a b.txt")
        .await
        .unwrap()
        .etag
        .clone()
        .unwrap();
    target
        .copy_object("src/a b.txt", "conditional.txt")
        .source_bucket(source.name())
        .if_match(etag)
        .await
        .unwrap();
    let error = source.copy_object("missing", "x").await.unwrap_err();
    assert!(error.is_not_found());
}

#[tokio::test]
async fn forbid_overwrite_after_ambiguous_failure() {
    use crate::proxy::Action;
    let env = crate::support::ProxiedEnv::start().await;
    let bucket = env.bucket().await;
    // Applied, answer lost, retried: the object is there, and it is ours.
    env.proxy.rule("PUT", "", Action::ApplyThenDrop, 1);
    let put = bucket
        .put_object("once.txt", "mine")
        .forbid_overwrite(true)
        .await
        .unwrap();
    assert_eq!(put.crc64, Some(oss_checksum::crc64::checksum(b"mine")));
    // Someone else's object under the key: the conflict stands.
    bucket.put_object("taken.txt", "theirs").await.unwrap();
    env.proxy.rule("PUT", "", Action::ApplyThenDrop, 1);
    let error = bucket
        .put_object("taken.txt", "mine")
        .forbid_overwrite(true)
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("FileAlreadyExists"));
    assert!(error.retried_after_ambiguous_failure());
}

#[tokio::test]
async fn v1_signing_end_to_end() {
    let env = Env::with(
        oss_server::ServerConfig::new(),
        oss_client::SignatureVersion::V1,
    )
    .await;
    let bucket = env.bucket().await;
    let key = "v1/a b+c.txt";
    bucket
        .put_object(key, "signed with V1")
        .meta("m", "1")
        .await
        .unwrap();
    let body = bucket
        .get_object(key)
        .response_content_type("text/x-v1")
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&body[..], b"signed with V1");
    assert_eq!(
        bucket
            .list_objects_v2()
            .prefix("v1/")
            .await
            .unwrap()
            .key_count,
        1
    );
    let id = bucket
        .initiate_multipart_upload("v1/mp")
        .await
        .unwrap()
        .upload_id
        .clone();
    let part = bucket.upload_part("v1/mp", &id, 1, "part").await.unwrap();
    bucket
        .complete_multipart_upload("v1/mp", &id)
        .parts([part.completed_part()])
        .await
        .unwrap();
    bucket.delete_objects([key, "v1/mp"]).await.unwrap();
    assert!(!bucket.object_exists(key).await.unwrap());
}
