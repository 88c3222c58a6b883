//! object_store's own conformance suite (`object_store::integration`), every function that
//! applies to a remote store, against oss-server on a loopback socket: one server and one
//! fresh bucket per function. The functions that cannot apply are listed in the README
//! with the reason; `put_get_attributes` is run here with metadata names OSS allows.

mod support;

use object_store::integration;
use object_store::multipart::MultipartStore;
use object_store::path::Path;
use object_store::{Attribute, Attributes, ObjectStore, ObjectStoreExt, PutMultipartOptions};
use oss_client::model::VersioningStatus;
use oss_client::SignatureVersion;
use support::Env;

#[tokio::test]
async fn put_get_delete_list() {
    let env = Env::start().await;
    integration::put_get_delete_list(&env.store).await;
}

#[tokio::test]
async fn put_get_delete_list_signed_with_v1() {
    let env = Env::signing(SignatureVersion::V1).await;
    integration::put_get_delete_list(&env.store).await;
}

#[tokio::test]
async fn get_opts() {
    let env = Env::start().await;
    integration::get_opts(&env.store).await;
}

#[tokio::test]
async fn get_opts_of_a_versioned_bucket_reads_an_older_version() {
    let env = Env::start().await;
    env.store
        .bucket()
        .put_bucket_versioning(VersioningStatus::Enabled)
        .await
        .unwrap();
    // With versions, get_opts also reads the previous version by its id.
    let path = Path::from("test");
    env.store.put(&path, "one".into()).await.unwrap();
    assert!(env.store.head(&path).await.unwrap().version.is_some());
    integration::get_opts(&env.store).await;
}

#[tokio::test]
async fn put_opts_creates_and_refuses_conditional_updates() {
    let env = Env::start().await;
    // OSS has forbid-overwrite for PutMode::Create and no conditional PutObject.
    integration::put_opts(&env.store, false).await;
}

#[tokio::test]
async fn stream_get() {
    let env = Env::start().await;
    integration::stream_get(&env.store).await;
}

#[tokio::test]
async fn list_uses_directories_correctly() {
    let env = Env::start().await;
    integration::list_uses_directories_correctly(&env.store).await;
}

#[tokio::test]
async fn list_with_delimiter() {
    let env = Env::start().await;
    integration::list_with_delimiter(&env.store).await;
}

#[tokio::test]
async fn list_with_offset_exclusivity() {
    let env = Env::start().await;
    integration::list_with_offset_exclusivity(&env.store).await;
}

#[tokio::test]
async fn list_paginated() {
    let env = Env::start().await;
    integration::list_paginated(&env.store, &env.store).await;
}

#[tokio::test]
async fn get_nonexistent_object() {
    let env = Env::start().await;
    let err = integration::get_nonexistent_object(&env.store, None)
        .await
        .unwrap_err();
    assert!(matches!(err, object_store::Error::NotFound { .. }), "{err}");
}

#[tokio::test]
async fn rename_and_copy() {
    let env = Env::start().await;
    integration::rename_and_copy(&env.store).await;
}

#[tokio::test]
async fn copy_if_not_exists() {
    let env = Env::start().await;
    integration::copy_if_not_exists(&env.store).await;
}

#[tokio::test]
async fn copy_rename_nonexistent_object() {
    let env = Env::start().await;
    integration::copy_rename_nonexistent_object(&env.store).await;
}

#[tokio::test]
async fn multipart() {
    let env = Env::start().await;
    integration::multipart(&env.store, &env.store).await;
}

/// `integration::multipart_with_opts` with a metadata name OSS allows (its own,
/// `test_key`, holds `_`).
#[tokio::test]
async fn multipart_with_opts_with_a_name_oss_allows() {
    let env = Env::start().await;
    let (store, multipart): (&dyn ObjectStore, &dyn MultipartStore) = (&env.store, &env.store);
    let path = Path::from("test_multipart_with_opts");
    let chunk_size = 5 * 1024 * 1024;
    let chunks = [vec![1u8; chunk_size], vec![2u8; chunk_size]];
    let attributes =
        Attributes::from_iter([(Attribute::Metadata("test-key".into()), "test_value")]);
    let opts = PutMultipartOptions {
        attributes: attributes.clone(),
        ..Default::default()
    };
    let id = multipart.create_multipart_opts(&path, opts).await.unwrap();
    let mut parts = Vec::new();
    for (idx, chunk) in chunks.into_iter().enumerate() {
        let part = multipart.put_part(&path, &id, idx, chunk.into()).await;
        parts.push(part.unwrap());
    }
    multipart
        .complete_multipart(&path, &id, parts)
        .await
        .unwrap();
    let result = store.get(&path).await.unwrap();
    assert_eq!(result.meta.size, chunk_size as u64 * 2);
    for (attribute, value) in &attributes {
        assert_eq!(result.attributes.get(attribute), Some(value));
    }
}

#[tokio::test]
async fn multipart_put_part_out_of_order() {
    let env = Env::start().await;
    integration::multipart_put_part_out_of_order(&env.store, &env.store).await;
}

#[tokio::test]
async fn multipart_race_condition() {
    let env = Env::start().await;
    // Both uploads complete on OSS; the one completed last is the object.
    integration::multipart_race_condition(&env.store, true).await;
}

#[tokio::test]
async fn multipart_out_of_order() {
    let env = Env::start().await;
    integration::multipart_out_of_order(&env.store).await;
}

/// `integration::put_get_attributes` with metadata names OSS allows: its own names
/// (`test_key`, `key_with_spaces`) hold `_`, which OSS does not take in user metadata.
#[tokio::test]
async fn put_get_attributes_with_names_oss_allows() {
    let env = Env::start().await;
    let store = &env.store;
    let attributes = Attributes::from_iter([
        (Attribute::CacheControl, "max-age=604800"),
        (
            Attribute::ContentDisposition,
            r#"attachment; filename="test.html""#,
        ),
        (Attribute::ContentEncoding, "gzip"),
        (Attribute::ContentLanguage, "en-US"),
        (Attribute::ContentType, "text/html; charset=utf-8"),
        (Attribute::Metadata("test-key".into()), "test_value"),
        (
            Attribute::Metadata("key-with-spaces".into()),
            "hello   world",
        ),
    ]);

    let path = Path::from("attributes");
    store
        .put_opts(&path, "foo".into(), attributes.clone().into())
        .await
        .unwrap();
    let r = store.get(&path).await.unwrap();
    assert_eq!(r.attributes, attributes);

    let mut w = store
        .put_multipart_opts(&path, attributes.clone().into())
        .await
        .unwrap();
    w.put_part("foo".into()).await.unwrap();
    w.complete().await.unwrap();
    let r = store.get(&path).await.unwrap();
    assert_eq!(r.attributes, attributes);
    assert_eq!(r.bytes().await.unwrap(), "foo");

    // Another storage class is an attribute too; head reads the attributes' object.
    let cold = Attributes::from_iter([(Attribute::StorageClass, "IA")]);
    store
        .put_opts(&path, "bar".into(), cold.clone().into())
        .await
        .unwrap();
    let r = store.get(&path).await.unwrap();
    assert_eq!(
        r.attributes
            .get(&Attribute::StorageClass)
            .map(|v| v.as_ref()),
        Some("IA")
    );
}

/// What `integration::put_get_attributes` asks for is refused, not renamed: OSS allows no
/// `_` in a metadata name, and nothing is written.
#[tokio::test]
async fn metadata_names_oss_refuses_are_errors() {
    let env = Env::start().await;
    let attributes = Attributes::from_iter([(Attribute::Metadata("test_key".into()), "v")]);
    let path = Path::from("attributes");
    let err = env
        .store
        .put_opts(&path, "foo".into(), attributes.clone().into())
        .await
        .unwrap_err();
    assert!(matches!(err, object_store::Error::Generic { .. }), "{err}");
    assert!(err.to_string().contains("test_key"), "{err}");
    let err = env
        .store
        .put_multipart_opts(&path, attributes.into())
        .await
        .unwrap_err();
    assert!(matches!(err, object_store::Error::Generic { .. }), "{err}");
    let err = env.store.head(&path).await.unwrap_err();
    assert!(matches!(err, object_store::Error::NotFound { .. }), "{err}");
}

/// A copy keeps what object_store calls attributes, whether it may overwrite or not.
#[tokio::test]
async fn copies_keep_the_attributes() {
    let env = Env::start().await;
    let store = &env.store;
    let attributes = Attributes::from_iter([
        (Attribute::ContentType, "text/csv"),
        (Attribute::CacheControl, "no-cache"),
        (Attribute::StorageClass, "IA"),
        (Attribute::Metadata("origin".into()), "sensor-7"),
    ]);
    let from = Path::from("raw/data.csv");
    store
        .put_opts(&from, "a,b\n".into(), attributes.clone().into())
        .await
        .unwrap();
    for (to, create) in [
        (Path::from("copy/one.csv"), false),
        (Path::from("copy/two.csv"), true),
    ] {
        if create {
            store.copy_if_not_exists(&from, &to).await.unwrap();
        } else {
            store.copy(&from, &to).await.unwrap();
        }
        let copied = store.get(&to).await.unwrap();
        assert_eq!(copied.attributes, attributes, "{to}");
        assert_eq!(copied.bytes().await.unwrap(), "a,b\n");
    }
}
