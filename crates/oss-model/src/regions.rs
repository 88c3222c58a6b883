//! DescribeRegions (`RegionInfoList{RegionInfo*}`) and ListCloudBoxes
//! (`ListCloudBoxResult{CloudBoxes{CloudBox*}}`): where the service runs.

use serde::{Deserialize, Serialize};

use crate::xml::lenient;

/// `RegionInfoList`: DescribeRegions's response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RegionInfoList {
    /// `RegionInfo*`.
    #[serde(rename = "RegionInfo", default)]
    pub regions: Vec<RegionInfo>,
}

xml_body!(RegionInfoList, "RegionInfoList");

/// One region and its endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RegionInfo {
    /// `Region`: `oss-cn-hangzhou`.
    #[serde(default)]
    pub region: String,
    /// `InternetEndpoint`.
    #[serde(default)]
    pub internet_endpoint: String,
    /// `InternalEndpoint`.
    #[serde(default)]
    pub internal_endpoint: String,
    /// `AccelerateEndpoint`.
    #[serde(default)]
    pub accelerate_endpoint: String,
}

/// `ListCloudBoxResult`: ListCloudBoxes's response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCloudBoxResult {
    /// `Prefix`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// `Marker`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// `MaxKeys`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_keys: Option<u32>,
    /// `IsTruncated`.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub is_truncated: bool,
    /// `NextMarker`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
    /// `CloudBoxes/CloudBox*`.
    #[serde(default, with = "cloud_boxes")]
    pub cloud_boxes: Vec<CloudBox>,
}

wrapped!(list cloud_boxes, "CloudBox", CloudBox);

xml_body!(ListCloudBoxResult, "ListCloudBoxResult");

/// One `CloudBox`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CloudBox {
    /// `ID`.
    #[serde(rename = "ID", default)]
    pub id: String,
    /// `Name`.
    #[serde(default)]
    pub name: String,
    /// `Region`.
    #[serde(default)]
    pub region: String,
    /// `ControlEndpoint`.
    #[serde(default)]
    pub control_endpoint: String,
    /// `DataEndpoint`.
    #[serde(default)]
    pub data_endpoint: String,
}
