//! Temporary credentials from STS: a RAM role assumed with other credentials
//! ([`RamRoleArnProvider`], `AssumeRole`), or with an OIDC token as on Kubernetes (RRSA,
//! [`OidcRoleArnProvider`], `AssumeRoleWithOIDC`).
//!
//! Each fetch is one POST to the STS endpoint (`https://sts.aliyuncs.com` unless changed), its
//! parameters in a form body; `AssumeRole` is signed as RPC requests are ([`oss_auth::rpc`]).
//! The credentials expire (after an hour by default): wrap the provider in
//! [`CachingProvider`](oss_auth::credentials::CachingProvider), which refreshes them ahead of
//! time.
//!
//! ```
//! use oss_auth::credentials::CachingProvider;
//! use oss_auth::Credentials;
//! use oss_http::sts::RamRoleArnProvider;
//!
//! let caller = Credentials::new("LTAI...", "secret");
//! let provider = CachingProvider::new(
//!     RamRoleArnProvider::new(caller, "acs:ram::1234567890123456:role/uploader")
//!         .with_session_name("nightly-backup"),
//! );
//! # let _ = provider;
//! ```

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::{Method, Uri};
use oss_auth::credentials::{CredentialsError, CredentialsFuture, CredentialsProvider};
use oss_auth::dialect::StsApi;
use oss_auth::encoding::encode_component;
use oss_auth::rpc::{self, RpcNames};
use oss_auth::time::format_iso8601;
use oss_auth::Credentials;
use rand::Rng;

use crate::fetch::{credentials_from_json, parse_json, unreachable, CredentialsFetcher};
use crate::proxy::ProxyConfig;

const API: StsApi = StsApi::ALIBABA;
const NAMES: RpcNames = RpcNames::ALIBABA;
const DEFAULT_DURATION: Duration = Duration::from_secs(3600);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where STS is and how it is reached; shared by both providers.
#[derive(Clone)]
struct StsEndpoint {
    endpoint: String,
    fetcher: CredentialsFetcher,
}

impl StsEndpoint {
    fn new() -> Self {
        StsEndpoint {
            endpoint: API.endpoint.to_owned(),
            fetcher: CredentialsFetcher::new(ProxyConfig::from_env(), DEFAULT_TIMEOUT),
        }
    }

    /// POSTs `params` (with the common ones added) and reads the credentials of the answer.
    async fn call(
        &self,
        params: Vec<(&str, String)>,
        signer: Option<&Credentials>,
        role_arn: &str,
    ) -> Result<Credentials, CredentialsError> {
        let mut params = params;
        params.push((NAMES.format, API.format.to_owned()));
        params.push((NAMES.version, API.version.to_owned()));
        params.push((
            NAMES.timestamp,
            format_iso8601(SystemTime::now()).replace(".000Z", "Z"),
        ));
        if let Some(caller) = signer {
            let nonce: u128 = rand::thread_rng().gen();
            params.push((NAMES.access_key_id, caller.access_key_id().to_owned()));
            params.push((
                NAMES.signature_method,
                NAMES.signature_method_value.to_owned(),
            ));
            params.push((
                NAMES.signature_version,
                NAMES.signature_version_value.to_owned(),
            ));
            params.push((NAMES.signature_nonce, format!("{nonce:032x}")));
            if let Some(token) = caller.security_token() {
                params.push((NAMES.security_token, token.to_owned()));
            }
            let pairs: Vec<(&str, &str)> = params.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let string_to_sign = rpc::string_to_sign(&NAMES, "POST", &pairs);
            let signature = rpc::sign(caller.access_key_secret(), &string_to_sign);
            params.push((NAMES.signature, signature));
        }
        let form = params
            .iter()
            .map(|(n, v)| format!("{}={}", encode_component(n), encode_component(v)))
            .collect::<Vec<_>>()
            .join("&");
        let url = format!("{}/", self.endpoint.trim_end_matches('/'));
        let uri: Uri = url
            .parse()
            .map_err(|_| CredentialsError::Invalid(format!("invalid STS endpoint {url:?}")))?;
        let what = format!("assuming role {role_arn} at {}", self.endpoint);
        let (status, body) = self
            .fetcher
            .send(Method::POST, &uri, Some(form))
            .await
            .map_err(|detail| unreachable(what.clone(), detail))?;
        let value = parse_json(&body, &format!("the answer of STS to {what}"))?;
        if !status.is_success() {
            let field = |name: &str| value.get(name).and_then(|v| v.as_str()).unwrap_or("");
            return Err(CredentialsError::Invalid(format!(
                "STS refused {what}: {} {} (HTTP {}, request id {})",
                field("Code"),
                field("Message"),
                status.as_u16(),
                field("RequestId"),
            )));
        }
        let credentials = value.get("Credentials").ok_or_else(|| {
            CredentialsError::Invalid(format!("the answer of STS to {what} has no Credentials"))
        })?;
        credentials_from_json(credentials, &format!("the credentials of role {role_arn}"))
    }
}

/// The settings both kinds of role share.
#[derive(Clone)]
struct RoleSession {
    role_arn: String,
    session_name: String,
    duration: Duration,
    policy: Option<String>,
    sts: StsEndpoint,
}

impl RoleSession {
    fn new(role_arn: String) -> Self {
        RoleSession {
            role_arn,
            session_name: format!(
                "oss-rs-{}",
                SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs())
            ),
            duration: DEFAULT_DURATION,
            policy: None,
            sts: StsEndpoint::new(),
        }
    }

    fn params(&self, action: &'static str) -> Vec<(&'static str, String)> {
        let mut params = vec![
            (NAMES.action, action.to_owned()),
            (API.role_arn, self.role_arn.clone()),
            (API.role_session_name, self.session_name.clone()),
            (API.duration_seconds, self.duration.as_secs().to_string()),
        ];
        if let Some(policy) = &self.policy {
            params.push((API.policy, policy.clone()));
        }
        params
    }
}

macro_rules! role_session_builders {
    () => {
        /// Names the session (2 to 64 letters, digits or `-_.@=,`); by default `oss-rs-` and
        /// the time.
        pub fn with_session_name(mut self, name: impl Into<String>) -> Self {
            self.session.session_name = name.into();
            self
        }

        /// How long the credentials last (STS takes 900 s to the role's maximum; one hour by
        /// default).
        pub fn with_duration(mut self, duration: Duration) -> Self {
            self.session.duration = duration;
            self
        }

        /// A policy (JSON) narrowing what the role may do in this session.
        pub fn with_policy(mut self, policy: impl Into<String>) -> Self {
            self.session.policy = Some(policy.into());
            self
        }

        /// Another STS endpoint, `https://sts.REGION.aliyuncs.com`, a VPC endpoint or a local
        /// server (`http://host:port`).
        pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
            self.session.sts.endpoint = endpoint.into();
            self
        }

        /// The time limit of each STS request (10 s by default).
        pub fn with_timeout(mut self, timeout: Duration) -> Self {
            self.session.sts.fetcher = CredentialsFetcher::new(ProxyConfig::from_env(), timeout);
            self
        }
    };
}

/// Assumes a RAM role with other credentials (STS `AssumeRole`, the `ram_role_arn` profile
/// type).
#[derive(Clone)]
pub struct RamRoleArnProvider {
    caller: Arc<dyn CredentialsProvider>,
    session: RoleSession,
}

impl fmt::Debug for RamRoleArnProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RamRoleArnProvider")
            .field("role_arn", &self.session.role_arn)
            .field("session_name", &self.session.session_name)
            .field("endpoint", &self.session.sts.endpoint)
            .finish_non_exhaustive()
    }
}

impl RamRoleArnProvider {
    /// Assumes `role_arn` (`acs:ram::<account id>:role/<name>`) with the credentials
    /// `caller` provides (a RAM user's keys, or temporary ones for role chaining).
    pub fn new(caller: impl CredentialsProvider + 'static, role_arn: impl Into<String>) -> Self {
        RamRoleArnProvider {
            caller: Arc::new(caller),
            session: RoleSession::new(role_arn.into()),
        }
    }

    role_session_builders!();

    /// Asks STS for fresh credentials.
    pub async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let caller = self.caller.provide_credentials().await?;
        let params = self.session.params(API.assume_role);
        self.session
            .sts
            .call(params, Some(&caller), &self.session.role_arn)
            .await
    }
}

impl CredentialsProvider for RamRoleArnProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

/// Assumes a RAM role with an OIDC token read from a file (STS `AssumeRoleWithOIDC`, the
/// `oidc_role_arn` profile type; on ACK clusters, RRSA mounts the token and sets the
/// variables [`from_env`](Self::from_env) reads). The file is read again at every fetch, as
/// Kubernetes rotates it.
#[derive(Clone)]
pub struct OidcRoleArnProvider {
    provider_arn: String,
    token_file: PathBuf,
    session: RoleSession,
}

impl fmt::Debug for OidcRoleArnProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcRoleArnProvider")
            .field("role_arn", &self.session.role_arn)
            .field("oidc_provider_arn", &self.provider_arn)
            .field("token_file", &self.token_file)
            .field("endpoint", &self.session.sts.endpoint)
            .finish_non_exhaustive()
    }
}

impl OidcRoleArnProvider {
    /// The role to assume.
    pub const ROLE_ARN_VARIABLE: &'static str = "ALIBABA_CLOUD_ROLE_ARN";
    /// The OIDC identity provider registered in RAM.
    pub const PROVIDER_ARN_VARIABLE: &'static str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
    /// The file holding the OIDC token.
    pub const TOKEN_FILE_VARIABLE: &'static str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
    /// The session name (optional).
    pub const SESSION_NAME_VARIABLE: &'static str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";

    /// Assumes `role_arn` as the OIDC provider `provider_arn` vouches, with the token in
    /// `token_file`.
    pub fn new(
        role_arn: impl Into<String>,
        provider_arn: impl Into<String>,
        token_file: impl Into<PathBuf>,
    ) -> Self {
        OidcRoleArnProvider {
            provider_arn: provider_arn.into(),
            token_file: token_file.into(),
            session: RoleSession::new(role_arn.into()),
        }
    }

    /// From the variables RRSA sets (`ALIBABA_CLOUD_ROLE_ARN`,
    /// `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE`, and optionally
    /// `ALIBABA_CLOUD_ROLE_SESSION_NAME`), read through `lookup`; `None` unless the first three
    /// are set.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let variable = |name: &str| lookup(name).filter(|v| !v.is_empty());
        let mut provider = Self::new(
            variable(Self::ROLE_ARN_VARIABLE)?,
            variable(Self::PROVIDER_ARN_VARIABLE)?,
            variable(Self::TOKEN_FILE_VARIABLE)?,
        );
        if let Some(name) = variable(Self::SESSION_NAME_VARIABLE) {
            provider = provider.with_session_name(name);
        }
        Some(provider)
    }

    /// [`from_lookup`](Self::from_lookup) on the process environment.
    pub fn from_env() -> Option<Self> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    role_session_builders!();

    /// Reads the token and asks STS for fresh credentials.
    pub async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let token =
            std::fs::read_to_string(&self.token_file).map_err(|e| CredentialsError::Io {
                context: format!("reading the OIDC token file {}", self.token_file.display()),
                source: Arc::new(e),
            })?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsError::Invalid(format!(
                "the OIDC token file {} is empty",
                self.token_file.display()
            )));
        }
        let mut params = self.session.params(API.assume_role_with_oidc);
        params.push((API.oidc_provider_arn, self.provider_arn.clone()));
        params.push((API.oidc_token, token.to_owned()));
        self.session
            .sts
            .call(params, None, &self.session.role_arn)
            .await
    }
}

impl CredentialsProvider for OidcRoleArnProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}
