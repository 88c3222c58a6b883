//! The swappable HTTP layer: the [`HttpTransport`] trait (send one prepared request, get a
//! response whose body streams), the [`DefaultTransport`] (the pooled hyper client over
//! rustls, with the configuration's proxy, timeouts and TLS), and the bodies both sides
//! handle ([`OutgoingBody`], [`IncomingBody`]).
//!
//! Everything else stays in [`HttpClient`](crate::HttpClient) whatever the transport:
//! addressing, signing, the retry loop, the per-host connection limit, the checks of
//! statuses and CRC-64s. A transport is called once per attempt (one dynamic call and one
//! boxed future per request); the default transport's response body is read without any
//! indirection per chunk ([`IncomingBody`] is an enum, not a box).
//!
//! ```no_run
//! use std::sync::Arc;
//! use oss_http::{BoxFuture, ClientConfig, DefaultTransport, Error, HttpTransport};
//! use oss_http::{IncomingBody, OutgoingBody};
//!
//! /// Logs every request's method and path, then sends it as usual.
//! struct Logged(DefaultTransport);
//!
//! impl HttpTransport for Logged {
//!     fn send(
//!         &self,
//!         request: http::Request<OutgoingBody>,
//!     ) -> BoxFuture<Result<http::Response<IncomingBody>, Error>> {
//!         eprintln!("{} {}", request.method(), request.uri().path());
//!         self.0.send(request)
//!     }
//! }
//!
//! # fn main() -> Result<(), Error> {
//! let config = ClientConfig::builder()
//!     .region("cn-hangzhou")
//!     .anonymous()
//!     .wrap_transport(|default| Arc::new(Logged(default)))
//!     .build()?;
//! # Ok(())
//! # }
//! ```

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::header::{HeaderValue, PROXY_AUTHORIZATION};
use http::{Request, Response};
use http_body::{Body, Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::config::ClientConfig;
use crate::connector::{default_tls_config, http1_only, Connector, ConnectorSettings};
use crate::endpoint::Scheme;
use crate::error::{Error, Phase};
use crate::proxy::ProxyConfig;
use crate::request_body::BoxError;
use crate::transport::classify;

pub use crate::outgoing_body::{BodyFailed, OutgoingBody};

/// A boxed future that can be sent between threads.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// Sends one prepared request (addressed, signed, with its body) and returns the response
/// as soon as its head arrives, its body streaming. Called once per attempt; the caller
/// retries, limits connections per host and checks what comes back.
///
/// Errors are [`Error`]s: a transport of its own makes them with
/// [`Error::connection_failed`], which sorts timeouts, resets and refusals into retryable or
/// not; a wrapper of the [`DefaultTransport`] passes its errors on.
pub trait HttpTransport: Send + Sync + 'static {
    /// Sends `request`.
    fn send(
        &self,
        request: Request<OutgoingBody>,
    ) -> BoxFuture<Result<Response<IncomingBody>, Error>>;
}

/// The body of a response as a transport delivers it: the default transport's connection,
/// or any other [`Body`] of bytes.
pub struct IncomingBody(Repr);

enum Repr {
    Hyper(Incoming),
    Other(Pin<Box<dyn Body<Data = Bytes, Error = BoxError> + Send + 'static>>),
}

impl std::fmt::Debug for IncomingBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.0 {
            Repr::Hyper(_) => "connection",
            Repr::Other(_) => "custom",
        };
        f.debug_tuple("IncomingBody").field(&kind).finish()
    }
}

impl IncomingBody {
    /// A body of a transport of its own (`http_body_util::Full`, a stream, another
    /// client's body …).
    pub fn new<B>(body: B) -> IncomingBody
    where
        B: Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        use http_body_util::BodyExt;
        IncomingBody(Repr::Other(Box::pin(body.map_err(Into::into))))
    }

    fn hyper(incoming: Incoming) -> IncomingBody {
        IncomingBody(Repr::Hyper(incoming))
    }
}

impl Body for IncomingBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match &mut self.get_mut().0 {
            Repr::Hyper(incoming) => Pin::new(incoming)
                .poll_frame(cx)
                .map(|frame| frame.map(|result| result.map_err(|e| Box::new(e) as BoxError))),
            Repr::Other(body) => body.as_mut().poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.0 {
            Repr::Hyper(incoming) => incoming.is_end_stream(),
            Repr::Other(body) => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.0 {
            Repr::Hyper(incoming) => incoming.size_hint(),
            Repr::Other(body) => body.size_hint(),
        }
    }
}

/// The pooled HTTP/1.1 hyper client over rustls that [`HttpClient`](crate::HttpClient)
/// uses unless given another transport. Cheap to clone.
#[derive(Clone)]
pub struct DefaultTransport {
    client: Client<Connector, OutgoingBody>,
    proxy: Arc<ProxyConfig>,
}

impl std::fmt::Debug for DefaultTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DefaultTransport")
            .field("proxy", &self.proxy)
            .finish_non_exhaustive()
    }
}

impl DefaultTransport {
    /// The transport `config` describes: its TLS settings, proxy, timeouts, resolved hosts
    /// and pool (its own transport, if it has one, is not consulted).
    pub fn new(config: &ClientConfig) -> DefaultTransport {
        let tls = match &config.tls {
            Some(custom) => Arc::new(http1_only(custom.as_ref().clone())),
            None => default_tls_config(),
        };
        Self::with_settings(
            ConnectorSettings {
                tls,
                proxy: config.proxy.clone(),
                connect_timeout: config.connect_timeout,
                read_idle_timeout: config.read_idle_timeout,
                resolve: config.resolve.clone(),
            },
            config.max_connections_per_host,
            config.pool_idle_timeout,
        )
    }

    pub(crate) fn with_settings(
        connector: ConnectorSettings,
        max_idle_per_host: usize,
        pool_idle_timeout: std::time::Duration,
    ) -> DefaultTransport {
        let proxy = Arc::new(connector.proxy.clone());
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(pool_idle_timeout)
            .pool_max_idle_per_host(max_idle_per_host.max(1))
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .build(Connector::new(connector));
        DefaultTransport { client, proxy }
    }

    /// The proxy this transport's requests go through.
    pub(crate) fn proxy(&self) -> &Arc<ProxyConfig> {
        &self.proxy
    }
}

impl HttpTransport for DefaultTransport {
    fn send(
        &self,
        mut request: Request<OutgoingBody>,
    ) -> BoxFuture<Result<Response<IncomingBody>, Error>> {
        // Plain HTTP through a proxy: the proxy sees the request itself, so the credentials
        // go on it (HTTPS proxies get them on CONNECT instead).
        if request.uri().scheme_str() == Some("http") {
            let uri = request.uri();
            let host = uri.host().unwrap_or_default().trim_matches(['[', ']']);
            let port = uri.port_u16().unwrap_or(80);
            if let Some(authorization) = self
                .proxy
                .proxy_for(Scheme::Http, host, port)
                .and_then(|p| p.authorization())
            {
                if let Ok(mut value) = HeaderValue::from_str(authorization) {
                    value.set_sensitive(true);
                    request.headers_mut().insert(PROXY_AUTHORIZATION, value);
                }
            }
        }
        let client = self.client.clone();
        Box::pin(async move {
            match client.request(request).await {
                Ok(response) => Ok(response.map(IncomingBody::hyper)),
                Err(error) => {
                    let phase = if error.is_connect() {
                        Phase::BeforeSend
                    } else {
                        Phase::InFlight
                    };
                    Err(classify(Box::new(error), phase))
                }
            }
        })
    }
}

impl Error {
    /// The error of a transport of its own whose exchange failed with `source`: a timeout,
    /// a reset, a refused or closed connection is sorted by its cause chain (I/O error
    /// kinds), and retried when the retry strategy and the operation allow. `request_sent`
    /// says whether any of the request may have reached the server.
    pub fn connection_failed(source: impl Into<BoxError>, request_sent: bool) -> Error {
        let phase = if request_sent {
            Phase::InFlight
        } else {
            Phase::BeforeSend
        };
        classify(source.into(), phase)
    }
}
