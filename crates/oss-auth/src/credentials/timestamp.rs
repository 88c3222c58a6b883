//! RFC 3339 UTC timestamps (`2006-01-02T15:04:05Z`, optionally with fractional seconds), as
//! credentials processes report expiry; parsed and formatted by hand to stay dependency-free.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

const SECONDS_PER_DAY: i64 = 86_400;

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction]Z`; `None` for anything else, including other
/// offsets and leap seconds.
pub(crate) fn parse_utc(text: &str) -> Option<SystemTime> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 {
        return None;
    }
    let separators_ok = bytes[4] == b'-'
        && bytes[7] == b'-'
        && matches!(bytes[10], b'T' | b't')
        && bytes[13] == b':'
        && bytes[16] == b':';
    if !separators_ok {
        return None;
    }
    let year = digits(&bytes[0..4])?;
    let month = digits(&bytes[5..7])?;
    let day = digits(&bytes[8..10])?;
    let hour = digits(&bytes[11..13])?;
    let minute = digits(&bytes[14..16])?;
    let second = digits(&bytes[17..19])?;
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }

    let rest = &bytes[19..];
    let (fraction, zone) = match rest.strip_prefix(b".") {
        Some(after_dot) => {
            let length = after_dot.iter().take_while(|b| b.is_ascii_digit()).count();
            if length == 0 {
                return None;
            }
            after_dot.split_at(length)
        }
        None => (&rest[..0], rest),
    };
    if !matches!(zone, [b'Z' | b'z']) {
        return None;
    }
    // Nanosecond precision is all SystemTime needs; further digits are dropped.
    let nanos = fraction
        .iter()
        .chain(std::iter::repeat(&b'0'))
        .take(9)
        .fold(0u32, |nanos, digit| nanos * 10 + u32::from(digit - b'0'));

    let days = days_from_civil(i64::from(year), month, day);
    let seconds = days * SECONDS_PER_DAY
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second);
    let since_epoch = Duration::from_secs(seconds.unsigned_abs());
    let whole = if seconds >= 0 {
        UNIX_EPOCH.checked_add(since_epoch)?
    } else {
        UNIX_EPOCH.checked_sub(since_epoch)?
    };
    whole.checked_add(Duration::from_nanos(u64::from(nanos)))
}

/// Formats `time` as `YYYY-MM-DDTHH:MM:SSZ` (whole seconds, rounded down).
pub(crate) fn format_utc(time: SystemTime) -> String {
    let seconds = match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs() as i64,
        // Round towards the past, so 0.5 s before the epoch is 23:59:59.
        Err(before) => -(before.duration().as_secs_f64().ceil() as i64),
    };
    let (year, month, day) = civil_from_days(seconds.div_euclid(SECONDS_PER_DAY));
    let second_of_day = seconds.rem_euclid(SECONDS_PER_DAY);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |value, &byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u32::from(byte - b'0'))
    })
}

fn is_leap_year(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's algorithms (http://howardhinnant.github.io/date_algorithms.html): days
// relative to 1970-01-01 in the proleptic Gregorian calendar, computed in 400-year eras.

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = i64::from((month + 9) % 12); // March = 0, so leap days end the year
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn parses_known_instants() {
        assert_eq!(parse_utc("1970-01-01T00:00:00Z"), Some(at(0)));
        assert_eq!(parse_utc("2006-01-02T15:04:05Z"), Some(at(1_136_214_245)));
        assert_eq!(parse_utc("2024-02-29T23:59:59Z"), Some(at(1_709_251_199)));
        assert_eq!(
            parse_utc("2023-12-29T07:45:02.250Z"),
            Some(at(1_703_835_902) + Duration::from_millis(250))
        );
        assert_eq!(
            parse_utc("2023-12-29T07:45:02.1234567891Z"),
            Some(at(1_703_835_902) + Duration::from_nanos(123_456_789))
        );
    }

    #[test]
    fn rejects_malformed_timestamps() {
        for text in [
            "",
            "2006-01-02",
            "2006-01-02T15:04:05",
            "2006-01-02T15:04:05+08:00",
            "2006-01-02 15:04:05Z",
            "2006-13-02T15:04:05Z",
            "2023-02-29T15:04:05Z",
            "2006-01-02T24:00:00Z",
            "2006-01-02T15:04:60Z",
            "2006-01-02T15:04:05.Z",
            "2006-01-02T15:04:05ZZ",
            "2006-01-02T15:04:05é",
            "+006-01-02T15:04:05Z",
        ] {
            assert_eq!(parse_utc(text), None, "{text}");
        }
    }

    #[test]
    fn civil_conversions_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
        }
    }

    #[test]
    fn formats_whole_seconds() {
        assert_eq!(format_utc(at(1_136_214_245)), "2006-01-02T15:04:05Z");
        assert_eq!(
            format_utc(UNIX_EPOCH - Duration::from_millis(500)),
            "1969-12-31T23:59:59Z"
        );
    }
}
