//! Small bucket bodies: PutBucket's `CreateBucketConfiguration` and GetBucketLocation's
//! `LocationConstraint`.

use serde::{Deserialize, Serialize};

use crate::xml::lenient;
use crate::{DataRedundancyType, StorageClass};

/// `CreateBucketConfiguration`, the optional request body of PutBucket (`PUT /`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBucketConfiguration {
    /// `StorageClass` of the new bucket (`Standard` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<StorageClass>,
    /// `DataRedundancyType` of the new bucket (`LRS` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_redundancy_type: Option<DataRedundancyType>,
}

xml_body!(CreateBucketConfiguration, "CreateBucketConfiguration");

impl crate::op::Document for CreateBucketConfiguration {}

/// `LocationConstraint`, the response of GetBucketLocation (`GET /?location`): a text element,
/// e.g. `oss-cn-hangzhou`. Surrounding whitespace is dropped (region names have none; the
/// reference's example wraps the value onto its own line).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LocationConstraint {
    /// The region, e.g. `oss-cn-hangzhou`.
    #[serde(rename = "$text", default, deserialize_with = "lenient::trimmed")]
    pub location: String,
}

xml_body!(LocationConstraint, "LocationConstraint");
