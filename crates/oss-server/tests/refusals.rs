//! What the server does not implement, it refuses: every operation of the reference it lacks,
//! every sub-resource no implemented operation reads, and every request feature it cannot
//! honour gets the documented error, and no bucket or object changes.

mod common;

use common::{Client, Response};
use oss_server::ServerConfig;

/// Everything a request could change, as the server reports it.
fn snapshot(c: &Client) -> Vec<String> {
    let mut out = Vec::new();
    let buckets = c.call("GET", None, None, &[], &[], b"");
    out.push(buckets.text());
    for bucket in ["bkt"] {
        for query in [&[][..], &[("acl", "")][..], &[("cors", "")][..]] {
            let r = c.call("GET", Some(bucket), None, query, &[], b"");
            out.push(format!("{} {}", r.status, r.text()));
        }
        for key in ["ch", "ch/playlist.m3u8", "obj", "photo.jpg"] {
            let r = c.call("GET", Some(bucket), Some(key), &[], &[], b"");
            let tags = c.call("GET", Some(bucket), Some(key), &[("tagging", "")], &[], b"");
            out.push(format!(
                "{key}: {} {} {:?} tags {}",
                r.status,
                r.text(),
                r.header("etag"),
                tags.text()
            ));
        }
    }
    // Request ids and dates differ between calls; the rest must not.
    out.iter()
        .map(|s| {
            s.split("<RequestId>")
                .map(|part| {
                    part.split_once("</RequestId>")
                        .map_or(part, |(_, rest)| rest)
                })
                .collect::<Vec<_>>()
                .join("")
        })
        .collect()
}

fn start() -> (oss_server::BackgroundServer, Client) {
    let server = ServerConfig::new().start_background().expect("start");
    let c = Client::new(server.addr());
    assert_eq!(c.create_bucket("bkt").status, 200);
    for key in ["ch", "ch/playlist.m3u8", "obj", "photo.jpg"] {
        assert_eq!(c.put("bkt", key, key.as_bytes()).status, 200);
    }
    (server, c)
}

fn assert_refused(r: &Response, status: u16, code: &str, what: &str) {
    assert_eq!(r.status, status, "{what}: {}", r.text());
    assert_eq!(r.code().as_deref(), Some(code), "{what}: {}", r.text());
}

#[test]
fn unimplemented_operations_and_sub_resources_get_501_and_change_nothing() {
    let (_server, c) = start();
    let before = snapshot(&c);
    type Case<'a> = (&'a str, &'a str, Option<&'a str>, &'a [(&'a str, &'a str)]);
    let cases: &[Case] = &[
        // LiveChannel (reference §10): none of it may touch the object of the same name.
        ("PutLiveChannel", "PUT", Some("ch"), &[("live", "")]),
        (
            "PutLiveChannelStatus",
            "PUT",
            Some("ch"),
            &[("live", ""), ("status", "disabled")],
        ),
        ("GetLiveChannelInfo", "GET", Some("ch"), &[("live", "")]),
        (
            "GetLiveChannelStat",
            "GET",
            Some("ch"),
            &[("live", ""), ("comp", "stat")],
        ),
        (
            "GetLiveChannelHistory",
            "GET",
            Some("ch"),
            &[("live", ""), ("comp", "history")],
        ),
        (
            "GetVodPlaylist",
            "GET",
            Some("ch/playlist.m3u8"),
            &[("vod", ""), ("startTime", "1"), ("endTime", "2")],
        ),
        (
            "PostVodPlaylist",
            "POST",
            Some("ch/playlist.m3u8"),
            &[("vod", ""), ("startTime", "1"), ("endTime", "2")],
        ),
        ("DeleteLiveChannel", "DELETE", Some("ch"), &[("live", "")]),
        ("ListLiveChannel", "GET", None, &[("live", "")]),
        // SDK families whose rows this server refuses (nothing it could do would be real).
        ("CreateAccessPoint", "PUT", None, &[("accessPoint", "")]),
        ("PutCname", "POST", None, &[("cname", ""), ("comp", "add")]),
        (
            "DoMetaQuery",
            "POST",
            None,
            &[("metaQuery", ""), ("comp", "query")],
        ),
        ("PutAsyncFetchTask", "POST", None, &[("asyncFetch", "")]),
        (
            "DoMetaQueryAction",
            "POST",
            None,
            &[("metaQuery", ""), ("action", "createDataset")],
        ),
        (
            "PutObjectAcl of a sub-resource mix",
            "PUT",
            Some("obj"),
            &[("acl", ""), ("legalHold", "")],
        ),
        (
            "DeleteObject of a sub-resource",
            "DELETE",
            Some("obj"),
            &[("restore", "")],
        ),
        // Methods on targets that have no operation.
        ("POST on an object", "POST", Some("obj"), &[]),
        ("PUT on the service", "PUT", None, &[]),
    ];
    for (what, method, key, query) in cases {
        let (bucket, key) = match (*what, key) {
            ("PUT on the service", _) => (None, None),
            (_, key) => (Some("bkt"), *key),
        };
        let r = c.call(method, bucket, key, query, &[], b"<x/>");
        assert_refused(&r, 501, "NotImplemented", what);
    }
    assert_eq!(snapshot(&c), before);
}

#[test]
fn unsupported_request_features_get_the_documented_error_and_change_nothing() {
    let (_server, c) = start();
    let before = snapshot(&c);
    let callback = [(
        "x-oss-callback",
        "eyJjYWxsYmFja1VybCI6Imh0dHA6Ly8xMjcuMC4wLjE6MS8ifQ==",
    )];
    /// What, method, query, headers, and the documented status and code.
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a [(&'a str, &'a str)],
        &'a [(&'a str, &'a str)],
        u16,
        &'a str,
    );
    let cases: &[Case] = &[
        // Callbacks are performed (tests/callback_interop.rs); malformed ones are refused.
        (
            "a PutObject callback without a body",
            "PUT",
            &[],
            &callback,
            400,
            "InvalidArgument",
        ),
        (
            "a callback to a host other than loopback",
            "PUT",
            &[],
            &[(
                "x-oss-callback",
                "eyJjYWxsYmFja1VybCI6IjEwLjEuMi4zOjgwL3giLCJjYWxsYmFja0JvZHkiOiJhPWIifQ==",
            )],
            501,
            "NotImplemented",
        ),
        (
            "a callback variable without a callback",
            "PUT",
            &[],
            &[("x-oss-callback-var", "e30=")],
            400,
            "InvalidArgument",
        ),
        (
            "a traffic limit",
            "PUT",
            &[],
            &[("x-oss-traffic-limit", "819200")],
            501,
            "NotImplemented",
        ),
        (
            "image processing",
            "GET",
            &[("x-oss-process", "image/resize,w_10")],
            &[],
            501,
            "NotImplemented",
        ),
        (
            "SelectObject",
            "POST",
            &[("x-oss-process", "csv/select")],
            &[],
            501,
            "NotImplemented",
        ),
        // Versions are refused where an operation has none (a write makes one, it does
        // not name one).
        (
            "a version on PutObject",
            "PUT",
            &[("versionId", "CAEQ")],
            &[],
            501,
            "NotImplemented",
        ),
        (
            "a version on a multipart upload",
            "POST",
            &[("uploads", ""), ("versionId", "CAEQ")],
            &[],
            501,
            "NotImplemented",
        ),
        (
            "a presigned traffic limit",
            "GET",
            &[("x-oss-traffic-limit", "819200")],
            &[],
            501,
            "NotImplemented",
        ),
        (
            "a presigned source-IP restriction",
            "GET",
            &[("x-oss-ac-source-ip", "10.9.9.9")],
            &[],
            501,
            "NotImplemented",
        ),
        (
            "a presigned VPC restriction",
            "GET",
            &[("x-oss-ac-vpc-id", "vpc-1")],
            &[],
            501,
            "NotImplemented",
        ),
        (
            "an unknown encryption",
            "PUT",
            &[],
            &[("x-oss-server-side-encryption", "AES128")],
            400,
            "InvalidEncryptionAlgorithmError",
        ),
        (
            "a KMS key without KMS",
            "PUT",
            &[],
            &[
                ("x-oss-server-side-encryption", "AES256"),
                ("x-oss-server-side-encryption-key-id", "k"),
            ],
            400,
            "InvalidArgument",
        ),
        (
            "a data encryption other than SM4",
            "PUT",
            &[],
            &[
                ("x-oss-server-side-encryption", "KMS"),
                ("x-oss-server-side-data-encryption", "AES256"),
            ],
            400,
            "InvalidArgument",
        ),
    ];
    for (what, method, query, headers, status, code) in cases {
        let r = c.call(
            method,
            Some("bkt"),
            Some("photo.jpg"),
            query,
            headers,
            b"new",
        );
        assert_refused(&r, *status, code, what);
    }
    assert_eq!(snapshot(&c), before);
}

#[test]
fn documented_encryption_is_stored_and_reported() {
    let (_server, c) = start();
    let r = c.call(
        "PUT",
        Some("bkt"),
        Some("secret"),
        &[],
        &[
            ("x-oss-server-side-encryption", "KMS"),
            ("x-oss-server-side-data-encryption", "SM4"),
        ],
        b"s",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("HEAD", Some("bkt"), Some("secret"), &[], &[], b"");
    assert_eq!(r.header("x-oss-server-side-encryption"), Some("KMS"));
    assert_eq!(r.header("x-oss-server-side-data-encryption"), Some("SM4"));
}

#[test]
fn a_bucket_document_is_stored_returned_and_removed_by_its_owner_only() {
    let (_server, c) = start();
    let missing = c.call("GET", Some("bkt"), None, &[("cors", "")], &[], b"");
    assert_refused(
        &missing,
        404,
        "NoSuchCORSConfiguration",
        "GetBucketCors before any",
    );
    let cors = "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>\
                <AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>";
    let anonymous = c.clone().with_sign(common::Sign::Anonymous);
    let r = anonymous.call(
        "PUT",
        Some("bkt"),
        None,
        &[("cors", "")],
        &[],
        cors.as_bytes(),
    );
    assert_eq!(r.status, 403, "{}", r.text());
    let r = c.call(
        "PUT",
        Some("bkt"),
        None,
        &[("cors", "")],
        &[],
        cors.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("GET", Some("bkt"), None, &[("cors", "")], &[], b"");
    assert_eq!(r.status, 200);
    let stored = r.text();
    assert!(
        stored.contains("<AllowedOrigin>*</AllowedOrigin>"),
        "{stored}"
    );
    // What comes back is the document as the server writes the model: content after the root
    // element or a character XML cannot carry never gets in, and padding does not count.
    let junk = format!("{cors}<x/>");
    let r = c.call(
        "PUT",
        Some("bkt"),
        None,
        &[("cors", "")],
        &[],
        junk.as_bytes(),
    );
    assert_refused(&r, 400, "MalformedXML", "content after the root");
    let control = cors.replace("<AllowedOrigin>*", "<AllowedOrigin>a&#1;b");
    let r = c.call(
        "PUT",
        Some("bkt"),
        None,
        &[("cors", "")],
        &[],
        control.as_bytes(),
    );
    assert_refused(&r, 400, "MalformedXML", "a character XML cannot carry");
    let padded = cors.replace("<CORSRule>", &format!("{}<CORSRule>", " ".repeat(40_000)));
    let r = c.call(
        "PUT",
        Some("bkt"),
        None,
        &[("cors", "")],
        &[],
        padded.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("GET", Some("bkt"), None, &[("cors", "")], &[], b"");
    assert!(r.body.len() < 1024, "{} bytes", r.body.len());
    // A document that breaks the rules or is not XML is refused, and the old one stays.
    let bad = cors.replace("GET", "PATCH");
    let r = c.call(
        "PUT",
        Some("bkt"),
        None,
        &[("cors", "")],
        &[],
        bad.as_bytes(),
    );
    assert_refused(&r, 400, "InvalidArgument", "a CORS rule with PATCH");
    let r = c.call(
        "PUT",
        Some("bkt"),
        None,
        &[("cors", "")],
        &[],
        b"<CORSConfiguration>",
    );
    assert_refused(&r, 400, "MalformedXML", "truncated XML");
    let r = c.call(
        "PUT",
        Some("bkt"),
        None,
        &[("cors", "")],
        &[("content-md5", &common::content_md5(b"other"))],
        cors.as_bytes(),
    );
    assert_refused(&r, 400, "InvalidDigest", "a wrong Content-MD5");
    let r = c.call("GET", Some("bkt"), None, &[("cors", "")], &[], b"");
    assert_eq!(r.text(), stored);
    let r = c.call("DELETE", Some("bkt"), None, &[("cors", "")], &[], b"");
    assert_eq!(r.status, 204);
    let r = c.call("GET", Some("bkt"), None, &[("cors", "")], &[], b"");
    assert_refused(
        &r,
        404,
        "NoSuchCORSConfiguration",
        "GetBucketCors after delete",
    );
    let r = c.call("GET", Some("nobucket"), None, &[("cors", "")], &[], b"");
    assert_refused(&r, 404, "NoSuchBucket", "GetBucketCors of a missing bucket");
}

#[test]
fn query_parameters_that_are_not_utf8_are_refused() {
    let (_server, c) = start();
    let before = snapshot(&c);
    // The test client encodes what it is given, so these request lines are written by hand.
    for raw in [
        "prefix=a%FF",
        "marker=%C3",
        "delimiter=%ED%A0%80",
        "prefix=%G1",
    ] {
        let head = format!(
            "GET /bkt/?{raw} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            c.addr
        );
        let mut stream = std::net::TcpStream::connect(c.addr).unwrap();
        std::io::Write::write_all(&mut stream, head.as_bytes()).unwrap();
        let r = common::read_response(stream, false);
        assert_refused(&r, 400, "InvalidArgument", raw);
    }
    assert_eq!(snapshot(&c), before);
}
