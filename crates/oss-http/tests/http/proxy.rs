//! Proxies: absolute-form requests for HTTP, CONNECT tunnels for HTTPS, NO_PROXY bypass.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use oss_http::proxy::{NoProxy, ProxyConfig};
use oss_http::{HttpClient, OssRequest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::support::{
    test_credentials, tls_client_config, tls_server_config, Action, BucketFrom, MockServer, Reply,
};

#[tokio::test]
async fn plain_http_goes_to_the_proxy_in_absolute_form() {
    let domain = "oss-cn-hangzhou.aliyuncs.com";
    // The mock plays the proxy: it receives the absolute-form request and answers it.
    let proxy = MockServer::builder()
        .verify(
            "cn-hangzhou",
            BucketFrom::HostSuffix(domain.into()),
            Duration::ZERO,
        )
        .start(|r| match &r.verified {
            Some(Ok(())) => Action::Respond(Reply::ok()),
            _ => Action::Respond(Reply::error(403, "SignatureDoesNotMatch")),
        })
        .await;
    let proxy_url = format!("http://user:pa%3Ass@{}", proxy.address());
    let client = HttpClient::new(
        oss_http::ClientConfig::builder()
            .endpoint(format!("http://{domain}"))
            .credentials_provider(test_credentials())
            .proxy(ProxyConfig::none().with_http(&proxy_url).unwrap())
            .build()
            .unwrap(),
    )
    .unwrap();
    client
        .send(OssRequest::get().bucket("examplebucket").key("k"))
        .await
        .unwrap();
    let request = &proxy.requests()[0];
    assert_eq!(request.target, format!("http://examplebucket.{domain}/k"));
    // "user:pa:ss"
    assert_eq!(
        request.header("proxy-authorization"),
        Some("Basic dXNlcjpwYTpzcw==")
    );
    assert!(matches!(request.verified, Some(Ok(()))), "{request:?}");
}

/// A minimal CONNECT proxy: records the request head, then tunnels to `target`.
async fn connect_proxy(
    target: std::net::SocketAddr,
) -> (std::net::SocketAddr, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = heads.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if client.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                seen.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&head).into_owned());
                let mut upstream = TcpStream::connect(target).await.unwrap();
                client
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await
                    .unwrap();
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            });
        }
    });
    (address, heads)
}

#[tokio::test]
async fn https_goes_through_a_connect_tunnel() {
    let server = MockServer::builder()
        .tls(tls_server_config())
        .verify("cn-hangzhou", BucketFrom::Path, Duration::ZERO)
        .start(|r| match &r.verified {
            Some(Ok(())) => Action::Respond(Reply::object("through the tunnel")),
            _ => Action::Respond(Reply::error(403, "SignatureDoesNotMatch")),
        })
        .await;
    let (proxy_address, heads) = connect_proxy(server.address()).await;
    let port = server.address().port();
    let client = HttpClient::new(
        oss_http::ClientConfig::builder()
            .endpoint(format!("https://localhost:{port}"))
            .region("cn-hangzhou")
            .credentials_provider(test_credentials())
            .tls_config(tls_client_config())
            .proxy(
                ProxyConfig::none()
                    .with_https(&format!("http://u:p@{proxy_address}"))
                    .unwrap(),
            )
            .build()
            .unwrap(),
    )
    .unwrap();
    // Loopback destinations are never proxied, as in Go: this goes directly.
    let body = client
        .send(OssRequest::get().bucket("examplebucket").key("k"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&body[..], b"through the tunnel");
    assert!(
        heads.lock().unwrap().is_empty(),
        "loopback must bypass the proxy"
    );

    // A non-loopback name is tunnelled: the client never resolves it, the proxy connects
    // to the mock.
    let client = HttpClient::new(
        oss_http::ClientConfig::builder()
            .endpoint(format!("https://oss-test.example:{port}"))
            .region("cn-hangzhou")
            .credentials_provider(test_credentials())
            .tls_config(tls_client_config())
            .proxy(
                ProxyConfig::none()
                    .with_https(&format!("http://u:p@{proxy_address}"))
                    .unwrap(),
            )
            .addressing_style(oss_http::AddressingStyle::Path)
            .retry(oss_http::RetryStrategy::none())
            .build()
            .unwrap(),
    )
    .unwrap();
    let error = client
        .send(OssRequest::get().bucket("examplebucket").key("k"))
        .await
        .unwrap_err();
    // The tunnel worked (the proxy saw CONNECT); the certificate is for localhost, not
    // oss-test.example, so TLS verification refuses it, which is the point of verifying.
    let heads = heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 1);
    assert!(
        heads[0].starts_with(&format!("CONNECT oss-test.example:{port} HTTP/1.1\r\n")),
        "{heads:?}"
    );
    assert!(heads[0].contains("Proxy-Authorization: Basic dTpw\r\n"));
    assert_eq!(error.kind(), oss_http::ErrorKind::Transport, "{error:?}");
    assert!(
        !error.is_retryable(),
        "a certificate failure is not retried"
    );
}

#[tokio::test]
async fn no_proxy_hosts_connect_directly() {
    let domain = "oss-cn-hangzhou.aliyuncs.com";
    let server = MockServer::start(|_| Action::Respond(Reply::ok())).await;
    let dead_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let proxy = ProxyConfig::from_lookup(|name| match name {
        "HTTP_PROXY" => Some(format!("http://127.0.0.1:{dead_port}")),
        "NO_PROXY" => Some(".aliyuncs.com".to_owned()),
        _ => None,
    });
    let client = HttpClient::new(
        oss_http::ClientConfig::builder()
            .endpoint(format!("http://{domain}:{}", server.address().port()))
            .credentials_provider(test_credentials())
            .proxy(proxy.with_no_proxy(NoProxy::parse(".aliyuncs.com")))
            .resolve(format!("examplebucket.{domain}"), server.address())
            .build()
            .unwrap(),
    )
    .unwrap();
    client
        .send(OssRequest::get().bucket("examplebucket").key("k"))
        .await
        .unwrap();
    assert_eq!(server.requests()[0].target, "/k");
}
