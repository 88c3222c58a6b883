//! Put/Get/DeleteBucketOverwriteConfig: `OverwriteConfiguration{Rule*{ID?, Action, Prefix?,
//! Suffix?, Principals?{Principal*}}}`, rules that forbid overwriting matching objects.

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};

/// The bucket's overwrite rules.
///
/// ```
/// use oss_model::{OverwriteConfiguration, OverwriteRule, XmlBody};
///
/// let config = OverwriteConfiguration::new([OverwriteRule::forbid("logs/")]);
/// assert_eq!(OverwriteConfiguration::from_xml(config.to_xml()).unwrap(), config);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OverwriteConfiguration {
    /// `Rule*`.
    #[serde(rename = "Rule", default)]
    pub rules: Vec<OverwriteRule>,
}

xml_body!(OverwriteConfiguration, "OverwriteConfiguration");

/// One overwrite rule.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OverwriteRule {
    /// `ID`.
    #[serde(rename = "ID", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Action`: `forbid`.
    #[serde(rename = "Action", default)]
    pub action: String,
    /// `Prefix`: the keys the rule covers start with it.
    #[serde(rename = "Prefix", default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// `Suffix`: …and end with it.
    #[serde(rename = "Suffix", default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    /// `Principals/Principal*`: who the rule applies to (everyone when empty).
    #[serde(rename = "Principals", default, with = "principals")]
    pub principals: Vec<String>,
}

wrapped!(list principals, "Principal", String);

/// The most rules a configuration holds.
pub const MAX_OVERWRITE_RULES: usize = 100;

impl OverwriteConfiguration {
    /// A configuration of these rules.
    pub fn new(rules: impl IntoIterator<Item = OverwriteRule>) -> Self {
        OverwriteConfiguration {
            rules: rules.into_iter().collect(),
        }
    }
}

impl OverwriteRule {
    /// A rule forbidding overwrites of keys starting with `prefix`.
    pub fn forbid(prefix: impl Into<String>) -> Self {
        OverwriteRule {
            action: "forbid".into(),
            prefix: Some(prefix.into()),
            ..OverwriteRule::default()
        }
    }

    /// Whether the rule covers `key`.
    pub fn covers(&self, key: &str) -> bool {
        self.prefix.as_deref().is_none_or(|p| key.starts_with(p))
            && self.suffix.as_deref().is_none_or(|s| key.ends_with(s))
    }
}

impl Document for OverwriteConfiguration {
    /// At most 100 rules, each with the action `forbid`, ids unique.
    fn check(&self) -> Result<(), RuleError> {
        let fail = |message: String| Err(RuleError::new(Rule::Document, message));
        if self.rules.len() > MAX_OVERWRITE_RULES {
            return fail(format!(
                "at most {MAX_OVERWRITE_RULES} overwrite rules, not {}",
                self.rules.len()
            ));
        }
        for (index, rule) in self.rules.iter().enumerate() {
            if rule.action != "forbid" {
                return fail(format!(
                    "Rule {}: Action must be forbid, not {:?}",
                    index + 1,
                    rule.action
                ));
            }
            if rule.id.is_some() && self.rules[..index].iter().any(|r| r.id == rule.id) {
                return fail(format!("Rule ID {:?} appears twice", rule.id));
            }
        }
        Ok(())
    }
}

impl crate::op::Setting for OverwriteConfiguration {
    /// No rules: every object may be overwritten.
    fn unset() -> Self {
        OverwriteConfiguration::default()
    }
}
