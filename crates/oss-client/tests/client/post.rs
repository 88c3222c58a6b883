//! PostObject: forms signed by `Bucket::post_form` (V4 and V1, with an STS token), posted by
//! `Bucket::post_object` to oss-server over real sockets, and read back.

use std::time::Duration;

use oss_client::ops::post::{PostFile, PostPolicy};
use oss_client::{Credentials, SignatureVersion};
use oss_server::ServerConfig;

use crate::support::{data, Env};

#[tokio::test]
async fn signed_forms_upload_with_their_fields_v4_and_v1() {
    for version in [SignatureVersion::V4, SignatureVersion::V1] {
        let env = Env::with(ServerConfig::new(), version).await;
        let bucket = env.bucket().await;
        let policy = PostPolicy::new(Duration::from_secs(600))
            .key_starts_with("uploads/")
            .content_length_range(1, 1000)
            .content_type_starts_with("image/")
            .meta("Owner", "alice")
            .success_action_status(201);
        let form = bucket.post_form(&policy).await.unwrap();
        assert!(form.url.contains(bucket.name()), "{}", form.url);
        assert_eq!(form.field("key"), Some("uploads/${filename}"));
        assert!(form
            .policy
            .contains(&format!("{{\"bucket\":\"{}\"}}", bucket.name())));
        let form = form.with_field("Content-Type", "image/png");
        let file = PostFile::from_bytes(data(500, 1)).content_type("application/x-ignored");
        let posted = bucket.post_object(&form, "cat.png", file).await.unwrap();
        let response = posted.response.clone().expect("201 has a PostResponse");
        assert_eq!(response.key, "uploads/cat.png");
        assert_eq!(response.bucket, bucket.name());
        let head = bucket.head_object("uploads/cat.png").await.unwrap();
        assert_eq!(posted.etag, head.etag, "{version:?}");
        assert_eq!(head.content_type.as_deref(), Some("image/png"));
        assert_eq!(head.user_meta("owner"), Some("alice"));
        let body = bucket.get_object("uploads/cat.png").await.unwrap().body;
        assert_eq!(&body.bytes().await.unwrap()[..], &data(500, 1)[..]);

        // The page may not leave the policy: another prefix, another type, a larger file.
        let refusals = [
            (
                form.clone().with_field("key", "elsewhere/x"),
                10,
                "AccessDenied",
            ),
            (
                form.clone().with_field("Content-Type", "text/plain"),
                10,
                "AccessDenied",
            ),
            (
                form.clone().with_field("key", "uploads/big"),
                1001,
                "EntityTooLarge",
            ),
            (
                form.clone().with_field("key", "uploads/empty"),
                0,
                "EntityTooSmall",
            ),
        ];
        for (form, size, code) in refusals {
            let file = PostFile::from_bytes(data(size, 2));
            let error = bucket.post_object(&form, "f", file).await.unwrap_err();
            assert_eq!(error.code(), Some(code), "{version:?}: {error}");
        }
        for key in ["elsewhere/x", "uploads/big", "uploads/empty", "uploads/f"] {
            assert!(
                !bucket.object_exists(key).await.unwrap(),
                "{key} was stored"
            );
        }
    }
}

#[tokio::test]
async fn a_redirecting_form_and_a_streamed_file() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let policy = PostPolicy::new(Duration::from_secs(60))
        .key("streamed.bin")
        .success_action_redirect("http://app.example/done");
    let form = bucket.post_form(&policy).await.unwrap();
    let content = data(300_000, 3);
    let reader = std::io::Cursor::new(content.clone());
    let posted = bucket
        .post_object(&form, "local.bin", PostFile::from_reader(reader, 300_000))
        .await
        .unwrap();
    assert!(posted.redirected);
    let body = bucket.get_object("streamed.bin").await.unwrap().body;
    assert_eq!(&body.bytes().await.unwrap()[..], &content[..]);

    // A reader shorter than it said: the upload fails and stores nothing.
    let form = bucket
        .post_form(&PostPolicy::new(Duration::from_secs(60)).key("short.bin"))
        .await
        .unwrap();
    let reader = std::io::Cursor::new(vec![1u8; 10]);
    let error = bucket
        .post_object(&form, "short", PostFile::from_reader(reader, 100))
        .await
        .unwrap_err();
    assert!(!error.is_validation(), "{error}");
    assert!(!bucket.object_exists("short.bin").await.unwrap());
}

#[tokio::test]
async fn temporary_credentials_sign_with_their_token() {
    let credentials = Credentials::new("sts-ak", "sts-sk").with_security_token("sts-token");
    for version in [SignatureVersion::V4, SignatureVersion::V1] {
        // The server's only credential needs its token; the client signs with it.
        let config = ServerConfig::new().credential(credentials.clone());
        let env = Env::with(config, version).await;
        let bucket = env.bucket().await;
        let form = bucket
            .post_form(&PostPolicy::new(Duration::from_secs(60)).key("sts.txt"))
            .await
            .unwrap();
        assert!(form.fields.iter().any(|(_, v)| v == "sts-token"));
        bucket
            .post_object(&form, "sts.txt", PostFile::from_bytes("by sts"))
            .await
            .unwrap();
        assert!(bucket.object_exists("sts.txt").await.unwrap());

        // Without its token the form is refused, whatever the policy says.
        let mut stripped = form.clone();
        stripped.fields.retain(|(_, v)| v != "sts-token");
        let error = bucket
            .post_object(&stripped, "again.txt", PostFile::from_bytes("x"))
            .await
            .unwrap_err();
        assert_eq!(
            error.code(),
            Some("InvalidAccessKeyId"),
            "{version:?}: {error}"
        );
    }
}
