//! Caches another provider's credentials and refreshes them ahead of expiry, following the
//! OSS Go SDK v2's `CredentialsFetcherProvider`.
//!
//! When credentials are fetched, their refresh window is 80% of the time left until they
//! expire: a one-hour STS token is refreshed after 12 minutes, leaving 48 minutes for
//! retries. Credentials whose window would not exceed the retry backoff (120 s) are not
//! refreshed early but when they expire, because a failed early refresh could not be
//! retried in time anyway. Credentials without an expiry are cached forever.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsError, CredentialsFuture, CredentialsProvider};

/// The source of the current time, injectable so that tests can control expiry.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system's wall clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> SystemTime {
        (**self).now()
    }
}

/// Serves another provider's credentials from a cache, refreshing them before they expire.
///
/// - While cached credentials are valid and outside their refresh window, the inner
///   provider is not called.
/// - Inside the window, one caller refreshes while concurrent callers keep getting the
///   still-valid cached credentials. If that refresh fails, the cached credentials are still
///   served and the next attempt waits for the retry backoff (120 s by default), rather than
///   hitting a failing source on every call.
/// - With nothing valid cached, callers wait for a single fetch and share its outcome; its
///   error is returned to all of them.
///
/// ```
/// # use oss_auth::credentials::{CachingProvider, ProcessProvider};
/// let provider = CachingProvider::new(ProcessProvider::new("my-credentials-helper"));
/// # let _ = provider;
/// ```
pub struct CachingProvider<P> {
    inner: P,
    clock: Arc<dyn Clock>,
    expiry_factor: f64,
    retry_backoff: Duration,
    state: Mutex<CacheState>,
    // Held while the inner provider is called, so that at most one fetch runs at a time.
    fetching: async_lock::Mutex<()>,
}

#[derive(Default)]
struct CacheState {
    credentials: Option<Credentials>,
    // `None`: do not refresh before expiry.
    refresh_at: Option<SystemTime>,
    completed_fetches: u64,
    // Set when the latest fetch failed, for the callers that waited for it.
    last_error: Option<CredentialsError>,
}

enum Lookup {
    Fresh(Credentials),
    RefreshDue(Credentials),
    Missing { completed_fetches: u64 },
}

impl<P: CredentialsProvider> CachingProvider<P> {
    /// The fraction of the remaining lifetime that is the refresh window, by default.
    pub const DEFAULT_EXPIRY_FACTOR: f64 = 0.8;
    /// How long to wait after a failed refresh before trying again, by default.
    pub const DEFAULT_RETRY_BACKOFF: Duration = Duration::from_secs(120);

    /// Caches the credentials of `inner`, using the system clock.
    pub fn new(inner: P) -> Self {
        CachingProvider {
            inner,
            clock: Arc::new(SystemClock),
            expiry_factor: Self::DEFAULT_EXPIRY_FACTOR,
            retry_backoff: Self::DEFAULT_RETRY_BACKOFF,
            state: Mutex::new(CacheState::default()),
            fetching: async_lock::Mutex::new(()),
        }
    }

    /// Reads the time from `clock` instead of the system clock.
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Sets the refresh window to `factor` × the time left when credentials are fetched
    /// (clamped to 0..=1; 0 disables early refresh, a non-finite value is ignored).
    pub fn with_expiry_factor(mut self, factor: f64) -> Self {
        if factor.is_finite() {
            self.expiry_factor = factor.clamp(0.0, 1.0);
        }
        self
    }

    /// Sets how long to keep serving cached credentials after a failed refresh before trying
    /// again. Windows no longer than this are not refreshed early.
    pub fn with_retry_backoff(mut self, backoff: Duration) -> Self {
        self.retry_backoff = backoff;
        self
    }

    /// The wrapped provider.
    pub fn inner(&self) -> &P {
        &self.inner
    }

    fn state(&self) -> MutexGuard<'_, CacheState> {
        // The state is consistent after every statement, so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn lookup(&self, now: SystemTime) -> Lookup {
        let state = self.state();
        match &state.credentials {
            Some(cached) if !cached.is_expired_at(now) => {
                if state.refresh_at.is_some_and(|refresh_at| refresh_at <= now) {
                    Lookup::RefreshDue(cached.clone())
                } else {
                    Lookup::Fresh(cached.clone())
                }
            }
            _ => Lookup::Missing {
                completed_fetches: state.completed_fetches,
            },
        }
    }

    async fn provide(&self) -> Result<Credentials, CredentialsError> {
        match self.lookup(self.clock.now()) {
            Lookup::Fresh(cached) => Ok(cached),
            Lookup::RefreshDue(cached) => match self.fetching.try_lock() {
                Some(_fetching) => self.refresh_early(cached).await,
                // Someone else is refreshing; what we have is still valid.
                None => Ok(cached),
            },
            Lookup::Missing { completed_fetches } => {
                let _fetching = self.fetching.lock().await;
                match self.lookup(self.clock.now()) {
                    Lookup::Fresh(cached) | Lookup::RefreshDue(cached) => Ok(cached),
                    Lookup::Missing {
                        completed_fetches: completed_now,
                    } => {
                        let last_error = self.state().last_error.clone();
                        match last_error {
                            // We waited for a fetch that failed: share its outcome.
                            Some(error) if completed_now != completed_fetches => Err(error),
                            _ => self.fetch().await,
                        }
                    }
                }
            }
        }
    }

    /// Refreshes credentials that are due but still valid; the caller holds `fetching`.
    async fn refresh_early(&self, cached: Credentials) -> Result<Credentials, CredentialsError> {
        // Another caller may have refreshed between our lookup and taking the lock.
        if let Lookup::Fresh(current) = self.lookup(self.clock.now()) {
            return Ok(current);
        }
        match self.fetch().await {
            Ok(fresh) => Ok(fresh),
            Err(error) => {
                let now = self.clock.now();
                if cached.is_expired_at(now) {
                    return Err(error);
                }
                self.state().refresh_at = now.checked_add(self.retry_backoff);
                Ok(cached)
            }
        }
    }

    /// Calls the inner provider and records the outcome; the caller holds `fetching`.
    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let result = self.inner.provide_credentials().await;
        let now = self.clock.now();
        let result = result.and_then(|credentials| match credentials.expiration() {
            Some(expired_at) if expired_at <= now => Err(CredentialsError::Expired {
                access_key_id: credentials.access_key_id().to_owned(),
                expired_at,
            }),
            _ => Ok(credentials),
        });

        let mut state = self.state();
        state.completed_fetches += 1;
        match &result {
            Ok(credentials) => {
                state.refresh_at = self.refresh_at(credentials, now);
                state.credentials = Some(credentials.clone());
                state.last_error = None;
            }
            // Keep any cached credentials: they may still be valid.
            Err(error) => state.last_error = Some(error.clone()),
        }
        result
    }

    fn refresh_at(&self, credentials: &Credentials, now: SystemTime) -> Option<SystemTime> {
        let expiration = credentials.expiration()?;
        let lifetime = expiration.duration_since(now).ok()?;
        let window = lifetime.mul_f64(self.expiry_factor);
        if window > self.retry_backoff {
            expiration.checked_sub(window)
        } else {
            None
        }
    }
}

impl<P: CredentialsProvider> CredentialsProvider for CachingProvider<P> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.provide())
    }
}

impl<P: fmt::Debug> fmt::Debug for CachingProvider<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        // `Credentials`' own Debug redacts the secret and token.
        f.debug_struct("CachingProvider")
            .field("inner", &self.inner)
            .field("cached", &state.credentials)
            .field("refresh_at", &state.refresh_at)
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}
