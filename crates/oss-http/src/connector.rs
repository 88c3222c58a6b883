//! Making connections for the pooled hyper client: DNS (with optional overrides), TCP,
//! an HTTP `CONNECT` tunnel through a proxy, TLS (rustls, certificates verified), all within
//! the connect timeout; and the read-idle watchdog on every connection.
//!
//! The watchdog ([`IdleIo`]) fails a connection on which a read or write has been waiting
//! for the idle timeout with no byte moving in either direction. It measures progress, not
//! total time, so a large but steady transfer is never cut, and a long upload keeps the
//! connection alive while the server is silent. A pooled connection that stays idle for that
//! long is closed, which is harmless: the pool opens another.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpSocket, TcpStream};
use tokio::time::{Instant, Sleep};
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use crate::endpoint::Scheme;
use crate::proxy::ProxyConfig;

/// The TLS configuration used unless the caller supplies one: the Mozilla roots from
/// webpki-roots, the ring provider, TLS 1.2 and 1.3, HTTP/1.1 by ALPN. Built once.
pub(crate) fn default_tls_config() -> Arc<rustls::ClientConfig> {
    static CONFIG: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let roots = rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            let config = tls_builder()
                .with_root_certificates(roots)
                .with_no_client_auth();
            Arc::new(http1_only(config))
        })
        .clone()
}

/// A rustls builder with the ring provider pinned, so that no process-wide default provider
/// is needed (and none can be the wrong one).
pub(crate) fn tls_builder() -> rustls::ConfigBuilder<rustls::ClientConfig, rustls::WantsVerifier> {
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("the ring provider supports the default TLS versions")
}

/// This client speaks HTTP/1.1 only; offering h2 by ALPN would confuse servers.
pub(crate) fn http1_only(mut config: rustls::ClientConfig) -> rustls::ClientConfig {
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config
}

/// Why a connection could not be made.
#[derive(Debug)]
pub(crate) enum ConnectError {
    /// The whole connect phase took longer than the connect timeout.
    Timeout(Duration),
    /// The URI has no host, or an unsupported scheme.
    BadUri(String),
    /// Name resolution failed or returned no address.
    Resolve(io::Error),
    /// TCP connect failed (refused, unreachable, ...).
    Tcp(io::Error),
    /// The proxy refused the tunnel or answered with something that is not HTTP.
    Proxy(String),
    /// The TLS handshake failed (including certificate verification).
    Tls(io::Error),
}

impl ConnectError {
    /// Whether trying again may help: not for bad URIs, certificate failures or a proxy
    /// that refuses (e.g. 407).
    pub(crate) fn is_retryable(&self) -> bool {
        match self {
            ConnectError::Timeout(_) | ConnectError::Resolve(_) | ConnectError::Tcp(_) => true,
            ConnectError::Tls(e) => e.kind() != io::ErrorKind::InvalidData,
            ConnectError::BadUri(_) | ConnectError::Proxy(_) => false,
        }
    }
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConnectError::Timeout(after) => {
                write!(f, "connecting took longer than {} ms", after.as_millis())
            }
            ConnectError::BadUri(message) => write!(f, "cannot connect: {message}"),
            ConnectError::Resolve(e) => write!(f, "cannot resolve the host: {e}"),
            ConnectError::Tcp(e) => write!(f, "TCP connect failed: {e}"),
            ConnectError::Proxy(message) => write!(f, "proxy tunnel failed: {message}"),
            ConnectError::Tls(e) => write!(f, "TLS handshake failed: {e}"),
        }
    }
}

impl StdError for ConnectError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            ConnectError::Resolve(e) | ConnectError::Tcp(e) | ConnectError::Tls(e) => Some(e),
            _ => None,
        }
    }
}

/// What the connector needs to know; shared by every connection attempt.
pub(crate) struct ConnectorSettings {
    pub(crate) tls: Arc<rustls::ClientConfig>,
    pub(crate) proxy: ProxyConfig,
    pub(crate) connect_timeout: Duration,
    pub(crate) read_idle_timeout: Option<Duration>,
    pub(crate) resolve: HashMap<String, SocketAddr>,
}

/// The `tower::Service<Uri>` that hyper-util's pooled client calls for new connections.
#[derive(Clone)]
pub(crate) struct Connector {
    settings: Arc<ConnectorSettings>,
    tls: TlsConnector,
}

impl Connector {
    pub(crate) fn new(settings: ConnectorSettings) -> Self {
        let tls = TlsConnector::from(settings.tls.clone());
        Connector {
            settings: Arc::new(settings),
            tls,
        }
    }
}

impl tower_service::Service<Uri> for Connector {
    type Response = TokioIo<MaybeTls>;
    type Error = ConnectError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, ConnectError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), ConnectError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let connector = self.clone();
        Box::pin(async move {
            let timeout = connector.settings.connect_timeout;
            let stream = tokio::time::timeout(timeout, connector.connect(&uri))
                .await
                .map_err(|_| ConnectError::Timeout(timeout))??;
            Ok(TokioIo::new(stream))
        })
    }
}

impl Connector {
    async fn connect(&self, uri: &Uri) -> Result<MaybeTls, ConnectError> {
        let scheme = match uri.scheme_str() {
            Some("https") => Scheme::Https,
            Some("http") => Scheme::Http,
            other => {
                return Err(ConnectError::BadUri(format!(
                    "unsupported scheme {other:?}"
                )))
            }
        };
        let host = uri
            .host()
            .ok_or_else(|| ConnectError::BadUri("the URI has no host".to_owned()))?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let port = uri.port_u16().unwrap_or(scheme.default_port());
        let proxy = self.settings.proxy.proxy_for(scheme, host, port);

        let tcp = match proxy {
            Some(proxy) => self.tcp_connect(proxy.host(), proxy.port()).await?,
            None => self.tcp_connect(host, port).await?,
        };
        // The watchdog sits under TLS so that it sees every byte, not only whole records.
        let tcp = IdleIo::new(tcp, self.settings.read_idle_timeout);
        match scheme {
            Scheme::Http => Ok(MaybeTls::Plain {
                stream: tcp,
                proxied: proxy.is_some(),
            }),
            Scheme::Https => {
                let mut tcp = tcp;
                if let Some(proxy) = proxy {
                    tunnel(&mut tcp, host, port, proxy.authorization()).await?;
                }
                let server_name = ServerName::try_from(host.to_owned())
                    .map_err(|e| ConnectError::BadUri(format!("invalid TLS server name: {e}")))?;
                let tls = self
                    .tls
                    .connect(server_name, tcp)
                    .await
                    .map_err(ConnectError::Tls)?;
                Ok(MaybeTls::Tls(Box::new(tls)))
            }
        }
    }

    async fn tcp_connect(&self, host: &str, port: u16) -> Result<TcpStream, ConnectError> {
        let addresses: Vec<SocketAddr> = match self.settings.resolve.get(host) {
            Some(address) => vec![SocketAddr::new(
                address.ip(),
                if address.port() == 0 {
                    port
                } else {
                    address.port()
                },
            )],
            None => tokio::net::lookup_host((host, port))
                .await
                .map_err(ConnectError::Resolve)?
                .collect(),
        };
        let mut last_error = None;
        for address in addresses {
            let socket = match address {
                SocketAddr::V4(_) => TcpSocket::new_v4(),
                SocketAddr::V6(_) => TcpSocket::new_v6(),
            }
            .map_err(ConnectError::Tcp)?;
            // TCP keep-alive notices dead peers on long-idle pooled connections.
            let _ = socket.set_keepalive(true);
            match socket.connect(address).await {
                Ok(stream) => {
                    let _ = stream.set_nodelay(true);
                    return Ok(stream);
                }
                Err(e) => last_error = Some(e),
            }
        }
        Err(match last_error {
            Some(e) => ConnectError::Tcp(e),
            None => ConnectError::Resolve(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no address found for {host}"),
            )),
        })
    }
}

/// Asks an HTTP proxy for a tunnel to `host:port` and reads its answer.
async fn tunnel(
    tcp: &mut IdleIo<TcpStream>,
    host: &str,
    port: u16,
    authorization: Option<&str>,
) -> Result<(), ConnectError> {
    let authority = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let mut request = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if let Some(authorization) = authorization {
        request.push_str("Proxy-Authorization: ");
        request.push_str(authorization);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    tcp.write_all(request.as_bytes())
        .await
        .map_err(|e| ConnectError::Proxy(format!("sending CONNECT: {e}")))?;

    // Read the answer head byte by byte-ish: nothing after it may be consumed, since it is
    // the start of the tunnelled TLS stream (a proxy sends nothing there, but be strict).
    let mut head = Vec::with_capacity(256);
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 8 * 1024 {
            return Err(ConnectError::Proxy(
                "the proxy's answer is too long".to_owned(),
            ));
        }
        let n = tcp
            .read(&mut byte)
            .await
            .map_err(|e| ConnectError::Proxy(format!("reading the CONNECT answer: {e}")))?;
        if n == 0 {
            return Err(ConnectError::Proxy(
                "the proxy closed the connection".to_owned(),
            ));
        }
        head.push(byte[0]);
    }
    let status_line = head.split(|&b| b == b'\r').next().unwrap_or_default();
    let status_line = String::from_utf8_lossy(status_line);
    let mut parts = status_line.split_whitespace();
    let version_ok = parts.next().is_some_and(|v| v.starts_with("HTTP/1."));
    match parts.next() {
        Some(code) if version_ok && code.starts_with('2') => Ok(()),
        Some("407") => Err(ConnectError::Proxy(
            "the proxy requires authentication (407)".to_owned(),
        )),
        _ => Err(ConnectError::Proxy(format!(
            "the proxy answered {status_line:?}"
        ))),
    }
}

/// A plain or TLS TCP stream, with the watchdog on the TCP stream.
pub(crate) enum MaybeTls {
    /// Plain TCP; `proxied` when requests on it go to an HTTP proxy in absolute form.
    Plain {
        stream: IdleIo<TcpStream>,
        proxied: bool,
    },
    /// TLS over TCP (boxed: the TLS state is large).
    Tls(Box<TlsStream<IdleIo<TcpStream>>>),
}

impl AsyncRead for MaybeTls {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            MaybeTls::Plain { stream: s, .. } => Pin::new(s).poll_read(cx, buf),
            MaybeTls::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for MaybeTls {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            MaybeTls::Plain { stream: s, .. } => Pin::new(s).poll_write(cx, buf),
            MaybeTls::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            MaybeTls::Plain { stream: s, .. } => Pin::new(s).poll_write_vectored(cx, bufs),
            MaybeTls::Tls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            MaybeTls::Plain { stream: s, .. } => s.is_write_vectored(),
            MaybeTls::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            MaybeTls::Plain { stream: s, .. } => Pin::new(s).poll_flush(cx),
            MaybeTls::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            MaybeTls::Plain { stream: s, .. } => Pin::new(s).poll_shutdown(cx),
            MaybeTls::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// The error an [`IdleIo`] fails with; found again in hyper's error chain to report a
/// [`TimeoutKind::ReadIdle`](crate::TimeoutKind::ReadIdle).
#[derive(Debug)]
pub(crate) struct IdleTimeoutElapsed(pub(crate) Duration);

impl fmt::Display for IdleTimeoutElapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no data moved for {} ms", self.0.as_millis())
    }
}

impl StdError for IdleTimeoutElapsed {}

/// A stream with the read-idle watchdog (see the module documentation).
///
/// The timer is armed when a read or write first has to wait, disarmed by any progress in
/// either direction, and fails the waiting operation when it fires.
pub(crate) struct IdleIo<T> {
    inner: T,
    idle_timeout: Option<Duration>,
    timer: Option<Pin<Box<Sleep>>>,
    armed: bool,
}

impl<T> IdleIo<T> {
    fn new(inner: T, idle_timeout: Option<Duration>) -> Self {
        IdleIo {
            inner,
            idle_timeout,
            timer: None,
            armed: false,
        }
    }

    fn progressed(&mut self) {
        self.armed = false;
    }

    /// Called when an operation is waiting: arms the timer if needed and fails once it fired.
    fn check_stall<R>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<R>> {
        let Some(idle_timeout) = self.idle_timeout else {
            return Poll::Pending;
        };
        let deadline = Instant::now() + idle_timeout;
        let timer = self
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if !self.armed {
            self.armed = true;
            timer.as_mut().reset(deadline);
        }
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                IdleTimeoutElapsed(idle_timeout),
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for IdleIo<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(result) => {
                this.progressed();
                Poll::Ready(result)
            }
            Poll::Pending => this.check_stall(cx),
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for IdleIo<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write(cx, buf) {
            Poll::Ready(result) => {
                this.progressed();
                Poll::Ready(result)
            }
            Poll::Pending => this.check_stall(cx),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write_vectored(cx, bufs) {
            Poll::Ready(result) => {
                this.progressed();
                Poll::Ready(result)
            }
            Poll::Pending => this.check_stall(cx),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_flush(cx) {
            Poll::Ready(result) => Poll::Ready(result),
            Poll::Pending => this.check_stall(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_shutdown(cx) {
            Poll::Ready(result) => Poll::Ready(result),
            Poll::Pending => this.check_stall(cx),
        }
    }
}

impl Connection for MaybeTls {
    fn connected(&self) -> Connected {
        let proxied = matches!(self, MaybeTls::Plain { proxied: true, .. });
        Connected::new().proxy(proxied)
    }
}
