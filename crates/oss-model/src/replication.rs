//! Put/Get/DeleteBucketReplication, GetBucketReplicationLocation, GetBucketReplicationProgress
//! and PutBucketRtc: `ReplicationConfiguration{Rule*{ID, PrefixSet?, Action, Destination{Bucket,
//! Location, TransferType?}, HistoricalObjectReplication, Status?, RTC?…}}` and the documents
//! around it.

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};

/// The bucket's replication rules: PutBucketReplication's body (one new rule) and
/// GetBucketReplication's response (every rule).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReplicationConfiguration {
    /// `Rule*`.
    #[serde(rename = "Rule", default)]
    pub rules: Vec<ReplicationRule>,
}

xml_body!(ReplicationConfiguration, "ReplicationConfiguration");

/// One replication rule.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicationRule {
    /// `ID`: given by the service when the request has none.
    #[serde(rename = "ID", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `PrefixSet/Prefix*`: the keys replicated (all when empty).
    #[serde(default, with = "prefix_set", skip_serializing_if = "Vec::is_empty")]
    pub prefix_set: Vec<String>,
    /// `Action`: `ALL` or a comma-separated list of `PUT`, `DELETE`, `ABORT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// `Destination`.
    #[serde(default)]
    pub destination: ReplicationDestination,
    /// `Status`: `starting`, `doing`, `closing` (in responses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `HistoricalObjectReplication`: `enabled` or `disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub historical_object_replication: Option<String>,
    /// `SyncRole`: the RAM role used with KMS-encrypted objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_role: Option<String>,
    /// `RTC{Status}`: replication time control.
    #[serde(rename = "RTC", default, skip_serializing_if = "Option::is_none")]
    pub rtc: Option<ReplicationTimeControl>,
}

wrapped!(list prefix_set, "Prefix", String);

/// The `Destination` of a replication rule.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicationDestination {
    /// `Bucket`.
    #[serde(default)]
    pub bucket: String,
    /// `Location`: the destination's region, `oss-cn-beijing`.
    #[serde(default)]
    pub location: String,
    /// `TransferType`: `internal` or `oss_acc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_type: Option<String>,
}

/// `RTC{Status}`: `enabled` or `disabled`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReplicationTimeControl {
    /// `Status`.
    #[serde(rename = "Status", default)]
    pub status: String,
}

impl ReplicationRule {
    /// A rule replicating everything to `bucket` in `location`.
    pub fn new(bucket: impl Into<String>, location: impl Into<String>) -> Self {
        ReplicationRule {
            destination: ReplicationDestination {
                bucket: bucket.into(),
                location: location.into(),
                transfer_type: None,
            },
            ..ReplicationRule::default()
        }
    }

    /// Whether the rule replicates `key`.
    pub fn covers(&self, key: &str) -> bool {
        self.prefix_set.is_empty() || self.prefix_set.iter().any(|p| key.starts_with(p))
    }

    /// Whether the rule replicates the given action (`PUT`, `DELETE`, `ABORT`).
    pub fn replicates(&self, action: &str) -> bool {
        match self.action.as_deref() {
            None | Some("") => true,
            Some(actions) => actions
                .split(',')
                .map(str::trim)
                .any(|a| a == "ALL" || a == action),
        }
    }
}

impl Document for ReplicationConfiguration {
    /// One rule or more, each with a destination bucket and location, actions among `ALL`,
    /// `PUT`, `DELETE`, `ABORT`, at most 10 prefixes.
    fn check(&self) -> Result<(), RuleError> {
        let fail = |message: String| Err(RuleError::new(Rule::Document, message));
        if self.rules.is_empty() {
            return fail("a replication configuration needs a Rule".into());
        }
        for rule in &self.rules {
            if rule.destination.bucket.is_empty() || rule.destination.location.is_empty() {
                return fail("a replication rule needs a destination Bucket and Location".into());
            }
            if let Some(actions) = &rule.action {
                if let Some(bad) = actions
                    .split(',')
                    .map(str::trim)
                    .find(|a| !["ALL", "PUT", "DELETE", "ABORT"].contains(a))
                {
                    return fail(format!("Action {bad:?} is not ALL, PUT, DELETE or ABORT"));
                }
            }
            if rule.prefix_set.len() > 10 {
                return fail("a replication rule holds at most 10 prefixes".into());
            }
        }
        Ok(())
    }
}

/// `ReplicationRules{ID*}`: DeleteBucketReplication's body, the rules to stop.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReplicationRules {
    /// `ID*`.
    #[serde(rename = "ID", default)]
    pub ids: Vec<String>,
}

xml_body!(ReplicationRules, "ReplicationRules");

impl ReplicationRules {
    /// The rules with these ids.
    pub fn new<I: Into<String>>(ids: impl IntoIterator<Item = I>) -> Self {
        ReplicationRules {
            ids: ids.into_iter().map(Into::into).collect(),
        }
    }
}

impl Document for ReplicationRules {
    /// At least one id.
    fn check(&self) -> Result<(), RuleError> {
        if self.ids.iter().all(String::is_empty) {
            return Err(RuleError::new(Rule::Document, "name the rule ID to delete"));
        }
        Ok(())
    }
}

/// `RtcConfiguration{ID, RTC{Status}}`: PutBucketRtc's body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RtcConfiguration {
    /// `ID`: the rule.
    #[serde(rename = "ID", default)]
    pub id: String,
    /// `RTC`.
    #[serde(rename = "RTC", default)]
    pub rtc: ReplicationTimeControl,
}

xml_body!(RtcConfiguration, "ReplicationRule");

impl RtcConfiguration {
    /// Turns RTC on or off for rule `id`.
    pub fn new(id: impl Into<String>, enabled: bool) -> Self {
        RtcConfiguration {
            id: id.into(),
            rtc: ReplicationTimeControl {
                status: if enabled { "enabled" } else { "disabled" }.into(),
            },
        }
    }
}

impl Document for RtcConfiguration {
    /// A rule id, and the status `enabled` or `disabled`.
    fn check(&self) -> Result<(), RuleError> {
        if self.id.is_empty() || !["enabled", "disabled"].contains(&self.rtc.status.as_str()) {
            return Err(RuleError::new(
                Rule::Document,
                "RTC needs a rule ID and the Status enabled or disabled",
            ));
        }
        Ok(())
    }
}

/// `ReplicationLocation`: GetBucketReplicationLocation's response, the regions a bucket can
/// replicate to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReplicationLocation {
    /// `Location*`.
    #[serde(rename = "Location", default)]
    pub locations: Vec<String>,
}

xml_body!(ReplicationLocation, "ReplicationLocation");

/// `ReplicationProgress{Rule*}`: GetBucketReplicationProgress's response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReplicationProgress {
    /// `Rule*`.
    #[serde(rename = "Rule", default)]
    pub rules: Vec<ReplicationProgressRule>,
}

xml_body!(ReplicationProgress, "ReplicationProgress");

/// One rule of a [`ReplicationProgress`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicationProgressRule {
    /// `ID`.
    #[serde(rename = "ID", default)]
    pub id: String,
    /// `PrefixSet/Prefix*`.
    #[serde(default, with = "prefix_set", skip_serializing_if = "Vec::is_empty")]
    pub prefix_set: Vec<String>,
    /// `Action`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// `Destination`.
    #[serde(default)]
    pub destination: ReplicationDestination,
    /// `Status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `HistoricalObjectReplication`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub historical_object_replication: Option<String>,
    /// `Progress`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<ReplicationProgressInfo>,
}

/// `Progress{HistoricalObject?, NewObject}`: the share of old objects copied (`0.85`) and the
/// time up to which new ones are (an ISO 8601 instant).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicationProgressInfo {
    /// `HistoricalObject`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub historical_object: Option<String>,
    /// `NewObject`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_object: Option<String>,
}
