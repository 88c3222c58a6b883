//! ListObjects and ListObjectsV2: options, paging, and URL-encoded names.

use std::collections::BTreeSet;

use oss_client::Paginator;

use crate::support::{next, Env};

/// Keys a plain XML listing could not carry, or that encode surprisingly.
const ODD_KEYS: &[&str] = &[
    "odd/a b+c%d.txt",
    "odd/ctrl\u{1}char",
    "odd/line\nbreak",
    "odd/中文/é.txt",
    "odd/amp&lt;<>'\"",
];

#[tokio::test]
async fn prefixes_delimiters_and_odd_keys() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    for key in ["a/1", "a/2", "a/b/3", "b/4", "c"].iter().chain(ODD_KEYS) {
        bucket.put_object(*key, "x").await.unwrap();
    }

    let v1 = bucket
        .list_objects()
        .prefix("a/")
        .delimiter("/")
        .await
        .unwrap();
    let keys: Vec<&str> = v1.contents.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, ["a/1", "a/2"]);
    assert_eq!(v1.common_prefixes[0].prefix, "a/b/");
    assert_eq!(v1.prefix, "a/");

    let v2 = bucket.list_objects_v2().delimiter("/").await.unwrap();
    let dirs: Vec<&str> = v2
        .common_prefixes
        .iter()
        .map(|p| p.prefix.as_str())
        .collect();
    assert_eq!(dirs, ["a/", "b/", "odd/"]);
    assert_eq!(v2.contents.len(), 1);
    assert_eq!(v2.key_count, 4);

    // Names come back decoded, whatever they hold.
    let odd: BTreeSet<String> = bucket
        .list_objects_v2()
        .prefix("odd/")
        .into_paginator()
        .collect_items()
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.key)
        .collect();
    assert_eq!(odd, ODD_KEYS.iter().map(|k| k.to_string()).collect());
    let odd_v1: BTreeSet<String> = bucket
        .list_objects()
        .prefix("odd/")
        .into_paginator()
        .collect_items()
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.key)
        .collect();
    assert_eq!(odd, odd_v1);

    // Without encoding-type, plain keys still list.
    let plain = bucket
        .list_objects()
        .prefix("a/")
        .url_encoding(false)
        .await
        .unwrap();
    assert_eq!(plain.contents.len(), 3);
    assert!(plain.encoding_type.is_none());
}

#[tokio::test]
async fn options_and_paging() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let keys: Vec<String> = (0..23).map(|i| format!("k/{i:03}")).collect();
    for key in &keys {
        bucket.put_object(key.as_str(), "x").await.unwrap();
    }

    let after = bucket.list_objects_v2().start_after("k/020").await.unwrap();
    assert_eq!(after.contents.len(), 2);
    let owner = bucket
        .list_objects_v2()
        .max_keys(1)
        .fetch_owner(true)
        .await
        .unwrap();
    assert!(owner.contents[0].owner.is_some());
    let marker = bucket.list_objects().marker("k/021").await.unwrap();
    assert_eq!(marker.contents.len(), 1);

    // V1 page by page with markers.
    let mut pages: Paginator<_> = bucket.list_objects().max_keys(5).into_paginator();
    let mut seen = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next_page().await {
        let page = page.unwrap();
        assert!(page.contents.len() <= 5);
        seen.extend(page.contents.iter().map(|o| o.key.clone()));
        count += 1;
    }
    assert_eq!(count, 5);
    assert_eq!(seen, keys);

    // V2 with continuation tokens, as an item stream.
    let mut items = bucket
        .list_objects_v2()
        .max_keys(7)
        .into_paginator()
        .items();
    let mut streamed = Vec::new();
    while let Some(object) = next(&mut items).await {
        streamed.push(object.unwrap().key);
    }
    assert_eq!(streamed, keys);

    // The paginator is lazy: nothing is fetched before it is polled.
    let pages = bucket.list_objects_v2().into_paginator();
    assert!(!pages.is_done());
    drop(pages);
}
