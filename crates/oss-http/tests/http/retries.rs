//! Retries under injected 503s and resets, bounded backoff, and the cases that must not be
//! retried.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use oss_http::{
    ErrorKind, HttpClient, OssRequest, RequestBody, RetryDecision, RetryEvent, RetryHook,
    RetrySafety, RetryStrategy,
};

use crate::support::{Action, MockServer, Reply};
use crate::{client_for, config_for};

fn get() -> OssRequest {
    OssRequest::get()
        .operation("GetObject")
        .bucket("examplebucket")
        .key("object")
}

#[tokio::test]
async fn retries_503_then_succeeds_with_bounded_backoff() {
    let server = MockServer::start(|r| match r.index {
        0 | 1 => Action::Respond(Reply::error(503, "ServiceUnavailable")),
        _ => Action::Respond(Reply::object("hello")),
    })
    .await;
    let client = HttpClient::new(
        config_for(&server)
            .retry(
                RetryStrategy::standard()
                    .with_base_delay(Duration::from_millis(5))
                    .with_max_delay(Duration::from_millis(30)),
            )
            .build()
            .unwrap(),
    )
    .unwrap();
    let started = Instant::now();
    let response = client.send(get()).await.unwrap();
    assert_eq!(response.attempts(), 3);
    assert!(
        response.retried_after_ambiguous_failure(),
        "a 503 may have been applied"
    );
    assert_eq!(response.request_id(), Some("mock-request-id"));
    assert_eq!(&response.bytes().await.unwrap()[..], b"hello");
    assert_eq!(server.request_count(), 3);
    // Two waits, each below the 30 ms cap (plus scheduling slack).
    let requests = server.requests();
    for pair in requests.windows(2) {
        let gap = pair[1].arrived - pair[0].arrived;
        assert!(
            gap < Duration::from_millis(500),
            "gap {gap:?} exceeds the backoff cap"
        );
    }
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn gives_up_after_the_last_attempt() {
    let server =
        MockServer::start(|_| Action::Respond(Reply::error(503, "ServiceUnavailable"))).await;
    let error = client_for(&server).send(get()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Service);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.code(), Some("ServiceUnavailable"));
    assert_eq!(error.request_id(), Some("mock-request-id"));
    assert_eq!(error.attempts(), 3);
    assert!(error.is_retryable() && error.is_throttled());
    assert_eq!(error.operation(), "GetObject");
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn retries_connection_resets_before_and_during_the_body() {
    let server = MockServer::start(|r| match r.index {
        0 => Action::Reset,
        1 => Action::ResetAfter {
            reply: Reply::ok(),
            prefix: Bytes::from_static(b"partial"),
        },
        _ => Action::Respond(Reply::object("complete body")),
    })
    .await;
    let response = client_for(&server).send_buffered(get()).await.unwrap();
    assert_eq!(response.attempts(), 3);
    assert_eq!(&response.bytes().await.unwrap()[..], b"complete body");
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn a_reset_before_the_answer_is_a_retryable_transport_error() {
    let server = MockServer::start(|_| Action::Reset).await;
    let error = client_for(&server).send(get()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn connection_refused_is_retried() {
    // Bind and drop a listener to get a port with nothing behind it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = HttpClient::new(
        oss_http::ClientConfig::builder()
            .endpoint(format!("http://127.0.0.1:{port}"))
            .region("cn-hangzhou")
            .credentials_provider(crate::support::test_credentials())
            .proxy(oss_http::proxy::ProxyConfig::none())
            .retry(crate::fast_retries())
            .build()
            .unwrap(),
    )
    .unwrap();
    let error = client.send(get()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert!(error.is_retryable());
    assert_eq!(error.attempts(), 3);
    assert!(!error.retried_after_ambiguous_failure(), "nothing was sent");
    // The message says where it tried.
    let peer = format!("127.0.0.1:{port}");
    assert_eq!(error.peer(), Some(peer.as_str()));
    assert!(error.to_string().contains(&peer), "{error}");
}

#[tokio::test]
async fn a_dead_proxy_is_named_in_the_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let proxy = format!("http://127.0.0.1:{port}");
    let client = HttpClient::new(
        oss_http::ClientConfig::builder()
            .endpoint("http://oss-cn-hangzhou.example:8080")
            .region("cn-hangzhou")
            .credentials_provider(crate::support::test_credentials())
            .proxy(
                oss_http::proxy::ProxyConfig::none()
                    .with_all(&proxy)
                    .unwrap(),
            )
            .retry(crate::fast_retries())
            .build()
            .unwrap(),
    )
    .unwrap();
    let error = client.send(get()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains(&format!(
            "oss-cn-hangzhou.example:8080 through the proxy 127.0.0.1:{port}"
        )),
        "{message}"
    );
}

#[tokio::test]
async fn a_one_shot_stream_is_not_retried() {
    let server =
        MockServer::start(|_| Action::Respond(Reply::error(503, "ServiceUnavailable"))).await;
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![Ok(Bytes::from_static(b"data"))];
    let request = OssRequest::put()
        .bucket("examplebucket")
        .key("object")
        .body(RequestBody::from_stream(ChunkStream(chunks.into()), 4));
    let error = client_for(&server).send(request).await.unwrap_err();
    assert_eq!(error.attempts(), 1);
    assert_eq!(server.request_count(), 1);
    assert_eq!(&server.requests()[0].body[..], b"data");
}

#[tokio::test]
async fn bytes_and_file_bodies_are_replayed() {
    let server = MockServer::start(|r| match r.index {
        0 => Action::Respond(Reply::error(500, "InternalError")),
        _ => Action::Respond(Reply::ok()),
    })
    .await;
    let client = client_for(&server);
    let response = client
        .send(
            OssRequest::put()
                .bucket("examplebucket")
                .key("a")
                .body("payload"),
        )
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
    let requests = server.requests();
    assert_eq!(&requests[0].body[..], b"payload");
    assert_eq!(&requests[1].body[..], b"payload");
}

#[tokio::test]
async fn the_no_retry_strategy_makes_one_attempt() {
    let server =
        MockServer::start(|_| Action::Respond(Reply::error(503, "ServiceUnavailable"))).await;
    let client = HttpClient::new(
        config_for(&server)
            .retry(RetryStrategy::none())
            .build()
            .unwrap(),
    )
    .unwrap();
    let error = client.send(get()).await.unwrap_err();
    assert_eq!(error.attempts(), 1);
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start(|_| Action::Respond(Reply::error(404, "NoSuchKey"))).await;
    let error = client_for(&server).send(get()).await.unwrap_err();
    assert!(error.is_not_found());
    assert!(!error.is_retryable());
    assert_eq!(error.attempts(), 1);
    let service = error.service().unwrap();
    assert_eq!(service.message, "mock NoSuchKey");
    assert_eq!(service.host_id.as_deref(), Some("mock-host"));
    assert_eq!(service.ec.as_deref(), Some("0000-00000000"));
}

#[tokio::test]
async fn not_idempotent_requests_are_retried_only_when_not_applied() {
    // 503 may have been applied: no retry.
    let server =
        MockServer::start(|_| Action::Respond(Reply::error(503, "ServiceUnavailable"))).await;
    let request = OssRequest::post()
        .bucket("examplebucket")
        .key("object")
        .query("append", "")
        .query("position", "0")
        .body("x")
        .retry_safety(RetrySafety::NotIdempotent);
    let error = client_for(&server).send(request).await.unwrap_err();
    assert_eq!(error.attempts(), 1);

    // 429 was rejected before any effect: retried.
    let server = MockServer::start(|r| match r.index {
        0 => Action::Respond(Reply::error(429, "TooManyRequests")),
        _ => Action::Respond(Reply::ok()),
    })
    .await;
    let request = OssRequest::post()
        .bucket("examplebucket")
        .key("object")
        .body("x")
        .retry_safety(RetrySafety::NotIdempotent);
    let response = client_for(&server).send(request).await.unwrap();
    assert_eq!(response.attempts(), 2);
    assert!(!response.retried_after_ambiguous_failure());
}

#[tokio::test]
async fn verify_after_retry_marks_an_append_conflict_for_checking() {
    // The first append was applied but its answer was lost (500); the retry conflicts.
    let server = MockServer::start(|r| match r.index {
        0 => Action::Respond(Reply::error(500, "InternalError")),
        _ => Action::Respond(Reply::error(409, "PositionNotEqualToLength")),
    })
    .await;
    let request = OssRequest::post()
        .operation("AppendObject")
        .bucket("examplebucket")
        .key("log")
        .query("append", "")
        .query("position", "0")
        .body("line\n")
        .retry_safety(RetrySafety::VerifyAfterRetry);
    let error = client_for(&server).send(request).await.unwrap_err();
    assert!(error.is_conflict());
    assert_eq!(error.code(), Some("PositionNotEqualToLength"));
    assert_eq!(error.attempts(), 2);
    assert!(
        error.retried_after_ambiguous_failure(),
        "the caller must HEAD the object to see whether the first append landed"
    );
}

#[derive(Debug, Default)]
struct CountingHook {
    seen: AtomicUsize,
    events: Mutex<Vec<(u32, bool)>>,
    stop_after: usize,
}

impl RetryHook for CountingHook {
    fn before_retry(&self, event: &RetryEvent<'_>) -> RetryDecision {
        self.events
            .lock()
            .unwrap()
            .push((event.attempts, event.may_have_been_applied));
        assert_eq!(event.operation, "GetObject");
        assert!(event.delay <= Duration::from_millis(20));
        if self.seen.fetch_add(1, Ordering::SeqCst) + 1 >= self.stop_after {
            RetryDecision::Stop
        } else {
            RetryDecision::Retry
        }
    }
}

#[tokio::test]
async fn a_retry_hook_sees_and_can_stop_retries() {
    let server =
        MockServer::start(|_| Action::Respond(Reply::error(503, "ServiceUnavailable"))).await;
    let hook = Arc::new(CountingHook {
        stop_after: 2,
        ..Default::default()
    });
    let error = client_for(&server)
        .send(get().retry_hook(hook.clone()))
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 2);
    assert_eq!(*hook.events.lock().unwrap(), vec![(1, true), (2, true)]);
}

pub(crate) struct ChunkStream(pub(crate) std::collections::VecDeque<Result<Bytes, std::io::Error>>);

impl futures_core::Stream for ChunkStream {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.0.pop_front())
    }
}

pub(crate) use ChunkStream as TestStream;
