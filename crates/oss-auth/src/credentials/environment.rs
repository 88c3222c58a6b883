//! Credentials from environment variables, named as in the official OSS SDKs (Go v2, Python v2).

use std::fmt;

use super::{Credentials, CredentialsError, CredentialsFuture, CredentialsProvider};

type Lookup = Box<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Reads `OSS_ACCESS_KEY_ID`, `OSS_ACCESS_KEY_SECRET` and, optionally, `OSS_SESSION_TOKEN`.
///
/// The variables are read each time credentials are asked for, so a changed environment is
/// picked up. An empty variable counts as unset.
pub struct EnvironmentProvider {
    lookup: Lookup,
}

impl EnvironmentProvider {
    /// The variable holding the access key id.
    pub const ACCESS_KEY_ID: &'static str = "OSS_ACCESS_KEY_ID";
    /// The variable holding the access key secret.
    pub const ACCESS_KEY_SECRET: &'static str = "OSS_ACCESS_KEY_SECRET";
    /// The optional variable holding an STS security token.
    pub const SESSION_TOKEN: &'static str = "OSS_SESSION_TOKEN";

    /// Reads the process environment.
    pub fn new() -> Self {
        // A variable that is not valid Unicode cannot be a key; treat it as unset.
        Self::with_lookup(|name| std::env::var(name).ok())
    }

    /// Reads variables through `lookup` instead of the process environment (for tests, or
    /// for configuration that comes from elsewhere).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        EnvironmentProvider {
            lookup: Box::new(lookup),
        }
    }

    fn variable(&self, name: &str) -> Option<String> {
        (self.lookup)(name).filter(|value| !value.is_empty())
    }

    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let missing = |name: &str| {
            CredentialsError::NotFound(format!("environment variable {name} is not set"))
        };
        let id = self
            .variable(Self::ACCESS_KEY_ID)
            .ok_or_else(|| missing(Self::ACCESS_KEY_ID))?;
        let secret = self
            .variable(Self::ACCESS_KEY_SECRET)
            .ok_or_else(|| missing(Self::ACCESS_KEY_SECRET))?;
        let credentials = Credentials::new(id, secret);
        Ok(match self.variable(Self::SESSION_TOKEN) {
            Some(token) => credentials.with_security_token(token),
            None => credentials,
        })
    }
}

impl Default for EnvironmentProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for EnvironmentProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnvironmentProvider")
            .finish_non_exhaustive()
    }
}

impl CredentialsProvider for EnvironmentProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(self.credentials()))
    }
}
