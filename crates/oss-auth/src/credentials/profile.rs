//! Credentials from the Alibaba Cloud credentials file (`~/.alibabacloud/credentials`), the
//! INI file shared by Alibaba Cloud's credentials SDKs.
//!
//! ```ini
//! [default]
//! type = access_key
//! access_key_id = LTAI...
//! access_key_secret = ...
//!
//! [temporary]
//! type = sts
//! access_key_id = STS....
//! access_key_secret = ...
//! security_token = ...
//! ```

use std::io;
use std::path::{Path, PathBuf};

use super::{Credentials, CredentialsError, CredentialsFuture, CredentialsProvider};

/// Reads one profile (section) of the Alibaba Cloud credentials file.
///
/// Profiles of `type = access_key` and `type = sts` are supported; a profile with
/// `enable = false` counts as absent. Types that need a network call to turn into keys
/// (`ecs_ram_role`, `ram_role_arn`, `oidc_role_arn`, ...) are reported as
/// [`CredentialsError::Unsupported`]; [`settings`](Self::settings) gives their keys to
/// providers that make that call (oss-http's `credentials_chain::ProfileRoleProvider`).
///
/// The file is small and read with blocking `std::fs` calls inside the future; wrap the
/// provider in a [`CachingProvider`](super::CachingProvider) so that happens once, not per request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileProvider {
    path: Option<PathBuf>,
    profile: String,
}

impl ProfileProvider {
    /// Overrides the file's location.
    pub const FILE_VARIABLE: &'static str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
    /// Names the profile to read.
    pub const PROFILE_VARIABLE: &'static str = "ALIBABA_CLOUD_PROFILE";
    /// The profile read when none is named.
    pub const DEFAULT_PROFILE: &'static str = "default";

    /// The file and profile named by the process environment: `ALIBABA_CLOUD_CREDENTIALS_FILE`
    /// (default `~/.alibabacloud/credentials`) and `ALIBABA_CLOUD_PROFILE` (default `default`).
    pub fn new() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`new`](Self::new), but reads variables (including `HOME`, or `USERPROFILE` on
    /// Windows) through `lookup` instead of the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let variable = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let home_variable = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
        let path = variable(Self::FILE_VARIABLE)
            .map(PathBuf::from)
            .or_else(|| {
                variable(home_variable)
                    .map(|home| Path::new(&home).join(".alibabacloud/credentials"))
            });
        let profile =
            variable(Self::PROFILE_VARIABLE).unwrap_or_else(|| Self::DEFAULT_PROFILE.to_owned());
        ProfileProvider { path, profile }
    }

    /// Reads the `default` profile of the file at `path`.
    pub fn with_path(path: impl Into<PathBuf>) -> Self {
        ProfileProvider {
            path: Some(path.into()),
            profile: Self::DEFAULT_PROFILE.to_owned(),
        }
    }

    /// Reads the profile `name` instead.
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = name.into();
        self
    }

    /// The file read, if one could be located.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The profile read.
    pub fn profile(&self) -> &str {
        &self.profile
    }

    /// The profile's settings (its `type` and every `key = value`), for providers that turn
    /// the other profile types (`ram_role_arn`, `oidc_role_arn`, `ecs_ram_role`, ...) into keys
    /// with a network call. A disabled profile (`enable = false`) is not found.
    pub fn settings(&self) -> Result<ProfileSettings, CredentialsError> {
        let path = self.path.as_deref().ok_or_else(|| {
            CredentialsError::NotFound(format!(
                "no credentials file: neither {} nor the home directory is set",
                Self::FILE_VARIABLE
            ))
        })?;
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Err(CredentialsError::NotFound(format!(
                    "credentials file {} does not exist",
                    path.display()
                )))
            }
            Err(error) => {
                let context = format!("reading credentials file {}", path.display());
                return Err(CredentialsError::io(context, error));
            }
        };
        let described = format!("profile [{}] in {}", self.profile, path.display());
        let entries = match profile_entries(&text, &self.profile) {
            Ok(Some(entries)) => entries,
            Ok(None) => return Err(CredentialsError::NotFound(format!("{described} not found"))),
            Err(line) => {
                return Err(CredentialsError::Invalid(format!(
                    "{}, line {line}: expected `[profile]` or `key = value`",
                    path.display()
                )))
            }
        };
        let settings = ProfileSettings { described, entries };
        if settings
            .get("enable")
            .is_some_and(|value| value.eq_ignore_ascii_case("false"))
        {
            return Err(CredentialsError::NotFound(format!(
                "{} is disabled (enable = false)",
                settings.described
            )));
        }
        Ok(settings)
    }

    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let settings = self.settings()?;
        let required = |key: &str| settings.required(key);
        match required("type")? {
            "access_key" => Ok(Credentials::new(
                required("access_key_id")?,
                required("access_key_secret")?,
            )),
            "sts" => Ok(Credentials::new(
                required("access_key_id")?,
                required("access_key_secret")?,
            )
            .with_security_token(required("security_token")?)),
            other => Err(CredentialsError::Unsupported(format!(
                "{} has type `{other}`; ProfileProvider supports only `access_key` and `sts`",
                settings.described
            ))),
        }
    }
}

/// The settings of one profile of the credentials file. `Debug` shows the keys, never values.
#[derive(Clone, PartialEq, Eq)]
pub struct ProfileSettings {
    described: String,
    entries: Vec<(String, String)>,
}

impl std::fmt::Debug for ProfileSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&str> = self.entries.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("ProfileSettings")
            .field("profile", &self.described)
            .field("keys", &keys)
            .finish()
    }
}

impl ProfileSettings {
    /// A value; later assignments override earlier ones, as in the SDKs' INI readers.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .rev()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    /// A value that must be there and not empty; the error names the key and the profile.
    pub fn required(&self, key: &str) -> Result<&str, CredentialsError> {
        match self.get(key) {
            Some(value) if !value.is_empty() => Ok(value),
            _ => Err(CredentialsError::Invalid(format!(
                "{} has no `{key}`",
                self.described
            ))),
        }
    }

    /// The profile's `type` (`access_key`, `sts`, `ram_role_arn`, ...).
    pub fn kind(&self) -> Result<&str, CredentialsError> {
        self.required("type")
    }

    /// `profile [name] in path`, for messages.
    pub fn describe(&self) -> &str {
        &self.described
    }
}

impl Default for ProfileProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl CredentialsProvider for ProfileProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(self.credentials()))
    }
}

/// The `key = value` entries of section `[profile]`, `None` if there is no such section, or
/// the 1-based number of the first line that is not INI.
///
/// Only the wanted section is kept, so other profiles' secrets are never copied. Inline
/// comments are not stripped: `#` may be part of a value.
fn profile_entries(text: &str, profile: &str) -> Result<Option<Vec<(String, String)>>, usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut in_profile = false;
    let mut found = false;
    let mut entries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            let name = header.strip_suffix(']').ok_or(index + 1)?.trim();
            in_profile = name == profile;
            found |= in_profile;
            continue;
        }
        let separator = line.find(['=', ':']).ok_or(index + 1)?;
        let key = line[..separator].trim();
        if key.is_empty() {
            return Err(index + 1);
        }
        if in_profile {
            let value = unquote(line[separator + 1..].trim());
            entries.push((key.to_owned(), value.to_owned()));
        }
    }
    Ok(found.then_some(entries))
}

fn unquote(value: &str) -> &str {
    ['"', '\'']
        .iter()
        .find_map(|&quote| value.strip_prefix(quote)?.strip_suffix(quote))
        .unwrap_or(value)
}
