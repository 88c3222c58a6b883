//! Put/Get/DeleteBucketLifecycle: `LifecycleConfiguration{Rule+{ID?, Prefix, Tag*, Status,
//! Expiration?, Transition*, AbortMultipartUpload?}}` with the elements of current OSS
//! (`Filter`, the noncurrent-version actions) kept, the reference's rules for it, and when a
//! rule applies to an object ([`LifecycleRule::applies_to`], [`LifecycleTime::is_due`]).

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};
use crate::xml::lenient;
use crate::{StorageClass, Tag};

/// `LifecycleConfiguration`: the request body of PutBucketLifecycle and the response of
/// GetBucketLifecycle.
///
/// ```
/// use oss_model::{LifecycleConfiguration, LifecycleRule, XmlBody};
///
/// let config = LifecycleConfiguration::new([LifecycleRule::expire_after_days("logs", "logs/", 1)]);
/// let xml = config.to_xml();
/// assert!(xml.contains("<Days>1</Days>"));
/// assert_eq!(LifecycleConfiguration::from_xml(&xml).unwrap(), config);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LifecycleConfiguration {
    /// `Rule+`.
    #[serde(rename = "Rule", default)]
    pub rules: Vec<LifecycleRule>,
}

xml_body!(LifecycleConfiguration, "LifecycleConfiguration");

impl LifecycleConfiguration {
    /// A configuration of these rules.
    pub fn new(rules: impl IntoIterator<Item = LifecycleRule>) -> Self {
        LifecycleConfiguration {
            rules: rules.into_iter().collect(),
        }
    }
}

/// One lifecycle `Rule`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LifecycleRule {
    /// `ID`: at most 255 bytes; the service makes one up when it is missing or empty.
    #[serde(rename = "ID", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Prefix`: the keys the rule applies to (empty: every key).
    #[serde(rename = "Prefix", default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// `Tag*`: the rule applies only to objects with all of these tags.
    #[serde(rename = "Tag", default)]
    pub tags: Vec<Tag>,
    /// `Status`: `Enabled` or `Disabled`.
    #[serde(rename = "Status", default)]
    pub status: String,
    /// `Expiration`: when objects are deleted.
    #[serde(
        rename = "Expiration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration: Option<LifecycleExpiration>,
    /// `Transition*`: when objects move to a colder storage class.
    #[serde(rename = "Transition", default)]
    pub transitions: Vec<LifecycleTransition>,
    /// `AbortMultipartUpload`: when unfinished uploads are aborted.
    #[serde(
        rename = "AbortMultipartUpload",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub abort_multipart_upload: Option<LifecycleTime>,
    /// `Filter` (current OSS): exclusions and size bounds.
    #[serde(rename = "Filter", default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<LifecycleFilter>,
    /// `NoncurrentVersionExpiration` (versioned buckets).
    #[serde(
        rename = "NoncurrentVersionExpiration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub noncurrent_version_expiration: Option<NoncurrentDays>,
    /// `NoncurrentVersionTransition*` (versioned buckets).
    #[serde(rename = "NoncurrentVersionTransition", default)]
    pub noncurrent_version_transitions: Vec<NoncurrentVersionTransition>,
}

/// `Expiration` of a rule: `Days` or `CreatedBeforeDate`, or (versioned buckets)
/// `ExpiredObjectDeleteMarker`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LifecycleExpiration {
    /// `Days`: a positive number of days.
    #[serde(
        rename = "Days",
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub days: Option<u32>,
    /// `CreatedBeforeDate`: `2002-10-11T00:00:00.000Z`.
    #[serde(
        rename = "CreatedBeforeDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub created_before_date: Option<String>,
    /// `ExpiredObjectDeleteMarker`.
    #[serde(
        rename = "ExpiredObjectDeleteMarker",
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub expired_object_delete_marker: Option<bool>,
}

/// When an action is due: `Days` after the last modification, or for what was modified
/// before `CreatedBeforeDate` (UTC midnight, ISO 8601). One of the two.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LifecycleTime {
    /// `Days`: a positive number of days.
    #[serde(
        rename = "Days",
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub days: Option<u32>,
    /// `CreatedBeforeDate`: `2002-10-11T00:00:00.000Z`.
    #[serde(
        rename = "CreatedBeforeDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub created_before_date: Option<String>,
}

/// `Transition` of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecycleTransition {
    /// `Days`: a positive number of days.
    #[serde(
        rename = "Days",
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub days: Option<u32>,
    /// `CreatedBeforeDate`: `2002-10-11T00:00:00.000Z`.
    #[serde(
        rename = "CreatedBeforeDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub created_before_date: Option<String>,
    /// `StorageClass`: `IA`, `Archive`, `ColdArchive` or `DeepColdArchive`.
    #[serde(rename = "StorageClass", default = "standard")]
    pub storage_class: StorageClass,
    /// `IsAccessTime` (current OSS): count from the last access instead.
    #[serde(
        rename = "IsAccessTime",
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_access_time: Option<bool>,
}

fn standard() -> StorageClass {
    StorageClass::Standard
}

/// `Filter` of a rule (current OSS).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LifecycleFilter {
    /// `ObjectSizeGreaterThan`.
    #[serde(
        rename = "ObjectSizeGreaterThan",
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub object_size_greater_than: Option<u64>,
    /// `ObjectSizeLessThan`.
    #[serde(
        rename = "ObjectSizeLessThan",
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub object_size_less_than: Option<u64>,
    /// `Not*`: objects excluded.
    #[serde(rename = "Not", default)]
    pub not: Vec<LifecycleNot>,
}

/// `Not` of a filter.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LifecycleNot {
    /// `Prefix`.
    #[serde(rename = "Prefix", default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// `Tag`.
    #[serde(rename = "Tag", default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<Tag>,
}

/// `NoncurrentVersionExpiration`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NoncurrentDays {
    /// `NoncurrentDays`.
    #[serde(
        rename = "NoncurrentDays",
        default,
        deserialize_with = "lenient::number"
    )]
    pub noncurrent_days: u32,
}

/// `NoncurrentVersionTransition`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoncurrentVersionTransition {
    /// `NoncurrentDays`.
    #[serde(
        rename = "NoncurrentDays",
        default,
        deserialize_with = "lenient::number"
    )]
    pub noncurrent_days: u32,
    /// `StorageClass`.
    #[serde(rename = "StorageClass", default = "standard")]
    pub storage_class: StorageClass,
}

/// The most rules a configuration holds.
pub const MAX_LIFECYCLE_RULES: usize = 1000;
/// The longest rule ID, in bytes.
pub const MAX_LIFECYCLE_RULE_ID: usize = 255;
const DAY: Duration = Duration::from_secs(24 * 3600);

impl LifecycleRule {
    /// A rule deleting objects under `prefix` `days` after their last modification.
    pub fn expire_after_days(id: impl Into<String>, prefix: impl Into<String>, days: u32) -> Self {
        LifecycleRule {
            id: Some(id.into()),
            prefix: Some(prefix.into()),
            status: "Enabled".into(),
            expiration: Some(LifecycleExpiration {
                days: Some(days),
                ..LifecycleExpiration::default()
            }),
            ..LifecycleRule::default()
        }
    }

    /// Whether the rule is on.
    pub fn is_enabled(&self) -> bool {
        self.status == "Enabled"
    }

    /// Whether the rule covers an object with this key and these tags (its prefix and all its
    /// tags; a filter is not looked at).
    pub fn applies_to(&self, key: &str, tags: &[(String, String)]) -> bool {
        key.starts_with(self.prefix.as_deref().unwrap_or_default())
            && self
                .tags
                .iter()
                .all(|tag| tags.iter().any(|(k, v)| *k == tag.key && *v == tag.value))
    }

    /// What the rule uses that the reference (2019) does not describe: a filter, the
    /// noncurrent-version actions, delete markers, access-time transitions. `None` if
    /// nothing.
    pub fn beyond_reference(&self) -> Option<&'static str> {
        if self.filter.is_some() {
            Some("Filter")
        } else if self.noncurrent_version_expiration.is_some() {
            Some("NoncurrentVersionExpiration")
        } else if !self.noncurrent_version_transitions.is_empty() {
            Some("NoncurrentVersionTransition")
        } else if self
            .expiration
            .as_ref()
            .is_some_and(|e| e.expired_object_delete_marker.is_some())
        {
            Some("ExpiredObjectDeleteMarker")
        } else if self
            .transitions
            .iter()
            .any(|t| t.is_access_time == Some(true))
        {
            Some("IsAccessTime")
        } else {
            None
        }
    }
}

impl LifecycleExpiration {
    /// When it is due.
    pub fn time(&self) -> LifecycleTime {
        LifecycleTime {
            days: self.days,
            created_before_date: self.created_before_date.clone(),
        }
    }
}

impl LifecycleTransition {
    /// When it is due.
    pub fn time(&self) -> LifecycleTime {
        LifecycleTime {
            days: self.days,
            created_before_date: self.created_before_date.clone(),
        }
    }
}

impl LifecycleTime {
    /// `days` after the last modification.
    pub fn days(days: u32) -> Self {
        LifecycleTime {
            days: Some(days),
            created_before_date: None,
        }
    }

    /// Whether the action is due at `now` for something last modified (or initiated) at
    /// `modified`: `Days` whole days later, or modified before `CreatedBeforeDate`.
    pub fn is_due(&self, modified: SystemTime, now: SystemTime) -> bool {
        if let Some(days) = self.days {
            return modified
                .checked_add(DAY * days)
                .is_some_and(|due| due <= now);
        }
        self.created_before_date
            .as_deref()
            .and_then(crate::time::parse_iso8601)
            .is_some_and(|date| modified < date)
    }

    fn check(&self, what: &str) -> Result<(), String> {
        match (self.days, &self.created_before_date) {
            (Some(_), Some(_)) => Err(format!(
                "{what}: Days and CreatedBeforeDate exclude each other"
            )),
            (None, None) => Err(format!("{what}: Days or CreatedBeforeDate is required")),
            (Some(0), None) => Err(format!("{what}: Days must be a positive integer")),
            (Some(_), None) => Ok(()),
            (None, Some(date)) => {
                let midnight = crate::time::parse_iso8601(date).and_then(|t| {
                    t.duration_since(SystemTime::UNIX_EPOCH)
                        .ok()
                        .map(|d| d.as_nanos() % DAY.as_nanos() == 0)
                });
                if midnight == Some(true) {
                    Ok(())
                } else {
                    Err(format!(
                        "{what}: CreatedBeforeDate {date:?} must be an ISO 8601 UTC midnight (2002-10-11T00:00:00.000Z)"
                    ))
                }
            }
        }
    }
}

impl Document for LifecycleConfiguration {
    /// The reference's rules: 1 to 1,000 rules; IDs at most 255 bytes and distinct;
    /// `Status` `Enabled` or `Disabled`; at least one action per rule; `Days` (positive) or
    /// `CreatedBeforeDate` (a UTC midnight), not both; transitions to IA, Archive,
    /// ColdArchive or DeepColdArchive, colder classes later than warmer ones, expiration
    /// after every transition; prefixes of rules without tags that do not overlap.
    fn check(&self) -> Result<(), RuleError> {
        self.check_rules()
            .map_err(|message| RuleError::new(Rule::Document, message))
    }
}

impl LifecycleConfiguration {
    fn check_rules(&self) -> Result<(), String> {
        if self.rules.is_empty() {
            return Err("a lifecycle configuration needs at least one Rule".into());
        }
        if self.rules.len() > MAX_LIFECYCLE_RULES {
            return Err(format!(
                "a lifecycle configuration holds at most {MAX_LIFECYCLE_RULES} rules, not {}",
                self.rules.len()
            ));
        }
        for (index, rule) in self.rules.iter().enumerate() {
            let name = match rule.id.as_deref() {
                Some(id) if !id.is_empty() => format!("Rule {id:?}"),
                _ => format!("Rule {}", index + 1),
            };
            rule.check().map_err(|e| format!("{name}: {e}"))?;
            let earlier = &self.rules[..index];
            if let Some(id) = rule.id.as_deref().filter(|id| !id.is_empty()) {
                if earlier.iter().any(|r| r.id.as_deref() == Some(id)) {
                    return Err(format!("{name}: the ID is used twice"));
                }
            }
            if rule.tags.is_empty() {
                let prefix = rule.prefix.as_deref().unwrap_or_default();
                if let Some(other) = earlier.iter().find(|r| {
                    let theirs = r.prefix.as_deref().unwrap_or_default();
                    r.tags.is_empty() && (prefix.starts_with(theirs) || theirs.starts_with(prefix))
                }) {
                    return Err(format!(
                        "{name}: its prefix {prefix:?} overlaps the prefix {:?} of another rule",
                        other.prefix.as_deref().unwrap_or_default()
                    ));
                }
            }
        }
        Ok(())
    }
}

/// How cold a storage class is (transitions only go colder).
fn coldness(class: &StorageClass) -> Option<u8> {
    match class {
        StorageClass::Ia => Some(1),
        StorageClass::Archive => Some(2),
        StorageClass::ColdArchive => Some(3),
        StorageClass::DeepColdArchive => Some(4),
        _ => None,
    }
}

impl LifecycleRule {
    fn check(&self) -> Result<(), String> {
        if let Some(id) = &self.id {
            if id.len() > MAX_LIFECYCLE_RULE_ID {
                return Err(format!(
                    "the ID is {} bytes, more than {MAX_LIFECYCLE_RULE_ID}",
                    id.len()
                ));
            }
        }
        if self.status != "Enabled" && self.status != "Disabled" {
            return Err(format!(
                "Status {:?} is not Enabled or Disabled",
                self.status
            ));
        }
        if self.expiration.is_none()
            && self.transitions.is_empty()
            && self.abort_multipart_upload.is_none()
            && self.noncurrent_version_expiration.is_none()
            && self.noncurrent_version_transitions.is_empty()
        {
            return Err("a rule needs Expiration, Transition or AbortMultipartUpload".into());
        }
        if let Some(expiration) = &self.expiration {
            if !(expiration.time() == LifecycleTime::default()
                && expiration.expired_object_delete_marker.is_some())
            {
                expiration.time().check("Expiration")?;
            }
        }
        if let Some(abort) = &self.abort_multipart_upload {
            abort.check("AbortMultipartUpload")?;
        }
        for transition in &self.transitions {
            transition.time().check("Transition")?;
            if coldness(&transition.storage_class).is_none() {
                return Err(format!(
                    "Transition StorageClass {} is not IA, Archive, ColdArchive or DeepColdArchive",
                    transition.storage_class
                ));
            }
        }
        for (i, warmer) in self.transitions.iter().enumerate() {
            for colder in &self.transitions[i + 1..] {
                let (a, b) = if coldness(&warmer.storage_class) < coldness(&colder.storage_class) {
                    (warmer, colder)
                } else {
                    (colder, warmer)
                };
                if a.storage_class == b.storage_class {
                    return Err(format!("two transitions to {}", a.storage_class));
                }
                if let (Some(da), Some(db)) = (a.days, b.days) {
                    if db <= da {
                        return Err(format!(
                            "the transition to {} ({db} days) must come later than the transition to {} ({da} days)",
                            b.storage_class, a.storage_class
                        ));
                    }
                }
            }
        }
        if let Some(days) = self.expiration.as_ref().and_then(|e| e.days) {
            if let Some(t) = self
                .transitions
                .iter()
                .find(|t| t.days.is_some_and(|d| d >= days))
            {
                return Err(format!(
                    "the expiration ({days} days) must come later than the transition to {}",
                    t.storage_class
                ));
            }
        }
        Ok(())
    }
}
