//! Retries: when a failed attempt is tried again, how long to wait, and how operations that
//! are not safe to repeat blindly are protected. This is the only retry loop of the
//! workspace: the layers above declare what a request is (its [`RetrySafety`], its body,
//! its checks) and leave the trying again to it.
//!
//! # The strategy
//! [`RetryStrategy::standard`] makes at most 3 attempts with "full jitter" exponential
//! backoff: before retry number `n` (1, 2, ...) it sleeps `rand[0,1) × min(2^n × base, cap)`,
//! base 200 ms and cap 20 s. [`RetryStrategy::none`] makes one attempt.
//!
//! Only retryable failures are retried ([`Error::is_retryable`]: 5xx, 429, 408, connection
//! reset or refused, timeouts, `RequestTimeTooSkewed` after correcting the clock, a corrupt
//! download read through [`HttpClient::send_buffered`](crate::HttpClient::send_buffered),
//! an upload the server stored with another CRC-64 than was sent, except an append's, whose
//! data stays where it was appended). Each attempt is signed again with a fresh time.
//!
//! # Bodies: send it again from the first byte, or do not retry
//! An attempt is retried only if its body can be sent again from its first byte (tower's
//! "clone the request or do not retry"): empty and bytes bodies are cheap clones, a file
//! range is read again, and a caller's stream only if the failed attempt took no chunk of it
//! (see [`RequestBody`](crate::RequestBody)). The body's
//! [`BodyObserver`](crate::BodyObserver)s see every attempt from its first byte and are told
//! when one failed, so progress, throttling and checksums need no loop of their own.
//!
//! A response body that breaks after its head arrived can be continued instead of failing
//! ([`OssRequest::resume_broken_body`](crate::OssRequest::resume_broken_body)): the
//! continuation is a ranged GET pinned to the response's ETag, sent through this loop, and
//! it follows this strategy: only after a retryable failure, after its backoff, and at most
//! `max_attempts - 1` times in a row without a byte arriving.
//!
//! # Operations that are not idempotent
//! A failure after the request was sent (a reset, a read timeout, a 5xx) leaves open whether
//! the server applied it. Each request says how it may be repeated with [`RetrySafety`]:
//!
//! - [`RetrySafety::Idempotent`] (the default): GET, HEAD, DELETE, PUT of a whole object,
//!   UploadPart and the like; repeating them converges to the same state.
//! - [`RetrySafety::NotIdempotent`]: retried only when the request certainly did not take
//!   effect (the connection could not be made, or the server rejected it with 408, 429 or
//!   `RequestTimeTooSkewed`).
//! - [`RetrySafety::VerifyAfterRetry`]: retried like an idempotent request, but when an
//!   ambiguous failure was retried the outcome is marked
//!   ([`OssResponse::retried_after_ambiguous_failure`](crate::OssResponse::retried_after_ambiguous_failure),
//!   [`Error::retried_after_ambiguous_failure`]) and the caller checks what happened (an
//!   operation whose duplicate is refused by a guard, such as an append's position: the
//!   caller knows how to tell whether the first attempt landed).
//!
//! A per-request [`RetryHook`] sees every retry before it happens and can veto it.

use std::fmt;
use std::time::Duration;

use crate::error::Error;

/// How many attempts to make and how long to wait between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryStrategy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryStrategy {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryStrategy {
    /// 3 attempts in total, full-jitter backoff from a 200 ms base, capped at 20 s.
    pub const fn standard() -> Self {
        RetryStrategy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(20),
        }
    }

    /// One attempt, never retried.
    pub const fn none() -> Self {
        RetryStrategy {
            max_attempts: 1,
            base_delay: Duration::ZERO,
            max_delay: Duration::ZERO,
        }
    }

    /// Sets the total number of attempts (at least 1).
    pub const fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = if max_attempts == 0 { 1 } else { max_attempts };
        self
    }

    /// Sets the base of the exponential backoff.
    pub const fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// Sets the longest wait between two attempts.
    pub const fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// The total number of attempts.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The upper bound of the wait before retry number `retry` (1 for the first retry):
    /// `min(2^retry × base, cap)`.
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        self.base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }

    /// A random wait in `[0, backoff_ceiling(retry))` ("full jitter").
    pub fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self.backoff_ceiling(retry);
        ceiling.mul_f64(rand::random::<f64>())
    }
}

/// Whether a request may be sent again after a failure that leaves open whether the server
/// applied it. See the [module documentation](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetrySafety {
    /// Repeating the request is harmless.
    #[default]
    Idempotent,
    /// Retry only when the request certainly did not take effect.
    NotIdempotent,
    /// Retry, and mark the outcome so that the caller verifies it.
    VerifyAfterRetry,
}

/// What a [`RetryHook`] is told about a retry that is about to happen.
#[derive(Debug)]
#[non_exhaustive]
pub struct RetryEvent<'a> {
    /// The request's operation name.
    pub operation: &'a str,
    /// The number of attempts made so far (1 before the first retry).
    pub attempts: u32,
    /// Why the last attempt failed.
    pub error: &'a Error,
    /// Whether the server may have applied the failed attempt.
    pub may_have_been_applied: bool,
    /// How long the client will wait before the next attempt.
    pub delay: Duration,
}

/// What a [`RetryHook`] decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Go ahead with the retry.
    Retry,
    /// Give up and report the last error.
    Stop,
}

/// Sees each retry of a request before it happens, e.g. to log it, count it, or stop.
///
/// The hook can only veto retries that the strategy and the request's [`RetrySafety`]
/// allow; it cannot add retries.
pub trait RetryHook: Send + Sync + fmt::Debug {
    /// Called before each retry.
    fn before_retry(&self, event: &RetryEvent<'_>) -> RetryDecision;
}

/// Whether `error` after `attempts` attempts is retried, before any hook is asked.
pub(crate) fn allows_retry(
    strategy: &RetryStrategy,
    safety: RetrySafety,
    error: &Error,
    attempts: u32,
    body_replayable: bool,
) -> bool {
    if attempts >= strategy.max_attempts() || !error.is_retryable() || !body_replayable {
        return false;
    }
    match safety {
        RetrySafety::Idempotent | RetrySafety::VerifyAfterRetry => true,
        RetrySafety::NotIdempotent => !error.may_have_been_applied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_bounds() {
        let strategy = RetryStrategy::standard();
        assert_eq!(strategy.backoff_ceiling(1), Duration::from_millis(400));
        assert_eq!(strategy.backoff_ceiling(2), Duration::from_millis(800));
        assert_eq!(strategy.backoff_ceiling(10), Duration::from_secs(20));
        assert_eq!(strategy.backoff_ceiling(200), Duration::from_secs(20));
        for retry in 1..40 {
            assert!(
                strategy.backoff(retry)
                    < strategy.backoff_ceiling(retry).max(Duration::from_nanos(1))
            );
        }
        assert_eq!(RetryStrategy::none().max_attempts(), 1);
        assert_eq!(RetryStrategy::none().with_max_attempts(0).max_attempts(), 1);
    }
}
