//! Regressions of the adversarial review (2026-12-06) about object names: keys must decode to
//! UTF-8 (D8), may hold control characters yet never break a response's XML (D9), and must
//! not start with `/` or `\` (D10), as OSS's naming rules say.

mod common;

use std::io::Write;
use std::net::TcpStream;

use common::{Client, Sign};
use oss_model::{
    InitiateMultipartUploadResult, KeyEncoding, ListBucketResult, ListBucketResultV2,
    ListMultipartUploadsResult,
};
use oss_server::ServerConfig;

/// A server with a public-read-write bucket, its owner and an anonymous client.
fn start() -> (oss_server::BackgroundServer, Client, Client) {
    let server = ServerConfig::new().start_background().unwrap();
    let owner = Client::new(server.addr());
    owner.create_bucket("pubrw");
    let r = owner.call(
        "PUT",
        Some("pubrw"),
        None,
        &[("acl", "")],
        &[("x-oss-acl", "public-read-write")],
        b"",
    );
    assert_eq!(r.status, 200);
    let anonymous = owner.clone().with_sign(Sign::Anonymous);
    (server, owner, anonymous)
}

/// A request whose path is sent exactly as given.
fn raw(
    server: &oss_server::BackgroundServer,
    method: &str,
    path: &str,
    body: &[u8],
) -> common::Response {
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(body).unwrap();
    common::read_response(stream, method == "HEAD")
}

fn invalid_name(r: &common::Response, ec: &str) {
    assert_eq!(
        (r.status, r.code().as_deref()),
        (400, Some("InvalidObjectName")),
        "{}",
        r.text()
    );
    assert_eq!(r.header("x-oss-ec"), Some(ec));
}

/// No byte XML 1.0 cannot carry (C0 controls but tab, line feed and carriage return).
fn well_formed_bytes(body: &[u8]) -> bool {
    body.iter()
        .all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r'))
}

/// D8: a key that does not decode to UTF-8 is refused, never decoded lossily into another
/// key.
#[test]
fn keys_must_be_utf8() {
    let (server, owner, _) = start();
    for path in [
        "/pubrw/a%FF",
        "/pubrw/a%FE",
        "/pubrw/%C3",
        "/pubrw/dir/%80x",
    ] {
        invalid_name(&raw(&server, "PUT", path, b"FF"), "0016-00000004");
        invalid_name(&raw(&server, "GET", path, b""), "0016-00000004");
    }
    // U+FFFD itself is a valid key, and a%FF does not reach it.
    assert_eq!(
        raw(&server, "PUT", "/pubrw/a%EF%BF%BD", b"fffd").status,
        200
    );
    invalid_name(&raw(&server, "GET", "/pubrw/a%FF", b""), "0016-00000004");
    assert_eq!(owner.get("pubrw", "a\u{FFFD}").body, b"fffd");
    // Signed, the answer is the same (not SignatureDoesNotMatch over a lossy key).
    let head = owner.build("GET", Some("pubrw"), Some("a\u{FFFD}"), &[], &[], 0);
    let head = head.replacen("/pubrw/a%EF%BF%BD", "/pubrw/a%FF", 1);
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    invalid_name(&common::read_response(stream, false), "0016-00000004");
    // The same rule for a copy source and a symlink target.
    let r = owner.call(
        "PUT",
        Some("pubrw"),
        Some("copy"),
        &[],
        &[("x-oss-copy-source", "/pubrw/a%FF")],
        b"",
    );
    invalid_name(&r, "0016-00000004");
    let r = owner.call(
        "PUT",
        Some("pubrw"),
        Some("link"),
        &[("symlink", "")],
        &[("x-oss-symlink-target", "a%FE")],
        b"",
    );
    invalid_name(&r, "0016-00000004");
    let listing = owner.call("GET", Some("pubrw"), None, &[], &[], b"").text();
    assert_eq!(listing.matches("<Key>").count(), 1, "{listing}");
}

/// D10: OSS refuses keys starting with `/` or `\`; other odd keys are fine.
#[test]
fn keys_must_not_start_with_a_slash() {
    let (server, owner, anon) = start();
    invalid_name(&raw(&server, "PUT", "/pubrw//lead", b"x"), "0016-00000005");
    invalid_name(
        &raw(&server, "PUT", "/pubrw/%2Flead", b"x"),
        "0016-00000005",
    );
    invalid_name(&raw(&server, "PUT", "/pubrw/%5Cx", b"x"), "0016-00000005");
    invalid_name(&raw(&server, "PUT", "/pubrw/\\x", b"x"), "0016-00000005");
    invalid_name(&anon.put("pubrw", "/lead", b"x"), "0016-00000005");
    let r = owner.call(
        "PUT",
        Some("pubrw"),
        Some("copy"),
        &[],
        &[("x-oss-copy-source", "/pubrw//lead")],
        b"",
    );
    invalid_name(&r, "0016-00000005");
    let r = owner.call(
        "POST",
        Some("pubrw"),
        Some("\\mp"),
        &[("uploads", "")],
        &[],
        b"",
    );
    invalid_name(&r, "0016-00000005");
    // Deleting one is allowed (a data directory may keep such keys from before the rule).
    assert_eq!(raw(&server, "DELETE", "/pubrw//lead", b"").status, 204);
    // Empty and overlong keys, as before.
    invalid_name(
        &owner.put("pubrw", &"k".repeat(1024), b"x"),
        "0016-00000003",
    );
    // The reference has no rule against these.
    for key in [".", "..", "a/../b", "a//b", "x\\y", "sp ace+plus%25"] {
        assert_eq!(
            owner.put("pubrw", key, key.as_bytes()).status,
            200,
            "{key:?}"
        );
        assert_eq!(owner.get("pubrw", key).body, key.as_bytes(), "{key:?}");
    }
    let listing = owner.call("GET", Some("pubrw"), None, &[], &[], b"").text();
    assert!(!listing.contains("<Key>/"), "{listing}");
}

/// D9: keys with control characters are stored (OSS takes any UTF-8), and every response
/// that names them stays well-formed XML: percent-encoded and saying so, when the client did
/// not ask for `encoding-type=url` itself.
#[test]
fn control_characters_never_break_the_xml() {
    let (_server, owner, anon) = start();
    let odd = [
        "nul\0byte",
        "ctrl\u{1}\u{1b}[31mred",
        "cr\rlf\nkey",
        "del\u{7f}\u{fffe}",
    ];
    for key in odd {
        assert_eq!(
            anon.put("pubrw", key, key.as_bytes()).status,
            200,
            "{key:?}"
        );
        assert_eq!(anon.get("pubrw", key).body, key.as_bytes(), "{key:?}");
    }
    anon.put("pubrw", "plain", b"p");
    let mut expected: Vec<&str> = odd.into_iter().chain(["plain"]).collect();
    expected.sort();

    // ListObjects without encoding-type: encoded anyway, and declared.
    let r = anon.call("GET", Some("pubrw"), None, &[], &[], b"");
    assert_eq!(r.status, 200);
    assert!(well_formed_bytes(&r.body), "{:?}", r.text());
    assert!(r.text().contains("<EncodingType>url</EncodingType>"));
    let listing = ListBucketResult::from_xml_decoded(&r.body).unwrap();
    let keys: Vec<&str> = listing.contents.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, expected);
    // A page without such keys is not encoded.
    let r = anon.call("GET", Some("pubrw"), None, &[("prefix", "plain")], &[], b"");
    assert!(!r.text().contains("EncodingType"), "{}", r.text());
    // A prefix that is itself a control character, echoed back.
    let r = anon.call(
        "GET",
        Some("pubrw"),
        None,
        &[("prefix", "ctrl\u{1}")],
        &[],
        b"",
    );
    assert!(well_formed_bytes(&r.body), "{:?}", r.text());
    let listing = ListBucketResult::from_xml_decoded(&r.body).unwrap();
    assert_eq!(listing.prefix, "ctrl\u{1}");
    assert_eq!(listing.contents.len(), 1);
    // ListObjectsV2, with a delimiter that rolls control characters into a common prefix.
    let r = anon.call(
        "GET",
        Some("pubrw"),
        None,
        &[("list-type", "2"), ("delimiter", "\u{1b}")],
        &[],
        b"",
    );
    assert!(well_formed_bytes(&r.body), "{:?}", r.text());
    let listing = ListBucketResultV2::from_xml_decoded(&r.body).unwrap();
    assert_eq!(listing.common_prefixes[0].prefix, "ctrl\u{1}\u{1b}");
    // Multipart results and listings.
    let r = owner.call(
        "POST",
        Some("pubrw"),
        Some("nul\0up"),
        &[("uploads", "")],
        &[],
        b"",
    );
    assert!(well_formed_bytes(&r.body), "{:?}", r.text());
    let initiated = InitiateMultipartUploadResult::from_xml_decoded(&r.body).unwrap();
    assert_eq!(initiated.key, "nul\0up");
    let r = owner.call("GET", Some("pubrw"), None, &[("uploads", "")], &[], b"");
    assert!(well_formed_bytes(&r.body), "{:?}", r.text());
    let uploads = ListMultipartUploadsResult::from_xml_decoded(&r.body).unwrap();
    assert_eq!(uploads.uploads[0].key, "nul\0up");
    let r = owner.call(
        "GET",
        Some("pubrw"),
        Some("nul\0up"),
        &[("uploadId", &initiated.upload_id)],
        &[],
        b"",
    );
    assert_eq!(r.status, 200);
    assert!(well_formed_bytes(&r.body), "{:?}", r.text());
    // An error that echoes the key (the string to sign) stays well-formed too.
    let wrong = owner
        .clone()
        .with_sign(Sign::V1)
        .with_credentials(oss_auth::Credentials::new(
            oss_server::DEV_ACCESS_KEY_ID,
            "wrong",
        ));
    let r = wrong.get("pubrw", "ctrl\u{1}\u{1b}[31mred");
    assert_eq!(r.code().as_deref(), Some("SignatureDoesNotMatch"));
    assert!(well_formed_bytes(&r.body), "{:?}", r.text());
}
