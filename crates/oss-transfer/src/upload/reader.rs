//! Uploads from non-seekable sources (an `AsyncRead` or a stream of chunks), in bounded
//! memory.
//!
//! A reader task fills part-sized buffers in order; there are at most N+1 of them (N parts
//! in flight, and the next one being read), each given back to a pool when its part is sent
//! and reused, so that the allocator never holds more than that either. A part kept in
//! memory can be sent again, so parts are retried like a file's. A source that
//! ends within the first part and below the multipart threshold becomes one PutObject.
//!
//! Such a source cannot be read again, so these uploads take no checkpoint; a failed or
//! cancelled one is aborted. Without a size hint the part size cannot grow to fit, and a
//! source longer than 10,000 parts fails.

use std::collections::BTreeMap;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use std::sync::Mutex;

use bytes::{Buf, BufMut, Bytes, BytesMut};
use futures_core::Stream;
use oss_client::BoxError;
use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

use crate::cancel;
use crate::error::{Error, Result};
use crate::plan::{PartPlan, MAX_PARTS};
use crate::stream::PartData;
use crate::upload::parts::{self, join_error, PartCtx};
use crate::upload::resume::DonePart;
use crate::upload::{Job, UploadOutcome};
use tracing::Instrument;

/// A boxed source.
pub(crate) type BoxReader = Pin<Box<dyn AsyncRead + Send>>;

/// A part read from the source, and its buffer's place in the pool.
type Filled = io::Result<(Bytes, Lease)>;

/// The part buffers: at most `capacity` at once, reused.
struct Pool {
    free: Mutex<Vec<BytesMut>>,
    places: Arc<Semaphore>,
}

/// One buffer's place in the [`Pool`], given back when dropped.
pub(crate) struct Lease {
    pool: Arc<Pool>,
    _place: OwnedSemaphorePermit,
}

impl Lease {
    /// Gives `bytes`' buffer back for reuse, if nothing else holds it.
    fn give_back(self, bytes: Bytes) {
        if let Ok(mut buffer) = bytes.try_into_mut() {
            buffer.clear();
            self.pool
                .free
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(buffer);
        }
    }
}

/// Uploads everything `reader` yields.
pub(crate) async fn upload(
    job: &Job,
    reader: BoxReader,
    size_hint: Option<u64>,
) -> Result<UploadOutcome> {
    let part_size = match size_hint {
        Some(size) => PartPlan::new(size, job.settings.part_size)?.part_size(),
        None => job.settings.part_size,
    };
    let part_len = usize::try_from(part_size)
        .map_err(|_| Error::invalid_argument("the part size does not fit in memory"))?;
    job.tracker.start(size_hint, 0);
    let (mut filled, reader_task) = spawn_reader(reader, part_len, job.settings.concurrency + 1);
    let _reader_task = AbortOnDrop(reader_task);

    let first = tokio::select! {
        first = filled.recv() => first,
        () = cancel::cancelled(job.cancel()) => return Err(Error::Cancelled),
    };
    let (first, first_lease) = match first {
        Some(first) => first.map_err(|e| Error::io("cannot read the source", e))?,
        None => {
            return Err(Error::io(
                "cannot read the source",
                io::ErrorKind::UnexpectedEof.into(),
            ))
        }
    };
    let short = first.len() < part_len;
    if first.is_empty() || (short && (first.len() as u64) < job.settings.threshold) {
        let outcome = job.put(PartData::Bytes(first.clone())).await;
        first_lease.give_back(first);
        return outcome;
    }

    let upload_id = job.initiate().await?;
    let ctx = Arc::new(job.part_ctx(upload_id.clone()));
    let mut done: BTreeMap<u32, DonePart> = BTreeMap::new();
    let mut running = JoinSet::new();
    let mut next = Some(Ok((first, first_lease)));
    let (mut number, mut offset, mut ended) = (1u32, 0u64, false);
    loop {
        if !ended && running.len() < job.settings.concurrency {
            let item = match next.take() {
                Some(item) => Some(item),
                None => tokio::select! {
                    item = filled.recv() => item,
                    () = cancel::cancelled(job.cancel()) => return Err(Error::Cancelled),
                },
            };
            match item {
                None => ended = true,
                Some(Err(e)) => return Err(Error::io("cannot read the source", e)),
                Some(Ok((bytes, lease))) if bytes.is_empty() => {
                    lease.give_back(bytes);
                    ended = true;
                }
                Some(Ok((bytes, lease))) => {
                    ended = bytes.len() < part_len;
                    if number > MAX_PARTS {
                        return Err(Error::invalid_argument(format!(
                            "the source is longer than {MAX_PARTS} parts of {part_size} bytes \
                             (give a size hint or a larger part size)"
                        )));
                    }
                    let length = bytes.len() as u64;
                    let ctx = Arc::clone(&ctx);
                    let part = async move {
                        let data = PartData::Bytes(bytes.clone());
                        let sent = parts::upload_part(ctx, number, offset, data).await;
                        lease.give_back(bytes);
                        sent
                    };
                    running.spawn(part.in_current_span());
                    number += 1;
                    offset += length;
                }
            }
            continue;
        }
        let joined = tokio::select! {
            joined = running.join_next() => joined,
            () = cancel::cancelled(job.cancel()) => return Err(Error::Cancelled),
        };
        let Some(joined) = joined else {
            break;
        };
        let part = joined.map_err(join_error)??;
        done.insert(part.number, part);
    }
    job.finish_multipart(&ctx, &done, offset, (0, 0)).await
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Reads `reader` into parts of `part_len` bytes (the last shorter, possibly empty), in at
/// most `buffers` buffers.
fn spawn_reader(
    mut reader: BoxReader,
    part_len: usize,
    buffers: usize,
) -> (mpsc::UnboundedReceiver<Filled>, tokio::task::JoinHandle<()>) {
    let (sender, receiver) = mpsc::unbounded_channel();
    let pool = Arc::new(Pool {
        free: Mutex::new(Vec::new()),
        places: Arc::new(Semaphore::new(buffers)),
    });
    let task = tokio::spawn(async move {
        loop {
            let Ok(place) = Arc::clone(&pool.places).acquire_owned().await else {
                return;
            };
            let reused = pool.free.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let buffer = reused.unwrap_or_else(|| BytesMut::with_capacity(part_len));
            let lease = Lease {
                pool: Arc::clone(&pool),
                _place: place,
            };
            match read_part(&mut reader, buffer, part_len).await {
                Ok(bytes) => {
                    let last = bytes.len() < part_len;
                    if sender.send(Ok((bytes, lease))).is_err() || last {
                        return;
                    }
                }
                Err(e) => {
                    let _ = sender.send(Err(e));
                    return;
                }
            }
        }
    });
    (receiver, task)
}

/// Reads up to `len` bytes into `buffer`: fewer only at the end of the source.
async fn read_part(reader: &mut BoxReader, mut buffer: BytesMut, len: usize) -> io::Result<Bytes> {
    while buffer.len() < len {
        let left = len - buffer.len();
        let n = reader.read_buf(&mut (&mut buffer).limit(left)).await?;
        if n == 0 {
            break;
        }
    }
    Ok(buffer.freeze())
}

/// A stream of chunks as an [`AsyncRead`].
pub(crate) struct StreamReader<S> {
    stream: S,
    chunk: Bytes,
}

impl<S> StreamReader<S> {
    pub(crate) fn new(stream: S) -> Self {
        StreamReader {
            stream,
            chunk: Bytes::new(),
        }
    }
}

impl<S, E> AsyncRead for StreamReader<S>
where
    S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
    E: Into<BoxError>,
{
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        while this.chunk.is_empty() {
            match std::task::ready!(Pin::new(&mut this.stream).poll_next(cx)) {
                None => return Poll::Ready(Ok(())),
                Some(Err(e)) => return Poll::Ready(Err(io::Error::other(e.into()))),
                Some(Ok(chunk)) => this.chunk = chunk,
            }
        }
        let n = this.chunk.len().min(buf.remaining());
        buf.put_slice(&this.chunk[..n]);
        this.chunk.advance(n);
        Poll::Ready(Ok(()))
    }
}

/// Keeps the compiler honest about [`PartCtx`] being shareable across tasks.
const _: fn() = || {
    fn shareable<T: Send + Sync>() {}
    shareable::<PartCtx>();
};
