//! [`RequestBody`]: what a request sends, where its bytes come from, and how each attempt
//! gets its own outgoing body (the `outgoing_body` module) that its observers watch.

use std::error::Error as StdError;
use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use bytes::Bytes;
use futures_core::Stream;

use crate::body_observer::{BodyObserver, Observers};
use crate::error::Error;
use crate::outgoing_body::{BodyReport, OutgoingBody, OutgoingSource};
use oss_checksum::md5::Md5;

/// A boxed error from a caller's body stream.
pub type BoxError = Box<dyn StdError + Send + Sync>;

pub(crate) type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// Where a caller's stream waits until an attempt takes it (and where an attempt that took
/// no chunk gives it back). A mutex only so that the body is `Sync`: requests are borrowed
/// across awaits, and callers' streams need not be `Sync`.
pub(crate) type StreamSlot = Mutex<Option<ByteStream>>;

/// The buffer for reading a file range to hash it.
const HASH_BUFFER: usize = 256 * 1024;

/// The body of a request: empty, bytes in memory, a range of a local file, or a caller's
/// stream of [`Bytes`] (of known length, or sent chunked), with the [`BodyObserver`]s that
/// watch each attempt.
///
/// # Replaying
/// The transport retries a request only if it can send the body again from its first byte
/// (tower's rule: clone the request or do not retry). Empty and bytes bodies are cheap
/// clones of the same memory; a file range is opened and read again for each attempt; a
/// caller's stream is handed to the first attempt and is gone once that attempt took a
/// chunk from it (an attempt that failed before taking any, e.g. when connecting failed,
/// gives it back). [`try_clone`](RequestBody::try_clone) is that rule as a method.
///
/// # What each attempt does
/// Files are read 1 MiB at a time on tokio's blocking pool, one block ahead of the
/// connection, straight into the buffer that becomes the chunks (256 KiB, or less when an
/// observer asks); the CRC-64 is computed on the fly only when the request compares it with
/// the service's, and for files right after the read, while the bytes are in the cache.
/// Observers see the attempt start, every chunk, and the attempt fail, and can pace the
/// chunks.
pub struct RequestBody {
    source: Source,
    observers: Option<Observers>,
}

enum Source {
    Empty,
    Bytes(Bytes),
    File {
        path: Arc<PathBuf>,
        offset: u64,
        /// `None` for a whole file until the transport fixes it before the first attempt.
        length: Option<u64>,
    },
    Stream {
        slot: Arc<StreamSlot>,
        length: Option<u64>,
    },
}

impl Default for RequestBody {
    fn default() -> Self {
        Self::empty()
    }
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the content: it may be anything, including secrets.
        match &self.source {
            Source::Empty => f.write_str("RequestBody::Empty")?,
            Source::Bytes(bytes) => write!(f, "RequestBody::Bytes({} bytes)", bytes.len())?,
            Source::File {
                path,
                offset,
                length,
            } => write!(
                f,
                "RequestBody::File({}, offset {offset}, length {length:?})",
                path.display()
            )?,
            Source::Stream { length, .. } => write!(f, "RequestBody::Stream(length {length:?})")?,
        }
        match &self.observers {
            Some(observers) => write!(f, " with {} observer(s)", observers.len()),
            None => Ok(()),
        }
    }
}

impl RequestBody {
    /// No body.
    pub fn empty() -> Self {
        Self::of(Source::Empty)
    }

    /// Bytes in memory (sent again by a retry without a copy).
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Self::of(Source::Bytes(bytes.into()))
    }

    /// A whole local file, read while it is sent. Its length is taken once, before the first
    /// attempt, so that every attempt sends the same bytes; if the file is shorter by then,
    /// the request fails with [`ErrorKind::Body`](crate::ErrorKind::Body).
    pub fn from_file(path: impl Into<PathBuf>) -> Self {
        Self::of(Source::File {
            path: Arc::new(path.into()),
            offset: 0,
            length: None,
        })
    }

    /// `length` bytes of the file at `path` from `offset`, read while they are sent. If the
    /// file turns out shorter, the request fails with
    /// [`ErrorKind::Body`](crate::ErrorKind::Body).
    pub fn file_range(path: impl Into<PathBuf>, offset: u64, length: u64) -> Self {
        Self::of(Source::File {
            path: Arc::new(path.into()),
            offset,
            length: Some(length),
        })
    }

    /// A stream that yields exactly `length` bytes in total (sent with `Content-Length`).
    /// Only one attempt can take it, so its request is not retried once a chunk went out.
    pub fn from_stream<S, E>(stream: S, length: u64) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        Self::stream_of(stream, Some(length))
    }

    /// A stream of unknown length, sent with `Transfer-Encoding: chunked`. Only one attempt
    /// can take it, so its request is not retried once a chunk went out.
    pub fn from_stream_unknown_length<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        Self::stream_of(stream, None)
    }

    fn stream_of<S, E>(stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        Self::of(Source::Stream {
            slot: Arc::new(Mutex::new(Some(Box::pin(ErrInto { inner: stream })))),
            length,
        })
    }

    fn of(source: Source) -> Self {
        RequestBody {
            source,
            observers: None,
        }
    }

    /// Adds an observer that sees every attempt send this body (see [`BodyObserver`]).
    pub fn observe(mut self, observer: impl BodyObserver + 'static) -> Self {
        let mut all: Vec<Arc<dyn BodyObserver>> =
            self.observers.as_deref().unwrap_or_default().to_vec();
        all.push(Arc::new(observer));
        self.observers = Some(all.into());
        self
    }

    /// The length in bytes when known without I/O (empty, bytes, file ranges, a whole file
    /// once its length was fixed, sized streams).
    pub fn known_length(&self) -> Option<u64> {
        match &self.source {
            Source::Empty => Some(0),
            Source::Bytes(bytes) => Some(bytes.len() as u64),
            Source::File { length, .. } => *length,
            Source::Stream { length, .. } => *length,
        }
    }

    /// Fixes a whole file's length now (reading its metadata), so that every attempt and
    /// every later look sends and sees the same range; the length when known.
    pub async fn resolve_length(&mut self) -> Result<Option<u64>, Error> {
        if let Source::File {
            path,
            offset,
            length: length @ None,
        } = &mut self.source
        {
            let file_length = tokio::task::spawn_blocking({
                let path = Arc::clone(path);
                move || std::fs::metadata(&*path).map(|m| m.len())
            })
            .await
            .map_err(|e| Error::body("reading file metadata failed", Some(Box::new(e))))?
            .map_err(|e| {
                Error::body(
                    format!("cannot read the metadata of {}", path.display()),
                    Some(Box::new(e)),
                )
            })?;
            *length = Some(file_length.saturating_sub(*offset));
        }
        Ok(self.known_length())
    }

    /// Whether the body can be sent more than once (and so its request retried): empty,
    /// bytes and files can, a caller's stream cannot.
    pub fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::Stream { .. })
    }

    /// Whether there is no body at all.
    pub fn is_empty_body(&self) -> bool {
        matches!(self.source, Source::Empty)
    }

    /// A second body with the same bytes, file range and observers; `None` for a caller's
    /// stream, which cannot be read twice. Whatever can be cloned can be retried.
    pub fn try_clone(&self) -> Option<RequestBody> {
        let source = match &self.source {
            Source::Empty => Source::Empty,
            Source::Bytes(bytes) => Source::Bytes(bytes.clone()),
            Source::File {
                path,
                offset,
                length,
            } => Source::File {
                path: Arc::clone(path),
                offset: *offset,
                length: *length,
            },
            Source::Stream { .. } => return None,
        };
        Some(RequestBody {
            source,
            observers: self.observers.clone(),
        })
    }

    /// The CRC-64 of the body, from memory or by reading the file range again (fixing a
    /// whole file's length first); `None` for a caller's stream, which cannot be read twice.
    pub async fn compute_crc64(&mut self) -> Result<Option<u64>, Error> {
        self.resolve_length().await?;
        self.fold(0, |crc, chunk| *crc = crate::crc64::update(*crc, chunk))
            .await
    }

    /// Reads the whole body once more (bytes from memory, a file range from the file, both
    /// on the blocking pool: hashing a large buffer would stall an async worker), folding it
    /// into `state`; `None` for a caller's stream, which cannot be read twice.
    async fn fold<S: Send + 'static>(
        &self,
        mut state: S,
        update: impl Fn(&mut S, &[u8]) + Send + 'static,
    ) -> Result<Option<S>, Error> {
        match &self.source {
            Source::Empty => Ok(Some(state)),
            Source::Bytes(bytes) => {
                let bytes = bytes.clone();
                let folded = tokio::task::spawn_blocking(move || {
                    update(&mut state, &bytes);
                    state
                });
                let folded = folded
                    .await
                    .map_err(|e| Error::body("hashing the body failed", Some(Box::new(e))))?;
                Ok(Some(folded))
            }
            Source::File {
                path,
                offset,
                length,
            } => {
                let (path, offset, length) = (Arc::clone(path), *offset, length.unwrap_or(0));
                read_file_range(path, offset, length, state, update)
                    .await
                    .map(Some)
            }
            Source::Stream { .. } => Ok(None),
        }
    }

    /// Whether the body can be sent for another attempt now: a stream only if no attempt
    /// took a chunk of it yet.
    pub(crate) fn can_send_again(&self) -> bool {
        match &self.source {
            Source::Stream { slot, .. } => slot
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .is_some(),
            _ => true,
        }
    }

    /// The body for attempt `attempt` (from 1), telling the observers it starts.
    /// `initial_crc` is the CRC the body's CRC continues from (0, or the object's CRC for
    /// an append); `None` computes no CRC (nobody compares it). Fails if a stream was taken
    /// by an earlier attempt, or a whole file's length was not fixed.
    pub(crate) fn for_attempt(
        &self,
        attempt: u32,
        initial_crc: Option<u64>,
    ) -> Result<(OutgoingBody, BodyReport), Error> {
        let length = self.known_length();
        let source = match &self.source {
            Source::Empty => OutgoingSource::Empty,
            Source::Bytes(bytes) => OutgoingSource::Bytes(bytes.clone()),
            Source::File {
                path,
                offset,
                length,
            } => {
                let length = length.ok_or_else(|| {
                    Error::invalid_input("the file's length was not fixed before sending")
                })?;
                OutgoingSource::File {
                    path: Arc::clone(path),
                    offset: *offset,
                    length,
                }
            }
            Source::Stream { slot, .. } => {
                let stream = slot
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .take()
                    .ok_or_else(|| {
                        Error::invalid_input("the body stream was consumed by an earlier attempt")
                    })?;
                OutgoingSource::Stream {
                    stream,
                    slot: Arc::clone(slot),
                }
            }
        };
        if let Some(observers) = &self.observers {
            for observer in observers.iter() {
                observer.attempt_started(attempt, length);
            }
        }
        Ok(OutgoingBody::new(
            source,
            length,
            initial_crc,
            attempt,
            self.observers.clone(),
        ))
    }

    /// Tells the observers that attempt `attempt` failed after `sent` bytes of the body.
    pub(crate) fn attempt_failed(&self, attempt: u32, sent: u64) {
        if let Some(observers) = &self.observers {
            for observer in observers.iter() {
                observer.attempt_failed(attempt, sent);
            }
        }
    }

    /// The base64 MD5 of the body for `Content-MD5`. Reads a file range once more; fails for
    /// streams, which cannot be read twice. A whole file's length must be fixed first.
    pub(crate) async fn content_md5(&self) -> Result<String, Error> {
        let md5 = self
            .fold(Md5::new(), |md5, chunk| md5.update(chunk))
            .await?;
        let md5 = md5.ok_or_else(|| {
            Error::invalid_input(
                "Content-MD5 needs a body that can be read twice (bytes or a file), not a stream",
            )
        })?;
        Ok(BASE64.encode(md5.finish()))
    }
}

/// Reads `length` bytes of `path` from `offset` on the blocking pool, folding each buffer
/// into `state` with `update`. Fails if the file is shorter.
async fn read_file_range<S: Send + 'static>(
    path: Arc<PathBuf>,
    offset: u64,
    length: u64,
    mut state: S,
    update: impl Fn(&mut S, &[u8]) + Send + 'static,
) -> Result<S, Error> {
    let shown = path.display().to_string();
    tokio::task::spawn_blocking(move || {
        let mut file = File::open(&*path)?;
        file.seek(SeekFrom::Start(offset))?;
        let mut reader = file.take(length);
        let mut buffer = vec![0u8; HASH_BUFFER];
        let mut read = 0u64;
        loop {
            let n = reader.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            update(&mut state, &buffer[..n]);
            read += n as u64;
        }
        if read != length {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("the file ended after {read} of {length} bytes"),
            ));
        }
        Ok(state)
    })
    .await
    .map_err(|e| Error::body(format!("reading {shown} failed"), Some(Box::new(e))))?
    .map_err(|e| Error::body(format!("cannot read {shown}"), Some(Box::new(e))))
}

impl From<Bytes> for RequestBody {
    fn from(bytes: Bytes) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<Vec<u8>> for RequestBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<String> for RequestBody {
    fn from(text: String) -> Self {
        Self::from_bytes(text)
    }
}

impl From<&'static str> for RequestBody {
    fn from(text: &'static str) -> Self {
        Self::from_bytes(text)
    }
}

impl From<&'static [u8]> for RequestBody {
    fn from(bytes: &'static [u8]) -> Self {
        Self::from_bytes(bytes)
    }
}

pin_project_lite::pin_project! {
    /// Converts a caller's stream error into a boxed error.
    struct ErrInto<S> {
        #[pin]
        inner: S,
    }
}

impl<S, E> Stream for ErrInto<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<BoxError>,
{
    type Item = Result<Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.project()
            .inner
            .poll_next(cx)
            .map(|item| item.map(|result| result.map_err(Into::into)))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::Mutex;

    use http_body_util::BodyExt;

    use super::*;
    use crate::outgoing_body::CHUNK;

    fn temp_file(name: &str, data: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("oss-http-body-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, data).unwrap();
        path
    }

    #[tokio::test]
    async fn file_range_is_read_in_chunks_with_crc() {
        let data: Vec<u8> = (0..(3 << 20) + 100).map(|i| (i % 251) as u8).collect();
        let path = temp_file("range.bin", &data);
        let length = (2 << 20) + 7;

        let body = RequestBody::file_range(&path, 10, length as u64);
        let (outgoing, report) = body.for_attempt(1, Some(0)).unwrap();
        let collected = outgoing.collect().await.unwrap().to_bytes();
        assert_eq!(&collected[..], &data[10..10 + length]);
        assert_eq!(report.crc(), Some(crate::crc64::checksum(&collected)));
        assert_eq!(report.sent(), length as u64);
        // A file body can be sent again, and its CRC can continue another one's.
        let (outgoing, report) = body.for_attempt(2, Some(42)).unwrap();
        outgoing.collect().await.unwrap();
        let expected = crate::crc64::combine(42, crate::crc64::checksum(&collected), length as u64);
        assert_eq!(report.crc(), Some(expected));

        // A range past the end of the file fails with a body error.
        let body = RequestBody::file_range(&path, 0, data.len() as u64 + 5);
        let (outgoing, report) = body.for_attempt(1, Some(0)).unwrap();
        assert!(outgoing.collect().await.is_err());
        assert_eq!(report.take_error().unwrap().kind(), crate::ErrorKind::Body);

        let md5 = RequestBody::file_range(&path, 0, 3)
            .content_md5()
            .await
            .unwrap();
        assert_eq!(md5, BASE64.encode(oss_checksum::md5::digest(&data[..3])));
        let mut whole = RequestBody::from_file(&path);
        assert_eq!(whole.known_length(), None);
        assert!(
            whole.for_attempt(1, None).is_err(),
            "the length is fixed first"
        );
        assert_eq!(
            whole.compute_crc64().await.unwrap(),
            Some(crate::crc64::checksum(&data))
        );
        assert_eq!(whole.known_length(), Some(data.len() as u64));
    }

    #[tokio::test]
    async fn stream_is_sent_once_and_length_checked() {
        let chunks = vec![
            Ok(Bytes::from_static(b"abc")),
            Ok(Bytes::from_static(b"de")),
        ];
        let body = RequestBody::from_stream(VecStream(chunks.into()), 6);
        assert!(!body.is_replayable());
        assert!(body.try_clone().is_none());
        let (outgoing, report) = body.for_attempt(1, Some(0)).unwrap();
        assert!(body.for_attempt(2, Some(0)).is_err());
        assert!(outgoing.collect().await.is_err());
        let error = report.take_error().unwrap();
        assert!(error.is_integrity());
        assert!(!error.is_retryable());
        assert!(!body.can_send_again());
        assert!(RequestBody::from_stream(VecStream(Default::default()), 0)
            .content_md5()
            .await
            .is_err());
    }

    #[tokio::test]
    async fn an_attempt_that_took_nothing_gives_the_stream_back() {
        let chunks = vec![Ok(Bytes::from_static(b"abc"))];
        let body = RequestBody::from_stream(VecStream(chunks.into()), 3);
        let (outgoing, _) = body.for_attempt(1, None).unwrap();
        assert!(!body.can_send_again());
        drop(outgoing); // e.g. the connection could not be made
        assert!(body.can_send_again());
        let (outgoing, _) = body.for_attempt(2, None).unwrap();
        assert_eq!(&outgoing.collect().await.unwrap().to_bytes()[..], b"abc");
        assert!(!body.can_send_again());
    }

    #[derive(Default)]
    struct Recorder {
        events: Mutex<Vec<String>>,
        max_chunk: Option<usize>,
    }

    impl BodyObserver for Recorder {
        fn attempt_started(&self, attempt: u32, length: Option<u64>) {
            let event = format!("start {attempt} {length:?}");
            self.events.lock().unwrap().push(event);
        }
        fn max_chunk(&self) -> Option<usize> {
            self.max_chunk
        }
        fn delay(&self, _len: u64) -> std::time::Duration {
            std::time::Duration::from_millis(1)
        }
        fn chunk_sent(&self, attempt: u32, len: u64, sent: u64) {
            let event = format!("sent {attempt} {len} {sent}");
            self.events.lock().unwrap().push(event);
        }
        fn attempt_failed(&self, attempt: u32, sent: u64) {
            let event = format!("failed {attempt} {sent}");
            self.events.lock().unwrap().push(event);
        }
    }

    #[tokio::test]
    async fn observers_see_each_attempt_in_chunks_of_their_size() {
        let recorder = Arc::new(Recorder {
            max_chunk: Some(4),
            ..Recorder::default()
        });
        let body = RequestBody::from_bytes("0123456789").observe(Arc::clone(&recorder));
        let (outgoing, report) = body.for_attempt(1, None).unwrap();
        let sent = outgoing.collect().await.unwrap().to_bytes();
        assert_eq!(&sent[..], b"0123456789");
        body.attempt_failed(1, report.sent());
        let (outgoing, _) = body.try_clone().unwrap().for_attempt(2, None).unwrap();
        outgoing.collect().await.unwrap();
        assert_eq!(
            *recorder.events.lock().unwrap(),
            [
                "start 1 Some(10)",
                "sent 1 4 4",
                "sent 1 4 8",
                "sent 1 2 10",
                "failed 1 10",
                "start 2 Some(10)",
                "sent 2 4 4",
                "sent 2 4 8",
                "sent 2 2 10",
            ]
        );
        // Without observers, bytes go in chunks of the default size.
        let big = Bytes::from(vec![7u8; CHUNK + 1]);
        let (mut outgoing, _) = RequestBody::from_bytes(big).for_attempt(1, None).unwrap();
        let first = outgoing
            .frame()
            .await
            .unwrap()
            .unwrap()
            .into_data()
            .unwrap();
        assert_eq!(first.len(), CHUNK);
    }

    struct VecStream(VecDeque<Result<Bytes, io::Error>>);

    impl Stream for VecStream {
        type Item = Result<Bytes, io::Error>;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(self.0.pop_front())
        }
    }
}
