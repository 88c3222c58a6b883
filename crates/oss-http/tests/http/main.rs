//! Transport tests over real sockets: a scriptable hyper mock server on 127.0.0.1 (see
//! `support.rs`) plays OSS, a fake metadata service, a proxy or a TLS server. Nothing of the
//! client's own transport is mocked.

mod addressing;
mod ecs;
mod integrity;
mod observers;
mod proxy;
mod redaction;
mod resume;
mod retries;
mod signing;
mod support;
mod timeouts;
mod tls;
mod transport;

use std::time::Duration;

use oss_http::proxy::ProxyConfig;
use oss_http::{ClientConfig, ClientConfigBuilder, HttpClient, RetryStrategy};

use support::{test_credentials, MockServer};

/// Fast retries so that tests run quickly: 3 attempts, 1 ms base, 20 ms cap.
pub fn fast_retries() -> RetryStrategy {
    RetryStrategy::standard()
        .with_base_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(20))
}

/// A configuration for the mock server: path style (IP endpoint), V4 in cn-hangzhou, no
/// proxy, fast retries.
pub fn config_for(server: &MockServer) -> ClientConfigBuilder {
    ClientConfig::builder()
        .endpoint(server.url())
        .region("cn-hangzhou")
        .credentials_provider(test_credentials())
        .proxy(ProxyConfig::none())
        .retry(fast_retries())
}

/// A client for the mock server with [`config_for`]'s settings.
pub fn client_for(server: &MockServer) -> HttpClient {
    HttpClient::new(config_for(server).build().unwrap()).unwrap()
}

/// The client is cheap to clone, shareable across threads, and its futures can be spawned.
#[tokio::test]
async fn the_client_is_send_sync_and_its_futures_spawn() {
    fn assert_send_sync_clone<T: Send + Sync + Clone>() {}
    fn assert_send_sync<T: Send + Sync>() {}
    fn assert_send<T: Send>() {}
    assert_send_sync_clone::<HttpClient>();
    assert_send_sync::<oss_http::OssRequest>();
    assert_send::<oss_http::OssResponse>();
    assert_send::<oss_http::ResponseBody>();
    assert_send_sync::<oss_http::Error>();
    let server =
        MockServer::start(|_| support::Action::Respond(support::Reply::object("spawned"))).await;
    let client = client_for(&server);
    let tasks: Vec<_> = (0..4)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                let request = oss_http::OssRequest::get()
                    .bucket("examplebucket")
                    .key(format!("k{i}"));
                let response = client.send(request).await.unwrap();
                response.into_body().bytes().await.unwrap()
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(&task.await.unwrap()[..], b"spawned");
    }
}
