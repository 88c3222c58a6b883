//! Server lifecycle, addressing, authentication, errors, buckets and simple objects.

mod common;

use std::time::{Duration, SystemTime};

use common::{content_md5, data, md5_hex, Client, Sign};
use oss_auth::v1::V1Signer;
use oss_auth::v4::{Scope, V4Signer};
use oss_auth::{Credentials, SignableRequest};
use oss_server::{ServerConfig, DEV_ACCESS_KEY_ID};

fn start() -> (oss_server::BackgroundServer, Client) {
    let server = ServerConfig::new().start_background().expect("start");
    let client = Client::new(server.addr());
    (server, client)
}

#[test]
fn starts_on_a_free_port_and_shuts_down() {
    let (server, client) = start();
    assert!(server.endpoint().starts_with("http://127.0.0.1:"));
    assert_eq!(server.credentials()[0].access_key_id(), DEV_ACCESS_KEY_ID);
    let r = client.call("GET", None, None, &[], &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r
        .header("x-oss-request-id")
        .is_some_and(|id| id.len() == 24));
    let addr = server.addr();
    server.shutdown();
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[tokio::test]
async fn async_start_and_shutdown() {
    let server = ServerConfig::new().start().await.unwrap();
    let addr = server.addr();
    let response = tokio::task::spawn_blocking(move || Client::new(addr).create_bucket("async-b"))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    server.shutdown().await;
}

#[test]
fn bucket_lifecycle_and_errors() {
    let (_server, c) = start();
    assert_eq!(c.create_bucket("bkt-1").status, 200);
    let r = c.create_bucket("bkt-1");
    assert_eq!(
        (r.status, r.code().as_deref()),
        (409, Some("BucketAlreadyExists"))
    );
    for bad in ["ab", "Upper", "-lead", "trail-", "under_score"] {
        let r = c.create_bucket(bad);
        assert_eq!(r.code().as_deref(), Some("InvalidBucketName"), "{bad}");
    }
    let r = c.call("GET", None, None, &[], &[], b"");
    assert!(r.text().contains("<Name>bkt-1</Name>"), "{}", r.text());
    let r = c.call("GET", Some("bkt-1"), None, &[("location", "")], &[], b"");
    assert_eq!(
        r.xml("LocationConstraint").as_deref(),
        Some("oss-cn-hangzhou")
    );
    let r = c.call("GET", Some("bkt-1"), None, &[("bucketInfo", "")], &[], b"");
    assert!(r.text().contains("<Grant>private</Grant>"), "{}", r.text());
    let r = c.call(
        "PUT",
        Some("bkt-1"),
        None,
        &[("acl", "")],
        &[("x-oss-acl", "public-read")],
        b"",
    );
    assert_eq!(r.status, 200);
    let r = c.call("GET", Some("bkt-1"), None, &[("acl", "")], &[], b"");
    assert_eq!(r.xml("Grant").as_deref(), Some("public-read"));
    let r = c.call(
        "PUT",
        Some("bkt-1"),
        None,
        &[("acl", "")],
        &[("x-oss-acl", "bogus")],
        b"",
    );
    assert_eq!(
        (r.status, r.code().as_deref()),
        (400, Some("InvalidArgument"))
    );
    assert_eq!(r.xml("ArgumentName").as_deref(), Some("x-oss-acl"));
    c.put("bkt-1", "k", b"x");
    let r = c.call("GET", Some("bkt-1"), None, &[("stat", "")], &[], b"");
    assert_eq!(r.xml("ObjectCount").as_deref(), Some("1"));
    assert_eq!(r.xml("Storage").as_deref(), Some("1"));
    let r = c.call("DELETE", Some("bkt-1"), None, &[], &[], b"");
    assert_eq!(
        (r.status, r.code().as_deref()),
        (409, Some("BucketNotEmpty"))
    );
    assert_eq!(r.xml("BucketName").as_deref(), Some("bkt-1"));
    c.call("DELETE", Some("bkt-1"), Some("k"), &[], &[], b"");
    assert_eq!(
        c.call("DELETE", Some("bkt-1"), None, &[], &[], b"").status,
        204
    );
    let r = c.get("bkt-1", "k");
    assert_eq!((r.status, r.code().as_deref()), (404, Some("NoSuchBucket")));
    for field in ["Code", "Message", "RequestId", "HostId"] {
        assert!(r.xml(field).is_some(), "{field} in {}", r.text());
    }
    assert_eq!(r.xml("RequestId").as_deref(), r.header("x-oss-request-id"));
}

#[test]
fn create_bucket_configuration() {
    let (_server, c) = start();
    let body = b"<CreateBucketConfiguration><StorageClass>IA</StorageClass><DataRedundancyType>ZRS</DataRedundancyType></CreateBucketConfiguration>";
    let r = c.call(
        "PUT",
        Some("cfg"),
        None,
        &[],
        &[("x-oss-acl", "public-read-write")],
        body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("GET", Some("cfg"), None, &[("bucketInfo", "")], &[], b"");
    let t = r.text();
    assert!(t.contains("<StorageClass>IA</StorageClass>"), "{t}");
    assert!(
        t.contains("<DataRedundancyType>ZRS</DataRedundancyType>"),
        "{t}"
    );
    assert!(t.contains("<Grant>public-read-write</Grant>"), "{t}");
    c.put("cfg", "o", b"1");
    let r = c.call("HEAD", Some("cfg"), Some("o"), &[], &[], b"");
    assert_eq!(r.header("x-oss-storage-class"), Some("IA"));
    let r = c.call("PUT", Some("cfg2"), None, &[], &[], b"<Nope/>");
    assert_eq!(r.code().as_deref(), Some("MalformedXML"));
}

#[test]
fn put_get_head_delete_round_trip() {
    let (_server, c) = start();
    c.create_bucket("bkt");
    let body = data(300_000, 1);
    let key = "dir/ünïcode key+%.bin";
    let r = c.call(
        "PUT",
        Some("bkt"),
        Some(key),
        &[],
        &[
            ("Content-Type", "text/plain"),
            ("x-oss-meta-Color", "blue"),
            ("Cache-Control", "no-cache"),
            ("Content-MD5", &content_md5(&body)),
            ("x-oss-tagging", "a=1&b=2"),
        ],
        &body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let etag = format!("\"{}\"", md5_hex(&body));
    assert_eq!(r.header("etag"), Some(etag.as_str()));
    let crc = oss_checksum::crc64::checksum(&body).to_string();
    assert_eq!(r.header("x-oss-hash-crc64ecma"), Some(crc.as_str()));
    let r = c.get("bkt", key);
    assert_eq!(r.status, 200);
    assert_eq!(r.body, body);
    assert_eq!(r.header("etag"), Some(etag.as_str()));
    assert_eq!(r.header("x-oss-hash-crc64ecma"), Some(crc.as_str()));
    assert_eq!(r.header("content-type"), Some("text/plain"));
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert_eq!(r.header("x-oss-meta-color"), Some("blue"));
    assert_eq!(r.header("x-oss-object-type"), Some("Normal"));
    assert_eq!(r.header("x-oss-tagging-count"), Some("2"));
    assert!(r
        .header("last-modified")
        .is_some_and(|d| d.ends_with("GMT")));
    let r = c.call("HEAD", Some("bkt"), Some(key), &[], &[], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-length"), Some("300000"));
    assert_eq!(r.header("content-md5"), Some(content_md5(&body).as_str()));
    let r = c.call(
        "HEAD",
        Some("bkt"),
        Some(key),
        &[("objectMeta", "")],
        &[],
        b"",
    );
    assert_eq!(
        (r.status, r.header("content-length")),
        (200, Some("300000"))
    );
    let r = c.call(
        "GET",
        Some("bkt"),
        Some(key),
        &[
            ("response-content-type", "x/y"),
            ("response-cache-control", "max-age=1"),
        ],
        &[],
        b"",
    );
    assert_eq!(r.header("content-type"), Some("x/y"));
    assert_eq!(r.header("cache-control"), Some("max-age=1"));
    assert_eq!(
        c.call("DELETE", Some("bkt"), Some(key), &[], &[], b"")
            .status,
        204
    );
    assert_eq!(
        c.call("DELETE", Some("bkt"), Some(key), &[], &[], b"")
            .status,
        204
    );
    let r = c.get("bkt", key);
    assert_eq!((r.status, r.code().as_deref()), (404, Some("NoSuchKey")));
    let r = c.call("HEAD", Some("bkt"), Some(key), &[], &[], b"");
    assert_eq!(r.status, 404);
    assert!(r.body.is_empty());
    assert!(r.header("x-oss-err").is_some());
}

#[test]
fn empty_objects_and_limits() {
    let (_server, c) = start();
    c.create_bucket("bkt");
    let r = c.put("bkt", "empty", b"");
    assert_eq!(r.header("x-oss-hash-crc64ecma"), Some("0"));
    assert_eq!(
        r.header("etag"),
        Some("\"D41D8CD98F00B204E9800998ECF8427E\"")
    );
    let r = c.get("bkt", "empty");
    assert_eq!((r.status, r.body.len()), (200, 0));
    let long = "k".repeat(1024);
    let r = c.put("bkt", &long, b"x");
    assert_eq!(r.code().as_deref(), Some("InvalidObjectName"));
    assert_eq!(c.put("bkt", &long[..1023], b"x").status, 200);
    let big = "v".repeat(9000);
    let r = c.call(
        "PUT",
        Some("bkt"),
        Some("m"),
        &[],
        &[("x-oss-meta-big", &big)],
        b"x",
    );
    assert_eq!(
        (r.status, r.code().as_deref()),
        (400, Some("InvalidArgument"))
    );
    let r = c.call(
        "PUT",
        Some("bkt"),
        Some("m"),
        &[],
        &[("Content-MD5", &content_md5(b"other"))],
        b"x",
    );
    assert_eq!(
        (r.status, r.code().as_deref()),
        (400, Some("InvalidDigest"))
    );
    assert_eq!(c.get("bkt", "m").status, 404, "a failed PUT stores nothing");
    let r = c.call(
        "PUT",
        Some("bkt"),
        Some("m"),
        &[],
        &[("x-oss-storage-class", "Glacier")],
        b"x",
    );
    assert_eq!(r.code().as_deref(), Some("InvalidArgument"));
    let r = c.call(
        "PUT",
        Some("bkt"),
        Some("m"),
        &[],
        &[("x-oss-object-acl", "nope")],
        b"x",
    );
    assert_eq!(r.code().as_deref(), Some("InvalidArgument"));
}

#[test]
fn forbid_overwrite() {
    let (_server, c) = start();
    c.create_bucket("bkt");
    let h = [("x-oss-forbid-overwrite", "true")];
    assert_eq!(
        c.call("PUT", Some("bkt"), Some("k"), &[], &h, b"1").status,
        200
    );
    let r = c.call("PUT", Some("bkt"), Some("k"), &[], &h, b"2");
    assert_eq!(
        (r.status, r.code().as_deref()),
        (409, Some("FileAlreadyExists"))
    );
    assert_eq!(c.get("bkt", "k").body, b"1");
    assert_eq!(c.put("bkt", "k", b"3").status, 200);
}

#[test]
fn ranges() {
    let (_server, c) = start();
    c.create_bucket("bkt");
    let body: Vec<u8> = (0..100u8).collect();
    c.put("bkt", "k", &body);
    let get = |range: &str, standard: bool| {
        let mut h = vec![("Range", range)];
        if standard {
            h.push(("x-oss-range-behavior", "standard"));
        }
        c.call("GET", Some("bkt"), Some("k"), &[], &h, b"")
    };
    let r = get("bytes=10-19", false);
    assert_eq!((r.status, &r.body[..]), (206, &body[10..20]));
    assert_eq!(r.header("content-range"), Some("bytes 10-19/100"));
    let r = get("bytes=90-", false);
    assert_eq!((r.status, &r.body[..]), (206, &body[90..]));
    let r = get("bytes=-5", false);
    assert_eq!((r.status, &r.body[..]), (206, &body[95..]));
    let r = get("bytes=50-500", false);
    assert_eq!((r.status, r.body.len()), (200, 100));
    assert!(r.header("content-range").is_none());
    let r = get("bytes=500-600", false);
    assert_eq!((r.status, r.body.len()), (200, 100));
    let r = get("bytes=50-500", true);
    assert_eq!((r.status, &r.body[..]), (206, &body[50..]));
    let r = get("bytes=500-600", true);
    assert_eq!((r.status, r.code().as_deref()), (416, Some("InvalidRange")));
    let r = get("garbage", true);
    assert_eq!(r.status, 200);
}

#[test]
fn conditional_requests() {
    let (_server, c) = start();
    c.create_bucket("bkt");
    let etag = c
        .put("bkt", "k", b"data")
        .header("etag")
        .unwrap()
        .to_owned();
    let get = |h: &[(&str, &str)]| c.call("GET", Some("bkt"), Some("k"), &[], h, b"");
    assert_eq!(get(&[("If-Match", &etag)]).status, 200);
    let r = get(&[("If-Match", "\"0000\"")]);
    assert_eq!(
        (r.status, r.code().as_deref()),
        (412, Some("PreconditionFailed"))
    );
    let r = get(&[("If-None-Match", &etag)]);
    assert_eq!((r.status, r.body.len()), (304, 0));
    assert_eq!(get(&[("If-None-Match", "\"0000\"")]).status, 200);
    let future = oss_model::time::format_http_date(SystemTime::now() + Duration::from_secs(3600));
    let past = oss_model::time::format_http_date(SystemTime::now() - Duration::from_secs(3600));
    assert_eq!(get(&[("If-Modified-Since", &future)]).status, 304);
    assert_eq!(get(&[("If-Modified-Since", &past)]).status, 200);
    assert_eq!(get(&[("If-Modified-Since", "not a date")]).status, 200);
    assert_eq!(get(&[("If-Unmodified-Since", &past)]).status, 412);
    assert_eq!(get(&[("If-Unmodified-Since", &future)]).status, 200);
    let r = c.call(
        "HEAD",
        Some("bkt"),
        Some("k"),
        &[],
        &[("If-None-Match", &etag)],
        b"",
    );
    assert_eq!(r.status, 304);
}

#[test]
fn authentication_errors() {
    let (_server, c) = start();
    c.create_bucket("bkt");
    c.put("bkt", "k", b"secret");
    // V1 works too.
    let v1 = c.clone().with_sign(Sign::V1);
    assert_eq!(v1.get("bkt", "k").body, b"secret");
    let wrong = c
        .clone()
        .with_credentials(Credentials::new(DEV_ACCESS_KEY_ID, "wrong-secret"));
    let r = wrong.get("bkt", "k");
    assert_eq!(
        (r.status, r.code().as_deref()),
        (403, Some("SignatureDoesNotMatch"))
    );
    assert!(r
        .xml("StringToSign")
        .is_some_and(|s| s.starts_with("OSS4-HMAC-SHA256")));
    assert!(r.xml("CanonicalRequest").is_some());
    let r = wrong.clone().with_sign(Sign::V1).get("bkt", "k");
    assert_eq!(r.code().as_deref(), Some("SignatureDoesNotMatch"));
    assert!(r
        .xml("StringToSign")
        .is_some_and(|s| s.starts_with("GET\n")));
    let unknown = c.clone().with_credentials(Credentials::new("nobody", "x"));
    let r = unknown.get("bkt", "k");
    assert_eq!(
        (r.status, r.code().as_deref()),
        (403, Some("InvalidAccessKeyId"))
    );
    let mut skewed = c.clone();
    skewed.skew = -3600;
    let r = skewed.get("bkt", "k");
    assert_eq!(
        (r.status, r.code().as_deref()),
        (403, Some("RequestTimeTooSkewed"))
    );
    let mut region = c.clone();
    region.region = "us-west-1".to_owned();
    assert_eq!(
        region.get("bkt", "k").code().as_deref(),
        Some("InvalidArgument")
    );
    let r = c.call(
        "GET",
        Some("bkt"),
        Some("k"),
        &[],
        &[("Authorization", "Bogus x")],
        b"",
    );
    assert_eq!(
        (r.status, r.code().as_deref()),
        (400, Some("InvalidArgument"))
    );
    // Anonymous: denied on a private bucket, and on the service.
    let anon = c.clone().with_sign(Sign::Anonymous);
    assert_eq!(anon.get("bkt", "k").code().as_deref(), Some("AccessDenied"));
    assert_eq!(anon.call("GET", None, None, &[], &[], b"").status, 403);
}

#[test]
fn acls_let_anonymous_requests_through() {
    let (_server, c) = start();
    let anon = c.clone().with_sign(Sign::Anonymous);
    c.call(
        "PUT",
        Some("pub"),
        None,
        &[],
        &[("x-oss-acl", "public-read")],
        b"",
    );
    c.put("pub", "k", b"open");
    assert_eq!(anon.get("pub", "k").body, b"open");
    assert_eq!(
        anon.call("GET", Some("pub"), None, &[], &[], b"").status,
        200
    );
    assert_eq!(
        anon.put("pub", "new", b"x").code().as_deref(),
        Some("AccessDenied")
    );
    // An object ACL wins over the bucket's.
    c.call(
        "PUT",
        Some("pub"),
        Some("k"),
        &[("acl", "")],
        &[("x-oss-object-acl", "private")],
        b"",
    );
    assert_eq!(anon.get("pub", "k").status, 403);
    c.create_bucket("priv");
    c.call(
        "PUT",
        Some("priv"),
        Some("o"),
        &[],
        &[("x-oss-object-acl", "public-read")],
        b"o",
    );
    assert_eq!(anon.get("priv", "o").body, b"o");
    let r = anon.call(
        "GET",
        Some("priv"),
        Some("o"),
        &[("response-content-type", "a/b")],
        &[],
        b"",
    );
    assert_eq!(r.status, 403, "response-* needs a signature");
    c.call(
        "PUT",
        Some("rwb"),
        None,
        &[],
        &[("x-oss-acl", "public-read-write")],
        b"",
    );
    assert_eq!(anon.put("rwb", "k", b"anon").status, 200);
    assert_eq!(
        anon.call("DELETE", Some("rwb"), None, &[], &[], b"").status,
        403
    );
}

#[test]
fn presigned_urls_and_sts_tokens() {
    let server = ServerConfig::new()
        .credential(Credentials::new("ak", "sk"))
        .credential(Credentials::new("sts-ak", "sts-sk").with_security_token("the-token"))
        .start_background()
        .unwrap();
    let c = Client::new(server.addr()).with_credentials(Credentials::new("ak", "sk"));
    c.create_bucket("bkt");
    c.put("bkt", "k", b"presigned");
    let now = SystemTime::now();
    let request = SignableRequest::new("GET").bucket("bkt").key("k");
    let fetch = |query: String| {
        let mut stream = std::net::TcpStream::connect(server.addr()).unwrap();
        use std::io::Write;
        write!(
            stream,
            "GET /bkt/k?{query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        common::read_response(stream, false)
    };
    let creds = Credentials::new("ak", "sk");
    let v4 = V4Signer::new()
        .presign(
            &request,
            &creds,
            &Scope::oss("cn-hangzhou"),
            now,
            Duration::from_secs(60),
        )
        .unwrap();
    assert_eq!(fetch(v4.query_string(&request)).body, b"presigned");
    let v1 = V1Signer::new()
        .presign(&request, &creds, now + Duration::from_secs(60))
        .unwrap();
    assert_eq!(fetch(v1.query_string(&request)).body, b"presigned");
    let expired = V1Signer::new()
        .presign(&request, &creds, now - Duration::from_secs(60))
        .unwrap();
    let r = fetch(expired.query_string(&request));
    assert_eq!((r.status, r.code().as_deref()), (403, Some("AccessDenied")));
    let expired4 = V4Signer::new()
        .presign(
            &request,
            &creds,
            &Scope::oss("cn-hangzhou"),
            now - Duration::from_secs(120),
            Duration::from_secs(60),
        )
        .unwrap();
    assert_eq!(
        fetch(expired4.query_string(&request)).code().as_deref(),
        Some("AccessDenied")
    );
    // STS: the token must come with the request.
    let sts = Credentials::new("sts-ak", "sts-sk").with_security_token("the-token");
    let with_token = c.clone().with_credentials(sts.clone());
    assert_eq!(with_token.get("bkt", "k").body, b"presigned");
    assert_eq!(
        with_token.clone().with_sign(Sign::V1).get("bkt", "k").body,
        b"presigned"
    );
    let wrong = c
        .clone()
        .with_credentials(Credentials::new("sts-ak", "sts-sk").with_security_token("other"));
    let r = wrong.get("bkt", "k");
    assert_eq!(
        (r.status, r.code().as_deref()),
        (403, Some("InvalidAccessKeyId"))
    );
    let none = c
        .clone()
        .with_credentials(Credentials::new("sts-ak", "sts-sk"));
    assert_eq!(
        none.get("bkt", "k").code().as_deref(),
        Some("InvalidAccessKeyId")
    );
    let presigned_sts = V4Signer::new()
        .presign(
            &request,
            &sts,
            &Scope::oss("cn-hangzhou"),
            now,
            Duration::from_secs(60),
        )
        .unwrap();
    assert_eq!(
        fetch(presigned_sts.query_string(&request)).body,
        b"presigned"
    );
}

#[test]
fn virtual_hosted_style() {
    let server = ServerConfig::new()
        .virtual_host_domain("oss.test")
        .start_background()
        .unwrap();
    let mut c = Client::new(server.addr());
    c.create_bucket("vhb");
    c.put("vhb", "a/b.txt", b"virtual");
    for host in ["vhb.localhost", "vhb.oss.test:1234"] {
        c.host = Some(host.to_owned());
        // The client still writes /vh/... paths; build a raw request instead.
        let head = c.build("GET", Some("vhb"), Some("a/b.txt"), &[], &[], 0);
        let head = head.replacen("GET /vhb/a/b.txt", "GET /a/b.txt", 1);
        let mut stream = std::net::TcpStream::connect(server.addr()).unwrap();
        use std::io::Write;
        stream.write_all(head.as_bytes()).unwrap();
        let r = common::read_response(stream, false);
        assert_eq!(r.body, b"virtual", "{host}: {}", r.text());
    }
}

/// A client pointed at the region's public endpoint, with this server as its HTTP proxy,
/// sends absolute-form requests (`GET http://vhb.oss-cn-hangzhou.aliyuncs.com/a/b.txt`): the
/// bucket is the URL host's first label.
#[test]
fn a_proxied_absolute_form_request_addresses_a_virtual_hosted_bucket() {
    let (server, mut c) = start();
    c.create_bucket("vhb");
    c.put("vhb", "a/b.txt", b"through a proxy");
    let endpoint = oss_model::dialect::Dialect::OSS.public_endpoint("cn-hangzhou");
    let host = format!("vhb.{endpoint}");
    c.host = Some(host.clone());
    let head = c.build("GET", Some("vhb"), Some("a/b.txt"), &[], &[], 0);
    let head = head.replacen("GET /vhb/a/b.txt", &format!("GET http://{host}/a/b.txt"), 1);
    let mut stream = std::net::TcpStream::connect(server.addr()).unwrap();
    use std::io::Write;
    stream.write_all(head.as_bytes()).unwrap();
    let r = common::read_response(stream, false);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.body, b"through a proxy");
}

#[test]
fn clock_skew_is_adjustable() {
    let (server, c) = start();
    c.create_bucket("bkt");
    server.set_clock_skew(3600);
    assert_eq!(
        c.get("bkt", "x").code().as_deref(),
        Some("RequestTimeTooSkewed")
    );
    server.set_clock_skew(0);
    assert_eq!(c.get("bkt", "x").code().as_deref(), Some("NoSuchKey"));
}
