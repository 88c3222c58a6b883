//! Presigned URLs: a download link and an upload link, used with a plain HTTP request.
//!
//! Runs against a local oss-server that the example starts itself:
//! `cargo run -p oss-client --example presign`.

use std::time::Duration;

use oss_client::{Body, Client, PresignOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
    bucket
        .put_object("shared/report.txt", "quarterly numbers")
        .await?;

    // A download link valid for an hour (V4).
    let get = bucket
        .get_object("shared/report.txt")
        .presign(PresignOptions::expires_in(Duration::from_secs(3600)))
        .await?;
    println!("GET {}\n  expires {:?}", get.url, get.expiration);
    let (status, body) = send(get.method.as_str(), &get.url, &[], b"").await?;
    println!("  -> {status}: {:?}", String::from_utf8_lossy(&body));

    // An upload link (V1 here); the signed headers must be sent with it.
    let put = bucket
        .put_object("incoming/photo.jpg", Body::empty())
        .meta("uploaded-by", "browser")
        .presign(PresignOptions::default().v1())
        .await?;
    println!("PUT {}\n  with headers {:?}", put.url, put.signed_headers);
    let (status, _) = send("PUT", &put.url, &put.signed_headers, b"\xff\xd8 jpeg bytes").await?;
    println!("  -> {status}");
    let meta = bucket.head_object("incoming/photo.jpg").await?;
    println!(
        "stored: {:?}, {:?}",
        meta.content_type,
        meta.user_meta("uploaded-by")
    );
    server.shutdown().await;
    Ok(())
}

/// A minimal HTTP/1.1 request over TCP, standing in for a browser or `curl`.
async fn send(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> std::io::Result<(String, Vec<u8>)> {
    let rest = url.strip_prefix("http://").expect("a local http URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = tokio::net::TcpStream::connect(host).await?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await?;
    stream.write_all(body).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(response.len());
    let status = String::from_utf8_lossy(&response[..split])
        .lines()
        .next()
        .unwrap_or("")
        .to_owned();
    Ok((status, response.get(split + 4..).unwrap_or(&[]).to_vec()))
}
