//! GetBucketStat: a bucket's storage and object counts, `BucketStat`.

use serde::{Deserialize, Serialize};

use crate::xml::lenient;

/// `BucketStat`, the response of GetBucketStat (`GET /?stat`): storage and object counts.
///
/// Sizes are in bytes; the per-class figures are optional because OSS adds them as it adds
/// storage classes. "Real" storage is what is stored; the other figure is what is billed
/// (objects under 64 KB count as 64 KB in IA and the archive classes).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketStat {
    /// `Storage`: total bytes.
    #[serde(default, deserialize_with = "lenient::number")]
    pub storage: u64,
    /// `ObjectCount`.
    #[serde(default, deserialize_with = "lenient::number")]
    pub object_count: u64,
    /// `MultipartUploadCount`: uploads initiated and not yet completed or aborted.
    #[serde(default, deserialize_with = "lenient::number")]
    pub multipart_upload_count: u64,
    /// `LiveChannelCount`.
    #[serde(default, deserialize_with = "lenient::number")]
    pub live_channel_count: u64,
    /// `LastModifiedTime`: when these figures were computed, in Unix seconds.
    #[serde(default, deserialize_with = "lenient::number")]
    pub last_modified_time: u64,
    /// `StandardStorage`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub standard_storage: Option<u64>,
    /// `StandardObjectCount`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub standard_object_count: Option<u64>,
    /// `InfrequentAccessStorage` (billed).
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub infrequent_access_storage: Option<u64>,
    /// `InfrequentAccessRealStorage`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub infrequent_access_real_storage: Option<u64>,
    /// `InfrequentAccessObjectCount`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub infrequent_access_object_count: Option<u64>,
    /// `ArchiveStorage` (billed).
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub archive_storage: Option<u64>,
    /// `ArchiveRealStorage`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub archive_real_storage: Option<u64>,
    /// `ArchiveObjectCount`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub archive_object_count: Option<u64>,
    /// `ColdArchiveStorage` (billed).
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub cold_archive_storage: Option<u64>,
    /// `ColdArchiveRealStorage`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub cold_archive_real_storage: Option<u64>,
    /// `ColdArchiveObjectCount`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub cold_archive_object_count: Option<u64>,
    /// `DeepColdArchiveStorage` (billed).
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub deep_cold_archive_storage: Option<u64>,
    /// `DeepColdArchiveRealStorage`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub deep_cold_archive_real_storage: Option<u64>,
    /// `DeepColdArchiveObjectCount`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub deep_cold_archive_object_count: Option<u64>,
}

xml_body!(BucketStat, "BucketStat");
