//! Dates on the wire: HTTP dates in headers, ISO 8601 in XML bodies, without a date library.
//!
//! - HTTP dates (`Fri, 24 Feb 2012 07:18:48 GMT`): `Last-Modified`, the `expiry-date` of
//!   `x-oss-restore`. All three forms HTTP/1.1 recipients must accept are read (IMF-fixdate,
//!   RFC 850, asctime); IMF-fixdate is written.
//! - ISO 8601 (`2012-02-24T08:43:07.000Z`): `LastModified`, `CreationDate`, `Initiated` in
//!   XML. Kept as a [`Timestamp`], which holds the raw text, because the reference shows both
//!   forms in the same element (CopyObjectResult) and a model must send back what it read.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const DAY_NAMES: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const LONG_DAY_NAMES: [&str; 7] = [
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

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

/// A UTC calendar time.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    seconds_of_day: u32,
    days_since_epoch: i64,
}

fn civil(time: SystemTime) -> Civil {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let days = secs.div_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    Civil {
        year: yoe + era * 400 + i64::from(month <= 2),
        month,
        day,
        seconds_of_day: secs.rem_euclid(86_400) as u32,
        days_since_epoch: days,
    }
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn to_system_time(year: i64, month: u32, day: u32, clock: (u32, u32, u32)) -> Option<SystemTime> {
    let (h, m, s) = clock;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days_in_month || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let secs = days_from_civil(year, month, day) * 86_400 + i64::from(h * 3600 + m * 60 + s);
    u64::try_from(secs)
        .ok()
        .map(|secs| UNIX_EPOCH + Duration::from_secs(secs))
}

fn number(s: &str, min_len: usize, max_len: usize) -> Option<u32> {
    if s.len() < min_len || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn month(name: &str) -> Option<u32> {
    MONTH_NAMES
        .iter()
        .position(|m| *m == name)
        .map(|i| i as u32 + 1)
}

fn clock(s: &str) -> Option<(u32, u32, u32)> {
    let mut parts = s.split(':');
    let (h, m, sec) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    Some((number(h, 2, 2)?, number(m, 2, 2)?, number(sec, 2, 2)?))
}

/// `Fri, 24 Feb 2012 07:18:48 GMT` (IMF-fixdate). Times before 1970 are written as 1970.
pub fn format_http_date(time: SystemTime) -> String {
    let c = civil(time);
    let s = c.seconds_of_day;
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAY_NAMES[c.days_since_epoch.rem_euclid(7) as usize],
        c.day,
        MONTH_NAMES[c.month as usize - 1],
        c.year,
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// Reads an HTTP date in any of the three forms of RFC 9110: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
/// (`Sun Nov  6 08:49:37 1994`). The day of the week must be a real name but is not checked
/// against the date. `None` if the text is none of these or the date does not exist.
pub fn parse_http_date(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    if let Some((weekday, rest)) = text.split_once(", ") {
        let fields: Vec<&str> = rest.split(' ').collect();
        if DAY_NAMES.contains(&weekday) {
            // IMF-fixdate.
            if let [day, mon, year, time, "GMT"] = fields.as_slice() {
                let year = number(year, 4, 4)?;
                return to_system_time(
                    i64::from(year),
                    month(mon)?,
                    number(day, 1, 2)?,
                    clock(time)?,
                );
            }
        } else if LONG_DAY_NAMES.contains(&weekday) {
            // RFC 850, two-digit years read as the nearest century (1970–2069).
            if let [date, time, "GMT"] = fields.as_slice() {
                let mut parts = date.split('-');
                let (day, mon, year) = (parts.next()?, parts.next()?, parts.next()?);
                if parts.next().is_some() {
                    return None;
                }
                let year = i64::from(number(year, 2, 2)?);
                let year = if year < 70 { 2000 + year } else { 1900 + year };
                return to_system_time(year, month(mon)?, number(day, 2, 2)?, clock(time)?);
            }
        }
        return None;
    }
    // asctime: `Sun Nov  6 08:49:37 1994` (the day is padded with a space).
    let fields: Vec<&str> = text.split(' ').filter(|f| !f.is_empty()).collect();
    match fields.as_slice() {
        [weekday, mon, day, time, year] if DAY_NAMES.contains(weekday) => to_system_time(
            i64::from(number(year, 4, 4)?),
            month(mon)?,
            number(day, 1, 2)?,
            clock(time)?,
        ),
        _ => None,
    }
}

/// `2012-02-24T08:43:07.000Z`. Times before 1970 are written as 1970.
pub fn format_iso8601(time: SystemTime) -> String {
    let c = civil(time);
    let s = c.seconds_of_day;
    let millis = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_millis());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        c.year,
        c.month,
        c.day,
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// Reads `2012-02-24T08:43:07.000Z`: UTC (`Z`), fractional seconds optional (kept to the
/// nanosecond). `None` for anything else.
pub fn parse_iso8601(text: &str) -> Option<SystemTime> {
    let (date, time) = text.trim().strip_suffix('Z')?.split_once('T')?;
    let (time, fraction) = match time.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (time, None),
    };
    let mut parts = date.split('-');
    let (year, mon, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let whole = to_system_time(
        i64::from(number(year, 4, 4)?),
        number(mon, 2, 2)?,
        number(day, 2, 2)?,
        clock(time)?,
    )?;
    let nanos = match fraction {
        None => 0,
        Some(digits) => {
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits
                .bytes()
                .chain(std::iter::repeat(b'0'))
                .take(9)
                .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
        }
    };
    Some(whole + Duration::from_nanos(u64::from(nanos)))
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
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }

    #[test]
    fn timestamps_keep_their_text() {
        let ts = Timestamp::new("Fri, 24 Feb 2012 07:18:48 GMT");
        assert_eq!(ts.to_system_time(), Some(at(1_330_067_928)));
        assert_eq!(ts.raw(), "Fri, 24 Feb 2012 07:18:48 GMT");
        assert_eq!(Timestamp::new("soon").to_system_time(), None);
    }
}
