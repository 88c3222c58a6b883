//! GetBucketInfo: what a bucket is and how it is configured, `BucketInfo`.

use serde::{Deserialize, Serialize};

use crate::{Acl, DataRedundancyType, Owner, StorageClass, Timestamp};

/// `BucketInfo`, the response of GetBucketInfo (`GET /?bucketInfo`): one `Bucket` element.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketInfo {
    /// `Bucket`: the details.
    pub bucket: BucketDetails,
}

xml_body!(BucketInfo, "BucketInfo");

/// The `Bucket` element of a [`BucketInfo`]. The reference documents the first eight fields
/// (from its example); the optional ones after them are what current OSS adds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketDetails {
    /// `CreationDate`.
    #[serde(default)]
    pub creation_date: Timestamp,
    /// `ExtranetEndpoint`, the region's public endpoint host.
    #[serde(default)]
    pub extranet_endpoint: String,
    /// `IntranetEndpoint`, the region's internal endpoint host.
    #[serde(default)]
    pub intranet_endpoint: String,
    /// `Location`, e.g. `oss-cn-hangzhou`.
    #[serde(default)]
    pub location: String,
    /// `Name`: the bucket name.
    pub name: String,
    /// `Owner`.
    #[serde(default)]
    pub owner: Owner,
    /// `AccessControlList/Grant`: the bucket ACL.
    #[serde(
        rename = "AccessControlList",
        default,
        with = "access_control_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub acl: Option<Acl>,
    /// `Comment`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `StorageClass`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<StorageClass>,
    /// `DataRedundancyType`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_redundancy_type: Option<DataRedundancyType>,
    /// `Versioning`: `Enabled` or `Suspended` once versioning was ever turned on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versioning: Option<String>,
    /// `TransferAcceleration`: `Enabled` or `Disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_acceleration: Option<String>,
    /// `CrossRegionReplication`: `Enabled` or `Disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_region_replication: Option<String>,
    /// `AccessMonitor`: `Enabled` or `Disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_monitor: Option<String>,
    /// `ResourceGroupId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// `ServerSideEncryptionRule`: the default encryption of new objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side_encryption_rule: Option<ServerSideEncryptionRule>,
    /// `BucketPolicy`: where access logs go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_policy: Option<BucketLogPolicy>,
}

wrapped!(optional access_control_list, "Grant", Acl);

/// `ServerSideEncryptionRule` of a [`BucketDetails`]. OSS writes `None` for an unset field.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ServerSideEncryptionRule {
    /// `SSEAlgorithm`: `AES256`, `KMS`, `SM4` or `None`.
    #[serde(rename = "SSEAlgorithm", default)]
    pub sse_algorithm: String,
    /// `KMSMasterKeyID`.
    #[serde(
        rename = "KMSMasterKeyID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub kms_master_key_id: Option<String>,
    /// `KMSDataEncryption`, e.g. `SM4`.
    #[serde(
        rename = "KMSDataEncryption",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub kms_data_encryption: Option<String>,
}

/// `BucketPolicy` of a [`BucketDetails`]: the logging target.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketLogPolicy {
    /// `LogBucket`.
    #[serde(default)]
    pub log_bucket: String,
    /// `LogPrefix`.
    #[serde(default)]
    pub log_prefix: String,
}
