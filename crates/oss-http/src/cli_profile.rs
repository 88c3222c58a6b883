//! The Alibaba Cloud CLI's profiles (`~/.aliyun/config.json`, written by `aliyun configure`)
//! as a credentials source, as the official credentials libraries read them in their default
//! chain: after the environment and RRSA's OIDC variables, before the credentials file.
//!
//! The profile is the one `ALIBABA_CLOUD_PROFILE` names, else the file's `current`;
//! `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` turns the source off. Its `mode` says where the
//! credentials come from:
//!
//! | `mode` | fields | credentials from |
//! | --- | --- | --- |
//! | `AK` | `access_key_id`, `access_key_secret` | the file |
//! | `StsToken` | the same and `sts_token` | the file |
//! | `RamRoleArn` | `access_key_id`, `access_key_secret`, `ram_role_arn`, optional `ram_session_name`, `expired_seconds`, `policy`, `sts_region`, `enable_vpc` | STS `AssumeRole` |
//! | `ChainableRamRoleArn` | `source_profile` (another profile of the file) and the role fields above | STS `AssumeRole`, called with the source profile's credentials |
//! | `EcsRamRole` | optional `ram_role_name` | the ECS metadata service |
//! | `OIDC` | `ram_role_arn`, `oidc_provider_arn`, `oidc_token_file`, optional `role_session_name`, `expired_seconds`, `policy`, `sts_region`, `enable_vpc` | STS `AssumeRoleWithOIDC` |
//!
//! The role modes also take `sts_endpoint` (an oss-rs extension, as in the credentials file:
//! another STS, such as oss-server's).
//!
//! Other modes (`CloudSSO`, `OAuth`, `External`, `CredentialsURI`, `RsaKeyPair`) are refused
//! with [`CredentialsError::Unsupported`], naming the mode.

use std::path::{Path, PathBuf};
use std::time::Duration;

use oss_auth::credentials::{CredentialsError, CredentialsFuture, CredentialsProvider};
use oss_auth::dialect::StsApi;
use oss_auth::Credentials;
use serde_json::{Map, Value};

use crate::ecs::EcsRamRoleProvider;
use crate::sts::{OidcRoleArnProvider, RamRoleArnProvider};

/// Names the profile to read (shared with the credentials file).
pub const PROFILE_VARIABLE: &str = "ALIBABA_CLOUD_PROFILE";
/// `true` turns this source off.
pub const DISABLED_VARIABLE: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

/// How deep `ChainableRamRoleArn` profiles may point at each other (a cycle is an error).
const MAX_CHAIN: usize = 8;

/// Reads a profile of the Alibaba Cloud CLI's configuration file.
#[derive(Clone, Debug)]
pub struct CliProfileProvider {
    path: Option<PathBuf>,
    profile: Option<String>,
    disabled: bool,
}

impl Default for CliProfileProvider {
    fn default() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }
}

impl CliProfileProvider {
    /// `~/.aliyun/config.json` and the profile the environment names, reading variables
    /// (`HOME`, `ALIBABA_CLOUD_PROFILE`, `ALIBABA_CLOUD_CLI_PROFILE_DISABLED`) through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let variable = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let home = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
        CliProfileProvider {
            path: variable(home).map(|home| Path::new(&home).join(".aliyun/config.json")),
            profile: variable(PROFILE_VARIABLE),
            disabled: variable(DISABLED_VARIABLE).is_some_and(|v| v.eq_ignore_ascii_case("true")),
        }
    }

    /// The file at `path`, its `current` profile.
    pub fn with_path(path: impl Into<PathBuf>) -> Self {
        CliProfileProvider {
            path: Some(path.into()),
            profile: None,
            disabled: false,
        }
    }

    /// Reads the profile `name` instead of the file's `current` one.
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads the file and fetches the credentials its profile describes.
    pub async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let provider = self.provider()?;
        provider.provide_credentials().await
    }

    /// The provider the profile describes (reading the file now).
    pub fn provider(&self) -> Result<Box<dyn CredentialsProvider>, CredentialsError> {
        if self.disabled {
            return Err(CredentialsError::NotFound(format!(
                "the Alibaba Cloud CLI's profiles are turned off ({DISABLED_VARIABLE})"
            )));
        }
        let path = self.path.as_deref().ok_or_else(|| {
            CredentialsError::NotFound("no home directory for ~/.aliyun/config.json".into())
        })?;
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CredentialsError::NotFound(format!(
                    "{} does not exist",
                    path.display()
                )))
            }
            Err(e) => {
                return Err(CredentialsError::Io {
                    context: format!("reading {}", path.display()),
                    source: e.into(),
                })
            }
        };
        // The file holds secrets: the error names the place, never the text.
        let config: Value = serde_json::from_str(&text).map_err(|e| {
            CredentialsError::Invalid(format!(
                "{} is not valid JSON (line {}, column {})",
                path.display(),
                e.line(),
                e.column()
            ))
        })?;
        let file = CliFile { path, config };
        let name = match &self.profile {
            Some(name) => name.clone(),
            None => file.text(file.root()?, "current").ok_or_else(|| {
                CredentialsError::NotFound(format!("{} names no current profile", path.display()))
            })?,
        };
        file.provider(&name, 0)
    }
}

impl CredentialsProvider for CliProfileProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

/// The parsed file.
struct CliFile<'a> {
    path: &'a Path,
    config: Value,
}

impl CliFile<'_> {
    fn root(&self) -> Result<&Map<String, Value>, CredentialsError> {
        self.config
            .as_object()
            .ok_or_else(|| self.invalid("is not a JSON object".into()))
    }

    fn invalid(&self, what: String) -> CredentialsError {
        CredentialsError::Invalid(format!("{} {what}", self.path.display()))
    }

    /// A string field; empty counts as absent, as the CLI writes empty strings for unset ones.
    fn text(&self, object: &Map<String, Value>, key: &str) -> Option<String> {
        object
            .get(key)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    fn profile(&self, name: &str) -> Result<&Map<String, Value>, CredentialsError> {
        let profiles = self.root()?.get("profiles").and_then(Value::as_array);
        profiles
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
            .ok_or_else(|| {
                CredentialsError::NotFound(format!(
                    "{} has no profile named {name}",
                    self.path.display()
                ))
            })
    }

    fn provider(
        &self,
        name: &str,
        depth: usize,
    ) -> Result<Box<dyn CredentialsProvider>, CredentialsError> {
        if depth > MAX_CHAIN {
            return Err(self.invalid(format!(
                "chains profiles more than {MAX_CHAIN} deep (a source_profile cycle?)"
            )));
        }
        let profile = self.profile(name)?;
        let field = |key: &str| self.text(profile, key);
        let required = |key: &str| {
            field(key).ok_or_else(|| self.invalid(format!("profile {name} ({key}): missing")))
        };
        let mode = field("mode").unwrap_or_default();
        let keys = || -> Result<Credentials, CredentialsError> {
            Ok(Credentials::new(
                required("access_key_id")?,
                required("access_key_secret")?,
            ))
        };
        Ok(match mode.as_str() {
            "AK" => Box::new(keys()?),
            "StsToken" => Box::new(keys()?.with_security_token(required("sts_token")?)),
            "RamRoleArn" | "ChainableRamRoleArn" => {
                let caller: Box<dyn CredentialsProvider> = if mode == "RamRoleArn" {
                    Box::new(keys()?)
                } else {
                    self.provider(&required("source_profile")?, depth + 1)?
                };
                let role = RamRoleArnProvider::new(caller, required("ram_role_arn")?);
                let role = match field("ram_session_name") {
                    Some(session) => role.with_session_name(session),
                    None => role,
                };
                Box::new(self.role_options(profile, name, role)?)
            }
            "EcsRamRole" => {
                let ecs = EcsRamRoleProvider::new();
                Box::new(match field("ram_role_name") {
                    Some(role) => ecs.with_role(role),
                    None => ecs,
                })
            }
            "OIDC" => {
                let role = OidcRoleArnProvider::new(
                    required("ram_role_arn")?,
                    required("oidc_provider_arn")?,
                    required("oidc_token_file")?,
                );
                let role = match field("role_session_name") {
                    Some(session) => role.with_session_name(session),
                    None => role,
                };
                Box::new(self.role_options(profile, name, role)?)
            }
            "" => return Err(self.invalid(format!("profile {name}: no mode"))),
            other => {
                return Err(CredentialsError::Unsupported(format!(
                    "{} profile {name} has mode {other}, which oss-rs does not read (AK, \
                     StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole and OIDC are read)",
                    self.path.display()
                )))
            }
        })
    }

    /// The settings both STS roles share: duration, policy, and which STS endpoint.
    fn role_options<R: StsRole>(
        &self,
        profile: &Map<String, Value>,
        name: &str,
        mut role: R,
    ) -> Result<R, CredentialsError> {
        // `expired_seconds` is a number in files the CLI writes; accept a numeric string too.
        match profile.get("expired_seconds") {
            None | Some(Value::Null) => {}
            Some(value) => {
                let seconds = value
                    .as_u64()
                    .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
                    .ok_or_else(|| {
                        self.invalid(format!("profile {name} (expired_seconds): not a number"))
                    })?;
                if seconds > 0 {
                    role = role.duration(Duration::from_secs(seconds));
                }
            }
        }
        if let Some(policy) = self.text(profile, "policy") {
            role = role.policy(policy);
        }
        if let Some(endpoint) = self.text(profile, "sts_endpoint") {
            role = role.endpoint(endpoint);
        } else if let Some(region) = self.text(profile, "sts_region") {
            let vpc = match profile.get("enable_vpc") {
                Some(Value::Bool(vpc)) => *vpc,
                Some(Value::String(text)) => text.eq_ignore_ascii_case("true"),
                _ => false,
            };
            role = role.endpoint(StsApi::ALIBABA.regional_endpoint(&region, vpc));
        }
        Ok(role)
    }
}

/// What the two STS role providers share, for [`CliFile::role_options`].
trait StsRole {
    fn duration(self, duration: Duration) -> Self;
    fn policy(self, policy: String) -> Self;
    fn endpoint(self, endpoint: String) -> Self;
}

macro_rules! sts_role {
    ($($provider:ty),*) => {$(
        impl StsRole for $provider {
            fn duration(self, duration: Duration) -> Self {
                self.with_duration(duration)
            }
            fn policy(self, policy: String) -> Self {
                self.with_policy(policy)
            }
            fn endpoint(self, endpoint: String) -> Self {
                self.with_endpoint(endpoint)
            }
        }
    )*};
}
sts_role!(RamRoleArnProvider, OidcRoleArnProvider);

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> (tempfile_dir::Dir, PathBuf) {
        let dir = tempfile_dir::Dir::new();
        let path = dir.path().join("config.json");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    mod tempfile_dir {
        use std::path::{Path, PathBuf};

        /// A directory removed when dropped.
        pub struct Dir(PathBuf);

        impl Dir {
            pub fn new() -> Dir {
                use std::sync::atomic::{AtomicUsize, Ordering};
                static NEXT: AtomicUsize = AtomicUsize::new(0);
                let path = std::env::temp_dir().join(format!(
                    "oss-http-cli-profile-{}-{}",
                    std::process::id(),
                    NEXT.fetch_add(1, Ordering::Relaxed)
                ));
                std::fs::create_dir_all(&path).unwrap();
                Dir(path)
            }

            pub fn path(&self) -> &Path {
                &self.0
            }
        }

        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    const FILE: &str = r#"{
        "current": "dev",
        "profiles": [
            {"name": "default", "mode": "AK", "access_key_id": "ak-default",
             "access_key_secret": "sk-default", "sts_token": "", "region_id": "cn-hangzhou"},
            {"name": "dev", "mode": "StsToken", "access_key_id": "STS.ak",
             "access_key_secret": "sk-dev", "sts_token": "token-dev"},
            {"name": "sso", "mode": "CloudSSO"},
            {"name": "loop", "mode": "ChainableRamRoleArn", "source_profile": "loop",
             "ram_role_arn": "acs:ram::1:role/r"},
            {"name": "broken", "mode": "AK", "access_key_id": "only-id"}
        ]
    }"#;

    #[tokio::test]
    async fn reads_the_current_profile_or_the_one_named() {
        let (_dir, path) = write(FILE);
        let current = CliProfileProvider::with_path(&path).fetch().await.unwrap();
        assert_eq!(current.access_key_id(), "STS.ak");
        assert_eq!(current.security_token(), Some("token-dev"));

        let named = CliProfileProvider::with_path(&path)
            .with_profile("default")
            .fetch()
            .await
            .unwrap();
        assert_eq!(named.access_key_id(), "ak-default");
        assert_eq!(named.security_token(), None);
    }

    #[tokio::test]
    async fn refuses_what_it_cannot_read_without_quoting_secrets() {
        let (_dir, path) = write(FILE);
        let error = |profile: &str| {
            let provider = CliProfileProvider::with_path(&path).with_profile(profile);
            async move { provider.fetch().await.unwrap_err() }
        };
        assert!(
            matches!(error("sso").await, CredentialsError::Unsupported(m) if m.contains("CloudSSO"))
        );
        assert!(matches!(error("loop").await, CredentialsError::Invalid(m) if m.contains("cycle")));
        assert!(
            matches!(error("broken").await, CredentialsError::Invalid(m) if m.contains("access_key_secret"))
        );
        assert!(matches!(
            error("nobody").await,
            CredentialsError::NotFound(_)
        ));

        let (_dir, bad) = write(r#"{"profiles": [{"name": "x", "access_key_secret": "sk-secret""#);
        let message = CliProfileProvider::with_path(&bad)
            .fetch()
            .await
            .unwrap_err()
            .to_string();
        assert!(!message.contains("sk-secret"), "{message}");
    }

    #[tokio::test]
    async fn a_missing_file_or_a_disabled_source_lets_the_chain_move_on() {
        let dir = tempfile_dir::Dir::new();
        let home = dir.path().display().to_string();
        let missing =
            CliProfileProvider::from_lookup(|name| (name == "HOME").then(|| home.clone()));
        assert!(matches!(
            missing.fetch().await,
            Err(CredentialsError::NotFound(_))
        ));

        let (_dir, path) = write(FILE);
        let home = path
            .parent()
            .unwrap()
            .parent()
            .unwrap()
            .display()
            .to_string();
        let disabled = CliProfileProvider::from_lookup(|name| match name {
            "HOME" => Some(home.clone()),
            DISABLED_VARIABLE => Some("TRUE".into()),
            _ => None,
        });
        assert!(
            matches!(disabled.fetch().await, Err(CredentialsError::NotFound(m)) if m.contains(DISABLED_VARIABLE))
        );
    }
}
