//! `oss_client::blocking` against oss-server (on a runtime of its own, as a remote service
//! would be): the common operations from a thread without a runtime, `call` over requests of
//! the async API, a download streamed into a `std::io::Write`, several threads sharing one
//! client, and a clear error instead of a panic inside an async runtime.

#![cfg(feature = "blocking")]

use oss_client::blocking;
use oss_client::model::VersioningStatus;
use oss_server::{ServerConfig, ServerHandle};

/// The server on a runtime of its own, and a blocking client for it.
fn start() -> (tokio::runtime::Runtime, ServerHandle, blocking::Client) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(ServerConfig::new().start())
        .expect("the server starts");
    let client = oss_client::Client::builder()
        .endpoint(server.endpoint())
        .region(server.region())
        .credentials(server.credentials()[0].clone())
        .build()
        .unwrap();
    (runtime, server, blocking::Client::new(client).unwrap())
}

#[test]
fn the_common_operations_without_a_runtime() {
    let (_runtime, _server, client) = start();
    let bucket = client.bucket("blocking");
    assert!(!bucket.exists().unwrap());
    bucket.create().unwrap();
    assert!(bucket.exists().unwrap());
    let names: Vec<String> = client
        .list_buckets()
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(names, ["blocking"]);

    let put = bucket.put_object("dir/a.txt", "hello, blocking").unwrap();
    assert!(put.crc64.is_some());
    assert_eq!(
        &bucket.get_object("dir/a.txt").unwrap()[..],
        b"hello, blocking"
    );
    let meta = bucket.head_object("dir/a.txt").unwrap();
    assert_eq!(meta.content_length, Some(15));
    bucket.copy_object("dir/a.txt", "dir/b.txt").unwrap();
    let keys: Vec<String> = bucket
        .list_objects("dir/")
        .unwrap()
        .into_iter()
        .map(|o| o.key)
        .collect();
    assert_eq!(keys, ["dir/a.txt", "dir/b.txt"]);

    // A large object streams into a writer chunk by chunk.
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    bucket.put_object("big", big.clone()).unwrap();
    let mut written = Vec::new();
    assert_eq!(
        bucket.get_object_to("big", &mut written).unwrap(),
        3_000_000
    );
    assert!(written == big);

    // Errors are the async API's.
    let missing = bucket.get_object("nope").unwrap_err();
    assert!(missing.is_not_found(), "{missing}");
    let mut sink = Vec::new();
    assert!(bucket
        .get_object_to("nope", &mut sink)
        .unwrap_err()
        .is_not_found());
    assert!(sink.is_empty());

    // `call` runs any request of the async API, with all its options.
    bucket
        .call(
            bucket
                .as_async()
                .put_object("typed.txt", "x")
                .content_type("text/x-typed"),
        )
        .unwrap();
    assert_eq!(
        bucket
            .head_object("typed.txt")
            .unwrap()
            .content_type
            .as_deref(),
        Some("text/x-typed")
    );
    bucket
        .call(
            bucket
                .as_async()
                .put_bucket_versioning(VersioningStatus::Enabled),
        )
        .unwrap();
    let versioning = bucket
        .call(bucket.as_async().get_bucket_versioning())
        .unwrap();
    assert_eq!(versioning.status, Some(VersioningStatus::Enabled));

    for key in ["dir/a.txt", "dir/b.txt", "big", "typed.txt"] {
        bucket.delete_object(key).unwrap();
    }
    assert!(bucket.list_objects("").unwrap().is_empty());
}

#[test]
fn threads_share_one_client() {
    let (_runtime, _server, client) = start();
    let bucket = client.bucket("shared");
    bucket.create().unwrap();
    std::thread::scope(|scope| {
        for thread in 0..4 {
            let bucket = bucket.clone();
            scope.spawn(move || {
                for i in 0..5 {
                    let key = format!("t{thread}/{i}");
                    bucket
                        .put_object(key.clone(), key.clone().into_bytes())
                        .unwrap();
                    assert_eq!(
                        &bucket.get_object(key.as_str()).unwrap()[..],
                        key.as_bytes()
                    );
                }
            });
        }
    });
    assert_eq!(bucket.list_objects("t").unwrap().len(), 20);
}

#[test]
fn inside_an_async_runtime_it_is_an_error_not_a_panic() {
    let (runtime, _server, client) = start();
    let bucket = client.bucket("inside");
    runtime.block_on(async {
        let error = bucket.create().unwrap_err();
        assert!(
            error.to_string().contains("inside an async runtime"),
            "{error}"
        );
        assert!(error.validation_error().is_some(), "{error:?}");
        // Made and dropped inside a runtime: no panic either.
        let other = blocking::Client::new(client.as_async().clone()).unwrap();
        drop(other);
    });
    // Nothing was sent: outside, the bucket does not exist yet.
    assert!(!bucket.exists().unwrap());
    drop(runtime);
}

/// Counts the requests it forwards to the default transport.
struct Counting(
    oss_client::DefaultTransport,
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
);

impl oss_client::HttpTransport for Counting {
    fn send(
        &self,
        request: http::Request<oss_client::OutgoingBody>,
    ) -> oss_client::BoxFuture<Result<http::Response<oss_client::IncomingBody>, oss_http::Error>>
    {
        self.1
            .lock()
            .unwrap()
            .push(format!("{} {}", request.method(), request.uri().path()));
        self.0.send(request)
    }
}

#[test]
fn a_transport_layer_sees_the_blocking_clients_requests() {
    let (runtime, server, _) = start();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = std::sync::Arc::clone(&seen);
    let client = oss_client::Client::builder()
        .endpoint(server.endpoint())
        .region(server.region())
        .credentials(server.credentials()[0].clone())
        .wrap_transport(move |default| std::sync::Arc::new(Counting(default, log)))
        .build()
        .unwrap();
    let bucket = blocking::Client::new(client).unwrap().bucket("layered");
    bucket.create().unwrap();
    bucket.put_object("k", "v").unwrap();
    assert_eq!(&bucket.get_object("k").unwrap()[..], b"v");
    assert_eq!(
        *seen.lock().unwrap(),
        ["PUT /layered/", "PUT /layered/k", "GET /layered/k"]
    );
    drop(runtime);
}
