//! Response bodies: empty, in memory, or streamed from stored data, with the body faults
//! (corruption, connection reset) applied on the way out.
//!
//! Stored data streams through a small channel fed by a task that walks the object's
//! segments: memory chunks are sent as they are (no copy), files are read 1 MiB at a time on
//! the blocking pool. Only the bytes in flight are ever held.

use std::future::Future;
use std::io::{self, Read, Seek, SeekFrom};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use http_body::{Body, Frame, SizeHint};
use tokio::sync::mpsc;

use crate::store::OpenSegment;

/// How many chunks may wait in a streaming body's channel. With the file chunk size, this
/// bounds what a response holds for a client that stops reading (about 1 MiB of read-ahead).
const CHANNEL_DEPTH: usize = 4;
/// How much of a file one read takes.
const FILE_CHUNK: usize = 256 << 10;

enum Kind {
    Empty,
    Full(Option<Bytes>),
    Stream(mpsc::Receiver<io::Result<Bytes>>),
}

/// Faults applied to a body as it is sent.
#[derive(Debug, Default, Clone)]
pub(crate) struct BodyFaults {
    /// Flip the byte at this offset.
    pub corrupt_at: Option<u64>,
    /// Fail the body (and reset the connection) after this many bytes.
    pub reset_after: Option<u64>,
    /// Set when the reset fires, so that the connection closes with a TCP reset.
    pub reset_flag: Option<Arc<AtomicBool>>,
}

/// How long a reset waits after the last byte, so that the client has read it first (a TCP
/// reset discards whatever the peer has not read yet).
const RESET_GRACE: std::time::Duration = std::time::Duration::from_millis(100);

/// The body of every response.
pub(crate) struct ResponseBody {
    kind: Kind,
    len: Option<u64>,
    sent: u64,
    faults: BodyFaults,
    reset_timer: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl ResponseBody {
    /// No body.
    pub fn empty() -> Self {
        ResponseBody {
            kind: Kind::Empty,
            len: Some(0),
            sent: 0,
            faults: BodyFaults::default(),
            reset_timer: None,
        }
    }

    /// A body in memory.
    pub fn full(data: impl Into<Bytes>) -> Self {
        let data = data.into();
        ResponseBody {
            len: Some(data.len() as u64),
            kind: Kind::Full(Some(data)),
            sent: 0,
            faults: BodyFaults::default(),
            reset_timer: None,
        }
    }

    /// `len` bytes of `segments`, starting `start` bytes in, streamed.
    pub fn stream(segments: Vec<OpenSegment>, start: u64, len: u64) -> Self {
        let (tx, rx) = mpsc::channel(CHANNEL_DEPTH);
        tokio::spawn(produce(segments, start, len, tx));
        ResponseBody {
            kind: Kind::Stream(rx),
            len: Some(len),
            sent: 0,
            faults: BodyFaults::default(),
            reset_timer: None,
        }
    }

    /// Applies body faults.
    pub fn with_faults(mut self, faults: BodyFaults) -> Self {
        self.faults = faults;
        self
    }

    fn next_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<io::Result<Bytes>>> {
        match &mut self.kind {
            Kind::Empty => Poll::Ready(None),
            Kind::Full(data) => Poll::Ready(data.take().filter(|d| !d.is_empty()).map(Ok)),
            Kind::Stream(rx) => rx.poll_recv(cx),
        }
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        if let Some(limit) = self.faults.reset_after {
            if self.sent >= limit {
                let timer = self
                    .reset_timer
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(RESET_GRACE)));
                if timer.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                if let Some(flag) = &self.faults.reset_flag {
                    flag.store(true, Ordering::Relaxed);
                }
                self.kind = Kind::Empty;
                return Poll::Ready(Some(Err(io::Error::new(
                    io::ErrorKind::ConnectionReset,
                    "injected fault: connection reset",
                ))));
            }
        }
        let mut chunk = match self.next_chunk(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
            Poll::Ready(Some(Ok(chunk))) => chunk,
        };
        let start = self.sent;
        if let Some(limit) = self.faults.reset_after {
            let room = (limit - start) as usize;
            if chunk.len() > room {
                chunk.truncate(room);
            }
        }
        if let Some(at) = self.faults.corrupt_at {
            if at >= start && at < start + chunk.len() as u64 {
                let mut copy = BytesMut::from(&chunk[..]);
                copy[(at - start) as usize] ^= 0xFF;
                chunk = copy.freeze();
            }
        }
        self.sent += chunk.len() as u64;
        Poll::Ready(Some(Ok(Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Empty => self.faults.reset_after.is_none(),
            Kind::Full(data) => data.is_none() && self.faults.reset_after.is_none(),
            Kind::Stream(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self.len {
            Some(len) => SizeHint::with_exact(len.saturating_sub(self.sent)),
            None => SizeHint::default(),
        }
    }
}

/// Sends `len` bytes of `segments` from `start` into `tx`, stopping early if the receiver
/// goes away (the client disconnected).
async fn produce(
    segments: Vec<OpenSegment>,
    mut start: u64,
    mut len: u64,
    tx: mpsc::Sender<io::Result<Bytes>>,
) {
    for segment in segments {
        if len == 0 {
            break;
        }
        let seg_len = segment.len();
        if start >= seg_len {
            start -= seg_len;
            continue;
        }
        let take = (seg_len - start).min(len);
        let ok = match segment {
            OpenSegment::Memory(blob, offset, _) => {
                let mut ok = true;
                for chunk in blob.slices(offset + start, take) {
                    if tx.send(Ok(chunk)).await.is_err() {
                        ok = false;
                        break;
                    }
                }
                ok
            }
            OpenSegment::File(file, offset, _) => send_file(file, offset + start, take, &tx).await,
        };
        if !ok {
            return;
        }
        len -= take;
        start = 0;
    }
    if len > 0 {
        let _ = tx
            .send(Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "stored data is shorter than its record",
            )))
            .await;
    }
}

async fn send_file(
    file: std::fs::File,
    offset: u64,
    len: u64,
    tx: &mpsc::Sender<io::Result<Bytes>>,
) -> bool {
    let mut file = Some(file);
    let mut position = offset;
    let end = offset + len;
    let mut first = true;
    while position < end {
        let want = ((end - position) as usize).min(FILE_CHUNK);
        let Some(mut f) = file.take() else {
            return false;
        };
        let seek = first;
        first = false;
        let read = tokio::task::spawn_blocking(move || {
            if seek {
                f.seek(SeekFrom::Start(position))?;
            }
            let mut buf = BytesMut::zeroed(want);
            f.read_exact(&mut buf)?;
            Ok::<_, io::Error>((f, buf.freeze()))
        })
        .await
        .unwrap_or_else(|e| Err(io::Error::other(e)));
        match read {
            Ok((f, chunk)) => {
                file = Some(f);
                position += chunk.len() as u64;
                if tx.send(Ok(chunk)).await.is_err() {
                    return false;
                }
            }
            Err(e) => {
                let _ = tx.send(Err(e)).await;
                return false;
            }
        }
    }
    true
}
