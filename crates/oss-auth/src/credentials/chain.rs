//! Tries several providers in order and uses the first that succeeds, e.g. environment
//! variables first and the credentials file second.

use super::{
    CredentialsError, CredentialsFuture, CredentialsProvider, EnvironmentProvider, ProfileProvider,
};

/// Asks its providers in order; the first success wins.
///
/// If every provider fails, the error is [`CredentialsError::ChainFailed`] with what each
/// one said, in order. Wrap the chain in a [`CachingProvider`](super::CachingProvider) so
/// that it is not walked for every request.
#[derive(Debug, Default)]
pub struct ChainProvider {
    providers: Vec<Box<dyn CredentialsProvider>>,
}

impl ChainProvider {
    /// An empty chain; add providers with [`with_provider`](Self::with_provider).
    pub fn new() -> Self {
        ChainProvider::default()
    }

    /// The usual default: [`EnvironmentProvider`], then [`ProfileProvider`], both reading
    /// the process environment.
    pub fn default_chain() -> Self {
        ChainProvider::new()
            .with_provider(EnvironmentProvider::new())
            .with_provider(ProfileProvider::new())
    }

    /// Appends `provider`, to be asked after the ones already in the chain.
    pub fn with_provider(mut self, provider: impl CredentialsProvider + 'static) -> Self {
        self.providers.push(Box::new(provider));
        self
    }

    /// The providers, in the order they are asked.
    pub fn providers(&self) -> &[Box<dyn CredentialsProvider>] {
        &self.providers
    }
}

impl CredentialsProvider for ChainProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            if self.providers.is_empty() {
                return Err(CredentialsError::NotFound(
                    "the credentials provider chain is empty".to_owned(),
                ));
            }
            let mut errors = Vec::with_capacity(self.providers.len());
            for provider in &self.providers {
                match provider.provide_credentials().await {
                    Ok(credentials) => return Ok(credentials),
                    Err(error) => errors.push(error),
                }
            }
            Err(CredentialsError::ChainFailed(errors))
        })
    }
}
