//! ListBuckets (GetService): the buckets of the requester, `ListAllMyBucketsResult`.

use serde::{Deserialize, Serialize};

use crate::xml::lenient;
use crate::{Owner, StorageClass, Timestamp};

/// `ListAllMyBucketsResult`, the response of ListBuckets (`GET /` on a region endpoint).
///
/// `Prefix`, `Marker`, `MaxKeys`, `IsTruncated` and `NextMarker` are only present when the
/// result is truncated (the reference's examples), so they are optional here.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAllMyBucketsResult {
    /// `Prefix`: the prefix the request asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// `Marker`: where this page starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// `MaxKeys`: the page size asked for.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_keys: Option<u32>,
    /// `IsTruncated`: whether more buckets follow.
    #[serde(
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_truncated: Option<bool>,
    /// `NextMarker`: the `marker` of the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    /// `Owner`: the requester.
    #[serde(default)]
    pub owner: Owner,
    /// `Buckets/Bucket*`.
    #[serde(default, with = "buckets")]
    pub buckets: Vec<BucketSummary>,
}

wrapped!(list buckets, "Bucket", BucketSummary);

/// One `Bucket` of a [`ListAllMyBucketsResult`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketSummary {
    /// `CreationDate` (the reference's table says `CreateDate`; the examples, and OSS, use
    /// `CreationDate`).
    #[serde(default)]
    pub creation_date: Timestamp,
    /// `ExtranetEndpoint`, the region's public endpoint host.
    #[serde(default)]
    pub extranet_endpoint: String,
    /// `IntranetEndpoint`, the region's internal endpoint host.
    #[serde(default)]
    pub intranet_endpoint: String,
    /// `Location`, e.g. `oss-cn-shanghai`.
    #[serde(default)]
    pub location: String,
    /// `Name`: the bucket name.
    pub name: String,
    /// `Region`, e.g. `cn-shanghai` (newer responses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `StorageClass`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<StorageClass>,
    /// `ResourceGroupId` (newer responses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
}

xml_body!(ListAllMyBucketsResult, "ListAllMyBucketsResult");
