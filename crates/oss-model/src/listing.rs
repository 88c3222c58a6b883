//! ListObjects and ListObjectsV2: `ListBucketResult`, in its two versions.
//!
//! Both versions share [`ObjectSummary`] and [`CommonPrefix`]. With `encoding-type=url` the
//! names come back percent-encoded; [`KeyEncoding`](crate::KeyEncoding) decodes them.

use serde::{Deserialize, Serialize};

use crate::xml::lenient;
use crate::{ETag, EncodingType, ObjectType, Owner, StorageClass, Timestamp};

/// `ListBucketResult`, the response of ListObjects (GetBucket, `GET /`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBucketResult {
    /// `Name`: the bucket.
    #[serde(default)]
    pub name: String,
    /// `Prefix`: the prefix asked for (empty for none).
    #[serde(default)]
    pub prefix: String,
    /// `Marker`: where this page starts (empty for the first page).
    #[serde(default)]
    pub marker: String,
    /// `MaxKeys`: the page size asked for.
    #[serde(default, deserialize_with = "lenient::number")]
    pub max_keys: u32,
    /// `Delimiter` (empty for none).
    #[serde(default)]
    pub delimiter: String,
    /// `EncodingType`: `url` when the names below are percent-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<EncodingType>,
    /// `IsTruncated`: whether more objects follow.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub is_truncated: bool,
    /// `NextMarker`: the `marker` of the next page, when truncated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    /// `Contents*`: the objects.
    #[serde(rename = "Contents", default)]
    pub contents: Vec<ObjectSummary>,
    /// `CommonPrefixes*`: names rolled up at the delimiter.
    #[serde(rename = "CommonPrefixes", default)]
    pub common_prefixes: Vec<CommonPrefix>,
}

xml_body!(ListBucketResult, "ListBucketResult");

/// `ListBucketResult` as ListObjectsV2 (`GET /?list-type=2`) returns it: pages continue with
/// a token instead of a marker. (Not in the 2019 reference; element names as OSS sends them.)
///
/// Both versions have the root `ListBucketResult`, so either model reads either body: pick the
/// one that matches the request (`list-type=2` or not).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBucketResultV2 {
    /// `Name`: the bucket.
    #[serde(default)]
    pub name: String,
    /// `Prefix` (empty for none).
    #[serde(default)]
    pub prefix: String,
    /// `StartAfter`: present when the request had `start-after`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_after: Option<String>,
    /// `ContinuationToken`: present when the request had `continuation-token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
    /// `MaxKeys`: the page size asked for.
    #[serde(default, deserialize_with = "lenient::number")]
    pub max_keys: u32,
    /// `Delimiter` (empty for none).
    #[serde(default)]
    pub delimiter: String,
    /// `EncodingType`: `url` when the names below are percent-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<EncodingType>,
    /// `IsTruncated`: whether more objects follow.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub is_truncated: bool,
    /// `NextContinuationToken`: the `continuation-token` of the next page, when truncated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_continuation_token: Option<String>,
    /// `KeyCount`: how many `Contents` and `CommonPrefixes` this page holds.
    #[serde(default, deserialize_with = "lenient::number")]
    pub key_count: u32,
    /// `Contents*`: the objects.
    #[serde(rename = "Contents", default)]
    pub contents: Vec<ObjectSummary>,
    /// `CommonPrefixes*`: names rolled up at the delimiter.
    #[serde(rename = "CommonPrefixes", default)]
    pub common_prefixes: Vec<CommonPrefix>,
}

xml_body!(ListBucketResultV2, "ListBucketResult");

/// One `Contents` element of a listing: an object. User metadata is never listed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectSummary {
    /// `Key`: the object name.
    pub key: String,
    /// `LastModified`.
    #[serde(default)]
    pub last_modified: Timestamp,
    /// `ETag`, quoted in listings.
    #[serde(rename = "ETag", default)]
    pub etag: ETag,
    /// `Type`: how the object was created.
    #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
    pub object_type: Option<ObjectType>,
    /// `Size` in bytes.
    #[serde(default, deserialize_with = "lenient::number")]
    pub size: u64,
    /// `StorageClass`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<StorageClass>,
    /// `Owner` (ListObjectsV2 lists it only with `fetch-owner=true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
    /// `RestoreInfo`: the restore state of an archived object, in the form of the
    /// `x-oss-restore` header (see [`RestoreState`](crate::RestoreState)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_info: Option<String>,
}

/// One `CommonPrefixes` element: a "directory" rolled up at the delimiter.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CommonPrefix {
    /// `Prefix`, e.g. `fun/movie/`.
    pub prefix: String,
}
