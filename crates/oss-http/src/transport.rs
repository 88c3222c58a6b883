//! The send layer: the [`HttpTransport`] (by default the pooled hyper client), a limit on
//! concurrent requests per host, and errors that name the peer and the proxy.
//!
//! It sends what it is given; it knows nothing about buckets, signatures or retries.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::{Request, Response, Uri};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::connector::{ConnectError, ConnectorSettings, IdleTimeoutElapsed};
use crate::endpoint::Scheme;
use crate::error::{Error, Phase, TimeoutKind};
use crate::exchange::{DefaultTransport, HttpTransport, IncomingBody};
use crate::outgoing_body::{BodyFailed, BodyReport, OutgoingBody};
use crate::proxy::ProxyConfig;

/// How the default transport is built.
pub(crate) struct TransportSettings {
    pub(crate) connector: ConnectorSettings,
    pub(crate) max_connections_per_host: usize,
    pub(crate) pool_idle_timeout: Duration,
}

/// A transport and the per-host limits. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Transport {
    sender: Arc<dyn HttpTransport>,
    limits: Arc<HostLimits>,
    proxy: Arc<ProxyConfig>,
}

impl Transport {
    /// The default transport.
    pub(crate) fn new(settings: TransportSettings) -> Self {
        let max = settings.max_connections_per_host.max(1);
        let default =
            DefaultTransport::with_settings(settings.connector, max, settings.pool_idle_timeout);
        let proxy = Arc::clone(default.proxy());
        Self::with_sender(Arc::new(default), proxy, max)
    }

    /// `sender`, at most `max` requests at a time per host; `proxy` names the proxy in errors.
    pub(crate) fn with_sender(
        sender: Arc<dyn HttpTransport>,
        proxy: Arc<ProxyConfig>,
        max: usize,
    ) -> Self {
        Transport {
            sender,
            limits: Arc::new(HostLimits {
                max: max.max(1),
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
        request: Request<OutgoingBody>,
        report: &BodyReport,
    ) -> Result<Response<IncomingBody>, Error> {
        let uri = request.uri().clone();
        self.sender.send(request).await.map_err(|error| {
            report
                .take_error()
                .unwrap_or(error)
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
