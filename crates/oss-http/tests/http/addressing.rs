//! Addressing against a live server: virtual-hosted, path style (IP, localhost, forced),
//! CNAME, custom ports and key encoding, all with verified signatures.

use std::time::Duration;

use oss_http::{AddressingStyle, HttpClient, OssRequest};

use crate::support::{test_credentials, Action, BucketFrom, MockServer, Recorded, Reply};

fn verified(r: &Recorded) -> Action {
    match &r.verified {
        Some(Ok(())) => Action::Respond(Reply::ok()),
        Some(Err(e)) => Action::Respond(Reply::error(e.http_status(), e.code())),
        None => Action::Respond(Reply::ok()),
    }
}

fn builder(endpoint: String) -> oss_http::ClientConfigBuilder {
    oss_http::ClientConfig::builder()
        .endpoint(endpoint)
        .region("cn-hangzhou")
        .credentials_provider(test_credentials())
        .proxy(oss_http::proxy::ProxyConfig::none())
        .retry(oss_http::RetryStrategy::none())
}

#[tokio::test]
async fn virtual_hosted_style_for_domains() {
    let domain = "oss-cn-hangzhou.aliyuncs.com";
    let server = MockServer::builder()
        .verify(
            "cn-hangzhou",
            BucketFrom::HostSuffix(domain.into()),
            Duration::ZERO,
        )
        .start(verified)
        .await;
    let port = server.address().port();
    // The bucket's host name is pinned to the mock: nothing is resolved or sent elsewhere.
    let client = HttpClient::new(
        builder(format!("http://{domain}:{port}"))
            .resolve(format!("examplebucket.{domain}"), server.address())
            .build()
            .unwrap(),
    )
    .unwrap();
    client
        .send(OssRequest::get().bucket("examplebucket").key("dir/a b.txt"))
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(
        request.header("host"),
        Some(format!("examplebucket.{domain}:{port}").as_str())
    );
    assert_eq!(request.target, "/dir/a%20b.txt");
    assert_eq!(request.bucket.as_deref(), Some("examplebucket"));
    assert!(matches!(request.verified, Some(Ok(()))), "{request:?}");
}

#[tokio::test]
async fn path_style_for_ip_addresses_and_localhost() {
    let server = MockServer::builder()
        .verify("cn-hangzhou", BucketFrom::Path, Duration::ZERO)
        .start(verified)
        .await;
    let port = server.address().port();
    for endpoint in [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ] {
        let client = HttpClient::new(builder(endpoint).build().unwrap()).unwrap();
        client
            .send(
                OssRequest::get()
                    .bucket("examplebucket")
                    .key("a/b c/\u{fc}+%.txt"),
            )
            .await
            .unwrap();
    }
    for request in server.requests() {
        assert_eq!(request.target, "/examplebucket/a/b%20c/%C3%BC%2B%25.txt");
        assert_eq!(request.key.as_deref(), Some("a/b c/\u{fc}+%.txt"));
        assert!(matches!(request.verified, Some(Ok(()))), "{request:?}");
    }
}

#[tokio::test]
async fn path_style_on_request_for_a_domain() {
    let domain = "oss-cn-hangzhou.aliyuncs.com";
    let server = MockServer::builder()
        .verify("cn-hangzhou", BucketFrom::Path, Duration::ZERO)
        .start(verified)
        .await;
    let client = HttpClient::new(
        builder(format!("http://{domain}:{}", server.address().port()))
            .addressing_style(AddressingStyle::Path)
            .resolve(domain, server.address())
            .build()
            .unwrap(),
    )
    .unwrap();
    client
        .send(OssRequest::put().bucket("examplebucket").key("k").body("x"))
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.target, "/examplebucket/k");
    assert!(matches!(request.verified, Some(Ok(()))), "{request:?}");
}

#[tokio::test]
async fn cname_uses_the_host_as_is_and_still_signs_the_bucket() {
    let server = MockServer::builder()
        .verify(
            "cn-hangzhou",
            BucketFrom::Fixed("examplebucket".into()),
            Duration::ZERO,
        )
        .start(verified)
        .await;
    let port = server.address().port();
    let client = HttpClient::new(
        builder(format!("http://static.example.com:{port}"))
            .addressing_style(AddressingStyle::Cname)
            .resolve("static.example.com", server.address())
            .build()
            .unwrap(),
    )
    .unwrap();
    client
        .send(
            OssRequest::get()
                .bucket("examplebucket")
                .key("img/logo.png"),
        )
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(
        request.header("host"),
        Some(format!("static.example.com:{port}").as_str())
    );
    assert_eq!(request.target, "/img/logo.png");
    assert!(matches!(request.verified, Some(Ok(()))), "{request:?}");

    // Signed without the bucket, the server would refuse it.
    let server = MockServer::builder()
        .verify(
            "cn-hangzhou",
            BucketFrom::Fixed("otherbucket".into()),
            Duration::ZERO,
        )
        .start(verified)
        .await;
    let client = HttpClient::new(
        builder(format!(
            "http://static.example.com:{}",
            server.address().port()
        ))
        .addressing_style(AddressingStyle::Cname)
        .resolve("static.example.com", server.address())
        .build()
        .unwrap(),
    )
    .unwrap();
    let error = client
        .send(
            OssRequest::get()
                .bucket("examplebucket")
                .key("img/logo.png"),
        )
        .await
        .unwrap_err();
    assert!(error.is_signature_mismatch());
}
