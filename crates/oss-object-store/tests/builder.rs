//! The builder against a running oss-server: the settings oss-client reads from the
//! environment (here from a lookup) plus keys and a bucket make a working store.

mod support;

use object_store::path::Path;
use object_store::ObjectStoreExt;
use oss_object_store::OssObjectStoreBuilder;
use oss_server::ServerConfig;

#[tokio::test]
async fn a_store_from_environment_settings_reads_and_writes() {
    let server = ServerConfig::new().start().await.unwrap();
    let keys = server.credentials()[0].clone();
    let bucket = support::unique("from-env");
    let vars = [
        ("OSS_ENDPOINT", server.endpoint().to_owned()),
        ("OSS_REGION", server.region().to_owned()),
        ("OSS_BUCKET", bucket.clone()),
    ];
    let store = OssObjectStoreBuilder::from_lookup(|name| {
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    })
    .with_access_key_id(keys.access_key_id())
    .with_secret_access_key(keys.access_key_secret())
    .build()
    .unwrap();
    assert_eq!(store.bucket().name(), bucket);
    store.bucket().put_bucket().await.unwrap();

    let path = Path::from("hello.txt");
    store.put(&path, "hello".into()).await.unwrap();
    let read = store.get(&path).await.unwrap().bytes().await.unwrap();
    assert_eq!(read, "hello");
    assert_eq!(store.to_string(), format!("OssObjectStore({bucket})"));
}
