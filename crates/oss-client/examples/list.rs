//! Listing with paginators: pages, items as a stream, directories with a delimiter.
//!
//! Runs against a local oss-server that the example starts itself:
//! `cargo run -p oss-client --example list`.

use std::pin::Pin;

use futures_core::Stream;
use oss_client::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = oss_server::ServerConfig::new().start().await?;
    let client = Client::builder()
        .endpoint(server.endpoint())
        .region(server.region())
        .credentials(server.credentials()[0].clone())
        .build()?;
    let bucket = client.bucket("example-bucket");
    bucket.put_bucket().await?;
    for i in 0..25 {
        bucket
            .put_object(format!("logs/2024/{i:02}.log"), "entry")
            .await?;
    }
    bucket.put_object("logs/2023/old.log", "entry").await?;
    bucket.put_object("readme.txt", "hello").await?;

    // Page by page: each page is fetched when asked for.
    let mut pages = bucket
        .list_objects_v2()
        .prefix("logs/2024/")
        .max_keys(10)
        .into_paginator();
    while let Some(page) = pages.next_page().await {
        let page = page?;
        println!(
            "page of {} objects, request id {:?}",
            page.contents.len(),
            page.request_id()
        );
    }

    // Item by item, as a futures `Stream`.
    let mut objects = bucket
        .list_objects()
        .prefix("logs/")
        .max_keys(7)
        .into_paginator()
        .items();
    let mut total = 0u64;
    while let Some(object) = std::future::poll_fn(|cx| Pin::new(&mut objects).poll_next(cx)).await {
        total += object?.size;
    }
    println!("logs/ holds {total} bytes");

    // "Directories": common prefixes under a delimiter.
    let top = bucket.list_objects_v2().delimiter("/").await?;
    for prefix in &top.common_prefixes {
        println!("dir  {}", prefix.prefix);
    }
    for object in &top.contents {
        println!("file {} ({} bytes)", object.key, object.size);
    }

    // Everything at once.
    let all = bucket
        .list_objects_v2()
        .into_paginator()
        .collect_items()
        .await?;
    println!("{} objects in all", all.len());
    let buckets = client
        .list_buckets()
        .into_paginator()
        .collect_items()
        .await?;
    println!(
        "buckets: {:?}",
        buckets.iter().map(|b| &b.name).collect::<Vec<_>>()
    );
    server.shutdown().await;
    Ok(())
}
