//! One attempt's body as hyper sends it: chunks from the source, paced and watched by the
//! body's observers, their CRC-64 computed on the fly when asked, the declared length
//! checked; and the [`BodyReport`] that tells the transport how it went.
//!
//! A file range is read in blocks of 1 MiB on tokio's blocking pool (one hand-off per
//! block), each read straight into the buffer that is then cut into chunks without a copy,
//! and each chunk's CRC-64 computed right after the read while the bytes are in the cache.
//! The next block is read while the last chunks of the current one go out, so a body holds
//! about two blocks at most.

use std::collections::VecDeque;
use std::error::Error as StdError;
use std::fmt;
use std::fs::File;
use std::future::Future;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use tokio::task::JoinHandle;
use tokio::time::{Instant, Sleep};

use crate::body_observer::Observers;
use crate::crc64;
use crate::error::{Error, IntegrityError};
use crate::request_body::{ByteStream, StreamSlot};

/// The largest chunk handed to the connection at once (observers may ask for less).
pub(crate) const CHUNK: usize = 256 * 1024;
/// How much of a file is read per hand-off to the blocking pool.
const READ_BLOCK: u64 = 1 << 20;

/// Where one attempt's bytes come from.
pub(crate) enum OutgoingSource {
    Empty,
    Bytes(Bytes),
    File {
        path: Arc<PathBuf>,
        offset: u64,
        length: u64,
    },
    Stream {
        stream: ByteStream,
        slot: Arc<StreamSlot>,
    },
}

/// What one attempt's body reports back to the transport: how many bytes went out, the CRC
/// once all of it was produced, or the typed error that made it fail (hyper only passes an
/// opaque error through).
#[derive(Clone, Default)]
pub(crate) struct BodyReport {
    inner: Arc<ReportState>,
}

#[derive(Default)]
struct ReportState {
    sent: AtomicU64,
    outcome: Mutex<Outcome>,
}

#[derive(Default)]
struct Outcome {
    crc: Option<u64>,
    error: Option<Error>,
}

impl BodyReport {
    /// The CRC of the whole body (continued from the initial CRC), once fully produced.
    pub(crate) fn crc(&self) -> Option<u64> {
        self.inner.outcome.lock().ok()?.crc
    }

    /// The bytes handed to the connection so far.
    pub(crate) fn sent(&self) -> u64 {
        self.inner.sent.load(Ordering::Relaxed)
    }

    /// The error that stopped the body, if any (taken once).
    pub(crate) fn take_error(&self) -> Option<Error> {
        self.inner.outcome.lock().ok()?.error.take()
    }

    fn set_crc(&self, crc: u64) {
        if let Ok(mut outcome) = self.inner.outcome.lock() {
            outcome.crc = Some(crc);
        }
    }

    fn set_error(&self, error: Error) {
        if let Ok(mut outcome) = self.inner.outcome.lock() {
            outcome.error = Some(error);
        }
    }
}

/// The error an [`OutgoingBody`] ends with when its source fails (a file that cannot be
/// read, a stream's error, a length that does not match): a transport gives up the attempt
/// and returns any error; the client reports the body's own.
#[derive(Debug)]
pub struct BodyFailed;

impl fmt::Display for BodyFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the request body failed")
    }
}

impl StdError for BodyFailed {}

/// A chunk and, for file chunks, its CRC-64 computed when it was read.
type Chunk = (Bytes, Option<u64>);

/// One attempt's request body, as an [`HttpTransport`](crate::HttpTransport) sends it: an
/// [`http_body::Body`] of bytes whose length is declared in the request's `Content-Length`.
/// A transport must poll it to its end (or drop it to abandon the attempt).
pub struct OutgoingBody {
    source: Source,
    /// The running CRC, when one is computed.
    crc: Option<u64>,
    expected: Option<u64>,
    sent: u64,
    attempt: u32,
    chunk_limit: usize,
    observers: Option<Observers>,
    /// A chunk waiting for the delay an observer asked for.
    paced: Option<(Pin<Box<Sleep>>, Option<Chunk>)>,
    report: BodyReport,
}

enum Source {
    Done,
    Bytes(Bytes),
    File(FileReader),
    Stream(StreamHandle),
}

impl OutgoingBody {
    pub(crate) fn new(
        source: OutgoingSource,
        expected: Option<u64>,
        initial_crc: Option<u64>,
        attempt: u32,
        observers: Option<Observers>,
    ) -> (Self, BodyReport) {
        let chunk_limit = observers
            .iter()
            .flat_map(|observers| observers.iter())
            .filter_map(|observer| observer.max_chunk())
            .fold(CHUNK, usize::min)
            .max(1);
        let source = match source {
            OutgoingSource::Empty => Source::Done,
            OutgoingSource::Bytes(bytes) => Source::Bytes(bytes),
            OutgoingSource::File {
                path,
                offset,
                length,
            } => Source::File(FileReader::start(
                path,
                offset,
                length,
                chunk_limit,
                initial_crc.is_some(),
            )),
            OutgoingSource::Stream { stream, slot } => Source::Stream(StreamHandle {
                stream: Some(stream),
                slot,
                took_chunk: false,
            }),
        };
        let report = BodyReport::default();
        let mut body = OutgoingBody {
            source,
            crc: initial_crc,
            expected,
            sent: 0,
            attempt,
            chunk_limit,
            observers,
            paced: None,
            report: report.clone(),
        };
        if expected == Some(0) {
            body.finish();
        }
        (body, report)
    }

    /// A body of these bytes, sent once (for the small requests of credentials services).
    pub(crate) fn bytes(bytes: Bytes) -> Self {
        let length = bytes.len() as u64;
        Self::new(OutgoingSource::Bytes(bytes), Some(length), None, 1, None).0
    }

    /// A body with nothing in it (for internal GETs).
    pub(crate) fn empty() -> Self {
        Self::new(OutgoingSource::Empty, Some(0), None, 1, None).0
    }

    fn finish(&mut self) {
        self.source = Source::Done;
        if let Some(crc) = self.crc {
            self.report.set_crc(crc);
        }
    }

    fn fail(&mut self, error: Error) -> Poll<Option<Result<Frame<Bytes>, BodyFailed>>> {
        self.source = Source::Done;
        self.paced = None;
        self.report.set_error(error);
        Poll::Ready(Some(Err(BodyFailed)))
    }

    /// The next chunk of the source, `None` at its end.
    fn poll_source(&mut self, cx: &mut Context<'_>) -> Poll<Result<Option<Chunk>, Error>> {
        match &mut self.source {
            Source::Done => Poll::Ready(Ok(None)),
            Source::Bytes(bytes) => {
                if bytes.is_empty() {
                    return Poll::Ready(Ok(None));
                }
                let next = bytes.split_to(bytes.len().min(self.chunk_limit));
                Poll::Ready(Ok(Some((next, None))))
            }
            Source::File(reader) => reader.poll_chunk(cx),
            // A caller's chunks go as they come (pacing still applies to each).
            Source::Stream(handle) => handle.poll_chunk(cx),
        }
    }

    /// The longest delay an observer asks for before `len` bytes go out.
    fn delay(&self, len: u64) -> Duration {
        self.observers
            .iter()
            .flat_map(|observers| observers.iter())
            .map(|observer| observer.delay(len))
            .max()
            .unwrap_or_default()
    }

    /// Accounts for a chunk about to be sent; completes the CRC when the declared length is
    /// reached, because hyper may not ask again after the last byte of a sized body.
    fn emit(&mut self, (data, chunk_crc): Chunk) -> Poll<Option<Result<Frame<Bytes>, BodyFailed>>> {
        let len = data.len() as u64;
        self.sent += len;
        if let Some(expected) = self.expected {
            if self.sent > expected {
                let actual = self.sent;
                return self.fail(
                    Error::from_integrity(
                        IntegrityError::LengthMismatch { expected, actual },
                        "the request body is longer than declared",
                    )
                    .set_retryable(false),
                );
            }
        }
        if let Some(crc) = self.crc {
            self.crc = Some(match chunk_crc {
                Some(chunk_crc) => crc64::combine(crc, chunk_crc, len),
                None => crc64::update(crc, &data),
            });
        }
        self.report.inner.sent.store(self.sent, Ordering::Relaxed);
        if let Some(observers) = &self.observers {
            for observer in observers.iter() {
                observer.chunk_sent(self.attempt, len, self.sent);
            }
        }
        if self.expected == Some(self.sent) {
            self.finish();
        }
        Poll::Ready(Some(Ok(Frame::data(data))))
    }

    /// The source ended: checks that it was as long as declared.
    fn end(&mut self) -> Poll<Option<Result<Frame<Bytes>, BodyFailed>>> {
        if let Some(expected) = self.expected {
            if self.sent != expected {
                let actual = self.sent;
                return self.fail(
                    Error::from_integrity(
                        IntegrityError::LengthMismatch { expected, actual },
                        "the request body ended early",
                    )
                    .set_retryable(false),
                );
            }
        }
        self.finish();
        Poll::Ready(None)
    }
}

impl http_body::Body for OutgoingBody {
    type Data = Bytes;
    type Error = BodyFailed;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyFailed>>> {
        let this = self.get_mut();
        if let Some((sleep, held)) = &mut this.paced {
            if let Some(chunk) = held.take() {
                if sleep.as_mut().poll(cx).is_pending() {
                    *held = Some(chunk);
                    return Poll::Pending;
                }
                return this.emit(chunk);
            }
        }
        let chunk = match std::task::ready!(this.poll_source(cx)) {
            Ok(Some(chunk)) => chunk,
            Ok(None) => return this.end(),
            Err(error) => return this.fail(error),
        };
        let delay = match this.observers {
            Some(_) => this.delay(chunk.0.len() as u64),
            None => Duration::ZERO,
        };
        if delay.is_zero() {
            return this.emit(chunk);
        }
        let until = Instant::now() + delay;
        let (sleep, held) = this
            .paced
            .get_or_insert_with(|| (Box::pin(tokio::time::sleep_until(until)), None));
        sleep.as_mut().reset(until);
        if sleep.as_mut().poll(cx).is_pending() {
            *held = Some(chunk);
            return Poll::Pending;
        }
        this.emit(chunk)
    }

    fn is_end_stream(&self) -> bool {
        matches!(self.source, Source::Done) && !matches!(&self.paced, Some((_, Some(_))))
    }

    fn size_hint(&self) -> SizeHint {
        match self.expected {
            Some(expected) => SizeHint::with_exact(expected.saturating_sub(self.sent)),
            None => SizeHint::default(),
        }
    }
}

/// A caller's stream, taken from its slot for one attempt and given back if the attempt
/// ends before taking a chunk of it (the stream is then as good as new).
struct StreamHandle {
    stream: Option<ByteStream>,
    slot: Arc<StreamSlot>,
    took_chunk: bool,
}

impl StreamHandle {
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Result<Option<Chunk>, Error>> {
        let Some(stream) = &mut self.stream else {
            return Poll::Ready(Ok(None));
        };
        loop {
            let item = std::task::ready!(stream.as_mut().poll_next(cx));
            self.took_chunk = true;
            return Poll::Ready(match item {
                None => Ok(None),
                Some(Ok(data)) if data.is_empty() => continue,
                Some(Ok(data)) => Ok(Some((data, None))),
                Some(Err(e)) => Err(Error::body("the body stream failed", Some(e))),
            });
        }
    }
}

impl Drop for StreamHandle {
    fn drop(&mut self) {
        if let (false, Some(stream)) = (self.took_chunk, self.stream.take()) {
            *self
                .slot
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(stream);
        }
    }
}

/// A block read from a file: the file (positioned after it) and its chunks.
type Block = (File, VecDeque<Chunk>);

/// A file range read a block ahead of the connection.
struct FileReader {
    path: Arc<PathBuf>,
    /// Opened by the first read, then travels with each read to the blocking pool.
    file: Option<File>,
    /// Where the next block starts, and how much of the range is not read yet.
    offset: u64,
    unread: u64,
    chunk: usize,
    with_crc: bool,
    /// The chunks of the last block read, not yet sent.
    ready: VecDeque<Chunk>,
    pending: Option<JoinHandle<io::Result<Block>>>,
}

impl FileReader {
    /// Starts reading the first block at once, so that it is (often) ready when the
    /// connection is.
    fn start(path: Arc<PathBuf>, offset: u64, length: u64, chunk: usize, with_crc: bool) -> Self {
        let mut reader = FileReader {
            path,
            file: None,
            offset,
            unread: length,
            chunk,
            with_crc,
            ready: VecDeque::new(),
            pending: None,
        };
        reader.read_ahead();
        reader
    }

    /// Starts reading the next block, unless one is being read or the range is all read.
    fn read_ahead(&mut self) {
        if self.pending.is_some() || self.unread == 0 {
            return;
        }
        let want = self.unread.min(READ_BLOCK);
        let (path, file, offset) = (Arc::clone(&self.path), self.file.take(), self.offset);
        let (chunk, with_crc) = (self.chunk, self.with_crc);
        self.offset += want;
        self.unread -= want;
        self.pending = Some(tokio::task::spawn_blocking(move || {
            let mut file = match file {
                Some(file) => file,
                None => {
                    let mut file = File::open(&*path)?;
                    file.seek(SeekFrom::Start(offset))?;
                    file
                }
            };
            // Read into spare capacity: no zeroing, and no second copy into the chunks.
            let mut block = crate::block_pool::take(want as usize);
            (&mut file).take(want).read_to_end(&mut block)?;
            if block.len() as u64 != want {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!(
                        "{} ended {} bytes before the declared range",
                        path.display(),
                        want - block.len() as u64
                    ),
                ));
            }
            let mut block = Bytes::from(block);
            crate::block_pool::keep(&block);
            let mut chunks = VecDeque::with_capacity(block.len().div_ceil(chunk));
            while !block.is_empty() {
                let next = block.split_to(chunk.min(block.len()));
                let crc = with_crc.then(|| crc64::checksum(&next));
                chunks.push_back((next, crc));
            }
            Ok((file, chunks))
        }));
    }

    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Result<Option<Chunk>, Error>> {
        loop {
            if let Some(next) = self.ready.pop_front() {
                // The next block is read while the last chunks of this one go out.
                if self.ready.len() <= 1 {
                    self.read_ahead();
                }
                return Poll::Ready(Ok(Some(next)));
            }
            let Some(pending) = &mut self.pending else {
                return Poll::Ready(Ok(None));
            };
            let result = std::task::ready!(Pin::new(pending).poll(cx));
            self.pending = None;
            let failed = |e: Box<dyn StdError + Send + Sync>| {
                Error::body(format!("reading {} failed", self.path.display()), Some(e))
            };
            match result {
                Ok(Ok((file, chunks))) => {
                    self.file = Some(file);
                    self.ready = chunks;
                }
                Ok(Err(e)) => return Poll::Ready(Err(failed(Box::new(e)))),
                Err(e) => return Poll::Ready(Err(failed(Box::new(e)))),
            }
        }
    }
}
