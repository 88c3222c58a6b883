//! What the headers of a HeadObject or GetObject response say about an object: [`ObjectMeta`].

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::SystemTime;

use crate::dialect::{Dialect, Header};
use crate::headers::{is, HeaderPair};
use crate::time::{format_http_date, parse_http_date};
use crate::{ETag, ObjectType, ParseError, RestoreState, ServerSideEncryption, StorageClass};

/// An object's metadata, read from response headers (HeadObject, GetObject, GetObjectMeta,
/// and the headers PutObject, AppendObject and CopyObject answer with).
///
/// Every field is optional because every header is: a response carries those that apply.
/// Header names are matched ignoring case; when a header repeats, the last one wins.
///
/// ```
/// use oss_model::headers::{HASH_CRC64ECMA, META_PREFIX, OBJECT_TYPE};
/// use oss_model::{ObjectMeta, ObjectType};
///
/// let author = format!("{}Author", META_PREFIX.to_uppercase());
/// let headers = [
///     ("Content-Length", "344606"),
///     ("ETag", "\"5B3C1A2E053D763E1B002CC607C5A0FE\""),
///     ("Last-Modified", "Fri, 24 Feb 2012 06:07:48 GMT"),
///     (OBJECT_TYPE, "Normal"),
///     (HASH_CRC64ECMA, "12753002859196105360"),
///     (author.as_str(), "alice"),
/// ];
/// let meta = ObjectMeta::from_headers(&headers).unwrap();
/// assert_eq!(meta.content_length, Some(344606));
/// assert_eq!(meta.etag.unwrap().as_str(), "5B3C1A2E053D763E1B002CC607C5A0FE");
/// assert_eq!(meta.object_type, Some(ObjectType::Normal));
/// assert_eq!(meta.crc64ecma, Some(12753002859196105360));
/// assert_eq!(meta.user_meta["author"], "alice");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObjectMeta {
    /// `Content-Length`: the size in bytes (of the body sent, for a range GET).
    pub content_length: Option<u64>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `Content-MD5`: base64 of the MD5 digest (Normal objects only).
    pub content_md5: Option<String>,
    /// `Content-Encoding`.
    pub content_encoding: Option<String>,
    /// `Content-Disposition`.
    pub content_disposition: Option<String>,
    /// `Content-Language`.
    pub content_language: Option<String>,
    /// `Cache-Control`.
    pub cache_control: Option<String>,
    /// `Expires`, as stored (HTTP lets it hold anything; an invalid one means "expired").
    pub expires: Option<String>,
    /// `ETag`.
    pub etag: Option<ETag>,
    /// `Last-Modified` (second precision).
    pub last_modified: Option<SystemTime>,
    /// `x-oss-hash-crc64ecma`: the CRC-64/XZ of the whole object.
    pub crc64ecma: Option<u64>,
    /// `x-oss-storage-class`.
    pub storage_class: Option<StorageClass>,
    /// `x-oss-object-type`.
    pub object_type: Option<ObjectType>,
    /// `x-oss-meta-*`: user metadata, by lower-cased name without the prefix.
    pub user_meta: BTreeMap<String, String>,
    /// `x-oss-version-id`.
    pub version_id: Option<String>,
    /// `x-oss-restore`.
    pub restore: Option<RestoreState>,
    /// `x-oss-next-append-position` (Appendable objects).
    pub next_append_position: Option<u64>,
    /// `x-oss-server-side-encryption`.
    pub server_side_encryption: Option<ServerSideEncryption>,
    /// `x-oss-server-side-encryption-key-id` (KMS).
    pub sse_key_id: Option<String>,
    /// `x-oss-server-side-data-encryption` (KMS with SM4).
    pub sse_data_encryption: Option<ServerSideEncryption>,
    /// `x-oss-tagging-count` (only when the caller may read tags).
    pub tagging_count: Option<u32>,
    /// `x-oss-expiration`: the lifecycle expiry, as sent (`expiry-date="…", rule-id="…"`).
    pub expiration: Option<String>,
    /// `x-oss-request-id`.
    pub request_id: Option<String>,
}

fn number<T: FromStr>(name: &str, value: &str) -> Result<T, ParseError>
where
    T::Err: std::fmt::Display,
{
    value
        .trim()
        .parse()
        .map_err(|e| ParseError::new(format!("{name}: invalid number {value:?}: {e}")))
}

impl ObjectMeta {
    /// Reads the headers this type knows from `(name, value)` pairs (any others are ignored).
    ///
    /// Fails on a malformed number (`Content-Length`, `x-oss-hash-crc64ecma`,
    /// `x-oss-next-append-position`, `x-oss-tagging-count`), `Last-Modified` date or
    /// `x-oss-restore` value.
    pub fn from_headers<I>(headers: I) -> Result<Self, ParseError>
    where
        I: IntoIterator,
        I::Item: HeaderPair,
    {
        Self::from_headers_in(&Dialect::OSS, headers)
    }

    /// [`from_headers`](Self::from_headers) in a vendor's dialect.
    pub fn from_headers_in<I>(dialect: &Dialect, headers: I) -> Result<Self, ParseError>
    where
        I: IntoIterator,
        I::Item: HeaderPair,
    {
        let mut meta = ObjectMeta::default();
        for pair in headers {
            meta.read(dialect, pair.name(), pair.value())?;
        }
        Ok(meta)
    }

    fn read(&mut self, d: &Dialect, name: &str, value: &str) -> Result<(), ParseError> {
        let text = || Some(value.to_owned());
        if let Some(meta_name) = d.user_meta_name(name) {
            self.user_meta.insert(meta_name, value.to_owned());
        } else if is(name, d.header(Header::ContentLength)) {
            self.content_length = Some(number(name, value)?);
        } else if is(name, d.header(Header::ContentType)) {
            self.content_type = text();
        } else if is(name, d.header(Header::ContentMd5)) {
            self.content_md5 = text();
        } else if is(name, d.header(Header::ContentEncoding)) {
            self.content_encoding = text();
        } else if is(name, d.header(Header::ContentDisposition)) {
            self.content_disposition = text();
        } else if is(name, d.header(Header::ContentLanguage)) {
            self.content_language = text();
        } else if is(name, d.header(Header::CacheControl)) {
            self.cache_control = text();
        } else if is(name, d.header(Header::Expires)) {
            self.expires = text();
        } else if is(name, d.header(Header::ETag)) {
            self.etag = Some(ETag::new(value));
        } else if is(name, d.header(Header::LastModified)) {
            let time = parse_http_date(value)
                .ok_or_else(|| ParseError::new(format!("{name}: invalid date {value:?}")))?;
            self.last_modified = Some(time);
        } else if is(name, d.header(Header::HashCrc64Ecma)) {
            self.crc64ecma = Some(number(name, value)?);
        } else if is(name, d.header(Header::StorageClass)) {
            self.storage_class = Some(StorageClass::parse(value));
        } else if is(name, d.header(Header::ObjectType)) {
            self.object_type = Some(ObjectType::parse(value));
        } else if is(name, d.header(Header::VersionId)) {
            self.version_id = text();
        } else if is(name, d.header(Header::Restore)) {
            self.restore = Some(value.parse().map_err(|e: ParseError| e.within(name))?);
        } else if is(name, d.header(Header::NextAppendPosition)) {
            self.next_append_position = Some(number(name, value)?);
        } else if is(name, d.header(Header::ServerSideEncryption)) {
            self.server_side_encryption = Some(ServerSideEncryption::parse(value));
        } else if is(name, d.header(Header::ServerSideEncryptionKeyId)) {
            self.sse_key_id = text();
        } else if is(name, d.header(Header::ServerSideDataEncryption)) {
            self.sse_data_encryption = Some(ServerSideEncryption::parse(value));
        } else if is(name, d.header(Header::TaggingCount)) {
            self.tagging_count = Some(number(name, value)?);
        } else if is(name, d.header(Header::Expiration)) {
            self.expiration = text();
        } else if is(name, d.header(Header::RequestId)) {
            self.request_id = text();
        }
        Ok(())
    }

    /// The user metadata `name` (without `x-oss-meta-`, in any case).
    pub fn user_meta(&self, name: &str) -> Option<&str> {
        self.user_meta
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// The headers a server sends for this metadata (lower-case names), which
    /// [`from_headers`](Self::from_headers) reads back.
    pub fn to_headers(&self) -> Vec<(String, String)> {
        self.to_headers_in(&Dialect::OSS)
    }

    /// [`to_headers`](Self::to_headers) in a vendor's dialect.
    pub fn to_headers_in(&self, d: &Dialect) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut push = |name: &str, value: Option<String>| {
            if let Some(value) = value {
                out.push((name.to_owned(), value));
            }
        };
        push(
            d.header(Header::ContentLength),
            self.content_length.map(|n| n.to_string()),
        );
        push(d.header(Header::ContentType), self.content_type.clone());
        push(d.header(Header::ContentMd5), self.content_md5.clone());
        push(
            d.header(Header::ContentEncoding),
            self.content_encoding.clone(),
        );
        push(
            d.header(Header::ContentDisposition),
            self.content_disposition.clone(),
        );
        push(
            d.header(Header::ContentLanguage),
            self.content_language.clone(),
        );
        push(d.header(Header::CacheControl), self.cache_control.clone());
        push(d.header(Header::Expires), self.expires.clone());
        push(
            d.header(Header::ETag),
            self.etag.as_ref().map(|e| e.raw().to_owned()),
        );
        push(
            d.header(Header::LastModified),
            self.last_modified.map(format_http_date),
        );
        push(
            d.header(Header::HashCrc64Ecma),
            self.crc64ecma.map(|n| n.to_string()),
        );
        push(
            d.header(Header::StorageClass),
            self.storage_class.as_ref().map(|s| s.to_string()),
        );
        push(
            d.header(Header::ObjectType),
            self.object_type.as_ref().map(|t| t.to_string()),
        );
        push(d.header(Header::VersionId), self.version_id.clone());
        push(
            d.header(Header::Restore),
            self.restore.map(|r| r.to_string()),
        );
        push(
            d.header(Header::NextAppendPosition),
            self.next_append_position.map(|n| n.to_string()),
        );
        push(
            d.header(Header::ServerSideEncryption),
            self.server_side_encryption.as_ref().map(|s| s.to_string()),
        );
        push(
            d.header(Header::ServerSideEncryptionKeyId),
            self.sse_key_id.clone(),
        );
        push(
            d.header(Header::ServerSideDataEncryption),
            self.sse_data_encryption.as_ref().map(|s| s.to_string()),
        );
        push(
            d.header(Header::TaggingCount),
            self.tagging_count.map(|n| n.to_string()),
        );
        push(d.header(Header::Expiration), self.expiration.clone());
        push(d.header(Header::RequestId), self.request_id.clone());
        for (name, value) in &self.user_meta {
            out.push((format!("{}{name}", d.meta_prefix), value.clone()));
        }
        out
    }
}

impl crate::op::FromHeaders for ObjectMeta {
    fn from_headers(headers: &[(&str, &str)], dialect: &Dialect) -> Result<Self, ParseError> {
        ObjectMeta::from_headers_in(dialect, headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::headers::{
        HASH_CRC64ECMA, NEXT_APPEND_POSITION, OSS_PREFIX, RESTORE, TAGGING_COUNT,
    };

    #[test]
    fn reports_which_header_is_malformed() {
        for (name, value) in [
            ("Content-Length", "12a"),
            (HASH_CRC64ECMA, "-1"),
            (NEXT_APPEND_POSITION, ""),
            (TAGGING_COUNT, "1e3"),
            ("Last-Modified", "yesterday"),
            (RESTORE, "ongoing-request=\"maybe\""),
        ] {
            let error = ObjectMeta::from_headers([(name, value)]).unwrap_err();
            assert!(error.message().starts_with(name), "{error}");
        }
    }

    #[test]
    fn ignores_unknown_headers() {
        let unknown = format!("{OSS_PREFIX}foo");
        let meta = ObjectMeta::from_headers([("Server", "AliyunOSS"), (unknown.as_str(), "1")]);
        assert_eq!(meta, Ok(ObjectMeta::default()));
    }
}
