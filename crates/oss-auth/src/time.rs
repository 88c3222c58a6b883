//! The date formats OSS signing uses, formatted and parsed without a date library.
//!
//! - HTTP dates (`Wed, 28 Dec 2022 10:27:41 GMT`): the V1 `Date` line.
//! - ISO 8601 basic (`20231216T162057Z`): the V4 `x-oss-date`.
//! - ISO 8601 extended (`2014-12-01T12:00:00.000Z`): POST policy expirations.
//!
//! Times are [`SystemTime`]s; everything before 1970 is clamped to the epoch because no signed
//! request can carry such a date.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

const DAY_NAMES: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A UTC calendar time with second precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    days_since_epoch: i64,
}

/// Seconds since the Unix epoch (0 for earlier times).
pub fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The time `seconds` after the Unix epoch.
pub fn from_unix_seconds(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn civil(time: SystemTime) -> Civil {
    let secs = unix_seconds(time) as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: (rem / 3600) as u32,
        minute: (rem % 3600 / 60) as u32,
        second: (rem % 60) as u32,
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

fn to_system_time(year: i64, month: u32, day: u32, h: u32, m: u32, s: u32) -> Option<SystemTime> {
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days_in_month || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let secs = days_from_civil(year, month, day) * 86_400 + i64::from(h * 3600 + m * 60 + s);
    u64::try_from(secs).ok().map(from_unix_seconds)
}

/// Appends `value` as exactly `width` decimal digits (formatting without `fmt`, which is a
/// large share of signing time otherwise).
fn push_digits(out: &mut String, value: i64, width: u32) {
    for place in (0..width).rev() {
        let digit = (value / 10_i64.pow(place)).rem_euclid(10);
        out.push(char::from(b'0' + digit as u8));
    }
}

/// `Wed, 28 Dec 2022 10:27:41 GMT`.
pub fn format_http_date(time: SystemTime) -> String {
    let c = civil(time);
    let mut out = String::with_capacity(29);
    out.push_str(DAY_NAMES[c.days_since_epoch.rem_euclid(7) as usize]);
    out.push_str(", ");
    push_digits(&mut out, c.day.into(), 2);
    out.push(' ');
    out.push_str(MONTH_NAMES[c.month as usize - 1]);
    out.push(' ');
    push_digits(&mut out, c.year, 4);
    out.push(' ');
    push_clock(&mut out, &c, ":");
    out.push_str(" GMT");
    out
}

fn push_date(out: &mut String, c: &Civil, separator: &str) {
    push_digits(out, c.year, 4);
    out.push_str(separator);
    push_digits(out, c.month.into(), 2);
    out.push_str(separator);
    push_digits(out, c.day.into(), 2);
}

fn push_clock(out: &mut String, c: &Civil, separator: &str) {
    push_digits(out, c.hour.into(), 2);
    out.push_str(separator);
    push_digits(out, c.minute.into(), 2);
    out.push_str(separator);
    push_digits(out, c.second.into(), 2);
}

/// `20231216T162057Z`.
pub fn format_iso8601_basic(time: SystemTime) -> String {
    let c = civil(time);
    let mut out = String::with_capacity(16);
    push_date(&mut out, &c, "");
    out.push('T');
    push_clock(&mut out, &c, "");
    out.push('Z');
    out
}

/// `20231216`, the date of a V4 scope.
pub fn format_date_stamp(time: SystemTime) -> String {
    let mut out = String::with_capacity(8);
    push_date(&mut out, &civil(time), "");
    out
}

/// `2014-12-01T12:00:00.000Z`.
pub fn format_iso8601(time: SystemTime) -> String {
    let c = civil(time);
    let mut out = String::with_capacity(24);
    push_date(&mut out, &c, "-");
    out.push('T');
    push_clock(&mut out, &c, ":");
    out.push_str(".000Z");
    out
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses an HTTP date in the IMF-fixdate form (`Wed, 28 Dec 2022 10:27:41 GMT`). The day must
/// have two digits, as the OSS reference requires.
pub fn parse_http_date(s: &str) -> Option<SystemTime> {
    let rest = s.trim();
    let (weekday, rest) = rest.split_once(", ")?;
    if !DAY_NAMES.contains(&weekday) {
        return None;
    }
    let mut parts = rest.split(' ');
    let (day, month, year, clock, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() || zone != "GMT" || day.len() != 2 || year.len() != 4 {
        return None;
    }
    let month = MONTH_NAMES.iter().position(|m| *m == month)? as u32 + 1;
    let (h, m, sec) = parse_clock(clock, ':')?;
    to_system_time(i64::from(digits(year)?), month, digits(day)?, h, m, sec)
}

fn parse_clock(clock: &str, separator: char) -> Option<(u32, u32, u32)> {
    let fields: Vec<&str> = if separator == ':' {
        clock.split(':').collect()
    } else {
        if clock.len() != 6 || !clock.is_char_boundary(2) || !clock.is_char_boundary(4) {
            return None;
        }
        vec![&clock[..2], &clock[2..4], &clock[4..]]
    };
    match fields.as_slice() {
        [h, m, s] if h.len() == 2 && m.len() == 2 && s.len() == 2 => {
            Some((digits(h)?, digits(m)?, digits(s)?))
        }
        _ => None,
    }
}

/// Parses `20231216T162057Z`.
pub fn parse_iso8601_basic(s: &str) -> Option<SystemTime> {
    let (date, clock) = s.strip_suffix('Z')?.split_once('T')?;
    if date.len() != 8 || !date.is_char_boundary(4) || !date.is_char_boundary(6) {
        return None;
    }
    let (h, m, sec) = parse_clock(clock, '\0')?;
    to_system_time(
        i64::from(digits(&date[..4])?),
        digits(&date[4..6])?,
        digits(&date[6..])?,
        h,
        m,
        sec,
    )
}

/// Parses `2014-12-01T12:00:00Z` with optional fractional seconds (which are dropped).
pub fn parse_iso8601(s: &str) -> Option<SystemTime> {
    let (date, clock) = s.strip_suffix('Z')?.split_once('T')?;
    let clock = clock.split_once('.').map_or(clock, |(whole, fraction)| {
        if fraction.bytes().all(|b| b.is_ascii_digit()) {
            whole
        } else {
            ""
        }
    });
    let mut d = date.split('-');
    let (year, month, day) = (d.next()?, d.next()?, d.next()?);
    if d.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let (h, m, sec) = parse_clock(clock, ':')?;
    to_system_time(
        i64::from(digits(year)?),
        digits(month)?,
        digits(day)?,
        h,
        m,
        sec,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_documented_examples() {
        let t = from_unix_seconds(1_672_223_261);
        assert_eq!(format_http_date(t), "Wed, 28 Dec 2022 10:27:41 GMT");
        let t = from_unix_seconds(1_702_743_657);
        assert_eq!(format_iso8601_basic(t), "20231216T162057Z");
        assert_eq!(format_date_stamp(t), "20231216");
        assert_eq!(format_iso8601(t), "2023-12-16T16:20:57.000Z");
    }

    #[test]
    fn parses_what_it_formats() {
        for secs in [
            0u64,
            951_782_400,
            1_672_223_261,
            1_709_164_800,
            4_102_444_799,
        ] {
            let t = from_unix_seconds(secs);
            assert_eq!(parse_http_date(&format_http_date(t)), Some(t));
            assert_eq!(parse_iso8601_basic(&format_iso8601_basic(t)), Some(t));
            assert_eq!(parse_iso8601(&format_iso8601(t)), Some(t));
        }
    }

    #[test]
    fn rejects_malformed_dates() {
        for bad in [
            "",
            "Wed, 2 Dec 2022 10:27:41 GMT",
            "Wed, 28 Dec 2022 10:27:41 UTC",
            "Wed, 30 Feb 2022 10:27:41 GMT",
            "Xyz, 28 Dec 2022 10:27:41 GMT",
            "Wed, 28 Dec 2022 25:27:41 GMT",
            "Wed, 28 Dec 2022 10:27 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
        for bad in [
            "20231216T1620Z",
            "2023121T162057Z",
            "20231216T162057",
            "2023é216T162057Z",
        ] {
            assert_eq!(parse_iso8601_basic(bad), None, "{bad}");
        }
    }
}
