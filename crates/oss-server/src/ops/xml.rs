//! Reading XML request bodies: bounded in size, parsed with oss-model, `MalformedXML` when
//! they are not what the operation takes.

use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use oss_model::XmlBody;

use crate::error::{OssError, OssResult};

/// Reads a whole (small) body; more than `limit` bytes is `MalformedXML`, as OSS answers an
/// oversized DeleteMultipleObjects body.
pub(crate) async fn read_small_body(mut body: Incoming, limit: usize) -> OssResult<Bytes> {
    let mut out = BytesMut::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            OssError::new(
                400,
                "IncompleteBody",
                format!("Reading the request body failed: {e}"),
            )
        })?;
        if let Ok(data) = frame.into_data() {
            if out.len() + data.len() > limit {
                return Err(OssError::malformed_xml(format!(
                    "the body is larger than {limit} bytes"
                )));
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(out.freeze())
}

/// Parses a request body as `T`.
pub(crate) fn parse<T: XmlBody>(bytes: &[u8]) -> OssResult<T> {
    T::from_xml(bytes).map_err(OssError::malformed_xml)
}
