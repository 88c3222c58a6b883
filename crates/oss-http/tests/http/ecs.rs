//! The ECS RAM role provider against a fake instance metadata service on 127.0.0.1.

use std::time::{Duration, SystemTime};

use oss_auth::credentials::{CachingProvider, CredentialsError, CredentialsProvider};
use oss_http::ecs::EcsRamRoleProvider;
use oss_http::{HttpClient, OssRequest};

use crate::support::{Action, BucketFrom, MockServer, Reply};

const ROLES: &str = "/latest/meta-data/ram/security-credentials/";

fn credentials_json(code: &str) -> String {
    format!(
        r#"{{
  "AccessKeyId" : "STS.imds-key-id",
  "AccessKeySecret" : "imds-secret",
  "Expiration" : "2099-11-01T05:20:01Z",
  "SecurityToken" : "imds-token",
  "LastUpdated" : "2024-10-31T23:20:01Z",
  "Code" : "{code}"
}}"#
    )
}

async fn fake_imds(code: &'static str) -> MockServer {
    MockServer::start(move |r| match r.target.as_str() {
        ROLES => Action::Respond(Reply::ok().body("EcsRamRoleTest\n")),
        t if t == format!("{ROLES}EcsRamRoleTest") => {
            Action::Respond(Reply::ok().body(credentials_json(code)))
        }
        _ => Action::Respond(Reply::new(404).body("Not Found")),
    })
    .await
}

#[tokio::test]
async fn discovers_the_role_and_reads_its_credentials() {
    let imds = fake_imds("Success").await;
    let provider = EcsRamRoleProvider::new().with_base_url(imds.url());
    let credentials = provider.provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.imds-key-id");
    assert_eq!(credentials.access_key_secret(), "imds-secret");
    assert_eq!(credentials.security_token(), Some("imds-token"));
    assert!(credentials.expiration().unwrap() > SystemTime::now());
    let targets: Vec<String> = imds.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        vec![ROLES.to_owned(), format!("{ROLES}EcsRamRoleTest")]
    );
    // Nothing secret in its Debug.
    assert!(!format!("{provider:?}").contains("imds-secret"));
}

#[tokio::test]
async fn uses_a_given_role_without_discovery() {
    let imds = fake_imds("Success").await;
    let provider = EcsRamRoleProvider::new()
        .with_base_url(imds.url())
        .with_role("EcsRamRoleTest");
    provider.provide_credentials().await.unwrap();
    assert_eq!(imds.request_count(), 1);

    let missing = EcsRamRoleProvider::new()
        .with_base_url(imds.url())
        .with_role("NoSuchRole");
    assert!(matches!(
        missing.provide_credentials().await,
        Err(CredentialsError::NotFound(_))
    ));
}

#[tokio::test]
async fn a_failed_code_is_an_error_without_secrets() {
    let imds = fake_imds("Failed").await;
    let error = EcsRamRoleProvider::new()
        .with_base_url(imds.url())
        .provide_credentials()
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("Failed"), "{message}");
    assert!(!message.contains("imds-secret") && !message.contains("imds-token"));
}

#[tokio::test]
async fn server_errors_are_retried() {
    let imds = MockServer::start(|r| match r.index {
        0 => Action::Respond(Reply::new(500)),
        _ => Action::Respond(Reply::ok().body(credentials_json("Success"))),
    })
    .await;
    let credentials = EcsRamRoleProvider::new()
        .with_base_url(imds.url())
        .with_role("EcsRamRoleTest")
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(credentials.access_key_id(), "STS.imds-key-id");
    assert_eq!(imds.request_count(), 2);
}

#[tokio::test]
async fn an_unreachable_service_is_not_found_so_chains_move_on() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let error = EcsRamRoleProvider::new()
        .with_base_url(format!("http://127.0.0.1:{port}"))
        .with_timeout(Duration::from_millis(500))
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(matches!(error, CredentialsError::NotFound(_)), "{error:?}");
}

#[tokio::test]
async fn signs_requests_end_to_end_through_a_caching_provider() {
    let imds = fake_imds("Success").await;
    let provider = CachingProvider::new(EcsRamRoleProvider::new().with_base_url(imds.url()));
    let sts = oss_auth::Credentials::new("STS.imds-key-id", "imds-secret")
        .with_security_token("imds-token");
    let server = MockServer::builder()
        .verify("cn-hangzhou", BucketFrom::Path, Duration::ZERO)
        .verify_credentials(sts)
        .start(|r| match &r.verified {
            Some(Ok(())) => Action::Respond(Reply::ok()),
            _ => Action::Respond(Reply::error(403, "AccessDenied")),
        })
        .await;
    let client = HttpClient::new(
        crate::config_for(&server)
            .credentials_provider(provider)
            .build()
            .unwrap(),
    )
    .unwrap();
    for _ in 0..3 {
        client
            .send(OssRequest::get().bucket("examplebucket").key("k"))
            .await
            .unwrap();
    }
    // Fetched once (discovery + credentials), then cached.
    assert_eq!(imds.request_count(), 2);
}

/// `ALIBABA_CLOUD_CREDENTIALS_URI` answers with the metadata service's JSON; the default chain
/// reaches it when nothing before it is configured.
#[tokio::test]
async fn a_credentials_uri_alone_supplies_the_default_chain() {
    use oss_http::credentials_chain::chain_from_lookup;
    use oss_http::credentials_uri::CredentialsUriProvider;

    let service = MockServer::start(|r| match r.target.as_str() {
        "/credentials?key=uri-query-secret" => {
            Action::Respond(Reply::ok().body(credentials_json("Success")))
        }
        "/refused" => Action::Respond(Reply::ok().body(credentials_json("Failed"))),
        _ => Action::Respond(Reply::new(404).body("Not Found")),
    })
    .await;
    let uri = format!("{}/credentials?key=uri-query-secret", service.url());
    let provider = CredentialsUriProvider::new(&uri);
    assert!(!format!("{provider:?}").contains("uri-query-secret"));
    let credentials = provider.provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.imds-key-id");
    assert_eq!(credentials.security_token(), Some("imds-token"));

    let refused = CredentialsUriProvider::new(format!("{}/refused", service.url()))
        .provide_credentials()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("Failed") && !refused.contains("imds-secret"),
        "{refused}"
    );

    let lookup_uri = uri.clone();
    let chain = chain_from_lookup(move |name| {
        (name == CredentialsUriProvider::VARIABLE).then(|| lookup_uri.clone())
    });
    let from_chain = chain.provide_credentials().await.unwrap();
    assert_eq!(from_chain.access_key_id(), "STS.imds-key-id");
    // Nothing configured at all: the chain says what each source lacked (the environment, the
    // Alibaba Cloud CLI's profile, the credentials file).
    let empty = chain_from_lookup(|_| None).provide_credentials().await;
    assert!(
        matches!(&empty, Err(CredentialsError::ChainFailed(reasons)) if reasons.len() == 3),
        "{empty:?}"
    );
}
