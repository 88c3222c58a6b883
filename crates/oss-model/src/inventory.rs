//! Put/Get/List/DeleteBucketInventory: `InventoryConfiguration{Id, IsEnabled, Filter?,
//! Destination{OSSBucketDestination{…}}, Schedule{Frequency}, IncludedObjectVersions,
//! OptionalFields?{Field*}}`, and the listing of them.

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};
use crate::xml::lenient;

/// One inventory configuration (the body of PutBucketInventory, the response of
/// GetBucketInventory).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InventoryConfiguration {
    /// `Id`: the configuration's name, also the `inventoryId` parameter.
    pub id: String,
    /// `IsEnabled`.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub is_enabled: bool,
    /// `Filter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<InventoryFilter>,
    /// `Destination`.
    #[serde(default)]
    pub destination: InventoryDestination,
    /// `Schedule`.
    #[serde(default)]
    pub schedule: InventorySchedule,
    /// `IncludedObjectVersions`: `All` or `Current`.
    #[serde(default)]
    pub included_object_versions: String,
    /// `OptionalFields/Field*`: `Size`, `LastModifiedDate`, `ETag`…
    #[serde(default, with = "fields")]
    pub optional_fields: Vec<String>,
}

wrapped!(list fields, "Field", String);

xml_body!(InventoryConfiguration, "InventoryConfiguration");

/// The `Filter` of an inventory.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InventoryFilter {
    /// `Prefix`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// `LastModifyBeginTimeStamp`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_modify_begin_time_stamp: Option<i64>,
    /// `LastModifyEndTimeStamp`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_modify_end_time_stamp: Option<i64>,
    /// `LowerSizeBound`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub lower_size_bound: Option<i64>,
    /// `UpperSizeBound`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub upper_size_bound: Option<i64>,
    /// `StorageClass`: comma-separated classes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<String>,
}

/// The `Destination` of an inventory.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InventoryDestination {
    /// `OSSBucketDestination`.
    #[serde(rename = "OSSBucketDestination", default)]
    pub oss_bucket_destination: InventoryBucketDestination,
}

/// The `OSSBucketDestination` of an inventory: where its lists are written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InventoryBucketDestination {
    /// `Format`: `CSV`.
    #[serde(default)]
    pub format: String,
    /// `AccountId`.
    #[serde(default)]
    pub account_id: String,
    /// `RoleArn`.
    #[serde(default)]
    pub role_arn: String,
    /// `Bucket`: `acs:oss:::bucket`.
    #[serde(default)]
    pub bucket: String,
    /// `Prefix`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// `Encryption`: `SSE-OSS` or `SSE-KMS{KeyId}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<InventoryEncryption>,
}

/// The `Encryption` of an inventory's lists.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InventoryEncryption {
    /// `SSE-KMS{KeyId}`.
    #[serde(rename = "SSE-KMS", default, skip_serializing_if = "Option::is_none")]
    pub sse_kms: Option<SseKms>,
    /// `SSE-OSS` (present: encrypted by OSS).
    #[serde(rename = "SSE-OSS", default, skip_serializing_if = "Option::is_none")]
    pub sse_oss: Option<String>,
}

/// `SSE-KMS{KeyId}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SseKms {
    /// `KeyId`.
    #[serde(rename = "KeyId", default)]
    pub key_id: String,
}

/// The `Schedule` of an inventory.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InventorySchedule {
    /// `Frequency`: `Daily` or `Weekly`.
    #[serde(rename = "Frequency", default)]
    pub frequency: String,
}

impl Document for InventoryConfiguration {
    /// An id, a CSV destination bucket, a `Daily` or `Weekly` schedule, and `All` or
    /// `Current` versions.
    fn check(&self) -> Result<(), RuleError> {
        let fail = |message: String| Err(RuleError::new(Rule::Document, message));
        if self.id.is_empty() {
            return fail("an inventory needs an Id".into());
        }
        let destination = &self.destination.oss_bucket_destination;
        if destination.bucket.is_empty() {
            return fail("an inventory needs a destination Bucket".into());
        }
        if destination.format != "CSV" {
            return fail(format!("Format must be CSV, not {:?}", destination.format));
        }
        if !["Daily", "Weekly"].contains(&self.schedule.frequency.as_str()) {
            return fail(format!(
                "Frequency must be Daily or Weekly, not {:?}",
                self.schedule.frequency
            ));
        }
        if !["All", "Current"].contains(&self.included_object_versions.as_str()) {
            return fail(format!(
                "IncludedObjectVersions must be All or Current, not {:?}",
                self.included_object_versions
            ));
        }
        Ok(())
    }
}

/// `ListInventoryConfigurationsResult`: ListBucketInventory's response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListInventoryConfigurationsResult {
    /// `InventoryConfiguration*`.
    #[serde(rename = "InventoryConfiguration", default)]
    pub configurations: Vec<InventoryConfiguration>,
    /// `IsTruncated`.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub is_truncated: bool,
    /// `NextContinuationToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_continuation_token: Option<String>,
}

xml_body!(
    ListInventoryConfigurationsResult,
    "ListInventoryConfigurationsResult"
);
