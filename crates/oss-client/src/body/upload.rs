//! Upload bodies: bytes, a file (or a range of one), or a stream of known or unknown
//! length, turned into a transport body for each attempt (through a progress counter when
//! asked).

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use oss_http::{BoxError, RequestBody};
use tokio::io::{AsyncRead, AsyncSeekExt, ReadBuf};

use crate::error::{Error, Result};
use crate::progress::{Progress, ProgressEvent, ProgressStream};

type ByteStream = Pin<Box<dyn Stream<Item = std::result::Result<Bytes, BoxError>> + Send>>;

/// How many bytes a progress-reporting upload hands over at a time.
const UPLOAD_CHUNK: usize = 256 * 1024;

/// The body of an upload.
pub struct Body {
    source: Source,
}

enum Source {
    Empty,
    Bytes(Bytes),
    File {
        path: PathBuf,
        offset: u64,
        length: Option<u64>,
    },
    Stream {
        /// Taken by the first attempt; in a mutex only so that the body is `Sync`.
        stream: Mutex<Option<ByteStream>>,
        length: Option<u64>,
    },
}

impl Default for Body {
    fn default() -> Self {
        Body::empty()
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Empty => f.write_str("Body::Empty"),
            Source::Bytes(bytes) => write!(f, "Body::Bytes({} bytes)", bytes.len()),
            Source::File {
                path,
                offset,
                length,
            } => write!(
                f,
                "Body::File({}, offset {offset}, length {length:?})",
                path.display()
            ),
            Source::Stream { length, .. } => write!(f, "Body::Stream(length {length:?})"),
        }
    }
}

impl Body {
    /// No body.
    pub fn empty() -> Self {
        Body {
            source: Source::Empty,
        }
    }

    /// Bytes in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Body {
            source: Source::Bytes(bytes.into()),
        }
    }

    /// A whole local file, read in chunks while sending (its length is taken when the
    /// request is sent).
    pub fn from_file(path: impl Into<PathBuf>) -> Self {
        Body {
            source: Source::File {
                path: path.into(),
                offset: 0,
                length: None,
            },
        }
    }

    /// `length` bytes of a local file from `offset`.
    pub fn file_range(path: impl Into<PathBuf>, offset: u64, length: u64) -> Self {
        Body {
            source: Source::File {
                path: path.into(),
                offset,
                length: Some(length),
            },
        }
    }

    /// A stream that yields exactly `length` bytes. Sent once: its request is not retried.
    pub fn from_stream<S, E>(stream: S, length: u64) -> Self
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError> + 'static,
    {
        Self::stream_of(stream, Some(length))
    }

    /// A stream of unknown length, sent chunked. Sent once: its request is not retried.
    pub fn from_stream_unknown_length<S, E>(stream: S) -> Self
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError> + 'static,
    {
        Self::stream_of(stream, None)
    }

    fn stream_of<S, E>(stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError> + 'static,
    {
        Body {
            source: Source::Stream {
                stream: Mutex::new(Some(Box::pin(BoxErrors { inner: stream }))),
                length,
            },
        }
    }

    /// Whether the body can be sent more than once (bytes and files can, streams cannot).
    pub fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::Stream { .. })
    }

    /// The length when known without I/O (bytes, file ranges, sized streams).
    pub fn known_length(&self) -> Option<u64> {
        match &self.source {
            Source::Empty => Some(0),
            Source::Bytes(bytes) => Some(bytes.len() as u64),
            Source::File { length, .. } => *length,
            Source::Stream { length, .. } => *length,
        }
    }

    /// A second handle on the same bytes or file (`None` for a stream), to read the body
    /// again after sending it (e.g. to compute its CRC when checking an ambiguous retry).
    pub(crate) fn try_clone(&self) -> Option<Body> {
        let source = match &self.source {
            Source::Empty => Source::Empty,
            Source::Bytes(bytes) => Source::Bytes(bytes.clone()),
            Source::File {
                path,
                offset,
                length,
            } => Source::File {
                path: path.clone(),
                offset: *offset,
                length: *length,
            },
            Source::Stream { .. } => return None,
        };
        Some(Body { source })
    }

    /// Fixes a whole file's length now, so that every attempt sends the same range.
    pub(crate) async fn resolve_length(&mut self) -> Result<Option<u64>> {
        if let Source::File {
            path,
            offset,
            length: length @ None,
        } = &mut self.source
        {
            let metadata = tokio::fs::metadata(&*path)
                .await
                .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
            *length = Some(metadata.len().saturating_sub(*offset));
        }
        Ok(self.known_length())
    }

    /// The body for one attempt, reporting progress when asked. A stream is handed over
    /// once; a second call gives `None`.
    pub(crate) async fn for_attempt(
        &mut self,
        progress: Option<(&Progress, u32)>,
    ) -> Result<Option<RequestBody>> {
        let length = self.resolve_length().await?;
        let Some((progress, attempt)) = progress else {
            return Ok(Some(match &mut self.source {
                Source::Empty => RequestBody::empty(),
                Source::Bytes(bytes) => RequestBody::from_bytes(bytes.clone()),
                Source::File { path, offset, .. } => {
                    RequestBody::file_range(path.clone(), *offset, length.unwrap_or(0))
                }
                Source::Stream { stream, length } => match take(stream) {
                    None => return Ok(None),
                    Some(stream) => sized(stream, *length),
                },
            }));
        };
        let body = match &mut self.source {
            Source::Empty => {
                progress.report(ProgressEvent {
                    transferred: 0,
                    total: Some(0),
                    attempt,
                });
                RequestBody::empty()
            }
            Source::Bytes(bytes) => sized(
                Box::pin(ProgressStream::new(
                    Chunks(bytes.clone()),
                    progress.clone(),
                    length,
                    attempt,
                )),
                length,
            ),
            Source::File { path, offset, .. } => {
                let mut file = tokio::fs::File::open(&*path)
                    .await
                    .map_err(|e| Error::io(format!("cannot open {}", path.display()), e))?;
                file.seek(io::SeekFrom::Start(*offset))
                    .await
                    .map_err(|e| Error::io(format!("cannot seek in {}", path.display()), e))?;
                let reader = FileChunks {
                    file,
                    remaining: length.unwrap_or(0),
                    buffer: BytesMut::new(),
                };
                sized(
                    Box::pin(ProgressStream::new(
                        reader,
                        progress.clone(),
                        length,
                        attempt,
                    )),
                    length,
                )
            }
            Source::Stream { stream, length } => match take(stream) {
                None => return Ok(None),
                Some(stream) => sized(
                    Box::pin(ProgressStream::new(
                        stream,
                        progress.clone(),
                        *length,
                        attempt,
                    )),
                    *length,
                ),
            },
        };
        Ok(Some(body))
    }

    /// The CRC-64 of the body, computed from bytes or by reading the file; `None` for a
    /// stream (which cannot be read twice).
    pub(crate) async fn crc64(&mut self) -> Result<Option<u64>> {
        let length = self.resolve_length().await?;
        match &self.source {
            Source::Empty => Ok(Some(0)),
            Source::Bytes(bytes) => Ok(Some(oss_http::crc64::checksum(bytes))),
            Source::File { path, offset, .. } => {
                let (path, offset, length) = (path.clone(), *offset, length.unwrap_or(0));
                let shown = path.display().to_string();
                tokio::task::spawn_blocking(move || crc64_of_file(&path, offset, length))
                    .await
                    .map_err(|e| Error::io(format!("cannot read {shown}"), io::Error::other(e)))?
                    .map(Some)
                    .map_err(|e| Error::io(format!("cannot read {shown}"), e))
            }
            Source::Stream { .. } => Ok(None),
        }
    }
}

fn take(stream: &mut Mutex<Option<ByteStream>>) -> Option<ByteStream> {
    stream
        .get_mut()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .take()
}

fn sized(stream: ByteStream, length: Option<u64>) -> RequestBody {
    match length {
        Some(length) => RequestBody::stream(stream, length),
        None => RequestBody::stream_unknown_length(stream),
    }
}

fn crc64_of_file(path: &std::path::Path, offset: u64, length: u64) -> io::Result<u64> {
    use std::io::{Read, Seek};
    let mut file = std::fs::File::open(path)?;
    file.seek(io::SeekFrom::Start(offset))?;
    let mut reader = file.take(length);
    let mut crc = oss_http::crc64::Crc64::new();
    let mut buffer = vec![0u8; UPLOAD_CHUNK];
    loop {
        let n = reader.read(&mut buffer)?;
        if n == 0 {
            return Ok(crc.value());
        }
        crc.update(&buffer[..n]);
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Body::from_bytes(bytes)
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Body::from_bytes(bytes)
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Body::from_bytes(text)
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Self {
        Body::from_bytes(text)
    }
}

impl From<&'static [u8]> for Body {
    fn from(bytes: &'static [u8]) -> Self {
        Body::from_bytes(bytes)
    }
}

pin_project_lite::pin_project! {
    struct BoxErrors<S> {
        #[pin]
        inner: S,
    }
}

impl<S, E> Stream for BoxErrors<S>
where
    S: Stream<Item = std::result::Result<Bytes, E>>,
    E: Into<BoxError>,
{
    type Item = std::result::Result<Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.project()
            .inner
            .poll_next(cx)
            .map(|item| item.map(|result| result.map_err(Into::into)))
    }
}

/// Bytes handed over in slices (no copy), so that progress moves in steps.
struct Chunks(Bytes);

impl Stream for Chunks {
    type Item = std::result::Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.0.is_empty() {
            return Poll::Ready(None);
        }
        let n = self.0.len().min(UPLOAD_CHUNK);
        Poll::Ready(Some(Ok(self.0.split_to(n))))
    }
}

/// A file read in chunks as a stream.
struct FileChunks {
    file: tokio::fs::File,
    remaining: u64,
    buffer: BytesMut,
}

impl Stream for FileChunks {
    type Item = std::result::Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.remaining == 0 {
            return Poll::Ready(None);
        }
        let want = this.remaining.min(UPLOAD_CHUNK as u64) as usize;
        if this.buffer.len() < want {
            this.buffer.resize(want, 0);
        }
        let mut read = ReadBuf::new(&mut this.buffer[..want]);
        match Pin::new(&mut this.file).poll_read(cx, &mut read) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Err(e)) => Poll::Ready(Some(Err(Box::new(e)))),
            Poll::Ready(Ok(())) => {
                let n = read.filled().len();
                if n == 0 {
                    // Ended early: the transport reports the length mismatch.
                    this.remaining = 0;
                    return Poll::Ready(None);
                }
                this.remaining -= n as u64;
                let chunk = this.buffer.split_to(n).freeze();
                Poll::Ready(Some(Ok(chunk)))
            }
        }
    }
}
