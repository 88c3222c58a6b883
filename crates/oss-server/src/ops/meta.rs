//! Object metadata on the wire: what an upload's headers set (standard headers, user
//! metadata, ACL, storage class, tags), and the headers a GET or HEAD answers with.

use std::time::SystemTime;

use crate::dialect::{
    FORBID_OVERWRITE, HASH_CRC64ECMA, META_PREFIX, NEXT_APPEND_POSITION, OBJECT_ACL, OBJECT_TYPE,
    OBJECT_WORM_LEGAL_HOLD, OBJECT_WORM_MODE, OBJECT_WORM_RETAIN_UNTIL_DATE, RESTORE, SEALED_TIME,
    SERVER_SIDE_DATA_ENCRYPTION, SERVER_SIDE_ENCRYPTION, SERVER_SIDE_ENCRYPTION_KEY_ID,
    STORAGE_CLASS, TAGGING, TAGGING_COUNT,
};
use crate::error::{OssError, OssResult};
use crate::ops::validate;
use crate::request::RequestInfo;
use crate::response::Reply;
use crate::store::{from_millis, BucketRecord, ObjectRecord};

/// The headers an object keeps and returns as sent: the standard content headers, and the
/// server-side encryption it was stored with (the algorithm checked by `features`).
pub(crate) const STORED_HEADERS: &[&str] = &[
    "content-type",
    "cache-control",
    "content-disposition",
    "content-encoding",
    "content-language",
    "expires",
    SERVER_SIDE_ENCRYPTION,
    SERVER_SIDE_ENCRYPTION_KEY_ID,
    SERVER_SIDE_DATA_ENCRYPTION,
];

/// The Content-Type of an object uploaded without one.
pub(crate) const DEFAULT_CONTENT_TYPE: &str = "application/octet-stream";

/// The metadata an upload request sets.
#[derive(Debug, Clone, Default)]
pub(crate) struct UploadMeta {
    /// Stored standard headers.
    pub headers: Vec<(String, String)>,
    /// User metadata.
    pub user_meta: Vec<(String, String)>,
    /// Object ACL (`default` unless set).
    pub acl: String,
    /// Storage class, if set.
    pub storage_class: Option<String>,
    /// Tags from `x-oss-tagging`.
    pub tags: Vec<(String, String)>,
}

/// Reads the metadata headers of an upload request.
pub(crate) fn from_request(req: &RequestInfo) -> OssResult<UploadMeta> {
    let mut meta = UploadMeta {
        acl: "default".to_owned(),
        ..UploadMeta::default()
    };
    for name in STORED_HEADERS {
        if let Some(value) = req.header(name) {
            meta.headers.push(((*name).to_owned(), value.to_owned()));
        }
    }
    if meta.headers.iter().all(|(n, _)| n != "content-type") {
        meta.headers
            .push(("content-type".to_owned(), DEFAULT_CONTENT_TYPE.to_owned()));
    }
    meta.user_meta = user_meta(req)?;
    if let Some(acl) = req.header(OBJECT_ACL) {
        meta.acl = validate::acl(acl, true)?;
    }
    if let Some(class) = req.header(STORAGE_CLASS) {
        meta.storage_class = Some(validate::storage_class(class)?);
    }
    if let Some(tagging) = req.header(TAGGING) {
        meta.tags = parse_tagging(tagging)?;
    }
    Ok(meta)
}

/// `x-oss-meta-*` headers: names lower-cased without the prefix, at most 8 KB in all.
pub(crate) fn user_meta(req: &RequestInfo) -> OssResult<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut total = 0;
    for (name, value) in req.header_pairs() {
        if let Some(short) = name.strip_prefix(META_PREFIX) {
            total += short.len() + value.len();
            out.push((short.to_owned(), value.trim().to_owned()));
        }
    }
    if total > validate::MAX_USER_META_BYTES {
        return Err(OssError::invalid_argument(
            "The user metadata of an object must not exceed 8 KB.",
            &format!("{META_PREFIX}*"),
            &total.to_string(),
        ));
    }
    Ok(out)
}

/// The Content-Type among stored headers (the default when there is none).
pub(crate) fn content_type(headers: &[(String, String)]) -> &str {
    headers
        .iter()
        .find(|(name, _)| name == "content-type")
        .map_or(DEFAULT_CONTENT_TYPE, |(_, value)| value.as_str())
}

/// `x-oss-tagging: k1=v1&k2=v2` (URL-encoded; an item without `=` has an empty value).
pub(crate) fn parse_tagging(value: &str) -> OssResult<Vec<(String, String)>> {
    let tags = oss_auth::encoding::parse_query(value);
    validate::tags(&tags)?;
    Ok(tags)
}

/// Whether `x-oss-forbid-overwrite: true` was sent.
pub(crate) fn forbid_overwrite(req: &RequestInfo) -> bool {
    req.header(FORBID_OVERWRITE)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// `"ETAG"`, the quoted form of an ETag.
pub(crate) fn quoted(etag: &str) -> String {
    format!("\"{etag}\"")
}

/// The HTTP date of a record time.
pub(crate) fn http_date(ms: u64) -> String {
    oss_model::time::format_http_date(from_millis(ms))
}

/// The `x-oss-restore` value of a record at `now`, if it is being or was restored.
pub(crate) fn restore_header(object: &ObjectRecord, now: SystemTime) -> Option<String> {
    let restore = object.restore?;
    let now = crate::store::millis(now);
    if now < restore.ready_ms {
        Some("ongoing-request=\"true\"".to_owned())
    } else if now < restore.expires_ms {
        Some(format!(
            "ongoing-request=\"false\", expiry-date=\"{}\"",
            http_date(restore.expires_ms)
        ))
    } else {
        None
    }
}

/// The headers that describe an object, as GET and HEAD send them. `content` is the record
/// whose data is served (the target, for a symlink), `object` the one addressed.
pub(crate) fn object_headers(
    mut reply: Reply,
    object: &ObjectRecord,
    content: &ObjectRecord,
    now: SystemTime,
) -> Reply {
    let modified = object.modified_ms.max(content.modified_ms);
    reply = reply
        .header("etag", quoted(&content.etag))
        .header("last-modified", http_date(modified))
        .header("accept-ranges", "bytes")
        .header(OBJECT_TYPE, &object.object_type)
        .header(STORAGE_CLASS, &object.storage_class)
        .header(HASH_CRC64ECMA, content.crc64.to_string());
    for (name, value) in &object.headers {
        reply = reply.header(name, value);
    }
    for (name, value) in &object.user_meta {
        reply = reply.header(&format!("{META_PREFIX}{name}"), value);
    }
    if let Some(md5) = &content.content_md5 {
        reply = reply.header("content-md5", md5);
    }
    if object.object_type == "Appendable" {
        reply = reply.header(NEXT_APPEND_POSITION, object.size.to_string());
    }
    if !object.tags.is_empty() {
        reply = reply.header(TAGGING_COUNT, object.tags.len().to_string());
    }
    if let Some(sealed) = object.sealed_ms {
        reply = reply.header(SEALED_TIME, http_date(sealed));
    }
    if let Some(retention) = object.retention {
        reply = reply
            .header(
                OBJECT_WORM_MODE,
                crate::ops::retention::mode_name(retention),
            )
            .header(
                OBJECT_WORM_RETAIN_UNTIL_DATE,
                xml_time(retention.until_ms).raw(),
            );
    }
    if object.legal_hold {
        reply = reply.header(OBJECT_WORM_LEGAL_HOLD, "ON");
    }
    reply.header_opt(RESTORE, restore_header(object, now))
}

/// A record time for an XML body: ISO 8601 with the milliseconds zeroed, as OSS writes it
/// (`oss2` reads nothing else).
pub(crate) fn xml_time(ms: u64) -> oss_model::Timestamp {
    oss_model::Timestamp::from_system_time(from_millis(ms / 1000 * 1000))
}

/// The encryption headers an object keeps.
const ENCRYPTION_HEADERS: [&str; 3] = [
    SERVER_SIDE_ENCRYPTION,
    SERVER_SIDE_ENCRYPTION_KEY_ID,
    SERVER_SIDE_DATA_ENCRYPTION,
];

/// Gives an upload that asks for no encryption the bucket's default (PutBucketEncryption),
/// as OSS encrypts it: the object then reports it on every read.
pub(crate) fn apply_bucket_encryption(headers: &mut Vec<(String, String)>, bucket: &BucketRecord) {
    if headers.iter().any(|(n, _)| n == SERVER_SIDE_ENCRYPTION) {
        return;
    }
    let Some(rule) = bucket
        .documents
        .get(crate::ops::bucket_config::ENCRYPTION)
        .and_then(|text| <oss_model::BucketEncryption as oss_model::XmlBody>::from_xml(text).ok())
    else {
        return;
    };
    let rule = rule.default;
    headers.retain(|(n, _)| !ENCRYPTION_HEADERS.contains(&n.as_str()));
    headers.push((SERVER_SIDE_ENCRYPTION.to_owned(), rule.sse_algorithm));
    let extra = [
        (SERVER_SIDE_ENCRYPTION_KEY_ID, rule.kms_master_key_id),
        (SERVER_SIDE_DATA_ENCRYPTION, rule.kms_data_encryption),
    ];
    for (name, value) in extra {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            headers.push((name.to_owned(), value));
        }
    }
}

/// A write's response, reporting the encryption the object was stored with.
pub(crate) fn report_encryption(mut reply: Reply, headers: &[(String, String)]) -> Reply {
    for (name, value) in headers {
        if ENCRYPTION_HEADERS.contains(&name.as_str()) {
            reply = reply.header(name, value);
        }
    }
    reply
}
