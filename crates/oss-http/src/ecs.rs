//! Credentials of the RAM role attached to an ECS instance, from the instance metadata
//! service (IMDS) at `http://100.100.100.200/latest/meta-data/ram/security-credentials/`.
//!
//! Without a role name the provider first asks that URL for it (the body is the role name),
//! then fetches `.../security-credentials/{role}`: a JSON object with `AccessKeyId`,
//! `AccessKeySecret`, `SecurityToken`, `Expiration` and `Code` (`Success`). Each fetch makes
//! up to 3 attempts, 500 ms apart, as the official SDKs do.
//!
//! The credentials expire (typically after 6 hours): wrap the provider in
//! [`CachingProvider`](oss_auth::credentials::CachingProvider), which refreshes them ahead of
//! time.
//!
//! ```
//! use oss_auth::credentials::CachingProvider;
//! use oss_http::ecs::EcsRamRoleProvider;
//!
//! let provider = CachingProvider::new(EcsRamRoleProvider::new());
//! # let _ = provider;
//! ```

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode, Uri};
use oss_auth::credentials::{CredentialsError, CredentialsFuture, CredentialsProvider};
use oss_auth::Credentials;

use crate::fetch::{credentials_from_json, parse_json, CredentialsFetcher};
use crate::provider::Provider;
use crate::proxy::ProxyConfig;

const ATTEMPTS: u32 = 3;
const RETRY_DELAY: Duration = Duration::from_millis(500);

/// Fetches the ECS instance's RAM role credentials from the metadata service.
#[derive(Clone)]
pub struct EcsRamRoleProvider {
    role: Option<String>,
    base_url: String,
    credentials_path: &'static str,
    fetcher: CredentialsFetcher,
}

impl fmt::Debug for EcsRamRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcsRamRoleProvider")
            .field("role", &self.role)
            .field("base_url", &self.base_url)
            .field("timeout", &self.fetcher.timeout())
            .finish()
    }
}

impl Default for EcsRamRoleProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl EcsRamRoleProvider {
    /// A provider that discovers the instance's role.
    pub fn new() -> Self {
        let provider = &Provider::OSS;
        EcsRamRoleProvider {
            role: None,
            base_url: provider.metadata_base_url.to_owned(),
            credentials_path: provider.metadata_credentials_path,
            // The metadata service is link-local: a proxy can never reach it.
            fetcher: CredentialsFetcher::new(ProxyConfig::none(), Duration::from_secs(10)),
        }
    }

    /// Uses this role instead of discovering it.
    pub fn with_role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into()).filter(|r| !r.is_empty());
        self
    }

    /// Talks to another metadata service (e.g. a local fake in tests), given as
    /// `http://host[:port]`.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_owned();
        self
    }

    /// The time limit of each metadata request (10 s by default).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.fetcher = CredentialsFetcher::new(ProxyConfig::none(), timeout);
        self
    }

    /// Fetches fresh credentials (discovering the role first if needed).
    pub async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let role = match &self.role {
            Some(role) => role.clone(),
            None => self.discover_role().await?,
        };
        let (status, body) = self
            .get(&format!("{}{}", self.credentials_path, role))
            .await?;
        if status == StatusCode::NOT_FOUND {
            return Err(CredentialsError::NotFound(format!(
                "the metadata service has no RAM role named {role:?}"
            )));
        }
        if !status.is_success() {
            return Err(CredentialsError::Invalid(format!(
                "the metadata service answered HTTP {} for role {role:?}",
                status.as_u16()
            )));
        }
        parse_credentials(&body, &role)
    }

    async fn discover_role(&self) -> Result<String, CredentialsError> {
        let (status, body) = self.get(self.credentials_path).await?;
        if !status.is_success() {
            return Err(CredentialsError::NotFound(format!(
                "no RAM role is attached to this instance (metadata service answered HTTP {})",
                status.as_u16()
            )));
        }
        let text = String::from_utf8_lossy(&body);
        text.lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| {
                CredentialsError::NotFound("no RAM role is attached to this instance".to_owned())
            })
    }

    /// GETs a metadata path, retrying connection failures and 5xx answers.
    async fn get(&self, path: &str) -> Result<(StatusCode, Bytes), CredentialsError> {
        let url = format!("{}{}", self.base_url, path);
        let uri: Uri = url.parse().map_err(|_| {
            CredentialsError::Invalid(format!("invalid metadata service URL {url:?}"))
        })?;
        let mut last_error = String::new();
        for attempt in 1..=ATTEMPTS {
            if attempt > 1 {
                tokio::time::sleep(RETRY_DELAY).await;
            }
            match self.fetcher.send(Method::GET, &uri, None).await {
                Ok((status, body)) if !status.is_server_error() => return Ok((status, body)),
                Ok((status, _)) => last_error = format!("HTTP {}", status.as_u16()),
                Err(error) => last_error = error,
            }
        }
        // Off ECS the service is unreachable: "not found" lets a chain move on.
        Err(CredentialsError::NotFound(format!(
            "the instance metadata service at {} is not reachable: {last_error}",
            self.base_url
        )))
    }
}

/// Reads the metadata service's JSON. Error messages name fields, never their values.
fn parse_credentials(body: &[u8], role: &str) -> Result<Credentials, CredentialsError> {
    let what = format!("the credentials of role {role:?}");
    let value = parse_json(body, &what)?;
    if let Some(code) = value.get("Code").and_then(|v| v.as_str()) {
        if code != "Success" {
            return Err(CredentialsError::Invalid(format!(
                "the metadata service refused the credentials of role {role:?}: Code {code:?}"
            )));
        }
    }
    credentials_from_json(&value, &what)
}

impl CredentialsProvider for EcsRamRoleProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_metadata_json() {
        let body = br#"{
            "AccessKeyId" : "STS.id",
            "AccessKeySecret" : "very-secret",
            "Expiration" : "2017-11-01T05:20:01Z",
            "SecurityToken" : "token-value",
            "LastUpdated" : "2017-10-31T23:20:01Z",
            "Code" : "Success"
        }"#;
        let credentials = parse_credentials(body, "role").unwrap();
        assert_eq!(credentials.access_key_id(), "STS.id");
        assert_eq!(credentials.security_token(), Some("token-value"));
        assert!(credentials.expiration().is_some());

        let failed = parse_credentials(br#"{"Code":"Failed"}"#, "role").unwrap_err();
        assert!(failed.to_string().contains("Failed"));
        let missing = parse_credentials(br#"{"AccessKeyId":"a","Code":"Success"}"#, "role")
            .unwrap_err()
            .to_string();
        assert!(missing.contains("AccessKeySecret"));
        let not_json = parse_credentials(b"very-secret", "role")
            .unwrap_err()
            .to_string();
        assert!(!not_json.contains("very-secret"));
    }
}
