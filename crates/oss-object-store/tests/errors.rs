//! Errors by meaning, from oss-server's real answers: bad keys are `Unauthenticated`, a
//! refusal `PermissionDenied`, a missing bucket `NotFound`; a body that fails its CRC check
//! is an error of the stream, never wrong data; a listed key that is no `object_store`
//! path is an error of that item.

mod support;

use object_store::path::Path;
use object_store::{Error, ObjectStoreExt};
use oss_client::{Client, Credentials, SignatureVersion};
use oss_object_store::OssObjectStoreBuilder;
use oss_server::faults::Fault;
use support::Env;

fn store_with(env: &Env, credentials: Credentials) -> oss_object_store::OssObjectStore {
    let config = env.store.bucket().client().config();
    let client = Client::builder()
        .endpoint(config.endpoint().to_string())
        .region(config.region().unwrap_or_default())
        .credentials(credentials)
        .signature_version(SignatureVersion::V4)
        .build()
        .unwrap();
    OssObjectStoreBuilder::new()
        .with_client(client)
        .with_bucket_name(env.store.bucket().name())
        .build()
        .unwrap()
}

#[tokio::test]
async fn bad_keys_are_unauthenticated() {
    let env = Env::start().await;
    let path = Path::from("a");
    env.store.put(&path, "a".into()).await.unwrap();
    let good = env.server.credentials()[0].clone();

    let wrong_secret = store_with(
        &env,
        Credentials::new(good.access_key_id(), "not-the-secret"),
    );
    let err = wrong_secret.get(&path).await.unwrap_err();
    assert!(matches!(err, Error::Unauthenticated { .. }), "{err}");

    let unknown_key = store_with(&env, Credentials::new("unknown-key-id", "secret"));
    let err = unknown_key.put(&path, "b".into()).await.unwrap_err();
    assert!(matches!(err, Error::Unauthenticated { .. }), "{err}");
    let stored = env.store.get(&path).await.unwrap().bytes().await.unwrap();
    assert_eq!(stored, "a");
}

#[tokio::test]
async fn a_refusal_is_permission_denied() {
    let env = Env::start().await;
    let path = Path::from("secret/plan.txt");
    env.store.put(&path, "plan".into()).await.unwrap();
    env.server
        .faults()
        .add(Fault::error(403).operation("GetObject").key("secret/*"));
    let err = env.store.get(&path).await.unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
}

#[tokio::test]
async fn a_missing_bucket_is_not_found() {
    let env = Env::start().await;
    let missing = OssObjectStoreBuilder::new()
        .with_client(env.store.bucket().client().clone())
        .with_bucket_name("no-such-bucket-here")
        .build()
        .unwrap();
    let err = missing.head(&Path::from("a")).await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
}

#[tokio::test]
async fn a_corrupted_body_fails_when_read() {
    let env = Env::start().await;
    let path = Path::from("data.bin");
    let data = vec![7u8; 64 * 1024];
    env.store.put(&path, data.into()).await.unwrap();
    env.server
        .faults()
        .add(Fault::corrupt(1000).operation("GetObject"));
    let result = env.store.get(&path).await;
    let err = match result {
        Ok(body) => body.bytes().await.unwrap_err(),
        Err(err) => err,
    };
    assert!(matches!(err, Error::Generic { .. }), "{err}");
}

#[tokio::test]
async fn a_failing_service_is_a_generic_error_and_writes_nothing() {
    let env = Env::start().await;
    env.server
        .faults()
        .add(Fault::error(500).operation("PutObject"));
    let path = Path::from("a");
    let err = env.store.put(&path, "a".into()).await.unwrap_err();
    assert!(matches!(err, Error::Generic { .. }), "{err}");
    env.server.faults().clear();
    let err = env.store.head(&path).await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
}

#[tokio::test]
async fn a_key_that_is_no_path_is_an_error_of_its_listing_item() {
    use futures_util::{StreamExt, TryStreamExt};
    use object_store::ObjectStore;
    let env = Env::start().await;
    // Written by another client: an empty segment is no object_store path.
    env.store.bucket().put_object("a//b", "x").await.unwrap();
    env.store.put(&Path::from("c"), "c".into()).await.unwrap();
    let items: Vec<_> = env.store.list(None).collect::<Vec<_>>().await;
    assert_eq!(items.len(), 2);
    let err = items[0].as_ref().unwrap_err();
    assert!(matches!(err, Error::InvalidPath { .. }), "{err}");
    assert_eq!(items[1].as_ref().unwrap().location, Path::from("c"));
    let err = env
        .store
        .list(None)
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidPath { .. }), "{err}");
}
