//! The reference's documented examples (and a few current shapes it predates), from
//! `tests/data/`, parse into the values they show.

use std::fs;
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use oss_model::*;

fn data(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse<T: XmlBody>(name: &str) -> T {
    T::from_xml(data(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn unix(secs: u64) -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

#[test]
fn list_buckets() {
    let result: ListAllMyBucketsResult = parse("list_buckets.xml");
    assert_eq!(result.owner.id, "512**");
    assert_eq!(result.owner.display_name, "51264");
    assert_eq!(result.is_truncated, None);
    assert_eq!(result.next_marker, None);
    assert_eq!(result.buckets.len(), 2);
    let first = &result.buckets[0];
    assert_eq!(first.name, "app-base-oss");
    assert_eq!(first.location, "oss-cn-shanghai");
    assert_eq!(first.extranet_endpoint, "oss-cn-shanghai.aliyuncs.com");
    assert_eq!(
        first.intranet_endpoint,
        "oss-cn-shanghai-internal.aliyuncs.com"
    );
    assert_eq!(first.creation_date.raw(), "2015-12-17T18:12:43.000Z");
    assert_eq!(
        first.creation_date.to_system_time(),
        Some(unix(1_450_375_963))
    );
    assert_eq!(first.storage_class, Some(StorageClass::Standard));
    assert_eq!(result.buckets[1].name, "atestleo23");
    assert_eq!(result.buckets[1].storage_class, Some(StorageClass::Ia));
}

#[test]
fn list_buckets_truncated() {
    let result: ListAllMyBucketsResult = parse("list_buckets_truncated.xml");
    assert_eq!(result.prefix.as_deref(), Some("xz02tphky6fjfiuc"));
    assert_eq!(result.marker.as_deref(), Some(""));
    assert_eq!(result.max_keys, Some(1));
    assert_eq!(result.is_truncated, Some(true));
    assert_eq!(result.next_marker.as_deref(), Some("xz02tphky6fjfiuc0"));
    assert_eq!(result.owner.id, "ut_test_put_bucket");
    assert_eq!(result.buckets.len(), 1);
    assert_eq!(result.buckets[0].name, "xz02tphky6fjfiuc0");
    assert_eq!(result.buckets[0].location, "oss-cn-hangzhou");
}

#[test]
fn create_bucket_configuration() {
    let config: CreateBucketConfiguration = parse("create_bucket_configuration.xml");
    assert_eq!(config.storage_class, Some(StorageClass::Standard));
    assert_eq!(config.data_redundancy_type, None);
    let written = CreateBucketConfiguration {
        storage_class: Some(StorageClass::Ia),
        data_redundancy_type: Some(DataRedundancyType::Zrs),
    }
    .to_xml();
    assert!(
        written.ends_with(
            "<CreateBucketConfiguration><StorageClass>IA</StorageClass>\
             <DataRedundancyType>ZRS</DataRedundancyType></CreateBucketConfiguration>"
        ),
        "{written}"
    );
}

#[test]
fn error_bodies() {
    let e: ErrorResponse = parse("error_invalid_argument.xml");
    assert_eq!(e.code, "InvalidArgument");
    assert_eq!(e.message, "no such bucket access control exists");
    assert_eq!(e.request_id, "5***9");
    assert_eq!(e.host_id, "***-test.example.com");
    assert_eq!(e.argument_name.as_deref(), Some("x-oss-acl"));
    assert_eq!(e.argument_value.as_deref(), Some("error-acl"));
    assert_eq!(e.bucket_name, None);

    let e: ErrorResponse = parse("error_no_such_website_configuration.xml");
    assert_eq!(e.code, "NoSuchWebsiteConfiguration");
    assert_eq!(
        e.message,
        "The specified bucket does not have a website configuration."
    );
    assert_eq!(e.bucket_name.as_deref(), Some("oss-example"));
    assert_eq!(e.request_id, "505191BEC4689A033D00236F");

    let e: ErrorResponse = parse("error_no_such_bucket.xml");
    assert_eq!(e.code, "NoSuchBucket");
    assert_eq!(e.message, "The specified bucket does not exist.");
    assert_eq!(e.bucket_name.as_deref(), Some("nosuchbucket"));
    assert_eq!(
        e.to_string(),
        "NoSuchBucket: The specified bucket does not exist. (request id 568D547F31243C673BA1****)"
    );

    let e: ErrorResponse = parse("error_access_denied.xml");
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("AccessDenied", "AccessDenied")
    );
    assert_eq!(e.host_id, "test.oss.aliyuncs.com");

    let e: ErrorResponse = parse("error_restore_already_in_progress.xml");
    assert_eq!(e.code, "RestoreAlreadyInProgress");
    assert_eq!(e.message, "The restore operation is in progress.");
}

#[test]
fn signature_error_carries_what_the_server_signed() {
    let e: ErrorResponse = parse("error_signature_does_not_match.xml");
    assert_eq!(e.code, "SignatureDoesNotMatch");
    assert_eq!(e.request_id, "1E446260FF9B****");
    assert_eq!(
        e.signature_provided.as_deref(),
        Some("y5H7yzPsA/tP4+0tH1HHvPEwUv8=")
    );
    assert_eq!(e.oss_access_key_id.as_deref(), Some("AKIAIVAKMSMOY7VO****"));
    assert_eq!(
        e.string_to_sign.as_deref(),
        Some("GET\n\n\nWed, 11 May 2011 07:59:25 GMT\n/oss-example?acl")
    );
    // The bytes decode to the string the server signed (for another bucket, see §9.4).
    let bytes: Vec<u8> = e
        .string_to_sign_bytes
        .as_deref()
        .unwrap()
        .split(' ')
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "GET\n\n\nWed, 11 May 2011 07:59:25 GMT\n/usrealtest?acl"
    );
}

#[test]
fn error_with_ec_and_unknown_elements() {
    let e: ErrorResponse = parse("error_with_ec.xml");
    assert_eq!(e.code, "NoSuchKey");
    assert_eq!(e.ec.as_deref(), Some("0026-00000001"));
    assert_eq!(
        e.recommend_doc.as_deref(),
        Some("https://api.aliyun.com/troubleshoot?q=0026-00000001")
    );
}

#[test]
fn list_objects() {
    let listing: ListBucketResult = parse("list_objects.xml");
    assert_eq!(listing.name, "oss-example");
    assert_eq!((listing.prefix.as_str(), listing.marker.as_str()), ("", ""));
    assert_eq!(listing.max_keys, 100);
    assert_eq!(listing.delimiter, "");
    assert!(!listing.is_truncated);
    assert_eq!(listing.next_marker, None);
    assert_eq!(listing.encoding_type, None);
    let keys: Vec<&str> = listing.contents.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "fun/movie/001.avi",
            "fun/movie/007.avi",
            "fun/test.jpg",
            "oss.jpg"
        ]
    );
    let first = &listing.contents[0];
    assert_eq!(first.etag.raw(), "\"5B3C1A2E053D763E1B002CC607C5A0FE\"");
    assert_eq!(first.etag.as_str(), "5B3C1A2E053D763E1B002CC607C5A0FE");
    assert_eq!(first.object_type, Some(ObjectType::Normal));
    assert_eq!(first.size, 344_606);
    assert_eq!(first.storage_class, Some(StorageClass::Standard));
    assert_eq!(
        first.last_modified.to_system_time(),
        Some(unix(1_330_072_987))
    );
    let owner = first.owner.as_ref().unwrap();
    assert_eq!(
        (owner.id.as_str(), owner.display_name.as_str()),
        ("0022012****", "user-example")
    );
    assert!(listing.common_prefixes.is_empty());
}

#[test]
fn list_objects_with_prefix_and_delimiter() {
    let listing: ListBucketResult = parse("list_objects_prefix.xml");
    assert_eq!(listing.prefix, "fun");
    assert_eq!(listing.contents.len(), 3);
    assert!(listing.contents.iter().all(|o| o.key.starts_with("fun")));

    let listing: ListBucketResult = parse("list_objects_delimiter.xml");
    assert_eq!(
        (listing.prefix.as_str(), listing.delimiter.as_str()),
        ("fun/", "/")
    );
    assert_eq!(listing.contents.len(), 1);
    assert_eq!(listing.contents[0].key, "fun/test.jpg");
    assert_eq!(
        listing.common_prefixes,
        [CommonPrefix {
            prefix: "fun/movie/".into()
        }]
    );
}

#[test]
fn list_objects_v2_url_encoded() {
    let raw: ListBucketResultV2 = parse("list_objects_v2.xml");
    assert_eq!(raw.prefix, "a%2F");
    assert_eq!(raw.encoding_type, Some(EncodingType::Url));

    let listing = ListBucketResultV2::from_xml_decoded(data("list_objects_v2.xml")).unwrap();
    assert_eq!(listing.name, "examplebucket");
    assert_eq!(listing.prefix, "a/");
    assert_eq!(listing.delimiter, "/");
    assert_eq!(listing.start_after.as_deref(), Some("a/b"));
    assert_eq!(
        listing.continuation_token.as_deref(),
        Some("ChR0ZXN0MS9hJTJCYiUyMGMudHh0EAA--")
    );
    assert_eq!(listing.next_continuation_token.as_deref(), Some("CgJiYw--"));
    assert_eq!((listing.max_keys, listing.key_count), (2, 2));
    assert!(listing.is_truncated);
    let object = &listing.contents[0];
    assert_eq!(object.key, "a/c+d e%.txt");
    assert_eq!(object.object_type, Some(ObjectType::Appendable));
    assert_eq!(object.storage_class, Some(StorageClass::ColdArchive));
    assert_eq!(object.owner, None);
    let restore: RestoreState = object.restore_info.as_deref().unwrap().parse().unwrap();
    assert_eq!(restore, RestoreState::InProgress);
    assert_eq!(listing.common_prefixes[0].prefix, "a/中/");
}

#[test]
fn acls() {
    let policy: AccessControlPolicy = parse("bucket_acl.xml");
    assert_eq!(policy.owner.id, "0022012****");
    assert_eq!(policy.owner.display_name, "user_example");
    assert_eq!(policy.grant, Acl::PublicRead);

    // The GetObjectACL example prints `public-read ` with a trailing space.
    let policy: AccessControlPolicy = parse("object_acl.xml");
    assert_eq!(policy.owner.id, "00220120222");
    assert_eq!(policy.grant, Acl::PublicRead);
}

#[test]
fn location() {
    let location: LocationConstraint = parse("location_constraint.xml");
    assert_eq!(location.location, "oss-cn-hangzhou");
    assert!(location
        .to_xml()
        .ends_with("<LocationConstraint>oss-cn-hangzhou</LocationConstraint>"));
}

#[test]
fn bucket_info() {
    let info: BucketInfo = parse("bucket_info.xml");
    let bucket = &info.bucket;
    assert_eq!(bucket.name, "oss-example");
    assert_eq!(bucket.location, "oss-cn-hangzhou");
    assert_eq!(bucket.creation_date.raw(), "2013-07-31T10:56:21.000Z");
    assert_eq!(bucket.extranet_endpoint, "oss-cn-hangzhou.aliyuncs.com");
    assert_eq!(
        bucket.intranet_endpoint,
        "oss-cn-hangzhou-internal.aliyuncs.com"
    );
    assert_eq!(bucket.owner.id, "27183473914****");
    assert_eq!(bucket.owner.display_name, "username");
    assert_eq!(bucket.acl, Some(Acl::Private));
    assert_eq!(bucket.comment.as_deref(), Some("test"));
    assert_eq!(bucket.storage_class, None);
}

#[test]
fn bucket_stat() {
    let stat: BucketStat = parse("bucket_stat.xml");
    assert_eq!(stat.storage, 1600);
    assert_eq!(stat.object_count, 230);
    assert_eq!(stat.multipart_upload_count, 40);
    assert_eq!(stat.live_channel_count, 4);
    assert_eq!(stat.last_modified_time, 1_643_341_269);
    assert_eq!(stat.standard_storage, Some(430));
    assert_eq!(stat.infrequent_access_storage, Some(2_359_296));
    assert_eq!(stat.infrequent_access_real_storage, Some(360));
    assert_eq!(stat.archive_object_count, Some(74));
    assert_eq!(stat.cold_archive_object_count, Some(36));
    assert_eq!(stat.deep_cold_archive_storage, None);

    let stat: BucketStat = parse("bucket_stat_minimal.xml");
    assert_eq!(
        (stat.storage, stat.object_count, stat.multipart_upload_count),
        (472_594_058, 666, 992)
    );
    assert_eq!(stat.standard_storage, None);
}

#[test]
fn copy_results() {
    let copy: CopyObjectResult = parse("copy_object_result_http_date.xml");
    assert_eq!(copy.etag.as_str(), "5B3C1A2E053D763E1B002CC607C5****");
    assert_eq!(copy.last_modified.raw(), "Fri, 24 Feb 2012 07:18:48 GMT");
    assert_eq!(
        copy.last_modified.to_system_time(),
        Some(unix(1_330_067_928))
    );

    let copy: CopyObjectResult = parse("copy_object_result.xml");
    assert_eq!(copy.etag.raw(), "\"F2064A169EE92E9775EE5324D0B1****\"");
    assert_eq!(
        copy.last_modified.to_system_time(),
        Some(unix(1_545_990_116))
    );

    let part: CopyPartResult = parse("copy_part_result.xml");
    assert_eq!(part.etag.as_str(), "5B3C1A2E053D763E1B002CC607C5****");
    assert_eq!(
        part.last_modified.to_system_time(),
        Some(unix(1_405_578_474))
    );
}

#[test]
fn delete_multiple_objects() {
    let request: DeleteRequest = parse("delete_request_verbose.xml");
    assert!(!request.quiet);
    let keys: Vec<&str> = request.objects.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, ["multipart.data", "test.jpg", "demo.jpg"]);
    assert!(request.objects.iter().all(|o| o.version_id.is_none()));

    let request: DeleteRequest = parse("delete_request_quiet.xml");
    assert!(request.quiet);
    assert_eq!(
        request,
        DeleteRequest::new(["multipart.data", "test.jpg", "demo.jpg"]).with_quiet(true)
    );

    let result: DeleteResult = parse("delete_result.xml");
    let keys: Vec<&str> = result.deleted.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(keys, ["multipart.data", "test.jpg", "demo.jpg"]);
    assert_eq!(result.deleted[0].delete_marker, None);
}

#[test]
fn delete_request_with_versions_is_written_as_oss_reads_it() {
    let mut request = DeleteRequest::new(["a.txt"]);
    request.objects.push(ObjectIdentifier {
        key: "b&c.txt".into(),
        version_id: Some("CAEQNhiBgM0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFhZjhjYmY0****".into()),
    });
    assert_eq!(
        request.to_xml(),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Delete><Quiet>false</Quiet>\
         <Object><Key>a.txt</Key></Object>\
         <Object><Key>b&amp;c.txt</Key>\
         <VersionId>CAEQNhiBgM0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFhZjhjYmY0****</VersionId>\
         </Object></Delete>"
    );
}

#[test]
fn tagging() {
    for file in ["tagging_request.xml", "tagging.xml"] {
        let tagging: Tagging = parse(file);
        assert_eq!(tagging, Tagging::new([("a", "1"), ("b", "2")]), "{file}");
        assert_eq!(tagging.get("b"), Some("2"));
        assert_eq!(tagging.get("c"), None);
    }
    assert_eq!(
        Tagging::new([("k", "v")]).to_xml(),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>"
    );
    assert!(Tagging::default()
        .to_xml()
        .ends_with("<Tagging><TagSet/></Tagging>"));
}

#[test]
fn restore_request() {
    let request: RestoreRequest = parse("restore_request.xml");
    assert_eq!(
        request,
        RestoreRequest::new(2).with_tier(RestoreTier::Standard)
    );
    assert!(RestoreRequest::new(1)
        .with_tier(RestoreTier::Expedited)
        .to_xml()
        .ends_with(
            "<RestoreRequest><Days>1</Days><JobParameters><Tier>Expedited</Tier>\
             </JobParameters></RestoreRequest>"
        ));
}

#[test]
fn multipart_upload() {
    let initiated: InitiateMultipartUploadResult = parse("initiate_multipart_upload_result.xml");
    assert_eq!(initiated.bucket, "multipart_upload");
    assert_eq!(initiated.key, "multipart.data");
    assert_eq!(initiated.upload_id, "0004B9894A22E5B1888A1E29F823****");
    assert_eq!(initiated.encoding_type, None);

    let complete: CompleteMultipartUpload = parse("complete_multipart_upload.xml");
    let numbers: Vec<u32> = complete.parts.iter().map(|p| p.part_number).collect();
    assert_eq!(numbers, [1, 5, 8]);
    assert_eq!(
        complete.parts[1].etag.raw(),
        "\"8EFDA8BE206636A695359836FE0A****\""
    );
    assert_eq!(
        complete,
        CompleteMultipartUpload::new([
            (8, "\"8C315065167132444177411FDA14****\""),
            (1, "\"3349DC700140D7F86A0784842780****\""),
            (5, "\"8EFDA8BE206636A695359836FE0A****\""),
        ])
    );

    let done: CompleteMultipartUploadResult = parse("complete_multipart_upload_result.xml");
    assert_eq!(
        done.location,
        "http://oss-example.oss-cn-hangzhou.aliyuncs.com/multipart.data"
    );
    assert_eq!(done.bucket, "oss-example");
    assert_eq!(done.key, "multipart.data");
    assert_eq!(done.etag.raw(), "B864DB6A936D376F9F8D3ED3BBE540****");
    assert_eq!(done.etag.as_str(), "B864DB6A936D376F9F8D3ED3BBE540****");
}

#[test]
fn list_multipart_uploads() {
    let result: ListMultipartUploadsResult = parse("list_multipart_uploads_result.xml");
    assert_eq!(result.bucket, "oss-example");
    assert_eq!(
        (result.key_marker.as_str(), result.upload_id_marker.as_str()),
        ("", "")
    );
    assert_eq!(result.next_key_marker, "oss.avi");
    assert_eq!(
        result.next_upload_id_marker,
        "0004B99B8E707874FC2D692FA5D77D3F"
    );
    assert_eq!(result.max_uploads, 1000);
    assert!(!result.is_truncated);
    assert_eq!(result.uploads.len(), 3);
    assert_eq!(result.uploads[0].key, "multipart.data");
    assert_eq!(
        result.uploads[0].upload_id,
        "0004B999EF518A1FE585B0C9360DC4C8"
    );
    assert_eq!(result.uploads[2].key, "oss.avi");
    assert_eq!(
        result.uploads[2].initiated.to_system_time(),
        Some(unix(1_329_977_667))
    );

    let result = ListMultipartUploadsResult::from_xml_decoded(data(
        "list_multipart_uploads_url_encoded.xml",
    ))
    .unwrap();
    assert_eq!(result.key_marker, "a b");
    assert_eq!(result.next_key_marker, "dir/z\n");
    assert_eq!(
        (result.prefix.as_str(), result.delimiter.as_str()),
        ("dir/", "/")
    );
    assert_eq!(result.uploads[0].key, "dir/z\n");
    assert_eq!(result.uploads[0].storage_class, Some(StorageClass::Ia));
    assert_eq!(result.common_prefixes[0].prefix, "dir/sub/");
    assert!(result.is_truncated);
}

#[test]
fn list_parts() {
    let result: ListPartsResult = parse("list_parts_result.xml");
    assert_eq!(result.bucket, "multipart_upload");
    assert_eq!(result.key, "multipart.data");
    assert_eq!(result.upload_id, "0004B999EF5A239BB9138C6227D69F95");
    assert_eq!(result.part_number_marker, None);
    assert_eq!(result.next_part_number_marker, Some(5));
    assert_eq!(result.max_parts, 1000);
    assert!(!result.is_truncated);
    let parts: Vec<(u32, u64)> = result
        .parts
        .iter()
        .map(|p| (p.part_number, p.size))
        .collect();
    assert_eq!(parts, [(1, 6_291_456), (2, 6_291_456), (5, 1024)]);
    assert_eq!(
        result.parts[2].etag.as_str(),
        "7265F4D211B56873A381D321F586E4A9"
    );
    assert_eq!(result.parts[0].hash_crc64ecma, None);
}

#[test]
fn every_example_survives_a_round_trip() {
    fn check<T: XmlBody + PartialEq + std::fmt::Debug>(name: &str) {
        let parsed: T = parse(name);
        let again = T::from_xml(parsed.to_xml()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(again, parsed, "{name}");
    }
    check::<ListAllMyBucketsResult>("list_buckets.xml");
    check::<ListAllMyBucketsResult>("list_buckets_truncated.xml");
    check::<CreateBucketConfiguration>("create_bucket_configuration.xml");
    check::<ErrorResponse>("error_signature_does_not_match.xml");
    check::<ErrorResponse>("error_with_ec.xml");
    check::<ListBucketResult>("list_objects_delimiter.xml");
    check::<ListBucketResultV2>("list_objects_v2.xml");
    check::<AccessControlPolicy>("object_acl.xml");
    check::<LocationConstraint>("location_constraint.xml");
    check::<BucketInfo>("bucket_info.xml");
    check::<BucketStat>("bucket_stat.xml");
    check::<CopyObjectResult>("copy_object_result_http_date.xml");
    check::<CopyPartResult>("copy_part_result.xml");
    check::<DeleteRequest>("delete_request_quiet.xml");
    check::<DeleteResult>("delete_result.xml");
    check::<Tagging>("tagging.xml");
    check::<RestoreRequest>("restore_request.xml");
    check::<InitiateMultipartUploadResult>("initiate_multipart_upload_result.xml");
    check::<CompleteMultipartUpload>("complete_multipart_upload.xml");
    check::<CompleteMultipartUploadResult>("complete_multipart_upload_result.xml");
    check::<ListMultipartUploadsResult>("list_multipart_uploads_url_encoded.xml");
    check::<ListPartsResult>("list_parts_result.xml");
}

#[test]
fn cors_configuration() {
    use oss_model::op::Document;
    let cors: CorsConfiguration = parse("cors_configuration.xml");
    assert_eq!(cors.rules.len(), 2);
    assert_eq!(cors.rules[0].allowed_origins, ["*"]);
    assert_eq!(cors.rules[0].allowed_methods, ["PUT", "GET"]);
    assert_eq!(cors.rules[0].allowed_headers, ["Authorization"]);
    assert_eq!(cors.rules[0].max_age_seconds, None);
    let second = &cors.rules[1];
    assert_eq!(
        second.allowed_origins,
        ["http://www.a.com", "http://www.b.com"]
    );
    assert_eq!(second.expose_headers, ["x-oss-test", "x-oss-test1"]);
    assert_eq!(second.max_age_seconds, Some(100));
    assert!(cors.check().is_ok());
    assert_eq!(CorsConfiguration::from_xml(cors.to_xml()).unwrap(), cors);
}

// Bucket configurations of the reference.

#[test]
fn bucket_logging_status() {
    use oss_model::op::Document;
    let status: BucketLoggingStatus = parse("bucket_logging_status.xml");
    let enabled = status.logging_enabled.as_ref().unwrap();
    assert_eq!(enabled.target_bucket, "doc-log");
    assert_eq!(enabled.target_prefix.as_deref(), Some("MyLog-"));
    assert!(status.check().is_ok());
    let got: BucketLoggingStatus = parse("bucket_logging_status_get.xml");
    assert_eq!(
        got,
        BucketLoggingStatus::enabled("mybucketlogs", "mybucket-access_log/")
    );
    // Turning logging off, and what a bucket without logging answers.
    for name in [
        "bucket_logging_status_disable.xml",
        "bucket_logging_status_unset.xml",
    ] {
        let off: BucketLoggingStatus = parse(name);
        assert_eq!(off, BucketLoggingStatus::default(), "{name}");
    }
    assert_eq!(BucketLoggingStatus::from_xml(got.to_xml()).unwrap(), got);
}

#[test]
fn website_configuration() {
    use oss_model::op::Document;
    let site: WebsiteConfiguration = parse("website_configuration.xml");
    assert_eq!(site.index_document.as_ref().unwrap().suffix, "index.html");
    assert_eq!(site.error_document.as_ref().unwrap().key, "error.html");
    let rules = site.routing_rules.as_ref().unwrap();
    assert_eq!(rules.len(), 2);
    let mirror = &rules[0].redirect;
    assert_eq!(mirror.redirect_type, "Mirror");
    assert_eq!(mirror.mirror_url.as_deref(), Some("http://www.test.com/"));
    let headers = mirror.mirror_headers.as_ref().unwrap();
    assert_eq!(headers.pass, ["myheader-key1", "myheader-key2"]);
    assert_eq!(headers.set[0].value, "myheader-value5");
    let cdn = &rules[1];
    assert_eq!(cdn.condition.include_headers[0].key, "host");
    assert_eq!(cdn.redirect.http_redirect_code, Some(301));
    assert_eq!(
        cdn.redirect.target_key("abc/test", Some("abc/")),
        "prefix/abc/test.suffix"
    );
    assert!(site.check().is_ok());
    assert_eq!(WebsiteConfiguration::from_xml(site.to_xml()).unwrap(), site);
    for name in [
        "website_configuration_simple.xml",
        "website_configuration_get.xml",
    ] {
        let simple: WebsiteConfiguration = parse(name);
        assert_eq!(
            simple,
            WebsiteConfiguration::new("index.html", Some("error.html")),
            "{name}"
        );
    }
}

#[test]
fn referer_configuration() {
    use oss_model::op::Document;
    let config: RefererConfiguration = parse("referer_configuration.xml");
    assert!(config.allow_empty_referer);
    // The reference's referers keep their leading space; matching trims it.
    assert_eq!(config.referers.len(), 4);
    assert_eq!(config.referers[2], " http://www.*.com");
    assert!(config.allows(Some("http://www.example.com")));
    assert!(config.allows(Some("https://www.x.aliyuncs.com")));
    assert!(!config.allows(Some("https://www.xy.aliyuncs.com")));
    assert!(config.allows(None));
    assert!(config.check().is_ok());
    let unset: RefererConfiguration = parse("referer_configuration_unset.xml");
    assert_eq!(unset, RefererConfiguration::default());
    assert_eq!(
        RefererConfiguration::from_xml(config.to_xml()).unwrap(),
        config
    );
}

#[test]
fn lifecycle_configuration() {
    use oss_model::op::Document;
    let config: LifecycleConfiguration = parse("lifecycle_configuration.xml");
    assert_eq!(config.rules.len(), 6);
    let first = &config.rules[0];
    assert_eq!(
        first.id.as_deref(),
        Some("delete objects and parts after one day")
    );
    assert_eq!(first.prefix.as_deref(), Some("logs/"));
    assert_eq!(first.expiration.as_ref().unwrap().days, Some(1));
    assert_eq!(first.abort_multipart_upload.as_ref().unwrap().days, Some(1));
    let data = &config.rules[1];
    assert_eq!(
        data.id.as_deref(),
        Some("transit objects to IA after 30, to Archive 60, expire after 10 years")
    );
    assert_eq!(data.transitions.len(), 2);
    assert_eq!(data.transitions[1].storage_class, StorageClass::Archive);
    assert_eq!(data.expiration.as_ref().unwrap().days, Some(3600));
    let dated = &config.rules[3];
    assert_eq!(
        dated
            .expiration
            .as_ref()
            .unwrap()
            .created_before_date
            .as_deref(),
        Some("2017-01-01T00:00:00.000Z")
    );
    let tagged = &config.rules[4];
    assert_eq!(tagged.tags.len(), 2);
    assert!(tagged.applies_to(
        "rule1/a",
        &[("xx".into(), "1".into()), ("yy".into(), "2".into())]
    ));
    assert!(!tagged.applies_to("rule1/a", &[("xx".into(), "1".into())]));
    assert!(config.check().is_ok(), "{:?}", config.check());
    assert_eq!(
        LifecycleConfiguration::from_xml(config.to_xml()).unwrap(),
        config
    );
    let got: LifecycleConfiguration = parse("lifecycle_configuration_get.xml");
    assert_eq!(
        got,
        LifecycleConfiguration::new([LifecycleRule::expire_after_days(
            "delete after one day",
            "logs/",
            1
        )])
    );
}

#[test]
fn lifecycle_rules_of_the_reference_are_enforced() {
    use oss_model::op::Document;
    let rule = |xml: &str| {
        LifecycleConfiguration::from_xml(format!(
            "<LifecycleConfiguration><Rule><Prefix>p/</Prefix><Status>Enabled</Status>{xml}</Rule></LifecycleConfiguration>"
        ))
        .unwrap()
        .check()
    };
    assert!(rule("<Expiration><Days>2</Days></Expiration>").is_ok());
    for bad in [
        "",
        "<Expiration><Days>0</Days></Expiration>",
        "<Expiration><Days>1</Days><CreatedBeforeDate>2017-01-01T00:00:00.000Z</CreatedBeforeDate></Expiration>",
        "<Expiration><CreatedBeforeDate>2017-01-01T08:00:00.000Z</CreatedBeforeDate></Expiration>",
        "<Transition><Days>30</Days><StorageClass>Standard</StorageClass></Transition>",
        "<Transition><Days>30</Days><StorageClass>IA</StorageClass></Transition><Expiration><Days>30</Days></Expiration>",
        "<Transition><Days>60</Days><StorageClass>IA</StorageClass></Transition><Transition><Days>30</Days><StorageClass>Archive</StorageClass></Transition>",
    ] {
        assert!(rule(bad).is_err(), "{bad}");
    }
    let overlapping = LifecycleConfiguration::new([
        LifecycleRule::expire_after_days("a", "logs/", 1),
        LifecycleRule::expire_after_days("b", "logs/2024/", 2),
    ]);
    assert!(overlapping.check().is_err());
}
