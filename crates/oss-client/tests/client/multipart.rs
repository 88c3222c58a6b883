//! Multipart uploads: initiate, parts, part copies, complete (list and complete-all),
//! abort, listings, and the ambiguous retry of CompleteMultipartUpload.

use oss_client::{ByteRange, ValidationKind};

use crate::proxy::Action;
use crate::support::{data, Env, ProxiedEnv};

const PART: usize = 100 * 1024;

#[tokio::test]
async fn upload_copy_list_complete() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let source = data(3 * PART, 9);
    bucket
        .put_object("source.bin", source.clone())
        .await
        .unwrap();

    let upload = bucket
        .initiate_multipart_upload("big file.bin")
        .meta("parts", "3")
        .await
        .unwrap();
    assert_eq!(upload.key, "big file.bin");
    let id = upload.upload_id.clone();
    let one = bucket
        .upload_part("big file.bin", &id, 1, data(PART, 1))
        .await
        .unwrap();
    assert_eq!(one.part_number, 1);
    assert_eq!(
        one.crc64,
        Some(oss_checksum::crc64::checksum(&data(PART, 1)))
    );
    let two = bucket
        .upload_part_copy("big file.bin", &id, 2, "source.bin")
        .source_range(ByteRange::with_length(PART as u64, PART as u64).unwrap())
        .await
        .unwrap();
    let three = bucket
        .upload_part("big file.bin", &id, 3, "tail")
        .content_md5(true)
        .await
        .unwrap();
    // Any other header goes with the part: a Content-MD5 the caller computed, here of other
    // data ("other"), which the service refuses.
    let error = bucket
        .upload_part("big file.bin", &id, 4, "tail")
        .header("Content-MD5", "eV8yArF8trw9S3cdjGyerw==")
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidDigest"), "{error}");

    let parts = bucket.list_parts("big file.bin", &id).await.unwrap();
    assert_eq!(parts.parts.len(), 3);
    assert_eq!(parts.key, "big file.bin");
    let paged = bucket
        .list_parts("big file.bin", &id)
        .max_parts(1)
        .into_paginator()
        .collect_items()
        .await
        .unwrap();
    assert_eq!(
        paged.iter().map(|p| p.part_number).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let uploads = bucket.list_multipart_uploads().await.unwrap();
    assert_eq!(uploads.uploads.len(), 1);

    let done = bucket
        .complete_multipart_upload("big file.bin", &id)
        .part(3, three.etag.clone())
        .parts([one.completed_part()])
        .part(2, two.etag.clone())
        .await
        .unwrap();
    assert!(done.etag.as_str().ends_with("-3"));
    assert_eq!(done.key, "big file.bin");
    assert!(!done.verified_after_retry);
    let mut expected = data(PART, 1);
    expected.extend_from_slice(&source[PART..2 * PART]);
    expected.extend_from_slice(b"tail");
    assert_eq!(done.crc64, Some(oss_checksum::crc64::checksum(&expected)));
    let body = bucket
        .get_object("big file.bin")
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&body[..], &expected[..]);
    let meta = bucket.head_object("big file.bin").await.unwrap();
    assert_eq!(meta.user_meta("parts"), Some("3"));
    assert_eq!(
        meta.etag,
        oss_client::ops::complete::multipart_etag(&[
            one.completed_part(),
            two.etag.clone().into_completed(2),
            three.completed_part()
        ])
    );
    assert!(bucket
        .list_multipart_uploads()
        .await
        .unwrap()
        .uploads
        .is_empty());
}

trait IntoCompleted {
    fn into_completed(self, part_number: u32) -> oss_client::model::CompletedPart;
}

impl IntoCompleted for oss_client::model::ETag {
    fn into_completed(self, part_number: u32) -> oss_client::model::CompletedPart {
        oss_client::model::CompletedPart {
            part_number,
            etag: self,
        }
    }
}

#[tokio::test]
async fn complete_all_abort_and_upload_listing() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let mut ids = Vec::new();
    for key in ["u/a", "u/b", "u/b", "u/c"] {
        ids.push((
            key,
            bucket
                .initiate_multipart_upload(key)
                .await
                .unwrap()
                .upload_id
                .clone(),
        ));
    }
    let listed = bucket
        .list_multipart_uploads()
        .prefix("u/")
        .max_uploads(1)
        .into_paginator()
        .collect_items()
        .await
        .unwrap();
    assert_eq!(listed.len(), 4);
    let (key, id) = &ids[0];
    bucket
        .upload_part(*key, id, 1, data(PART, 2))
        .await
        .unwrap();
    bucket.upload_part(*key, id, 2, "end").await.unwrap();
    let done = bucket
        .complete_multipart_upload(*key, id)
        .complete_all()
        .await
        .unwrap();
    assert!(done.etag.as_str().ends_with("-2"));
    for (key, id) in &ids[1..] {
        bucket.abort_multipart_upload(*key, id).await.unwrap();
    }
    assert!(bucket
        .list_multipart_uploads()
        .await
        .unwrap()
        .uploads
        .is_empty());
    let error = bucket.list_parts("u/b", &ids[1].1).await.unwrap_err();
    assert_eq!(error.code(), Some("NoSuchUpload"));

    // Part lists are checked before sending.
    let error = bucket
        .complete_multipart_upload("u/c", "id")
        .await
        .unwrap_err();
    assert!(error.is_validation());
    let error = bucket
        .complete_multipart_upload("u/c", "id")
        .part(1, "\"a\"")
        .part(1, "\"b\"")
        .await
        .unwrap_err();
    assert_eq!(
        error.validation_error().unwrap().kind(),
        ValidationKind::PartNumber
    );
    let error = bucket
        .complete_multipart_upload("u/c", "id")
        .part(1, "\"a\"")
        .complete_all()
        .await
        .unwrap_err();
    assert!(error.is_validation());
}

#[tokio::test]
async fn complete_after_ambiguous_failure() {
    let env = ProxiedEnv::start().await;
    let bucket = env.bucket().await;

    // With a part list: the object's ETag is the one the parts give.
    let id = bucket
        .initiate_multipart_upload("m1")
        .await
        .unwrap()
        .upload_id
        .clone();
    let one = bucket
        .upload_part("m1", &id, 1, data(PART, 4))
        .await
        .unwrap();
    let two = bucket.upload_part("m1", &id, 2, "end").await.unwrap();
    env.proxy.rule("POST", "uploadId", Action::ApplyThenDrop, 1);
    let done = bucket
        .complete_multipart_upload("m1", &id)
        .parts([one.completed_part(), two.completed_part()])
        .await
        .unwrap();
    assert!(done.verified_after_retry);
    assert!(done.etag.as_str().ends_with("-2"));

    // Complete-all: a Multipart object modified since the request started.
    let id = bucket
        .initiate_multipart_upload("m2")
        .await
        .unwrap()
        .upload_id
        .clone();
    bucket.upload_part("m2", &id, 1, "only").await.unwrap();
    env.proxy.rule("POST", "uploadId", Action::ApplyThenDrop, 1);
    let done = bucket
        .complete_multipart_upload("m2", &id)
        .complete_all()
        .await
        .unwrap();
    assert!(done.verified_after_retry);

    // An upload completed (by someone else) with other parts than ours: after an ambiguous
    // failure the object does not match, and the NoSuchUpload stands.
    let id = bucket
        .initiate_multipart_upload("m3")
        .await
        .unwrap()
        .upload_id
        .clone();
    let one = bucket
        .upload_part("m3", &id, 1, data(PART, 5))
        .await
        .unwrap();
    let two = bucket.upload_part("m3", &id, 2, "two").await.unwrap();
    bucket
        .complete_multipart_upload("m3", &id)
        .parts([one.completed_part()])
        .await
        .unwrap();
    env.proxy.rule("POST", "uploadId", Action::ApplyThenDrop, 1);
    let error = bucket
        .complete_multipart_upload("m3", &id)
        .parts([one.completed_part(), two.completed_part()])
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("NoSuchUpload"));
    assert!(error.retried_after_ambiguous_failure());
}
