//! Request bodies: empty, bytes in memory, a range of a local file read in chunks, or a
//! stream of [`Bytes`] of known or unknown length (the latter sent chunked).
//!
//! Empty, bytes and file-range bodies can be sent again, so their requests can be retried;
//! a stream is consumed by the first attempt. While a body is sent its CRC-64 is computed,
//! for comparison with the server's `x-oss-hash-crc64ecma`.

use std::error::Error as StdError;
use std::fmt;
use std::fs::File;
use std::future::Future;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use bytes::Bytes;
use futures_core::Stream;
use http_body::{Frame, SizeHint};
use tokio::task::JoinHandle;

use crate::crc64::Crc64;
use crate::error::{Error, IntegrityError};
use oss_checksum::md5::Md5;

/// A boxed error from a caller's body stream.
pub type BoxError = Box<dyn StdError + Send + Sync>;

type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// How many bytes of a file are read per chunk.
const FILE_CHUNK: usize = 256 * 1024;

/// The body of a request.
pub struct RequestBody {
    source: Source,
}

enum Source {
    Empty,
    Bytes(Bytes),
    File {
        path: PathBuf,
        offset: u64,
        length: u64,
    },
    Stream {
        /// `None` once an attempt has taken it. In a mutex only so that the body is `Sync`
        /// (requests are borrowed across awaits) without asking callers for `Sync` streams;
        /// it is only ever accessed through `&mut`.
        stream: Mutex<Option<ByteStream>>,
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
            Source::Empty => f.write_str("RequestBody::Empty"),
            Source::Bytes(bytes) => write!(f, "RequestBody::Bytes({} bytes)", bytes.len()),
            Source::File {
                path,
                offset,
                length,
            } => write!(
                f,
                "RequestBody::File({}, offset {offset}, {length} bytes)",
                path.display()
            ),
            Source::Stream { length, .. } => match length {
                Some(length) => write!(f, "RequestBody::Stream({length} bytes)"),
                None => f.write_str("RequestBody::Stream(unknown length)"),
            },
        }
    }
}

impl RequestBody {
    /// No body.
    pub fn empty() -> Self {
        RequestBody {
            source: Source::Empty,
        }
    }

    /// Bytes in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        RequestBody {
            source: Source::Bytes(bytes.into()),
        }
    }

    /// `length` bytes of the file at `path` from `offset`, read in chunks while sending (on
    /// tokio's blocking pool). If the file turns out shorter, the request fails with
    /// [`ErrorKind::Body`](crate::ErrorKind::Body).
    pub fn file_range(path: impl Into<PathBuf>, offset: u64, length: u64) -> Self {
        RequestBody {
            source: Source::File {
                path: path.into(),
                offset,
                length,
            },
        }
    }

    /// A whole file: [`file_range`](Self::file_range) from 0 to the file's current length.
    pub async fn file(path: impl Into<PathBuf>) -> Result<Self, Error> {
        let path = path.into();
        let length = tokio::task::spawn_blocking({
            let path = path.clone();
            move || std::fs::metadata(path).map(|m| m.len())
        })
        .await
        .map_err(|e| Error::body("reading file metadata failed", Some(Box::new(e))))?
        .map_err(|e| {
            Error::body(
                format!("cannot read the metadata of {}", path.display()),
                Some(Box::new(e)),
            )
        })?;
        Ok(Self::file_range(path, 0, length))
    }

    /// A stream that yields exactly `length` bytes in total (sent with `Content-Length`).
    /// It can be sent once, so a request with it is not retried.
    pub fn stream<S, E>(stream: S, length: u64) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        RequestBody {
            source: Source::Stream {
                stream: Mutex::new(Some(Box::pin(ErrInto { inner: stream }))),
                length: Some(length),
            },
        }
    }

    /// A stream of unknown length, sent with `Transfer-Encoding: chunked`. It can be sent
    /// once, so a request with it is not retried.
    pub fn stream_unknown_length<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        RequestBody {
            source: Source::Stream {
                stream: Mutex::new(Some(Box::pin(ErrInto { inner: stream }))),
                length: None,
            },
        }
    }

    /// The length in bytes, when known before sending.
    pub fn content_length(&self) -> Option<u64> {
        match &self.source {
            Source::Empty => Some(0),
            Source::Bytes(bytes) => Some(bytes.len() as u64),
            Source::File { length, .. } => Some(*length),
            Source::Stream { length, .. } => *length,
        }
    }

    /// Whether the body can be sent more than once (and so its request retried).
    pub fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::Stream { .. })
    }

    /// Whether there is no body at all.
    pub fn is_empty_body(&self) -> bool {
        matches!(self.source, Source::Empty)
    }

    /// Whether the body can be sent for another attempt now.
    pub(crate) fn can_send_again(&self) -> bool {
        self.is_replayable()
    }

    /// The body for one attempt, or `None` if a stream was already consumed. `initial_crc`
    /// is the CRC the body's CRC continues from (0, or the object's CRC for an append);
    /// `None` computes no CRC (nobody will compare it).
    pub(crate) fn for_attempt(
        &mut self,
        initial_crc: Option<u64>,
    ) -> Option<(OutgoingBody, BodyReport)> {
        let state = match &mut self.source {
            Source::Empty => OutState::Done,
            Source::Bytes(bytes) => OutState::Bytes(bytes.clone()),
            Source::File {
                path,
                offset,
                length,
            } => OutState::File(FileReader {
                path: path.clone(),
                file: None,
                position: *offset,
                remaining: *length,
                pending: None,
            }),
            Source::Stream { stream, .. } => OutState::Stream(
                stream
                    .get_mut()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .take()?,
            ),
        };
        let report = BodyReport::default();
        let expected = self.content_length();
        let mut body = OutgoingBody {
            state,
            crc: initial_crc.map(Crc64::resume),
            expected,
            sent: 0,
            report: report.clone(),
        };
        if expected == Some(0) {
            body.finish();
        }
        Some((body, report))
    }

    /// The base64 MD5 of the body for `Content-MD5`. Reads a file range once more; fails for
    /// streams, which cannot be read twice.
    pub(crate) async fn content_md5(&self) -> Result<String, Error> {
        let digest = match &self.source {
            Source::Empty => {
                let md5 = Md5::new();
                md5.finish()
            }
            Source::Bytes(bytes) => {
                let bytes = bytes.clone();
                // Hashing a large buffer would stall the async worker thread.
                tokio::task::spawn_blocking(move || {
                    let mut md5 = Md5::new();
                    md5.update(&bytes);
                    md5.finish()
                })
                .await
                .map_err(|e| Error::body("hashing the body failed", Some(Box::new(e))))?
            }
            Source::File {
                path,
                offset,
                length,
            } => {
                let (path, offset, length) = (path.clone(), *offset, *length);
                tokio::task::spawn_blocking(move || md5_of_file_range(&path, offset, length))
                    .await
                    .map_err(|e| Error::body("hashing the file failed", Some(Box::new(e))))?
                    .map_err(|e| {
                        Error::body("cannot read the file to hash it", Some(Box::new(e)))
                    })?
            }
            Source::Stream { .. } => return Err(Error::invalid_input(
                "Content-MD5 needs a body that can be read twice (bytes or a file), not a stream",
            )),
        };
        Ok(BASE64.encode(digest))
    }
}

fn md5_of_file_range(path: &Path, offset: u64, length: u64) -> io::Result<[u8; 16]> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut reader = file.take(length);
    let mut md5 = Md5::new();
    let mut buffer = vec![0u8; FILE_CHUNK];
    let mut read = 0u64;
    loop {
        let n = reader.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        md5.update(&buffer[..n]);
        read += n as u64;
    }
    if read != length {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("the file ended after {read} of {length} bytes"),
        ));
    }
    Ok(md5.finish())
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

/// What one attempt's body reports back to the client: the CRC once all of it was produced,
/// or the typed error that made it fail (hyper only passes an opaque error through).
#[derive(Clone, Default)]
pub(crate) struct BodyReport {
    inner: Arc<Mutex<ReportState>>,
}

#[derive(Default)]
struct ReportState {
    crc: Option<u64>,
    error: Option<Error>,
}

impl BodyReport {
    /// The CRC of the whole body (continued from the initial CRC), once fully produced.
    pub(crate) fn crc(&self) -> Option<u64> {
        self.inner.lock().ok()?.crc
    }

    /// The error that stopped the body, if any (taken once).
    pub(crate) fn take_error(&self) -> Option<Error> {
        self.inner.lock().ok()?.error.take()
    }

    fn set_crc(&self, crc: u64) {
        if let Ok(mut state) = self.inner.lock() {
            state.crc = Some(crc);
        }
    }

    fn set_error(&self, error: Error) {
        if let Ok(mut state) = self.inner.lock() {
            state.error = Some(error);
        }
    }
}

/// The marker error hyper sees when a body fails; the real error is in the [`BodyReport`].
#[derive(Debug)]
pub(crate) struct BodyFailed;

impl fmt::Display for BodyFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the request body failed")
    }
}

impl StdError for BodyFailed {}

enum OutState {
    Done,
    Bytes(Bytes),
    File(FileReader),
    Stream(ByteStream),
}

struct FileReader {
    path: PathBuf,
    file: Option<File>,
    position: u64,
    remaining: u64,
    /// The chunk being read on the blocking pool; the file travels with it.
    pending: Option<JoinHandle<io::Result<(File, Bytes)>>>,
}

impl FileReader {
    /// Starts reading the next chunk, so that it is (often) ready when hyper asks for it.
    fn start_read(&mut self) {
        let want = self.remaining.min(FILE_CHUNK as u64) as usize;
        let file = self.file.take();
        let path = self.path.clone();
        let position = self.position;
        self.pending = Some(tokio::task::spawn_blocking(move || {
            let mut file = match file {
                Some(file) => file,
                None => {
                    let mut file = File::open(&path)?;
                    file.seek(SeekFrom::Start(position))?;
                    file
                }
            };
            let mut buffer = vec![0u8; want];
            let mut filled = 0;
            while filled < want {
                match file.read(&mut buffer[filled..]) {
                    Ok(0) => break,
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            buffer.truncate(filled);
            Ok((file, Bytes::from(buffer)))
        }));
    }
}

/// One attempt's body as hyper sends it: yields chunks, computes their CRC, checks the
/// declared length.
pub(crate) struct OutgoingBody {
    state: OutState,
    crc: Option<Crc64>,
    expected: Option<u64>,
    sent: u64,
    report: BodyReport,
}

impl OutgoingBody {
    /// A body with nothing in it (for internal GETs).
    pub(crate) fn empty() -> Self {
        OutgoingBody {
            state: OutState::Done,
            crc: None,
            expected: Some(0),
            sent: 0,
            report: BodyReport::default(),
        }
    }

    fn finish(&mut self) {
        self.state = OutState::Done;
        if let Some(crc) = &self.crc {
            self.report.set_crc(crc.value());
        }
    }

    fn fail(&mut self, error: Error) -> Poll<Option<Result<Frame<Bytes>, BodyFailed>>> {
        self.state = OutState::Done;
        self.report.set_error(error);
        Poll::Ready(Some(Err(BodyFailed)))
    }

    /// Accounts for a chunk about to be sent; completes the CRC when the declared length is
    /// reached, because hyper may not ask again after the last byte of a sized body.
    fn chunk(&mut self, data: Bytes) -> Poll<Option<Result<Frame<Bytes>, BodyFailed>>> {
        self.sent += data.len() as u64;
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
        if let Some(crc) = &mut self.crc {
            crc.update(&data);
        }
        if self.expected == Some(self.sent) {
            self.finish();
        }
        Poll::Ready(Some(Ok(Frame::data(data))))
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
        loop {
            match &mut this.state {
                OutState::Done => return Poll::Ready(None),
                OutState::Bytes(bytes) => {
                    let data = std::mem::take(bytes);
                    this.state = OutState::Done;
                    if data.is_empty() {
                        this.finish();
                        return Poll::Ready(None);
                    }
                    return this.chunk(data);
                }
                OutState::File(reader) => {
                    if reader.pending.is_none() {
                        if reader.remaining == 0 {
                            this.finish();
                            return Poll::Ready(None);
                        }
                        reader.start_read();
                    }
                    let pending = reader.pending.as_mut().expect("a read was just started");
                    let result = match Pin::new(pending).poll(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(result) => result,
                    };
                    reader.pending = None;
                    let path = reader.path.display().to_string();
                    let (file, data) = match result {
                        Ok(Ok(read)) => read,
                        Ok(Err(e)) => {
                            return this.fail(Error::body(
                                format!("reading {path} failed"),
                                Some(Box::new(e)),
                            ))
                        }
                        Err(e) => {
                            return this.fail(Error::body(
                                format!("reading {path} failed"),
                                Some(Box::new(e)),
                            ))
                        }
                    };
                    if data.is_empty() {
                        let remaining = reader.remaining;
                        return this.fail(Error::body(
                            format!("{path} ended {remaining} bytes before the declared range"),
                            None,
                        ));
                    }
                    reader.file = Some(file);
                    reader.position += data.len() as u64;
                    reader.remaining -= data.len() as u64;
                    if reader.remaining > 0 {
                        reader.start_read();
                    }
                    return this.chunk(data);
                }
                OutState::Stream(stream) => match stream.as_mut().poll_next(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Some(Ok(data))) if data.is_empty() => continue,
                    Poll::Ready(Some(Ok(data))) => return this.chunk(data),
                    Poll::Ready(Some(Err(e))) => {
                        return this.fail(Error::body("the body stream failed", Some(e)))
                    }
                    Poll::Ready(None) => {
                        if let Some(expected) = this.expected {
                            if this.sent != expected {
                                let actual = this.sent;
                                return this.fail(
                                    Error::from_integrity(
                                        IntegrityError::LengthMismatch { expected, actual },
                                        "the request body stream ended early",
                                    )
                                    .set_retryable(false),
                                );
                            }
                        }
                        this.finish();
                        return Poll::Ready(None);
                    }
                },
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self.state, OutState::Done)
    }

    fn size_hint(&self) -> SizeHint {
        match self.expected {
            Some(expected) => SizeHint::with_exact(expected.saturating_sub(self.sent)),
            None => SizeHint::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn file_range_is_read_in_chunks_with_crc() {
        let dir = std::env::temp_dir().join(format!("oss-http-body-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("range.bin");
        let data: Vec<u8> = (0..(FILE_CHUNK * 2 + 100))
            .map(|i| (i % 251) as u8)
            .collect();
        std::fs::write(&path, &data).unwrap();

        let mut body = RequestBody::file_range(&path, 10, (FILE_CHUNK * 2) as u64);
        let (outgoing, report) = body.for_attempt(Some(0)).unwrap();
        let collected = outgoing.collect().await.unwrap().to_bytes();
        assert_eq!(&collected[..], &data[10..10 + FILE_CHUNK * 2]);
        assert_eq!(report.crc(), Some(crate::crc64::checksum(&collected)));
        // A file body can be sent again.
        assert!(body.for_attempt(Some(0)).is_some());

        // A range past the end of the file fails with a body error.
        let mut body = RequestBody::file_range(&path, 0, data.len() as u64 + 5);
        let (outgoing, report) = body.for_attempt(Some(0)).unwrap();
        assert!(outgoing.collect().await.is_err());
        assert_eq!(report.take_error().unwrap().kind(), crate::ErrorKind::Body);

        let md5 = RequestBody::file_range(&path, 0, 3)
            .content_md5()
            .await
            .unwrap();
        let mut expected = Md5::new();
        expected.update(&data[..3]);
        assert_eq!(md5, BASE64.encode(expected.finish()));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn stream_is_sent_once_and_length_checked() {
        let chunks: Vec<Result<Bytes, io::Error>> = vec![
            Ok(Bytes::from_static(b"abc")),
            Ok(Bytes::from_static(b"de")),
        ];
        let mut body = RequestBody::stream(VecStream(chunks.into()), 6);
        assert!(!body.is_replayable());
        let (outgoing, report) = body.for_attempt(Some(0)).unwrap();
        assert!(body.for_attempt(Some(0)).is_none());
        assert!(outgoing.collect().await.is_err());
        let error = report.take_error().unwrap();
        assert!(error.is_integrity());
        assert!(!error.is_retryable());
        assert!(RequestBody::stream(VecStream(Default::default()), 0)
            .content_md5()
            .await
            .is_err());
    }

    struct VecStream(std::collections::VecDeque<Result<Bytes, io::Error>>);

    impl Stream for VecStream {
        type Item = Result<Bytes, io::Error>;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(self.0.pop_front())
        }
    }
}
