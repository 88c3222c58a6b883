//! Every model survives serialize → parse unchanged (proptest), and so do the header sets
//! and the `encoding-type=url` encoding.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oss_model::*;
use proptest::collection::{btree_map, vec};
use proptest::option::of;
use proptest::prelude::*;

/// Text as it may appear in an element: any printable character, XML's special ones, and
/// whitespace anywhere (including around the value and a carriage return).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9/._-]{0,12}",
        "[ -~]{0,12}",
        "[<>&'\" \t\r\na-z]{0,8}",
        "\\PC{0,8}",
    ]
}

/// Text without surrounding whitespace, for values read trimmed (regions).
fn token() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9-]{0,15}"
}

fn known_or_other<T: Clone + Debug + From<String> + 'static>(
    known: &'static [T],
) -> impl Strategy<Value = T> {
    prop_oneof![
        3 => proptest::sample::select(known),
        1 => "[ A-Za-z]{0,10}".prop_map(T::from),
    ]
}

fn storage_class() -> impl Strategy<Value = StorageClass> {
    known_or_other(StorageClass::KNOWN)
}

fn acl() -> impl Strategy<Value = Acl> {
    known_or_other(Acl::KNOWN)
}

fn encoding_type() -> impl Strategy<Value = EncodingType> {
    known_or_other(EncodingType::KNOWN)
}

fn etag() -> impl Strategy<Value = ETag> {
    prop_oneof![
        "\"[0-9A-F]{32}\"".prop_map(ETag::new),
        text().prop_map(ETag::new)
    ]
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    prop_oneof![
        (0u64..253_402_300_799, 0u64..1000).prop_map(|(s, ms)| Timestamp::from_system_time(
            UNIX_EPOCH + Duration::from_millis(s * 1000 + ms)
        )),
        text().prop_map(Timestamp::new),
    ]
}

fn whole_seconds() -> impl Strategy<Value = SystemTime> {
    (0u64..253_402_300_799).prop_map(|s| UNIX_EPOCH + Duration::from_secs(s))
}

fn owner() -> impl Strategy<Value = Owner> {
    (text(), text()).prop_map(|(id, display_name)| Owner { id, display_name })
}

fn object_summary() -> impl Strategy<Value = ObjectSummary> {
    (
        text(),
        timestamp(),
        etag(),
        of(known_or_other(ObjectType::KNOWN)),
        any::<u64>(),
        of(storage_class()),
        of(owner()),
        of(text()),
    )
        .prop_map(
            |(key, last_modified, etag, object_type, size, storage_class, owner, restore_info)| {
                ObjectSummary {
                    key,
                    last_modified,
                    etag,
                    object_type,
                    size,
                    storage_class,
                    owner,
                    restore_info,
                }
            },
        )
}

fn common_prefixes() -> impl Strategy<Value = Vec<CommonPrefix>> {
    vec(text().prop_map(|prefix| CommonPrefix { prefix }), 0..3)
}

fn list_bucket_result() -> impl Strategy<Value = ListBucketResult> {
    (
        (text(), text(), text(), any::<u32>(), text()),
        (of(encoding_type()), any::<bool>(), of(text())),
        vec(object_summary(), 0..4),
        common_prefixes(),
    )
        .prop_map(
            |(
                (name, prefix, marker, max_keys, delimiter),
                (encoding_type, is_truncated, next_marker),
                contents,
                common_prefixes,
            )| ListBucketResult {
                name,
                prefix,
                marker,
                max_keys,
                delimiter,
                encoding_type,
                is_truncated,
                next_marker,
                contents,
                common_prefixes,
            },
        )
}

fn list_bucket_result_v2() -> impl Strategy<Value = ListBucketResultV2> {
    (
        (text(), text(), of(text()), of(text()), any::<u32>(), text()),
        (of(encoding_type()), any::<bool>(), of(text()), any::<u32>()),
        vec(object_summary(), 0..4),
        common_prefixes(),
    )
        .prop_map(
            |(
                (name, prefix, start_after, continuation_token, max_keys, delimiter),
                (encoding_type, is_truncated, next_continuation_token, key_count),
                contents,
                common_prefixes,
            )| ListBucketResultV2 {
                name,
                prefix,
                start_after,
                continuation_token,
                max_keys,
                delimiter,
                encoding_type,
                is_truncated,
                next_continuation_token,
                key_count,
                contents,
                common_prefixes,
            },
        )
}

fn list_all_my_buckets_result() -> impl Strategy<Value = ListAllMyBucketsResult> {
    let bucket = (
        timestamp(),
        text(),
        text(),
        text(),
        text(),
        of(text()),
        of(storage_class()),
        of(text()),
    )
        .prop_map(
            |(
                creation_date,
                extranet_endpoint,
                intranet_endpoint,
                location,
                name,
                region,
                storage_class,
                resource_group_id,
            )| BucketSummary {
                creation_date,
                extranet_endpoint,
                intranet_endpoint,
                location,
                name,
                region,
                storage_class,
                resource_group_id,
            },
        );
    (
        of(text()),
        of(text()),
        of(any::<u32>()),
        of(any::<bool>()),
        of(text()),
        owner(),
        vec(bucket, 0..3),
    )
        .prop_map(
            |(prefix, marker, max_keys, is_truncated, next_marker, owner, buckets)| {
                ListAllMyBucketsResult {
                    prefix,
                    marker,
                    max_keys,
                    is_truncated,
                    next_marker,
                    owner,
                    buckets,
                }
            },
        )
}

fn bucket_info() -> impl Strategy<Value = BucketInfo> {
    let sse = (text(), of(text()), of(text())).prop_map(
        |(sse_algorithm, kms_master_key_id, kms_data_encryption)| ServerSideEncryptionRule {
            sse_algorithm,
            kms_master_key_id,
            kms_data_encryption,
        },
    );
    let policy = (text(), text()).prop_map(|(log_bucket, log_prefix)| BucketLogPolicy {
        log_bucket,
        log_prefix,
    });
    (
        (
            timestamp(),
            text(),
            text(),
            text(),
            text(),
            owner(),
            of(acl()),
        ),
        (
            of(text()),
            of(storage_class()),
            of(known_or_other(DataRedundancyType::KNOWN)),
            of(text()),
            of(text()),
        ),
        (of(text()), of(text()), of(text()), of(sse), of(policy)),
    )
        .prop_map(
            |(
                (creation_date, extranet_endpoint, intranet_endpoint, location, name, owner, acl),
                (comment, storage_class, data_redundancy_type, versioning, transfer_acceleration),
                (
                    cross_region_replication,
                    access_monitor,
                    resource_group_id,
                    server_side_encryption_rule,
                    bucket_policy,
                ),
            )| BucketInfo {
                bucket: BucketDetails {
                    creation_date,
                    extranet_endpoint,
                    intranet_endpoint,
                    location,
                    name,
                    owner,
                    acl,
                    comment,
                    storage_class,
                    data_redundancy_type,
                    versioning,
                    transfer_acceleration,
                    cross_region_replication,
                    access_monitor,
                    resource_group_id,
                    server_side_encryption_rule,
                    bucket_policy,
                },
            },
        )
}

fn bucket_stat() -> impl Strategy<Value = BucketStat> {
    (
        any::<[u64; 5]>(),
        any::<[Option<u64>; 7]>(),
        any::<[Option<u64>; 7]>(),
    )
        .prop_map(|(a, b, c)| BucketStat {
            storage: a[0],
            object_count: a[1],
            multipart_upload_count: a[2],
            live_channel_count: a[3],
            last_modified_time: a[4],
            standard_storage: b[0],
            standard_object_count: b[1],
            infrequent_access_storage: b[2],
            infrequent_access_real_storage: b[3],
            infrequent_access_object_count: b[4],
            archive_storage: b[5],
            archive_real_storage: b[6],
            archive_object_count: c[0],
            cold_archive_storage: c[1],
            cold_archive_real_storage: c[2],
            cold_archive_object_count: c[3],
            deep_cold_archive_storage: c[4],
            deep_cold_archive_real_storage: c[5],
            deep_cold_archive_object_count: c[6],
        })
}

fn error_response() -> impl Strategy<Value = ErrorResponse> {
    (
        (text(), text(), text(), text(), of(text()), of(text())),
        (of(text()), of(text()), of(text()), of(text())),
        (of(text()), of(text()), of(text()), of(text())),
    )
        .prop_map(
            |(
                (code, message, request_id, host_id, ec, recommend_doc),
                (bucket_name, argument_name, argument_value, string_to_sign),
                (string_to_sign_bytes, canonical_request, signature_provided, oss_access_key_id),
            )| ErrorResponse {
                code,
                message,
                request_id,
                host_id,
                ec,
                recommend_doc,
                bucket_name,
                argument_name,
                argument_value,
                string_to_sign,
                string_to_sign_bytes,
                canonical_request,
                signature_provided,
                oss_access_key_id,
            },
        )
}

fn list_multipart_uploads_result() -> impl Strategy<Value = ListMultipartUploadsResult> {
    let upload = (text(), text(), timestamp(), of(storage_class())).prop_map(
        |(key, upload_id, initiated, storage_class)| Upload {
            key,
            upload_id,
            initiated,
            storage_class,
        },
    );
    (
        (text(), of(encoding_type()), text(), text(), text(), text()),
        (text(), text(), any::<u32>(), any::<bool>()),
        vec(upload, 0..4),
        common_prefixes(),
    )
        .prop_map(
            |(
                (
                    bucket,
                    encoding_type,
                    key_marker,
                    upload_id_marker,
                    next_key_marker,
                    next_upload_id_marker,
                ),
                (delimiter, prefix, max_uploads, is_truncated),
                uploads,
                common_prefixes,
            )| ListMultipartUploadsResult {
                bucket,
                encoding_type,
                key_marker,
                upload_id_marker,
                next_key_marker,
                next_upload_id_marker,
                delimiter,
                prefix,
                max_uploads,
                is_truncated,
                uploads,
                common_prefixes,
            },
        )
}

fn list_parts_result() -> impl Strategy<Value = ListPartsResult> {
    let part = (
        any::<u32>(),
        timestamp(),
        etag(),
        any::<u64>(),
        of(any::<u64>()),
    )
        .prop_map(
            |(part_number, last_modified, etag, size, hash_crc64ecma)| Part {
                part_number,
                last_modified,
                etag,
                size,
                hash_crc64ecma,
            },
        );
    (
        (text(), of(encoding_type()), text(), text()),
        (
            of(any::<u32>()),
            of(any::<u32>()),
            any::<u32>(),
            any::<bool>(),
        ),
        vec(part, 0..4),
    )
        .prop_map(
            |(
                (bucket, encoding_type, key, upload_id),
                (part_number_marker, next_part_number_marker, max_parts, is_truncated),
                parts,
            )| ListPartsResult {
                bucket,
                encoding_type,
                key,
                upload_id,
                part_number_marker,
                next_part_number_marker,
                max_parts,
                is_truncated,
                parts,
            },
        )
}

fn delete_result() -> impl Strategy<Value = DeleteResult> {
    let deleted = (text(), of(text()), of(any::<bool>()), of(text())).prop_map(
        |(key, version_id, delete_marker, delete_marker_version_id)| DeletedObject {
            key,
            version_id,
            delete_marker,
            delete_marker_version_id,
        },
    );
    (of(encoding_type()), vec(deleted, 0..4)).prop_map(|(encoding_type, deleted)| DeleteResult {
        encoding_type,
        deleted,
    })
}

fn round_trips<T: XmlBody + PartialEq + Debug>(value: &T) -> Result<(), TestCaseError> {
    let xml = value.to_xml();
    let parsed = T::from_xml(&xml).map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
    prop_assert_eq!(&parsed, value, "{}", xml);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn list_all_my_buckets_result_round_trips(value in list_all_my_buckets_result()) {
        round_trips(&value)?;
    }

    #[test]
    fn create_bucket_configuration_round_trips(
        storage_class in of(storage_class()),
        data_redundancy_type in of(known_or_other(DataRedundancyType::KNOWN)),
    ) {
        round_trips(&CreateBucketConfiguration { storage_class, data_redundancy_type })?;
    }

    #[test]
    fn bucket_info_round_trips(value in bucket_info()) {
        round_trips(&value)?;
    }

    #[test]
    fn location_constraint_round_trips(location in token()) {
        round_trips(&LocationConstraint { location })?;
    }

    #[test]
    fn bucket_stat_round_trips(value in bucket_stat()) {
        round_trips(&value)?;
    }

    #[test]
    fn access_control_policy_round_trips(owner in owner(), grant in acl()) {
        round_trips(&AccessControlPolicy { owner, grant })?;
    }

    #[test]
    fn list_bucket_result_round_trips(value in list_bucket_result()) {
        round_trips(&value)?;
    }

    #[test]
    fn list_bucket_result_v2_round_trips(value in list_bucket_result_v2()) {
        round_trips(&value)?;
    }

    #[test]
    fn copy_results_round_trip(etag in etag(), last_modified in timestamp()) {
        round_trips(&CopyObjectResult { etag: etag.clone(), last_modified: last_modified.clone() })?;
        round_trips(&CopyPartResult { last_modified, etag })?;
    }

    #[test]
    fn delete_request_round_trips(
        quiet in any::<bool>(),
        objects in vec((text(), of(text())), 0..4),
    ) {
        let objects = objects
            .into_iter()
            .map(|(key, version_id)| ObjectIdentifier { key, version_id })
            .collect();
        round_trips(&DeleteRequest { quiet, objects })?;
    }

    #[test]
    fn delete_result_round_trips(value in delete_result()) {
        round_trips(&value)?;
    }

    #[test]
    fn tagging_round_trips(tags in vec((text(), text()), 0..4)) {
        round_trips(&Tagging::new(tags))?;
    }

    #[test]
    fn restore_request_round_trips(
        days in any::<u32>(),
        tier in of(known_or_other(RestoreTier::KNOWN)),
    ) {
        let mut request = RestoreRequest::new(days);
        if let Some(tier) = tier {
            request = request.with_tier(tier);
        }
        round_trips(&request)?;
    }

    #[test]
    fn initiate_multipart_upload_result_round_trips(
        bucket in text(), key in text(), upload_id in text(), encoding_type in of(encoding_type()),
    ) {
        round_trips(&InitiateMultipartUploadResult { bucket, key, upload_id, encoding_type })?;
    }

    #[test]
    fn complete_multipart_upload_round_trips(parts in vec((any::<u32>(), etag()), 0..5)) {
        let parts = parts
            .into_iter()
            .map(|(part_number, etag)| CompletedPart { part_number, etag })
            .collect();
        round_trips(&CompleteMultipartUpload { parts })?;
    }

    #[test]
    fn complete_multipart_upload_result_round_trips(
        encoding_type in of(encoding_type()),
        location in text(), bucket in text(), key in text(), etag in etag(),
    ) {
        round_trips(&CompleteMultipartUploadResult { encoding_type, location, bucket, key, etag })?;
    }

    #[test]
    fn list_multipart_uploads_result_round_trips(value in list_multipart_uploads_result()) {
        round_trips(&value)?;
    }

    #[test]
    fn list_parts_result_round_trips(value in list_parts_result()) {
        round_trips(&value)?;
    }

    #[test]
    fn error_response_round_trips(value in error_response()) {
        round_trips(&value)?;
    }

    /// Keys XML cannot carry (control characters) survive a listing sent with
    /// `encoding-type=url`: encode, write, read, decode.
    #[test]
    fn url_encoded_listings_carry_any_key(
        mut listing in list_bucket_result(),
        keys in vec("\\PC{0,6}|[\u{1}-\u{1f}%+ ]{0,6}", 0..4),
    ) {
        listing.contents = keys
            .into_iter()
            .map(|key| ObjectSummary { key, ..ObjectSummary::default() })
            .collect();
        let original = listing.clone();
        listing.encoding_type = Some(EncodingType::Url);
        listing.encode_keys(&EncodingType::Url);
        let xml = listing.to_xml();
        prop_assert!(!xml.bytes().any(|b| b < 0x20 && b != b'\n' && b != b'\t'), "{}", xml);
        let mut decoded = ListBucketResult::from_xml_decoded(&xml)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        decoded.encoding_type = original.encoding_type.clone();
        prop_assert_eq!(decoded, original);
    }

    #[test]
    fn encoding_then_decoding_is_the_identity(
        mut uploads in list_multipart_uploads_result(),
        mut parts in list_parts_result(),
        mut v2 in list_bucket_result_v2(),
    ) {
        let (u, p, v) = (uploads.clone(), parts.clone(), v2.clone());
        uploads.encode_keys(&EncodingType::Url);
        parts.encode_keys(&EncodingType::Url);
        v2.encode_keys(&EncodingType::Url);
        uploads.decode_keys(&EncodingType::Url).unwrap();
        parts.decode_keys(&EncodingType::Url).unwrap();
        v2.decode_keys(&EncodingType::Url).unwrap();
        prop_assert_eq!(uploads, u);
        prop_assert_eq!(parts, p);
        prop_assert_eq!(v2, v);
    }

    #[test]
    fn enums_round_trip_through_their_wire_string(class in storage_class(), acl in acl()) {
        prop_assert_eq!(class.to_string().parse::<StorageClass>().unwrap(), class.clone());
        prop_assert_eq!(StorageClass::from(class.as_ref()), class);
        prop_assert_eq!(Acl::from(acl.to_string()), acl);
    }

    #[test]
    fn object_meta_round_trips_through_headers(
        (content_length, content_type, content_md5, content_encoding) in
            (of(any::<u64>()), of(text()), of(text()), of(text())),
        (content_disposition, content_language, cache_control, expires) in
            (of(text()), of(text()), of(text()), of(text())),
        (etag, last_modified, crc64ecma, storage_class) in
            (of(etag()), of(whole_seconds()), of(any::<u64>()), of(storage_class())),
        (object_type, user_meta, version_id) in (
            of(known_or_other(ObjectType::KNOWN)),
            btree_map("[a-z0-9-]{1,10}", text(), 0..4),
            of(text()),
        ),
        (restore, next_append_position, server_side_encryption, sse_key_id) in (
            of(prop_oneof![
                Just(RestoreState::InProgress),
                of(whole_seconds()).prop_map(|expiry_date| RestoreState::Restored { expiry_date }),
            ]),
            of(any::<u64>()),
            of(known_or_other(ServerSideEncryption::KNOWN)),
            of(text()),
        ),
        (sse_data_encryption, tagging_count, expiration, request_id) in (
            of(known_or_other(ServerSideEncryption::KNOWN)),
            of(any::<u32>()),
            of(text()),
            of(text()),
        ),
    ) {
        let meta = ObjectMeta {
            content_length, content_type, content_md5, content_encoding, content_disposition,
            content_language, cache_control, expires, etag, last_modified, crc64ecma,
            storage_class, object_type, user_meta, version_id, restore, next_append_position,
            server_side_encryption, sse_key_id, sse_data_encryption, tagging_count, expiration,
            request_id,
        };
        let headers = meta.to_headers();
        prop_assert_eq!(ObjectMeta::from_headers(&headers).unwrap(), meta);
    }

    #[test]
    fn object_headers_round_trip(
        (content_type, cache_control, content_disposition, content_encoding) in
            (of(text()), of(text()), of(text()), of(text())),
        (content_language, expires, user_meta) in
            (of(text()), of(text()), btree_map("[a-z0-9-]{1,10}", text(), 0..4)),
        (acl, storage_class, tags, forbid_overwrite) in (
            of(acl()),
            of(storage_class()),
            vec((text(), text()).prop_map(|(k, v)| Tag::new(k, v)), 0..4),
            of(any::<bool>()),
        ),
        (server_side_encryption, sse_key_id, sse_data_encryption) in (
            of(known_or_other(ServerSideEncryption::KNOWN)),
            of(text()),
            of(known_or_other(ServerSideEncryption::KNOWN)),
        ),
        (metadata_directive, tagging_directive) in (
            of(known_or_other(MetadataDirective::KNOWN)),
            of(known_or_other(TaggingDirective::KNOWN)),
        ),
    ) {
        let headers = ObjectHeaders {
            content_type, cache_control, content_disposition, content_encoding,
            content_language, expires, user_meta, acl, storage_class, tags, forbid_overwrite,
            server_side_encryption, sse_key_id, sse_data_encryption, metadata_directive,
            tagging_directive,
        };
        let pairs = headers.to_headers();
        prop_assert_eq!(ObjectHeaders::from_headers(&pairs).unwrap(), headers);
    }
}

#[test]
fn user_metadata_names_are_case_insensitive() {
    let meta = ObjectMeta::from_headers([("X-Oss-Meta-Project", "oss-rs")]).unwrap();
    assert_eq!(
        meta.user_meta,
        BTreeMap::from([("project".to_string(), "oss-rs".to_string())])
    );
    assert_eq!(meta.user_meta("PROJECT"), Some("oss-rs"));
    let headers = ObjectHeaders::new().meta("Project", "x").to_headers();
    assert_eq!(
        headers,
        [("x-oss-meta-project".to_string(), "x".to_string())]
    );
}

// Versioning and WORM.

fn object_version() -> impl Strategy<Value = ObjectVersion> {
    (object_summary(), text(), any::<bool>()).prop_map(|(summary, version_id, is_latest)| {
        ObjectVersion {
            key: summary.key,
            version_id,
            is_latest,
            last_modified: summary.last_modified,
            etag: summary.etag,
            object_type: summary.object_type,
            size: summary.size,
            storage_class: summary.storage_class,
            owner: summary.owner,
            restore_info: summary.restore_info,
        }
    })
}

fn delete_marker() -> impl Strategy<Value = DeleteMarkerEntry> {
    (text(), text(), any::<bool>(), timestamp(), of(owner())).prop_map(
        |(key, version_id, is_latest, last_modified, owner)| DeleteMarkerEntry {
            key,
            version_id,
            is_latest,
            last_modified,
            owner,
        },
    )
}

fn list_versions_result() -> impl Strategy<Value = ListVersionsResult> {
    (
        (text(), text(), text(), text(), of(text()), of(text())),
        (any::<u32>(), text(), of(encoding_type()), any::<bool>()),
        (
            vec(object_version(), 0..3),
            vec(delete_marker(), 0..3),
            common_prefixes(),
        ),
    )
        .prop_map(
            |(
                (name, prefix, key_marker, version_id_marker, next_key_marker, next_version),
                (max_keys, delimiter, encoding_type, is_truncated),
                (versions, delete_markers, common_prefixes),
            )| ListVersionsResult {
                name,
                prefix,
                key_marker,
                version_id_marker,
                next_key_marker,
                next_version_id_marker: next_version,
                max_keys,
                delimiter,
                encoding_type,
                is_truncated,
                versions,
                delete_markers,
                common_prefixes,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn list_versions_result_round_trips(value in list_versions_result()) {
        round_trips(&value)?;
    }

    #[test]
    fn list_versions_result_names_survive_url_encoding(value in list_versions_result()) {
        let mut encoded = value.clone();
        encoded.encode_keys(&EncodingType::Url);
        encoded.encoding_type = Some(EncodingType::Url);
        let decoded = ListVersionsResult::from_xml_decoded(encoded.to_xml().as_bytes())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(decoded.versions, value.versions);
        prop_assert_eq!(decoded.delete_markers, value.delete_markers);
        prop_assert_eq!(decoded.common_prefixes, value.common_prefixes);
        prop_assert_eq!(decoded.next_key_marker, value.next_key_marker);
    }

    #[test]
    fn versioning_configuration_round_trips(
        status in of(known_or_other(VersioningStatus::KNOWN)),
    ) {
        round_trips(&VersioningConfiguration { status })?;
    }

    #[test]
    fn worm_configuration_round_trips(
        worm_id in text(),
        state in of(known_or_other(BucketWormState::KNOWN)),
        days in any::<u32>(),
        creation_date in of(timestamp()),
    ) {
        round_trips(&WormConfiguration {
            worm_id,
            state,
            retention_period_in_days: days,
            creation_date,
        })?;
        round_trips(&InitiateWormConfiguration::new(days))?;
        round_trips(&ExtendWormConfiguration::from(days))?;
    }
}
