//! Credentials from a local credentials service: `GET` of a URI answering with the JSON the ECS
//! metadata service uses (`AccessKeyId`, `AccessKeySecret`, `SecurityToken`, `Expiration`,
//! `Code` = `Success`), named by `ALIBABA_CLOUD_CREDENTIALS_URI` as Alibaba Cloud's
//! credentials SDKs read it.
//!
//! Wrap the provider in [`CachingProvider`](oss_auth::credentials::CachingProvider), which
//! refreshes the credentials ahead of their expiry.

use std::time::Duration;

use http::{Method, Uri};
use oss_auth::credentials::{CredentialsError, CredentialsFuture, CredentialsProvider};
use oss_auth::Credentials;

use crate::fetch::{credentials_from_json, parse_json, unreachable, CredentialsFetcher};
use crate::proxy::ProxyConfig;

/// Fetches credentials from a URI.
#[derive(Clone)]
pub struct CredentialsUriProvider {
    uri: String,
    fetcher: CredentialsFetcher,
}

impl std::fmt::Debug for CredentialsUriProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URI may carry a secret in its query: show only where it points.
        let shown = self.uri.split('?').next().unwrap_or_default();
        f.debug_struct("CredentialsUriProvider")
            .field("uri", &shown)
            .finish_non_exhaustive()
    }
}

impl CredentialsUriProvider {
    /// The variable naming the URI.
    pub const VARIABLE: &'static str = "ALIBABA_CLOUD_CREDENTIALS_URI";

    /// Fetches from `uri` (`http://` or `https://`), with a 10 s time limit.
    pub fn new(uri: impl Into<String>) -> Self {
        CredentialsUriProvider {
            uri: uri.into(),
            fetcher: CredentialsFetcher::new(ProxyConfig::from_env(), Duration::from_secs(10)),
        }
    }

    /// The URI in `ALIBABA_CLOUD_CREDENTIALS_URI`, read through `lookup`; `None` when unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Option<Self> {
        lookup(Self::VARIABLE)
            .filter(|uri| !uri.is_empty())
            .map(Self::new)
    }

    /// [`from_lookup`](Self::from_lookup) on the process environment.
    pub fn from_env() -> Option<Self> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The time limit of each request.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.fetcher = CredentialsFetcher::new(ProxyConfig::from_env(), timeout);
        self
    }

    /// Fetches fresh credentials.
    pub async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let shown = self.uri.split('?').next().unwrap_or_default().to_owned();
        let uri: Uri = self
            .uri
            .parse()
            .map_err(|_| CredentialsError::Invalid(format!("invalid credentials URI {shown:?}")))?;
        let (status, body) = self
            .fetcher
            .send(Method::GET, &uri, None)
            .await
            .map_err(|detail| unreachable(format!("fetching credentials from {shown}"), detail))?;
        if !status.is_success() {
            return Err(CredentialsError::Invalid(format!(
                "the credentials URI {shown} answered HTTP {}",
                status.as_u16()
            )));
        }
        let what = format!("the credentials from {shown}");
        let value = parse_json(&body, &what)?;
        if let Some(code) = value.get("Code").and_then(|v| v.as_str()) {
            if code != "Success" {
                return Err(CredentialsError::Invalid(format!(
                    "the credentials URI {shown} refused: Code {code:?}"
                )));
            }
        }
        credentials_from_json(&value, &what)
    }
}

impl CredentialsProvider for CredentialsUriProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}
