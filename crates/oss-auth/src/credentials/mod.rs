//! Credentials: the key pair (and optional STS token) that requests are signed with,
//! and the providers that supply them.
//!
//! A [`CredentialsProvider`] hands out [`Credentials`] asynchronously without tying the
//! crate to an async runtime. The providers here cover the usual sources:
//!
//! - [`StaticProvider`]: fixed credentials (a bare [`Credentials`] is a provider too).
//! - [`EnvironmentProvider`]: `OSS_ACCESS_KEY_ID`, `OSS_ACCESS_KEY_SECRET`, `OSS_SESSION_TOKEN`.
//! - [`ProfileProvider`]: the Alibaba Cloud credentials file (`~/.alibabacloud/credentials`).
//! - [`ProcessProvider`]: an external command that prints credentials as JSON.
//! - [`ChainProvider`]: the first of several providers that succeeds.
//! - [`CachingProvider`]: caches another provider's credentials and refreshes them before
//!   they expire.
//!
//! ```
//! use oss_auth::credentials::{CachingProvider, ChainProvider};
//!
//! // Environment first, then the credentials file; fetched once and refreshed as needed.
//! let provider = CachingProvider::new(ChainProvider::default_chain());
//! # let _ = provider;
//! ```

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

mod caching;
mod chain;
mod environment;
mod flat_json;
mod oneshot;
mod process;
mod profile;
mod static_provider;
mod timestamp;

pub use caching::{CachingProvider, Clock, SystemClock};
pub use chain::ChainProvider;
pub use environment::EnvironmentProvider;
pub use process::ProcessProvider;
pub use profile::{ProfileProvider, ProfileSettings};
pub use static_provider::StaticProvider;

/// An access key pair, optionally temporary (STS) with a security token and an expiry.
///
/// The secret and the token never appear in `Debug` or `Display` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    expiration: Option<SystemTime>,
}

impl Credentials {
    /// Long-term credentials: an access key id and its secret.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            expiration: None,
        }
    }

    /// Adds an STS security token; requests then carry it (`x-oss-security-token` or `security-token`).
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Sets the moment after which these credentials are no longer valid.
    pub fn with_expiration(mut self, expiration: SystemTime) -> Self {
        self.expiration = Some(expiration);
        self
    }

    /// The access key id (not secret; it is sent with every request).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The access key secret. Handle with care: never log it.
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    /// The STS security token, for temporary credentials.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// When these credentials expire, if they do.
    pub fn expiration(&self) -> Option<SystemTime> {
        self.expiration
    }

    /// Whether these credentials have expired at `now` (never, if they have no expiry).
    pub fn is_expired_at(&self, now: SystemTime) -> bool {
        self.expiration.is_some_and(|expiration| expiration <= now)
    }
}

const REDACTED: &str = "** redacted **";

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &REDACTED)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| REDACTED),
            )
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// Shows the access key id only; the secret and any token are never printed.
impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "access key id {} (secret redacted)", self.access_key_id)
    }
}

/// The future a [`CredentialsProvider`] returns: boxed so that the trait stays object-safe
/// without the `async-trait` crate.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of [`Credentials`], asked each time a request is about to be signed.
///
/// Implementations must not print secrets in their `Debug` output. The trait is object-safe,
/// so `Arc<dyn CredentialsProvider>` and `Box<dyn CredentialsProvider>` work.
pub trait CredentialsProvider: Send + Sync + fmt::Debug {
    /// Returns the current credentials, or why there are none.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

/// A bare [`Credentials`] value always provides itself.
impl CredentialsProvider for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

impl<P: CredentialsProvider + ?Sized> CredentialsProvider for Arc<P> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

impl<P: CredentialsProvider + ?Sized> CredentialsProvider for Box<P> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

/// Why a [`CredentialsProvider`] could not supply credentials.
///
/// Messages name the variable, file, profile or field at fault, but never contain a secret
/// or a token.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum CredentialsError {
    /// The source has nothing configured (an unset variable, a missing file or profile);
    /// a [`ChainProvider`] moves on to its next provider.
    NotFound(String),
    /// The source is configured but malformed (a missing field, unparsable output).
    Invalid(String),
    /// The source asks for a credential type this provider cannot produce.
    Unsupported(String),
    /// Reading a file or starting a process failed.
    Io {
        /// What was being done, e.g. which file was being read.
        context: String,
        /// The underlying error (shared so that the error can be cloned).
        source: Arc<io::Error>,
    },
    /// A credentials process exited unsuccessfully.
    ProcessFailed {
        /// The program that was run (its arguments are left out: they may hold secrets).
        program: String,
        /// The exit code, or `None` if the process was killed by a signal.
        exit_code: Option<i32>,
        /// The start of what the process wrote to stderr.
        stderr: String,
    },
    /// A credentials process did not finish in time and was killed.
    TimedOut {
        /// The program that was run (its arguments are left out).
        program: String,
        /// How long it was given.
        after: Duration,
    },
    /// The credentials obtained had already expired.
    Expired {
        /// Which credentials (the id is not secret).
        access_key_id: String,
        /// When they expired.
        expired_at: SystemTime,
    },
    /// Every provider of a [`ChainProvider`] failed; one error per provider, in order.
    ChainFailed(Vec<CredentialsError>),
}

impl CredentialsError {
    pub(crate) fn io(context: impl Into<String>, source: io::Error) -> Self {
        CredentialsError::Io {
            context: context.into(),
            source: Arc::new(source),
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialsError::NotFound(message) => write!(f, "credentials not found: {message}"),
            CredentialsError::Invalid(message) => write!(f, "invalid credentials: {message}"),
            CredentialsError::Unsupported(message) => {
                write!(f, "unsupported credentials: {message}")
            }
            CredentialsError::Io { context, source } => write!(f, "{context}: {source}"),
            CredentialsError::ProcessFailed {
                program,
                exit_code,
                stderr,
            } => {
                write!(f, "credentials process `{program}` ")?;
                match exit_code {
                    Some(code) => write!(f, "exited with code {code}")?,
                    None => write!(f, "was terminated by a signal")?,
                }
                if !stderr.is_empty() {
                    write!(f, "; stderr: {stderr}")?;
                }
                Ok(())
            }
            CredentialsError::TimedOut { program, after } => write!(
                f,
                "credentials process `{program}` did not finish within {} ms and was killed",
                after.as_millis()
            ),
            CredentialsError::Expired {
                access_key_id,
                expired_at,
            } => write!(
                f,
                "credentials for access key id {access_key_id} expired at {}",
                timestamp::format_utc(*expired_at)
            ),
            CredentialsError::ChainFailed(errors) => {
                write!(f, "no credentials provider in the chain succeeded")?;
                for (index, error) in errors.iter().enumerate() {
                    write!(f, "; [{}] {error}", index + 1)?;
                }
                Ok(())
            }
        }
    }
}

impl Error for CredentialsError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            CredentialsError::Io { source, .. } => Some(&**source),
            _ => None,
        }
    }
}
