//! A multipart upload: initiate, upload parts concurrently, list them, complete; and
//! cleaning up an abandoned upload.
//!
//! Runs against a local oss-server that the example starts itself:
//! `cargo run -p oss-client --example multipart`.

use oss_client::Client;

const PART_SIZE: usize = 1 << 20;

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

    let data: Vec<u8> = (0..5 * PART_SIZE + 1234).map(|i| (i % 251) as u8).collect();
    let upload = bucket
        .initiate_multipart_upload("videos/big.mp4")
        .meta("source", "example")
        .await?;
    let id = upload.upload_id.clone();
    println!("upload {id} started");

    // Parts in parallel: the client is cheap to clone and its futures are Send.
    let mut tasks = Vec::new();
    for (index, chunk) in data.chunks(PART_SIZE).enumerate() {
        let bucket = bucket.clone();
        let (id, chunk) = (id.clone(), chunk.to_vec());
        tasks.push(tokio::spawn(async move {
            bucket
                .upload_part("videos/big.mp4", id, index as u32 + 1, chunk)
                .await
        }));
    }
    let mut parts = Vec::new();
    for task in tasks {
        let part = task.await??;
        println!(
            "part {} stored, ETag {}",
            part.part_number,
            part.etag.as_str()
        );
        parts.push(part.completed_part());
    }

    let listed = bucket.list_parts("videos/big.mp4", &id).await?;
    println!("{} parts listed", listed.parts.len());
    let done = bucket
        .complete_multipart_upload("videos/big.mp4", &id)
        .parts(parts)
        .await?;
    println!(
        "completed: ETag {}, CRC-64 {:?}",
        done.etag.as_str(),
        done.crc64
    );
    let stored = bucket
        .get_object("videos/big.mp4")
        .await?
        .body
        .bytes()
        .await?;
    println!(
        "read back {} bytes, identical: {}",
        stored.len(),
        stored[..] == data[..]
    );

    // An abandoned upload, found by listing and aborted.
    bucket.initiate_multipart_upload("tmp/abandoned").await?;
    for upload in bucket
        .list_multipart_uploads()
        .into_paginator()
        .collect_items()
        .await?
    {
        println!("aborting {} ({})", upload.key, upload.upload_id);
        bucket
            .abort_multipart_upload(&upload.key, &upload.upload_id)
            .await?;
    }
    server.shutdown().await;
    Ok(())
}
