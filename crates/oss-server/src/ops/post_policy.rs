//! Enforcing a PostObject policy: the base64 JSON document's `expiration` and `conditions`
//! (exact `{"field": "value"}` and `["eq", "$field", "value"]`, `["starts-with", "$field",
//! "prefix"]`, `["content-length-range", min, max]`) against the form's fields, with the
//! reference's `\$` escape for a literal dollar sign.
//!
//! Field names compare in any case, values exactly, before `${filename}` is expanded.

use std::time::SystemTime;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use oss_model::code::ErrorCode;
use serde_json::Value;

use crate::error::{OssError, OssResult};

/// What a policy allows, once its expiry and field conditions hold: the size range the file
/// must fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Allowed {
    /// The smallest file allowed.
    pub min_size: u64,
    /// The largest file allowed.
    pub max_size: u64,
}

fn invalid(detail: &str) -> OssError {
    OssError::of(
        ErrorCode::InvalidPolicyDocument,
        format!("Invalid Policy: {detail}."),
    )
}

fn failed(condition: &Value) -> OssError {
    OssError::access_denied(format!(
        "Invalid according to Policy: Policy Condition failed: {condition}"
    ))
}

/// Checks the base64 `policy` at `now` against the form: `field` returns a field's value by
/// lower-case name (`bucket` is the addressed bucket).
pub(crate) fn enforce<'f>(
    policy: &str,
    now: SystemTime,
    field: impl Fn(&str) -> Option<&'f str>,
) -> OssResult<Allowed> {
    let json = BASE64
        .decode(policy.trim())
        .map_err(|_| invalid("the policy is not base64"))?;
    let text = String::from_utf8(json).map_err(|_| invalid("the policy is not UTF-8"))?;
    let document: Value =
        serde_json::from_str(&unescape_dollars(&text)).map_err(|_| invalid("Invalid JSON"))?;
    let expiration = document
        .get("expiration")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("the policy has no expiration"))?;
    let expiration = oss_model::time::parse_iso8601(expiration)
        .ok_or_else(|| invalid("the expiration is not an ISO 8601 time"))?;
    let conditions = document
        .get("conditions")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("the policy has no conditions list"))?;
    if expiration <= now {
        return Err(OssError::access_denied(
            "Invalid according to Policy: Policy expired.",
        ));
    }
    let mut allowed = Allowed {
        min_size: 0,
        max_size: u64::MAX,
    };
    let value_of = |name: &str| {
        let name = name.to_ascii_lowercase();
        field(&name).unwrap_or_default()
    };
    for condition in conditions {
        match condition {
            Value::Object(map) => {
                for (name, expected) in map {
                    let expected = expected
                        .as_str()
                        .ok_or_else(|| invalid("an exact condition's value is not a string"))?;
                    if value_of(name) != expected {
                        return Err(failed(condition));
                    }
                }
            }
            Value::Array(items) => {
                let operator = items
                    .first()
                    .and_then(Value::as_str)
                    .ok_or_else(|| invalid("a condition without an operator"))?;
                match operator.to_ascii_lowercase().as_str() {
                    "content-length-range" => {
                        let bound = |i: usize| {
                            items.get(i).and_then(|v| {
                                v.as_u64().or_else(|| v.as_str()?.trim().parse().ok())
                            })
                        };
                        let (Some(min), Some(max), 3) = (bound(1), bound(2), items.len()) else {
                            return Err(invalid(
                                "content-length-range needs a minimum and maximum",
                            ));
                        };
                        allowed.min_size = allowed.min_size.max(min);
                        allowed.max_size = allowed.max_size.min(max);
                    }
                    op @ ("eq" | "starts-with") => {
                        let (Some(name), Some(expected), 3) = (
                            items.get(1).and_then(Value::as_str),
                            items.get(2).and_then(Value::as_str),
                            items.len(),
                        ) else {
                            return Err(invalid("a condition needs a $field and a value"));
                        };
                        let name = name
                            .strip_prefix('$')
                            .ok_or_else(|| invalid("a condition's field must start with $"))?;
                        let value = value_of(name);
                        let holds = if op == "eq" {
                            value == expected
                        } else {
                            value.starts_with(expected)
                        };
                        if !holds {
                            return Err(failed(condition));
                        }
                    }
                    _ => return Err(invalid(&format!("unknown condition {operator}"))),
                }
            }
            _ => return Err(invalid("a condition is neither an object nor a list")),
        }
    }
    Ok(allowed)
}

/// The error for a file outside the policy's size range.
pub(crate) fn too_large() -> OssError {
    OssError::of(
        ErrorCode::EntityTooLarge,
        "Your proposed upload exceeds the maximum allowed size.",
    )
}

/// The error for a file smaller than the policy's minimum.
pub(crate) fn too_small() -> OssError {
    OssError::of(
        ErrorCode::EntityTooSmall,
        "Your proposed upload is smaller than the minimum allowed size.",
    )
}

/// The reference's `\$` (a literal `$`, not a JSON escape) made plain JSON; other escapes,
/// including `\\` before a `$`, are kept.
fn unescape_dollars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('$') => out.push('$'),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form<'a>(fields: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<&'a str> + 'a {
        move |name| fields.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    fn encode(json: &str) -> String {
        BASE64.encode(json)
    }

    const LATER: &str = "2100-01-01T00:00:00.000Z";

    #[test]
    fn conditions_hold_or_name_the_failing_one() {
        let policy = encode(&format!(
            r#"{{"expiration":"{LATER}","conditions":[{{"bucket":"b"}},["starts-with","$key","user/"],["eq","$Content-Type","text/plain"],["content-length-range",1,"10"],{{"x-oss-meta-a":"\$1"}}]}}"#
        ));
        let fields = [
            ("bucket", "b"),
            ("key", "user/x"),
            ("content-type", "text/plain"),
            ("x-oss-meta-a", "$1"),
        ];
        let allowed = enforce(&policy, SystemTime::now(), form(&fields)).unwrap();
        assert_eq!((allowed.min_size, allowed.max_size), (1, 10));
        let other = [("bucket", "b"), ("key", "other/x")];
        let error = enforce(&policy, SystemTime::now(), form(&other)).unwrap_err();
        assert_eq!(error.body.code, "AccessDenied");
        assert!(error
            .body
            .message
            .contains(r#"["starts-with","$key","user/"]"#));
    }

    #[test]
    fn expired_and_malformed_policies_are_refused() {
        let expired = encode(r#"{"expiration":"2000-01-01T00:00:00Z","conditions":[]}"#);
        let error = enforce(&expired, SystemTime::now(), form(&[])).unwrap_err();
        assert_eq!(
            error.body.message,
            "Invalid according to Policy: Policy expired."
        );
        for bad in [
            "not base64!".to_owned(),
            encode("{"),
            encode(r#"{"conditions":[]}"#),
            encode(&format!(r#"{{"expiration":"{LATER}"}}"#)),
            encode(&format!(
                r#"{{"expiration":"{LATER}","conditions":[["in","$key","a"]]}}"#
            )),
            encode(&format!(
                r#"{{"expiration":"{LATER}","conditions":[["content-length-range",1]]}}"#
            )),
        ] {
            let error = enforce(&bad, SystemTime::now(), form(&[])).unwrap_err();
            assert_eq!(error.body.code, "InvalidPolicyDocument", "{bad}");
        }
    }
}
