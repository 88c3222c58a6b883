//! No secret ever appears: not in the `Debug` output of the configuration, client, request,
//! response or errors, and not in any tracing span or event.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use oss_auth::Credentials;
use oss_http::proxy::ProxyConfig;
use oss_http::{HttpClient, OssRequest, SignatureVersion};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use crate::support::{Action, BucketFrom, MockServer, Recorded, Reply};

const SECRET: &str = "SECRET-KEY-VALUE";
const TOKEN: &str = "SECRET-TOKEN-VALUE";
const PROXY_PASSWORD: &str = "PROXY-PASSWORD";

fn sts() -> Credentials {
    Credentials::new("STS.visible-id", SECRET).with_security_token(TOKEN)
}

fn assert_clean(text: &str) {
    for secret in [SECRET, TOKEN, PROXY_PASSWORD, "Signature="] {
        assert!(!text.contains(secret), "{secret} leaked in: {text}");
    }
}

/// Collects every field of every span and event, at every level.
#[derive(Default, Clone)]
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<Mutex<u64>>,
}

struct Collect<'a>(&'a mut String);

impl Visit for Collect<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut line = format!("span {}", attributes.metadata().name());
        attributes.record(&mut Collect(&mut line));
        self.lines.lock().unwrap().push(line);
        let mut next = self.next_id.lock().unwrap();
        *next += 1;
        Id::from_u64(*next)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = "record".to_owned();
        values.record(&mut Collect(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut line = format!("event {}", event.metadata().target());
        event.record(&mut Collect(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn builder(server: &MockServer) -> oss_http::ClientConfigBuilder {
    crate::config_for(server).credentials_provider(sts()).proxy(
        ProxyConfig::none()
            .with_https(&format!("http://user:{PROXY_PASSWORD}@proxy.invalid:3128"))
            .unwrap(),
    )
}

#[tokio::test]
async fn debug_output_has_no_secrets() {
    let server = MockServer::start(|_| Action::Respond(Reply::ok())).await;
    let config = builder(&server).build().unwrap();
    assert_clean(&format!("{config:?}"));
    let client = HttpClient::new(config).unwrap();
    assert_clean(&format!("{client:?}"));
    let request = OssRequest::put()
        .bucket("examplebucket")
        .key("k")
        .header("Authorization", "OSS4-HMAC-SHA256 Signature=abc")
        .header("x-oss-security-token", TOKEN)
        .query("security-token", TOKEN)
        .body(SECRET);
    assert_clean(&format!("{request:?}"));
    let response = client
        .send(OssRequest::get().bucket("examplebucket").key("k"))
        .await
        .unwrap();
    assert_clean(&format!("{response:?}"));
    let builder_debug = format!("{:?}", builder(&server));
    assert_clean(&builder_debug);
}

#[test]
fn every_vendors_token_and_signature_are_redacted() {
    // The names come from oss-auth's vocabularies, so those of a vendor the request is not
    // for are hidden too.
    let request = OssRequest::get()
        .bucket("examplebucket")
        .key("k")
        .header("X-Amz-Security-Token", TOKEN)
        .header("x-amz-server-side-encryption-customer-key", SECRET)
        .header("x-oss-server-side-encryption-customer-key", SECRET)
        .query("X-Amz-Signature", "Signature=")
        .query("X-Amz-Credential", SECRET)
        .query("x-oss-signature", "Signature=")
        .query("OSSAccessKeyId", SECRET);
    let debug = format!("{request:?}");
    assert_clean(&debug);
    assert!(debug.contains("x-amz-security-token"), "{debug}");
}

#[tokio::test]
async fn errors_and_logs_have_no_secrets() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());

    // V1 signs the token, so the server's string-to-sign (echoed in the error) carries it.
    let server = MockServer::builder()
        .verify("cn-hangzhou", BucketFrom::Path, Duration::ZERO)
        .verify_credentials(Credentials::new("STS.visible-id", "wrong").with_security_token(TOKEN))
        .start(|r: &Recorded| match r.index {
            0 => Action::Respond(Reply::error(503, "ServiceUnavailable")),
            _ => match &r.verified {
                Some(Err(oss_auth::verify::VerifyError::SignatureDoesNotMatch { string_to_sign, .. })) => {
                    Action::Respond(Reply::new(403).body(format!(
                        "<Error><Code>SignatureDoesNotMatch</Code><Message>m</Message><StringToSign>{string_to_sign}</StringToSign></Error>"
                    )))
                }
                _ => Action::Respond(Reply::ok()),
            },
        })
        .await;
    let client = HttpClient::new(
        builder(&server)
            .signature_version(SignatureVersion::V1)
            .build()
            .unwrap(),
    )
    .unwrap();
    let error = client
        .send(OssRequest::get().bucket("examplebucket").key("k"))
        .await
        .unwrap_err();
    assert!(error.is_signature_mismatch(), "{error:?}");
    assert!(
        error
            .service()
            .unwrap()
            .string_to_sign
            .as_deref()
            .unwrap()
            .contains(TOKEN),
        "the raw field keeps the server's text for diagnosis"
    );
    assert_clean(&format!("{error:?}"));
    assert_clean(&error.to_string());

    let lines = capture.lines.lock().unwrap().clone();
    assert!(lines.iter().any(|l| l.contains("oss_request")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("retrying")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("request_id")), "{lines:?}");
    for line in &lines {
        assert_clean(line);
    }
}
