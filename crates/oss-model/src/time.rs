//! Dates on the wire: HTTP dates in headers, ISO 8601 in XML bodies.
//!
//! - HTTP dates (`Fri, 24 Feb 2012 07:18:48 GMT`): `Last-Modified`, the `expiry-date` of
//!   the restore header. All three forms HTTP/1.1 recipients must accept are read (IMF-fixdate,
//!   RFC 850, asctime), with the day of the week checked against the date; IMF-fixdate is
//!   written. (`httpdate`, the crate hyper uses for the same job.)
//! - ISO 8601 (`2012-02-24T08:43:07.000Z`): `LastModified`, `CreationDate`, `Initiated` in
//!   XML. Kept as a [`Timestamp`], which holds the raw text, because the reference shows both
//!   forms in the same element (CopyObjectResult) and a model must send back what it read.
//!   (`humantime`'s RFC 3339.)
//!
//! The calendar arithmetic lives in those two small crates rather than here, so that the
//! workspace has one implementation of it beside oss-auth's, which formats its signing dates
//! itself because they are on the path of every request. Times outside 1970–9999, which no
//! response carries, are written as the nearest end of that range.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A time from an XML body, kept as its raw text.
///
/// [`to_system_time`](Self::to_system_time) reads ISO 8601 (`2012-02-24T08:43:07.000Z`, with or
/// without fractional seconds) and HTTP dates (`Fri, 24 Feb 2012 07:18:48 GMT`, as the first
/// CopyObject example of the reference has). [`from_system_time`](Self::from_system_time)
/// writes ISO 8601 with milliseconds, as OSS does.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Timestamp {
    raw: String,
}

impl Timestamp {
    /// A timestamp with this raw text.
    pub fn new(raw: impl Into<String>) -> Self {
        Timestamp { raw: raw.into() }
    }

    /// `time` as ISO 8601 with milliseconds, e.g. `2012-02-24T08:43:07.000Z`.
    pub fn from_system_time(time: SystemTime) -> Self {
        Timestamp::new(format_iso8601(time))
    }

    /// The text as received.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The time, if the text is ISO 8601 or an HTTP date.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        parse_iso8601(&self.raw).or_else(|| parse_http_date(&self.raw))
    }
}

impl From<SystemTime> for Timestamp {
    fn from(time: SystemTime) -> Self {
        Timestamp::from_system_time(time)
    }
}

impl fmt::Display for Timestamp {
    /// Writes the raw text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Timestamp::new)
    }
}

/// The last second both formatters can write (9999-12-31T23:59:59Z).
const LATEST: Duration = Duration::from_secs(253_402_300_799);

/// `time` within 1970–9999, where the formatters are defined.
fn writable(time: SystemTime) -> SystemTime {
    match time.duration_since(UNIX_EPOCH) {
        Err(_) => UNIX_EPOCH,
        Ok(since) if since > LATEST => UNIX_EPOCH + LATEST,
        Ok(_) => time,
    }
}

/// `Fri, 24 Feb 2012 07:18:48 GMT` (IMF-fixdate).
pub fn format_http_date(time: SystemTime) -> String {
    httpdate::fmt_http_date(writable(time))
}

/// Reads an HTTP date in any of the three forms of RFC 9110: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
/// (`Sun Nov  6 08:49:37 1994`). `None` if the text is none of these, the date does not exist
/// or the day of the week is not the date's.
pub fn parse_http_date(text: &str) -> Option<SystemTime> {
    httpdate::parse_http_date(text.trim()).ok()
}

/// `2012-02-24T08:43:07.000Z`.
pub fn format_iso8601(time: SystemTime) -> String {
    humantime::format_rfc3339_millis(writable(time)).to_string()
}

/// Reads `2012-02-24T08:43:07.000Z`: UTC (`Z`), fractional seconds optional (kept to the
/// nanosecond). `None` for anything else.
pub fn parse_iso8601(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    // RFC 3339 also allows a lower-case `t` and `z`, which the wire never sends; `humantime`
    // reads a dot without digits, which is not RFC 3339.
    if !text.ends_with('Z') || !text.contains('T') || text.ends_with(".Z") {
        return None;
    }
    humantime::parse_rfc3339(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn reads_the_reference_examples() {
        // Fri, 24 Feb 2012 07:18:48 GMT = 1330067928.
        let t = at(1_330_067_928);
        assert_eq!(parse_http_date("Fri, 24 Feb 2012 07:18:48 GMT"), Some(t));
        assert_eq!(format_http_date(t), "Fri, 24 Feb 2012 07:18:48 GMT");
        assert_eq!(parse_iso8601("2012-02-24T07:18:48.000Z"), Some(t));
        assert_eq!(format_iso8601(t), "2012-02-24T07:18:48.000Z");
        assert_eq!(
            parse_iso8601("2012-02-24T07:18:48.25Z"),
            Some(t + Duration::from_millis(250))
        );
        assert_eq!(parse_iso8601("2012-02-24T07:18:48Z"), Some(t));
    }

    #[test]
    fn reads_every_http_date_form() {
        let t = at(784_111_777);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(t));
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(t));
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(t));
    }

    #[test]
    fn rejects_malformed_dates() {
        for bad in [
            "",
            "Fri, 24 Feb 2012 07:18:48 UTC",
            "Fri, 30 Feb 2012 07:18:48 GMT",
            "Xyz, 24 Feb 2012 07:18:48 GMT",
            "Sat, 24 Feb 2012 07:18:48 GMT",
            "Fri, 24 Feb 2012 24:00:00 GMT",
            "Fri, 24 Feb 2012 07:18 GMT",
            "Fri, 24 Feb 12 07:18:48 GMT",
            "Fri, 24 Feb 1969 07:18:48 GMT",
            "Fri, 24 Feb 2012 07:18:48 GMT extra",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
        for bad in [
            "2012-02-24T07:18:48.000",
            "2012-02-24 07:18:48Z",
            "2012-02-24T07:18:48.Z",
            "2012-2-24T07:18:48Z",
            "2012-02-24T07:18:48.0é0Z",
            "2012-02-30T07:18:48Z",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }

    #[test]
    fn times_outside_the_wire_range_are_written_at_its_ends() {
        let before = UNIX_EPOCH - Duration::from_secs(1);
        assert_eq!(format_http_date(before), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(format_iso8601(before), "1970-01-01T00:00:00.000Z");
        let far = UNIX_EPOCH + Duration::from_secs(u64::MAX / 4);
        assert_eq!(format_iso8601(far), "9999-12-31T23:59:59.000Z");
        assert!(format_http_date(far).contains("9999"));
    }

    #[test]
    fn timestamps_keep_their_text() {
        let ts = Timestamp::new("Fri, 24 Feb 2012 07:18:48 GMT");
        assert_eq!(ts.to_system_time(), Some(at(1_330_067_928)));
        assert_eq!(ts.raw(), "Fri, 24 Feb 2012 07:18:48 GMT");
        assert_eq!(Timestamp::new("soon").to_system_time(), None);
    }
}
