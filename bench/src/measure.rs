//! Measuring a client from inside its own process, and the JSON line it prints at exit.
//!
//! A [`Meter`] is started right before a scenario's first request and stopped after its last
//! response was checked. It reports wall time, the CPU time of the whole process (all
//! threads; user and system, from `/proc/self/stat`) spent in between, and the peak resident
//! set size (`VmHWM` from `/proc/self/status`, reset through `/proc/self/clear_refs` when the
//! meter starts, so start-up does not count). The Python peers measure the same way
//! (`getrusage` and the same `/proc` files).
//!
//! Plain `std`, so that the opendal peer includes this file too.

use std::fmt::Write as _;
use std::time::Instant;

/// Clock ticks per second in `/proc/self/stat` (`USER_HZ`, 100 on every Linux ABI).
const TICKS_PER_SECOND: f64 = 100.0;

/// User and system CPU seconds of this process so far.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CpuTimes {
    /// Seconds in user mode.
    pub user: f64,
    /// Seconds in the kernel on the process's behalf.
    pub system: f64,
}

impl CpuTimes {
    /// Reads `/proc/self/stat` (zero where there is none).
    pub fn now() -> CpuTimes {
        let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
            return CpuTimes::default();
        };
        // The command name (field 2) may hold spaces; fields after it are plain numbers.
        let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        // utime and stime are fields 14 and 15 of the file, 11 and 12 after the name.
        let ticks = |index: usize| {
            fields
                .get(index)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        CpuTimes {
            user: ticks(11) / TICKS_PER_SECOND,
            system: ticks(12) / TICKS_PER_SECOND,
        }
    }
}

/// A field of `/proc/self/status` in bytes (`VmHWM`, `VmRSS`).
pub fn proc_status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find(|line| line.split(':').next() == Some(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Resets the peak RSS to the current RSS; `false` where the kernel does not allow it.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// What a meter measured.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Measurement {
    /// Wall-clock seconds.
    pub wall_seconds: f64,
    /// User CPU seconds of the whole process.
    pub user_seconds: f64,
    /// System CPU seconds of the whole process.
    pub system_seconds: f64,
    /// Peak resident set size in bytes since the meter started (since the process started
    /// where the peak cannot be reset).
    pub peak_rss_bytes: u64,
}

/// Measures from [`start`](Self::start) to [`stop`](Self::stop).
#[derive(Debug)]
pub struct Meter {
    started: Instant,
    cpu: CpuTimes,
}

impl Meter {
    /// Resets the peak RSS and starts the clock.
    pub fn start() -> Meter {
        reset_peak_rss();
        Meter {
            cpu: CpuTimes::now(),
            started: Instant::now(),
        }
    }

    /// What was spent since the start.
    pub fn stop(&self) -> Measurement {
        let wall_seconds = self.started.elapsed().as_secs_f64();
        let cpu = CpuTimes::now();
        Measurement {
            wall_seconds,
            user_seconds: cpu.user - self.cpu.user,
            system_seconds: cpu.system - self.cpu.system,
            peak_rss_bytes: proc_status_bytes("VmHWM").unwrap_or(0),
        }
    }
}

/// What a scenario did, for the report and for the orchestrator's correctness checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Requests that carried the scenario's work (parts, objects, pages).
    pub operations: u64,
    /// Payload bytes moved.
    pub bytes: u64,
    /// The CRC-64 of what was downloaded (large downloads).
    pub crc64: Option<u64>,
    /// What was checked, in words ("10000 objects byte-identical").
    pub check: String,
}

/// Formats the JSON line a client prints at exit: `ok` with the numbers, or the error.
pub fn json_line(
    client: &str,
    scenario: &str,
    measurement: &Measurement,
    result: &Result<Outcome, String>,
) -> String {
    let mut line = String::with_capacity(320);
    let _ = write!(
        line,
        "{{\"client\":{},\"scenario\":{},\"ok\":{}",
        json_string(client),
        json_string(scenario),
        result.is_ok()
    );
    let _ = write!(
        line,
        ",\"wall_s\":{:.6},\"user_s\":{:.3},\"sys_s\":{:.3},\"peak_rss_bytes\":{}",
        measurement.wall_seconds,
        measurement.user_seconds,
        measurement.system_seconds,
        measurement.peak_rss_bytes
    );
    match result {
        Ok(outcome) => {
            let _ = write!(
                line,
                ",\"operations\":{},\"bytes\":{},\"check\":{}",
                outcome.operations,
                outcome.bytes,
                json_string(&outcome.check)
            );
            if let Some(crc) = outcome.crc64 {
                // A string: a u64 does not survive JSON readers that use doubles.
                let _ = write!(line, ",\"crc64\":\"{crc}\"");
            }
        }
        Err(error) => {
            let _ = write!(line, ",\"error\":{}", json_string(error));
        }
    }
    line.push('}');
    line
}

/// `text` as a JSON string literal.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
