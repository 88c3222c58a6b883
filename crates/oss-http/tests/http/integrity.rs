//! CRC-64 on downloads and uploads, Content-MD5, bodies of every kind, error parsing.

use base64::Engine;
use bytes::Bytes;
use futures_core::Stream;
use oss_http::crc64;
use oss_http::{ErrorKind, IntegrityError, OssRequest, RequestBody};
use tokio::io::AsyncReadExt;

use crate::client_for;
use crate::retries::TestStream;
use crate::support::{Action, MockServer, Reply};

fn get() -> OssRequest {
    OssRequest::get().bucket("examplebucket").key("object")
}

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

/// The object with one byte flipped, but the CRC header of the original.
fn corrupted(original: &[u8]) -> Reply {
    let mut bad = original.to_vec();
    bad[original.len() / 2] ^= 0x01;
    Reply::ok()
        .header(
            "x-oss-hash-crc64ecma",
            crc64::checksum(original).to_string(),
        )
        .body(bad)
}

async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| std::pin::Pin::new(&mut *stream).poll_next(cx)).await
}

#[tokio::test]
async fn a_corrupted_download_ends_with_an_integrity_error_not_eof() {
    let original = data(300_000);
    let reply = corrupted(&original);
    let server = MockServer::start(move |_| Action::Respond(reply.clone())).await;
    let response = client_for(&server).send(get()).await.unwrap();
    assert_eq!(response.crc64(), Some(crc64::checksum(&original)));
    let mut body = response.into_body();
    assert!(body.is_crc_checked());
    let mut received = 0;
    let error = loop {
        match next(&mut body).await {
            Some(Ok(chunk)) => received += chunk.len(),
            Some(Err(error)) => break error,
            None => panic!("a corrupt body must not end successfully"),
        }
    };
    assert_eq!(
        received,
        original.len(),
        "all data arrives, then the verdict"
    );
    assert_eq!(error.kind(), ErrorKind::Integrity);
    assert!(matches!(
        error.integrity(),
        Some(IntegrityError::Crc64Mismatch { .. })
    ));
    assert!(error.is_retryable());
    assert!(next(&mut body).await.is_none());

    // The same through bytes() and AsyncRead.
    let error = client_for(&server)
        .send(get())
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap_err();
    assert!(error.is_integrity());
    let mut reader = client_for(&server)
        .send(get())
        .await
        .unwrap()
        .into_body()
        .into_async_read();
    let mut sink = Vec::new();
    let io_error = reader.read_to_end(&mut sink).await.unwrap_err();
    assert_eq!(io_error.kind(), std::io::ErrorKind::InvalidData);
}

#[tokio::test]
async fn send_buffered_fetches_a_corrupted_download_again() {
    let original = data(10_000);
    let bad = corrupted(&original);
    let good = Reply::object(original.clone());
    let server = MockServer::start(move |r| match r.index {
        0 => Action::Respond(bad.clone()),
        _ => Action::Respond(good.clone()),
    })
    .await;
    let response = client_for(&server).send_buffered(get()).await.unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(&response.bytes().await.unwrap()[..], &original[..]);
}

#[tokio::test]
async fn a_good_download_streams_through_async_read() {
    let original = data(200_000);
    let reply = Reply::object(original.clone());
    let server = MockServer::start(move |_| Action::Respond(reply.clone())).await;
    let mut reader = client_for(&server)
        .send(get())
        .await
        .unwrap()
        .into_body()
        .into_async_read();
    let mut received = Vec::new();
    reader.read_to_end(&mut received).await.unwrap();
    assert_eq!(received, original);
}

#[tokio::test]
async fn partial_and_processed_responses_are_not_crc_checked() {
    let server = MockServer::start(|r| {
        let reply = Reply::new(if r.header("range").is_some() {
            206
        } else {
            200
        })
        .header("x-oss-hash-crc64ecma", "12345")
        .body("part");
        Action::Respond(reply)
    })
    .await;
    let client = client_for(&server);
    let ranged = client
        .send(get().header("Range", "bytes=0-3"))
        .await
        .unwrap();
    assert_eq!(&ranged.bytes().await.unwrap()[..], b"part");
    let processed = client
        .send(get().query("x-oss-process", "image/resize,w_10"))
        .await
        .unwrap();
    assert_eq!(&processed.bytes().await.unwrap()[..], b"part");
    let unchecked = client.send(get().download_crc(false)).await.unwrap();
    assert_eq!(&unchecked.bytes().await.unwrap()[..], b"part");
}

fn echo_crc(r: &crate::support::Recorded) -> Action {
    Action::Respond(
        Reply::ok().header("x-oss-hash-crc64ecma", crc64::checksum(&r.body).to_string()),
    )
}

#[tokio::test]
async fn upload_crc_is_compared_with_the_server() {
    let server = MockServer::start(echo_crc).await;
    let client = client_for(&server);
    let put = OssRequest::put()
        .bucket("examplebucket")
        .key("object")
        .body(Bytes::from(data(70_000)))
        .verify_upload_crc();
    let response = client.send(put).await.unwrap();
    assert_eq!(response.crc64(), Some(crc64::checksum(&data(70_000))));

    // The server stored something else.
    let server =
        MockServer::start(|_| Action::Respond(Reply::ok().header("x-oss-hash-crc64ecma", "42")))
            .await;
    let put = OssRequest::put()
        .bucket("examplebucket")
        .key("object")
        .body("abc")
        .verify_upload_crc();
    let error = client_for(&server).send(put).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Integrity);
}

#[tokio::test]
async fn append_crc_continues_from_the_previous_object_crc() {
    let previous = b"first part;";
    let previous_crc = crc64::checksum(previous);
    let server = MockServer::start(move |r| {
        let whole = crc64::combine(previous_crc, crc64::checksum(&r.body), r.body.len() as u64);
        Action::Respond(Reply::ok().header("x-oss-hash-crc64ecma", whole.to_string()))
    })
    .await;
    let append = OssRequest::post()
        .bucket("examplebucket")
        .key("log")
        .query("append", "")
        .query("position", previous.len().to_string())
        .body("second part")
        .verify_append_crc(previous_crc);
    let response = client_for(&server).send(append).await.unwrap();
    assert_eq!(
        response.crc64(),
        Some(crc64::checksum(b"first part;second part"))
    );
}

#[tokio::test]
async fn content_md5_is_sent_on_request() {
    let server = MockServer::start(|_| Action::Respond(Reply::ok())).await;
    let put = OssRequest::put()
        .bucket("examplebucket")
        .key("object")
        .body("hello")
        .content_md5(true);
    client_for(&server).send(put).await.unwrap();
    assert_eq!(
        server.requests()[0].header("content-md5"),
        Some("XUFAKrxLKna5cZ2REBfFkg==")
    );
}

#[tokio::test]
async fn file_ranges_and_streams_of_unknown_length_are_sent() {
    let server = MockServer::start(echo_crc).await;
    let client = client_for(&server);
    let path = std::env::temp_dir().join(format!("oss-http-upload-{}.bin", std::process::id()));
    let contents = data(1_000_000);
    std::fs::write(&path, &contents).unwrap();

    let put = OssRequest::put()
        .bucket("examplebucket")
        .key("file")
        .body(RequestBody::file_range(&path, 1000, 600_000))
        .verify_upload_crc();
    client.send(put).await.unwrap();
    let seen = &server.requests()[0];
    assert_eq!(seen.header("content-length"), Some("600000"));
    assert_eq!(&seen.body[..], &contents[1000..601_000]);

    let mut whole = RequestBody::from_file(&path);
    whole.resolve_length().await.unwrap();
    assert_eq!(whole.known_length(), Some(1_000_000));

    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from_static(b"chunk one, ")),
        Ok(Bytes::from_static(b"chunk two")),
    ];
    let put = OssRequest::put()
        .bucket("examplebucket")
        .key("stream")
        .body(RequestBody::from_stream_unknown_length(TestStream(
            chunks.into(),
        )))
        .verify_upload_crc();
    client.send(put).await.unwrap();
    let seen = &server.requests()[1];
    assert_eq!(seen.header("transfer-encoding"), Some("chunked"));
    assert_eq!(&seen.body[..], b"chunk one, chunk two");
    std::fs::remove_file(&path).unwrap();
}

#[tokio::test]
async fn a_failing_stream_is_a_body_error() {
    let server = MockServer::start(|_| Action::Respond(Reply::ok())).await;
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from_static(b"start")),
        Err(std::io::Error::other("disk on fire")),
    ];
    let put = OssRequest::put()
        .bucket("examplebucket")
        .key("stream")
        .body(RequestBody::from_stream(TestStream(chunks.into()), 100));
    let error = client_for(&server).send(put).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Body, "{error:?}");
    assert!(error.to_string().contains("disk on fire"));
}

#[tokio::test]
async fn head_errors_come_from_the_x_oss_err_header() {
    let xml = "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><RequestId>head-rid</RequestId></Error>";
    let encoded = base64::engine::general_purpose::STANDARD.encode(xml);
    let server = MockServer::start(move |_| {
        Action::Respond(Reply::new(404).header("x-oss-err", encoded.clone()))
    })
    .await;
    let error = client_for(&server)
        .send(OssRequest::head().bucket("examplebucket").key("missing"))
        .await
        .unwrap_err();
    assert!(error.is_not_found());
    assert_eq!(error.code(), Some("NoSuchKey"));
    // The header's request id wins over the body's.
    assert_eq!(error.request_id(), Some("mock-request-id"));
}

#[tokio::test]
async fn invalid_input_is_reported_before_sending() {
    let server = MockServer::start(|_| Action::Respond(Reply::ok())).await;
    let client = client_for(&server);
    let bad_bucket = client
        .send(OssRequest::get().bucket("Not_A_Bucket"))
        .await
        .unwrap_err();
    assert_eq!(bad_bucket.kind(), ErrorKind::InvalidInput);
    let bad_header = client
        .send(get().header("x-oss-meta-name", "caf\u{e9}"))
        .await
        .unwrap_err();
    assert_eq!(bad_header.kind(), ErrorKind::InvalidInput);
    let md5_of_stream = client
        .send(
            OssRequest::put()
                .bucket("examplebucket")
                .key("k")
                .body(RequestBody::from_stream(TestStream(Default::default()), 0))
                .content_md5(true),
        )
        .await
        .unwrap_err();
    assert_eq!(md5_of_stream.kind(), ErrorKind::InvalidInput);
    assert_eq!(server.request_count(), 0);
}
