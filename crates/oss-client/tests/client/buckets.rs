//! Bucket operations and ListBuckets.

use oss_client::model::{Acl, DataRedundancyType, StorageClass};

use crate::support::{next, unique, Env};

#[tokio::test]
async fn create_inspect_and_delete() {
    let env = Env::start().await;
    let bucket = env.client.bucket(unique("made"));
    assert!(!bucket.exists().await.unwrap());
    let created = bucket
        .put_bucket()
        .acl(Acl::PublicRead)
        .storage_class(StorageClass::Ia)
        .data_redundancy(DataRedundancyType::Lrs)
        .await
        .unwrap();
    assert!(created.request_id().is_some());
    assert!(bucket.exists().await.unwrap());

    let info = bucket.get_bucket_info().await.unwrap();
    assert_eq!(info.bucket.name, bucket.name());
    assert_eq!(info.bucket.storage_class, Some(StorageClass::Ia));
    assert_eq!(info.bucket.acl, Some(Acl::PublicRead));
    let location = bucket.get_bucket_location().await.unwrap();
    assert_eq!(location.location, "oss-cn-hangzhou");

    bucket.put_object("a", "12345").await.unwrap();
    let stat = bucket.get_bucket_stat().await.unwrap();
    assert_eq!((stat.object_count, stat.storage), (1, 5));

    assert_eq!(
        bucket.get_bucket_acl().await.unwrap().grant,
        Acl::PublicRead
    );
    bucket.put_bucket_acl(Acl::Private).await.unwrap();
    assert_eq!(bucket.get_bucket_acl().await.unwrap().grant, Acl::Private);

    // Not empty: refused.
    let error = bucket.delete_bucket().await.unwrap_err();
    assert!(error.is_conflict(), "{error}");
    bucket.delete_object("a").await.unwrap();
    bucket.delete_bucket().await.unwrap();
    assert!(!bucket.exists().await.unwrap());
    assert!(bucket.get_bucket_info().await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn list_buckets_pages() {
    let env = Env::start().await;
    let prefix = unique("lb");
    for i in 0..5 {
        env.client
            .bucket(format!("{prefix}-{i}"))
            .put_bucket()
            .await
            .unwrap();
    }
    env.client
        .bucket(unique("other"))
        .put_bucket()
        .await
        .unwrap();

    let page = env
        .client
        .list_buckets()
        .prefix(&prefix)
        .max_keys(2)
        .await
        .unwrap();
    assert_eq!(page.buckets.len(), 2);
    assert_eq!(page.is_truncated, Some(true));

    let mut pages = env
        .client
        .list_buckets()
        .prefix(&prefix)
        .max_keys(2)
        .into_paginator();
    let mut names = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next_page().await {
        count += 1;
        names.extend(page.unwrap().buckets.iter().map(|b| b.name.clone()));
    }
    assert!(pages.is_done());
    assert_eq!(count, 3);
    let expected: Vec<String> = (0..5).map(|i| format!("{prefix}-{i}")).collect();
    assert_eq!(names, expected);

    let mut items = env
        .client
        .list_buckets()
        .prefix(&prefix)
        .max_keys(3)
        .into_paginator()
        .items();
    let first = next(&mut items).await.unwrap().unwrap();
    assert_eq!(first.name, expected[0]);
    let mut rest = 0;
    while let Some(item) = next(&mut items).await {
        item.unwrap();
        rest += 1;
    }
    assert_eq!(rest, 4);
}
