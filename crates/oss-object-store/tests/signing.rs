//! `Signer`: presigned URLs used by a plain HTTP client (no credentials, no extra header)
//! against oss-server, with V4 and V1 signatures; a changed URL and an unsupported method
//! are refused.

mod support;

use std::time::Duration;

use object_store::path::Path;
use object_store::signer::{Method, Signer};
use object_store::ObjectStoreExt;
use oss_client::SignatureVersion;
use support::{raw_request, Env};

const HOUR: Duration = Duration::from_secs(3600);

async fn presigned_urls_work_alone(version: SignatureVersion) {
    let env = Env::signing(version).await;
    let store = &env.store;
    let path = Path::from("signed/hello world.txt");

    // PUT: a URL and a body, nothing else.
    let put = store.signed_url(Method::PUT, &path, HOUR).await.unwrap();
    let (status, _, body) = raw_request("PUT", put.as_str(), &[], b"hello".to_vec()).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let stored = store.get(&path).await.unwrap().bytes().await.unwrap();
    assert_eq!(stored, "hello");

    // GET, whole and ranged.
    let get = store.signed_url(Method::GET, &path, HOUR).await.unwrap();
    let (status, _, body) = raw_request("GET", get.as_str(), &[], Vec::new()).await;
    assert_eq!((status, body.as_slice()), (200, b"hello".as_slice()));
    let (status, _, body) =
        raw_request("GET", get.as_str(), &[("range", "bytes=1-2")], Vec::new()).await;
    assert_eq!((status, body.as_slice()), (206, b"el".as_slice()));

    // HEAD.
    let head = store.signed_url(Method::HEAD, &path, HOUR).await.unwrap();
    let (status, headers, _) = raw_request("HEAD", head.as_str(), &[], Vec::new()).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-length"], "5");

    // A URL signed for one key does not open another.
    let other = get.as_str().replace("hello%20world", "other");
    assert_ne!(other, get.as_str());
    let (status, _, _) = raw_request("GET", &other, &[], Vec::new()).await;
    assert_eq!(status, 403);
    // Nor for another method.
    let (status, _, _) = raw_request("DELETE", get.as_str(), &[], Vec::new()).await;
    assert_eq!(status, 403);

    // DELETE.
    let delete = store.signed_url(Method::DELETE, &path, HOUR).await.unwrap();
    let (status, _, _) = raw_request("DELETE", delete.as_str(), &[], Vec::new()).await;
    assert_eq!(status, 204);
    let err = store.head(&path).await.unwrap_err();
    assert!(matches!(err, object_store::Error::NotFound { .. }), "{err}");
}

#[tokio::test]
async fn presigned_urls_v4() {
    presigned_urls_work_alone(SignatureVersion::V4).await;
}

#[tokio::test]
async fn presigned_urls_v1() {
    presigned_urls_work_alone(SignatureVersion::V1).await;
}

#[tokio::test]
async fn presigned_urls_of_several_paths() {
    let env = Env::start().await;
    let paths = [Path::from("a"), Path::from("b/c")];
    for path in &paths {
        env.store.put(path, path.to_string().into()).await.unwrap();
    }
    let urls = env
        .store
        .signed_urls(Method::GET, &paths, HOUR)
        .await
        .unwrap();
    for (path, url) in paths.iter().zip(urls) {
        let (status, _, body) = raw_request("GET", url.as_str(), &[], Vec::new()).await;
        assert_eq!((status, body.as_slice()), (200, path.as_ref().as_bytes()));
    }
}

#[tokio::test]
async fn what_cannot_be_presigned_is_refused() {
    let env = Env::start().await;
    let path = Path::from("a");
    let err = env
        .store
        .signed_url(Method::POST, &path, HOUR)
        .await
        .unwrap_err();
    assert!(
        matches!(err, object_store::Error::NotSupported { .. }),
        "{err}"
    );
    // V4 URLs live at most 7 days.
    let err = env
        .store
        .signed_url(Method::GET, &path, Duration::from_secs(8 * 86_400))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("7 days"), "{err}");
}

#[tokio::test]
async fn a_presigned_upload_with_signed_headers_needs_them() {
    use object_store::signer::{HeaderName, HeaderValue, SignedUrlOptions};
    use object_store::Attribute;
    use oss_client::model::headers::META_PREFIX;
    let env = Env::start().await;
    let meta_via = format!("{META_PREFIX}via");
    let path = Path::from("upload/photo");
    let options = SignedUrlOptions::new()
        .with_signed_header(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("image/jpeg"),
        )
        .with_signed_header(
            HeaderName::from_bytes(meta_via.as_bytes()).unwrap(),
            HeaderValue::from_static("presigned"),
        );
    let put = env
        .store
        .signed_url_opts(Method::PUT, &path, HOUR, &options)
        .await
        .unwrap();
    let (status, _, _) = raw_request("PUT", put.as_str(), &[], b"jpeg".to_vec()).await;
    assert_eq!(status, 403, "without the signed headers");
    let headers = [
        ("content-type", "image/jpeg"),
        (meta_via.as_str(), "presigned"),
    ];
    let (status, _, body) = raw_request("PUT", put.as_str(), &headers, b"jpeg".to_vec()).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let got = env.store.get(&path).await.unwrap();
    assert_eq!(
        got.attributes
            .get(&Attribute::ContentType)
            .map(|v| v.as_ref()),
        Some("image/jpeg")
    );
    assert_eq!(
        got.attributes
            .get(&Attribute::Metadata("via".into()))
            .map(|v| v.as_ref()),
        Some("presigned")
    );

    let query = SignedUrlOptions::new().with_query([("partNumber", "1")]);
    let err = env
        .store
        .signed_url_opts(Method::PUT, &path, HOUR, &query)
        .await
        .unwrap_err();
    assert!(
        matches!(err, object_store::Error::NotSupported { .. }),
        "{err}"
    );
}
