//! Bodies of the fuzz targets for `oss-auth`'s signature parsers and verifier.
//!
//! Each function takes the raw fuzzer input and must never panic. They live in a library, not
//! in the `fuzz_targets/` binaries, so that libFuzzer (`cargo fuzz run <target>`) and the
//! stable replay test (`tests/replay.rs`, over `corpus/<target>/`) run exactly the same code.
//!
//! Inputs are read as lossy UTF-8: the APIs take `&str`, and replacing invalid bytes still lets
//! non-UTF-8 seeds reach them.

use std::borrow::Cow;

use oss_auth::encoding::parse_query;
use oss_auth::verify::{parse_authorization, parse_presigned_query, ParsedSignature, Verifier};
use oss_auth::{Credentials, SignableRequest};

/// The server time `verify_request` checks against: 2023-12-16T16:20:57Z.
pub const NOW_UNIX_SECONDS: u64 = 1_702_743_657;

/// The method of the request `verify_request` builds.
pub const METHOD: &str = "GET";
/// The bucket of the request `verify_request` builds.
pub const BUCKET: &str = "examplebucket";
/// The object key of the request `verify_request` builds.
pub const KEY: &str = "exampleobject";

fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Checks what every successfully parsed signature promises.
fn check_parsed(parsed: &ParsedSignature) {
    assert!(!parsed.access_key_id().is_empty(), "{parsed:?}");
    match parsed {
        ParsedSignature::V1Header { signature, .. }
        | ParsedSignature::V1Query { signature, .. } => {
            assert!(!signature.is_empty(), "{parsed:?}")
        }
        ParsedSignature::V4Header { credential, .. }
        | ParsedSignature::V4Query { credential, .. }
        | ParsedSignature::AwsV4Header { credential, .. }
        | ParsedSignature::AwsV4Query { credential, .. } => {
            assert!(
                credential.date.len() == 8 && credential.date.bytes().all(|b| b.is_ascii_digit()),
                "{parsed:?}"
            );
            assert!(!credential.region.is_empty() && !credential.product.is_empty());
        }
        // Schemes added later: the access key id check above still holds.
        _ => {}
    }
    let _ = format!("{parsed:?}");
}

/// Target `authorization_header`: the whole input is an `Authorization` header value.
pub fn authorization_header(data: &[u8]) {
    let value = text(data);
    match parse_authorization(&value) {
        Ok(parsed) => {
            assert!(
                matches!(
                    parsed,
                    ParsedSignature::V1Header { .. } | ParsedSignature::V4Header { .. }
                ),
                "{parsed:?}"
            );
            check_parsed(&parsed);
        }
        Err(error) => {
            let _ = error.to_string();
        }
    }
}

/// Target `presigned_query`: the input is a raw URL query string, decoded by
/// [`parse_query`] (so the percent-decoder is fuzzed too) and handed to
/// [`parse_presigned_query`].
pub fn presigned_query(data: &[u8]) {
    let raw = text(data);
    let owned = parse_query(&raw);
    let pairs: Vec<(&str, &str)> = owned
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    match parse_presigned_query(&pairs) {
        Ok(Some(parsed)) => {
            assert!(
                matches!(
                    parsed,
                    ParsedSignature::V1Query { .. } | ParsedSignature::V4Query { .. }
                ),
                "{parsed:?}"
            );
            check_parsed(&parsed);
        }
        Ok(None) => {}
        Err(error) => {
            let _ = error.to_string();
        }
    }
}

/// Target `verify_request`: the input's lines are
///
/// 1. the `Authorization` header value (no header when the line is empty),
/// 2. a raw query string (decoded by [`parse_query`]),
/// 3. a date sent as both `Date` and `x-oss-date` (no date headers when there is no third
///    line); anything after it is ignored.
///
/// The request is `GET /examplebucket/exampleobject`, checked by
/// [`Verifier::verify`] at [`NOW_UNIX_SECONDS`] against the credentials `ak`/`sk` (whatever
/// access key id the request claims).
pub fn verify_request(data: &[u8]) {
    let input = text(data);
    let mut lines = input.split('\n');
    let authorization = lines.next().unwrap_or_default();
    let raw_query = lines.next().unwrap_or_default();
    let date = lines.next();

    let owned = parse_query(raw_query);
    let query: Vec<(&str, &str)> = owned
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let mut headers: Vec<(&str, &str)> = Vec::with_capacity(3);
    if !authorization.is_empty() {
        headers.push(("Authorization", authorization));
    }
    if let Some(date) = date {
        headers.push(("Date", date));
        headers.push(("x-oss-date", date));
    }
    let request = SignableRequest::new(METHOD)
        .bucket(BUCKET)
        .key(KEY)
        .query(&query)
        .headers(&headers);

    let now = oss_auth::time::from_unix_seconds(NOW_UNIX_SECONDS);
    let result = Verifier::new().verify(&request, now, |_| Some(Credentials::new("ak", "sk")));
    match result {
        Ok(verified) => {
            let _ = format!("{verified:?}");
        }
        Err(error) => {
            assert!(matches!(error.http_status(), 400 | 403), "{error:?}");
            assert!(!error.code().is_empty());
            let _ = error.to_string();
        }
    }
}

/// Target `model_parsers`: the input goes to every parser of `oss-model`, each of which must
/// never panic, and whatever parses must write back to the same value.
///
/// - As an XML body, to every [`oss_model::XmlBody`]; listings must also survive
///   `encoding-type=url` encoding then decoding of their names, and `from_xml_decoded`.
/// - As a header block (one `Name: value` per line; a line without a colon is a name with an
///   empty value), to `ObjectMeta::from_headers` and `ObjectHeaders::from_headers`.
pub fn model_parsers(data: &[u8]) {
    use oss_model::*;
    use std::fmt::Debug;

    fn body<T: XmlBody + PartialEq + Debug>(data: &[u8]) -> Option<T> {
        let parsed = T::from_xml(data).ok()?;
        let written = parsed.to_xml();
        let again = T::from_xml(&written)
            .unwrap_or_else(|e| panic!("{parsed:?} wrote {written:?}, which reads as {e}"));
        assert_eq!(again, parsed, "{written}");
        Some(parsed)
    }
    fn listing<T: XmlBody + KeyEncoding + Clone + PartialEq + Debug>(data: &[u8]) {
        let _ = T::from_xml_decoded(data);
        if let Some(mut parsed) = body::<T>(data) {
            let original = parsed.clone();
            parsed.encode_keys(&EncodingType::Url);
            parsed
                .decode_keys(&EncodingType::Url)
                .expect("encoded names decode");
            assert_eq!(parsed, original);
        }
    }
    type Pairs<'a> = [(&'a str, &'a str)];
    fn headers<T: PartialEq + Debug>(
        pairs: &Pairs<'_>,
        read: fn(&Pairs<'_>) -> Result<T, ParseError>,
        write: fn(&T) -> Vec<(String, String)>,
    ) {
        match read(pairs) {
            Ok(value) => {
                let written = write(&value);
                let borrowed: Vec<(&str, &str)> = written
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect();
                let again = read(&borrowed)
                    .unwrap_or_else(|e| panic!("{value:?} wrote {written:?}, which reads as {e}"));
                assert_eq!(again, value);
            }
            Err(error) => assert!(!error.message().is_empty()),
        }
    }

    body::<ListAllMyBucketsResult>(data);
    body::<CreateBucketConfiguration>(data);
    body::<BucketInfo>(data);
    body::<LocationConstraint>(data);
    body::<BucketStat>(data);
    body::<AccessControlPolicy>(data);
    listing::<ListBucketResult>(data);
    listing::<ListBucketResultV2>(data);
    body::<CopyObjectResult>(data);
    body::<DeleteRequest>(data);
    listing::<DeleteResult>(data);
    body::<Tagging>(data);
    body::<RestoreRequest>(data);
    body::<CorsConfiguration>(data);
    body::<BucketLoggingStatus>(data);
    body::<WebsiteConfiguration>(data);
    body::<RefererConfiguration>(data);
    body::<LifecycleConfiguration>(data);
    listing::<InitiateMultipartUploadResult>(data);
    body::<CopyPartResult>(data);
    body::<CompleteMultipartUpload>(data);
    listing::<CompleteMultipartUploadResult>(data);
    listing::<ListMultipartUploadsResult>(data);
    listing::<ListPartsResult>(data);
    // Versioning and WORM.
    listing::<ListVersionsResult>(data);
    body::<VersioningConfiguration>(data);
    body::<InitiateWormConfiguration>(data);
    body::<ExtendWormConfiguration>(data);
    body::<WormConfiguration>(data);
    body::<ObjectWormConfiguration>(data);
    body::<Retention>(data);
    body::<LegalHold>(data);
    if let Some(error) = body::<ErrorResponse>(data) {
        let _ = error.to_string();
    }
    if let Some(object) = body::<ListBucketResult>(data).and_then(|l| l.contents.into_iter().next())
    {
        let _ = object.last_modified.to_system_time();
        let _ = object.restore_info.map(|r| r.parse::<RestoreState>());
    }

    let input = text(data);
    let pairs: Vec<(&str, &str)> = input
        .split('\n')
        .map(|line| match line.split_once(':') {
            Some((name, value)) => (name.trim(), value.trim()),
            None => (line.trim(), ""),
        })
        .collect();
    headers(
        &pairs,
        |p| ObjectMeta::from_headers(p),
        ObjectMeta::to_headers,
    );
    headers(
        &pairs,
        |p| ObjectHeaders::from_headers(p),
        ObjectHeaders::to_headers,
    );
}
