//! XML bodies: reading requests (bounded in size, parsed with oss-model, `MalformedXML` when
//! they are not what the operation takes) and keeping responses that carry names
//! well-formed (`encoding-type=url`).

use crate::request_body::RequestBody;
use bytes::{Bytes, BytesMut};
use oss_model::{EncodingType, KeyEncoding, XmlBody};

use crate::context::Ctx;
use crate::error::{OssError, OssResult};

/// Reads a whole (small) body; more than `limit` bytes is `MalformedXML`, as OSS answers an
/// oversized DeleteMultipleObjects body.
pub(crate) async fn read_small_body(mut body: RequestBody, limit: usize) -> OssResult<Bytes> {
    let mut out = BytesMut::new();
    while let Some(data) = body.data().await {
        let data = data?;
        if out.len() + data.len() > limit {
            return Err(OssError::malformed_xml(format!(
                "the body is larger than {limit} bytes"
            )));
        }
        out.extend_from_slice(&data);
    }
    Ok(out.freeze())
}

/// Parses a request body as `T`.
pub(crate) fn parse<T: XmlBody>(bytes: &[u8]) -> OssResult<T> {
    T::from_xml(bytes).map_err(OssError::malformed_xml)
}

/// Whether the request asks for `encoding-type=url` (the only encoding there is; any other
/// value is `InvalidArgument`).
pub(crate) fn url_requested(ctx: &Ctx) -> OssResult<bool> {
    match ctx.req.param("encoding-type") {
        None | Some("") => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("url") => Ok(true),
        Some(v) => Err(OssError::invalid_argument(
            "The encoding type must be url.",
            "encoding-type",
            v,
        )),
    }
}

/// Percent-encodes the names of a response body when the client asked for it, or when a name
/// holds a character XML 1.0 cannot carry (a key with a control character): such a body is
/// answered encoded, saying so in `EncodingType` as clients read it, rather than malformed.
/// Returns the `EncodingType` to set.
pub(crate) fn encode_names<T: KeyEncoding>(body: &mut T, requested: bool) -> Option<EncodingType> {
    if requested || body.needs_url_encoding() {
        body.encode_keys(&EncodingType::Url);
        Some(EncodingType::Url)
    } else {
        None
    }
}
