//! Responses parse with or without `xmlns`, with elements and attributes a newer OSS may add,
//! and anything else fails with a [`ParseError`] instead of a panic or a wrong model.

use std::fmt::Debug;
use std::fs;
use std::path::Path;

use oss_model::*;

type Parser = fn(&[u8]) -> Result<String, ParseError>;

fn parser<T: XmlBody + Debug>() -> Parser {
    |xml| T::from_xml(xml).map(|body| format!("{body:?}"))
}

/// Every data file with the model it holds.
fn examples() -> Vec<(&'static str, Parser)> {
    vec![
        ("list_buckets.xml", parser::<ListAllMyBucketsResult>()),
        (
            "list_buckets_truncated.xml",
            parser::<ListAllMyBucketsResult>(),
        ),
        (
            "create_bucket_configuration.xml",
            parser::<CreateBucketConfiguration>(),
        ),
        ("error_invalid_argument.xml", parser::<ErrorResponse>()),
        (
            "error_signature_does_not_match.xml",
            parser::<ErrorResponse>(),
        ),
        (
            "error_no_such_website_configuration.xml",
            parser::<ErrorResponse>(),
        ),
        ("error_no_such_bucket.xml", parser::<ErrorResponse>()),
        ("error_access_denied.xml", parser::<ErrorResponse>()),
        (
            "error_restore_already_in_progress.xml",
            parser::<ErrorResponse>(),
        ),
        ("error_with_ec.xml", parser::<ErrorResponse>()),
        ("list_objects.xml", parser::<ListBucketResult>()),
        ("list_objects_prefix.xml", parser::<ListBucketResult>()),
        ("list_objects_delimiter.xml", parser::<ListBucketResult>()),
        ("list_objects_v2.xml", parser::<ListBucketResultV2>()),
        ("bucket_acl.xml", parser::<AccessControlPolicy>()),
        ("object_acl.xml", parser::<AccessControlPolicy>()),
        ("location_constraint.xml", parser::<LocationConstraint>()),
        ("bucket_info.xml", parser::<BucketInfo>()),
        ("bucket_stat.xml", parser::<BucketStat>()),
        ("bucket_stat_minimal.xml", parser::<BucketStat>()),
        (
            "copy_object_result_http_date.xml",
            parser::<CopyObjectResult>(),
        ),
        ("copy_object_result.xml", parser::<CopyObjectResult>()),
        ("copy_part_result.xml", parser::<CopyPartResult>()),
        ("delete_request_verbose.xml", parser::<DeleteRequest>()),
        ("delete_request_quiet.xml", parser::<DeleteRequest>()),
        ("delete_result.xml", parser::<DeleteResult>()),
        ("tagging_request.xml", parser::<Tagging>()),
        ("tagging.xml", parser::<Tagging>()),
        ("restore_request.xml", parser::<RestoreRequest>()),
        ("cors_configuration.xml", parser::<CorsConfiguration>()),
        // Bucket configurations of the reference.
        ("bucket_logging_status.xml", parser::<BucketLoggingStatus>()),
        (
            "bucket_logging_status_disable.xml",
            parser::<BucketLoggingStatus>(),
        ),
        (
            "bucket_logging_status_get.xml",
            parser::<BucketLoggingStatus>(),
        ),
        (
            "bucket_logging_status_unset.xml",
            parser::<BucketLoggingStatus>(),
        ),
        (
            "website_configuration.xml",
            parser::<WebsiteConfiguration>(),
        ),
        (
            "website_configuration_simple.xml",
            parser::<WebsiteConfiguration>(),
        ),
        (
            "website_configuration_get.xml",
            parser::<WebsiteConfiguration>(),
        ),
        (
            "referer_configuration.xml",
            parser::<RefererConfiguration>(),
        ),
        (
            "referer_configuration_unset.xml",
            parser::<RefererConfiguration>(),
        ),
        (
            "lifecycle_configuration.xml",
            parser::<LifecycleConfiguration>(),
        ),
        (
            "lifecycle_configuration_get.xml",
            parser::<LifecycleConfiguration>(),
        ),
        (
            "initiate_multipart_upload_result.xml",
            parser::<InitiateMultipartUploadResult>(),
        ),
        (
            "complete_multipart_upload.xml",
            parser::<CompleteMultipartUpload>(),
        ),
        (
            "complete_multipart_upload_result.xml",
            parser::<CompleteMultipartUploadResult>(),
        ),
        (
            "list_multipart_uploads_result.xml",
            parser::<ListMultipartUploadsResult>(),
        ),
        (
            "list_multipart_uploads_url_encoded.xml",
            parser::<ListMultipartUploadsResult>(),
        ),
        ("list_parts_result.xml", parser::<ListPartsResult>()),
    ]
}

fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_data_file_is_listed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".xml"))
        .collect();
    files.sort();
    let mut listed: Vec<&str> = examples().into_iter().map(|(name, _)| name).collect();
    listed.sort();
    assert_eq!(files, listed);
}

/// The byte range of the root start tag's name and attributes: `<Name attrs>`.
fn root_tag(xml: &str, root: &str) -> (usize, usize) {
    let start = xml.find(&format!("<{root}")).expect("root start tag");
    let end = start + xml[start..].find('>').unwrap();
    (start, end)
}

fn root_of(xml: &str) -> String {
    let body = xml.trim_start();
    let body = if body.starts_with("<?") {
        &body[body.find("?>").unwrap() + 2..]
    } else {
        body
    };
    let open = body.find('<').unwrap() + 1;
    body[open..]
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn the_namespace_is_optional() {
    const XMLNS: &str = " xmlns=\"http://doc.oss-cn-hangzhou.aliyuncs.com\"";
    for (name, parse) in examples() {
        let xml = data(name);
        let root = root_of(&xml);
        let (start, end) = root_tag(&xml, &root);
        let bare = format!("{}<{root}>{}", &xml[..start], &xml[end + 1..]);
        let with = format!("{}<{root}{XMLNS}>{}", &xml[..start], &xml[end + 1..]);
        let expected = parse(xml.as_bytes()).unwrap();
        assert_eq!(
            parse(bare.as_bytes()).unwrap(),
            expected,
            "{name} without xmlns"
        );
        assert_eq!(
            parse(with.as_bytes()).unwrap(),
            expected,
            "{name} with xmlns"
        );
    }
}

#[test]
fn unknown_elements_and_attributes_are_skipped() {
    const FUTURE: &str = "<FutureElement kind=\"new\"><Nested><Key>not a key</Key></Nested>\
                          text</FutureElement><Flag/>";
    for (name, parse) in examples() {
        let xml = data(name);
        let root = root_of(&xml);
        if root == "LocationConstraint" {
            continue; // a text element has no children to add
        }
        let (start, end) = root_tag(&xml, &root);
        let close = xml.rfind(&format!("</{root}")).unwrap();
        let extended = format!(
            "{}<{root} version=\"2\" xmlns:x=\"urn:x\"{}>{FUTURE}{}{FUTURE}{}",
            &xml[..start],
            &xml[start + 1 + root.len()..end],
            &xml[end + 1..close],
            &xml[close..]
        );
        assert_eq!(
            parse(extended.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}\n{extended}")),
            parse(xml.as_bytes()).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn unknown_elements_inside_repeated_ones_are_skipped() {
    let xml = data("list_objects.xml")
        .replace(
            "<Contents>",
            "<Contents><Checksum type=\"crc\">1</Checksum>",
        )
        .replace("<Owner>", "<Owner><Kind/>")
        .replace(
            "<Type>Normal</Type>",
            "<Type>Normal</Type><TransitionTime>x</TransitionTime>",
        );
    let extended = ListBucketResult::from_xml(&xml).unwrap();
    assert_eq!(
        extended,
        ListBucketResult::from_xml(data("list_objects.xml")).unwrap()
    );
}

#[test]
fn repeated_elements_may_be_interleaved() {
    let xml = "<ListBucketResult><Contents><Key>a</Key></Contents>\
               <CommonPrefixes><Prefix>d/</Prefix></CommonPrefixes><Unknown/>\
               <Contents><Key>b</Key></Contents><Name>bucket</Name></ListBucketResult>";
    let listing = ListBucketResult::from_xml(xml).unwrap();
    let keys: Vec<&str> = listing.contents.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, ["a", "b"]);
    assert_eq!(listing.common_prefixes[0].prefix, "d/");
    assert_eq!(listing.name, "bucket");
}

#[test]
fn another_root_is_an_error_not_an_empty_model() {
    let error = data("error_no_such_bucket.xml");
    let e = ListBucketResult::from_xml(&error).unwrap_err();
    assert_eq!(
        e.message(),
        "ListBucketResult: expected the root element <ListBucketResult>, found <Error>"
    );
    assert!(ErrorResponse::from_xml(data("list_objects.xml")).is_err());
    assert!(ListBucketResult::from_xml("").is_err());
    assert!(ListBucketResult::from_xml("<?xml version=\"1.0\"?>  ").is_err());
}

#[test]
fn malformed_values_are_errors() {
    let cases: [(&str, Result<String, ParseError>); 5] = [
        (
            "missing UploadId",
            parser::<InitiateMultipartUploadResult>()(
                b"<InitiateMultipartUploadResult><Key>k</Key></InitiateMultipartUploadResult>",
            ),
        ),
        (
            "size overflow",
            parser::<ListBucketResult>()(
                b"<ListBucketResult><Contents><Key>k</Key><Size>99999999999999999999</Size></Contents></ListBucketResult>",
            ),
        ),
        (
            "bad boolean",
            parser::<ListBucketResult>()(b"<ListBucketResult><IsTruncated>yes</IsTruncated></ListBucketResult>"),
        ),
        ("not UTF-8", parser::<Tagging>()(b"<Tagging><TagSet><Tag><Key>\xff</Key></Tag></TagSet></Tagging>")),
        (
            "custom entity",
            parser::<Tagging>()(
                b"<!DOCTYPE Tagging [<!ENTITY a \"b\">]><Tagging><TagSet><Tag><Key>&a;</Key></Tag></TagSet></Tagging>",
            ),
        ),
    ];
    for (case, result) in cases {
        let error = result.expect_err(case);
        assert!(!error.message().is_empty(), "{case}");
    }
    let e = InitiateMultipartUploadResult::from_xml(
        "<InitiateMultipartUploadResult><Key>k</Key></InitiateMultipartUploadResult>",
    )
    .unwrap_err();
    assert!(e.message().contains("UploadId"), "{e}");
}

#[test]
fn lenient_values() {
    let listing = ListBucketResult::from_xml(
        "\u{feff}<ListBucketResult><MaxKeys></MaxKeys><IsTruncated> TRUE </IsTruncated>\
         <Contents><Key> spaced key </Key><Size> 12 </Size></Contents></ListBucketResult>",
    )
    .unwrap();
    assert_eq!(listing.max_keys, 0);
    assert!(listing.is_truncated);
    // Keys keep their whitespace: it is part of the name.
    assert_eq!(listing.contents[0].key, " spaced key ");
    assert_eq!(listing.contents[0].size, 12);
    let parts = ListPartsResult::from_xml(
        "<ListPartsResult><PartNumberMarker></PartNumberMarker><NextPartNumberMarker> 7 \
         </NextPartNumberMarker></ListPartsResult>",
    )
    .unwrap();
    assert_eq!(parts.part_number_marker, None);
    assert_eq!(parts.next_part_number_marker, Some(7));
}

#[test]
fn truncated_and_corrupted_bodies_never_panic() {
    let parsers: Vec<Parser> = examples().into_iter().map(|(_, p)| p).collect();
    for (name, parse) in examples() {
        let xml = data(name).into_bytes();
        for end in 0..xml.len() {
            let _ = parse(&xml[..end]);
        }
        // Every parser on the whole document, and on a few corruptions of it.
        for other in &parsers {
            let _ = other(&xml);
        }
        for (i, byte) in [b'<', b'>', b'&', b'/', 0xff].into_iter().enumerate() {
            let mut corrupted = xml.clone();
            let at = (i + 1) * xml.len() / 7;
            corrupted[at] = byte;
            let _ = parse(&corrupted);
        }
    }
}
