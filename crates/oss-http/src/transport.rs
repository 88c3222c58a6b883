//! The send layer: a pooled hyper-util client over the [`Connector`], a limit on concurrent
//! requests per host, and the translation of hyper's errors into [`Error`]s.
//!
//! It sends what it is given; it knows nothing about buckets, signatures or retries.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::header::{HeaderValue, PROXY_AUTHORIZATION};
use http::{Request, Response, Uri};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::connector::{ConnectError, Connector, ConnectorSettings, IdleTimeoutElapsed};
use crate::endpoint::Scheme;
use crate::error::{Error, Phase, TimeoutKind};
use crate::outgoing_body::{BodyFailed, BodyReport, OutgoingBody};
use crate::proxy::ProxyConfig;

/// How the transport is built.
pub(crate) struct TransportSettings {
    pub(crate) connector: ConnectorSettings,
    pub(crate) max_connections_per_host: usize,
    pub(crate) pool_idle_timeout: Duration,
}

/// The pooled HTTP/1.1 client. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Transport {
    client: Client<Connector, OutgoingBody>,
    limits: Arc<HostLimits>,
    proxy: Arc<ProxyConfig>,
}

impl Transport {
    pub(crate) fn new(settings: TransportSettings) -> Self {
        let proxy = Arc::new(settings.connector.proxy.clone());
        let max = settings.max_connections_per_host.max(1);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(settings.pool_idle_timeout)
            .pool_max_idle_per_host(max)
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .build(Connector::new(settings.connector));
        Transport {
            client,
            limits: Arc::new(HostLimits {
                max,
                hosts: Mutex::new(HashMap::new()),
            }),
            proxy,
        }
    }

    /// Waits for a free slot for `uri`'s host. The slot is held until the permit is dropped,
    /// i.e. until the response body is finished, since HTTP/1.1 holds the connection as long.
    pub(crate) async fn acquire(&self, uri: &Uri) -> OwnedSemaphorePermit {
        let key = format!(
            "{}://{}",
            uri.scheme_str().unwrap_or("http"),
            uri.authority().map(|a| a.as_str()).unwrap_or_default()
        );
        let semaphore = {
            let mut hosts = self.limits.hosts.lock().unwrap_or_else(|e| e.into_inner());
            hosts
                .entry(key)
                .or_insert_with(|| Arc::new(Semaphore::new(self.limits.max)))
                .clone()
        };
        semaphore
            .acquire_owned()
            .await
            .expect("host semaphores are never closed")
    }

    /// Sends a request. `report` is the body's report, where a failing body leaves its error.
    pub(crate) async fn send(
        &self,
        mut request: Request<OutgoingBody>,
        report: &BodyReport,
    ) -> Result<Response<Incoming>, Error> {
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
                if let Ok(value) = HeaderValue::from_str(authorization) {
                    let mut value = value;
                    value.set_sensitive(true);
                    request.headers_mut().insert(PROXY_AUTHORIZATION, value);
                }
            }
        }
        let uri = request.uri().clone();
        self.client.request(request).await.map_err(|error| {
            report
                .take_error()
                .unwrap_or_else(|| classify_client_error(error))
                .with_peer(|| self.describe_peer(&uri))
        })
    }

    /// `host:port` of `uri`, and the proxy its requests go through (`… through the proxy
    /// host:port`), for errors.
    fn describe_peer(&self, uri: &Uri) -> String {
        let scheme = match uri.scheme_str() {
            Some("http") => Scheme::Http,
            _ => Scheme::Https,
        };
        let host = uri.host().unwrap_or_default();
        let port = uri.port_u16().unwrap_or(match scheme {
            Scheme::Http => 80,
            Scheme::Https => 443,
        });
        match self
            .proxy
            .proxy_for(scheme, host.trim_matches(['[', ']']), port)
        {
            Some(proxy) => format!(
                "{host}:{port} through the proxy {}:{}",
                proxy.host(),
                proxy.port()
            ),
            None => format!("{host}:{port}"),
        }
    }
}

struct HostLimits {
    max: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

fn classify_client_error(error: hyper_util::client::legacy::Error) -> Error {
    let phase = if error.is_connect() {
        Phase::BeforeSend
    } else {
        Phase::InFlight
    };
    classify(Box::new(error), phase)
}

/// Turns a hyper (or hyper-util, or IO) error into an [`Error`] by what its cause chain says.
pub(crate) fn classify(error: Box<dyn StdError + Send + Sync>, phase: Phase) -> Error {
    let mut retryable = phase == Phase::BeforeSend;
    let mut cause: Option<&(dyn StdError + 'static)> = Some(error.as_ref());
    while let Some(current) = cause {
        if let Some(idle) = current.downcast_ref::<IdleTimeoutElapsed>() {
            return Error::timeout(TimeoutKind::ReadIdle(idle.0));
        }
        if current.downcast_ref::<BodyFailed>().is_some() {
            return Error::body("the request body failed", Some(error));
        }
        if let Some(connect) = current.downcast_ref::<ConnectError>() {
            if let ConnectError::Timeout(_) = connect {
                return Error::timeout(TimeoutKind::Connect);
            }
            let retryable = connect.is_retryable();
            let message = connect.to_string();
            return Error::transport(message, Phase::BeforeSend, retryable, Some(error));
        }
        if let Some(hyper_error) = current.downcast_ref::<hyper::Error>() {
            // The connection broke or closed before the exchange completed.
            if hyper_error.is_incomplete_message()
                || hyper_error.is_closed()
                || hyper_error.is_canceled()
                || hyper_error.is_body_write_aborted()
            {
                retryable = true;
            }
        }
        if let Some(io_error) = current.downcast_ref::<io::Error>() {
            if let Some(idle) = io_error
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<IdleTimeoutElapsed>())
            {
                return Error::timeout(TimeoutKind::ReadIdle(idle.0));
            }
            if matches!(
                io_error.kind(),
                io::ErrorKind::ConnectionReset
                    | io::ErrorKind::ConnectionAborted
                    | io::ErrorKind::ConnectionRefused
                    | io::ErrorKind::BrokenPipe
                    | io::ErrorKind::UnexpectedEof
                    | io::ErrorKind::TimedOut
                    | io::ErrorKind::NotConnected
            ) {
                retryable = true;
            }
        }
        cause = current.source();
    }
    let message = match phase {
        Phase::BeforeSend => "connecting failed",
        Phase::InFlight => "the connection failed during the exchange",
    };
    Error::transport(message, phase, retryable, Some(error))
}
