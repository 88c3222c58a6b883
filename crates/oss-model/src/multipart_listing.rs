//! Listings of multipart uploads: ListMultipartUploads' `ListMultipartUploadsResult` and
//! ListParts' `ListPartsResult`.

use serde::{Deserialize, Serialize};

use crate::xml::lenient;
use crate::{CommonPrefix, ETag, EncodingType, StorageClass, Timestamp};

/// `ListMultipartUploadsResult`, the response of ListMultipartUploads (`GET /?uploads`),
/// sorted by key, then by initiation time. (The reference's table misspells two elements as
/// `NextUploadMarker` and `MasUploads`; its example and OSS use the names below.)
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMultipartUploadsResult {
    /// `Bucket`.
    #[serde(default)]
    pub bucket: String,
    /// `EncodingType`: `url` when the names below are percent-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<EncodingType>,
    /// `KeyMarker`: where this page starts.
    #[serde(default)]
    pub key_marker: String,
    /// `UploadIdMarker`: where this page starts within `KeyMarker`.
    #[serde(default)]
    pub upload_id_marker: String,
    /// `NextKeyMarker`: the `key-marker` of the next page.
    #[serde(default)]
    pub next_key_marker: String,
    /// `NextUploadIdMarker`: the `upload-id-marker` of the next page.
    #[serde(default)]
    pub next_upload_id_marker: String,
    /// `Delimiter` (empty for none).
    #[serde(default)]
    pub delimiter: String,
    /// `Prefix` (empty for none).
    #[serde(default)]
    pub prefix: String,
    /// `MaxUploads`: the page size asked for.
    #[serde(default, deserialize_with = "lenient::number")]
    pub max_uploads: u32,
    /// `IsTruncated`: whether more uploads follow.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub is_truncated: bool,
    /// `Upload*`.
    #[serde(rename = "Upload", default)]
    pub uploads: Vec<Upload>,
    /// `CommonPrefixes*`.
    #[serde(rename = "CommonPrefixes", default)]
    pub common_prefixes: Vec<CommonPrefix>,
}

xml_body!(ListMultipartUploadsResult, "ListMultipartUploadsResult");

/// One `Upload` of a [`ListMultipartUploadsResult`]: an upload initiated and not yet
/// completed or aborted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Upload {
    /// `Key`.
    pub key: String,
    /// `UploadId`.
    pub upload_id: String,
    /// `Initiated`: when InitiateMultipartUpload ran.
    #[serde(default)]
    pub initiated: Timestamp,
    /// `StorageClass` (newer responses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<StorageClass>,
}

/// `ListPartsResult`, the response of ListParts (`GET /key?uploadId=ID`), sorted by part
/// number.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListPartsResult {
    /// `Bucket`.
    #[serde(default)]
    pub bucket: String,
    /// `EncodingType`: `url` when the key is percent-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<EncodingType>,
    /// `Key`.
    #[serde(default)]
    pub key: String,
    /// `UploadId`.
    #[serde(default)]
    pub upload_id: String,
    /// `PartNumberMarker`: this page lists parts after this number.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub part_number_marker: Option<u32>,
    /// `NextPartNumberMarker`: the `part-number-marker` of the next page.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_part_number_marker: Option<u32>,
    /// `MaxParts`: the page size asked for.
    #[serde(default, deserialize_with = "lenient::number")]
    pub max_parts: u32,
    /// `IsTruncated`: whether more parts follow.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub is_truncated: bool,
    /// `Part*`.
    #[serde(rename = "Part", default)]
    pub parts: Vec<Part>,
}

xml_body!(ListPartsResult, "ListPartsResult");

/// One `Part` of a [`ListPartsResult`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Part {
    /// `PartNumber`.
    #[serde(deserialize_with = "lenient::number")]
    pub part_number: u32,
    /// `LastModified`.
    #[serde(default)]
    pub last_modified: Timestamp,
    /// `ETag`.
    #[serde(rename = "ETag", default)]
    pub etag: ETag,
    /// `Size` in bytes.
    #[serde(default, deserialize_with = "lenient::number")]
    pub size: u64,
    /// `HashCrc64ecma`: the part's CRC-64 (newer responses).
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub hash_crc64ecma: Option<u64>,
}
