//! The headers that set an object's metadata on upload: [`ObjectHeaders`].

use std::collections::BTreeMap;

use crate::dialect::{Dialect, Header};
use crate::encoding::{query_encode, url_decode};
use crate::headers::{is, HeaderPair};
use crate::{
    Acl, MetadataDirective, ParseError, ServerSideEncryption, StorageClass, Tag, TaggingDirective,
};

/// The options of PutObject and its kin (AppendObject, InitiateMultipartUpload, PutSymlink,
/// and CopyObject with the two directives), as request headers.
///
/// Build it, then add [`to_headers`](Self::to_headers) to the request. A server reads a
/// request's headers back with [`from_headers`](Self::from_headers).
///
/// ```
/// use oss_model::headers::{FORBID_OVERWRITE, META_PREFIX, OBJECT_ACL, STORAGE_CLASS, TAGGING};
/// use oss_model::{Acl, ObjectHeaders, StorageClass};
///
/// let headers = ObjectHeaders::new()
///     .content_type("text/plain")
///     .meta("Author", "alice")
///     .acl(Acl::Private)
///     .storage_class(StorageClass::Ia)
///     .tag("project", "oss rs")
///     .tag("a&b", "1=2")
///     .forbid_overwrite(true)
///     .to_headers();
/// assert_eq!(headers, [
///     ("content-type".to_string(), "text/plain".to_string()),
///     (OBJECT_ACL.into(), "private".into()),
///     (STORAGE_CLASS.into(), "IA".into()),
///     (TAGGING.into(), "project=oss%20rs&a%26b=1%3D2".into()),
///     (FORBID_OVERWRITE.into(), "true".into()),
///     (format!("{META_PREFIX}author"), "alice".into()),
/// ]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObjectHeaders {
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `Cache-Control`.
    pub cache_control: Option<String>,
    /// `Content-Disposition`.
    pub content_disposition: Option<String>,
    /// `Content-Encoding`.
    pub content_encoding: Option<String>,
    /// `Content-Language`.
    pub content_language: Option<String>,
    /// `Expires`, e.g. from [`time::format_http_date`](crate::time::format_http_date).
    pub expires: Option<String>,
    /// `x-oss-meta-*`, by lower-cased name without the prefix. OSS allows `-`, digits and
    /// lower-case letters in names and 8 KB of user metadata in all.
    pub user_meta: BTreeMap<String, String>,
    /// `x-oss-object-acl`.
    pub acl: Option<Acl>,
    /// `x-oss-storage-class`.
    pub storage_class: Option<StorageClass>,
    /// `x-oss-tagging`, in order.
    pub tags: Vec<Tag>,
    /// `x-oss-forbid-overwrite`.
    pub forbid_overwrite: Option<bool>,
    /// `x-oss-server-side-encryption`.
    pub server_side_encryption: Option<ServerSideEncryption>,
    /// `x-oss-server-side-encryption-key-id` (with KMS).
    pub sse_key_id: Option<String>,
    /// `x-oss-server-side-data-encryption` (with KMS: `SM4`).
    pub sse_data_encryption: Option<ServerSideEncryption>,
    /// `x-oss-metadata-directive` (CopyObject).
    pub metadata_directive: Option<MetadataDirective>,
    /// `x-oss-tagging-directive` (CopyObject).
    pub tagging_directive: Option<TaggingDirective>,
}

impl ObjectHeaders {
    /// No options.
    pub fn new() -> Self {
        ObjectHeaders::default()
    }

    /// Sets `Content-Type`.
    pub fn content_type(mut self, value: impl Into<String>) -> Self {
        self.content_type = Some(value.into());
        self
    }

    /// Sets `Cache-Control`.
    pub fn cache_control(mut self, value: impl Into<String>) -> Self {
        self.cache_control = Some(value.into());
        self
    }

    /// Sets `Content-Disposition`.
    pub fn content_disposition(mut self, value: impl Into<String>) -> Self {
        self.content_disposition = Some(value.into());
        self
    }

    /// Sets `Content-Encoding`.
    pub fn content_encoding(mut self, value: impl Into<String>) -> Self {
        self.content_encoding = Some(value.into());
        self
    }

    /// Sets `Content-Language`.
    pub fn content_language(mut self, value: impl Into<String>) -> Self {
        self.content_language = Some(value.into());
        self
    }

    /// Sets `Expires`.
    pub fn expires(mut self, value: impl Into<String>) -> Self {
        self.expires = Some(value.into());
        self
    }

    /// Adds user metadata `x-oss-meta-<name>` (the name is lower-cased).
    pub fn meta(mut self, name: impl AsRef<str>, value: impl Into<String>) -> Self {
        self.user_meta
            .insert(name.as_ref().to_ascii_lowercase(), value.into());
        self
    }

    /// Sets `x-oss-object-acl`.
    pub fn acl(mut self, acl: Acl) -> Self {
        self.acl = Some(acl);
        self
    }

    /// Sets `x-oss-storage-class`.
    pub fn storage_class(mut self, class: StorageClass) -> Self {
        self.storage_class = Some(class);
        self
    }

    /// Adds a tag to `x-oss-tagging`.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.push(Tag::new(key, value));
        self
    }

    /// Sets `x-oss-forbid-overwrite`.
    pub fn forbid_overwrite(mut self, forbid: bool) -> Self {
        self.forbid_overwrite = Some(forbid);
        self
    }

    /// Sets `x-oss-server-side-encryption`.
    pub fn server_side_encryption(mut self, algorithm: ServerSideEncryption) -> Self {
        self.server_side_encryption = Some(algorithm);
        self
    }

    /// Sets `x-oss-server-side-encryption-key-id`.
    pub fn sse_key_id(mut self, key_id: impl Into<String>) -> Self {
        self.sse_key_id = Some(key_id.into());
        self
    }

    /// Sets `x-oss-server-side-data-encryption`.
    pub fn sse_data_encryption(mut self, algorithm: ServerSideEncryption) -> Self {
        self.sse_data_encryption = Some(algorithm);
        self
    }

    /// Sets `x-oss-metadata-directive`.
    pub fn metadata_directive(mut self, directive: MetadataDirective) -> Self {
        self.metadata_directive = Some(directive);
        self
    }

    /// Sets `x-oss-tagging-directive`.
    pub fn tagging_directive(mut self, directive: TaggingDirective) -> Self {
        self.tagging_directive = Some(directive);
        self
    }

    /// The `x-oss-tagging` value: `k=v&k2=v2`, keys and values percent-encoded (`None`
    /// without tags).
    pub fn tagging_header(&self) -> Option<String> {
        if self.tags.is_empty() {
            return None;
        }
        let items: Vec<String> = self
            .tags
            .iter()
            .map(|tag| format!("{}={}", query_encode(&tag.key), query_encode(&tag.value)))
            .collect();
        Some(items.join("&"))
    }

    /// The request headers, lower-case names, standard ones first and user metadata last.
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
        push(d.header(Header::ContentType), self.content_type.clone());
        push(d.header(Header::CacheControl), self.cache_control.clone());
        push(
            d.header(Header::ContentDisposition),
            self.content_disposition.clone(),
        );
        push(
            d.header(Header::ContentEncoding),
            self.content_encoding.clone(),
        );
        push(
            d.header(Header::ContentLanguage),
            self.content_language.clone(),
        );
        push(d.header(Header::Expires), self.expires.clone());
        push(
            d.header(Header::ObjectAcl),
            self.acl.as_ref().map(|a| a.to_string()),
        );
        push(
            d.header(Header::StorageClass),
            self.storage_class.as_ref().map(|s| s.to_string()),
        );
        push(d.header(Header::Tagging), self.tagging_header());
        push(
            d.header(Header::ForbidOverwrite),
            self.forbid_overwrite.map(|f| f.to_string()),
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
            d.header(Header::MetadataDirective),
            self.metadata_directive.as_ref().map(|d| d.to_string()),
        );
        push(
            d.header(Header::TaggingDirective),
            self.tagging_directive.as_ref().map(|d| d.to_string()),
        );
        for (name, value) in &self.user_meta {
            out.push((format!("{}{name}", d.meta_prefix), value.clone()));
        }
        out
    }

    /// Reads these options from a request's headers, as a server does (other headers are
    /// ignored). Fails on a malformed `x-oss-tagging` (bad percent-escape) or
    /// `x-oss-forbid-overwrite` (not `true`/`false`).
    pub fn from_headers<I>(pairs: I) -> Result<Self, ParseError>
    where
        I: IntoIterator,
        I::Item: HeaderPair,
    {
        Self::from_headers_in(&Dialect::OSS, pairs)
    }

    /// [`from_headers`](Self::from_headers) in a vendor's dialect.
    pub fn from_headers_in<I>(d: &Dialect, pairs: I) -> Result<Self, ParseError>
    where
        I: IntoIterator,
        I::Item: HeaderPair,
    {
        let mut out = ObjectHeaders::default();
        for pair in pairs {
            let (name, value) = (pair.name(), pair.value());
            let text = || Some(value.to_owned());
            if let Some(meta_name) = d.user_meta_name(name) {
                out.user_meta.insert(meta_name, value.to_owned());
            } else if is(name, d.header(Header::ContentType)) {
                out.content_type = text();
            } else if is(name, d.header(Header::CacheControl)) {
                out.cache_control = text();
            } else if is(name, d.header(Header::ContentDisposition)) {
                out.content_disposition = text();
            } else if is(name, d.header(Header::ContentEncoding)) {
                out.content_encoding = text();
            } else if is(name, d.header(Header::ContentLanguage)) {
                out.content_language = text();
            } else if is(name, d.header(Header::Expires)) {
                out.expires = text();
            } else if is(name, d.header(Header::ObjectAcl)) {
                out.acl = Some(Acl::parse(value));
            } else if is(name, d.header(Header::StorageClass)) {
                out.storage_class = Some(StorageClass::parse(value));
            } else if is(name, d.header(Header::Tagging)) {
                out.tags = parse_tagging(value).map_err(|e| e.within(name))?;
            } else if is(name, d.header(Header::ForbidOverwrite)) {
                out.forbid_overwrite = Some(match value.trim() {
                    v if v.eq_ignore_ascii_case("true") => true,
                    v if v.eq_ignore_ascii_case("false") => false,
                    _ => {
                        return Err(ParseError::new(format!(
                            "{name}: expected true or false, found {value:?}"
                        )))
                    }
                });
            } else if is(name, d.header(Header::ServerSideEncryption)) {
                out.server_side_encryption = Some(ServerSideEncryption::parse(value));
            } else if is(name, d.header(Header::ServerSideEncryptionKeyId)) {
                out.sse_key_id = text();
            } else if is(name, d.header(Header::ServerSideDataEncryption)) {
                out.sse_data_encryption = Some(ServerSideEncryption::parse(value));
            } else if is(name, d.header(Header::MetadataDirective)) {
                out.metadata_directive = Some(MetadataDirective::parse(value));
            } else if is(name, d.header(Header::TaggingDirective)) {
                out.tagging_directive = Some(TaggingDirective::parse(value));
            }
        }
        Ok(out)
    }
}

/// Reads `k=v&k2=v2` (an item without `=` has an empty value; empty items are skipped).
fn parse_tagging(value: &str) -> Result<Vec<Tag>, ParseError> {
    value
        .split('&')
        .filter(|item| !item.is_empty())
        .map(|item| {
            let (key, value) = item.split_once('=').unwrap_or((item, ""));
            Ok(Tag::new(url_decode(key)?, url_decode(value)?))
        })
        .collect()
}

impl crate::op::HeaderSet for ObjectHeaders {
    /// The user metadata and tag rules ([`validate`](crate::validate)).
    fn check(&self) -> Result<(), crate::op::RuleError> {
        use crate::op::{Rule, RuleError};
        crate::validate::user_metadata(
            self.user_meta.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        )
        .map_err(|e| RuleError::new(Rule::UserMetadata, e))?;
        crate::validate::tags(self.tags.iter().map(|t| (t.key.as_str(), t.value.as_str())))
            .map_err(|e| RuleError::new(Rule::Tagging, e.to_string()))
    }

    fn to_headers(&self, dialect: &Dialect) -> Vec<(String, String)> {
        self.to_headers_in(dialect)
    }

    fn from_headers(headers: &[(&str, &str)], dialect: &Dialect) -> Result<Self, ParseError> {
        ObjectHeaders::from_headers_in(dialect, headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_tagging_forms_of_the_reference() {
        assert_eq!(
            parse_tagging("TagA=A&TagB=B&TagC").unwrap(),
            [
                Tag::new("TagA", "A"),
                Tag::new("TagB", "B"),
                Tag::new("TagC", "")
            ]
        );
        assert!(parse_tagging("a=%G1").is_err());
    }
}
