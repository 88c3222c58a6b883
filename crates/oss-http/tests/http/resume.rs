//! A GET whose body breaks mid-way, continued from the first missing byte (opt-in with
//! `resume_broken_body`): the range and `If-Match` the continuation carries, the whole
//! body's CRC, a changed object, and the limit on breaks in a row.

use bytes::Bytes;
use oss_http::{crc64, ErrorKind, OssRequest};

use crate::client_for;
use crate::support::{Action, MockServer, Reply};

const ETAG: &str = "\"5EB63BBBE01EEED093CB22BB8F5ACDC3\"";

fn data(len: usize) -> Bytes {
    (0..len).map(|i| (i * 7 % 253) as u8).collect()
}

fn get() -> OssRequest {
    OssRequest::get()
        .operation("GetObject")
        .bucket("examplebucket")
        .key("object")
        .resume_broken_body(true)
}

/// The head of `whole` (ETag, CRC-64), sending `prefix_len` bytes and then breaking. The
/// mock declares `prefix_len + 1_000_000` bytes, so `whole` must be that long.
fn broken(whole: &Bytes, prefix_len: usize) -> Action {
    assert_eq!(whole.len(), prefix_len + 1_000_000);
    Action::BreakAfter {
        reply: Reply::ok()
            .header("etag", ETAG)
            .header("x-oss-hash-crc64ecma", crc64::checksum(whole).to_string()),
        prefix: whole.slice(..prefix_len),
    }
}

/// The body of `get()` from `server`, read to its end.
async fn fetch(server: &MockServer) -> Result<Bytes, oss_http::Error> {
    client_for(server).send(get()).await.unwrap().bytes().await
}

/// The 206 answer for the range the request asks for, if it carries the ETag.
fn rest(whole: &Bytes, request: &crate::support::Recorded) -> Action {
    if request.header("if-match") != Some(ETAG) {
        return Action::Respond(Reply::error(412, "PreconditionFailed"));
    }
    let range = request.header("range").unwrap();
    let (first, last) = range
        .strip_prefix("bytes=")
        .and_then(|r| r.split_once('-'))
        .map(|(a, b)| (a.parse::<usize>().unwrap(), b.parse::<usize>().unwrap()))
        .unwrap();
    Action::Respond(
        Reply::new(206)
            .header("etag", ETAG)
            .header(
                "content-range",
                format!("bytes {first}-{last}/{}", whole.len()),
            )
            .body(whole.slice(first..=last)),
    )
}

#[tokio::test]
async fn a_broken_body_is_continued_from_the_first_missing_byte() {
    let whole = data(1_300_000);
    let served = whole.clone();
    let server = MockServer::start(move |r| match r.index {
        0 => broken(&served, 300_000),
        _ => rest(&served, r),
    })
    .await;
    let response = client_for(&server).send(get()).await.unwrap();
    assert_eq!(response.attempts(), 1);
    let body = response.bytes().await.unwrap();
    assert_eq!(body, whole, "the whole object, checked against its CRC-64");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("range"), None);
    assert_eq!(requests[1].header("range"), Some("bytes=300000-1299999"));
    assert_eq!(requests[1].header("if-match"), Some(ETAG));
}

#[tokio::test]
async fn a_range_is_continued_within_its_bounds() {
    let whole = data(1_100_000);
    let served = whole.clone();
    let server = MockServer::start(move |r| match r.index {
        // The first answer is bytes 50,000-1,149,999 of a longer object: its head says so.
        0 => Action::BreakAfter {
            reply: Reply::new(206)
                .header("etag", ETAG)
                .header("content-range", "bytes 50000-1149999/2000000"),
            prefix: served.slice(..100_000),
        },
        _ => {
            let range = r.header("range").unwrap().to_owned();
            assert_eq!(range, "bytes=150000-1149999");
            Action::Respond(
                Reply::new(206)
                    .header("etag", ETAG)
                    .header("content-range", "bytes 150000-1149999/2000000")
                    .body(served.slice(100_000..)),
            )
        }
    })
    .await;
    let request = get().header("Range", "bytes=50000-1149999");
    let body = client_for(&server)
        .send(request)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(body, whole);
}

#[tokio::test]
async fn a_changed_object_ends_the_body_with_a_failed_precondition() {
    let whole = data(1_200_000);
    let served = whole.clone();
    let server = MockServer::start(move |r| match r.index {
        0 => broken(&served, 200_000),
        _ => Action::Respond(Reply::error(412, "PreconditionFailed")),
    })
    .await;
    let error = fetch(&server).await.unwrap_err();
    assert!(error.is_precondition_failed(), "{error:?}");
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn breaks_in_a_row_are_bounded_by_the_retry_strategy() {
    let whole = data(1_000_010);
    let served = whole.clone();
    // The first answer breaks after 10 bytes; every continuation answers its head and
    // breaks before its first byte.
    let server = MockServer::start(move |r| match r.index {
        0 => broken(&served, 10),
        _ => Action::BreakAfter {
            reply: Reply::new(206)
                .header("etag", ETAG)
                .header("content-range", "bytes 10-1000009/1000010"),
            prefix: Bytes::new(),
        },
    })
    .await;
    let error = fetch(&server).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error:?}");
    assert!(error.is_retryable());
    // 3 attempts in all: the first request and 2 continuations.
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn a_continuation_is_a_request_retried_like_any_other() {
    let whole = data(1_000_010);
    let served = whole.clone();
    // The continuation's first two attempts are reset: the retry loop tries it again.
    let server = MockServer::start(move |r| match r.index {
        0 => broken(&served, 10),
        1 | 2 => Action::Reset,
        _ => rest(&served, r),
    })
    .await;
    let body = fetch(&server).await.unwrap();
    assert_eq!(body, whole);
    assert_eq!(server.request_count(), 4);

    // Reset every time: the continuation fails after its attempts, and so does the body.
    let served = whole.clone();
    let server = MockServer::start(move |r| match r.index {
        0 => broken(&served, 10),
        _ => Action::Reset,
    })
    .await;
    let error = fetch(&server).await.unwrap_err();
    assert!(error.is_retryable(), "{error:?}");
    assert_eq!(server.request_count(), 1 + 3);
}

#[tokio::test]
async fn without_the_option_a_broken_body_ends_with_the_error() {
    let whole = data(1_100_000);
    let served = whole.clone();
    let server = MockServer::start(move |r| match r.index {
        0 => broken(&served, 100_000),
        _ => rest(&served, r),
    })
    .await;
    let request = get().resume_broken_body(false);
    let error = client_for(&server)
        .send(request)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert_eq!(server.request_count(), 1);
}
