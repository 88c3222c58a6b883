//! A small HTTP proxy in front of oss-server that breaks chosen requests in ways the server's
//! own faults cannot: it forwards a request, lets the server apply it, and then drops the
//! connection instead of answering (the client cannot know whether it was applied), or
//! forwards a tampered body first.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};

/// What happens to a matching request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Forward it, then drop the connection without answering.
    ApplyThenDrop,
    /// Forward it with every body byte inverted, then drop the connection.
    TamperThenDrop,
}

#[derive(Debug)]
struct Rule {
    method: &'static str,
    query_contains: &'static str,
    action: Action,
    remaining: u32,
}

/// A running proxy.
#[derive(Clone)]
pub struct Proxy {
    pub addr: SocketAddr,
    rules: Arc<Mutex<Vec<Rule>>>,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    /// Starts a proxy to `upstream` on a free port.
    pub async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy = Proxy {
            addr: listener.local_addr().unwrap(),
            rules: Arc::default(),
            seen: Arc::default(),
        };
        let shared = proxy.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let proxy = shared.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let proxy = proxy.clone();
                        async move { proxy.handle(upstream, request).await }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        proxy
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Applies `action` to the next `times` requests with this method whose raw query
    /// contains `query_contains`.
    pub fn rule(
        &self,
        method: &'static str,
        query_contains: &'static str,
        action: Action,
        times: u32,
    ) {
        self.rules.lock().unwrap().push(Rule {
            method,
            query_contains,
            action,
            remaining: times,
        });
    }

    /// `METHOD path?query` of every request seen, in order.
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    fn action_for(&self, method: &str, query: &str) -> Option<Action> {
        let mut rules = self.rules.lock().unwrap();
        let rule = rules
            .iter_mut()
            .find(|r| r.remaining > 0 && r.method == method && query.contains(r.query_contains))?;
        rule.remaining -= 1;
        Some(rule.action)
    }

    async fn handle(
        &self,
        upstream: SocketAddr,
        request: Request<Incoming>,
    ) -> Result<Response<Full<Bytes>>, std::io::Error> {
        let (parts, body) = request.into_parts();
        let query = parts.uri.query().unwrap_or("").to_owned();
        self.seen
            .lock()
            .unwrap()
            .push(format!("{} {}", parts.method, parts.uri));
        let action = self.action_for(parts.method.as_str(), &query);
        let mut body = body
            .collect()
            .await
            .map_err(std::io::Error::other)?
            .to_bytes();
        if action == Some(Action::TamperThenDrop) {
            body = body.iter().map(|b| !b).collect::<Vec<u8>>().into();
        }
        let forwarded = Request::from_parts(parts, Full::new(body));
        let response = forward(upstream, forwarded).await?;
        match action {
            Some(_) => Err(std::io::Error::other("dropped by the test proxy")),
            None => Ok(response),
        }
    }
}

async fn forward(
    upstream: SocketAddr,
    request: Request<Full<Bytes>>,
) -> Result<Response<Full<Bytes>>, std::io::Error> {
    let stream = TcpStream::connect(upstream).await?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(std::io::Error::other)?;
    tokio::spawn(connection);
    let response = sender
        .send_request(request)
        .await
        .map_err(std::io::Error::other)?;
    let (parts, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .map_err(std::io::Error::other)?
        .to_bytes();
    Ok(Response::from_parts(parts, Full::new(body)))
}
