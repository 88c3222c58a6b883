//! The requests the client sends, checked against the official Python SDKs' signers.
//!
//! A plain HTTP server (hyper, here) records each request exactly as it arrives (method,
//! path, raw query, headers) and answers 200 with a plausible body. Then `oss2` and
//! `alibabacloud-oss-v2` recompute the signature of every recorded request, through
//! `tests/interop/sign_oracle.py`, from the recorded method, bucket, key, query and
//! headers at the recorded signing time; their Authorization must equal ours, for V1 and V4,
//! across operations with metadata, ranges, listings, parts, batch deletes, copies and more.
//!
//! The oracle needs a Python with both SDKs: `OSS_RS_PYTHON` (set by `cargo xtask ci`), or
//! the workspace's `target/interop-venv`. Without one the test is skipped with a message,
//! unless `OSS_RS_REQUIRE_INTEROP` is set, which makes it fail. The recording itself (and
//! the checks that need no SDK) always run.

#[path = "support/interop.rs"]
mod interop;
use interop::{interop_python, workspace_root};

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use oss_auth::encoding::{decode, parse_query};
use oss_auth::verify::parse_authorization;
use oss_auth::Credentials;
use oss_client::model::{
    AccessControlPolicy, Acl, CompleteMultipartUploadResult, CopyObjectResult, CopyPartResult,
    InitiateMultipartUploadResult, ListAllMyBucketsResult, ListBucketResult, ListBucketResultV2,
    ListPartsResult, MetadataDirective, Owner, StorageClass, Tagging, XmlBody,
};
use oss_client::{ByteRange, Client, SignatureVersion};
use serde_json::{json, Value};
use tokio::net::TcpListener;

const ACCESS_KEY_ID: &str = "LTAI5tCaptureTestKey";
const ACCESS_KEY_SECRET: &str = "Capture/Secret+=0123456789abcdef";
const REGION: &str = "cn-hangzhou";

/// A request as it arrived.
#[derive(Debug, Clone)]
struct Captured {
    method: String,
    path: String,
    raw_query: String,
    headers: Vec<(String, String)>,
}

/// A canned answer: status, headers, body.
type Canned = (u16, Vec<(&'static str, String)>, Bytes);

#[derive(Clone, Default)]
struct Recorder {
    captured: Arc<Mutex<Vec<Captured>>>,
    answers: Arc<Mutex<VecDeque<Canned>>>,
}

impl Recorder {
    async fn start(&self) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let recorder = self.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let recorder = recorder.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let recorder = recorder.clone();
                        async move { recorder.answer(request).await }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        addr
    }

    async fn answer(
        &self,
        request: Request<Incoming>,
    ) -> Result<Response<Full<Bytes>>, std::convert::Infallible> {
        let (parts, body) = request.into_parts();
        let _ = body.collect().await;
        self.captured.lock().unwrap().push(Captured {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            raw_query: parts.uri.query().unwrap_or("").to_owned(),
            headers: parts
                .headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_owned()))
                .collect(),
        });
        let (status, headers, body) =
            self.answers
                .lock()
                .unwrap()
                .pop_front()
                .unwrap_or((200, Vec::new(), Bytes::new()));
        let mut response = Response::builder()
            .status(status)
            .header("x-oss-request-id", "CAPTURED0000000000000000");
        for (name, value) in headers {
            response = response.header(name, value);
        }
        Ok(response.body(Full::new(body)).unwrap())
    }

    /// The answer to the next request.
    fn next(&self, status: u16, headers: &[(&'static str, &str)], body: impl Into<Bytes>) {
        self.answers.lock().unwrap().push_back((
            status,
            headers.iter().map(|(n, v)| (*n, v.to_string())).collect(),
            body.into(),
        ));
    }

    fn next_xml(&self, body: &impl XmlBody) {
        self.next(200, &[("content-type", "application/xml")], body.to_xml());
    }

    fn next_etag(&self) {
        self.next(200, &[("etag", "\"5B3C1A2E053D763E1B002CC607C5A0FE\"")], "");
    }
}

fn client(addr: SocketAddr, version: SignatureVersion) -> Client {
    Client::builder()
        .endpoint(format!("http://{addr}"))
        .region(REGION)
        .credentials(Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET))
        .signature_version(version)
        .retry(oss_client::RetryStrategy::none())
        .build()
        .unwrap()
}

/// Runs a varied set of operations; each sends exactly one request.
async fn run_operations(client: &Client, recorder: &Recorder) {
    let bucket = client.bucket("capture-bucket");
    let odd_key = "dir/a b+c%d~中文.txt";

    recorder.next_etag();
    bucket
        .put_object(odd_key, "hello")
        .meta("author", "alice")
        .meta("Mixed-Case", "v a l")
        .cache_control("no-cache")
        .content_disposition("attachment; filename=\"x.txt\"")
        .acl(Acl::PublicRead)
        .storage_class(StorageClass::Ia)
        .tag("project", "oss rs")
        .forbid_overwrite(true)
        .server_side_encryption(oss_client::model::ServerSideEncryption::Aes256)
        .content_md5(true)
        .await
        .unwrap();

    recorder.next(206, &[("content-range", "bytes 10-14/100")], "hello");
    bucket
        .get_object(odd_key)
        .range(ByteRange::new(10, 14).unwrap())
        .if_none_match("\"abc\"")
        .response_content_type("text/x-captured")
        .response_content_disposition("inline; a=b&c")
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();

    recorder.next(200, &[], "hi");
    bucket
        .get_object("plain.txt")
        .range(ByteRange::last(2).unwrap())
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();

    recorder.next_xml(&ListBucketResult {
        name: "capture-bucket".into(),
        prefix: "dir/".into(),
        max_keys: 50,
        ..ListBucketResult::default()
    });
    bucket
        .list_objects()
        .prefix("dir/a b/")
        .delimiter("/")
        .marker("dir/a b/m+n")
        .max_keys(50)
        .await
        .unwrap();

    recorder.next_xml(&ListBucketResultV2 {
        name: "capture-bucket".into(),
        ..ListBucketResultV2::default()
    });
    bucket
        .list_objects_v2()
        .prefix("logs/2024")
        .start_after("logs/2024/01")
        .continuation_token("token+/=")
        .fetch_owner(true)
        .await
        .unwrap();

    recorder.next_xml(&InitiateMultipartUploadResult {
        bucket: "capture-bucket".into(),
        key: "big.bin".into(),
        upload_id: "0004B9894A22E5B1888A1E29F823****".into(),
        ..InitiateMultipartUploadResult::default()
    });
    bucket
        .initiate_multipart_upload("big.bin")
        .meta("parts", "2")
        .await
        .unwrap();

    recorder.next_etag();
    bucket
        .upload_part(
            "big.bin",
            "0004B9894A22E5B1888A1E29F823****",
            7,
            vec![1u8; 1000],
        )
        .content_md5(true)
        .await
        .unwrap();

    recorder.next_xml(&CopyPartResult::default());
    bucket
        .upload_part_copy("big.bin", "upload/id=1", 8, "src/k y")
        .source_bucket("other-bucket")
        .source_range(ByteRange::new(0, 99).unwrap())
        .if_match("\"abc\"")
        .await
        .unwrap();

    recorder.next_xml(&ListPartsResult::default());
    bucket
        .list_parts("big.bin", "upload/id=1")
        .max_parts(10)
        .part_number_marker(3)
        .await
        .unwrap();

    recorder.next_xml(&CompleteMultipartUploadResult {
        bucket: "capture-bucket".into(),
        key: "big.bin".into(),
        etag: "\"A-2\"".into(),
        ..CompleteMultipartUploadResult::default()
    });
    bucket
        .complete_multipart_upload("big.bin", "upload/id=1")
        .part(1, "\"5B3C1A2E053D763E1B002CC607C5A0FE\"")
        .part(2, "\"6B3C1A2E053D763E1B002CC607C5A0FE\"")
        .await
        .unwrap();

    recorder.next(200, &[], "");
    bucket
        .delete_objects(["a.txt", "b c.txt", "d/&<e>.txt"])
        .quiet(true)
        .await
        .unwrap();

    recorder.next_xml(&CopyObjectResult::default());
    bucket
        .copy_object("src/k y+z.txt", "dst/copy.json")
        .source_bucket("other-bucket")
        .source_version_id("v1")
        .metadata_directive(MetadataDirective::Replace)
        .meta("copied", "yes")
        .if_unmodified_since(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000))
        .await
        .unwrap();

    recorder.next(
        200,
        &[
            ("x-oss-next-append-position", "5"),
            ("x-oss-hash-crc64ecma", "0"),
        ],
        "",
    );
    bucket
        .append_object("log.txt", 0, "12345")
        .verify_crc(false)
        .await
        .unwrap();

    recorder.next(200, &[], "");
    bucket.put_object_acl(odd_key, Acl::Private).await.unwrap();
    recorder.next_xml(&AccessControlPolicy {
        owner: Owner::new("1"),
        grant: Acl::Private,
    });
    bucket.get_object_acl(odd_key).await.unwrap();
    recorder.next(200, &[], "");
    bucket
        .put_object_tagging(odd_key, [("k", "v v")])
        .await
        .unwrap();
    recorder.next_xml(&Tagging::default());
    bucket.get_object_tagging(odd_key).await.unwrap();
    recorder.next(200, &[], "");
    bucket.put_symlink("link", odd_key).await.unwrap();
    recorder.next(202, &[], "");
    bucket.restore_object("cold").days(2).await.unwrap();
    recorder.next(200, &[("content-length", "3")], "");
    bucket.head_object(odd_key).await.unwrap();
    recorder.next(200, &[], "");
    bucket.delete_object(odd_key).await.unwrap();
    recorder.next(200, &[], "");
    bucket
        .put_bucket()
        .acl(Acl::Private)
        .storage_class(StorageClass::Standard)
        .await
        .unwrap();
    recorder.next_xml(&ListAllMyBucketsResult::default());
    client
        .list_buckets()
        .prefix("cap")
        .max_keys(10)
        .await
        .unwrap();
}

fn header<'a>(captured: &'a Captured, name: &str) -> Option<&'a str> {
    captured
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// What the client sent, checked without any SDK: the operations' wire form.
fn check_wire_form(captured: &[Captured]) {
    let put = &captured[0];
    assert_eq!(put.method, "PUT");
    assert_eq!(
        put.path,
        "/capture-bucket/dir/a%20b%2Bc%25d~%E4%B8%AD%E6%96%87.txt"
    );
    assert_eq!(header(put, "content-type"), Some("text/plain"));
    assert_eq!(header(put, "x-oss-meta-author"), Some("alice"));
    assert_eq!(header(put, "x-oss-meta-mixed-case"), Some("v a l"));
    assert_eq!(header(put, "x-oss-object-acl"), Some("public-read"));
    assert_eq!(header(put, "x-oss-storage-class"), Some("IA"));
    assert_eq!(header(put, "x-oss-tagging"), Some("project=oss%20rs"));
    assert_eq!(header(put, "x-oss-forbid-overwrite"), Some("true"));
    assert_eq!(header(put, "x-oss-server-side-encryption"), Some("AES256"));
    assert_eq!(header(put, "content-md5"), Some("XUFAKrxLKna5cZ2REBfFkg=="));
    let get = &captured[1];
    assert_eq!(header(get, "range"), Some("bytes=10-14"));
    assert_eq!(header(get, "if-none-match"), Some("\"abc\""));
    assert!(get
        .raw_query
        .contains("response-content-type=text%2Fx-captured"));
    assert_eq!(header(&captured[2], "range"), Some("bytes=-2"));
    assert_eq!(
        captured[3].raw_query,
        "prefix=dir%2Fa%20b%2F&delimiter=%2F&max-keys=50&encoding-type=url&marker=dir%2Fa%20b%2Fm%2Bn"
    );
    assert!(captured[4].raw_query.starts_with("list-type=2&"));
    assert!(captured[4].raw_query.contains("fetch-owner=true"));
    let copy = captured
        .iter()
        .find(|c| c.path.ends_with("/dst/copy.json"))
        .unwrap();
    assert_eq!(
        header(copy, "x-oss-copy-source"),
        Some("/other-bucket/src/k%20y%2Bz.txt?versionId=v1")
    );
    assert_eq!(header(copy, "x-oss-metadata-directive"), Some("REPLACE"));
    assert_eq!(header(copy, "content-type"), Some("application/json"));
    let delete = captured
        .iter()
        .find(|c| c.raw_query.starts_with("delete"))
        .unwrap();
    assert!(header(delete, "content-md5").is_some());
    assert_eq!(header(delete, "content-type"), Some("application/xml"));
}

/// The oracle case for a captured request.
fn case(id: usize, sdk: &str, version: &str, captured: &Captured) -> Value {
    let path = captured.path.strip_prefix('/').unwrap_or(&captured.path);
    let (bucket, key) = match path.split_once('/') {
        None if path.is_empty() => (None, None),
        None => (Some(path.to_owned()), None),
        Some((bucket, "")) => (Some(bucket.to_owned()), None),
        Some((bucket, key)) => (
            Some(bucket.to_owned()),
            Some(decode(key, false).into_owned()),
        ),
    };
    let time = if version == "v4" {
        oss_auth::time::parse_iso8601_basic(header(captured, "x-oss-date").unwrap())
    } else {
        oss_auth::time::parse_http_date(header(captured, "date").unwrap())
    }
    .map(oss_auth::time::unix_seconds)
    .unwrap();
    // What the SDK adds itself is left out; everything else goes in as sent.
    let skip = [
        "authorization",
        "date",
        "x-oss-date",
        "x-oss-content-sha256",
    ];
    let headers: Vec<(&str, &str)> = captured
        .headers
        .iter()
        .filter(|(n, _)| !skip.contains(&n.to_ascii_lowercase().as_str()))
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    json!({
        "id": id, "sdk": sdk, "version": version, "mode": "header",
        "method": captured.method, "bucket": bucket, "key": key,
        "query": parse_query(&captured.raw_query), "headers": headers,
        "access_key_id": ACCESS_KEY_ID, "access_key_secret": ACCESS_KEY_SECRET,
        "security_token": null, "time": time, "region": REGION, "product": "oss",
    })
}

#[tokio::test]
async fn sdks_recompute_the_same_signatures() {
    let root = workspace_root();
    let recorder = Recorder::default();
    let addr = recorder.start().await;
    let mut captured_by_version = Vec::new();
    for (version, name) in [(SignatureVersion::V4, "v4"), (SignatureVersion::V1, "v1")] {
        run_operations(&client(addr, version), &recorder).await;
        let captured = std::mem::take(&mut *recorder.captured.lock().unwrap());
        assert_eq!(captured.len(), 23, "one request per operation");
        check_wire_form(&captured);
        for request in &captured {
            let authorization = header(request, "authorization").unwrap();
            let prefix = if name == "v4" {
                "OSS4-HMAC-SHA256 "
            } else {
                "OSS "
            };
            assert!(authorization.starts_with(prefix), "{authorization}");
        }
        captured_by_version.push((name, captured));
    }

    let Some(python) = interop_python("capture", &root) else {
        return;
    };
    let mut cases = Vec::new();
    let mut expected = Vec::new();
    for (version, captured) in &captured_by_version {
        for request in captured {
            for sdk in ["oss2", "v2"] {
                cases.push(case(cases.len(), sdk, version, request));
                expected.push((sdk, *version, request.clone()));
            }
        }
    }
    let mut oracle = Command::new(python)
        .arg(root.join("tests/interop/sign_oracle.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the signing oracle starts");
    let mut stdin = oracle.stdin.take().unwrap();
    let input: String = cases.iter().map(|c| format!("{c}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let answers: Vec<Value> = BufReader::new(oracle.stdout.take().unwrap())
        .lines()
        .map(|line| serde_json::from_str(&line.unwrap()).unwrap())
        .collect();
    writer.join().unwrap().unwrap();
    assert!(oracle.wait().unwrap().success());
    assert_eq!(answers.len(), cases.len());

    let mut failures = Vec::new();
    for ((answer, (sdk, version, request)), case) in answers.iter().zip(&expected).zip(&cases) {
        let ours = header(request, "authorization").unwrap();
        let theirs = answer["authorization"].as_str().unwrap_or("");
        let agree = answer["ok"] == json!(true)
            && answer.get("warnings").is_none()
            && parse_authorization(ours).is_ok()
            && parse_authorization(ours) == parse_authorization(theirs);
        if !agree {
            failures.push(format!(
                "{sdk} {version} {} {}?{}\n  ours:   {ours}\n  theirs: {theirs}\n  their string to sign: {:?}\n  case: {case}\n  answer: {answer}",
                request.method, request.path, request.raw_query, answer["string_to_sign"]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} signatures differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!(
        "capture: {} signatures agree with oss2 and alibabacloud-oss-v2",
        cases.len()
    );
}
