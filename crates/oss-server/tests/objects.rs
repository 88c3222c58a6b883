//! Listing, copy, append, ACL, tagging, symlinks, batch delete, multipart uploads and restore.

mod common;

use std::time::Duration;

use common::{content_md5, data, md5_hex, Client};
use oss_checksum::crc64;
use oss_server::ServerConfig;

fn start() -> (oss_server::BackgroundServer, Client) {
    let server = ServerConfig::new()
        .restore_delay(Duration::from_millis(300))
        .start_background()
        .expect("start");
    let client = Client::new(server.addr());
    client.create_bucket("bkt");
    (server, client)
}

fn keys(text: &str, element: &str) -> Vec<String> {
    let open = format!("<{element}>");
    text.split(&open)
        .skip(1)
        .filter_map(|s| s.split('<').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn listing_v1_and_v2() {
    let (_server, c) = start();
    for k in [
        "a.txt",
        "fun/movie/001.avi",
        "fun/movie/007.avi",
        "fun/test.jpg",
        "zeta",
    ] {
        c.put("bkt", k, b"x");
    }
    let list = |q: &[(&str, &str)]| c.call("GET", Some("bkt"), None, q, &[], b"");
    let r = list(&[]);
    assert_eq!(keys(&r.text(), "Key").len(), 5);
    assert!(r.text().contains("<Owner>"));
    let r = list(&[("prefix", "fun/"), ("delimiter", "/")]);
    let t = r.text();
    assert_eq!(keys(&t, "Key"), ["fun/test.jpg"]);
    assert!(
        t.contains("<CommonPrefixes><Prefix>fun/movie/</Prefix></CommonPrefixes>"),
        "{t}"
    );
    let r = list(&[("delimiter", "/")]);
    assert_eq!(keys(&r.text(), "Key"), ["a.txt", "zeta"]);
    // Pages of two with markers walk everything once.
    let mut marker = String::new();
    let mut seen = Vec::new();
    loop {
        let r = list(&[("max-keys", "2"), ("marker", &marker), ("delimiter", "/")]);
        let t = r.text();
        seen.extend(keys(&t, "Key"));
        seen.extend(keys(&t, "Prefix").into_iter().filter(|p| !p.is_empty()));
        if r.xml("IsTruncated").as_deref() != Some("true") {
            break;
        }
        marker = r.xml("NextMarker").unwrap();
    }
    assert_eq!(seen, ["a.txt", "fun/", "zeta"]);
    // V2 with continuation tokens, start-after and fetch-owner.
    let r = list(&[("list-type", "2"), ("max-keys", "2")]);
    assert_eq!(r.xml("KeyCount").as_deref(), Some("2"));
    assert!(!r.text().contains("<Owner>"));
    let token = r.xml("NextContinuationToken").unwrap();
    let r = list(&[
        ("list-type", "2"),
        ("continuation-token", &token),
        ("fetch-owner", "true"),
    ]);
    assert_eq!(
        keys(&r.text(), "Key"),
        ["fun/movie/007.avi", "fun/test.jpg", "zeta"]
    );
    assert!(r.text().contains("<Owner>"));
    let r = list(&[("list-type", "2"), ("start-after", "fun/test.jpg")]);
    assert_eq!(keys(&r.text(), "Key"), ["zeta"]);
    // Limits and encoding.
    assert_eq!(
        list(&[("max-keys", "1001")]).code().as_deref(),
        Some("InvalidArgument")
    );
    assert_eq!(
        list(&[("max-keys", "-1")]).code().as_deref(),
        Some("InvalidArgument")
    );
    c.put("bkt", "sp ace/\u{1}ctl", b"x");
    let r = list(&[("encoding-type", "url"), ("prefix", "sp ace/")]);
    assert_eq!(keys(&r.text(), "Key"), ["sp%20ace/%01ctl"]);
    assert_eq!(r.xml("EncodingType").as_deref(), Some("url"));
}

#[test]
fn many_keys_list_in_order() {
    let (_server, c) = start();
    for i in 0..1500 {
        let key = format!("d{}/k{i:05}", i % 3);
        assert_eq!(c.put("bkt", &key, b"").status, 200);
    }
    let r = c.call("GET", Some("bkt"), None, &[("max-keys", "1000")], &[], b"");
    let listed = keys(&r.text(), "Key");
    assert_eq!(listed.len(), 1000);
    assert!(listed.windows(2).all(|w| w[0] < w[1]));
    let r = c.call("GET", Some("bkt"), None, &[("delimiter", "/")], &[], b"");
    assert_eq!(
        keys(&r.text(), "Prefix")
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>(),
        ["d0/", "d1/", "d2/"]
    );
}

#[test]
fn copy_object() {
    let (_server, c) = start();
    c.create_bucket("other");
    let body = data(5000, 2);
    c.call(
        "PUT",
        Some("bkt"),
        Some("src"),
        &[],
        &[("x-oss-meta-a", "1"), ("Content-Type", "text/x")],
        &body,
    );
    let copy = |dst: &str, extra: &[(&str, &str)]| {
        let mut h = vec![("x-oss-copy-source", "/bkt/src")];
        h.extend_from_slice(extra);
        c.call("PUT", Some("other"), Some(dst), &[], &h, b"")
    };
    let r = copy("d1", &[]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.xml("ETag").unwrap(), format!("\"{}\"", md5_hex(&body)));
    let g = c.get("other", "d1");
    assert_eq!(g.body, body);
    assert_eq!(g.header("x-oss-meta-a"), Some("1"));
    assert_eq!(g.header("content-type"), Some("text/x"));
    let r = copy(
        "d2",
        &[
            ("x-oss-metadata-directive", "REPLACE"),
            ("x-oss-meta-b", "2"),
        ],
    );
    assert_eq!(r.status, 200);
    let g = c.get("other", "d2");
    assert_eq!(
        (g.header("x-oss-meta-a"), g.header("x-oss-meta-b")),
        (None, Some("2"))
    );
    assert_eq!(
        copy("d3", &[("x-oss-copy-source-if-match", "\"nope\"")]).status,
        412
    );
    let etag = format!("\"{}\"", md5_hex(&body));
    assert_eq!(
        copy("d3", &[("x-oss-copy-source-if-none-match", &etag)]).status,
        304
    );
    assert_eq!(
        copy("d3", &[("x-oss-copy-source-if-match", &etag)]).status,
        200
    );
    let r = c.call(
        "PUT",
        Some("other"),
        Some("x"),
        &[],
        &[("x-oss-copy-source", "/bkt/missing")],
        b"",
    );
    assert_eq!(r.code().as_deref(), Some("NoSuchKey"));
    // The source can change or go away without touching the copy.
    c.call("DELETE", Some("bkt"), Some("src"), &[], &[], b"");
    assert_eq!(c.get("other", "d1").body, body);
    // Copy onto itself replaces metadata.
    let r = c.call(
        "PUT",
        Some("other"),
        Some("d1"),
        &[],
        &[("x-oss-copy-source", "/other/d1"), ("x-oss-meta-c", "3")],
        b"",
    );
    assert_eq!(r.status, 200);
    assert_eq!(c.get("other", "d1").header("x-oss-meta-c"), Some("3"));
}

#[test]
fn append_object() {
    let (_server, c) = start();
    let append = |pos: &str, body: &[u8]| {
        c.call(
            "POST",
            Some("bkt"),
            Some("log"),
            &[("append", ""), ("position", pos)],
            &[],
            body,
        )
    };
    let r = append("0", b"hello ");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("x-oss-next-append-position"), Some("6"));
    let r = append("6", b"world");
    assert_eq!(r.header("x-oss-next-append-position"), Some("11"));
    let crc = crc64::checksum(b"hello world").to_string();
    assert_eq!(r.header("x-oss-hash-crc64ecma"), Some(crc.as_str()));
    let r = append("3", b"x");
    assert_eq!(
        (r.status, r.code().as_deref()),
        (409, Some("PositionNotEqualToLength"))
    );
    assert_eq!(r.header("x-oss-next-append-position"), Some("11"));
    let g = c.get("bkt", "log");
    assert_eq!(g.body, b"hello world");
    assert_eq!(g.header("x-oss-object-type"), Some("Appendable"));
    assert_eq!(g.header("x-oss-hash-crc64ecma"), Some(crc.as_str()));
    let r = c.call(
        "GET",
        Some("bkt"),
        Some("log"),
        &[],
        &[("Range", "bytes=4-7")],
        b"",
    );
    assert_eq!(r.body, b"o wo");
    c.put("bkt", "normal", b"n");
    let r = c.call(
        "POST",
        Some("bkt"),
        Some("normal"),
        &[("append", ""), ("position", "1")],
        &[],
        b"x",
    );
    assert_eq!(
        (r.status, r.code().as_deref()),
        (409, Some("ObjectNotAppendable"))
    );
    let r = c.call(
        "POST",
        Some("bkt"),
        Some("new"),
        &[("append", ""), ("position", "5")],
        &[],
        b"x",
    );
    assert_eq!(r.code().as_deref(), Some("PositionNotEqualToLength"));
}

#[test]
fn object_acl_tagging_symlink() {
    let (_server, c) = start();
    c.put("bkt", "target", b"pointed at");
    let r = c.call("GET", Some("bkt"), Some("target"), &[("acl", "")], &[], b"");
    assert_eq!(r.xml("Grant").as_deref(), Some("default"));
    c.call(
        "PUT",
        Some("bkt"),
        Some("target"),
        &[("acl", "")],
        &[("x-oss-object-acl", "public-read")],
        b"",
    );
    let r = c.call("GET", Some("bkt"), Some("target"), &[("acl", "")], &[], b"");
    assert_eq!(r.xml("Grant").as_deref(), Some("public-read"));
    // Tagging.
    let body = b"<Tagging><TagSet><Tag><Key>k1</Key><Value>v1</Value></Tag></TagSet></Tagging>";
    let r = c.call(
        "PUT",
        Some("bkt"),
        Some("target"),
        &[("tagging", "")],
        &[],
        body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call(
        "GET",
        Some("bkt"),
        Some("target"),
        &[("tagging", "")],
        &[],
        b"",
    );
    assert!(
        r.text().contains("<Key>k1</Key><Value>v1</Value>"),
        "{}",
        r.text()
    );
    assert_eq!(
        c.call(
            "DELETE",
            Some("bkt"),
            Some("target"),
            &[("tagging", "")],
            &[],
            b""
        )
        .status,
        204
    );
    let r = c.call(
        "GET",
        Some("bkt"),
        Some("target"),
        &[("tagging", "")],
        &[],
        b"",
    );
    assert!(!r.text().contains("<Tag>"));
    let r = c.call(
        "PUT",
        Some("bkt"),
        Some("t2"),
        &[],
        &[("x-oss-tagging", "a=1&a=2")],
        b"x",
    );
    assert_eq!(r.code().as_deref(), Some("InvalidTag"));
    // Symlinks.
    let r = c.call(
        "PUT",
        Some("bkt"),
        Some("link"),
        &[("symlink", "")],
        &[("x-oss-symlink-target", "target")],
        b"",
    );
    assert_eq!(r.status, 200);
    let r = c.call(
        "GET",
        Some("bkt"),
        Some("link"),
        &[("symlink", "")],
        &[],
        b"",
    );
    assert_eq!(r.header("x-oss-symlink-target"), Some("target"));
    let g = c.get("bkt", "link");
    assert_eq!(g.body, b"pointed at");
    assert_eq!(g.header("x-oss-object-type"), Some("Symlink"));
    c.call(
        "PUT",
        Some("bkt"),
        Some("dangling"),
        &[("symlink", "")],
        &[("x-oss-symlink-target", "nowhere")],
        b"",
    );
    assert_eq!(
        c.get("bkt", "dangling").code().as_deref(),
        Some("SymlinkTargetNotExist")
    );
    c.call(
        "PUT",
        Some("bkt"),
        Some("link2"),
        &[("symlink", "")],
        &[("x-oss-symlink-target", "link")],
        b"",
    );
    assert_eq!(
        c.get("bkt", "link2").code().as_deref(),
        Some("InvalidTargetType")
    );
    c.call("DELETE", Some("bkt"), Some("link"), &[], &[], b"");
    assert_eq!(c.get("bkt", "target").body, b"pointed at");
}

#[test]
fn delete_multiple_objects() {
    let (_server, c) = start();
    for k in ["a", "b", "c"] {
        c.put("bkt", k, b"x");
    }
    let body = b"<Delete><Quiet>false</Quiet><Object><Key>a</Key></Object><Object><Key>b</Key></Object><Object><Key>nope</Key></Object></Delete>";
    let md5 = content_md5(body);
    let r = c.call(
        "POST",
        Some("bkt"),
        None,
        &[("delete", "")],
        &[("Content-MD5", &md5)],
        body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(keys(&r.text(), "Key"), ["a", "b", "nope"]);
    assert_eq!(c.get("bkt", "a").status, 404);
    let quiet = b"<Delete><Quiet>true</Quiet><Object><Key>c</Key></Object></Delete>";
    let r = c.call(
        "POST",
        Some("bkt"),
        None,
        &[("delete", "")],
        &[("Content-MD5", &content_md5(quiet))],
        quiet,
    );
    assert_eq!((r.status, r.body.len()), (200, 0));
    let r = c.call("POST", Some("bkt"), None, &[("delete", "")], &[], quiet);
    assert_eq!(r.code().as_deref(), Some("InvalidDigest"));
    let r = c.call(
        "POST",
        Some("bkt"),
        None,
        &[("delete", "")],
        &[("Content-MD5", &content_md5(b"x"))],
        quiet,
    );
    assert_eq!(r.code().as_deref(), Some("InvalidDigest"));
    let mut many = String::from("<Delete><Quiet>true</Quiet>");
    for i in 0..1001 {
        many.push_str(&format!("<Object><Key>k{i}</Key></Object>"));
    }
    many.push_str("</Delete>");
    let r = c.call(
        "POST",
        Some("bkt"),
        None,
        &[("delete", "")],
        &[("Content-MD5", &content_md5(many.as_bytes()))],
        many.as_bytes(),
    );
    assert_eq!((r.status, r.code().as_deref()), (400, Some("MalformedXML")));
}

fn initiate(c: &Client, key: &str) -> String {
    let r = c.call(
        "POST",
        Some("bkt"),
        Some(key),
        &[("uploads", "")],
        &[("x-oss-meta-m", "v")],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.xml("UploadId").unwrap()
}

fn upload_part(c: &Client, key: &str, id: &str, n: u32, body: &[u8]) -> String {
    let n = n.to_string();
    let r = c.call(
        "PUT",
        Some("bkt"),
        Some(key),
        &[("partNumber", &n), ("uploadId", id)],
        &[],
        body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.header("etag").unwrap().to_owned()
}

fn complete_body(parts: &[(u32, &str)]) -> String {
    let mut body = String::from("<CompleteMultipartUpload>");
    for (n, etag) in parts {
        body.push_str(&format!(
            "<Part><PartNumber>{n}</PartNumber><ETag>{etag}</ETag></Part>"
        ));
    }
    body + "</CompleteMultipartUpload>"
}

#[test]
fn multipart_upload() {
    let (_server, c) = start();
    let id = initiate(&c, "big");
    let p1 = data(100 * 1024, 1);
    let p2 = data(100 * 1024, 2);
    let p3 = data(10, 3);
    let e1 = upload_part(&c, "big", &id, 1, &p1);
    let e2 = upload_part(&c, "big", &id, 2, &p2);
    let e3 = upload_part(&c, "big", &id, 5, &p3);
    assert_eq!(e1, format!("\"{}\"", md5_hex(&p1)));
    let r = c.call(
        "GET",
        Some("bkt"),
        Some("big"),
        &[("uploadId", &id), ("max-parts", "2")],
        &[],
        b"",
    );
    assert_eq!(keys(&r.text(), "PartNumber"), ["1", "2"]);
    assert_eq!(r.xml("IsTruncated").as_deref(), Some("true"));
    let r = c.call("GET", Some("bkt"), None, &[("uploads", "")], &[], b"");
    assert_eq!(keys(&r.text(), "UploadId"), vec![id.clone()]);
    let complete = |parts: &[(u32, &str)]| {
        c.call(
            "POST",
            Some("bkt"),
            Some("big"),
            &[("uploadId", &id)],
            &[],
            complete_body(parts).as_bytes(),
        )
    };
    assert_eq!(
        complete(&[(2, &e2), (1, &e1)]).code().as_deref(),
        Some("InvalidPartOrder")
    );
    assert_eq!(
        complete(&[(1, &e1), (3, &e3)]).code().as_deref(),
        Some("InvalidPart")
    );
    assert_eq!(complete(&[(1, &e2)]).code().as_deref(), Some("InvalidPart"));
    let small = c.call(
        "POST",
        Some("bkt"),
        Some("big"),
        &[("uploadId", &id)],
        &[],
        complete_body(&[(5, &e3), (6, &e3)]).as_bytes(),
    );
    assert_eq!(small.code().as_deref(), Some("InvalidPart"));
    let r = complete(&[(1, &e1), (2, &e2), (5, &e3)]);
    assert_eq!(r.status, 200, "{}", r.text());
    let mut digests = Vec::new();
    for p in [&p1, &p2, &p3] {
        digests.extend_from_slice(&oss_checksum::md5::digest(p));
    }
    let expected = format!("\"{}-3\"", md5_hex(&digests));
    assert_eq!(r.xml("ETag").as_deref(), Some(expected.as_str()));
    let whole: Vec<u8> = [p1.clone(), p2.clone(), p3.clone()].concat();
    let g = c.get("bkt", "big");
    assert_eq!(g.body, whole);
    assert_eq!(g.header("etag"), Some(expected.as_str()));
    assert_eq!(g.header("x-oss-object-type"), Some("Multipart"));
    assert_eq!(g.header("x-oss-meta-m"), Some("v"));
    let crc = crc64::checksum(&whole).to_string();
    assert_eq!(g.header("x-oss-hash-crc64ecma"), Some(crc.as_str()));
    let r = c.call(
        "GET",
        Some("bkt"),
        Some("big"),
        &[],
        &[("Range", "bytes=102398-102401")],
        b"",
    );
    assert_eq!(r.body, whole[102398..102402]);
    assert_eq!(
        complete(&[(1, &e1)]).code().as_deref(),
        Some("NoSuchUpload")
    );
}

#[test]
fn multipart_rules() {
    let (_server, c) = start();
    let id = initiate(&c, "k");
    for bad in ["0", "10001", "x"] {
        let r = c.call(
            "PUT",
            Some("bkt"),
            Some("k"),
            &[("partNumber", bad), ("uploadId", &id)],
            &[],
            b"x",
        );
        assert_eq!(r.code().as_deref(), Some("InvalidArgument"), "{bad}");
    }
    let e1 = upload_part(&c, "k", &id, 1, &data(1000, 1));
    let e2 = upload_part(&c, "k", &id, 2, &data(1000, 2));
    let r = c.call(
        "POST",
        Some("bkt"),
        Some("k"),
        &[("uploadId", &id)],
        &[],
        complete_body(&[(1, &e1), (2, &e2)]).as_bytes(),
    );
    assert_eq!(
        (r.status, r.code().as_deref()),
        (400, Some("EntityTooSmall"))
    );
    let r = c.call(
        "PUT",
        Some("bkt"),
        Some("k"),
        &[("partNumber", "1"), ("uploadId", "nope")],
        &[],
        b"x",
    );
    assert_eq!((r.status, r.code().as_deref()), (404, Some("NoSuchUpload")));
    // Complete-all takes every part.
    let id2 = initiate(&c, "all");
    upload_part(&c, "all", &id2, 1, &data(200 * 1024, 4));
    upload_part(&c, "all", &id2, 2, b"tail");
    let r = c.call(
        "POST",
        Some("bkt"),
        Some("all"),
        &[("uploadId", &id2)],
        &[("x-oss-complete-all", "yes")],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(c.get("bkt", "all").body.len(), 200 * 1024 + 4);
    // Abort.
    assert_eq!(
        c.call(
            "DELETE",
            Some("bkt"),
            Some("k"),
            &[("uploadId", &id)],
            &[],
            b""
        )
        .status,
        204
    );
    assert_eq!(
        c.call(
            "DELETE",
            Some("bkt"),
            Some("k"),
            &[("uploadId", &id)],
            &[],
            b""
        )
        .status,
        404
    );
}

#[test]
fn upload_part_copy() {
    let (_server, c) = start();
    let src = data(300 * 1024, 9);
    c.put("bkt", "src", &src);
    let id = initiate(&c, "dst");
    let r = c.call(
        "PUT",
        Some("bkt"),
        Some("dst"),
        &[("partNumber", "1"), ("uploadId", &id)],
        &[
            ("x-oss-copy-source", "/bkt/src"),
            ("x-oss-copy-source-range", "bytes=0-204799"),
        ],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-range"), Some("bytes 0-204799/307200"));
    let e1 = r.xml("ETag").unwrap();
    let r = c.call(
        "PUT",
        Some("bkt"),
        Some("dst"),
        &[("partNumber", "2"), ("uploadId", &id)],
        &[
            ("x-oss-copy-source", "/bkt/src"),
            ("x-oss-copy-source-range", "bytes=204800-307199"),
        ],
        b"",
    );
    let e2 = r.xml("ETag").unwrap();
    let r = c.call(
        "POST",
        Some("bkt"),
        Some("dst"),
        &[("uploadId", &id)],
        &[],
        complete_body(&[(1, &e1), (2, &e2)]).as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(c.get("bkt", "dst").body, src);
}

#[test]
fn restore_state_machine() {
    let (_server, c) = start();
    c.call(
        "PUT",
        Some("bkt"),
        Some("cold"),
        &[],
        &[("x-oss-storage-class", "Archive")],
        b"frozen",
    );
    let r = c.get("bkt", "cold");
    assert_eq!(
        (r.status, r.code().as_deref()),
        (403, Some("InvalidObjectState"))
    );
    let restore = || {
        c.call(
            "POST",
            Some("bkt"),
            Some("cold"),
            &[("restore", "")],
            &[],
            b"",
        )
    };
    assert_eq!(restore().status, 202);
    let r = restore();
    assert_eq!(
        (r.status, r.code().as_deref()),
        (409, Some("RestoreAlreadyInProgress"))
    );
    let h = c.call("HEAD", Some("bkt"), Some("cold"), &[], &[], b"");
    assert_eq!(h.header("x-oss-restore"), Some("ongoing-request=\"true\""));
    assert_eq!(
        c.get("bkt", "cold").code().as_deref(),
        Some("InvalidObjectState")
    );
    std::thread::sleep(Duration::from_millis(400));
    let h = c.call("HEAD", Some("bkt"), Some("cold"), &[], &[], b"");
    assert!(h
        .header("x-oss-restore")
        .is_some_and(|v| v.starts_with("ongoing-request=\"false\", expiry-date=")));
    assert_eq!(c.get("bkt", "cold").body, b"frozen");
    assert_eq!(restore().status, 200);
    c.put("bkt", "warm", b"x");
    let r = c.call(
        "POST",
        Some("bkt"),
        Some("warm"),
        &[("restore", "")],
        &[],
        b"",
    );
    assert_eq!(
        (r.status, r.code().as_deref()),
        (400, Some("OperationNotSupported"))
    );
    let r = c.call(
        "POST",
        Some("bkt"),
        Some("gone"),
        &[("restore", "")],
        &[],
        b"",
    );
    assert_eq!(r.code().as_deref(), Some("NoSuchKey"));
}
