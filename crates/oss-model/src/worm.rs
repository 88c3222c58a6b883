//! WORM (write once, read many): a bucket's retention policy (Initiate, Abort, Complete,
//! Extend and GetBucketWorm), and the object-level retention of the Go SDK v2 (the bucket's
//! object-WORM configuration, an object's retention and legal hold). Element names as the
//! Go SDK v2 and oss2 write them.

use serde::{Deserialize, Serialize};

use crate::dialect::{Dialect, Header};
use crate::op::{Document, FromHeaders, Rule, RuleError};
use crate::xml::lenient;
use crate::{BucketWormState, ParseError, Timestamp};

/// The longest retention period of a bucket policy, in days (70 years).
pub const MAX_WORM_DAYS: u32 = 25_550;

fn check_days(days: u32) -> Result<(), RuleError> {
    if (1..=MAX_WORM_DAYS).contains(&days) {
        Ok(())
    } else {
        Err(RuleError::new(
            Rule::Document,
            format!("a retention period is 1 to {MAX_WORM_DAYS} days, not {days}"),
        ))
    }
}

/// `InitiateWormConfiguration`: the body of InitiateBucketWorm.
///
/// ```
/// use oss_model::{InitiateWormConfiguration, XmlBody};
///
/// let xml = InitiateWormConfiguration::new(30).to_xml();
/// assert!(xml.contains("<RetentionPeriodInDays>30</RetentionPeriodInDays>"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateWormConfiguration {
    /// `RetentionPeriodInDays`: how long objects are kept, 1 to 25,550.
    #[serde(deserialize_with = "lenient::number")]
    pub retention_period_in_days: u32,
}

xml_body!(InitiateWormConfiguration, "InitiateWormConfiguration");

impl InitiateWormConfiguration {
    /// A policy keeping objects `days` days.
    pub fn new(days: u32) -> Self {
        InitiateWormConfiguration {
            retention_period_in_days: days,
        }
    }
}

impl From<u32> for InitiateWormConfiguration {
    fn from(days: u32) -> Self {
        InitiateWormConfiguration::new(days)
    }
}

impl Document for InitiateWormConfiguration {
    /// The period is 1 to 25,550 days.
    fn check(&self) -> Result<(), RuleError> {
        check_days(self.retention_period_in_days)
    }
}

/// `ExtendWormConfiguration`: the body of ExtendBucketWorm (the new, longer period).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExtendWormConfiguration {
    /// `RetentionPeriodInDays`: the new period, longer than the current one.
    #[serde(deserialize_with = "lenient::number")]
    pub retention_period_in_days: u32,
}

xml_body!(ExtendWormConfiguration, "ExtendWormConfiguration");

impl From<u32> for ExtendWormConfiguration {
    fn from(days: u32) -> Self {
        ExtendWormConfiguration {
            retention_period_in_days: days,
        }
    }
}

impl Document for ExtendWormConfiguration {
    /// The period is 1 to 25,550 days (the service also wants it longer than the current).
    fn check(&self) -> Result<(), RuleError> {
        check_days(self.retention_period_in_days)
    }
}

/// `WormConfiguration`: the answer of GetBucketWorm.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WormConfiguration {
    /// `WormId`: the policy's id, which Complete and Extend name.
    #[serde(default)]
    pub worm_id: String,
    /// `State`: `InProgress` (for 24 hours after it was initiated, unless completed) or
    /// `Locked`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<BucketWormState>,
    /// `RetentionPeriodInDays`.
    #[serde(default, deserialize_with = "lenient::number")]
    pub retention_period_in_days: u32,
    /// `CreationDate`: when the policy was initiated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<Timestamp>,
}

xml_body!(WormConfiguration, "WormConfiguration");

/// What InitiateBucketWorm answers: the new policy's id (`x-oss-worm-id`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct InitiateBucketWormResult {
    /// The id of the policy, which Complete and Extend name.
    pub worm_id: String,
}

impl FromHeaders for InitiateBucketWormResult {
    /// Fails when the response has no `x-oss-worm-id`.
    fn from_headers(headers: &[(&str, &str)], dialect: &Dialect) -> Result<Self, ParseError> {
        let name = dialect.header(Header::WormId);
        let worm_id = headers
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
            .ok_or_else(|| ParseError::new(format!("no {name} in the response")))?;
        Ok(InitiateBucketWormResult { worm_id })
    }
}

/// `ObjectWormConfiguration`: whether a bucket has object-level retention, and its default.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectWormConfiguration {
    /// `ObjectWormEnabled`: `Enabled` once turned on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_worm_enabled: Option<String>,
    /// `Rule`: the default retention of new objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<ObjectWormRule>,
}

xml_body!(ObjectWormConfiguration, "ObjectWormConfiguration");

impl ObjectWormConfiguration {
    /// Object-level retention on, without a default retention.
    pub fn enabled() -> Self {
        ObjectWormConfiguration {
            object_worm_enabled: Some("Enabled".to_owned()),
            rule: None,
        }
    }
}

impl crate::op::Setting for ObjectWormConfiguration {
    /// Object-level retention off, no default (a bucket never configured).
    fn unset() -> Self {
        ObjectWormConfiguration::default()
    }
}

impl Document for ObjectWormConfiguration {
    /// A default retention has a mode and either days or years, each above zero.
    fn check(&self) -> Result<(), RuleError> {
        let Some(retention) = self
            .rule
            .as_ref()
            .and_then(|r| r.default_retention.as_ref())
        else {
            return Ok(());
        };
        let invalid = |message: &str| Err(RuleError::new(Rule::Document, message));
        match (retention.days, retention.years) {
            (None, None) => invalid("a DefaultRetention needs Days or Years"),
            (Some(0), _) | (_, Some(0)) => invalid("Days and Years are above zero"),
            _ => Ok(()),
        }
    }
}

/// `Rule` of an [`ObjectWormConfiguration`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectWormRule {
    /// `DefaultRetention`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_retention: Option<DefaultRetention>,
}

/// `DefaultRetention`: the retention new objects get.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DefaultRetention {
    /// `Mode`: `GOVERNANCE` or `COMPLIANCE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// `Days` (at most 36,500).
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub days: Option<u32>,
    /// `Years` (at most 100).
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub years: Option<u32>,
}

/// `Retention`: an object's retention (Put/GetObjectRetention).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Retention {
    /// `Mode`: `GOVERNANCE` or `COMPLIANCE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// `RetainUntilDate`: until when the object is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retain_until_date: Option<Timestamp>,
}

xml_body!(Retention, "Retention");

impl Document for Retention {}

/// `LegalHold`: an object's legal hold (Put/GetObjectLegalHold).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LegalHold {
    /// `Status`: `ON` or `OFF`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

xml_body!(LegalHold, "LegalHold");

impl LegalHold {
    /// `ON`: the version may not be deleted or overwritten.
    pub fn on() -> Self {
        LegalHold {
            status: Some("ON".to_owned()),
        }
    }

    /// `OFF`.
    pub fn off() -> Self {
        LegalHold {
            status: Some("OFF".to_owned()),
        }
    }
}

impl Document for LegalHold {}
