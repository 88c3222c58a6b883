//! Versioning: a bucket's [`VersioningConfiguration`] (Put/GetBucketVersioning), the
//! [`ListVersionsResult`] of ListObjectVersions, and what DeleteObject reports of the version
//! it made or removed ([`DeleteObjectResult`]). Element names as the Go SDK v2 and oss2 read
//! and write them.

use serde::{Deserialize, Serialize};

use crate::dialect::{Dialect, Header};
use crate::op::{Document, FromHeaders, Rule, RuleError};
use crate::xml::lenient;
use crate::{
    CommonPrefix, ETag, EncodingType, ObjectType, Owner, ParseError, StorageClass, Timestamp,
    VersioningStatus,
};

/// `VersioningConfiguration`: the body of PutBucketVersioning and the answer of
/// GetBucketVersioning (without `Status` when versioning was never enabled).
///
/// ```
/// use oss_model::{VersioningConfiguration, VersioningStatus, XmlBody};
///
/// let xml = VersioningConfiguration::new(VersioningStatus::Enabled).to_xml();
/// assert!(xml.contains("<Status>Enabled</Status>"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VersioningConfiguration {
    /// `Status`: `Enabled` or `Suspended`; absent for a bucket never versioned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<VersioningStatus>,
}

xml_body!(VersioningConfiguration, "VersioningConfiguration");

impl VersioningConfiguration {
    /// A configuration with this status.
    pub fn new(status: VersioningStatus) -> Self {
        VersioningConfiguration {
            status: Some(status),
        }
    }
}

impl Document for VersioningConfiguration {
    /// A configuration sets `Enabled` or `Suspended`: a bucket cannot go back to unversioned.
    fn check(&self) -> Result<(), RuleError> {
        match &self.status {
            Some(VersioningStatus::Enabled | VersioningStatus::Suspended) => Ok(()),
            Some(other) => Err(RuleError::new(
                Rule::Document,
                format!(
                    "the versioning status is Enabled or Suspended, not {:?}",
                    other.as_str()
                ),
            )),
            None => Err(RuleError::new(
                Rule::Document,
                "a versioning configuration needs a Status",
            )),
        }
    }
}

/// `ListVersionsResult`: the answer of ListObjectVersions (`GET /?versions`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListVersionsResult {
    /// `Name`: the bucket.
    #[serde(default)]
    pub name: String,
    /// `Prefix` (empty for none).
    #[serde(default)]
    pub prefix: String,
    /// `KeyMarker`: where this page starts (empty for the first page).
    #[serde(default)]
    pub key_marker: String,
    /// `VersionIdMarker`: with the key marker, where this page starts.
    #[serde(default)]
    pub version_id_marker: String,
    /// `NextKeyMarker`: the `key-marker` of the next page, when truncated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_key_marker: Option<String>,
    /// `NextVersionIdMarker`: the `version-id-marker` of the next page, when truncated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_version_id_marker: Option<String>,
    /// `MaxKeys`: the page size asked for.
    #[serde(default, deserialize_with = "lenient::number")]
    pub max_keys: u32,
    /// `Delimiter` (empty for none).
    #[serde(default)]
    pub delimiter: String,
    /// `EncodingType`: `url` when the names below are percent-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<EncodingType>,
    /// `IsTruncated`: whether more versions follow.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub is_truncated: bool,
    /// `Version*`: object versions, by key, newest first within a key.
    #[serde(rename = "Version", default)]
    pub versions: Vec<ObjectVersion>,
    /// `DeleteMarker*`: delete markers, by key, newest first within a key.
    #[serde(rename = "DeleteMarker", default)]
    pub delete_markers: Vec<DeleteMarkerEntry>,
    /// `CommonPrefixes*`: names rolled up at the delimiter.
    #[serde(rename = "CommonPrefixes", default)]
    pub common_prefixes: Vec<CommonPrefix>,
}

xml_body!(ListVersionsResult, "ListVersionsResult");

/// One `Version` of a version listing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectVersion {
    /// `Key`.
    pub key: String,
    /// `VersionId` (`null` for the version written while versioning was off or suspended).
    #[serde(default)]
    pub version_id: String,
    /// `IsLatest`: whether this is the key's current version.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub is_latest: bool,
    /// `LastModified`.
    #[serde(default)]
    pub last_modified: Timestamp,
    /// `ETag`, quoted.
    #[serde(rename = "ETag", default)]
    pub etag: ETag,
    /// `Type`: how the version was created.
    #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
    pub object_type: Option<ObjectType>,
    /// `Size` in bytes.
    #[serde(default, deserialize_with = "lenient::number")]
    pub size: u64,
    /// `StorageClass`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<StorageClass>,
    /// `Owner`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
    /// `RestoreInfo`: the restore state of an archived version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_info: Option<String>,
}

/// One `DeleteMarker` of a version listing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteMarkerEntry {
    /// `Key`.
    pub key: String,
    /// `VersionId`.
    #[serde(default)]
    pub version_id: String,
    /// `IsLatest`: whether the key's current version is this marker (the key reads as
    /// deleted).
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub is_latest: bool,
    /// `LastModified`.
    #[serde(default)]
    pub last_modified: Timestamp,
    /// `Owner`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
}

/// What DeleteObject's response headers say about versions: the version it made (a delete
/// marker) or removed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct DeleteObjectResult {
    /// `x-oss-version-id`: the delete marker made, or the version removed (versioned buckets).
    pub version_id: Option<String>,
    /// `x-oss-delete-marker`: whether that version is a delete marker.
    pub delete_marker: bool,
}

impl FromHeaders for DeleteObjectResult {
    fn from_headers(headers: &[(&str, &str)], dialect: &Dialect) -> Result<Self, ParseError> {
        let find = |header: Header| {
            let name = dialect.header(header);
            headers
                .iter()
                .rev()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim())
        };
        Ok(DeleteObjectResult {
            version_id: find(Header::VersionId).map(str::to_owned),
            delete_marker: find(Header::DeleteMarker)
                .is_some_and(|v| v.eq_ignore_ascii_case("true")),
        })
    }
}

impl crate::KeyEncoding for ListVersionsResult {
    fn encoding_type(&self) -> Option<&EncodingType> {
        self.encoding_type.as_ref()
    }

    fn encoded_fields_mut(&mut self) -> Vec<(&'static str, &mut String)> {
        let mut fields = vec![
            ("Prefix", &mut self.prefix),
            ("KeyMarker", &mut self.key_marker),
            ("Delimiter", &mut self.delimiter),
        ];
        if let Some(next) = &mut self.next_key_marker {
            fields.push(("NextKeyMarker", next));
        }
        fields.extend(
            self.versions
                .iter_mut()
                .map(|v| ("Version/Key", &mut v.key)),
        );
        fields.extend(
            self.delete_markers
                .iter_mut()
                .map(|m| ("DeleteMarker/Key", &mut m.key)),
        );
        fields.extend(
            self.common_prefixes
                .iter_mut()
                .map(|p| ("CommonPrefixes/Prefix", &mut p.prefix)),
        );
        fields
    }
}

impl From<VersioningStatus> for VersioningConfiguration {
    fn from(status: VersioningStatus) -> Self {
        VersioningConfiguration::new(status)
    }
}
