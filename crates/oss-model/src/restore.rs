//! RestoreObject: the `RestoreRequest` body.

use serde::{Deserialize, Serialize};

use crate::xml::lenient;
use crate::RestoreTier;

/// `RestoreRequest`, the optional request body of RestoreObject (`POST /key?restore`).
///
/// An Archive object needs no body (it is restored for a day); Cold Archive and Deep Cold
/// Archive objects need one, with a [`RestoreTier`]. (Not in the 2019 reference, which knows
/// only Archive; element names as OSS takes them.)
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RestoreRequest {
    /// `Days`: how long the restored copy stays readable.
    #[serde(default, deserialize_with = "lenient::number")]
    pub days: u32,
    /// `JobParameters`: how fast to restore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_parameters: Option<JobParameters>,
}

impl RestoreRequest {
    /// Restore for `days` days at the default speed.
    pub fn new(days: u32) -> Self {
        RestoreRequest {
            days,
            job_parameters: None,
        }
    }

    /// The same request at the speed `tier`.
    pub fn with_tier(mut self, tier: RestoreTier) -> Self {
        self.job_parameters = Some(JobParameters { tier });
        self
    }
}

xml_body!(RestoreRequest, "RestoreRequest");

impl crate::op::Document for RestoreRequest {}

/// `JobParameters` of a [`RestoreRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct JobParameters {
    /// `Tier`: `Expedited`, `Standard` or `Bulk`.
    pub tier: RestoreTier,
}
