//! Access points (Create/Get/List/DeleteAccessPoint, their policies and public access blocks)
//! and Object FC access points (access points whose GetObject goes through a Function Compute
//! function): the configurations and results of both.

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};
use crate::xml::lenient;
use crate::PublicAccessBlockConfiguration;

/// The rule for an access point's name: 3 to 19 characters (63 for Object FC access points),
/// lower-case letters, digits and hyphens, not starting or ending with a hyphen.
fn check_name(name: &str, max: usize) -> Result<(), RuleError> {
    let ok = (3..=max).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(RuleError::new(
            Rule::Document,
            format!(
                "{name:?} is not an access point name (3 to {max} lower-case letters, digits \
                 and hyphens, no hyphen at either end)"
            ),
        ))
    }
}

/// `CreateAccessPointConfiguration{AccessPointName, NetworkOrigin, VpcConfiguration?}`:
/// CreateAccessPoint's body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateAccessPointConfiguration {
    /// `AccessPointName`.
    #[serde(default)]
    pub access_point_name: String,
    /// `NetworkOrigin`: `internet` or `vpc`.
    #[serde(default)]
    pub network_origin: String,
    /// `VpcConfiguration{VpcId}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_configuration: Option<VpcConfiguration>,
}

xml_body!(
    CreateAccessPointConfiguration,
    "CreateAccessPointConfiguration"
);

/// `VpcConfiguration{VpcId}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VpcConfiguration {
    /// `VpcId`.
    #[serde(rename = "VpcId", default)]
    pub vpc_id: String,
}

impl CreateAccessPointConfiguration {
    /// An access point reachable from the internet.
    pub fn internet(name: impl Into<String>) -> Self {
        CreateAccessPointConfiguration {
            access_point_name: name.into(),
            network_origin: "internet".into(),
            vpc_configuration: None,
        }
    }
}

impl Document for CreateAccessPointConfiguration {
    /// A valid name; the network origin `internet`, or `vpc` with a VPC id.
    fn check(&self) -> Result<(), RuleError> {
        check_name(&self.access_point_name, 19)?;
        match self.network_origin.as_str() {
            "internet" => Ok(()),
            "vpc"
                if self
                    .vpc_configuration
                    .as_ref()
                    .is_some_and(|v| !v.vpc_id.is_empty()) =>
            {
                Ok(())
            }
            other => Err(RuleError::new(
                Rule::Document,
                format!("NetworkOrigin must be internet, or vpc with a VpcId, not {other:?}"),
            )),
        }
    }
}

/// `CreateAccessPointResult{AccessPointArn, Alias}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateAccessPointResult {
    /// `AccessPointArn`.
    #[serde(default)]
    pub access_point_arn: String,
    /// `Alias`.
    #[serde(default)]
    pub alias: String,
}

xml_body!(CreateAccessPointResult, "CreateAccessPointResult");

/// `GetAccessPointResult`: one access point.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetAccessPointResult {
    /// `AccessPointName`.
    #[serde(default)]
    pub access_point_name: String,
    /// `Bucket`.
    #[serde(default)]
    pub bucket: String,
    /// `AccountId`.
    #[serde(default)]
    pub account_id: String,
    /// `NetworkOrigin`.
    #[serde(default)]
    pub network_origin: String,
    /// `VpcConfiguration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_configuration: Option<VpcConfiguration>,
    /// `AccessPointArn`.
    #[serde(default)]
    pub access_point_arn: String,
    /// `CreationDate`.
    #[serde(default)]
    pub creation_date: String,
    /// `Alias`.
    #[serde(default)]
    pub alias: String,
    /// `Status`: `enable`, `creating`…
    #[serde(default)]
    pub status: String,
    /// `PublicAccessBlockConfiguration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_access_block_configuration: Option<PublicAccessBlockConfiguration>,
}

xml_body!(GetAccessPointResult, "GetAccessPointResult");

/// `ListAccessPointsResult`: the access points of a bucket or an account, a page at a time.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAccessPointsResult {
    /// `AccessPoints/AccessPoint*`.
    #[serde(default, with = "access_points")]
    pub access_points: Vec<AccessPointSummary>,
    /// `IsTruncated`.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub is_truncated: bool,
    /// `NextContinuationToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_continuation_token: Option<String>,
    /// `AccountId`.
    #[serde(default)]
    pub account_id: String,
}

wrapped!(list access_points, "AccessPoint", AccessPointSummary);

xml_body!(ListAccessPointsResult, "ListAccessPointsResult");

/// One `AccessPoint` of a [`ListAccessPointsResult`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessPointSummary {
    /// `Bucket`.
    #[serde(default)]
    pub bucket: String,
    /// `AccessPointName`.
    #[serde(default)]
    pub access_point_name: String,
    /// `Alias`.
    #[serde(default)]
    pub alias: String,
    /// `NetworkOrigin`.
    #[serde(default)]
    pub network_origin: String,
    /// `Status`.
    #[serde(default)]
    pub status: String,
}

/// `ObjectProcessConfiguration`: what an Object FC access point does.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectProcessConfiguration {
    /// `AllowedFeatures/AllowedFeature*`: `GetObject-Range`.
    #[serde(default, with = "allowed_features")]
    pub allowed_features: Vec<String>,
    /// `TransformationConfigurations/TransformationConfiguration*`.
    #[serde(default, with = "transformations")]
    pub transformation_configurations: Vec<TransformationConfiguration>,
}

wrapped!(list allowed_features, "AllowedFeature", String);
wrapped!(list transformations, "TransformationConfiguration", TransformationConfiguration);

/// One `TransformationConfiguration`: actions and the function that serves them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransformationConfiguration {
    /// `Actions/Action*`: `GetObject`.
    #[serde(default, with = "actions")]
    pub actions: Vec<String>,
    /// `ContentTransformation`.
    #[serde(default)]
    pub content_transformation: ContentTransformation,
}

wrapped!(list actions, "Action", String);

/// `ContentTransformation{FunctionCompute{FunctionAssumeRoleArn, FunctionArn}}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ContentTransformation {
    /// `FunctionCompute`.
    #[serde(rename = "FunctionCompute", default)]
    pub function_compute: FunctionCompute,
}

/// `FunctionCompute{FunctionAssumeRoleArn, FunctionArn}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionCompute {
    /// `FunctionAssumeRoleArn`.
    #[serde(default)]
    pub function_assume_role_arn: String,
    /// `FunctionArn`.
    #[serde(default)]
    pub function_arn: String,
}

/// `CreateAccessPointForObjectProcessConfiguration`: CreateAccessPointForObjectProcess's body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateAccessPointForObjectProcessConfiguration {
    /// `AccessPointName`: the access point it builds on.
    #[serde(default)]
    pub access_point_name: String,
    /// `ObjectProcessConfiguration`.
    #[serde(default)]
    pub object_process_configuration: ObjectProcessConfiguration,
    /// `AllowAnonymousAccessForObjectProcess`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_anonymous_access_for_object_process: Option<String>,
}

xml_body!(
    CreateAccessPointForObjectProcessConfiguration,
    "CreateAccessPointForObjectProcessConfiguration"
);

impl Document for CreateAccessPointForObjectProcessConfiguration {
    /// The underlying access point's name is valid.
    fn check(&self) -> Result<(), RuleError> {
        check_name(&self.access_point_name, 19)
    }
}

/// `CreateAccessPointForObjectProcessResult`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateAccessPointForObjectProcessResult {
    /// `AccessPointForObjectProcessArn`.
    #[serde(default)]
    pub access_point_for_object_process_arn: String,
    /// `AccessPointForObjectProcessAlias`.
    #[serde(default)]
    pub access_point_for_object_process_alias: String,
}

xml_body!(
    CreateAccessPointForObjectProcessResult,
    "CreateAccessPointForObjectProcessResult"
);

/// `GetAccessPointForObjectProcessResult`: one Object FC access point.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetAccessPointForObjectProcessResult {
    /// `AccessPointNameForObjectProcess`.
    #[serde(default)]
    pub access_point_name_for_object_process: String,
    /// `AccessPointName`.
    #[serde(default)]
    pub access_point_name: String,
    /// `AccountId`.
    #[serde(default)]
    pub account_id: String,
    /// `AccessPointForObjectProcessArn`.
    #[serde(default)]
    pub access_point_for_object_process_arn: String,
    /// `AccessPointForObjectProcessAlias`.
    #[serde(default)]
    pub access_point_for_object_process_alias: String,
    /// `CreationDate`.
    #[serde(default)]
    pub creation_date: String,
    /// `Status`.
    #[serde(default)]
    pub status: String,
}

xml_body!(
    GetAccessPointForObjectProcessResult,
    "GetAccessPointForObjectProcessResult"
);

/// `ListAccessPointsForObjectProcessResult`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAccessPointsForObjectProcessResult {
    /// `AccessPointsForObjectProcess/AccessPointForObjectProcess*`.
    #[serde(default, with = "fc_access_points")]
    pub access_points_for_object_process: Vec<AccessPointForObjectProcessSummary>,
    /// `IsTruncated`.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub is_truncated: bool,
    /// `NextContinuationToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_continuation_token: Option<String>,
    /// `AccountId`.
    #[serde(default)]
    pub account_id: String,
}

wrapped!(list fc_access_points, "AccessPointForObjectProcess", AccessPointForObjectProcessSummary);

xml_body!(
    ListAccessPointsForObjectProcessResult,
    "ListAccessPointsForObjectProcessResult"
);

/// One `AccessPointForObjectProcess` of a listing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessPointForObjectProcessSummary {
    /// `AccessPointNameForObjectProcess`.
    #[serde(default)]
    pub access_point_name_for_object_process: String,
    /// `AccessPointForObjectProcessAlias`.
    #[serde(default)]
    pub access_point_for_object_process_alias: String,
    /// `AccessPointName`.
    #[serde(default)]
    pub access_point_name: String,
    /// `Status`.
    #[serde(default)]
    pub status: String,
}

/// `PutAccessPointConfigForObjectProcessConfiguration`: the body of
/// PutAccessPointConfigForObjectProcess, and (root `GetAccessPointConfigForObjectProcessResult`)
/// much of its Get's response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessPointConfigForObjectProcess {
    /// `AllowAnonymousAccessForObjectProcess`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_anonymous_access_for_object_process: Option<String>,
    /// `PublicAccessBlockConfiguration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_access_block_configuration: Option<PublicAccessBlockConfiguration>,
    /// `ObjectProcessConfiguration`.
    #[serde(default)]
    pub object_process_configuration: ObjectProcessConfiguration,
}

xml_body!(
    AccessPointConfigForObjectProcess,
    "PutAccessPointConfigForObjectProcessConfiguration"
);

impl Document for AccessPointConfigForObjectProcess {}

/// GetAccessPointConfigForObjectProcess's response: the same elements as
/// [`AccessPointConfigForObjectProcess`] under another root.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetAccessPointConfigForObjectProcessResult {
    /// `AllowAnonymousAccessForObjectProcess`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_anonymous_access_for_object_process: Option<String>,
    /// `PublicAccessBlockConfiguration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_access_block_configuration: Option<PublicAccessBlockConfiguration>,
    /// `ObjectProcessConfiguration`.
    #[serde(default)]
    pub object_process_configuration: ObjectProcessConfiguration,
}

xml_body!(
    GetAccessPointConfigForObjectProcessResult,
    "GetAccessPointConfigForObjectProcessResult"
);
