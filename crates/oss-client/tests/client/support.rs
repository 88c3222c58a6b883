//! A local oss-server per test, and a client pointed at it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use oss_client::{Bucket, Client, RetryStrategy, SignatureVersion};
use oss_server::{ServerConfig, ServerHandle};

/// A running server and a client for it.
pub struct Env {
    pub server: ServerHandle,
    pub client: Client,
}

impl Env {
    /// A server in memory and a V4 client.
    pub async fn start() -> Env {
        Self::with(ServerConfig::new(), SignatureVersion::V4).await
    }

    /// A server from `config` and a client signing with `version`.
    pub async fn with(config: ServerConfig, version: SignatureVersion) -> Env {
        let server = config.start().await.expect("the server starts");
        let client = client_for(&server, version);
        Env { server, client }
    }

    /// A new bucket with a unique name.
    pub async fn bucket(&self) -> Bucket {
        let bucket = self.client.bucket(unique("bucket"));
        bucket.put_bucket().await.expect("the bucket is created");
        bucket
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

/// A fresh temporary directory (removed by the caller when it matters).
pub fn temp_dir(prefix: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(unique(&format!("oss-client-{prefix}")));
    std::fs::create_dir_all(&dir).expect("the temporary directory is created");
    dir
}

/// Deterministic test data.
pub fn data(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[3] ^ seed)
        .collect()
}

/// Polls a stream to its next item without a combinator crate.
pub async fn next<S: futures_core::Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| std::pin::Pin::new(&mut *stream).poll_next(cx)).await
}

/// A raw HTTP/1.1 request (for presigned URLs): status, headers, body.
pub async fn raw_request(
    method: &str,
    url: &str,
    headers: &[(String, String)],
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
        request = request.header(name.as_str(), value.as_str());
    }
    let request = request.body(Full::new(bytes::Bytes::from(body))).unwrap();
    let response = sender.send_request(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = body.collect().await.unwrap().to_bytes().to_vec();
    (parts.status.as_u16(), parts.headers, body)
}

/// A server, a proxy in front of it, and a client that goes through the proxy.
pub struct ProxiedEnv {
    /// Kept so that the server lives as long as the test.
    pub _server: ServerHandle,
    pub proxy: crate::proxy::Proxy,
    pub client: Client,
}

impl ProxiedEnv {
    pub async fn start() -> ProxiedEnv {
        let server = ServerConfig::new().start().await.unwrap();
        let proxy = crate::proxy::Proxy::start(server.addr()).await;
        let client = Client::builder()
            .endpoint(proxy.endpoint())
            .region(server.region())
            .credentials(server.credentials()[0].clone())
            .retry(RetryStrategy::standard().with_base_delay(Duration::from_millis(5)))
            .build()
            .unwrap();
        ProxiedEnv {
            _server: server,
            proxy,
            client,
        }
    }

    pub async fn bucket(&self) -> Bucket {
        let bucket = self.client.bucket(unique("bucket"));
        bucket.put_bucket().await.unwrap();
        bucket
    }
}
