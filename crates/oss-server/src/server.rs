//! Running a server: binding, accepting connections, handing each request to the router,
//! and shutting down cleanly.
//!
//! Slow or stalled clients cannot hold the server's memory or descriptors: at most
//! `max_connections` connections are served (more wait in the listen queue), a request's
//! headers must arrive within the header-read timeout (which also closes kept-alive
//! connections left idle), at most 64 KiB of them, and a body that makes no progress for the
//! idle timeout ends the request (a stalled request body, see `request_body`) or the
//! connection (a response the client stopped reading).
//!
//! [`ServerConfig::start`] runs on the caller's tokio runtime and returns a [`ServerHandle`];
//! [`ServerConfig::start_background`] runs on a runtime of its own, so that any test (async or
//! not, on any runtime) can use a server.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use oss_auth::verify::Verifier;
use oss_auth::Credentials;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

use crate::access_log::AccessLog;
use crate::clock::Clock;
use crate::config::{ServerConfig, Storage};
use crate::context::State;
use crate::dialect;
use crate::faults::Faults;
use crate::lifecycle::LifecycleSweep;
use crate::router;
use crate::store::disk::DiskStore;
use crate::store::memory::MemoryStore;
use crate::store::Store;
use crate::sts::Sts;

/// How long shutdown waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// The most header bytes a request may have (OSS allows 8 KB of user metadata alone).
const MAX_HEADER_BYTES: usize = 64 * 1024;

impl ServerConfig {
    /// Binds and starts serving on the current tokio runtime.
    pub async fn start(self) -> io::Result<ServerHandle> {
        let store: Arc<dyn Store> = match &self.storage {
            Storage::Memory => Arc::new(MemoryStore::new()),
            Storage::Directory(dir) => {
                let dir = dir.clone();
                Arc::new(
                    tokio::task::spawn_blocking(move || DiskStore::open(&dir))
                        .await
                        .map_err(io::Error::other)??,
                )
            }
        };
        let credentials = self.credentials();
        let faults = Arc::new(Faults::default());
        for fault in &self.faults {
            faults.add(fault.clone());
        }
        let clock = Arc::new(Clock::default());
        clock.set_skew(self.clock_skew);
        let state = Arc::new(State {
            store,
            verifier: Verifier::with_dialect(dialect::SIGNING).region(self.region.clone()),
            credentials: credentials
                .iter()
                .map(|c| (c.access_key_id().to_owned(), c.clone()))
                .collect(),
            region: self.region.clone(),
            // The region's own endpoints are virtual-hosted domains too: a client pointed at
            // `oss-REGION.DOMAIN` (through a proxy that is this server, or a resolver entry)
            // addresses `bucket.oss-REGION.DOMAIN`.
            domains: self
                .domains
                .iter()
                .cloned()
                .chain([
                    dialect::extranet_endpoint(&self.region),
                    dialect::intranet_endpoint(&self.region),
                ])
                .collect(),
            restore_delay: self.restore_delay,
            faults: Arc::clone(&faults),
            clock: Arc::clone(&clock),
            md5_etags: self.md5_etags,
            admin_endpoint: self.admin_endpoint,
            idle_timeout: self.idle_timeout,
            sts: Sts::new(self.sts_min_duration, self.oidc_tokens.clone()),
            access_log: Arc::default(),
        });
        let listener = TcpListener::bind(self.listen).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        let limits = Limits {
            header_read_timeout: self.header_read_timeout,
            idle_timeout: self.idle_timeout,
            sweep_interval: self.sweep_interval,
            slots: Arc::new(Semaphore::new(self.max_connections)),
        };
        let store = Arc::clone(&state.store);
        let access_log = Arc::clone(&state.access_log);
        let task = tokio::spawn(accept_loop(listener, state, limits, stopped));
        Ok(ServerHandle {
            store,
            access_log,
            addr,
            endpoint: format!("http://{addr}"),
            credentials,
            region: self.region,
            faults,
            clock,
            stop,
            task,
        })
    }

    /// Starts on a runtime of its own (two worker threads); the server stops when the
    /// returned value is dropped. Usable from any test, async or not.
    pub fn start_background(self) -> io::Result<BackgroundServer> {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("oss-server".to_owned())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                runtime.block_on(async move {
                    match self.start().await {
                        Ok(handle) => {
                            let view = HandleView {
                                addr: handle.addr,
                                endpoint: handle.endpoint.clone(),
                                credentials: handle.credentials.clone(),
                                region: handle.region.clone(),
                                faults: Arc::clone(&handle.faults),
                                clock: Arc::clone(&handle.clock),
                                store: Arc::clone(&handle.store),
                                access_log: Arc::clone(&handle.access_log),
                            };
                            let _ = ready_tx.send(Ok(view));
                            let _ = stop_rx.await;
                            handle.shutdown().await;
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                        }
                    }
                });
            })?;
        let view = ready_rx
            .recv()
            .map_err(|_| io::Error::other("the server thread ended before starting"))??;
        Ok(BackgroundServer {
            view,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }
}

/// The limits every connection is served under.
#[derive(Clone)]
struct Limits {
    header_read_timeout: Duration,
    idle_timeout: Duration,
    sweep_interval: Duration,
    /// One permit per connection served.
    slots: Arc<Semaphore>,
}

/// The address a request came from, as its connection's peer (what `acs:SourceIp` policy
/// conditions read).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Peer(pub std::net::IpAddr);

/// A connection accepted while a slot was free, with the slot it holds.
async fn accept(
    listener: &TcpListener,
    slots: &Arc<Semaphore>,
) -> (io::Result<(TcpStream, SocketAddr)>, OwnedSemaphorePermit) {
    let Ok(slot) = Arc::clone(slots).acquire_owned().await else {
        // The semaphore is never closed.
        return std::future::pending().await;
    };
    (listener.accept().await, slot)
}

async fn accept_loop(
    listener: TcpListener,
    state: Arc<State>,
    limits: Limits,
    mut stopped: watch::Receiver<bool>,
) {
    let sweeping = tokio::spawn(sweep_loop(
        Arc::clone(&state),
        limits.sweep_interval,
        stopped.clone(),
    ));
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            (accepted, slot) = accept(&listener, &limits.slots) => match accepted {
                Ok((stream, peer)) => {
                    let _ = stream.set_nodelay(true);
                    let peer = Peer(peer.ip());
                    let serving =
                        serve(stream, peer, Arc::clone(&state), limits.clone(), stopped.clone());
                    connections.spawn(async move {
                        serving.await;
                        drop(slot);
                    });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = stopped.changed() => break,
        }
    }
    drop(listener);
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(SHUTDOWN_GRACE, drain).await.is_err() {
        connections.abort_all();
    }
    let _ = sweeping.await;
}

/// Sweeps the store's leftovers of dead processes, and writes the access logs, every
/// `interval` until the server stops.
async fn sweep_loop(state: Arc<State>, interval: Duration, mut stopped: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = stopped.changed() => return,
        }
        let now = state.clock.now();
        if let Err(e) = crate::access_log::flush(&state.access_log, &state.store, now).await {
            tracing::warn!(error = ?e, "writing the access logs failed");
        }
        let store = Arc::clone(&state.store);
        if let Err(e) = tokio::task::spawn_blocking(move || store.sweep()).await {
            tracing::warn!(error = %e, "the sweep of temporary files failed");
        }
    }
}

async fn serve(
    stream: TcpStream,
    peer: Peer,
    state: Arc<State>,
    limits: Limits,
    mut stopped: watch::Receiver<bool>,
) {
    let reset = Arc::new(AtomicBool::new(false));
    let io = TokioIo::new(ClientStream {
        inner: stream,
        reset: Arc::clone(&reset),
        idle_timeout: limits.idle_timeout,
        write_stall: None,
    });
    let service = service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(peer);
        let state = Arc::clone(&state);
        let reset = Arc::clone(&reset);
        async move { Ok::<_, Infallible>(router::handle(state, reset, request).await) }
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_header_size(MAX_HEADER_BYTES)
        .keep_alive(true)
        .serve_connection(io, service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        _ = stopped.changed() => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

/// A client's TCP stream: closes with a reset (`SO_LINGER` 0) once a fault asked for one, and
/// fails a write that makes no progress for the idle timeout (a client that stopped reading),
/// which ends the connection.
struct ClientStream {
    inner: TcpStream,
    reset: Arc<AtomicBool>,
    idle_timeout: Duration,
    /// Running while a write is blocked.
    write_stall: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl ClientStream {
    /// Passes a write's result through, timing how long it stays blocked.
    fn watch_write<T>(
        &mut self,
        cx: &mut Context<'_>,
        poll: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if poll.is_ready() {
            self.write_stall = None;
            return poll;
        }
        let idle = self.idle_timeout;
        let stall = self
            .write_stall
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(idle)));
        if stall.as_mut().poll(cx).is_ready() {
            self.write_stall = None;
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client took nothing of the response for the idle timeout",
            )));
        }
        Poll::Pending
    }
}

impl Drop for ClientStream {
    fn drop(&mut self) {
        if self.reset.load(Ordering::Relaxed) {
            let _ = self.inner.set_zero_linger();
        }
    }
}

impl AsyncRead for ClientStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for ClientStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.watch_write(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.watch_write(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.watch_write(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// A running server.
#[derive(Debug)]
pub struct ServerHandle {
    addr: SocketAddr,
    endpoint: String,
    credentials: Vec<Credentials>,
    region: String,
    faults: Arc<Faults>,
    clock: Arc<Clock>,
    store: Arc<dyn Store>,
    access_log: Arc<AccessLog>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl ServerHandle {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://HOST:PORT`, the endpoint to give a client (path-style addressing).
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The credentials it accepts (the development pair unless configured).
    pub fn credentials(&self) -> &[Credentials] {
        &self.credentials
    }

    /// The region V4 signatures must be scoped to.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The active faults, to add or clear some.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Puts the server's clock `seconds` ahead of real time (negative: behind).
    pub fn set_clock_skew(&self, seconds: i64) {
        self.clock.set_skew(seconds);
    }

    /// Applies every bucket's lifecycle rules now, at the server's clock (see
    /// [`set_clock_skew`](Self::set_clock_skew)).
    pub async fn run_lifecycle(&self) -> io::Result<LifecycleSweep> {
        crate::lifecycle::sweep(&self.store, self.clock.now())
            .await
            .map_err(|e| io::Error::other(format!("{e:?}")))
    }

    /// Writes the access logs of the requests so far to the target buckets of the buckets
    /// whose logging is on; returns how many log objects were written.
    pub async fn flush_access_logs(&self) -> io::Result<usize> {
        crate::access_log::flush(&self.access_log, &self.store, self.clock.now())
            .await
            .map_err(|e| io::Error::other(format!("{e:?}")))
    }

    /// Stops accepting, lets requests in flight finish (up to 5 seconds), and waits.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

#[derive(Debug)]
struct HandleView {
    addr: SocketAddr,
    endpoint: String,
    credentials: Vec<Credentials>,
    region: String,
    faults: Arc<Faults>,
    clock: Arc<Clock>,
    store: Arc<dyn Store>,
    access_log: Arc<AccessLog>,
}

/// A server running on a runtime of its own; dropping it shuts the server down.
#[derive(Debug)]
pub struct BackgroundServer {
    view: HandleView,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl BackgroundServer {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.view.addr
    }

    /// `http://HOST:PORT`.
    pub fn endpoint(&self) -> &str {
        &self.view.endpoint
    }

    /// The credentials it accepts.
    pub fn credentials(&self) -> &[Credentials] {
        &self.view.credentials
    }

    /// The region V4 signatures must be scoped to.
    pub fn region(&self) -> &str {
        &self.view.region
    }

    /// The active faults.
    pub fn faults(&self) -> &Faults {
        &self.view.faults
    }

    /// Puts the server's clock `seconds` ahead of real time (negative: behind).
    pub fn set_clock_skew(&self, seconds: i64) {
        self.view.clock.set_skew(seconds);
    }

    /// Applies every bucket's lifecycle rules now, at the server's clock (see
    /// [`set_clock_skew`](Self::set_clock_skew)).
    pub fn run_lifecycle(&self) -> io::Result<LifecycleSweep> {
        crate::lifecycle::sweep_blocking(&*self.view.store, self.view.clock.now())
            .map_err(|e| io::Error::other(format!("{e:?}")))
    }

    /// Writes the access logs of the requests so far to the target buckets of the buckets
    /// whose logging is on; returns how many log objects were written.
    pub fn flush_access_logs(&self) -> io::Result<usize> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let view = &self.view;
        runtime
            .block_on(crate::access_log::flush(
                &view.access_log,
                &view.store,
                view.clock.now(),
            ))
            .map_err(|e| io::Error::other(format!("{e:?}")))
    }

    /// Stops the server and waits for it.
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for BackgroundServer {
    fn drop(&mut self) {
        self.stop_now();
    }
}
