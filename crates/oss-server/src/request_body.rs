//! Request bodies as handlers read them: the data a chunk at a time, with the errors a broken
//! body gets. A body that stalls for longer than the idle timeout fails with `RequestTimeout`,
//! as does one that ends before its `Content-Length` (the reference's code for a body shorter
//! than declared); one whose chunked framing is broken fails with `InvalidRequest`.

use oss_model::code::ErrorCode;
use std::io;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;

use crate::error::{OssError, OssResult};

/// Where object data comes from, a chunk at a time: a request body, or the file of a form.
pub(crate) trait DataSource: Send {
    /// The next chunk, or `None` at the end.
    fn data(&mut self) -> impl std::future::Future<Output = Option<OssResult<Bytes>>> + Send;
}

impl DataSource for RequestBody {
    async fn data(&mut self) -> Option<OssResult<Bytes>> {
        RequestBody::data(self).await
    }
}

/// The body of a request, read with an idle timeout.
pub(crate) struct RequestBody {
    inner: Incoming,
    idle: Duration,
}

impl RequestBody {
    /// Reads `inner`, failing when no data arrives for `idle`.
    pub fn new(inner: Incoming, idle: Duration) -> Self {
        RequestBody { inner, idle }
    }

    /// The next chunk of data (trailers are skipped), or `None` at the end.
    pub async fn data(&mut self) -> Option<OssResult<Bytes>> {
        loop {
            let frame = match tokio::time::timeout(self.idle, self.inner.frame()).await {
                Err(_) => return Some(Err(stalled())),
                Ok(None) => return None,
                Ok(Some(Err(e))) => return Some(Err(broken(&e))),
                Ok(Some(Ok(frame))) => frame,
            };
            if let Ok(data) = frame.into_data() {
                return Some(Ok(data));
            }
        }
    }
}

fn stalled() -> OssError {
    OssError::of(
        ErrorCode::RequestTimeout,
        "Your socket connection to the server was not read from or written to within the \
         timeout period.",
    )
}

/// The error for a body hyper could not read: a framing error (an invalid chunk size line, a
/// chunk without its CRLF) is the client's malformed request; anything else means the body
/// ended early.
fn broken(error: &hyper::Error) -> OssError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<io::Error>() {
            if matches!(
                io.kind(),
                io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput
            ) {
                return OssError::of(
                    ErrorCode::InvalidRequest,
                    format!("The request body is not valid chunked encoding: {io}."),
                );
            }
        }
        source = e.source();
    }
    OssError::of(
        ErrorCode::RequestTimeout,
        format!("The request body was not received completely: {error}."),
    )
}
