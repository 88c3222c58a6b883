//! Every credential source Alibaba Cloud's tools know, in the order their default chain asks
//! them: the environment, RRSA's OIDC variables, the Alibaba Cloud CLI's profile
//! ([`CliProfileProvider`]), a profile of the credentials file (any of its types, including
//! those that call STS or a metadata service), the ECS RAM role when
//! `ALIBABA_CLOUD_ECS_METADATA` names it, and a credentials URI.
//!
//! [`ProfileRoleProvider`] reads the profile types of `~/.alibabacloud/credentials`:
//!
//! | `type` | keys | credentials from |
//! | --- | --- | --- |
//! | `access_key` | `access_key_id`, `access_key_secret` | the file |
//! | `sts` | the same and `security_token` | the file |
//! | `ram_role_arn` | `access_key_id`, `access_key_secret`, `role_arn`, optional `role_session_name`, `policy`, `role_session_expiration` (seconds) | STS `AssumeRole` ([`RamRoleArnProvider`]) |
//! | `oidc_role_arn` | `role_arn`, `oidc_provider_arn`, `oidc_token_file_path`, optional `role_session_name`, `policy`, `role_session_expiration` | STS `AssumeRoleWithOIDC` ([`OidcRoleArnProvider`]) |
//! | `ecs_ram_role` | optional `role_name` | the ECS metadata service ([`EcsRamRoleProvider`]) |
//! | `credentials_uri` | `credentials_uri` | a local credentials service ([`CredentialsUriProvider`]) |
//!
//! The role types also take `sts_endpoint` (an oss-rs extension: another STS, such as
//! oss-server's). Wrap the chain in [`CachingProvider`], as [`default_chain`] does, so that
//! temporary credentials are fetched once and refreshed ahead of expiry.

use std::time::Duration;

use oss_auth::credentials::{
    CachingProvider, ChainProvider, CredentialsError, CredentialsFuture, CredentialsProvider,
    EnvironmentProvider, ProfileProvider, ProfileSettings,
};
use oss_auth::Credentials;

use crate::cli_profile::CliProfileProvider;
use crate::credentials_uri::CredentialsUriProvider;
use crate::ecs::EcsRamRoleProvider;
use crate::sts::{OidcRoleArnProvider, RamRoleArnProvider};

/// Names the ECS RAM role to use (or `true`-like values to discover it), as the credentials
/// SDKs read it.
pub const ECS_METADATA_VARIABLE: &str = "ALIBABA_CLOUD_ECS_METADATA";

/// Reads a profile of the credentials file, whatever its type.
#[derive(Clone, Debug)]
pub struct ProfileRoleProvider {
    profile: ProfileProvider,
}

impl Default for ProfileRoleProvider {
    fn default() -> Self {
        Self::new(ProfileProvider::new())
    }
}

impl ProfileRoleProvider {
    /// The file and profile `profile` names (see [`ProfileProvider::new`] for the variables
    /// it reads).
    pub fn new(profile: ProfileProvider) -> Self {
        ProfileRoleProvider { profile }
    }

    /// Reads the profile and fetches the credentials it describes.
    pub async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let settings = self.profile.settings()?;
        match settings.kind()? {
            "access_key" | "sts" => self.profile.provide_credentials().await,
            "ram_role_arn" => {
                let caller = Credentials::new(
                    settings.required("access_key_id")?,
                    settings.required("access_key_secret")?,
                );
                let provider = RamRoleArnProvider::new(caller, settings.required("role_arn")?);
                role_options!(provider, settings).fetch().await
            }
            "oidc_role_arn" => {
                let provider = OidcRoleArnProvider::new(
                    settings.required("role_arn")?,
                    settings.required("oidc_provider_arn")?,
                    settings.required("oidc_token_file_path")?,
                );
                role_options!(provider, settings).fetch().await
            }
            "ecs_ram_role" => {
                let mut provider = EcsRamRoleProvider::new();
                if let Some(role) = settings.get("role_name") {
                    provider = provider.with_role(role);
                }
                provider.fetch().await
            }
            "credentials_uri" => {
                CredentialsUriProvider::new(settings.required("credentials_uri")?)
                    .fetch()
                    .await
            }
            other => Err(CredentialsError::Unsupported(format!(
                "{} has type `{other}`, which oss-rs does not read (access_key, sts, \
                 ram_role_arn, oidc_role_arn, ecs_ram_role and credentials_uri are read)",
                settings.describe()
            ))),
        }
    }
}

/// The optional settings both STS role types share.
macro_rules! role_options {
    ($provider:expr, $settings:expr) => {{
        let settings: &ProfileSettings = &$settings;
        let mut provider = $provider;
        if let Some(name) = settings.get("role_session_name").filter(|v| !v.is_empty()) {
            provider = provider.with_session_name(name);
        }
        if let Some(policy) = settings.get("policy").filter(|v| !v.is_empty()) {
            provider = provider.with_policy(policy);
        }
        if let Some(seconds) = settings
            .get("role_session_expiration")
            .filter(|v| !v.is_empty())
        {
            let seconds = seconds.parse::<u64>().map_err(|_| {
                CredentialsError::Invalid(format!(
                    "{}: role_session_expiration is a number of seconds",
                    settings.describe()
                ))
            })?;
            provider = provider.with_duration(Duration::from_secs(seconds));
        }
        if let Some(endpoint) = settings.get("sts_endpoint").filter(|v| !v.is_empty()) {
            provider = provider.with_endpoint(endpoint);
        }
        provider
    }};
}
use role_options;

impl CredentialsProvider for ProfileRoleProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

/// The chain of every source, reading the environment through `lookup` once, now:
/// `OSS_ACCESS_KEY_ID`/`OSS_ACCESS_KEY_SECRET` (and `OSS_SESSION_TOKEN`), RRSA's OIDC
/// variables, the Alibaba Cloud CLI's profile (`~/.aliyun/config.json`), the credentials
/// file's profile, the ECS RAM role when
/// `ALIBABA_CLOUD_ECS_METADATA` is set, and `ALIBABA_CLOUD_CREDENTIALS_URI`.
pub fn chain_from_lookup(
    lookup: impl Fn(&str) -> Option<String> + Clone + Send + Sync + 'static,
) -> ChainProvider {
    let environment = EnvironmentProvider::with_lookup(lookup.clone());
    let mut chain = ChainProvider::new().with_provider(environment);
    if let Some(oidc) = OidcRoleArnProvider::from_lookup(&lookup) {
        chain = chain.with_provider(oidc);
    }
    chain = chain.with_provider(CliProfileProvider::from_lookup(&lookup));
    chain = chain.with_provider(ProfileRoleProvider::new(ProfileProvider::from_lookup(
        &lookup,
    )));
    if let Some(role) = lookup(ECS_METADATA_VARIABLE).filter(|v| !v.is_empty()) {
        let discover = role.eq_ignore_ascii_case("true");
        let ecs = EcsRamRoleProvider::new();
        chain = chain.with_provider(if discover { ecs } else { ecs.with_role(role) });
    }
    if let Some(uri) = CredentialsUriProvider::from_lookup(&lookup) {
        chain = chain.with_provider(uri);
    }
    chain
}

/// [`chain_from_lookup`] on the process environment, cached and refreshed ahead of expiry.
pub fn default_chain() -> CachingProvider<ChainProvider> {
    CachingProvider::new(chain_from_lookup(|name| std::env::var(name).ok()))
}
