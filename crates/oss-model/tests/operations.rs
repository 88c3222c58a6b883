//! The operation table: names, selectors that tell operations apart, and the generic
//! operations' request and response codecs.

use oss_model::dialect::{Dialect, Header, QueryParam};
use oss_model::op::{
    self, select, ClientKind, Described, Method, OpName, Operation, OutputKind, Received,
    RequestParts, ServerKind, Target, OPERATIONS,
};
use oss_model::{Acl, CorsConfiguration, CorsRule, Tagging};

#[test]
fn every_name_reads_back_and_names_its_row() {
    assert_eq!(OpName::ALL.len(), OPERATIONS.len());
    for (name, info) in OpName::ALL.iter().zip(OPERATIONS) {
        assert_eq!(info.name, *name);
        assert_eq!(OpName::parse(name.as_str()), Some(*name));
        assert_eq!(name.info().name, *name);
        assert!(name
            .snake_case()
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
    }
    assert_eq!(OpName::parse("NoSuchOperation"), None);
}

#[test]
fn no_two_rows_are_selected_by_the_same_request() {
    for a in OPERATIONS {
        for b in OPERATIONS {
            if a.name == b.name || a.method != b.method || a.target != b.target {
                continue;
            }
            let same = a.selector.len() == b.selector.len()
                && a.selector.iter().all(|s| b.selector.contains(s))
                && a.selector_header == b.selector_header;
            assert!(!same, "{} and {} share a selector", a.name, b.name);
        }
    }
}

fn route(method: Method, target: Target, query: &[(&str, &str)], copy: bool) -> OpName {
    select(
        OPERATIONS.iter().copied(),
        &Dialect::OSS,
        method,
        target,
        query,
        |h| copy && h == Header::CopySource,
    )
    .map(|info| info.name)
    .unwrap_or_else(|| panic!("no operation for {method:?} {target:?} {query:?}"))
}

#[test]
fn requests_select_the_operation_the_reference_names() {
    use Method::*;
    use Target::*;
    /// Method, target, query, whether a copy source is sent, and the operation.
    type Case = (
        Method,
        Target,
        &'static [(&'static str, &'static str)],
        bool,
        OpName,
    );
    let cases: &[Case] = &[
        (Get, Service, &[], false, OpName::ListBuckets),
        (Put, Bucket, &[], false, OpName::PutBucket),
        (Put, Bucket, &[("acl", "")], false, OpName::PutBucketAcl),
        (Get, Bucket, &[], false, OpName::ListObjects),
        (Get, Bucket, &[("prefix", "a")], false, OpName::ListObjects),
        (
            Get,
            Bucket,
            &[("list-type", "2")],
            false,
            OpName::ListObjectsV2,
        ),
        (
            Get,
            Bucket,
            &[("list-type", "1")],
            false,
            OpName::ListObjects,
        ),
        (
            Get,
            Bucket,
            &[("uploads", "")],
            false,
            OpName::ListMultipartUploads,
        ),
        (Get, Bucket, &[("cors", "")], false, OpName::GetBucketCors),
        (
            Delete,
            Bucket,
            &[("cors", "")],
            false,
            OpName::DeleteBucketCors,
        ),
        (Delete, Bucket, &[], false, OpName::DeleteBucket),
        (
            Post,
            Bucket,
            &[("delete", "")],
            false,
            OpName::DeleteMultipleObjects,
        ),
        (Put, Object, &[], false, OpName::PutObject),
        (Put, Object, &[], true, OpName::CopyObject),
        (
            Put,
            Object,
            &[("partNumber", "1"), ("uploadId", "u")],
            false,
            OpName::UploadPart,
        ),
        (
            Put,
            Object,
            &[("partNumber", "1"), ("uploadId", "u")],
            true,
            OpName::UploadPartCopy,
        ),
        (Put, Object, &[("acl", "")], false, OpName::PutObjectAcl),
        (Get, Object, &[("uploadId", "u")], false, OpName::ListParts),
        (
            Get,
            Object,
            &[("response-content-type", "a/b")],
            false,
            OpName::GetObject,
        ),
        (
            Head,
            Object,
            &[("objectMeta", "")],
            false,
            OpName::GetObjectMeta,
        ),
        (
            Delete,
            Object,
            &[("uploadId", "u")],
            false,
            OpName::AbortMultipartUpload,
        ),
        (
            Delete,
            Object,
            &[("tagging", "")],
            false,
            OpName::DeleteObjectTagging,
        ),
        (
            Post,
            Object,
            &[("append", ""), ("position", "0")],
            false,
            OpName::AppendObject,
        ),
        (
            Post,
            Object,
            &[("uploads", "")],
            false,
            OpName::InitiateMultipartUpload,
        ),
        (
            Post,
            Object,
            &[("uploadId", "u")],
            false,
            OpName::CompleteMultipartUpload,
        ),
        (
            Post,
            Object,
            &[("restore", "")],
            false,
            OpName::RestoreObject,
        ),
    ];
    for (method, target, query, copy, expected) in cases {
        assert_eq!(
            route(*method, *target, query, *copy),
            *expected,
            "{method:?} {target:?} {query:?}"
        );
    }
    assert!(select(
        OPERATIONS.iter().copied(),
        &Dialect::OSS,
        Post,
        Object,
        &[],
        |_| false
    )
    .is_none());
}

fn received<'a>(
    request: &'a RequestParts,
    query: &'a mut Vec<(&'a str, &'a str)>,
    headers: &'a mut Vec<(&'a str, &'a str)>,
) -> Received<'a> {
    query.extend(request.query.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    headers.extend(
        request
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str())),
    );
    Received {
        query,
        headers,
        body: request.body.as_deref().unwrap_or("").as_bytes(),
    }
}

#[test]
fn a_document_operation_writes_its_selector_and_body_and_reads_them_back() {
    let cors = CorsConfiguration::new([CorsRule::new(["*"], ["GET"]).max_age_seconds(60)]);
    let input = op::put_bucket_cors::Input::new(cors.clone());
    let mut request = RequestParts::default();
    op::PutBucketCors::write_request(&input, &Dialect::OSS, &mut request).unwrap();
    assert_eq!(request.query, [("cors".to_owned(), String::new())]);
    assert!(request
        .headers
        .contains(&("content-type".to_owned(), "application/xml".to_owned())));
    let (mut q, mut h) = (Vec::new(), Vec::new());
    let back = op::PutBucketCors::read_request(&received(&request, &mut q, &mut h), &Dialect::OSS)
        .unwrap();
    assert_eq!(back, input);
    assert_eq!(
        op::PutBucketCors::INFO.server,
        ServerKind::Document {
            name: "cors",
            missing: oss_model::code::ErrorCode::NoSuchCORSConfiguration
        }
    );
    assert_eq!(
        op::GetBucketCors::INFO.output,
        OutputKind::Xml("CORSConfiguration")
    );
}

#[test]
fn a_document_that_breaks_the_rules_is_refused_before_sending() {
    let bad = CorsConfiguration::new([CorsRule::new(["*"], ["PATCH"])]);
    let mut request = RequestParts::default();
    let error = op::PutBucketCors::write_request(
        &op::put_bucket_cors::Input::new(bad),
        &Dialect::OSS,
        &mut request,
    )
    .unwrap_err();
    assert_eq!(error.field, "cors");
    assert!(error.error.message.contains("PATCH"), "{error}");
    let too_many = CorsConfiguration::new((0..11).map(|_| CorsRule::new(["*"], ["GET"])));
    assert!(op::PutBucketCors::write_request(
        &op::put_bucket_cors::Input::new(too_many),
        &Dialect::OSS,
        &mut request
    )
    .is_err());
}

#[test]
fn inputs_travel_where_the_row_says() {
    let input = op::put_object_acl::Input::new(Acl::PublicRead).version_id("v1");
    let mut request = RequestParts::default();
    op::PutObjectAcl::write_request(&input, &Dialect::OSS, &mut request).unwrap();
    assert!(request.query.contains(&("acl".into(), "".into())));
    assert!(request.query.contains(&("versionId".into(), "v1".into())));
    assert_eq!(
        request.headers,
        [("x-oss-object-acl".to_owned(), "public-read".to_owned())]
    );

    // The selector is not sent twice when an input carries it.
    let mut request = RequestParts::default();
    op::AbortMultipartUpload::write_request(
        &op::abort_multipart_upload::Input::new("u 1"),
        &Dialect::OSS,
        &mut request,
    )
    .unwrap();
    assert_eq!(request.query, [("uploadId".to_owned(), "u 1".to_owned())]);

    // A key in a header is percent-encoded, and read back as the key.
    let mut request = RequestParts::default();
    op::PutSymlink::write_request(
        &op::put_symlink::Input::new("dir/a b+c.txt"),
        &Dialect::OSS,
        &mut request,
    )
    .unwrap();
    assert!(request
        .headers
        .contains(&("x-oss-symlink-target".into(), "dir/a%20b%2Bc.txt".into())));
    let (mut q, mut h) = (Vec::new(), Vec::new());
    let back =
        op::PutSymlink::read_request(&received(&request, &mut q, &mut h), &Dialect::OSS).unwrap();
    assert_eq!(back.target, "dir/a b+c.txt");
}

#[test]
fn a_vendor_named_query_parameter_is_spelled_by_the_dialect_and_selects_its_row() {
    let dialect = Dialect::OSS;
    let name = dialect.query_param(QueryParam::RedundancyTransitionTaskId);
    assert_eq!(name, "x-oss-redundancy-transition-taskid");

    let input = op::get_bucket_data_redundancy_transition::Input::new("task-1");
    let mut request = RequestParts::default();
    op::GetBucketDataRedundancyTransition::write_request(&input, &dialect, &mut request).unwrap();
    assert_eq!(
        request.query,
        [
            ("redundancyTransition".to_owned(), "".to_owned()),
            (name.to_owned(), "task-1".to_owned())
        ]
    );
    let (mut q, mut h) = (Vec::new(), Vec::new());
    let back = op::GetBucketDataRedundancyTransition::read_request(
        &received(&request, &mut q, &mut h),
        &dialect,
    )
    .unwrap();
    assert_eq!(back.task_id, "task-1");

    // With the task id the single task is read; without it, the list.
    use Method::Get;
    use Target::Bucket;
    let one = [("redundancyTransition", ""), (name, "task-1")];
    assert_eq!(
        route(Get, Bucket, &one, false),
        OpName::GetBucketDataRedundancyTransition
    );
    assert_eq!(
        route(Get, Bucket, &[("redundancyTransition", "")], false),
        OpName::ListBucketDataRedundancyTransition
    );
    assert!(op::GetBucketDataRedundancyTransition::INFO.reads_query(&dialect, name));
    assert!(!op::ListBucketDataRedundancyTransition::INFO.reads_query(&dialect, name));
}

#[test]
fn a_missing_required_input_is_a_parse_error() {
    let received = Received {
        query: &[("acl", "")],
        headers: &[],
        body: b"",
    };
    let error = op::PutBucketAcl::read_request(&received, &Dialect::OSS).unwrap_err();
    assert!(matches!(error, op::BadRequest::Malformed(_)), "{error}");
    assert!(error.to_string().contains("acl"), "{error}");

    // The server checks the rules the client checks.
    let body =
        oss_model::XmlBody::to_xml(&CorsConfiguration::new([CorsRule::new(["*"], ["PATCH"])]));
    let received = Received {
        query: &[("cors", "")],
        headers: &[],
        body: body.as_bytes(),
    };
    let error = op::PutBucketCors::read_request(&received, &Dialect::OSS).unwrap_err();
    assert!(matches!(error, op::BadRequest::Invalid(_)), "{error}");
    let check = op::PutBucketCors::INFO
        .read_request
        .expect("generic rows check requests");
    assert!(check(&received, &Dialect::OSS).is_err());
    let received = Received {
        query: &[("cors", "")],
        headers: &[],
        body: b"<CORSConfiguration><CORSRule>",
    };
    assert!(matches!(
        check(&received, &Dialect::OSS),
        Err(op::BadRequest::Malformed(_))
    ));
    assert!(op::PutObject::INFO.read_request.is_none());
}

#[test]
fn responses_read_as_the_row_says() {
    let body = Tagging::new([("a", "1")]);
    let xml = oss_model::XmlBody::to_xml(&body);
    let response = Received {
        query: &[],
        headers: &[],
        body: xml.as_bytes(),
    };
    assert_eq!(
        op::GetObjectTagging::read_response(&response, &Dialect::OSS).unwrap(),
        body
    );
    let headers = [("x-oss-symlink-target", "a%2Fb%20c"), ("ETag", "\"E\"")];
    let response = Received {
        query: &[],
        headers: &headers,
        body: b"",
    };
    let info = op::GetSymlink::read_response(&response, &Dialect::OSS).unwrap();
    assert_eq!(info.target, "a/b c");
    let response = Received {
        query: &[],
        headers: &[],
        body: b"",
    };
    assert!(op::GetSymlink::read_response(&response, &Dialect::OSS).is_err());
}

#[test]
fn generic_rows_have_no_stream_and_bespoke_rows_say_why() {
    for info in OPERATIONS {
        if info.client == ClientKind::Generic {
            assert_ne!(info.output, OutputKind::Bespoke, "{}", info.name);
        }
    }
}
