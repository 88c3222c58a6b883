//! Upload and download: bytes, a file, metadata, progress, a download to a file.
//!
//! Runs against a local oss-server that the example starts itself, so it needs no account:
//! `cargo run -p oss-client --example upload_download`.

use oss_client::{Body, Client};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A local OSS-compatible server; with a real account use `Client::from_env()` instead.
    let server = oss_server::ServerConfig::new().start().await?;
    let client = Client::builder()
        .endpoint(server.endpoint())
        .region(server.region())
        .credentials(server.credentials()[0].clone())
        .build()?;
    let bucket = client.bucket("example-bucket");
    bucket.put_bucket().await?;

    // Bytes, with metadata; Content-Type is guessed from the key.
    let put = bucket
        .put_object("notes/hello.txt", "Hello, OSS!")
        .meta("author", "example")
        .cache_control("no-cache")
        .await?;
    println!(
        "uploaded notes/hello.txt: ETag {}, request id {}",
        put.etag.as_ref().map_or("-", |etag| etag.as_str()),
        put.request_id().unwrap_or("-")
    );

    // Read it back into memory (checked against the object's CRC-64).
    let object = bucket.get_object("notes/hello.txt").await?;
    println!(
        "downloaded {:?} ({:?}, author {:?})",
        String::from_utf8_lossy(&object.body.bytes().await?),
        object.meta.content_type,
        object.meta.user_meta("author")
    );

    // A file, with progress.
    let dir = std::env::temp_dir().join(format!("oss-client-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let local = dir.join("data.bin");
    std::fs::write(&local, vec![42u8; 3 << 20])?;
    bucket
        .put_object("data/data.bin", Body::from_file(&local))
        .progress(|p| {
            if p.transferred == p.total.unwrap_or(0) {
                println!("upload done: {} bytes", p.transferred);
            }
        })
        .await?;

    // Into a file: written beside the target and renamed into place when complete.
    let copy = dir.join("copy.bin");
    let meta = bucket.get_object("data/data.bin").to_file(&copy).await?;
    println!(
        "saved {} ({:?} bytes, identical: {})",
        copy.display(),
        meta.content_length,
        std::fs::read(&copy)? == std::fs::read(&local)?
    );

    let head = bucket.head_object("data/data.bin").await?;
    println!(
        "HeadObject: {:?} bytes, CRC-64 {:?}",
        head.content_length, head.crc64ecma
    );

    bucket
        .delete_objects(["notes/hello.txt", "data/data.bin"])
        .await?;
    println!(
        "exists after delete: {}",
        bucket.object_exists("notes/hello.txt").await?
    );
    bucket.delete_bucket().await?;
    std::fs::remove_dir_all(&dir)?;
    server.shutdown().await;
    Ok(())
}
