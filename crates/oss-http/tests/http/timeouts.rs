//! Read-idle, connect and deadline timeouts, and the per-host connection limit.

use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_core::Stream;
use oss_http::{ErrorKind, HttpClient, OssRequest, RetryStrategy, TimeoutKind};
use tokio::net::{TcpListener, TcpSocket, TcpStream};

use crate::config_for;
use crate::support::{Action, MockServer, Reply};

fn get() -> OssRequest {
    OssRequest::get().bucket("examplebucket").key("object")
}

fn idle_client(server: &MockServer, idle: Duration) -> HttpClient {
    HttpClient::new(
        config_for(server)
            .read_idle_timeout(idle)
            .retry(RetryStrategy::none())
            .build()
            .unwrap(),
    )
    .unwrap()
}

async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| std::pin::Pin::new(&mut *stream).poll_next(cx)).await
}

#[tokio::test]
async fn read_idle_timeout_fires_on_a_stalled_body() {
    let server = MockServer::start(|_| Action::StallAfter {
        reply: Reply::ok(),
        prefix: Bytes::from_static(b"first bytes"),
    })
    .await;
    let client = idle_client(&server, Duration::from_millis(300));
    let response = client.send(get()).await.unwrap();
    let mut body = response.into_body();
    let started = Instant::now();
    assert_eq!(&next(&mut body).await.unwrap().unwrap()[..], b"first bytes");
    let error = next(&mut body).await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error:?}");
    assert_eq!(
        error.timeout_kind(),
        Some(TimeoutKind::ReadIdle(Duration::from_millis(300)))
    );
    assert!(error.is_retryable());
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
    assert!(next(&mut body).await.is_none());
}

#[tokio::test]
async fn a_slow_but_steady_body_is_not_killed() {
    // 12 chunks 100 ms apart: 1.2 s in total, four times the idle timeout.
    let chunks: Vec<Bytes> = (0..12)
        .map(|i| Bytes::from(vec![b'a' + i as u8; 1000]))
        .collect();
    let expected: Vec<u8> = chunks.iter().flat_map(|c| c.to_vec()).collect();
    let server = MockServer::start(move |_| Action::Chunked {
        reply: Reply::ok().header(
            "x-oss-hash-crc64ecma",
            oss_http::crc64::checksum(&expected).to_string(),
        ),
        chunks: chunks.clone(),
        pause: Duration::from_millis(100),
    })
    .await;
    let client = idle_client(&server, Duration::from_millis(300));
    let started = Instant::now();
    let body = client.send(get()).await.unwrap().bytes().await.unwrap();
    assert_eq!(body.len(), 12_000);
    assert!(started.elapsed() >= Duration::from_millis(1100));
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_read_idle_timeout() {
    let server = MockServer::start(|_| Action::Hang).await;
    let client = idle_client(&server, Duration::from_millis(300));
    let error = client.send(get()).await.unwrap_err();
    assert_eq!(
        error.timeout_kind(),
        Some(TimeoutKind::ReadIdle(Duration::from_millis(300))),
        "{error:?}"
    );
    assert!(error.retried_after_ambiguous_failure() || error.attempts() == 1);
}

#[tokio::test]
async fn the_operation_deadline_stops_retries_and_slow_answers() {
    let server = MockServer::start(|_| {
        Action::Delay(
            Duration::from_secs(5),
            Box::new(Action::Respond(Reply::ok())),
        )
    })
    .await;
    let client = HttpClient::new(config_for(&server).build().unwrap()).unwrap();
    let started = Instant::now();
    let error = client
        .send(get().deadline(Duration::from_millis(300)))
        .await
        .unwrap_err();
    assert_eq!(
        error.timeout_kind(),
        Some(TimeoutKind::Deadline(Duration::from_millis(300)))
    );
    assert!(!error.is_retryable());
    assert_eq!(error.attempts(), 1);
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn the_operation_deadline_covers_the_body() {
    let chunks: Vec<Bytes> = (0..20).map(|_| Bytes::from_static(b"0123456789")).collect();
    let server = MockServer::start(move |_| Action::Chunked {
        reply: Reply::ok(),
        chunks: chunks.clone(),
        pause: Duration::from_millis(100),
    })
    .await;
    let client = HttpClient::new(
        config_for(&server)
            .operation_timeout(Duration::from_millis(400))
            .build()
            .unwrap(),
    )
    .unwrap();
    let error = client.send(get()).await.unwrap().bytes().await.unwrap_err();
    assert!(
        matches!(error.timeout_kind(), Some(TimeoutKind::Deadline(_))),
        "{error:?}"
    );
}

/// Connecting to a listener whose accept queue is full hangs (Linux drops the SYN), which
/// exercises the TCP part of the connect timeout without leaving the machine.
#[tokio::test]
async fn connect_timeout_on_a_full_accept_queue() {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let address = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    let mut full = false;
    for _ in 0..64 {
        match tokio::time::timeout(Duration::from_millis(200), TcpStream::connect(address)).await {
            Ok(Ok(stream)) => fillers.push(stream),
            _ => {
                full = true;
                break;
            }
        }
    }
    if !full {
        eprintln!(
            "this kernel never let a connect hang; the TLS-handshake variant covers the timeout"
        );
        return;
    }
    let client = HttpClient::new(
        oss_http::ClientConfig::builder()
            .endpoint(format!("http://{address}"))
            .region("cn-hangzhou")
            .credentials_provider(crate::support::test_credentials())
            .proxy(oss_http::proxy::ProxyConfig::none())
            .connect_timeout(Duration::from_millis(300))
            .retry(RetryStrategy::none())
            .build()
            .unwrap(),
    )
    .unwrap();
    let started = Instant::now();
    let error = client.send(get()).await.unwrap_err();
    assert_eq!(
        error.timeout_kind(),
        Some(TimeoutKind::Connect),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(3));
    drop(listener);
}

/// A server that accepts TCP but never answers the TLS ClientHello: the handshake is part
/// of the connect phase.
#[tokio::test]
async fn connect_timeout_covers_the_tls_handshake() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let holder = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let client = HttpClient::new(
        oss_http::ClientConfig::builder()
            .endpoint(format!("https://{address}"))
            .region("cn-hangzhou")
            .credentials_provider(crate::support::test_credentials())
            .proxy(oss_http::proxy::ProxyConfig::none())
            .connect_timeout(Duration::from_millis(300))
            .retry(crate::fast_retries())
            .build()
            .unwrap(),
    )
    .unwrap();
    let started = Instant::now();
    let error = client.send(get()).await.unwrap_err();
    assert_eq!(
        error.timeout_kind(),
        Some(TimeoutKind::Connect),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 3);
    assert!(!error.retried_after_ambiguous_failure());
    assert!(started.elapsed() < Duration::from_secs(5));
    holder.abort();
}

#[tokio::test]
async fn connections_are_kept_alive_and_limited_per_host() {
    let chunks = vec![Bytes::from_static(b"slow"), Bytes::from_static(b"body")];
    let server = MockServer::start(move |r| match r.index {
        0 => Action::Chunked {
            reply: Reply::ok(),
            chunks: chunks.clone(),
            pause: Duration::from_millis(50),
        },
        _ => Action::Respond(Reply::object("fast")),
    })
    .await;
    let client = HttpClient::new(
        config_for(&server)
            .max_connections_per_host(1)
            .build()
            .unwrap(),
    )
    .unwrap();
    let first = client.send(get()).await.unwrap();
    // The only slot is held by the unfinished first body.
    let blocked = tokio::time::timeout(Duration::from_millis(300), client.send(get())).await;
    assert!(
        blocked.is_err(),
        "the second request must wait for the first body"
    );
    assert_eq!(&first.bytes().await.unwrap()[..], b"slowbody");
    let second = client.send(get()).await.unwrap();
    assert_eq!(&second.bytes().await.unwrap()[..], b"fast");
    let third = client.send(get()).await.unwrap();
    assert_eq!(&third.bytes().await.unwrap()[..], b"fast");
    assert_eq!(
        server.connection_count(),
        1,
        "one keep-alive connection serves all requests"
    );
}

/// An idle pooled connection is closed by the watchdog; the next request opens a new one
/// instead of failing.
#[tokio::test]
async fn an_idle_pooled_connection_is_replaced_not_reported() {
    let server = MockServer::start(|_| Action::Respond(Reply::object("again"))).await;
    let client = idle_client(&server, Duration::from_millis(200));
    for _ in 0..2 {
        let body = client.send(get()).await.unwrap().bytes().await.unwrap();
        assert_eq!(&body[..], b"again");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(server.request_count(), 2);
    assert_eq!(server.connection_count(), 2);
}
