//! Swapping the HTTP layer: a transport that records each attempt and forwards it to the
//! default one (against the mock server, retries and signing unchanged), and transports of
//! their own that answer without any network (a body streamed in chunks, checked by the
//! client's CRC-64 like any other) or fail (sorted into retryable errors).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use oss_http::{
    BoxFuture, DefaultTransport, Error, HttpClient, HttpTransport, IncomingBody, OssRequest,
    OutgoingBody,
};

use crate::config_for;
use crate::support::{Action, MockServer, Reply};

/// Records each request's method, path and whether it was signed, then forwards it.
struct Recorder {
    inner: DefaultTransport,
    seen: Arc<Mutex<Vec<String>>>,
}

impl HttpTransport for Recorder {
    fn send(
        &self,
        request: http::Request<OutgoingBody>,
    ) -> BoxFuture<Result<http::Response<IncomingBody>, Error>> {
        let signed = request.headers().contains_key(http::header::AUTHORIZATION);
        self.seen.lock().unwrap().push(format!(
            "{} {} signed={signed}",
            request.method(),
            request.uri().path()
        ));
        self.inner.send(request)
    }
}

#[tokio::test]
async fn a_recording_transport_sees_every_attempt_and_forwards_it() {
    let answered = Arc::new(AtomicU32::new(0));
    let count = Arc::clone(&answered);
    // The first answer is a 503: the client's retry loop goes through the transport again.
    let server = MockServer::start(move |_| {
        if count.fetch_add(1, Ordering::SeqCst) == 0 {
            Action::Respond(Reply::error(503, "ServiceUnavailable"))
        } else {
            Action::Respond(Reply::object("through the recorder"))
        }
    })
    .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let config = config_for(&server)
        .wrap_transport(move |inner| Arc::new(Recorder { inner, seen: log }))
        .build()
        .unwrap();
    assert!(format!("{config:?}").contains("transport: \"custom\""));
    let client = HttpClient::new(config).unwrap();
    let response = client
        .send(OssRequest::get().bucket("examplebucket").key("k.txt"))
        .await
        .unwrap();
    assert_eq!(
        &response.bytes().await.unwrap()[..],
        b"through the recorder"
    );
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "GET /examplebucket/k.txt signed=true",
            "GET /examplebucket/k.txt signed=true"
        ]
    );
    assert_eq!(server.request_count(), 2);
}

/// Answers every request itself, with `chunks` as the body, or fails each attempt.
struct Canned {
    chunks: Vec<&'static [u8]>,
    crc64: Option<u64>,
    fail: bool,
    calls: AtomicU32,
}

impl HttpTransport for Canned {
    fn send(
        &self,
        _: http::Request<OutgoingBody>,
    ) -> BoxFuture<Result<http::Response<IncomingBody>, Error>> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.fail {
            let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
            return Box::pin(async move { Err(Error::connection_failed(refused, false)) });
        }
        let chunks: Vec<Result<http_body::Frame<Bytes>, std::io::Error>> = self
            .chunks
            .iter()
            .map(|c| Ok(http_body::Frame::data(Bytes::from_static(c))))
            .collect();
        let length: usize = self.chunks.iter().map(|c| c.len()).sum();
        let mut response = http::Response::builder()
            .status(200)
            .header("content-length", length)
            .header("x-oss-request-id", "canned");
        if let Some(crc) = self.crc64 {
            response = response.header("x-oss-hash-crc64ecma", crc.to_string());
        }
        let body = http_body_util::StreamBody::new(futures_util_stream(chunks));
        let response = response.body(IncomingBody::new(body)).unwrap();
        Box::pin(async move { Ok(response) })
    }
}

/// The chunks as a stream (no extra dependency: a small iterator stream).
fn futures_util_stream<T: Unpin + Send>(
    items: Vec<T>,
) -> impl futures_core::Stream<Item = T> + Send + Unpin {
    struct Iter<T>(std::vec::IntoIter<T>);
    impl<T: Unpin> futures_core::Stream for Iter<T> {
        type Item = T;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<T>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Iter(items.into_iter())
}

fn canned_client(canned: Arc<Canned>) -> HttpClient {
    let config = oss_http::ClientConfig::builder()
        .endpoint("http://oss.invalid")
        .region("cn-hangzhou")
        .credentials_provider(crate::support::test_credentials())
        .retry(crate::fast_retries())
        .transport(canned)
        .build()
        .unwrap();
    HttpClient::new(config).unwrap()
}

#[tokio::test]
async fn a_transport_of_its_own_answers_without_a_network() {
    let body: [&'static [u8]; 3] = [b"one ", b"two ", b"three"];
    let crc = oss_http::crc64::checksum(b"one two three");
    let canned = Arc::new(Canned {
        chunks: body.to_vec(),
        crc64: Some(crc),
        fail: false,
        calls: AtomicU32::new(0),
    });
    let client = canned_client(Arc::clone(&canned));
    let response = client
        .send(OssRequest::get().bucket("examplebucket").key("k"))
        .await
        .unwrap();
    assert_eq!(response.request_id(), Some("canned"));
    assert_eq!(&response.bytes().await.unwrap()[..], b"one two three");

    // A body that does not match its CRC-64 is caught by the client, whatever the transport.
    let wrong = Arc::new(Canned {
        chunks: body.to_vec(),
        crc64: Some(crc ^ 1),
        fail: false,
        calls: AtomicU32::new(0),
    });
    let error = canned_client(wrong)
        .send(OssRequest::get().bucket("examplebucket").key("k"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap_err();
    assert!(error.is_integrity(), "{error}");
}

#[tokio::test]
async fn a_transports_failures_are_retried_and_name_the_host() {
    let canned = Arc::new(Canned {
        chunks: Vec::new(),
        crc64: None,
        fail: true,
        calls: AtomicU32::new(0),
    });
    let error = canned_client(Arc::clone(&canned))
        .send(OssRequest::get().bucket("examplebucket").key("k"))
        .await
        .unwrap_err();
    assert_eq!(canned.calls.load(Ordering::SeqCst), 3, "{error}");
    assert_eq!(error.attempts(), 3);
    assert!(error.to_string().contains("oss.invalid"), "{error}");
}
