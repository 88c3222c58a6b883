//! Signing integration: the mock server checks every signature with oss-auth's verifier;
//! clock-skew correction; SignatureDoesNotMatch diagnostics.

use std::time::Duration;

use oss_auth::verify::VerifyError;
use oss_auth::Credentials;
use oss_http::{HttpClient, OssRequest, SignatureVersion};

use crate::config_for;
use crate::support::{test_credentials, Action, BucketFrom, MockServer, Recorded, Reply};

fn verified(r: &Recorded) -> Action {
    match &r.verified {
        Some(Ok(())) => Action::Respond(Reply::object("verified")),
        Some(Err(e)) => Action::Respond(Reply::error(e.http_status(), e.code())),
        None => Action::Respond(Reply::error(500, "NotVerified")),
    }
}

#[tokio::test]
async fn v4_signatures_verify_on_the_server() {
    let server = MockServer::builder()
        .verify("cn-hangzhou", BucketFrom::Path, Duration::ZERO)
        .start(verified)
        .await;
    let client = HttpClient::new(config_for(&server).build().unwrap()).unwrap();
    let get = OssRequest::get()
        .bucket("examplebucket")
        .key("dir/a b+c.txt")
        .query("versionId", "v 1")
        .header("x-oss-meta-owner", "alice")
        .header("Content-Type", "text/plain");
    assert_eq!(
        &client.send(get).await.unwrap().bytes().await.unwrap()[..],
        b"verified"
    );
    let put = OssRequest::put()
        .bucket("examplebucket")
        .key("object")
        .query("acl", "")
        .header("x-oss-object-acl", "private");
    client.send(put).await.unwrap();
    let list = OssRequest::get()
        .bucket("examplebucket")
        .query("prefix", "dir/");
    client.send(list).await.unwrap();
    let service = OssRequest::get();
    client.send(service).await.unwrap();
    for request in server.requests() {
        assert!(matches!(request.verified, Some(Ok(()))), "{request:?}");
        assert!(request
            .header("authorization")
            .unwrap()
            .starts_with("OSS4-HMAC-SHA256 Credential=test-access-key-id/"));
        assert!(request.header("x-oss-date").is_some());
        assert!(request.header("user-agent").unwrap().starts_with("oss-rs/"));
    }
}

#[tokio::test]
async fn v1_signatures_verify_on_the_server() {
    let server = MockServer::builder()
        .verify("cn-hangzhou", BucketFrom::Path, Duration::ZERO)
        .start(verified)
        .await;
    let client = HttpClient::new(
        config_for(&server)
            .signature_version(SignatureVersion::V1)
            .build()
            .unwrap(),
    )
    .unwrap();
    let put = OssRequest::put()
        .bucket("examplebucket")
        .key("object")
        .header("Content-Type", "text/plain")
        .header("x-oss-meta-a", "1")
        .body("payload")
        .content_md5(true);
    client.send(put).await.unwrap();
    let request = &server.requests()[0];
    assert!(matches!(request.verified, Some(Ok(()))), "{request:?}");
    assert!(request
        .header("authorization")
        .unwrap()
        .starts_with("OSS test-access-key-id:"));
}

#[tokio::test]
async fn sts_tokens_are_sent_and_verified() {
    let sts = Credentials::new("STS.id", "sts-secret").with_security_token("sts-token");
    let server = MockServer::builder()
        .verify("cn-hangzhou", BucketFrom::Path, Duration::ZERO)
        .verify_credentials(sts.clone())
        .start(verified)
        .await;
    let client = HttpClient::new(
        config_for(&server)
            .credentials_provider(sts)
            .build()
            .unwrap(),
    )
    .unwrap();
    client
        .send(OssRequest::get().bucket("examplebucket").key("k"))
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("x-oss-security-token"), Some("sts-token"));
    assert!(matches!(request.verified, Some(Ok(()))));
}

#[tokio::test]
async fn clock_skew_is_corrected_from_the_server_date() {
    // The server's clock is an hour ahead of ours; it accepts only requests within 15 min.
    let ahead = Duration::from_secs(3600);
    let server = MockServer::builder()
        .verify("cn-hangzhou", BucketFrom::Path, ahead)
        .start(move |r| match &r.verified {
            Some(Ok(())) => Action::Respond(Reply::object("in time")),
            Some(Err(VerifyError::RequestTimeTooSkewed { server_time, .. })) => Action::Respond(
                Reply::error(403, "RequestTimeTooSkewed").header("Date", server_time.clone()),
            ),
            Some(Err(other)) => Action::Respond(Reply::error(other.http_status(), other.code())),
            None => unreachable!(),
        })
        .await;
    let client = HttpClient::new(config_for(&server).build().unwrap()).unwrap();
    let response = client
        .send(OssRequest::get().bucket("examplebucket").key("k"))
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
    let offset = client.clock_offset_ms();
    assert!(
        (3_595_000..=3_605_000).contains(&offset),
        "offset {offset} ms"
    );
    // Later requests are signed with the corrected clock straight away.
    let response = client
        .send(OssRequest::get().bucket("examplebucket").key("k"))
        .await
        .unwrap();
    assert_eq!(response.attempts(), 1);
    let requests = server.requests();
    assert!(matches!(
        requests[0].verified,
        Some(Err(VerifyError::RequestTimeTooSkewed { .. }))
    ));
    assert!(matches!(requests[1].verified, Some(Ok(()))));
    assert!(matches!(requests[2].verified, Some(Ok(()))));
}

#[tokio::test]
async fn signature_mismatch_carries_the_server_string_to_sign() {
    let server = MockServer::builder()
        .verify("cn-hangzhou", BucketFrom::Path, Duration::ZERO)
        .verify_credentials(Credentials::new("test-access-key-id", "a different secret"))
        .start(|r| match &r.verified {
            Some(Err(VerifyError::SignatureDoesNotMatch { string_to_sign, .. })) => {
                let body = format!(
                    "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message><RequestId>rid</RequestId><StringToSign>{}</StringToSign></Error>",
                    string_to_sign.replace('&', "&amp;").replace('<', "&lt;")
                );
                Action::Respond(Reply::new(403).body(body))
            }
            _ => Action::Respond(Reply::ok()),
        })
        .await;
    let client = HttpClient::new(config_for(&server).build().unwrap()).unwrap();
    let error = client
        .send(OssRequest::get().bucket("examplebucket").key("k"))
        .await
        .unwrap_err();
    assert!(error.is_signature_mismatch());
    assert!(error.is_access_denied());
    assert_eq!(error.attempts(), 1);
    let string_to_sign = error.service().unwrap().string_to_sign.as_deref().unwrap();
    assert!(
        string_to_sign.starts_with("OSS4-HMAC-SHA256\n"),
        "{string_to_sign}"
    );
    assert!(error.to_string().contains("OSS4-HMAC-SHA256"));
}

#[tokio::test]
async fn anonymous_requests_are_unsigned() {
    let server = MockServer::start(|_| Action::Respond(Reply::ok())).await;
    let client = HttpClient::new(
        oss_http::ClientConfig::builder()
            .endpoint(server.url())
            .anonymous()
            .proxy(oss_http::proxy::ProxyConfig::none())
            .build()
            .unwrap(),
    )
    .unwrap();
    client
        .send(OssRequest::get().bucket("examplebucket").key("public"))
        .await
        .unwrap();
    assert!(server.requests()[0].header("authorization").is_none());
    let _ = test_credentials();
}
