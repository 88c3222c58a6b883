//! The client speaks Tencent COS: a differential request-shape test against cos-python-sdk-v5.
//!
//! A recording HTTP server (hyper, here) answers every request with a canned success chosen by
//! the request's shape. cos-python-sdk-v5 (through `tests/interop/cos_calls.py`, which reaches
//! the server as its HTTP proxy, since the SDK always addresses
//! `<bucket>-<appid>.cos.<region>.myqcloud.com`) and oss-client (with a COS endpoint whose
//! bucket host resolves to the server) perform the same calls in the same order: put, get with
//! a range, head, delete, delete many, list with prefix, delimiter and marker, copy, a multipart
//! upload (initiate, part, part copy, complete, abort), setting bucket and object ACLs, CORS
//! and versioning. For each pair the test compares the method, host, path, query parameters and
//! every `x-cos-` header (the security token included), and the presence of `Content-MD5`; the
//! signature's time and the user agent are left out. Every request of ours must also pass
//! oss-auth's COS verifier, and fail it with another secret.
//!
//! Known differences, allowed here and listed in [`ALLOWED`]: the SDK sends `Content-MD5` on
//! every upload (ours only where COS requires it), and our listings and multipart calls ask for
//! `encoding-type=url`, which keeps keys with control characters readable (the SDK asks
//! only when told).
//!
//! ListObjectsV2 has no counterpart in the SDK (1.9.44); ours is sent and verified alone. The
//! oracle needs the interop Python (`OSS_RS_PYTHON`, or the workspace's
//! `target/interop-venv`); without it the comparison is skipped unless
//! `OSS_RS_REQUIRE_INTEROP` is set. The checks of our own requests always run.

#[path = "support/interop.rs"]
mod interop;
use interop::{interop_python, workspace_root};

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use oss_auth::dialect::Dialect as SigningDialect;
use oss_auth::encoding::parse_query;
use oss_auth::verify::{Verified, Verifier};
use oss_auth::{Credentials, SignableRequest};
use oss_client::model::dialect::Dialect;
use oss_client::model::{
    Acl, CorsConfiguration, CorsRule, MetadataDirective, StorageClass, VersioningConfiguration,
    VersioningStatus,
};
use oss_client::{ByteRange, Client, ErrorKind, Provider, ProxyConfig};
use tokio::net::TcpListener;

const SECRET_ID: &str = "AKIDCosWireTestSecretId012345678";
const SECRET_KEY: &str = "CosWireTestSecretKey/+=0123456789";
const TOKEN: &str = "cos-wire-test-token";
const REGION: &str = "ap-guangzhou";
const BUCKET: &str = "examplebucket-1250000000";
const UPLOAD_ID: &str =
    "1585130821cbb7df1d11846c073ad648e8f33b087cec2381df437acdc833cf654b9ecc6361";

/// Differences between the SDK's requests and ours that are expected (see the module docs):
/// `(what, name)` pairs the comparison skips.
const ALLOWED: &[(&str, &str)] = &[("query", "encoding-type"), ("header", "content-md5")];

/// A request as it arrived.
#[derive(Debug, Clone)]
struct Captured {
    method: String,
    host: String,
    path: String,
    raw_query: String,
    headers: Vec<(String, String)>,
}

impl Captured {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn has_query(&self, name: &str) -> bool {
        parse_query(&self.raw_query).iter().any(|(n, _)| n == name)
    }

    /// What the comparison looks at.
    fn shape(&self) -> Shape {
        let mut query: BTreeMap<String, String> = parse_query(&self.raw_query)
            .into_iter()
            .filter(|(name, _)| !ALLOWED.contains(&("query", name.as_str())))
            .collect();
        query.remove("");
        let headers = self
            .headers
            .iter()
            .filter(|(name, _)| Dialect::COS.is_own_header(name) || name == "range")
            .map(|(name, value)| (name.to_ascii_lowercase(), value.clone()))
            .collect();
        Shape {
            method: self.method.clone(),
            host: self.host.clone(),
            path: self.path.clone(),
            query,
            headers,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
struct Shape {
    method: String,
    host: String,
    path: String,
    query: BTreeMap<String, String>,
    headers: BTreeMap<String, String>,
}

#[derive(Clone, Default)]
struct Recorder {
    captured: Arc<Mutex<Vec<Captured>>>,
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

    fn take(&self) -> Vec<Captured> {
        std::mem::take(&mut *self.captured.lock().unwrap())
    }

    async fn answer(
        &self,
        request: Request<Incoming>,
    ) -> Result<Response<Full<Bytes>>, std::convert::Infallible> {
        let (parts, body) = request.into_parts();
        let _ = body.collect().await;
        // The SDK comes as to a proxy (absolute form); ours in origin form with a Host.
        let host = parts
            .uri
            .host()
            .map(str::to_owned)
            .or_else(|| {
                let host = parts.headers.get("host")?.to_str().ok()?;
                Some(host.split(':').next().unwrap_or(host).to_owned())
            })
            .unwrap_or_default();
        let captured = Captured {
            method: parts.method.to_string(),
            host,
            path: parts.uri.path().to_owned(),
            raw_query: parts.uri.query().unwrap_or("").to_owned(),
            headers: parts
                .headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_owned()))
                .collect(),
        };
        let (status, headers, body) = canned(&captured);
        self.captured.lock().unwrap().push(captured);
        let mut response = Response::builder()
            .status(status)
            .header("x-cos-request-id", "NWQ1ZjY4MTBfOTBmYTUwNjRfNmVjMl8x")
            .header("server", Dialect::COS.server_name);
        for (name, value) in headers {
            response = response.header(name, value);
        }
        Ok(response.body(Full::new(Bytes::from(body))).unwrap())
    }
}

/// A success answer for the request's shape, readable by the SDK and by us.
fn canned(request: &Captured) -> (u16, Vec<(&'static str, String)>, String) {
    let etag = ("etag", "\"5d41402abc4b2a76b9719d911017c592\"".to_owned());
    let xml = |body: &str| {
        (
            200,
            vec![("content-type", "application/xml".to_owned())],
            body.to_owned(),
        )
    };
    let object = request.path.len() > 1;
    match request.method.as_str() {
        "GET" if request.has_query("cors") => xml(
            "<CORSConfiguration><CORSRule><AllowedOrigin>https://example.com</AllowedOrigin>\
             <AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule>\
             </CORSConfiguration>",
        ),
        "GET" if request.has_query("versioning") => xml(
            "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
        ),
        "GET" if request.has_query("list-type") => xml(&format!(
            "<ListBucketResult><Name>{BUCKET}</Name><Prefix></Prefix><MaxKeys>1000</MaxKeys>\
             <KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>"
        )),
        "GET" if !object => xml(&format!(
            "<ListBucketResult><Name>{BUCKET}</Name><Prefix>dir/</Prefix><Marker>dir/a</Marker>\
             <MaxKeys>100</MaxKeys><Delimiter>/</Delimiter><IsTruncated>false</IsTruncated>\
             <Contents><Key>dir/b.txt</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified>\
             <ETag>\"abc\"</ETag><Size>5</Size><StorageClass>STANDARD</StorageClass></Contents>\
             </ListBucketResult>"
        )),
        "GET" => (
            206,
            vec![
                etag,
                ("content-range", "bytes 0-3/5".to_owned()),
                ("last-modified", "Tue, 02 Jan 2024 03:04:05 GMT".to_owned()),
            ],
            "hell".to_owned(),
        ),
        "HEAD" => (
            200,
            vec![
                etag,
                ("content-length", "5".to_owned()),
                ("x-cos-storage-class", "STANDARD_IA".to_owned()),
                ("x-cos-meta-author", "alice".to_owned()),
                ("x-cos-hash-crc64ecma", "7297549244932524463".to_owned()),
            ],
            String::new(),
        ),
        "DELETE" => (204, Vec::new(), String::new()),
        "POST" if request.has_query("delete") => xml("<DeleteResult></DeleteResult>"),
        "POST" if request.has_query("uploads") => xml(&format!(
            "<InitiateMultipartUploadResult><Bucket>{BUCKET}</Bucket><Key>big.bin</Key>\
             <UploadId>{UPLOAD_ID}</UploadId></InitiateMultipartUploadResult>"
        )),
        "POST" if request.has_query("uploadId") => xml(&format!(
            "<CompleteMultipartUploadResult><Location>{BUCKET}.cos.{REGION}.myqcloud.com/big.bin</Location>\
             <Bucket>{BUCKET}</Bucket><Key>big.bin</Key><ETag>\"aa-2\"</ETag></CompleteMultipartUploadResult>"
        )),
        "PUT" if request.header("x-cos-copy-source").is_some() && request.has_query("partNumber") => xml(
            "<CopyPartResult><ETag>\"etag-2\"</ETag><LastModified>2024-01-02T03:04:05.000Z</LastModified></CopyPartResult>",
        ),
        "PUT" if request.header("x-cos-copy-source").is_some() => xml(
            "<CopyObjectResult><ETag>\"abc\"</ETag><LastModified>2024-01-02T03:04:05.000Z</LastModified></CopyObjectResult>",
        ),
        _ => (200, vec![etag], String::new()),
    }
}

fn client(addr: SocketAddr) -> Client {
    let endpoint = Dialect::COS.public_endpoint(REGION);
    Client::builder()
        .endpoint(format!("http://{endpoint}"))
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY).with_security_token(TOKEN))
        .proxy(ProxyConfig::none())
        .http_config(|c| c.resolve(format!("{BUCKET}.{endpoint}"), addr))
        .build()
        .unwrap()
}

/// The calls of `tests/interop/cos_calls.py`, in its order.
async fn our_calls(client: &Client) {
    let bucket = client.bucket(BUCKET);
    let key = "dir/a b+c.txt";
    bucket
        .put_object(key, "hello")
        .acl(Acl::PublicRead)
        .storage_class(StorageClass::parse("STANDARD_IA"))
        .meta("author", "alice")
        .await
        .unwrap();
    let got = bucket
        .get_object(key)
        .range(ByteRange::new(0, 3).unwrap())
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&got[..], b"hell");
    let meta = bucket.head_object(key).await.unwrap();
    assert_eq!(meta.user_meta["author"], "alice");
    assert_eq!(meta.crc64ecma, Some(7297549244932524463));
    assert_eq!(meta.storage_class, Some(StorageClass::parse("STANDARD_IA")));
    bucket.delete_object(key).await.unwrap();
    bucket
        .delete_objects(["a.txt", "b/c.txt"])
        .quiet(true)
        .await
        .unwrap();
    let page = bucket
        .list_objects()
        .prefix("dir/")
        .delimiter("/")
        .marker("dir/a")
        .max_keys(100)
        .await
        .unwrap();
    assert_eq!(page.contents[0].key, "dir/b.txt");
    bucket
        .copy_object(key, "dst/copy.txt")
        .metadata_directive(MetadataDirective::parse("Replaced"))
        .meta("copied", "yes")
        .await
        .unwrap();
    let upload = bucket.initiate_multipart_upload("big.bin").await.unwrap();
    assert_eq!(upload.upload_id, UPLOAD_ID);
    bucket
        .upload_part("big.bin", UPLOAD_ID, 1, vec![b'x'; 1000])
        .await
        .unwrap();
    bucket
        .upload_part_copy("big.bin", UPLOAD_ID, 2, key)
        .source_range(ByteRange::new(0, 9).unwrap())
        .await
        .unwrap();
    bucket
        .complete_multipart_upload("big.bin", UPLOAD_ID)
        .part(1, "\"etag-1\"")
        .part(2, "\"etag-2\"")
        .await
        .unwrap();
    bucket
        .abort_multipart_upload("big.bin", UPLOAD_ID)
        .await
        .unwrap();
    bucket.put_bucket_acl(Acl::PublicRead).await.unwrap();
    bucket.put_object_acl(key, Acl::Private).await.unwrap();
    let rule = CorsRule::new(["https://example.com"], ["GET", "PUT"]).max_age_seconds(600);
    bucket
        .put_bucket_cors(CorsConfiguration::new([rule]))
        .await
        .unwrap();
    let cors = bucket.get_bucket_cors().await.unwrap();
    assert_eq!(cors.rules[0].allowed_origins, ["https://example.com"]);
    bucket.delete_bucket_cors().await.unwrap();
    bucket
        .put_bucket_versioning(VersioningConfiguration::new(VersioningStatus::Enabled))
        .await
        .unwrap();
    let versioning = bucket.get_bucket_versioning().await.unwrap();
    assert_eq!(versioning.status, Some(VersioningStatus::Enabled));
}

/// Our request passes oss-auth's COS verifier with the right secret and fails with another.
fn verify(request: &Captured) {
    let query = parse_query(&request.raw_query);
    let query: Vec<(&str, &str)> = query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let signable = SignableRequest::new(&request.method)
        .host(&request.host)
        .path(&request.path)
        .query(&query)
        .headers(&headers);
    let verifier = Verifier::with_dialect(&SigningDialect::COS);
    let with = |secret: &str| {
        let secret = secret.to_owned();
        verifier.verify(&signable, SystemTime::now(), move |id| {
            (id == SECRET_ID)
                .then(|| Credentials::new(SECRET_ID, secret).with_security_token(TOKEN))
        })
    };
    let verified = with(SECRET_KEY);
    assert!(
        matches!(verified, Ok(Verified::Signed { .. })),
        "{} {}?{}: {verified:?}",
        request.method,
        request.path,
        request.raw_query
    );
    assert!(with("another-secret").is_err(), "{}", request.path);
}

#[tokio::test]
async fn our_requests_match_the_cos_sdks() {
    let recorder = Recorder::default();
    let addr = recorder.start().await;
    let client = client(addr);
    assert_eq!(client.dialect().name, Dialect::COS.name);
    our_calls(&client).await;
    let ours = recorder.take();
    assert_eq!(ours.len(), 19, "one request per call");
    for request in &ours {
        assert_eq!(request.host, format!("{BUCKET}.cos.{REGION}.myqcloud.com"));
        assert_eq!(request.header("x-cos-security-token"), Some(TOKEN));
        assert!(request
            .header("authorization")
            .is_some_and(|a| a.starts_with("q-sign-algorithm=sha1&")));
        assert!(!request.headers.iter().any(|(n, _)| n.starts_with("x-oss-")));
        verify(request);
    }

    let root = workspace_root();
    let Some(python) = interop_python("cos_wire", &root) else {
        return;
    };
    // The script blocks; the recorder must keep serving meanwhile.
    let script = root.join("tests/interop/cos_calls.py");
    let sdk_run = tokio::task::spawn_blocking(move || run_sdk(&python, &script, addr));
    sdk_run.await.unwrap();
    let sdk = recorder.take();
    assert_eq!(
        sdk.len(),
        ours.len(),
        "the SDK made as many requests as we did"
    );
    let mut failures = Vec::new();
    for (i, (theirs, ours)) in sdk.iter().zip(&ours).enumerate() {
        let (theirs_shape, ours_shape) = (theirs.shape(), ours.shape());
        if theirs_shape != ours_shape {
            failures.push(format!(
                "request {i}:\n  sdk:  {theirs_shape:?}\n  ours: {ours_shape:?}"
            ));
        }
        if theirs.header("content-md5").is_some() && ours.header("content-md5").is_none() {
            // COS requires Content-MD5 on documents (CORS, lifecycle, batch deletes); an
            // upload is the allowed exception (the SDK hashes every body, we check CRC-64).
            let upload = theirs.method == "PUT"
                && !theirs.has_query("cors")
                && !theirs.has_query("versioning");
            if !upload {
                failures.push(format!(
                    "request {i}: no Content-MD5 ({} {})",
                    ours.method, ours.path
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn what_cos_lacks_is_refused_before_sending() {
    let recorder = Recorder::default();
    let addr = recorder.start().await;
    let client = client(addr);
    let bucket = client.bucket(BUCKET);

    let error = bucket.get_bucket_info().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unsupported, "{error}");
    assert!(error.to_string().contains("GetBucketInfo"), "{error}");
    // COS answers with S3's grant document, which the row does not read.
    let error = bucket.get_bucket_acl().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unsupported, "{error}");
    let error = bucket
        .get_object("k")
        .strict_range(true)
        .range(ByteRange::new(0, 1).unwrap())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation, "{error}");
    // A bucket name without the APPID is not a COS bucket.
    let error = client
        .bucket("examplebucket")
        .head_object("k")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation, "{error}");
    assert!(recorder.take().is_empty(), "nothing was sent");

    // ListObjectsV2 (which the SDK lacks) is sent as COS expects and signed.
    bucket.list_objects_v2().prefix("logs/").await.unwrap();
    let sent = recorder.take();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        parse_query(&sent[0].raw_query)
            .iter()
            .find(|(n, _)| n == "list-type")
            .map(|(_, v)| v.as_str()),
        Some("2")
    );
    verify(&sent[0]);

    // The provider can be named for an endpoint that does not say it (a local server).
    let local = Client::builder()
        .endpoint(format!("http://{addr}"))
        .region(REGION)
        .provider(&Provider::COS)
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .proxy(ProxyConfig::none())
        .build()
        .unwrap();
    assert_eq!(local.dialect().name, Dialect::COS.name);
    local.bucket(BUCKET).head_object("k").await.unwrap();
    let sent = recorder.take();
    assert_eq!(sent[0].path, format!("/{BUCKET}/k"));
    assert!(sent[0]
        .header("authorization")
        .unwrap()
        .starts_with("q-sign-algorithm=sha1&"));
}

/// Runs the SDK's calls through the recorder at `addr`.
fn run_sdk(python: &Path, script: &Path, addr: SocketAddr) {
    let output = Command::new(python)
        .arg(script)
        .args([
            &addr.to_string(),
            SECRET_ID,
            SECRET_KEY,
            TOKEN,
            REGION,
            BUCKET,
        ])
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .output()
        .expect("run the COS SDK");
    assert!(
        output.status.success(),
        "cos_calls.py failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
