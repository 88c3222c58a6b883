//! The signatures of Tencent COS's retired v4 JSON API, as the seed SDK
//! (`qcloud_cos_v4`'s `Auth`) computes them: `sign_more` (reusable until an expiry),
//! `sign_once` (single use) and `sign_download` (download URLs of private buckets).
//!
//! ```text
//! Plain     = a=<appid>&k=<SecretId>&e=<expiry>&t=<now>&r=<random>&f=<fileid>&b=<bucket>
//! Signature = base64(HMAC-SHA1(SecretKey, Plain) ‖ Plain)
//! ```
//! `fileid` is `/<appid>/<bucket><path>` (`sign_more`, `sign_once`) or `<path>`
//! (`sign_download`), the path percent-encoded with `/` and `~` kept; `e` is `0` for
//! `sign_once`, and an expiry before `now` counts as a number of seconds from `now`.
//!
//! Pure functions: the time and the random number are the caller's (the SDK draws `r` from
//! `0..=999_999_999`). The COS XML API ([`crate::cos`]) replaced these signatures; they are
//! here for the seed's calls and for decoding old download links.

use std::time::SystemTime;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ring::hmac;

use crate::encoding::encode_into;
use crate::time::unix_seconds;
use crate::Credentials;

/// Who signs: the v4 `CredInfo` (`appid`, `SecretId`, `SecretKey`), the ids from
/// [`Credentials`] and the application id.
#[derive(Debug, Clone, Copy)]
pub struct AppSigner<'a> {
    /// The application id (`appid`).
    pub appid: &'a str,
    /// `SecretId` as the access key id, `SecretKey` as the secret.
    pub credentials: &'a Credentials,
}

/// What a v4 signature is over, besides the signer.
#[derive(Debug, Clone, Copy)]
pub struct AppSignRequest<'a> {
    /// The bucket name (without the appid suffix the XML API adds).
    pub bucket: &'a str,
    /// The COS path, from the bucket root (`/pic/1.jpg`), not encoded.
    pub cos_path: &'a str,
    /// The signing time.
    pub now: SystemTime,
    /// The caller's random number (`r`).
    pub random: u32,
}

impl AppSigner<'_> {
    /// A multi-use signature valid until `expired` (unix seconds; a value before `now` is
    /// taken as seconds from `now`): uploads, renames, folder creation, stat and list.
    pub fn sign_more(&self, request: &AppSignRequest<'_>, expired: u64) -> String {
        self.sign(request, expired, true)
    }

    /// A single-use signature (`e=0`): deletes and updates.
    pub fn sign_once(&self, request: &AppSignRequest<'_>) -> String {
        self.sign(request, 0, true)
    }

    /// A download signature valid until `expired`, for `?sign=` on a private bucket's
    /// download URL; its file id is the path alone.
    pub fn sign_download(&self, request: &AppSignRequest<'_>, expired: u64) -> String {
        self.sign(request, expired, false)
    }

    /// The plain text the signature covers.
    pub fn plain_text(&self, request: &AppSignRequest<'_>, expired: u64, upload: bool) -> String {
        let now = unix_seconds(request.now);
        let expired = if expired != 0 && expired < now {
            now.saturating_add(expired)
        } else {
            expired
        };
        let mut path = String::with_capacity(request.cos_path.len() + 16);
        encode_into(&mut path, request.cos_path, true);
        // `~` is unreserved, so `encode_into` already keeps it as the SDK's `quote(path, '~/')`.
        let fileid = if upload {
            format!("/{}/{}{path}", self.appid, request.bucket)
        } else {
            path
        };
        format!(
            "a={}&k={}&e={expired}&t={now}&r={}&f={fileid}&b={}",
            self.appid,
            self.credentials.access_key_id(),
            request.random,
            request.bucket
        )
    }

    fn sign(&self, request: &AppSignRequest<'_>, expired: u64, upload: bool) -> String {
        let plain = self.plain_text(request, expired, upload);
        let key = hmac::Key::new(
            hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
            self.credentials.access_key_secret().as_bytes(),
        );
        let mut signed = hmac::sign(&key, plain.as_bytes()).as_ref().to_vec();
        signed.extend_from_slice(plain.as_bytes());
        BASE64.encode(signed)
    }
}
