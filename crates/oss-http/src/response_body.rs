//! Response bodies: a [`Stream`] of [`Bytes`] that checks CRC-64 as it goes, with
//! [`ResponseBody::bytes`] to collect it and [`ResponseBody::into_async_read`] for an
//! [`AsyncRead`].
//!
//! When the server sent the object's CRC (`x-oss-hash-crc64ecma`, full-object GET), the body
//! is hashed while streaming. On a mismatch the stream's final item is an
//! [`ErrorKind::Integrity`](crate::ErrorKind::Integrity) error instead of the end, so the data
//! is never reported as good. The connection slot of the host limit is released when the
//! body ends or is dropped.
//!
//! A body whose request asked for it is continued after a break instead of failing (see
//! the `resume` module): the stream goes on from the first missing byte, and its CRC check
//! covers the whole.

use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::exchange::IncomingBody;
use bytes::{Buf, Bytes, BytesMut};
use futures_core::Stream;
use http_body::Body as _;
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::{Instant, Sleep};

use crate::crc64::Crc64;
use crate::error::{Error, IntegrityError, Phase, TimeoutKind};
use crate::resume::{Continuation, PendingContinuation, Resume};
use crate::transport::classify;

/// The body of a response, streamed from the connection (or already in memory).
pub struct ResponseBody {
    inner: Inner,
}

enum Inner {
    Buffered(Bytes),
    Streaming(Box<Streaming>),
}

struct Streaming {
    incoming: IncomingBody,
    /// How to continue after a break, and the continuation being requested. In a mutex only
    /// so that the body stays `Sync`; it is only accessed through `&mut`.
    resume: Option<Box<Resume>>,
    continuing: Option<Mutex<PendingContinuation>>,
    /// The CRC the server announced, and the running CRC of what arrived.
    crc_check: Option<(u64, Crc64)>,
    deadline: Option<(Pin<Box<Sleep>>, Duration)>,
    /// The host-limit slot, released at the end.
    permit: Option<OwnedSemaphorePermit>,
    received: u64,
    finished: bool,
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Buffered(bytes) => write!(f, "ResponseBody::Buffered({} bytes)", bytes.len()),
            Inner::Streaming(streaming) => f
                .debug_struct("ResponseBody::Streaming")
                .field("received", &streaming.received)
                .field("crc_checked", &streaming.crc_check.is_some())
                .field("resumable", &streaming.resume.is_some())
                .field("finished", &streaming.finished)
                .finish(),
        }
    }
}

impl ResponseBody {
    pub(crate) fn streaming(
        incoming: IncomingBody,
        expected_crc: Option<u64>,
        deadline: Option<(Instant, Duration)>,
        permit: OwnedSemaphorePermit,
        resume: Option<Box<Resume>>,
    ) -> Self {
        ResponseBody {
            inner: Inner::Streaming(Box::new(Streaming {
                incoming,
                resume,
                continuing: None,
                crc_check: expected_crc.map(|crc| (crc, Crc64::new())),
                deadline: deadline
                    .map(|(at, budget)| (Box::pin(tokio::time::sleep_until(at)), budget)),
                permit: Some(permit),
                received: 0,
                finished: false,
            })),
        }
    }

    /// The connection's body and host slot, to continue another body with.
    pub(crate) fn into_connection(self) -> Option<Continuation> {
        match self.inner {
            Inner::Buffered(_) => None,
            Inner::Streaming(mut streaming) => {
                let permit = streaming.permit.take();
                Some((streaming.incoming, permit))
            }
        }
    }

    /// A body already in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        ResponseBody {
            inner: Inner::Buffered(bytes.into()),
        }
    }

    /// The exact remaining length when known (from `Content-Length`, or in memory).
    pub fn exact_length(&self) -> Option<u64> {
        match &self.inner {
            Inner::Buffered(bytes) => Some(bytes.len() as u64),
            Inner::Streaming(streaming) => streaming.incoming.size_hint().exact(),
        }
    }

    /// Whether the body is checked against the server's CRC-64 while it streams.
    pub fn is_crc_checked(&self) -> bool {
        matches!(&self.inner, Inner::Streaming(s) if s.crc_check.is_some())
    }

    /// Reads the whole body into memory (checking its CRC when the server sent one).
    pub async fn bytes(self) -> Result<Bytes, Error> {
        let capacity = self.exact_length().unwrap_or(0).min(64 << 20) as usize;
        let mut stream = self;
        let first = match std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
            None => return Ok(Bytes::new()),
            Some(chunk) => chunk?,
        };
        // A single chunk (the common case for small bodies) is returned without a copy.
        let second = match std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
            None => return Ok(first),
            Some(chunk) => chunk?,
        };
        let mut collected = BytesMut::with_capacity(capacity.max(first.len() + second.len()));
        collected.extend_from_slice(&first);
        collected.extend_from_slice(&second);
        while let Some(chunk) = std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await
        {
            collected.extend_from_slice(&chunk?);
        }
        Ok(collected.freeze())
    }

    /// The body as a stream of chunks; the last item is an error if the body failed its CRC.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, Error>> + Send + Unpin {
        self
    }

    /// The body as an [`AsyncRead`]. Errors surface as [`io::Error`]s whose inner error is
    /// the [`Error`] (kind `TimedOut` for timeouts, `InvalidData` for integrity failures).
    pub fn into_async_read(self) -> BodyReader {
        BodyReader {
            body: self,
            chunk: Bytes::new(),
        }
    }
}

impl Streaming {
    fn end(&mut self) {
        self.finished = true;
        self.permit = None;
        self.deadline = None;
        self.resume = None;
        self.continuing = None;
    }
}

impl Stream for ResponseBody {
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let streaming = match &mut self.get_mut().inner {
            Inner::Buffered(bytes) => {
                if bytes.is_empty() {
                    return Poll::Ready(None);
                }
                return Poll::Ready(Some(Ok(std::mem::take(bytes))));
            }
            Inner::Streaming(streaming) => streaming,
        };
        if streaming.finished {
            return Poll::Ready(None);
        }
        if let Some((sleep, budget)) = &mut streaming.deadline {
            if sleep.as_mut().poll(cx).is_ready() {
                let budget = *budget;
                streaming.end();
                return Poll::Ready(Some(Err(Error::timeout(TimeoutKind::Deadline(budget)))));
            }
        }
        loop {
            if let Some(continuing) = &mut streaming.continuing {
                let pending = continuing
                    .get_mut()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                match pending.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Ok((incoming, permit))) => {
                        streaming.incoming = incoming;
                        streaming.permit = permit;
                        streaming.continuing = None;
                    }
                    Poll::Ready(Err(error)) => {
                        streaming.end();
                        return Poll::Ready(Some(Err(error)));
                    }
                }
            }
            match Pin::new(&mut streaming.incoming).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(frame))) => {
                    let Ok(data) = frame.into_data() else {
                        continue; // trailers: nothing to deliver
                    };
                    if data.is_empty() {
                        continue;
                    }
                    streaming.received += data.len() as u64;
                    if let Some((_, crc)) = &mut streaming.crc_check {
                        crc.update(&data);
                    }
                    if let Some(resume) = &mut streaming.resume {
                        resume.advanced(data.len() as u64);
                    }
                    return Poll::Ready(Some(Ok(data)));
                }
                Poll::Ready(Some(Err(error))) => {
                    let error = classify(error, Phase::InFlight).set_retryable(true);
                    let continuation = streaming
                        .resume
                        .as_mut()
                        .and_then(|resume| resume.continue_after(&error));
                    if let Some(continuation) = continuation {
                        // The broken connection's slot is free: the continuation needs one.
                        streaming.permit = None;
                        streaming.continuing = Some(Mutex::new(continuation));
                        continue;
                    }
                    streaming.end();
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(None) => {
                    streaming.end();
                    if let Some((expected, crc)) = streaming.crc_check {
                        if crc.value() != expected {
                            return Poll::Ready(Some(Err(Error::from_integrity(
                                IntegrityError::Crc64Mismatch {
                                    expected,
                                    actual: crc.value(),
                                },
                                "the downloaded data does not match the server's CRC-64",
                            ))));
                        }
                    }
                    return Poll::Ready(None);
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.inner {
            Inner::Buffered(bytes) => {
                let n = usize::from(!bytes.is_empty());
                (n, Some(n))
            }
            Inner::Streaming(_) => (0, None),
        }
    }
}

/// A [`ResponseBody`] as an [`AsyncRead`].
#[derive(Debug)]
pub struct BodyReader {
    body: ResponseBody,
    chunk: Bytes,
}

impl AsyncRead for BodyReader {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        while this.chunk.is_empty() {
            match Pin::new(&mut this.body).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Err(error.into())),
                Poll::Ready(Some(Ok(chunk))) => this.chunk = chunk,
            }
        }
        let n = this.chunk.len().min(buf.remaining());
        buf.put_slice(&this.chunk[..n]);
        this.chunk.advance(n);
        Poll::Ready(Ok(()))
    }
}
