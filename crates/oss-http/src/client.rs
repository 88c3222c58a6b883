//! [`HttpClient`]: runs each [`OssRequest`] through the layers, in one direction:
//!
//! ```text
//! build (addressing: URL, fixed headers, Content-MD5)
//!   └─ retry loop ─┬─ sign (fresh credentials, fresh time, clock offset)
//!                  ├─ send (per-host slot, pooled connection, timeouts)
//!                  └─ check (status → ServiceError, clock-skew correction, upload CRC;
//!                            download CRC wraps the body)
//! ```
//!
//! Each layer is a small module ([`endpoint`](crate::endpoint), `sign`, `transport`,
//! `check`); this one only sequences them and decides about retries.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderName, HeaderValue, CONTENT_LENGTH, USER_AGENT};
use http::{Method, Request, StatusCode, Uri};
use tokio::time::Instant;
use tracing::field::Empty;
use tracing::Instrument;

use crate::check::{check_upload_crc, service_error};
use crate::config::ClientConfig;
use crate::endpoint::Endpoint;
use crate::error::{Error, RequestContext, TimeoutKind};
use crate::exchange::{DefaultTransport, HttpTransport};
use crate::outgoing_body::{BodyReport, OutgoingBody};
use crate::request::OssRequest;
use crate::request_body::RequestBody;
use crate::response::OssResponse;
use crate::response_body::ResponseBody;
use crate::resume::Resume;
use crate::retry::{allows_retry, RetryDecision, RetryEvent};
use crate::sign::{RequestSigner, SigningTarget};
use crate::transport::Transport;

/// The OSS HTTP client: cheap to clone (one shared pool), `Send + Sync`.
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    config: ClientConfig,
    transport: Transport,
    signer: RequestSigner,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("config", &self.inner.config)
            .field("clock_offset_ms", &self.inner.signer.clock_offset_ms())
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A client for `config`. No connection is made until the first request; this needs no
    /// runtime, but requests must be sent from within a tokio runtime.
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        let sender: Arc<dyn HttpTransport> = match &config.transport {
            Some(custom) => Arc::clone(custom),
            None => Arc::new(DefaultTransport::new(&config)),
        };
        let transport = Transport::with_sender(
            sender,
            Arc::new(config.proxy.clone()),
            config.max_connections_per_host,
        );
        let signer = RequestSigner::new(
            config.signature_version,
            config.region.clone(),
            config.provider,
        )?;
        Ok(HttpClient {
            inner: Arc::new(ClientInner {
                config,
                transport,
                signer,
            }),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.config.endpoint
    }

    /// The URL a request for this bucket, key and query would go to (for presigning in the
    /// client layer).
    pub fn url(
        &self,
        bucket: Option<&str>,
        key: Option<&str>,
        query: &[(String, String)],
    ) -> Result<Uri, Error> {
        let config = &self.inner.config;
        config
            .endpoint
            .url(config.addressing_style, bucket, key, query)
    }

    /// The correction applied to the local clock when signing, learnt from the server after
    /// a `RequestTimeTooSkewed` (milliseconds, server minus local).
    pub fn clock_offset_ms(&self) -> i64 {
        self.inner.signer.clock_offset_ms()
    }

    /// The time requests are signed with: the local clock corrected by
    /// [`clock_offset_ms`](Self::clock_offset_ms). Presigned URLs should use it too.
    pub fn signing_time(&self) -> std::time::SystemTime {
        self.inner.signer.now()
    }

    /// Sends a request; returns once the response head arrived. The body streams from the
    /// connection (see [`ResponseBody`]). Error statuses are returned as [`Error`]s.
    pub async fn send(&self, request: OssRequest) -> Result<OssResponse, Error> {
        self.execute(request, false).await
    }

    /// Sends a request and reads the whole body into memory, retrying (when allowed) if the
    /// connection breaks mid-body or the body fails its CRC check.
    pub async fn send_buffered(&self, request: OssRequest) -> Result<OssResponse, Error> {
        self.execute(request, true).await
    }

    async fn execute(&self, mut request: OssRequest, buffered: bool) -> Result<OssResponse, Error> {
        let span = tracing::debug_span!(
            "oss_request",
            operation = %request.operation,
            bucket = request.bucket.as_deref().unwrap_or(""),
            key = request.key.as_deref().unwrap_or(""),
            attempt = Empty,
            status = Empty,
            request_id = Empty,
        );
        let context = RequestContext {
            operation: request.operation.to_string(),
            bucket: request.bucket.clone(),
            key: request.key.clone(),
            attempts: 0,
            ambiguous_retry: false,
        };
        let budget = request.deadline.or(self.inner.config.operation_timeout);
        let deadline = budget.map(|budget| (Instant::now() + budget, budget));
        // Counted outside the attempts' future, which the deadline may cancel.
        let attempts = AtomicU32::new(0);
        let run = self.run_attempts(&mut request, buffered, deadline, &span, &attempts);
        let result = match deadline {
            Some((at, budget)) => match tokio::time::timeout_at(at, run).await {
                Ok(result) => result,
                Err(_) => {
                    let mut error = Error::timeout(TimeoutKind::Deadline(budget));
                    error.set_attempts(attempts.load(Ordering::Relaxed), false);
                    Err(error)
                }
            },
            None => run.await,
        };
        result.map_err(|error| {
            let (attempts, ambiguous) = (error.attempts(), error.retried_after_ambiguous_failure());
            let mut error = error.with_context(context);
            error.set_attempts(attempts, ambiguous);
            span.in_scope(|| tracing::debug!(%error, "request failed"));
            error
        })
    }

    async fn run_attempts(
        &self,
        request: &mut OssRequest,
        buffered: bool,
        deadline: Option<(Instant, Duration)>,
        span: &tracing::Span,
        attempt_counter: &AtomicU32,
    ) -> Result<OssResponse, Error> {
        request.check_valid()?;
        let config = &self.inner.config;
        let uri = self.url(
            request.bucket.as_deref(),
            request.key.as_deref(),
            &request.query,
        )?;
        // Every attempt sends the same bytes: a whole file's length is fixed once.
        request.body.resolve_length().await?;
        let content_md5 = if request.content_md5 {
            Some(request.body.content_md5().await?)
        } else {
            None
        };
        let strategy = config.retry;
        let initial_crc = request.upload_check.map(|check| check.initial_crc());
        let mut attempts = 0u32;
        let mut ambiguous = false;
        loop {
            attempts += 1;
            attempt_counter.store(attempts, Ordering::Relaxed);
            span.record("attempt", attempts);
            let (body, report) = request.body.for_attempt(attempts, initial_crc)?;
            let watch = AttemptWatch {
                body: &request.body,
                attempt: attempts,
                report: &report,
                failed: true,
            };
            let shared = Shared {
                uri: &uri,
                content_md5: content_md5.as_deref(),
                buffered,
                deadline,
                span,
                attempt: attempts,
            };
            let outcome = self
                .attempt(request, &shared, body, &report)
                .instrument(span.clone())
                .await;
            let mut error = match outcome {
                Ok(mut response) => {
                    watch.succeeded();
                    response.attempts = attempts;
                    response.ambiguous_retry = ambiguous;
                    return Ok(response);
                }
                Err(error) => error,
            };
            drop(watch);
            // Tower's rule: only what can be sent again from its first byte is retried.
            let replayable = request.body.can_send_again();
            if !allows_retry(
                &strategy,
                request.retry_safety,
                &error,
                attempts,
                replayable,
            ) {
                error.set_attempts(attempts, ambiguous);
                return Err(error);
            }
            // The clock was just corrected: the next attempt can go at once.
            let delay = if error.is_clock_skew() {
                Duration::ZERO
            } else {
                strategy.backoff(attempts)
            };
            let may_have_been_applied = error.may_have_been_applied();
            if let Some(hook) = &request.retry_hook {
                let event = RetryEvent {
                    operation: &request.operation,
                    attempts,
                    error: &error,
                    may_have_been_applied,
                    delay,
                };
                if hook.before_retry(&event) == RetryDecision::Stop {
                    error.set_attempts(attempts, ambiguous);
                    return Err(error);
                }
            }
            ambiguous |= may_have_been_applied;
            span.in_scope(|| {
                tracing::debug!(
                    attempt = attempts,
                    delay_ms = delay.as_millis() as u64,
                    error = %error,
                    "retrying"
                )
            });
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt: sign, send, check, with this attempt's `body` and its `report`.
    async fn attempt(
        &self,
        request: &OssRequest,
        shared: &Shared<'_>,
        body: OutgoingBody,
        report: &BodyReport,
    ) -> Result<OssResponse, Error> {
        let Shared {
            uri,
            content_md5,
            buffered,
            deadline,
            span,
            ..
        } = *shared;
        let inner = &*self.inner;
        let config = &inner.config;
        let provider = config.provider;

        // Build.
        let mut headers = request.headers.clone();
        let length = request.body.known_length();
        let has_payload =
            !request.body.is_empty_body() || matches!(request.method, Method::PUT | Method::POST);
        if let (Some(length), true) = (length, has_payload) {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
        }
        if let Some(md5) = content_md5 {
            headers.insert(
                HeaderName::from_static("content-md5"),
                HeaderValue::from_str(md5).expect("base64 is a valid header value"),
            );
        }
        if !headers.contains_key(USER_AGENT) {
            if let Ok(agent) = HeaderValue::from_str(&config.user_agent) {
                headers.insert(USER_AGENT, agent);
            }
        }

        // Sign, with credentials fetched now: they may have been refreshed since the last
        // attempt.
        if let Some(provider) = config.credentials.as_ref().filter(|_| !request.unsigned) {
            let credentials = provider
                .provide_credentials()
                .await
                .map_err(Error::credentials)?;
            inner.signer.sign(
                &mut headers,
                &SigningTarget {
                    method: request.method.as_str(),
                    host: uri.authority().map(|a| a.as_str()),
                    path: uri.path(),
                    bucket: request.bucket.as_deref(),
                    key: request.key.as_deref(),
                    query: &request.query,
                },
                &credentials,
            )?;
        }

        // Send.
        let mut http_request = Request::new(body);
        *http_request.method_mut() = request.method.clone();
        *http_request.uri_mut() = uri.clone();
        *http_request.headers_mut() = headers;
        let permit = inner.transport.acquire(uri).await;
        let started = Instant::now();
        let sent = inner.transport.send(http_request, report).await;
        let response = match sent {
            Ok(response) => response,
            Err(error) => {
                log_exchange(&request.method, uri, Err(&error), shared.attempt, started);
                return Err(error);
            }
        };

        // Check.
        let status = response.status();
        let request_id = response
            .headers()
            .get(provider.request_id_header)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        log_exchange(
            &request.method,
            uri,
            Ok((status, request_id.as_deref())),
            shared.attempt,
            started,
        );
        span.record("status", status.as_u16());
        if let Some(id) = &request_id {
            span.record("request_id", id.as_str());
        }
        if !status.is_success() {
            let (error, server_time) = service_error(response, provider).await;
            if error.is_clock_skew() && config.correct_clock_skew {
                if let Some(server_time) = server_time {
                    inner.signer.correct_clock(server_time);
                }
            }
            return Err(error);
        }
        let server_crc = response
            .headers()
            .get(provider.crc64_header)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let sent_crc64 = match request.upload_check {
            Some(check) => {
                check_upload_crc(check, report.crc(), server_crc)?;
                report.crc()
            }
            None => None,
        };
        let check_download = request.download_crc
            && request.method == Method::GET
            && status == StatusCode::OK
            && !request
                .query
                .iter()
                .any(|(name, _)| name == provider.processing_param);
        let expected_crc = if check_download { server_crc } else { None };
        let (parts, incoming) = response.into_parts();
        let resume = if request.resume_broken_body && !buffered {
            let at = deadline.map(|(at, _)| at);
            Resume::for_response(self, request, status, &parts.headers, at)
        } else {
            None
        };
        let mut body = ResponseBody::streaming(incoming, expected_crc, deadline, permit, resume);
        if buffered {
            body = ResponseBody::from_bytes(body.bytes().await?);
        }
        Ok(OssResponse {
            status,
            headers: parts.headers,
            request_id,
            body,
            attempts: 0,
            ambiguous_retry: false,
            crc64_header: provider.crc64_header,
            sent_crc64,
        })
    }
}

/// One debug line per attempt (target `oss_http::request`): method, host, path, status or
/// error, request id, attempt, duration. Never the query (it may hold a presigned URL's
/// signature) nor a header (they hold the credentials).
fn log_exchange(
    method: &Method,
    uri: &Uri,
    outcome: Result<(StatusCode, Option<&str>), &Error>,
    attempt: u32,
    started: Instant,
) {
    let host = uri.authority().map(|a| a.as_str()).unwrap_or_default();
    let duration_ms = started.elapsed().as_millis() as u64;
    match outcome {
        Ok((status, request_id)) => tracing::debug!(
            target: "oss_http::request",
            %method,
            host,
            path = uri.path(),
            status = status.as_u16(),
            request_id = request_id.unwrap_or("-"),
            attempt,
            duration_ms,
            "request"
        ),
        Err(error) => tracing::debug!(
            target: "oss_http::request",
            %method,
            host,
            path = uri.path(),
            %error,
            attempt,
            duration_ms,
            "request failed"
        ),
    }
}

/// What every attempt of one request shares.
#[derive(Clone, Copy)]
struct Shared<'a> {
    uri: &'a Uri,
    content_md5: Option<&'a str>,
    /// Read the response body within the attempt.
    buffered: bool,
    deadline: Option<(Instant, Duration)>,
    span: &'a tracing::Span,
    /// The attempt's number (1 for the first).
    attempt: u32,
}

/// Tells a body's observers that its attempt failed, unless told it succeeded; also when the
/// attempt is abandoned (the deadline passed, or the caller dropped the request).
struct AttemptWatch<'a> {
    body: &'a RequestBody,
    attempt: u32,
    report: &'a BodyReport,
    failed: bool,
}

impl AttemptWatch<'_> {
    fn succeeded(mut self) {
        self.failed = false;
    }
}

impl Drop for AttemptWatch<'_> {
    fn drop(&mut self) {
        if self.failed {
            self.body.attempt_failed(self.attempt, self.report.sent());
        }
    }
}
