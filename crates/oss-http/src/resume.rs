//! Resuming a GET whose body broke mid-way (opt-in with
//! [`OssRequest::resume_broken_body`](crate::OssRequest::resume_broken_body)).
//!
//! A body that breaks after its head arrived cannot be retried by the retry loop: its first
//! bytes were already handed to the caller. It can be continued instead: the rest is asked
//! for with a ranged GET from the first missing byte to the response's last, carrying
//! `If-Match` with the response's ETag, so that the continuation is the same version or a
//! 412 (never a mix), and it must answer 206 with exactly that range.
//!
//! This is the retry loop's policy applied to the body, not a second one: a continuation
//! happens only for a failure the loop would retry ([`Error::is_retryable`]: a broken
//! connection, a read-idle timeout; never the operation deadline), waits the strategy's
//! backoff, and is itself a request sent through the loop (so its own 503s and resets are
//! retried there). The strategy's attempts bound the breaks in a row: at most
//! `max_attempts - 1` continuations without a byte arriving between them; a continuation
//! that delivers data starts the count again, so that a long download survives one break
//! per stretch rather than a fixed number in total.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::exchange::IncomingBody;
use http::header::{HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_RANGE, ETAG, RANGE};
use http::{HeaderMap, Method, StatusCode};
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::Instant;

use crate::client::HttpClient;
use crate::error::{Error, IntegrityError};
use crate::request::OssRequest;
use crate::retry::{RetryHook, RetryStrategy};

/// The connection of a continuation: its body, and the host-limit slot it holds.
pub(crate) type Continuation = (IncomingBody, Option<OwnedSemaphorePermit>);

/// A continuation being requested.
pub(crate) type PendingContinuation =
    Pin<Box<dyn Future<Output = Result<Continuation, Error>> + Send>>;

/// Conditions that would make the continuation answer something else than the rest.
const DROPPED_HEADERS: [HeaderName; 5] = [
    RANGE,
    http::header::IF_MATCH,
    http::header::IF_NONE_MATCH,
    http::header::IF_MODIFIED_SINCE,
    http::header::IF_UNMODIFIED_SINCE,
];

/// How to ask for the rest of one response's body.
pub(crate) struct Resume {
    client: HttpClient,
    /// The GET being continued, without its range and conditions.
    operation: Cow<'static, str>,
    bucket: Option<String>,
    key: Option<String>,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    retry_hook: Option<Arc<dyn RetryHook>>,
    etag: HeaderValue,
    /// The absolute offsets of the next byte expected and of the last byte.
    next: u64,
    last: u64,
    strategy: RetryStrategy,
    /// Continuations in a row without a byte between them.
    breaks: u32,
    deadline: Option<Instant>,
}

impl Resume {
    /// How to continue the body of the response to `request` with `status` and `headers`,
    /// or `None` when it cannot be continued (no ETag, no length, nothing to continue).
    pub(crate) fn for_response(
        client: &HttpClient,
        request: &OssRequest,
        status: StatusCode,
        headers: &HeaderMap,
        deadline: Option<Instant>,
    ) -> Option<Box<Resume>> {
        if request.method != Method::GET {
            return None;
        }
        let etag = headers.get(ETAG)?.clone();
        let (first, last) = match status {
            StatusCode::OK => {
                let length: u64 = header_text(headers, &CONTENT_LENGTH)?.trim().parse().ok()?;
                (0, length.checked_sub(1)?)
            }
            StatusCode::PARTIAL_CONTENT => content_range(header_text(headers, &CONTENT_RANGE)?)?,
            _ => return None,
        };
        let mut kept = request.headers.clone();
        for name in &DROPPED_HEADERS {
            kept.remove(name);
        }
        Some(Box::new(Resume {
            client: client.clone(),
            operation: request.operation.clone(),
            bucket: request.bucket.clone(),
            key: request.key.clone(),
            query: request.query.clone(),
            headers: kept,
            retry_hook: request.retry_hook.clone(),
            etag,
            next: first,
            last,
            strategy: *client.config().retry(),
            breaks: 0,
            deadline,
        }))
    }

    /// `len` more bytes arrived.
    pub(crate) fn advanced(&mut self, len: u64) {
        self.next += len;
        self.breaks = 0;
    }

    /// After the body broke with `error`: the continuation, or `None` to report the error.
    pub(crate) fn continue_after(&mut self, error: &Error) -> Option<PendingContinuation> {
        if !error.is_retryable() || self.next > self.last {
            return None;
        }
        self.breaks += 1;
        if self.breaks >= self.strategy.max_attempts() {
            return None;
        }
        let delay = self.strategy.backoff(self.breaks);
        let request = self.continuation(delay)?;
        let (client, first, last) = (self.client.clone(), self.next, self.last);
        tracing::debug!(
            first,
            last,
            delay_ms = delay.as_millis() as u64,
            %error,
            "resuming a broken body"
        );
        Some(Box::pin(async move {
            tokio::time::sleep(delay).await;
            let response = client.send(request).await?;
            let range = response
                .header(CONTENT_RANGE.as_str())
                .and_then(content_range);
            if response.status() != StatusCode::PARTIAL_CONTENT || range != Some((first, last)) {
                return Err(Error::from_integrity(
                    IntegrityError::LengthMismatch {
                        expected: last - first + 1,
                        actual: response.content_length().unwrap_or(0),
                    },
                    "the server did not answer the rest of the broken body",
                )
                .set_retryable(false));
            }
            response
                .into_body()
                .into_connection()
                .ok_or_else(|| Error::invalid_input("a continuation arrived without a body"))
        }))
    }

    /// The request for the rest, or `None` when the deadline leaves no time for it.
    fn continuation(&self, delay: Duration) -> Option<OssRequest> {
        let mut request = OssRequest::get();
        request.operation = self.operation.clone();
        request.bucket = self.bucket.clone();
        request.key = self.key.clone();
        request.query = self.query.clone();
        request.headers = self.headers.clone();
        request.retry_hook = self.retry_hook.clone();
        // The whole object's CRC, if any, is checked by the body being continued.
        request.download_crc = false;
        let range = format!("bytes={}-{}", self.next, self.last);
        request.headers.insert(
            RANGE,
            HeaderValue::from_str(&range).expect("a byte range is a valid header value"),
        );
        request
            .headers
            .insert(http::header::IF_MATCH, self.etag.clone());
        if let Some(deadline) = self.deadline {
            let left = deadline.checked_duration_since(Instant::now() + delay)?;
            request.deadline = Some(left);
        }
        Some(request)
    }
}

fn header_text<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Option<&'a str> {
    headers.get(name)?.to_str().ok()
}

/// The first and last byte of `Content-Range: bytes FIRST-LAST/TOTAL`.
fn content_range(value: &str) -> Option<(u64, u64)> {
    let range = value.trim().strip_prefix("bytes ")?;
    let (span, _total) = range.split_once('/')?;
    let (first, last) = span.split_once('-')?;
    let (first, last) = (first.trim().parse().ok()?, last.trim().parse().ok()?);
    (first <= last).then_some((first, last))
}

#[cfg(test)]
mod tests {
    use super::content_range;

    #[test]
    fn content_ranges() {
        assert_eq!(content_range("bytes 0-9/100"), Some((0, 9)));
        assert_eq!(content_range("bytes 10-99/*"), Some((10, 99)));
        assert_eq!(content_range("bytes 9-0/100"), None);
        assert_eq!(content_range("bytes */100"), None);
        assert_eq!(content_range("items 0-9/100"), None);
    }
}
