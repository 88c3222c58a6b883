//! Requests that break a rule are refused before anything is sent: the client points at a
//! port nobody listens on, so a request that went out would fail with a transport error.

use oss_client::model::Tagging;
use oss_client::{ByteRange, Client, ErrorKind, PresignOptions, ValidationKind};

fn unreachable_client() -> Client {
    Client::builder()
        .endpoint("http://127.0.0.1:1")
        .region("cn-hangzhou")
        .credentials(oss_auth::Credentials::new("ak", "sk"))
        .build()
        .unwrap()
}

fn kind(result: oss_client::Result<impl Sized>) -> ValidationKind {
    let error = result.err().expect("refused");
    assert_eq!(error.kind(), ErrorKind::Validation, "{error}");
    assert_eq!(error.attempts(), 0);
    error.validation_error().unwrap().kind()
}

#[tokio::test]
async fn invalid_requests_are_not_sent() {
    let client = unreachable_client();
    // The client really cannot reach anything.
    let sent = client.bucket("abc").head_object("k").await.unwrap_err();
    assert_eq!(sent.kind(), ErrorKind::Transport);

    for name in [
        "ab",
        "-abc",
        "abc-",
        "Upper",
        "under_score",
        &"a".repeat(64),
    ] {
        let bucket = client.bucket(name);
        assert_eq!(kind(bucket.put_bucket().await), ValidationKind::BucketName);
        assert_eq!(
            kind(bucket.put_object("k", "v").await),
            ValidationKind::BucketName
        );
    }
    let bucket = client.bucket("good-bucket");
    assert_eq!(kind(bucket.get_object("").await), ValidationKind::ObjectKey);
    assert_eq!(
        kind(bucket.put_object("k".repeat(1024), "v").await),
        ValidationKind::ObjectKey
    );
    assert_eq!(
        kind(bucket.copy_object("", "dst").await),
        ValidationKind::ObjectKey
    );
    assert_eq!(
        kind(bucket.copy_object("k", "dst").source_bucket("Bad").await),
        ValidationKind::BucketName
    );
    assert_eq!(
        kind(bucket.upload_part("k", "id", 0, "x").await),
        ValidationKind::PartNumber
    );
    assert_eq!(
        kind(bucket.upload_part("k", "id", 10_001, "x").await),
        ValidationKind::PartNumber
    );
    assert_eq!(
        kind(bucket.upload_part_copy("k", "id", 10_001, "src").await),
        ValidationKind::PartNumber
    );
    assert_eq!(
        kind(bucket.upload_part("k", "", 1, "x").await),
        ValidationKind::Argument
    );
    assert_eq!(
        kind(
            bucket
                .get_object("k")
                .range(ByteRange::Bounded { first: 5, last: 4 })
                .await
        ),
        ValidationKind::Range
    );
    assert_eq!(
        kind(bucket.get_object("k").range(ByteRange::Suffix(0)).await),
        ValidationKind::Range
    );
    let keys: Vec<String> = (0..1001).map(|i| format!("k{i}")).collect();
    assert_eq!(
        kind(bucket.delete_objects(keys).await),
        ValidationKind::TooManyKeys
    );
    assert_eq!(
        kind(bucket.delete_objects(Vec::<String>::new()).await),
        ValidationKind::TooManyKeys
    );
    assert_eq!(
        kind(bucket.list_objects().max_keys(0).await),
        ValidationKind::PageSize
    );
    assert_eq!(
        kind(bucket.list_objects_v2().max_keys(1001).await),
        ValidationKind::PageSize
    );
    assert_eq!(
        kind(client.list_buckets().max_keys(5000).await),
        ValidationKind::PageSize
    );
    assert_eq!(
        kind(bucket.list_parts("k", "id").max_parts(0).await),
        ValidationKind::PageSize
    );
    assert_eq!(
        kind(bucket.list_multipart_uploads().max_uploads(1001).await),
        ValidationKind::PageSize
    );
    let many = Tagging::new((0..11).map(|i| (format!("k{i}"), "v")));
    let mut request = bucket.put_object("k", "v");
    for tag in many.tags {
        request = request.tag(tag.key, tag.value);
    }
    assert_eq!(kind(request.await), ValidationKind::Tagging);
    assert_eq!(
        kind(bucket.put_object("k", "v").meta("a b", "v").await),
        ValidationKind::UserMetadata
    );
    assert_eq!(
        kind(bucket.put_object("k", "v").meta("a", "caf\u{e9}").await),
        ValidationKind::UserMetadata
    );
    assert_eq!(
        kind(bucket.put_symlink("link", "").await),
        ValidationKind::ObjectKey
    );
    assert_eq!(
        kind(
            bucket
                .get_object("k")
                .presign(PresignOptions::expires_in(std::time::Duration::from_secs(
                    8 * 86400
                )))
                .await
        ),
        ValidationKind::Expiry
    );
    // Presigning an invalid request is refused the same way.
    assert_eq!(
        kind(
            client
                .bucket("B")
                .get_object("k")
                .presign(PresignOptions::default())
                .await
        ),
        ValidationKind::BucketName
    );
}
