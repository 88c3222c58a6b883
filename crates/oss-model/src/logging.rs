//! Put/Get/DeleteBucketLogging: `BucketLoggingStatus{LoggingEnabled?{TargetBucket,
//! TargetPrefix?}}`, and the name and line format of the access-log objects the service
//! writes.

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};

/// `BucketLoggingStatus`: the request body of PutBucketLogging and the response of
/// GetBucketLogging. Without `LoggingEnabled` logging is off (an empty document turns it off,
/// and is what GetBucketLogging answers for a bucket that never had it).
///
/// ```
/// use oss_model::{BucketLoggingStatus, XmlBody};
///
/// let status = BucketLoggingStatus::enabled("doc-log", "MyLog-");
/// let xml = status.to_xml();
/// assert!(xml.contains("<TargetBucket>doc-log</TargetBucket>"));
/// assert_eq!(BucketLoggingStatus::from_xml(&xml).unwrap(), status);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BucketLoggingStatus {
    /// `LoggingEnabled`: where the access logs go.
    #[serde(
        rename = "LoggingEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub logging_enabled: Option<LoggingEnabled>,
}

xml_body!(BucketLoggingStatus, "BucketLoggingStatus");

impl crate::op::Setting for BucketLoggingStatus {
    /// Logging off (a bucket's status when none was set).
    fn unset() -> Self {
        BucketLoggingStatus::default()
    }
}

impl BucketLoggingStatus {
    /// Logging into `target_bucket`, log object names starting with `target_prefix`.
    pub fn enabled(target_bucket: impl Into<String>, target_prefix: impl Into<String>) -> Self {
        BucketLoggingStatus {
            logging_enabled: Some(LoggingEnabled {
                target_bucket: target_bucket.into(),
                target_prefix: Some(target_prefix.into()),
            }),
        }
    }
}

/// `LoggingEnabled`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LoggingEnabled {
    /// `TargetBucket`: the bucket the log objects are written to (the same owner and region;
    /// it may be the logged bucket itself).
    #[serde(rename = "TargetBucket", default)]
    pub target_bucket: String,
    /// `TargetPrefix`: the start of every log object's name.
    #[serde(
        rename = "TargetPrefix",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub target_prefix: Option<String>,
}

impl Document for BucketLoggingStatus {
    /// A target bucket with a valid name, and a prefix that makes valid object keys.
    fn check(&self) -> Result<(), RuleError> {
        let Some(enabled) = &self.logging_enabled else {
            return Ok(());
        };
        crate::validate::bucket_name(&enabled.target_bucket)
            .map_err(|e| RuleError::new(Rule::Document, format!("TargetBucket: {e}")))?;
        if let Some(prefix) = &enabled.target_prefix {
            if !prefix.is_empty() {
                crate::validate::object_key(prefix)
                    .map_err(|e| RuleError::new(Rule::Document, format!("TargetPrefix: {e}")))?;
            }
        }
        Ok(())
    }
}

/// The name of an access-log object: `<TargetPrefix><SourceBucket>-YYYY-mm-DD-HH-MM-SS-<unique>`
/// (the reference's `MyLog-oss-example-2012-09-10-04-00-00-0000`), `time` being the hour the
/// log covers, in UTC.
pub fn log_object_name(
    prefix: &str,
    source_bucket: &str,
    time: std::time::SystemTime,
    unique: &str,
) -> String {
    let stamp = crate::time::format_iso8601(time);
    // 2012-09-10T04:00:00.000Z → 2012-09-10-04-00-00
    let stamp: String = stamp
        .get(..19)
        .unwrap_or_default()
        .chars()
        .map(|c| if c == 'T' || c == ':' { '-' } else { c })
        .collect();
    format!("{prefix}{source_bucket}-{stamp}-{unique}")
}

/// One access-log line's fields, in the reference's order (each `-` when it has no value).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessLogRecord {
    /// The requester's IP address.
    pub remote_ip: String,
    /// When the request arrived.
    pub time: Option<std::time::SystemTime>,
    /// `"METHOD /path?query HTTP/1.1"`'s middle: the method and request URI.
    pub request_uri: String,
    /// The response status.
    pub status: u16,
    /// Response bytes sent.
    pub sent_bytes: u64,
    /// Milliseconds spent on the request.
    pub request_time_ms: u64,
    /// The `Referer` header.
    pub referer: String,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// The `Host` header.
    pub host: String,
    /// The request id.
    pub request_id: String,
    /// The requester's account id (`-` when anonymous).
    pub requester: String,
    /// The operation (`GetObject`).
    pub operation: String,
    /// The bucket.
    pub bucket: String,
    /// The object key.
    pub key: String,
    /// The object's size.
    pub object_size: Option<u64>,
    /// The error code, if the request failed.
    pub error_code: String,
    /// The request's length in bytes.
    pub request_length: Option<u64>,
    /// The bucket owner's id.
    pub owner: String,
}

impl AccessLogRecord {
    /// The record as one log line (no line break): the reference's 25 fields, space
    /// separated, text fields quoted, the time as `[02/May/2012:00:00:04 +0000]`.
    pub fn to_line(&self) -> String {
        fn dash(text: &str) -> String {
            if text.is_empty() {
                "-".to_owned()
            } else {
                text.to_owned()
            }
        }
        fn quoted(text: &str) -> String {
            // A quote or a control character would break the line's fields.
            let clean: String = text
                .chars()
                .map(|c| if c == '"' || c.is_control() { '_' } else { c })
                .collect();
            format!("\"{}\"", dash(&clean))
        }
        fn number(n: Option<u64>) -> String {
            n.map_or_else(|| "-".to_owned(), |n| n.to_string())
        }
        let time = self.time.map_or_else(|| "-".to_owned(), access_log_time);
        let space_free = |text: &str| dash(&text.replace(' ', "%20"));
        [
            dash(&self.remote_ip),
            "-".to_owned(),
            "-".to_owned(),
            time,
            quoted(&self.request_uri),
            self.status.to_string(),
            self.sent_bytes.to_string(),
            self.request_time_ms.to_string(),
            quoted(&self.referer),
            quoted(&self.user_agent),
            quoted(&self.host),
            quoted(&self.request_id),
            quoted("true"),
            quoted(&self.requester),
            quoted(&self.operation),
            quoted(&self.bucket),
            quoted(&space_free(&crate::encoding::url_encode(&self.key))),
            number(self.object_size),
            self.request_time_ms.to_string(),
            quoted(&self.error_code),
            number(self.request_length),
            quoted(&self.owner),
            "-".to_owned(),
            quoted(""),
            "-".to_owned(),
        ]
        .join(" ")
    }
}

/// `[02/May/2012:00:00:04 +0000]`: the access log's time, in UTC.
fn access_log_time(time: std::time::SystemTime) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let iso = crate::time::format_iso8601(time); // 2012-05-02T00:00:04.000Z
    let field = |range: std::ops::Range<usize>| iso.get(range).unwrap_or("00");
    let month = field(5..7)
        .parse::<usize>()
        .ok()
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("Jan");
    format!(
        "[{}/{month}/{}:{} +0000]",
        field(8..10),
        field(0..4),
        field(11..19)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn names_and_lines_follow_the_reference() {
        // 2012-09-10T04:00:00Z
        let hour = UNIX_EPOCH + Duration::from_secs(1_347_249_600);
        assert_eq!(
            log_object_name("MyLog-", "oss-example", hour, "0000"),
            "MyLog-oss-example-2012-09-10-04-00-00-0000"
        );
        let line = AccessLogRecord {
            remote_ip: "127.0.0.1".into(),
            time: Some(hour + Duration::from_secs(4)),
            request_uri: "GET /oss-example/a%20b HTTP/1.1".into(),
            status: 200,
            operation: "GetObject".into(),
            bucket: "oss-example".into(),
            key: "a b".into(),
            ..AccessLogRecord::default()
        }
        .to_line();
        assert!(line.starts_with("127.0.0.1 - - [10/Sep/2012:04:00:04 +0000] \"GET /oss-example/a%20b HTTP/1.1\" 200 0 0 \"-\""), "{line}");
        assert!(
            line.contains("\"GetObject\" \"oss-example\" \"a%20b\""),
            "{line}"
        );
        assert_eq!(line.split(' ').count(), 28, "{line}"); // the URI holds two spaces, the time one
    }
}
