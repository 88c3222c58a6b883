//! Download bodies: the response body as a stream of chunks (checked against the object's
//! CRC-64 by the transport), reporting progress when asked, or as an `AsyncRead`.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, Bytes, BytesMut};
use futures_core::Stream;
use oss_http::ResponseBody;
use tokio::io::{AsyncRead, ReadBuf};

use crate::error::{Error, Result};
use crate::progress::{Progress, ProgressEvent};

/// The body of a download: a stream of chunks from the connection, checked against the
/// object's CRC-64 when the whole object is read (a mismatch ends the stream with an
/// [`ErrorKind::Integrity`](crate::ErrorKind::Integrity) error instead of its end).
pub struct ObjectBody {
    inner: ResponseBody,
    progress: Option<DownloadProgress>,
}

struct DownloadProgress {
    progress: Progress,
    transferred: u64,
    total: Option<u64>,
}

impl fmt::Debug for ObjectBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjectBody")
            .field("inner", &self.inner)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl ObjectBody {
    pub(crate) fn new(inner: ResponseBody, progress: Option<Progress>) -> Self {
        let total = inner.exact_length();
        let progress = progress.map(|progress| {
            progress.report(ProgressEvent {
                transferred: 0,
                total,
                attempt: 1,
            });
            DownloadProgress {
                progress,
                transferred: 0,
                total,
            }
        });
        ObjectBody { inner, progress }
    }

    /// The exact remaining length, when known.
    pub fn exact_length(&self) -> Option<u64> {
        self.inner.exact_length()
    }

    /// Whether the body is checked against the server's CRC-64 while it streams.
    pub fn is_crc_checked(&self) -> bool {
        self.inner.is_crc_checked()
    }

    /// Reads the whole body into memory.
    pub async fn bytes(self) -> Result<Bytes> {
        if self.progress.is_none() {
            return Ok(self.inner.bytes().await?);
        }
        let mut body = self;
        let mut collected = BytesMut::new();
        while let Some(chunk) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_next(cx)).await {
            collected.extend_from_slice(&chunk?);
        }
        Ok(collected.freeze())
    }

    /// The body as an [`AsyncRead`]; errors surface as [`io::Error`]s wrapping the
    /// [`Error`] (`InvalidData` for a CRC mismatch, `TimedOut` for timeouts).
    pub fn into_async_read(self) -> ObjectReader {
        ObjectReader {
            body: self,
            chunk: Bytes::new(),
        }
    }
}

impl Stream for ObjectBody {
    type Item = Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let item = std::task::ready!(Pin::new(&mut this.inner).poll_next(cx));
        if let (Some(Ok(chunk)), Some(progress)) = (&item, &mut this.progress) {
            progress.transferred += chunk.len() as u64;
            progress.progress.report(ProgressEvent {
                transferred: progress.transferred,
                total: progress.total,
                attempt: 1,
            });
        }
        Poll::Ready(item.map(|result| result.map_err(Error::from)))
    }
}

/// An [`ObjectBody`] as an [`AsyncRead`].
#[derive(Debug)]
pub struct ObjectReader {
    body: ObjectBody,
    chunk: Bytes,
}

impl AsyncRead for ObjectReader {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        while this.chunk.is_empty() {
            match std::task::ready!(Pin::new(&mut this.body).poll_next(cx)) {
                None => return Poll::Ready(Ok(())),
                Some(Err(error)) => return Poll::Ready(Err(error.into())),
                Some(Ok(chunk)) => this.chunk = chunk,
            }
        }
        let n = this.chunk.len().min(buf.remaining());
        buf.put_slice(&this.chunk[..n]);
        this.chunk.advance(n);
        Poll::Ready(Ok(()))
    }
}
