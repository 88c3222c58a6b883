//! Temporary credentials end to end, offline: oss-http's `RamRoleArnProvider` asks
//! oss-server's own STS for keys that last two seconds, the `CachingProvider` refreshes them
//! as they age, and a multipart upload slowed to outlast several of them completes across the
//! refreshes. The first keys are then refused by the server as expired, as OSS refuses them.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use oss_auth::credentials::{
    CachingProvider, CredentialsError, CredentialsFuture, CredentialsProvider,
};
use oss_auth::Credentials;
use oss_client::Client;
use oss_http::sts::RamRoleArnProvider;
use oss_server::faults::Fault;
use oss_server::ServerConfig;
use oss_transfer::Uploader;
use support::{data, object_bytes, unique, TempDir};

const AK: &str = "LTAI5tStsRefreshCaller";
const SK: &str = "sts-refresh-caller-secret";
const ROLE: &str = "acs:ram::1234567890123456:role/transfer-role";
const PART: u64 = 100 * 1024;

/// Remembers every credential its inner provider handed out.
#[derive(Clone, Debug)]
struct Recording<P> {
    inner: Arc<P>,
    fetched: Arc<Mutex<Vec<Credentials>>>,
}

impl<P: CredentialsProvider + 'static> CredentialsProvider for Recording<P> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let credentials: Result<Credentials, CredentialsError> =
                self.inner.provide_credentials().await;
            if let Ok(c) = &credentials {
                self.fetched.lock().unwrap().push(c.clone());
            }
            credentials
        })
    }
}

fn client(endpoint: &str, provider: impl CredentialsProvider + 'static) -> Client {
    Client::builder()
        .endpoint(endpoint)
        .region("cn-hangzhou")
        .credentials(provider)
        .build()
        .expect("the client builds")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transfer_continues_across_sts_refreshes() {
    let server = ServerConfig::new()
        .credential(Credentials::new(AK, SK))
        .sts_min_duration(Duration::from_secs(1))
        .start()
        .await
        .expect("the server starts");
    let fetched = Arc::new(Mutex::new(Vec::new()));
    let role = RamRoleArnProvider::new(Credentials::new(AK, SK), ROLE)
        .with_endpoint(server.endpoint())
        .with_session_name("transfer-test")
        .with_duration(Duration::from_secs(2));
    let recording = Recording {
        inner: Arc::new(role),
        fetched: Arc::clone(&fetched),
    };
    // A short retry backoff makes the cache refresh two-second keys early (after 20% of their
    // life) rather than at their expiry.
    let provider = CachingProvider::new(recording).with_retry_backoff(Duration::from_millis(100));
    let sts_client = client(server.endpoint(), provider);
    let bucket = sts_client.bucket(unique("sts"));
    bucket
        .put_bucket()
        .await
        .expect("the bucket is created with STS keys");

    // 24 parts, each held 300 ms by the server, 2 at a time: about 3.6 s, longer than a key
    // lives.
    server
        .faults()
        .add(Fault::delay(Duration::from_millis(300)).operation("UploadPart"));
    let content = data((24 * PART) as usize, 7);
    let uploader = Uploader::builder(bucket.clone())
        .part_size(PART)
        .concurrency(2)
        .build()
        .unwrap();
    let dir = TempDir::new("sts");
    let path = dir.join("refreshes.bin");
    std::fs::write(&path, &content).unwrap();
    let started = SystemTime::now();
    let outcome = uploader
        .upload_file(&path, "across/refreshes.bin")
        .await
        .expect("the upload completes across credential refreshes");
    assert_eq!(outcome.parts, 24);
    server.faults().clear();
    assert_eq!(object_bytes(&bucket, "across/refreshes.bin").await, content);

    let fetched = fetched.lock().unwrap().clone();
    let first = fetched.first().expect("credentials were fetched").clone();
    let expiry = first.expiration().expect("STS keys expire");
    assert!(
        expiry > started - Duration::from_secs(60) && expiry <= started + Duration::from_secs(3),
        "the first keys last the two seconds asked for"
    );
    assert!(
        SystemTime::now() > expiry,
        "the upload outlasted the first keys"
    );
    let ids: std::collections::HashSet<&str> = fetched.iter().map(|c| c.access_key_id()).collect();
    assert!(
        ids.len() >= 2,
        "the cache fetched new keys during the upload ({} distinct)",
        ids.len()
    );
    assert!(fetched
        .iter()
        .all(|c| c.access_key_id().starts_with("STS.")));

    // The first keys are expired now: the server refuses them.
    let stale = client(server.endpoint(), first);
    let error = stale
        .bucket(bucket.name())
        .get_object("across/refreshes.bin")
        .await
        .expect_err("expired STS keys are refused");
    assert_eq!(error.code(), Some("AccessDenied"), "{error}");
    assert!(error.to_string().contains("expired"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sts_refusals_are_clear_errors() {
    let server = ServerConfig::new()
        .credential(Credentials::new(AK, SK))
        .start()
        .await
        .expect("the server starts");
    let fetch = |secret: &str, role: &str, duration: u64| {
        RamRoleArnProvider::new(Credentials::new(AK, secret), role)
            .with_endpoint(server.endpoint())
            .with_duration(Duration::from_secs(duration))
    };
    let wrong_secret = fetch("not-the-secret", ROLE, 900)
        .fetch()
        .await
        .unwrap_err();
    assert!(
        wrong_secret.to_string().contains("SignatureDoesNotMatch"),
        "{wrong_secret}"
    );
    assert!(!wrong_secret.to_string().contains("not-the-secret"));
    let bad_role = fetch(SK, "uploader", 900).fetch().await.unwrap_err();
    assert!(
        bad_role.to_string().contains("InvalidParameter.RoleArn"),
        "{bad_role}"
    );
    let too_short = fetch(SK, ROLE, 60).fetch().await.unwrap_err();
    assert!(
        too_short.to_string().contains("DurationSeconds"),
        "{too_short}"
    );
    let keys = fetch(SK, ROLE, 900).fetch().await.unwrap();
    assert!(keys.security_token().is_some());
    // Role chaining: the temporary keys assume the role again, sending their token.
    let chained = RamRoleArnProvider::new(keys, ROLE)
        .with_endpoint(server.endpoint())
        .fetch()
        .await
        .unwrap();
    assert!(chained.access_key_id().starts_with("STS."));
}

/// The credentials file's role profiles, as Alibaba Cloud's tools write them: `ram_role_arn`
/// (keys assume a role) and `oidc_role_arn` (a token file assumes it), both against
/// oss-server's STS (`sts_endpoint`), then used for requests.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn role_profiles_of_the_credentials_file_get_keys_from_sts() {
    use oss_auth::credentials::ProfileProvider;
    use oss_http::credentials_chain::ProfileRoleProvider;

    const OIDC_PROVIDER: &str = "acs:ram::1234567890123456:oidc-provider/ack-rrsa";
    let server = ServerConfig::new()
        .credential(Credentials::new(AK, SK))
        .oidc_token(OIDC_PROVIDER, "eyJ.oidc-token-of-the-pod")
        .start()
        .await
        .expect("the server starts");
    let dir = TempDir::new("profiles");
    let token_file = dir.join("token");
    std::fs::write(&token_file, "eyJ.oidc-token-of-the-pod\n").unwrap();
    let file = dir.join("credentials");
    let endpoint = server.endpoint();
    std::fs::write(
        &file,
        format!(
            "[role]\ntype = ram_role_arn\naccess_key_id = {AK}\naccess_key_secret = {SK}\n\
             role_arn = {ROLE}\nrole_session_name = profile-test\nrole_session_expiration = 900\n\
             sts_endpoint = {endpoint}\n\n\
             [pod]\ntype = oidc_role_arn\nrole_arn = {ROLE}\noidc_provider_arn = {OIDC_PROVIDER}\n\
             oidc_token_file_path = {}\nsts_endpoint = {endpoint}\n\n\
             [wrong]\ntype = oidc_role_arn\nrole_arn = {ROLE}\n\
             oidc_provider_arn = acs:ram::1234567890123456:oidc-provider/other\n\
             oidc_token_file_path = {}\nsts_endpoint = {endpoint}\n",
            token_file.display(),
            token_file.display()
        ),
    )
    .unwrap();
    for profile in ["role", "pod"] {
        let provider =
            ProfileRoleProvider::new(ProfileProvider::with_path(&file).with_profile(profile));
        let keys = provider.fetch().await.expect("the profile gives keys");
        assert!(keys.access_key_id().starts_with("STS."), "{profile}");
        let client = client(endpoint, CachingProvider::new(provider));
        let bucket = client.bucket(unique(profile));
        bucket.put_bucket().await.expect("a request with the keys");
        bucket.delete_bucket().await.unwrap();
    }
    let refused = ProfileRoleProvider::new(ProfileProvider::with_path(&file).with_profile("wrong"))
        .fetch()
        .await
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("AuthenticationFail.OIDCToken.Invalid"),
        "{refused}"
    );
}
