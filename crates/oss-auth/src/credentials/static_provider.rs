//! A provider that always returns the same credentials, for long-term keys configured in code.

use super::{Credentials, CredentialsFuture, CredentialsProvider};

/// Always provides the credentials it was built with.
///
/// A bare [`Credentials`] is a provider too; this type exists for readability where a
/// provider is expected (`StaticProvider::new(...)` says what is going on).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticProvider {
    credentials: Credentials,
}

impl StaticProvider {
    /// A provider of exactly these credentials.
    pub fn new(credentials: Credentials) -> Self {
        StaticProvider { credentials }
    }

    /// The credentials this provider hands out.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }
}

impl From<Credentials> for StaticProvider {
    fn from(credentials: Credentials) -> Self {
        StaticProvider::new(credentials)
    }
}

impl CredentialsProvider for StaticProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        self.credentials.provide_credentials()
    }
}
