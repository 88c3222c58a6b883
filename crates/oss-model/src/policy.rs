//! Put/Get/DeleteBucketPolicy and GetBucketPolicyStatus: the bucket's access policy, a JSON
//! document (`{"Version":"1","Statement":[…]}`), and `PolicyStatus{IsPublic}`.
//!
//! The policy is the one body of the API that is JSON, not XML: [`BucketPolicy`] implements
//! [`XmlBody`](crate::XmlBody) by reading and writing JSON, so that the operation table carries
//! it like any other document. Elements this crate does not model (`NotAction`,
//! `NotPrincipal`, `NotResource`, future ones) are kept in each statement's `other`, so a policy
//! reads back as it was written; an evaluator must treat a statement holding any of them with
//! care (see [`PolicyStatement::is_fully_modelled`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};
use crate::ParseError;

/// A bucket policy: the body of PutBucketPolicy and of GetBucketPolicy's response.
///
/// ```
/// use oss_model::{BucketPolicy, XmlBody};
///
/// let policy = BucketPolicy::from_xml(r#"{"Version":"1","Statement":[{"Effect":"Allow",
///     "Action":["oss:GetObject"],"Principal":["*"],
///     "Resource":["acs:oss:*:*:examplebucket/*"]}]}"#).unwrap();
/// assert_eq!(policy.statements[0].effect, "Allow");
/// assert_eq!(BucketPolicy::from_xml(policy.to_xml()).unwrap(), policy);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BucketPolicy {
    /// `Version`: `1`.
    #[serde(rename = "Version", default)]
    pub version: String,
    /// `Statement`: the statements, each allowing or denying actions.
    #[serde(rename = "Statement", default)]
    pub statements: Vec<PolicyStatement>,
}

/// One statement of a policy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PolicyStatement {
    /// `Effect`: `Allow` or `Deny`.
    #[serde(rename = "Effect", default)]
    pub effect: String,
    /// `Action`: `oss:GetObject`, `oss:*`… (a string or a list of strings).
    #[serde(rename = "Action", default, with = "one_or_many")]
    pub actions: Vec<String>,
    /// `Principal`: account or user ids, `*` for anyone.
    #[serde(rename = "Principal", default, with = "one_or_many")]
    pub principals: Vec<String>,
    /// `Resource`: `acs:oss:*:*:bucket/prefix*` patterns.
    #[serde(rename = "Resource", default, with = "one_or_many")]
    pub resources: Vec<String>,
    /// `Condition`: operator → condition key → values.
    #[serde(
        rename = "Condition",
        default,
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub conditions: BTreeMap<String, BTreeMap<String, ConditionValues>>,
    /// Elements not modelled here (`Sid`, `NotAction`…), kept as received.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// The values of one condition key (a string, a number, a boolean, or a list of them), as
/// text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConditionValues(#[serde(with = "one_or_many")] pub Vec<String>);

impl PolicyStatement {
    /// Whether every element of the statement is one this crate models (a `Sid` aside): an
    /// evaluator that meets `NotAction` or `NotPrincipal` cannot know what the statement
    /// covers.
    pub fn is_fully_modelled(&self) -> bool {
        self.other.keys().all(|key| key == "Sid")
    }
}

/// The most bytes a policy document holds.
pub const MAX_POLICY_DOCUMENT: usize = 16 * 1024;

impl crate::XmlBody for BucketPolicy {
    const ROOT: &'static str = "Policy";

    fn from_xml(xml: impl AsRef<[u8]>) -> Result<Self, ParseError> {
        serde_json::from_slice(xml.as_ref())
            .map_err(|e| ParseError::new(format!("the policy is not valid JSON: {e}")))
    }

    fn to_xml(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Document for BucketPolicy {
    /// At least one statement; each with `Allow` or `Deny`, an action and a resource; the
    /// document at most 16 KB.
    fn check(&self) -> Result<(), RuleError> {
        let fail = |message: String| Err(RuleError::new(Rule::Document, message));
        if self.statements.is_empty() {
            return fail("a policy needs at least one Statement".into());
        }
        for (index, statement) in self.statements.iter().enumerate() {
            let n = index + 1;
            if statement.effect != "Allow" && statement.effect != "Deny" {
                return fail(format!(
                    "Statement {n}: Effect must be Allow or Deny, not {:?}",
                    statement.effect
                ));
            }
            if statement.actions.is_empty() && !statement.other.contains_key("NotAction") {
                return fail(format!("Statement {n}: an Action is required"));
            }
            if statement.resources.is_empty() && !statement.other.contains_key("NotResource") {
                return fail(format!("Statement {n}: a Resource is required"));
            }
        }
        let size = crate::XmlBody::to_xml(self).len();
        if size > MAX_POLICY_DOCUMENT {
            return fail(format!(
                "the policy is {size} bytes, more than {MAX_POLICY_DOCUMENT}"
            ));
        }
        Ok(())
    }
}

/// `PolicyStatus`: GetBucketPolicyStatus's response, whether the policy makes the bucket
/// public.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PolicyStatus {
    /// `IsPublic`.
    #[serde(
        rename = "IsPublic",
        default,
        deserialize_with = "crate::xml::lenient::boolean"
    )]
    pub is_public: bool,
}

xml_body!(PolicyStatus, "PolicyStatus");

/// A JSON value that may be one string (or number, or boolean) or a list of them.
mod one_or_many {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::Value;

    pub(super) fn serialize<S: Serializer>(items: &[String], s: S) -> Result<S::Ok, S::Error> {
        items.serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        let text = |value: Value| match value {
            Value::String(s) => Ok(s),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(serde::de::Error::custom(format!(
                "expected a string, found {other}"
            ))),
        };
        match Value::deserialize(d)? {
            Value::Array(values) => values.into_iter().map(text).collect(),
            Value::Null => Ok(Vec::new()),
            value => Ok(vec![text(value)?]),
        }
    }
}
