//! LiveChannel RTMP push URLs and their signature (reference §10.2).
//!
//! ```text
//! Signature = base64(HMAC-SHA1(secret, Expires \n CanonicalizedParams /bucket/channel))
//! CanonicalizedParams = "key:value\n" for every parameter, sorted by key
//! ```
//! The STS token travels as `security-token` and is signed like any other parameter, as the
//! official `oss2` SDK does.

use std::time::SystemTime;

use crate::dialect::{Dialect, RTMP_LEGACY_TOKEN_PARAM};
use crate::encoding::encode_into;
use crate::time::unix_seconds;
use crate::v1::sign;
use crate::{Credentials, SignError};

/// The RTMP application name OSS ingests on.
pub const RTMP_APP: &str = crate::dialect::RTMP_APP;

/// A LiveChannel push URL to sign.
#[derive(Debug, Clone, Copy)]
pub struct RtmpChannel<'a> {
    /// The bucket that owns the channel.
    pub bucket: &'a str,
    /// The channel name.
    pub channel: &'a str,
    /// Extra parameters, such as `playlistName` (decoded).
    pub params: &'a [(&'a str, &'a str)],
}

/// The string to sign of an RTMP URL. Parameters named like the signature's own
/// (`OSSAccessKeyId`, `Expires`, `Signature`, `SecurityToken`) are not signed.
pub fn string_to_sign(channel: &RtmpChannel<'_>, token: Option<&str>, expires: u64) -> String {
    let d = &Dialect::OSS;
    let excluded = [
        d.v1_access_key_param,
        d.v1_expires_param,
        d.v1_signature_param,
        RTMP_LEGACY_TOKEN_PARAM,
    ];
    let mut params: Vec<(&str, &str)> = channel
        .params
        .iter()
        .copied()
        .filter(|(n, _)| !excluded.contains(n) && *n != d.v1_security_token_param)
        .collect();
    if let Some(token) = token {
        params.push((d.v1_security_token_param, token));
    }
    params.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = format!("{expires}\n");
    for (name, value) in params {
        out.push_str(name);
        out.push(':');
        out.push_str(value);
        out.push('\n');
    }
    out.push('/');
    out.push_str(channel.bucket);
    out.push('/');
    out.push_str(channel.channel);
    out
}

/// A signed push URL `rtmp://{bucket}.{host}/live/{channel}?...` valid until `expiration`;
/// `host` is the endpoint host of the bucket's region.
pub fn presign_url(
    channel: &RtmpChannel<'_>,
    host: &str,
    credentials: &Credentials,
    expiration: SystemTime,
) -> Result<String, SignError> {
    let expires = unix_seconds(expiration);
    if expires == 0 {
        return Err(SignError::ExpiryInPast);
    }
    let token = credentials.security_token();
    let signature = sign(
        credentials.access_key_secret(),
        &string_to_sign(channel, token, expires),
    );
    let d = &Dialect::OSS;
    let mut url = format!("rtmp://{}.{}/{}/", channel.bucket, host, RTMP_APP);
    encode_into(&mut url, channel.channel, false);
    let expires = expires.to_string();
    let mut pairs: Vec<(&str, &str)> = vec![
        (d.v1_access_key_param, credentials.access_key_id()),
        (d.v1_expires_param, &expires),
        (d.v1_signature_param, &signature),
    ];
    pairs.extend(channel.params.iter().copied());
    if let Some(token) = token {
        pairs.push((d.v1_security_token_param, token));
    }
    for (i, (name, value)) in pairs.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        encode_into(&mut url, name, false);
        url.push('=');
        encode_into(&mut url, value, false);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::from_unix_seconds;

    #[test]
    fn signs_params_sorted_with_the_token() {
        let channel = RtmpChannel {
            bucket: "bucket",
            channel: "ch1",
            params: &[("playlistName", "p.m3u8"), ("Expires", "1")],
        };
        assert_eq!(
            string_to_sign(&channel, Some("tok"), 1_700_000_000),
            "1700000000\nplaylistName:p.m3u8\nsecurity-token:tok\n/bucket/ch1"
        );
        let creds = Credentials::new("ak", "sk");
        let plain = RtmpChannel {
            params: &[],
            ..channel
        };
        let url = presign_url(
            &plain,
            "live.example.com",
            &creds,
            from_unix_seconds(1_700_000_000),
        )
        .unwrap();
        let expected = sign("sk", "1700000000\n/bucket/ch1");
        let mut encoded = String::new();
        encode_into(&mut encoded, &expected, false);
        assert_eq!(
            url,
            format!("rtmp://bucket.live.example.com/live/ch1?OSSAccessKeyId=ak&Expires=1700000000&Signature={encoded}")
        );
    }
}
