//! AppendObject: chaining positions and CRCs, and the ambiguous retry.

use crate::proxy::Action;
use crate::support::{Env, ProxiedEnv};
use oss_checksum::crc64;

#[tokio::test]
async fn chained_appends_check_crcs() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let first = bucket
        .append_object("log.txt", 0, "line 1\n")
        .meta("kind", "log")
        .await
        .unwrap();
    assert_eq!(first.next_position, 7);
    assert_eq!(first.crc64, Some(crc64::checksum(b"line 1\n")));
    assert!(!first.verified_after_retry);
    let second = bucket
        .append_object("log.txt", first.next_position, "line 2\n")
        .previous_crc(first.crc64.unwrap())
        .await
        .unwrap();
    assert_eq!(second.next_position, 14);
    assert_eq!(second.crc64, Some(crc64::checksum(b"line 1\nline 2\n")));
    // Without the previous CRC the append still works (unchecked).
    let third = bucket
        .append_object("log.txt", 14, "line 3\n")
        .await
        .unwrap();
    assert_eq!(third.next_position, 21);
    let meta = bucket.head_object("log.txt").await.unwrap();
    assert_eq!(meta.content_type.as_deref(), Some("text/plain"));
    assert_eq!(meta.user_meta("kind"), Some("log"));

    // A wrong position is refused, and nothing is retried or checked.
    let error = bucket.append_object("log.txt", 3, "x").await.unwrap_err();
    assert_eq!(error.code(), Some("PositionNotEqualToLength"));
    assert!(!error.retried_after_ambiguous_failure());
    // A wrong previous CRC is an integrity error (the data was appended, but it is not
    // what the caller thinks the object holds).
    let error = bucket
        .append_object("log.txt", 21, "x")
        .previous_crc(12345)
        .await
        .unwrap_err();
    assert!(error.is_integrity(), "{error}");
}

#[tokio::test]
async fn ambiguous_retry_is_resolved_by_checking_the_object() {
    let env = ProxiedEnv::start().await;
    let bucket = env.bucket().await;
    // The first attempt is applied but its answer is lost; the retry finds the position
    // taken, and the object shows the append applied once.
    env.proxy.rule("POST", "append", Action::ApplyThenDrop, 1);
    let first = bucket.append_object("a", 0, "hello ").await.unwrap();
    assert!(first.verified_after_retry);
    assert_eq!(first.next_position, 6);
    assert_eq!(first.crc64, Some(crc64::checksum(b"hello ")));

    // The same without the previous CRC: the appended bytes are read back and compared.
    env.proxy.rule("POST", "append", Action::ApplyThenDrop, 1);
    let second = bucket.append_object("a", 6, "world").await.unwrap();
    assert!(second.verified_after_retry);
    assert_eq!(second.next_position, 11);
    let all = bucket.get_object("a").await.unwrap().bytes().await.unwrap();
    assert_eq!(&all[..], b"hello world");
    let appends = env
        .proxy
        .seen()
        .iter()
        .filter(|r| r.starts_with("POST") && r.contains("append"))
        .count();
    assert_eq!(appends, 4);
}

#[tokio::test]
async fn ambiguous_retry_with_other_data_is_an_error() {
    let env = ProxiedEnv::start().await;
    let bucket = env.bucket().await;
    bucket.append_object("b", 0, "start").await.unwrap();
    // The data that landed is not ours (same length, other bytes): the retry's
    // PositionNotEqualToLength stands.
    env.proxy.rule("POST", "append", Action::TamperThenDrop, 1);
    let error = bucket
        .append_object("b", 5, "12345")
        .previous_crc(crc64::checksum(b"start"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("PositionNotEqualToLength"));
    assert!(error.retried_after_ambiguous_failure());
    env.proxy.rule("POST", "append", Action::TamperThenDrop, 1);
    let error = bucket.append_object("b", 10, "abc").await.unwrap_err();
    assert_eq!(error.code(), Some("PositionNotEqualToLength"));
}
