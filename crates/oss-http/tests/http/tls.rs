//! TLS: certificates are verified by default; custom roots are honoured.

use std::time::Duration;

use oss_http::{ErrorKind, HttpClient, OssRequest};

use crate::support::{
    test_credentials, tls_client_config, tls_server_config, Action, MockServer, Reply,
};

async fn tls_server() -> MockServer {
    MockServer::builder()
        .tls(tls_server_config())
        .start(|_| Action::Respond(Reply::object("secure")))
        .await
}

fn builder(endpoint: String) -> oss_http::ClientConfigBuilder {
    oss_http::ClientConfig::builder()
        .endpoint(endpoint)
        .region("cn-hangzhou")
        .credentials_provider(test_credentials())
        .proxy(oss_http::proxy::ProxyConfig::none())
        .retry(crate::fast_retries())
        .connect_timeout(Duration::from_secs(5))
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused_by_default() {
    let server = tls_server().await;
    let client = HttpClient::new(
        builder(format!("https://localhost:{}", server.address().port()))
            .build()
            .unwrap(),
    )
    .unwrap();
    let error = client
        .send(OssRequest::get().bucket("examplebucket").key("k"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error:?}");
    assert!(!error.is_retryable());
    assert_eq!(error.attempts(), 1);
    assert!(error.to_string().contains("TLS"), "{error}");
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn a_custom_root_is_trusted() {
    let server = tls_server().await;
    let port = server.address().port();
    for endpoint in [
        format!("https://localhost:{port}"),
        format!("https://127.0.0.1:{port}"),
    ] {
        let client = HttpClient::new(
            builder(endpoint)
                .tls_config(tls_client_config())
                .build()
                .unwrap(),
        )
        .unwrap();
        let body = client
            .send(OssRequest::get().bucket("examplebucket").key("k"))
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert_eq!(&body[..], b"secure");
    }
}
