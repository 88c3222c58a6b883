//! A fault-injecting HTTP proxy in front of an oss-server: a given fraction of requests,
//! chosen at random, fails in one of three ways, in equal shares:
//!
//! - **503**: `SlowDown` is answered without forwarding the request;
//! - **reset**: the connection dies mid-transfer. A request with a body (an upload) is cut
//!   after half of its body, before reaching the server, or, as often, forwarded whole and
//!   its answer dropped (the server applied it); a response is cut after half of its body;
//! - **corrupt**: one byte of object data is flipped: the request body of an upload
//!   (PutObject, UploadPart) or the response body of a GetObject. Control requests (XML
//!   bodies) are not corrupted: a transfer checks data with CRC-64, and a corrupted listing
//!   or error body would test the XML parser rather than the transfer.
//!
//! The server's own fault injection fires by count, not at random, hence this proxy. It keeps
//! the `Host` header, so signatures still verify.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use http::{Request, Response, StatusCode};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Body = BoxBody<Bytes, BoxError>;

/// How many faults of each kind fired.
#[derive(Debug, Default)]
pub struct Stats {
    pub requests: AtomicU64,
    pub errors: AtomicU64,
    pub resets: AtomicU64,
    pub corruptions: AtomicU64,
}

/// A running proxy (it stops with the runtime).
pub struct FaultProxy {
    pub endpoint: String,
    pub stats: Arc<Stats>,
}

#[derive(Clone, Copy, Debug)]
enum Fault {
    None,
    Error,
    Reset,
    Corrupt,
}

struct Shared {
    upstream: SocketAddr,
    client: Client<HttpConnector, Full<Bytes>>,
    /// The dice, and how many faults were rolled so far.
    rng: Mutex<(StdRng, u64)>,
    rate: f64,
    stats: Arc<Stats>,
}

impl Shared {
    fn roll(&self) -> (Fault, u64) {
        let mut guard = self.rng.lock().unwrap();
        let (rng, rolled) = &mut *guard;
        // Which requests fail is random; the kinds take turns, so that every kind fires in
        // any run with a few faults.
        let fault = if rng.gen_bool(self.rate) {
            *rolled += 1;
            match *rolled % 3 {
                1 => Fault::Error,
                2 => Fault::Reset,
                _ => Fault::Corrupt,
            }
        } else {
            Fault::None
        };
        (fault, rng.gen())
    }
}

/// Starts a proxy to `upstream` failing `rate` of the requests (seeded).
pub async fn start(upstream: SocketAddr, rate: f64, seed: u64) -> FaultProxy {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let stats = Arc::new(Stats::default());
    let shared = Arc::new(Shared {
        upstream,
        client: Client::builder(TokioExecutor::new()).build_http(),
        rng: Mutex::new((StdRng::seed_from_u64(seed), 0)),
        rate,
        stats: Arc::clone(&stats),
    });
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let shared = Arc::clone(&shared);
            tokio::spawn(async move {
                let service = service_fn(move |request| handle(Arc::clone(&shared), request));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    FaultProxy { endpoint, stats }
}

fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never: Infallible| match never {})
        .boxed()
}

/// Whether the request carries object data (PutObject or UploadPart).
fn is_upload(request: &http::request::Parts) -> bool {
    let query = request.uri.query().unwrap_or("");
    request.method == http::Method::PUT
        && !query.contains("acl")
        && !query.contains("tagging")
        && request.headers.get("x-oss-copy-source").is_none()
}

/// Whether the response carries object data (a GetObject).
fn is_download(request: &http::request::Parts) -> bool {
    request.method == http::Method::GET
        && request
            .uri
            .query()
            .is_none_or(|q| !q.contains("uploadId") && !q.contains("uploads"))
        && request.uri.path().trim_start_matches('/').contains('/')
}

async fn handle(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<Body>, BoxError> {
    shared.stats.requests.fetch_add(1, Ordering::Relaxed);
    let (fault, dice) = shared.roll();
    let (parts, mut body) = request.into_parts();
    if let Fault::Error = fault {
        shared.stats.errors.fetch_add(1, Ordering::Relaxed);
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>\
                   <Message>Please reduce your request rate.</Message>\
                   <RequestId>0000000000000000000000FF</RequestId></Error>";
        return Ok(Response::builder()
            .status(StatusCode::SERVICE_UNAVAILABLE)
            .header("content-type", "application/xml")
            .header("x-oss-request-id", "0000000000000000000000FF")
            .header("connection", "close")
            .body(full(xml))?);
    }
    let declared: u64 = parts
        .headers
        .get("content-length")
        .and_then(|v| v.to_str().ok()?.parse().ok())
        .unwrap_or(0);
    let reset_before = matches!(fault, Fault::Reset) && declared > 0 && dice % 2 == 0;
    // Read the request body (only half of it for a reset before forwarding).
    let mut data = BytesMut::new();
    while let Some(frame) = body.frame().await {
        if let Ok(chunk) = frame?.into_data() {
            data.extend_from_slice(&chunk);
        }
        if reset_before && data.len() as u64 >= declared / 2 {
            shared.stats.resets.fetch_add(1, Ordering::Relaxed);
            return Err("injected fault: connection reset mid-request".into());
        }
    }
    if matches!(fault, Fault::Corrupt) && is_upload(&parts) && !data.is_empty() {
        shared.stats.corruptions.fetch_add(1, Ordering::Relaxed);
        let at = (dice as usize) % data.len();
        data[at] ^= 0xFF;
    }
    let mut upstream = Request::builder().method(parts.method.clone()).uri(format!(
        "http://{}{}",
        shared.upstream,
        parts.uri.path_and_query().map_or("/", |p| p.as_str())
    ));
    for (name, value) in &parts.headers {
        upstream = upstream.header(name, value);
    }
    let response = shared
        .client
        .request(upstream.body(Full::new(data.freeze()))?)
        .await?;
    let (mut head, body) = response.into_parts();
    let mut bytes = BytesMut::from(&body.collect().await?.to_bytes()[..]);
    match fault {
        Fault::Reset => {
            shared.stats.resets.fetch_add(1, Ordering::Relaxed);
            if bytes.is_empty() {
                return Err("injected fault: connection reset before the answer".into());
            }
            // Half of the body, then a broken connection.
            let half = bytes.split_to(bytes.len() / 2).freeze();
            let frames: Vec<Result<Frame<Bytes>, BoxError>> = vec![
                Ok(Frame::data(half)),
                Err("injected fault: connection reset mid-response".into()),
            ];
            return Ok(Response::from_parts(
                head,
                StreamBody::new(Frames(frames.into_iter())).boxed(),
            ));
        }
        Fault::Corrupt if is_download(&parts) && !bytes.is_empty() => {
            shared.stats.corruptions.fetch_add(1, Ordering::Relaxed);
            let at = (dice as usize) % bytes.len();
            bytes[at] ^= 0xFF;
        }
        _ => {}
    }
    head.headers.remove("transfer-encoding");
    Ok(Response::from_parts(head, full(bytes.freeze())))
}

/// A fixed list of frames as a stream.
struct Frames(std::vec::IntoIter<Result<Frame<Bytes>, BoxError>>);

impl futures_core::Stream for Frames {
    type Item = Result<Frame<Bytes>, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.next())
    }
}
