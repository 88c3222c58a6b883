//! Create/Get/List/DeleteBucketDataRedundancyTransition and ListUserDataRedundancyTransition:
//! tasks that move a bucket from locally redundant (LRS) to zone-redundant (ZRS) storage.

use serde::{Deserialize, Serialize};

use crate::xml::lenient;

/// `BucketDataRedundancyTransition`: one task.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketDataRedundancyTransition {
    /// `Bucket`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket: Option<String>,
    /// `TaskId`.
    #[serde(default)]
    pub task_id: String,
    /// `Status`: `Queueing`, `Processing`, `Finished`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `CreateTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
    /// `StartTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// `EndTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// `ProcessPercentage`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub process_percentage: Option<u32>,
    /// `EstimatedRemainingTime`, in hours.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub estimated_remaining_time: Option<u64>,
}

xml_body!(
    BucketDataRedundancyTransition,
    "BucketDataRedundancyTransition"
);

/// `BucketDataRedundancyTransitionList`: the tasks of a bucket or an account.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketDataRedundancyTransitionList {
    /// `BucketDataRedundancyTransition*`.
    #[serde(rename = "BucketDataRedundancyTransition", default)]
    pub transitions: Vec<BucketDataRedundancyTransition>,
    /// `IsTruncated`.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub is_truncated: bool,
    /// `NextContinuationToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_continuation_token: Option<String>,
}

xml_body!(
    BucketDataRedundancyTransitionList,
    "ListBucketDataRedundancyTransition"
);
