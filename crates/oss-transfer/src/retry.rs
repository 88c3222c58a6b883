//! Retries of parts and of the steps around them, with the client's retry strategy.
//!
//! A part's body is a stream built for each attempt (so that it can be counted, throttled and
//! checksummed), which the transport cannot replay; the transfer therefore retries parts
//! itself, exactly as oss-http's policy would: the same [`RetryStrategy`](oss_client::RetryStrategy)
//! (attempts and full-jitter backoff, from the client's configuration), for the same
//! retryable failures (5xx, 429, 408, broken connections, timeouts, CRC mismatches), plus a
//! success answer whose body could not be read (a corrupt XML body is a transient fault like
//! any other). A part that still fails fails the transfer, with its number.

use std::future::Future;
use std::time::Duration;

use oss_client::{Bucket, ErrorKind, RetryStrategy};

use crate::error::Error;

/// The retry policy of one transfer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Retry {
    strategy: RetryStrategy,
}

impl Retry {
    /// The policy of `bucket`'s client.
    pub(crate) fn of(bucket: &Bucket) -> Self {
        Retry {
            strategy: *bucket.client().config().retry(),
        }
    }

    /// Whether `error`, after `attempt` attempts, is worth another.
    pub(crate) fn allows(&self, error: &Error, attempt: u32) -> bool {
        attempt < self.strategy.max_attempts() && retryable(error)
    }

    /// Sleeps before retry number `attempt` (1 for the first).
    pub(crate) async fn wait(&self, attempt: u32, error: &Error) {
        let clock_skew = error
            .client_error()
            .and_then(oss_client::Error::http)
            .is_some_and(oss_http::Error::is_clock_skew);
        let delay = if clock_skew {
            Duration::ZERO
        } else {
            self.strategy.backoff(attempt)
        };
        tokio::time::sleep(delay).await;
    }

    /// Runs `attempt` (given the attempt number, from 1) until it succeeds, fails for good or
    /// runs out of attempts.
    pub(crate) async fn run<T, F, Fut>(&self, mut attempt: F) -> Result<T, Error>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let mut n = 1;
        loop {
            match attempt(n).await {
                Ok(value) => return Ok(value),
                Err(error) if self.allows(&error, n) => {
                    self.wait(n, &error).await;
                    n += 1;
                }
                Err(error) => return Err(error),
            }
        }
    }
}

impl Retry {
    /// Runs a step whose request the transport already retries (a listing, initiating or
    /// completing an upload, a HEAD): only a success whose body could not be read is tried
    /// again here.
    pub(crate) async fn run_step<T, F, Fut>(&self, mut attempt: F) -> Result<T, Error>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let mut n = 1;
        loop {
            match attempt(n).await {
                Ok(value) => return Ok(value),
                Err(error)
                    if n < self.strategy.max_attempts()
                        && error
                            .client_error()
                            .is_some_and(|e| e.kind() == ErrorKind::InvalidResponse) =>
                {
                    self.wait(n, &error).await;
                    n += 1;
                }
                Err(error) => return Err(error),
            }
        }
    }
}

/// Whether trying again may help.
pub(crate) fn retryable(error: &Error) -> bool {
    match error {
        Error::Request { source, .. } => {
            source.is_retryable()
                || matches!(source.kind(), ErrorKind::InvalidResponse | ErrorKind::Body)
        }
        Error::Integrity { .. } => true,
        Error::Part { source, .. } => retryable(source),
        _ => false,
    }
}
