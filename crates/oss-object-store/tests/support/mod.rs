//! An oss-server per test on a loopback socket, and a store on a fresh bucket of it.

// Each test file uses part of this module.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use oss_client::{Client, RetryStrategy, SignatureVersion};
use oss_object_store::{OssObjectStore, OssObjectStoreBuilder};
use oss_server::{ServerConfig, ServerHandle};

/// A running server and a store on an empty bucket of it.
pub struct Env {
    /// Kept so that the server lives as long as the test.
    pub server: ServerHandle,
    pub store: OssObjectStore,
}

impl Env {
    /// A V4-signing store.
    pub async fn start() -> Env {
        Self::signing(SignatureVersion::V4).await
    }

    /// A store signing with `version`.
    pub async fn signing(version: SignatureVersion) -> Env {
        let server = ServerConfig::new()
            .start()
            .await
            .expect("the server starts");
        let store = OssObjectStoreBuilder::new()
            .with_client(client_for(&server, version))
            .with_bucket_name(unique("objstore"))
            .build()
            .expect("the store builds");
        store
            .bucket()
            .put_bucket()
            .await
            .expect("the bucket is created");
        Env { server, store }
    }
}

/// A client for `server`, retrying quickly.
pub fn client_for(server: &ServerHandle, version: SignatureVersion) -> Client {
    Client::builder()
        .endpoint(server.endpoint())
        .region(server.region())
        .credentials(server.credentials()[0].clone())
        .signature_version(version)
        .retry(RetryStrategy::standard().with_base_delay(Duration::from_millis(5)))
        .build()
        .expect("the client builds")
}

/// A name no other test uses.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A raw HTTP/1.1 request (for presigned URLs): status, headers and body.
pub async fn raw_request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> (u16, http::HeaderMap, Vec<u8>) {
    use http_body_util::{BodyExt, Full};
    let uri: http::Uri = url.parse().expect("a valid URL");
    let authority = uri.authority().expect("an absolute URL").to_string();
    let stream = tokio::net::TcpStream::connect(&authority).await.unwrap();
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .unwrap();
    tokio::spawn(connection);
    let mut request = http::Request::builder()
        .method(method)
        .uri(uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"))
        .header("host", authority);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Full::new(bytes::Bytes::from(body))).unwrap();
    let response = sender.send_request(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = body.collect().await.unwrap().to_bytes().to_vec();
    (parts.status.as_u16(), parts.headers, body)
}
