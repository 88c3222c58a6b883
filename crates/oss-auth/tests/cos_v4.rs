//! The seed's COS v4 signatures (`sign_more`, `sign_once`, `sign_download`) against vectors
//! computed independently from the seed's description (spec §3.5: the plain text
//! `a=…&k=…&e=…&t=…&r=…&f=…&b=…`, HMAC-SHA1 with the secret key, the raw signature then
//! the plain text, base64). The expected values were computed with Python's standard `hmac`,
//! `hashlib`, `base64` and `urllib.parse.quote(path, safe='~/')`, not with any SDK.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use oss_auth::cos_v4::{AppSignRequest, AppSigner};
use oss_auth::time::from_unix_seconds;
use oss_auth::Credentials;
use ring::hmac;

const NOW: u64 = 1_436_077_115;

fn signer(credentials: &Credentials) -> AppSigner<'_> {
    AppSigner {
        appid: "100000",
        credentials,
    }
}

fn request(path: &str, random: u32) -> AppSignRequest<'_> {
    AppSignRequest {
        bucket: "mybucket",
        cos_path: path,
        now: from_unix_seconds(NOW),
        random,
    }
}

fn credentials() -> Credentials {
    Credentials::new("AKIDexampleSecretId", "exampleSecretKey0123")
}

#[test]
fn sign_more_matches_the_independent_vector() {
    let creds = credentials();
    let signer = signer(&creds);
    let req = request("/pic/1.jpg", 11162);
    assert_eq!(
        signer.plain_text(&req, 1_436_077_715, true),
        "a=100000&k=AKIDexampleSecretId&e=1436077715&t=1436077115&r=11162&f=/100000/mybucket/pic/1.jpg&b=mybucket"
    );
    assert_eq!(
        signer.sign_more(&req, 1_436_077_715),
        "vtG7bwWGAuLl6/GoLRDE71NRAMxhPTEwMDAwMCZrPUFLSURleGFtcGxlU2VjcmV0SWQmZT0xNDM2MDc3NzE1JnQ9MTQzNjA3NzExNSZyPTExMTYyJmY9LzEwMDAwMC9teWJ1Y2tldC9waWMvMS5qcGcmYj1teWJ1Y2tldA=="
    );
}

#[test]
fn sign_once_has_no_expiry() {
    let creds = credentials();
    assert_eq!(
        signer(&creds).sign_once(&request("/pic/1.jpg", 11162)),
        "ADZMHTLVXZ/JjhVB6mIqmIbXJjhhPTEwMDAwMCZrPUFLSURleGFtcGxlU2VjcmV0SWQmZT0wJnQ9MTQzNjA3NzExNSZyPTExMTYyJmY9LzEwMDAwMC9teWJ1Y2tldC9waWMvMS5qcGcmYj1teWJ1Y2tldA=="
    );
}

#[test]
fn sign_download_signs_the_path_alone() {
    let creds = credentials();
    assert_eq!(
        signer(&creds).sign_download(&request("/pic/1.jpg", 11162), 1_436_077_715),
        "4dk2VcQNed8Y/ir5F2T3iO+DTc5hPTEwMDAwMCZrPUFLSURleGFtcGxlU2VjcmV0SWQmZT0xNDM2MDc3NzE1JnQ9MTQzNjA3NzExNSZyPTExMTYyJmY9L3BpYy8xLmpwZyZiPW15YnVja2V0"
    );
}

#[test]
fn a_past_expiry_is_relative_and_the_path_is_encoded() {
    // 600 is before now: it means now + 600. Space, `+` and non-ASCII are escaped; `~` and
    // `/` are kept.
    let creds = credentials();
    let signer = signer(&creds);
    let req = request("/dir/a b~中+.txt", 999_999_999);
    assert_eq!(
        signer.plain_text(&req, 600, false),
        "a=100000&k=AKIDexampleSecretId&e=1436077715&t=1436077115&r=999999999&f=/dir/a%20b~%E4%B8%AD%2B.txt&b=mybucket"
    );
    assert_eq!(
        signer.sign_download(&req, 600),
        "qUsU4ty7fji1+9xFYsdSjI7tQMdhPTEwMDAwMCZrPUFLSURleGFtcGxlU2VjcmV0SWQmZT0xNDM2MDc3NzE1JnQ9MTQzNjA3NzExNSZyPTk5OTk5OTk5OSZmPS9kaXIvYSUyMGJ+JUU0JUI4JUFEJTJCLnR4dCZiPW15YnVja2V0"
    );
}

#[test]
fn the_signature_is_the_hmac_then_the_plain_text() {
    let creds = credentials();
    let signer = signer(&creds);
    for (i, path) in ["/a", "/x y/z", "/中/文.txt", "/~tilde/"]
        .iter()
        .enumerate()
    {
        let req = request(path, i as u32 * 7919);
        let decoded = BASE64.decode(signer.sign_more(&req, NOW + 60)).unwrap();
        let (mac, plain) = decoded.split_at(20);
        assert_eq!(plain, signer.plain_text(&req, NOW + 60, true).as_bytes());
        let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, b"exampleSecretKey0123");
        hmac::verify(&key, plain, mac).expect("HMAC-SHA1 of the plain text with the secret key");
    }
}
