//! Bucket policies and public access blocks, applied to anonymous requests.
//!
//! A signed request acts for the account that owns every bucket, which no policy restricts.
//! An anonymous request is decided in this order:
//! 1. a public access block on the bucket refuses it whatever the ACLs and policy say;
//! 2. a policy statement with `Principal` `*` whose action, resource and conditions match
//!    decides it: any matching `Deny` refuses, else any matching `Allow` admits;
//! 3. otherwise the ACLs decide ([`auth::authorize`](crate::auth::authorize)).
//!
//! Conditions this server evaluates: `acs:Referer`, `acs:SecureTransport`,
//! `acs:CurrentTime`, `oss:Prefix`, `oss:Delimiter` and `acs:SourceIp` (the connection's peer),
//! with the `String*`, `Bool`, `Date*` and `IpAddress`/`NotIpAddress` (addresses and CIDR
//! ranges) operators. A statement with a condition (or an element, such as `NotAction`) it cannot
//! evaluate never admits a request and always refuses it: an unknown restriction fails
//! closed.

use std::time::SystemTime;

use oss_model::op::OpName;
use oss_model::{BucketPolicy, PolicyStatement, XmlBody};

use crate::glob::glob;

/// What a policy says about a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// A statement allows it.
    Allow,
    /// A statement denies it.
    Deny,
    /// No statement applies: the ACLs decide.
    Neutral,
}

/// An anonymous request, as a policy sees it.
#[derive(Debug, Clone)]
pub(crate) struct Subject<'a> {
    /// The operation.
    pub op: OpName,
    /// `acs:oss:<region>:<account>:bucket[/key]`.
    pub resource: String,
    /// Request values conditions read (`acs:Referer`, `oss:Prefix`…), by lower-case name.
    pub values: Vec<(&'static str, Option<&'a str>)>,
    /// The server time.
    pub now: SystemTime,
}

/// The policy action of an operation (`oss:GetObject`), and the other actions that cover it.
pub(crate) fn action(op: OpName) -> &'static str {
    use OpName::*;
    match op {
        GetObject | HeadObject | GetObjectMeta | GetSymlink => "oss:GetObject",
        PutObject
        | AppendObject
        | InitiateMultipartUpload
        | UploadPart
        | UploadPartCopy
        | CompleteMultipartUpload
        | CopyObject
        | PutSymlink => "oss:PutObject",
        DeleteObject | DeleteMultipleObjects => "oss:DeleteObject",
        AbortMultipartUpload => "oss:AbortMultipartUpload",
        ListObjects | ListObjectsV2 => "oss:ListObjects",
        ListMultipartUploads => "oss:ListMultipartUploads",
        ListParts => "oss:ListParts",
        GetObjectAcl => "oss:GetObjectAcl",
        PutObjectAcl => "oss:PutObjectAcl",
        GetObjectTagging => "oss:GetObjectTagging",
        PutObjectTagging => "oss:PutObjectTagging",
        DeleteObjectTagging => "oss:DeleteObjectTagging",
        RestoreObject => "oss:RestoreObject",
        // Bucket administration is never anonymous; a statement naming it changes nothing.
        _ => "oss:Bucket",
    }
}

/// Whether the statement covers everyone.
fn for_everyone(statement: &PolicyStatement) -> bool {
    statement.principals.iter().any(|p| p == "*")
}

/// What `policy` decides about an anonymous request.
pub(crate) fn evaluate(policy: &BucketPolicy, subject: &Subject<'_>) -> Decision {
    let action = action(subject.op);
    let mut allowed = false;
    for statement in policy.statements.iter().filter(|s| for_everyone(s)) {
        let understood = statement.is_fully_modelled();
        let covers = statement.actions.iter().any(|a| glob(a, action))
            && statement
                .resources
                .iter()
                .any(|r| glob(r, &subject.resource));
        if !covers && understood {
            continue;
        }
        let conditions = conditions_hold(statement, subject);
        match statement.effect.as_str() {
            // Deny when the statement matches, or when it cannot be understood.
            "Deny" if !understood || conditions != Some(false) => return Decision::Deny,
            "Allow" if understood && covers && conditions == Some(true) => allowed = true,
            _ => {}
        }
    }
    if allowed {
        Decision::Allow
    } else {
        Decision::Neutral
    }
}

/// Whether every condition holds: `Some(true)` or `Some(false)`, or `None` when one cannot be
/// evaluated.
fn conditions_hold(statement: &PolicyStatement, subject: &Subject<'_>) -> Option<bool> {
    let mut all = true;
    for (operator, keys) in &statement.conditions {
        for (key, values) in keys {
            let key = key.to_ascii_lowercase();
            let known = subject.values.iter().find(|(name, _)| *name == key);
            let actual: Option<&str> = match (key.as_str(), known) {
                ("acs:currenttime", _) => None,
                (_, Some((_, value))) => *value,
                (_, None) => return None,
            };
            let holds = match operator.as_str() {
                "StringEquals" => actual.is_some_and(|a| values.0.iter().any(|v| v == a)),
                "StringNotEquals" => !actual.is_some_and(|a| values.0.iter().any(|v| v == a)),
                "StringLike" => actual.is_some_and(|a| values.0.iter().any(|v| glob(v, a))),
                "StringNotLike" => !actual.is_some_and(|a| values.0.iter().any(|v| glob(v, a))),
                "Bool" => actual.is_some_and(|a| values.0.iter().any(|v| v == a)),
                "IpAddress" | "NotIpAddress" if key == "acs:sourceip" => {
                    let ip: std::net::IpAddr = actual?.parse().ok()?;
                    let mut inside = false;
                    for range in &values.0 {
                        inside |= in_range(ip, range)?;
                    }
                    inside == (operator == "IpAddress")
                }
                "DateLessThan" | "DateGreaterThan" if key == "acs:currenttime" => {
                    let limit = values
                        .0
                        .first()
                        .and_then(|v| oss_model::time::parse_iso8601(v))?;
                    if operator == "DateLessThan" {
                        subject.now < limit
                    } else {
                        subject.now > limit
                    }
                }
                _ => return None,
            };
            all &= holds;
        }
    }
    Some(all)
}

/// Whether `ip` is the address or in the CIDR range `range` (`10.0.0.0/8`, `::1/128`);
/// `None` if `range` reads as neither.
fn in_range(ip: std::net::IpAddr, range: &str) -> Option<bool> {
    use std::net::IpAddr;
    let (address, bits) = match range.trim().split_once('/') {
        Some((address, bits)) => (address, Some(bits.parse::<u32>().ok()?)),
        None => (range.trim(), None),
    };
    let network: IpAddr = address.parse().ok()?;
    let (ip, network, width) = match (ip, network) {
        (IpAddr::V4(a), IpAddr::V4(n)) => (u128::from(u32::from(a)), u128::from(u32::from(n)), 32),
        (IpAddr::V6(a), IpAddr::V6(n)) => (u128::from(a), u128::from(n), 128),
        (IpAddr::V6(a), IpAddr::V4(n)) => match a.to_ipv4_mapped() {
            Some(a) => (u128::from(u32::from(a)), u128::from(u32::from(n)), 32),
            None => return Some(false),
        },
        (IpAddr::V4(_), IpAddr::V6(_)) => return Some(false),
    };
    let bits = bits.unwrap_or(width);
    if bits > width {
        return None;
    }
    let shift = width - bits;
    let mask = if shift >= 128 { 0 } else { u128::MAX << shift };
    Some(ip & mask == network & mask)
}

/// Whether the policy grants anyone access: an `Allow` for `*` not limited to source
/// addresses or networks (GetBucketPolicyStatus's `IsPublic`).
pub(crate) fn is_public(policy: &BucketPolicy) -> bool {
    policy.statements.iter().any(|s| {
        s.effect == "Allow"
            && for_everyone(s)
            && !s.conditions.values().any(|keys| {
                keys.keys().any(|k| {
                    let k = k.to_ascii_lowercase();
                    k == "acs:sourceip" || k == "acs:sourcevpc" || k == "acs:sourcevpcip"
                })
            })
    })
}

/// The stored policy of a bucket, if it has one that reads.
pub(crate) fn stored(
    documents: &std::collections::BTreeMap<String, String>,
) -> Option<BucketPolicy> {
    documents
        .get(crate::ops::bucket_config::POLICY)
        .and_then(|text| BucketPolicy::from_xml(text).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(json: &str) -> BucketPolicy {
        BucketPolicy::from_xml(json).unwrap()
    }

    fn subject(op: OpName, resource: &str, referer: Option<&'static str>) -> Subject<'static> {
        Subject {
            op,
            resource: resource.into(),
            values: vec![("acs:referer", referer)],
            now: SystemTime::now(),
        }
    }

    #[test]
    fn deny_wins_and_conditions_apply() {
        let p = policy(
            r#"{"Version":"1","Statement":[
            {"Effect":"Allow","Principal":["*"],"Action":["oss:GetObject"],"Resource":["acs:oss:*:*:b/*"]},
            {"Effect":"Deny","Principal":["*"],"Action":["oss:GetObject"],"Resource":["acs:oss:*:*:b/secret/*"]},
            {"Effect":"Allow","Principal":["*"],"Action":["oss:PutObject"],"Resource":["acs:oss:*:*:b/*"],
             "Condition":{"StringLike":{"acs:Referer":["https://ok.example/*"]}}}]}"#,
        );
        let get = |r| evaluate(&p, &subject(OpName::GetObject, r, None));
        assert_eq!(get("acs:oss:x:1:b/a.txt"), Decision::Allow);
        assert_eq!(get("acs:oss:x:1:b/secret/a"), Decision::Deny);
        let put = |referer| evaluate(&p, &subject(OpName::PutObject, "acs:oss:x:1:b/a", referer));
        assert_eq!(put(Some("https://ok.example/page")), Decision::Allow);
        assert_eq!(put(Some("https://evil.example/")), Decision::Neutral);
        assert_eq!(put(None), Decision::Neutral);
        assert!(is_public(&p));
    }

    #[test]
    fn source_addresses_are_matched_by_address_and_range() {
        let p = policy(
            r#"{"Version":"1","Statement":[
            {"Effect":"Allow","Principal":["*"],"Action":["oss:GetObject"],"Resource":["*"],
             "Condition":{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","192.0.2.7"]}}},
            {"Effect":"Deny","Principal":["*"],"Action":["oss:GetObject"],"Resource":["*"],
             "Condition":{"IpAddress":{"acs:SourceIp":["10.9.0.0/16"]}}}]}"#,
        );
        let from = |ip: &'static str| {
            let mut s = subject(OpName::GetObject, "acs:oss:x:1:b/a", None);
            s.values.push(("acs:sourceip", Some(ip)));
            evaluate(&p, &s)
        };
        assert_eq!(from("10.1.2.3"), Decision::Allow);
        assert_eq!(from("192.0.2.7"), Decision::Allow);
        assert_eq!(
            from("::ffff:10.1.2.3"),
            Decision::Allow,
            "an IPv4-mapped address"
        );
        assert_eq!(from("10.9.1.1"), Decision::Deny);
        assert_eq!(from("192.0.2.8"), Decision::Neutral);
        assert_eq!(from("2001:db8::1"), Decision::Neutral);
        assert_eq!(
            in_range("2001:db8::1".parse().unwrap(), "2001:db8::/32"),
            Some(true)
        );
        assert_eq!(
            in_range("10.0.0.1".parse().unwrap(), "0.0.0.0/0"),
            Some(true)
        );
        assert_eq!(in_range("10.0.0.1".parse().unwrap(), "10.0.0.0/33"), None);
        assert_eq!(in_range("10.0.0.1".parse().unwrap(), "not-an-ip"), None);
    }

    #[test]
    fn what_cannot_be_evaluated_fails_closed() {
        let p = policy(
            r#"{"Version":"1","Statement":[
            {"Effect":"Allow","Principal":["*"],"Action":["oss:*"],"Resource":["*"],
             "Condition":{"IpAddress":{"acs:SourceVpc":["vpc-1"]}}},
            {"Effect":"Deny","Principal":["*"],"NotAction":["oss:GetObject"],"Resource":["*"]}]}"#,
        );
        assert_eq!(
            evaluate(&p, &subject(OpName::GetObject, "acs:oss:x:1:b/a", None)),
            Decision::Deny
        );
        assert!(!is_public(&p));
    }
}
