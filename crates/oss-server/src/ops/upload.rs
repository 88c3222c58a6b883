//! Receiving object data: the request body streams into a new blob while its CRC-64 (and,
//! when needed, MD5) is computed; `Content-MD5` is checked before anything refers to the blob.

use crate::request_body::{DataSource, RequestBody};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use bytes::Bytes;
use oss_checksum::crc64::Crc64;
use oss_checksum::md5::Md5;
use oss_model::code::ErrorCode;

use crate::context::Ctx;
use crate::error::{OssError, OssResult};
use crate::store::BlobRef;

/// The largest single upload (PutObject, one part), 5 GiB.
pub(crate) const MAX_UPLOAD: u64 = 5 << 30;

/// Data received into a blob nothing references yet.
pub(crate) struct Received {
    /// The blob.
    pub blob: BlobRef,
    /// Its size.
    pub size: u64,
    /// Its MD5, when it was computed.
    pub md5: Option<[u8; 16]>,
    /// Its CRC-64.
    pub crc64: u64,
}

impl Received {
    /// The ETag of a simple upload: the upper-case hex MD5, or with MD5 ETags turned off, the
    /// CRC-64 and the length in the same form.
    pub fn etag(&self) -> String {
        match self.md5 {
            Some(md5) => hex_upper(&md5),
            None => format!("{:016X}{:016X}", self.crc64, self.size),
        }
    }

    /// Base64 of the MD5, for `Content-MD5` on GET.
    pub fn content_md5(&self) -> Option<String> {
        self.md5.map(|m| BASE64.encode(m))
    }
}

/// An MD5 computed on the blocking pool from chunks sent to it.
struct Md5Thread {
    tx: Option<tokio::sync::mpsc::Sender<Bytes>>,
    task: tokio::task::JoinHandle<[u8; 16]>,
}

impl Md5Thread {
    fn start() -> Self {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Bytes>(64);
        let task = tokio::task::spawn_blocking(move || {
            let mut md5 = Md5::new();
            while let Some(chunk) = rx.blocking_recv() {
                md5.update(&chunk);
            }
            md5.finish()
        });
        Md5Thread { tx: Some(tx), task }
    }

    async fn update(&mut self, chunk: Bytes) {
        if let Some(tx) = &self.tx {
            // Fails only if the thread is gone, which `finish` reports.
            let _ = tx.send(chunk).await;
        }
    }

    async fn finish(mut self) -> Result<[u8; 16], tokio::task::JoinError> {
        self.tx = None;
        self.task.await
    }
}

/// Upper-case hex.
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// The `Content-MD5` header, decoded; a malformed one is `InvalidDigest`.
pub(crate) fn content_md5(ctx: &Ctx) -> OssResult<Option<[u8; 16]>> {
    match ctx.req.header("content-md5") {
        None => Ok(None),
        Some(value) => BASE64
            .decode(value)
            .ok()
            .and_then(|d| <[u8; 16]>::try_from(d.as_slice()).ok())
            .map(Some)
            .ok_or_else(OssError::invalid_digest),
    }
}

/// Streams the body into a new blob, with its MD5 when MD5 ETags are on or the client sent
/// `Content-MD5`.
pub(crate) async fn receive(ctx: &Ctx, body: RequestBody) -> OssResult<Received> {
    let declared = ctx.req.header("content-length");
    let chunked = ctx
        .req
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    match declared.map(|v| v.parse::<u64>()) {
        None if !chunked => {
            return Err(OssError::of(
                ErrorCode::MissingContentLength,
                "You must provide the Content-Length HTTP header.",
            ))
        }
        Some(Ok(n)) if n > MAX_UPLOAD => {
            return Err(OssError::of(
                ErrorCode::EntityTooLarge,
                "Your proposed upload exceeds the maximum allowed object size.",
            ))
        }
        _ => {}
    }
    let expected_md5 = content_md5(ctx)?;
    receive_data(ctx, body, expected_md5, MAX_UPLOAD, too_large).await
}

/// The error for an upload over [`MAX_UPLOAD`].
fn too_large() -> OssError {
    OssError::of(
        ErrorCode::EntityTooLarge,
        "Your proposed upload exceeds the maximum allowed object size.",
    )
}

/// Streams `source` into a new blob, with its MD5 when MD5 ETags are on or `expected_md5` is
/// given (and then checked); more than `max` bytes fail with `over_max()` and leave nothing.
pub(crate) async fn receive_data(
    ctx: &Ctx,
    mut body: impl DataSource,
    expected_md5: Option<[u8; 16]>,
    max: u64,
    over_max: fn() -> OssError,
) -> OssResult<Received> {
    // MD5 (about 0.5 GB/s) runs on a thread of its own, beside the receiving.
    let mut md5 = (ctx.state.md5_etags || expected_md5.is_some()).then(Md5Thread::start);
    let mut crc = Crc64::new();
    let mut size = 0u64;
    let store = &ctx.state.store;
    let mut writer = store.blob_writer().map_err(OssError::internal)?;
    while let Some(data) = body.data().await {
        let data = data?;
        size += data.len() as u64;
        if size > max {
            return Err(over_max());
        }
        crc.update(&data);
        if let Some(md5) = &mut md5 {
            md5.update(data.clone()).await;
        }
        writer.write(data).await.map_err(OssError::internal)?;
    }
    let blob = writer.finish().await.map_err(OssError::internal)?;
    let md5 = match md5 {
        Some(md5) => Some(md5.finish().await.map_err(OssError::internal)?),
        None => None,
    };
    if let (Some(expected), Some(actual)) = (expected_md5, md5) {
        if expected != actual {
            store.discard(&blob);
            return Err(OssError::invalid_digest());
        }
    }
    Ok(Received {
        blob,
        size,
        md5,
        crc64: crc.value(),
    })
}
