//! Body observers over a real socket: every attempt of a retried upload seen from its first
//! byte, the failed ones reported so that a count can roll back, pacing, and the CRC-64 of
//! what was sent; which upload CRC mismatches are retried.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use oss_http::{crc64, BodyObserver, ErrorKind, OssRequest, RequestBody};

use crate::client_for;
use crate::support::{Action, MockServer, Recorded, Reply};

/// Counts what an upload put on the wire, net of failed attempts, and every attempt seen.
#[derive(Default)]
struct Counter {
    net: Mutex<i64>,
    attempts: Mutex<Vec<(u32, Option<u64>)>>,
    failed: Mutex<Vec<(u32, u64)>>,
    delays: Mutex<u64>,
}

impl BodyObserver for Counter {
    fn attempt_started(&self, attempt: u32, length: Option<u64>) {
        self.attempts.lock().unwrap().push((attempt, length));
    }
    fn max_chunk(&self) -> Option<usize> {
        Some(64 * 1024)
    }
    fn delay(&self, len: u64) -> Duration {
        assert!(len <= 64 * 1024, "chunks are no larger than asked");
        *self.delays.lock().unwrap() += 1;
        Duration::from_micros(10)
    }
    fn chunk_sent(&self, _attempt: u32, len: u64, _sent: u64) {
        *self.net.lock().unwrap() += len as i64;
    }
    fn attempt_failed(&self, attempt: u32, sent: u64) {
        *self.net.lock().unwrap() -= sent as i64;
        self.failed.lock().unwrap().push((attempt, sent));
    }
}

fn echo_crc(r: &Recorded) -> Reply {
    Reply::ok().header("x-oss-hash-crc64ecma", crc64::checksum(&r.body).to_string())
}

#[tokio::test]
async fn observers_see_every_attempt_of_a_retried_file_upload() {
    let data: Vec<u8> = (0..1_500_000).map(|i| (i % 241) as u8).collect();
    let path = std::env::temp_dir().join(format!("oss-http-observed-{}.bin", std::process::id()));
    std::fs::write(&path, &data).unwrap();
    let server = MockServer::start(|r| match r.index {
        0 => Action::Respond(Reply::error(503, "ServiceUnavailable")),
        _ => Action::Respond(echo_crc(r)),
    })
    .await;
    let counter = Arc::new(Counter::default());
    let put = OssRequest::put()
        .bucket("examplebucket")
        .key("object")
        .body(RequestBody::from_file(&path).observe(Arc::clone(&counter)))
        .verify_upload_crc();
    let response = client_for(&server).send(put).await.unwrap();
    std::fs::remove_file(&path).unwrap();

    assert_eq!(response.attempts(), 2);
    let crc = crc64::checksum(&data);
    assert_eq!(response.sent_crc64(), Some(crc));
    assert_eq!(response.crc64(), Some(crc));
    let length = Some(data.len() as u64);
    assert_eq!(
        *counter.attempts.lock().unwrap(),
        [(1, length), (2, length)]
    );
    let failed = counter.failed.lock().unwrap().clone();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].0, 1);
    assert_eq!(*counter.net.lock().unwrap(), data.len() as i64);
    assert!(*counter.delays.lock().unwrap() >= 2 * data.len().div_ceil(64 * 1024) as u64 - 1);
    for request in server.requests() {
        assert_eq!(&request.body[..], &data[..], "each attempt sends it all");
    }
}

#[tokio::test]
async fn a_put_stored_with_another_crc_is_sent_again_but_not_an_append() {
    // The first upload is stored corrupted; the second is fine.
    let server = MockServer::start(|r| match r.index {
        0 => Action::Respond(Reply::ok().header("x-oss-hash-crc64ecma", "42")),
        _ => Action::Respond(echo_crc(r)),
    })
    .await;
    let put = OssRequest::put()
        .bucket("examplebucket")
        .key("object")
        .body(Bytes::from_static(b"payload"))
        .verify_upload_crc();
    let response = client_for(&server).send(put).await.unwrap();
    assert_eq!(response.attempts(), 2);

    // An append's data stays where it was appended: the mismatch is reported at once.
    let server =
        MockServer::start(|_| Action::Respond(Reply::ok().header("x-oss-hash-crc64ecma", "42")))
            .await;
    let append = OssRequest::post()
        .bucket("examplebucket")
        .key("log")
        .query("append", "")
        .query("position", "0")
        .body("line")
        .verify_append_crc(0);
    let error = client_for(&server).send(append).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Integrity);
    assert!(!error.is_retryable());
    assert_eq!(error.attempts(), 1);
    assert_eq!(server.request_count(), 1);
}
