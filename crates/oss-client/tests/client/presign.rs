//! Presigned URLs, used with a plain HTTP client.

use std::time::Duration;

use oss_client::{Body, Client, PresignOptions, SignatureVersion, ValidationKind};

use crate::support::{raw_request, Env};

#[tokio::test]
async fn presigned_get_put_and_list_v4_and_v1() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    bucket.put_object("doc/a b.txt", "shared").await.unwrap();
    for options in [PresignOptions::default(), PresignOptions::default().v1()] {
        let get = bucket
            .get_object("doc/a b.txt")
            .response_content_type("text/x-shared")
            .presign(options)
            .await
            .unwrap();
        assert_eq!(get.method, http::Method::GET);
        assert!(get.signed_headers.is_empty());
        let (status, headers, body) = raw_request("GET", &get.url, &[], vec![]).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        assert_eq!(body, b"shared");
        assert_eq!(headers["content-type"], "text/x-shared");

        // Upload: the signed headers (Content-Type, metadata) must be sent.
        let put = bucket
            .put_object("upload.jpg", Body::empty())
            .meta("via", "presigned")
            .presign(options)
            .await
            .unwrap();
        assert_eq!(put.method, http::Method::PUT);
        let names: Vec<&str> = put.signed_headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["content-type", "x-oss-meta-via"]);
        let (status, _, _) = raw_request("PUT", &put.url, &[], b"jpeg".to_vec()).await;
        assert_eq!(status, 403, "without the signed headers");
        let (status, _, body) =
            raw_request("PUT", &put.url, &put.signed_headers, b"jpeg".to_vec()).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        let meta = bucket.head_object("upload.jpg").await.unwrap();
        assert_eq!(meta.content_type.as_deref(), Some("image/jpeg"));
        assert_eq!(meta.user_meta("via"), Some("presigned"));

        let list = bucket
            .list_objects_v2()
            .prefix("doc/")
            .presign(options)
            .await
            .unwrap();
        let (status, _, body) = raw_request("GET", &list.url, &[], vec![]).await;
        assert_eq!(status, 200);
        assert!(String::from_utf8_lossy(&body).contains("doc/a%20b.txt"));
    }
}

#[tokio::test]
async fn a_presigned_upload_without_a_guessed_content_type_signs_no_header() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    for options in [PresignOptions::default(), PresignOptions::default().v1()] {
        let put = bucket
            .put_object("photo.jpg", Body::empty())
            .guess_content_type(false)
            .presign(options)
            .await
            .unwrap();
        assert!(put.signed_headers.is_empty(), "{:?}", put.signed_headers);
        let (status, _, body) = raw_request("PUT", &put.url, &[], b"jpeg".to_vec()).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        let meta = bucket.head_object("photo.jpg").await.unwrap();
        // The service's default, not the type the key's extension suggests.
        assert_ne!(meta.content_type.as_deref(), Some("image/jpeg"));
    }
}

#[tokio::test]
async fn expiry_rules() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    bucket.put_object("k", "v").await.unwrap();
    let default = bucket
        .get_object("k")
        .presign(PresignOptions::new())
        .await
        .unwrap();
    let left = default
        .expiration
        .duration_since(std::time::SystemTime::now())
        .unwrap();
    assert!(left <= Duration::from_secs(900) && left > Duration::from_secs(890));
    assert!(default.url.contains("x-oss-expires=900"));

    let week = Duration::from_secs(7 * 24 * 3600);
    assert!(bucket
        .get_object("k")
        .presign(PresignOptions::expires_in(week))
        .await
        .is_ok());
    let error = bucket
        .get_object("k")
        .presign(PresignOptions::expires_in(week + Duration::from_secs(1)))
        .await
        .unwrap_err();
    assert_eq!(
        error.validation_error().unwrap().kind(),
        ValidationKind::Expiry
    );
    // V1 has no such limit.
    let v1 = bucket
        .get_object("k")
        .presign(PresignOptions::expires_in(week * 4).v1())
        .await
        .unwrap();
    assert!(v1.url.contains("Expires="));
    let error = bucket
        .get_object("k")
        .presign(PresignOptions::expires_in(Duration::ZERO))
        .await
        .unwrap_err();
    assert!(error.is_validation());

    // An expired URL is refused.
    let past = std::time::SystemTime::now() - Duration::from_secs(3600);
    let expired = bucket
        .get_object("k")
        .presign(PresignOptions::expires_in(Duration::from_secs(60)).signing_time(past))
        .await
        .unwrap();
    let (status, _, _) = raw_request("GET", &expired.url, &[], vec![]).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn addressing_and_anonymous_clients() {
    let env = Env::start().await;
    // Virtual-hosted addressing puts the bucket in the host; V1 clients presign V1.
    let client = Client::builder()
        .endpoint("oss-cn-hangzhou.aliyuncs.com")
        .credentials(oss_auth::Credentials::new("ak", "sk"))
        .signature_version(SignatureVersion::V1)
        .build()
        .unwrap();
    let url = client
        .bucket("examplebucket")
        .get_object("a/b c.txt")
        .presign(PresignOptions::default())
        .await
        .unwrap()
        .url;
    assert!(
        url.starts_with("https://examplebucket.oss-cn-hangzhou.aliyuncs.com/a/b%20c.txt?"),
        "{url}"
    );
    assert!(url.contains("OSSAccessKeyId=ak"));

    let anonymous = Client::builder()
        .endpoint(env.server.endpoint())
        .anonymous()
        .build()
        .unwrap();
    let error = anonymous
        .bucket("abc")
        .get_object("k")
        .presign(PresignOptions::default())
        .await
        .unwrap_err();
    assert!(error.is_validation());
}
