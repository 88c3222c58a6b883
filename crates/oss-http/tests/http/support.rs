//! A scriptable mock server for the transport tests: a real hyper server on 127.0.0.1:0
//! whose answers a test scripts per request (respond, delay, stream slowly, stall, reset the
//! connection, corrupt a byte), and which records every request it saw and checks its
//! signature with oss-auth's verifier.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, Request, Response, StatusCode};
use http_body::{Body, Frame};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use oss_auth::encoding::{decode, parse_query};
use oss_auth::verify::{Verifier, VerifyError};
use oss_auth::{Credentials, SignableRequest};
use tokio::net::{TcpListener, TcpStream};

/// The credentials the mock accepts.
pub fn test_credentials() -> Credentials {
    Credentials::new("test-access-key-id", "test-secret-key-value")
}

/// Where the bucket of a request is found, for signature verification.
#[derive(Clone, Debug)]
pub enum BucketFrom {
    /// The first path segment (path style).
    Path,
    /// The host is `{bucket}.{suffix}` (virtual-hosted).
    HostSuffix(String),
    /// The host is a CNAME of this bucket.
    Fixed(String),
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// 0 for the first request.
    pub index: usize,
    pub method: String,
    /// The request target as sent (origin form, or absolute form through a proxy).
    pub target: String,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The bucket and key the verifier derived.
    pub bucket: Option<String>,
    pub key: Option<String>,
    /// `None` if the mock does not verify; otherwise the verifier's answer.
    pub verified: Option<Result<(), VerifyError>>,
    pub arrived: Instant,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// What the server does with a request.
pub enum Action {
    /// Answer at once.
    Respond(Reply),
    /// Wait, then do the inner action.
    Delay(Duration, Box<Action>),
    /// Send the head, then the body in chunks with a pause before each.
    Chunked {
        reply: Reply,
        chunks: Vec<Bytes>,
        pause: Duration,
    },
    /// Send the head and `prefix`, then never send anything more.
    StallAfter { reply: Reply, prefix: Bytes },
    /// Close the connection with a TCP reset without answering.
    Reset,
    /// Send the head and `prefix`, then reset the connection.
    ResetAfter { reply: Reply, prefix: Bytes },
    /// Send the head (declaring `prefix` + 1,000,000 bytes) and `prefix`, wait a little so
    /// that they arrive, then close the connection mid-body.
    BreakAfter { reply: Reply, prefix: Bytes },
    /// Never answer (the connection stays open).
    Hang,
}

/// A response.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

impl Reply {
    pub fn new(status: u16) -> Self {
        Reply {
            status: StatusCode::from_u16(status).unwrap(),
            headers: vec![("x-oss-request-id".into(), "mock-request-id".into())],
            body: Bytes::new(),
        }
    }

    pub fn ok() -> Self {
        Self::new(200)
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// An OSS XML error.
    pub fn error(status: u16, code: &str) -> Self {
        Self::new(status).body(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>mock {code}</Message><RequestId>mock-request-id</RequestId><HostId>mock-host</HostId><EC>0000-00000000</EC></Error>"
        ))
    }

    /// A 200 with the body and its CRC-64 header.
    pub fn object(data: impl Into<Bytes>) -> Self {
        let data = data.into();
        let crc = oss_http::crc64::checksum(&data);
        Self::ok()
            .header("x-oss-hash-crc64ecma", crc.to_string())
            .body(data)
    }
}

type Handler = dyn Fn(&Recorded) -> Action + Send + Sync;

struct Verification {
    verifier: Verifier,
    credentials: Credentials,
    bucket_from: BucketFrom,
    clock_offset: Duration,
}

struct State {
    handler: Box<Handler>,
    requests: Mutex<Vec<Recorded>>,
    verification: Option<Verification>,
    connections: Mutex<usize>,
}

/// A running mock server; it stops when dropped.
pub struct MockServer {
    address: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Builds a [`MockServer`].
pub struct MockBuilder {
    verification: Option<Verification>,
    tls: Option<Arc<rustls::ServerConfig>>,
}

impl MockServer {
    pub fn builder() -> MockBuilder {
        MockBuilder {
            verification: None,
            tls: None,
        }
    }

    /// A server that answers with `handler` and does not verify signatures.
    pub async fn start(handler: impl Fn(&Recorded) -> Action + Send + Sync + 'static) -> Self {
        Self::builder().start(handler).await
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    pub fn request_count(&self) -> usize {
        self.state.requests.lock().unwrap().len()
    }

    pub fn connection_count(&self) -> usize {
        *self.state.connections.lock().unwrap()
    }
}

impl MockBuilder {
    /// Verifies every request's signature with oss-auth's verifier (V4 scoped to `region`,
    /// or V1), with the server's clock `clock_offset` ahead of the real one.
    pub fn verify(mut self, region: &str, bucket_from: BucketFrom, clock_offset: Duration) -> Self {
        self.verification = Some(Verification {
            verifier: Verifier::new().region(region),
            credentials: test_credentials(),
            bucket_from,
            clock_offset,
        });
        self
    }

    /// Verifies with these credentials instead of the default test ones.
    pub fn verify_credentials(mut self, credentials: Credentials) -> Self {
        if let Some(verification) = &mut self.verification {
            verification.credentials = credentials;
        }
        self
    }

    /// Serves HTTPS with this configuration.
    pub fn tls(mut self, config: Arc<rustls::ServerConfig>) -> Self {
        self.tls = Some(config);
        self
    }

    pub async fn start(
        self,
        handler: impl Fn(&Recorded) -> Action + Send + Sync + 'static,
    ) -> MockServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let state = Arc::new(State {
            handler: Box::new(handler),
            requests: Mutex::new(Vec::new()),
            verification: self.verification,
            connections: Mutex::new(0),
        });
        let tls = self.tls.map(tokio_rustls::TlsAcceptor::from);
        let accept_state = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                *accept_state.connections.lock().unwrap() += 1;
                let state = accept_state.clone();
                let tls = tls.clone();
                tokio::spawn(async move {
                    // A second handle on the socket, to set SO_LINGER 0 for a reset.
                    let std_stream = tcp.into_std().unwrap();
                    let killer = TcpStream::from_std(std_stream.try_clone().unwrap()).unwrap();
                    let tcp = TcpStream::from_std(std_stream).unwrap();
                    let killer = Arc::new(killer);
                    let service = service_fn(move |request| {
                        let state = state.clone();
                        let killer = killer.clone();
                        async move { handle(state, killer, request).await }
                    });
                    let builder = hyper::server::conn::http1::Builder::new();
                    match tls {
                        Some(acceptor) => {
                            if let Ok(stream) = acceptor.accept(tcp).await {
                                let _ = builder
                                    .serve_connection(TokioIo::new(stream), service)
                                    .await;
                            }
                        }
                        None => {
                            let _ = builder.serve_connection(TokioIo::new(tcp), service).await;
                        }
                    }
                });
            }
        });
        MockServer {
            address,
            state,
            task,
        }
    }
}

#[derive(Debug)]
pub struct Abort;

impl std::fmt::Display for Abort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("scripted abort")
    }
}

impl std::error::Error for Abort {}

async fn handle(
    state: Arc<State>,
    killer: Arc<TcpStream>,
    request: Request<Incoming>,
) -> Result<Response<ScriptedBody>, Abort> {
    let arrived = Instant::now();
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    let target = parts.uri.to_string();
    let mut recorded = Recorded {
        index: 0,
        method: parts.method.to_string(),
        target,
        headers: parts.headers.clone(),
        body,
        bucket: None,
        key: None,
        verified: None,
        arrived,
    };
    if let Some(verification) = &state.verification {
        verify(verification, &parts, &mut recorded);
    }
    let action = {
        let mut requests = state.requests.lock().unwrap();
        recorded.index = requests.len();
        requests.push(recorded.clone());
        (state.handler)(&recorded)
    };
    run(action, killer).await
}

fn verify(verification: &Verification, parts: &http::request::Parts, recorded: &mut Recorded) {
    let path = parts.uri.path();
    let host = parts
        .headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let host = host.split(':').next().unwrap_or_default();
    let (bucket, key) = match &verification.bucket_from {
        BucketFrom::Path => {
            let trimmed = path.trim_start_matches('/');
            match trimmed.split_once('/') {
                Some((bucket, key)) => (Some(bucket.to_owned()), Some(key.to_owned())),
                None if trimmed.is_empty() => (None, None),
                None => (Some(trimmed.to_owned()), None),
            }
        }
        BucketFrom::HostSuffix(suffix) => {
            let bucket = host
                .strip_suffix(suffix.as_str())
                .and_then(|b| b.strip_suffix('.'))
                .map(str::to_owned);
            (bucket, Some(path.trim_start_matches('/').to_owned()))
        }
        BucketFrom::Fixed(bucket) => (
            Some(bucket.clone()),
            Some(path.trim_start_matches('/').to_owned()),
        ),
    };
    let key = key
        .filter(|k| !k.is_empty())
        .map(|k| decode(&k, false).into_owned());
    let query = parse_query(parts.uri.query().unwrap_or_default());
    let query_refs: Vec<(&str, &str)> = query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let headers: Vec<(&str, &str)> = parts
        .headers
        .iter()
        .filter_map(|(n, v)| Some((n.as_str(), v.to_str().ok()?)))
        .collect();
    let signable = SignableRequest {
        method: parts.method.as_str(),
        host: None,
        path: Some(parts.uri.path()),
        bucket: bucket.as_deref(),
        key: key.as_deref(),
        query: &query_refs,
        headers: &headers,
    };
    let now = SystemTime::now() + verification.clock_offset;
    let result = verification
        .verifier
        .verify(&signable, now, |id| {
            (id == verification.credentials.access_key_id())
                .then(|| verification.credentials.clone())
        })
        .map(|_| ());
    recorded.bucket = bucket;
    recorded.key = key;
    recorded.verified = Some(result);
}

fn build(reply: &Reply, body: ScriptedBody) -> Response<ScriptedBody> {
    let mut response = Response::new(body);
    *response.status_mut() = reply.status;
    for (name, value) in &reply.headers {
        response.headers_mut().append(
            http::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    response
}

fn run(
    action: Action,
    killer: Arc<TcpStream>,
) -> Pin<Box<dyn Future<Output = Result<Response<ScriptedBody>, Abort>> + Send>> {
    Box::pin(async move {
        match action {
            Action::Respond(reply) => {
                let body =
                    ScriptedBody::new(vec![(Duration::ZERO, reply.body.clone())], End::Finish);
                let mut response = build(&reply, body);
                response
                    .headers_mut()
                    .insert("content-length", reply.body.len().into());
                Ok(response)
            }
            Action::Delay(delay, inner) => {
                tokio::time::sleep(delay).await;
                run(*inner, killer).await
            }
            Action::Chunked {
                reply,
                chunks,
                pause,
            } => {
                let total: usize = chunks.iter().map(Bytes::len).sum();
                let body = ScriptedBody::new(
                    chunks.into_iter().map(|c| (pause, c)).collect(),
                    End::Finish,
                );
                let mut response = build(&reply, body);
                response
                    .headers_mut()
                    .insert("content-length", total.into());
                Ok(response)
            }
            Action::StallAfter { reply, prefix } => {
                let declared = prefix.len() + 1_000_000;
                let mut response = build(
                    &reply,
                    ScriptedBody::new(vec![(Duration::ZERO, prefix)], End::Stall),
                );
                response
                    .headers_mut()
                    .insert("content-length", declared.into());
                Ok(response)
            }
            Action::Reset => {
                let _ = killer.set_zero_linger();
                Err(Abort)
            }
            Action::ResetAfter { reply, prefix } => {
                let _ = killer.set_zero_linger();
                let declared = prefix.len() + 1_000_000;
                let mut response = build(
                    &reply,
                    ScriptedBody::new(vec![(Duration::ZERO, prefix)], End::Fail),
                );
                response
                    .headers_mut()
                    .insert("content-length", declared.into());
                Ok(response)
            }
            Action::BreakAfter { reply, prefix } => {
                let declared = prefix.len() + 1_000_000;
                let mut response = build(
                    &reply,
                    ScriptedBody::new(
                        vec![(Duration::ZERO, prefix)],
                        End::FailAfter(Duration::from_millis(20)),
                    ),
                );
                response
                    .headers_mut()
                    .insert("content-length", declared.into());
                Ok(response)
            }
            Action::Hang => {
                std::future::pending::<()>().await;
                unreachable!()
            }
        }
    })
}

#[derive(Clone, Copy, PartialEq)]
enum End {
    Finish,
    Stall,
    Fail,
    FailAfter(Duration),
}

/// A response body that yields chunks after pauses, then ends, stalls or fails.
pub struct ScriptedBody {
    chunks: VecDeque<(Duration, Bytes)>,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    end: End,
}

impl ScriptedBody {
    fn new(chunks: Vec<(Duration, Bytes)>, end: End) -> Self {
        ScriptedBody {
            chunks: chunks.into_iter().filter(|(_, c)| !c.is_empty()).collect(),
            sleep: None,
            end,
        }
    }
}

impl Body for ScriptedBody {
    type Data = Bytes;
    type Error = Abort;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Abort>>> {
        let this = &mut *self;
        if let Some((pause, _)) = this.chunks.front() {
            if !pause.is_zero() {
                let pause = *pause;
                let sleep = this
                    .sleep
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(pause)));
                if sleep.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                this.sleep = None;
            }
            let (_, chunk) = this.chunks.pop_front().unwrap();
            return Poll::Ready(Some(Ok(Frame::data(chunk))));
        }
        match this.end {
            End::Finish => Poll::Ready(None),
            End::Stall => Poll::Pending,
            End::Fail => Poll::Ready(Some(Err(Abort))),
            End::FailAfter(pause) => {
                let sleep = this
                    .sleep
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(pause)));
                if sleep.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                Poll::Ready(Some(Err(Abort)))
            }
        }
    }
}

/// Loads the self-signed `localhost` certificate used by the TLS tests.
pub fn tls_server_config() -> Arc<rustls::ServerConfig> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = vec![CertificateDer::from_pem_slice(include_bytes!("data/localhost.pem")).unwrap()];
    let key = PrivateKeyDer::from_pem_slice(include_bytes!("data/localhost.key")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    Arc::new(config)
}

/// A client TLS configuration that trusts the test certificate.
pub fn tls_client_config() -> Arc<rustls::ClientConfig> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(include_bytes!("data/localhost.pem")).unwrap())
        .unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    Arc::new(config)
}
