//! Units on the command line and in output: byte sizes (`64MiB`, `100M`, `1.5G`), durations
//! (`90`, `15m`, `2h`, `7d`) and times (`2024-05-01 10:00:00`, UTC).

use std::time::{Duration, SystemTime};

use crate::error::{CliError, Result};

/// Parses a size: a number of bytes, optionally followed by `K`, `M`, `G`, `T` (powers of
/// 1024, with or without `i`/`B`: `64M`, `64MiB`, `64MB` are all 64 × 2^20).
pub fn parse_size(text: &str) -> Result<u64> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => {
            return Err(CliError::usage(format!(
                "{text:?} is not a size (e.g. 64MiB)"
            )))
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| CliError::usage(format!("{text:?} is not a size (e.g. 64MiB)")))?;
    let bytes = value * (1u64 << shift) as f64;
    if !bytes.is_finite() || bytes < 0.0 || bytes > u64::MAX as f64 {
        return Err(CliError::usage(format!("{text:?} is out of range")));
    }
    Ok(bytes.round() as u64)
}

/// Parses a duration: seconds, or a number followed by `s`, `m`, `h` or `d`.
pub fn parse_duration(text: &str) -> Result<Duration> {
    let trimmed = text.trim();
    let (number, factor) = match trimmed.char_indices().last() {
        Some((i, 's')) => (&trimmed[..i], 1),
        Some((i, 'm')) => (&trimmed[..i], 60),
        Some((i, 'h')) => (&trimmed[..i], 3600),
        Some((i, 'd')) => (&trimmed[..i], 86_400),
        _ => (trimmed, 1),
    };
    let value: u64 = number.trim().parse().map_err(|_| {
        CliError::usage(format!(
            "{text:?} is not a duration (e.g. 3600, 15m, 2h, 7d)"
        ))
    })?;
    Ok(Duration::from_secs(value.saturating_mul(factor)))
}

/// `1.50 MiB`-style sizes for people.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.2} {}", UNITS[unit])
    }
}

/// A time as `2024-05-01 10:00:00 UTC`: the zone is said, since most readers are not on UTC.
pub fn format_time(time: SystemTime) -> String {
    let iso = oss_client::model::time::format_iso8601(time);
    // 2024-05-01T10:00:00.000Z
    match iso.get(..19) {
        Some(head) => format!("{} UTC", head.replacen('T', " ", 1)),
        None => iso,
    }
}

/// A listing's timestamp (ISO 8601 as sent) in the same form as [`format_time`].
pub fn format_timestamp(raw: &oss_client::model::Timestamp) -> String {
    raw.to_system_time()
        .map(format_time)
        .unwrap_or_else(|| raw.raw().to_owned())
}

/// A time as ISO 8601, for JSON.
pub fn iso_time(time: SystemTime) -> String {
    oss_client::model::time::format_iso8601(time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1024").unwrap(), 1024);
        assert_eq!(parse_size("64MiB").unwrap(), 64 << 20);
        assert_eq!(parse_size("64M").unwrap(), 64 << 20);
        assert_eq!(parse_size("1.5k").unwrap(), 1536);
        assert_eq!(parse_size("2G").unwrap(), 2 << 30);
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert_eq!(human_size(10), "10 B");
        assert_eq!(human_size(1536), "1.50 KiB");
    }

    #[test]
    fn durations_and_times() {
        assert_eq!(parse_duration("90").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("15m").unwrap(), Duration::from_secs(900));
        assert_eq!(parse_duration("7d").unwrap(), Duration::from_secs(604_800));
        assert!(parse_duration("soon").is_err());
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(86_400 + 3661);
        assert_eq!(format_time(time), "1970-01-02 01:01:01 UTC");
    }
}
