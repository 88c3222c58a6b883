//! Running a server: binding, accepting connections, handing each request to the router,
//! and shutting down cleanly.
//!
//! [`ServerConfig::start`] runs on the caller's tokio runtime and returns a [`ServerHandle`];
//! [`ServerConfig::start_background`] runs on a runtime of its own, so that any test (async or
//! not, on any runtime) can use a server.

use std::convert::Infallible;
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
use hyper_util::rt::TokioIo;
use oss_auth::verify::Verifier;
use oss_auth::Credentials;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::clock::Clock;
use crate::config::{ServerConfig, Storage};
use crate::context::State;
use crate::dialect;
use crate::faults::Faults;
use crate::router;
use crate::store::disk::DiskStore;
use crate::store::memory::MemoryStore;
use crate::store::Store;

/// How long shutdown waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

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
            domains: self.domains.clone(),
            restore_delay: self.restore_delay,
            faults: Arc::clone(&faults),
            clock: Arc::clone(&clock),
            md5_etags: self.md5_etags,
        });
        let listener = TcpListener::bind(self.listen).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, state, stopped));
        Ok(ServerHandle {
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

async fn accept_loop(listener: TcpListener, state: Arc<State>, mut stopped: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    connections.spawn(serve(stream, Arc::clone(&state), stopped.clone()));
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
}

async fn serve(stream: TcpStream, state: Arc<State>, mut stopped: watch::Receiver<bool>) {
    let reset = Arc::new(AtomicBool::new(false));
    let io = TokioIo::new(ResettableStream {
        inner: stream,
        reset: Arc::clone(&reset),
    });
    let service = service_fn(move |request: hyper::Request<Incoming>| {
        let state = Arc::clone(&state);
        let reset = Arc::clone(&reset);
        async move { Ok::<_, Infallible>(router::handle(state, reset, request).await) }
    });
    let connection = http1::Builder::new()
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

/// A TCP stream that closes with a reset (`SO_LINGER` 0) once a fault asked for one.
struct ResettableStream {
    inner: TcpStream,
    reset: Arc<AtomicBool>,
}

impl Drop for ResettableStream {
    fn drop(&mut self) {
        if self.reset.load(Ordering::Relaxed) {
            let _ = self.inner.set_zero_linger();
        }
    }
}

impl AsyncRead for ResettableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for ResettableStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
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
