//! Reading this process's memory from `/proc`, for the tests that bound it (each in its own
//! test binary, so that no other test shares the process measured).

/// A field of `/proc/self/status` in bytes (`VmHWM`, `VmRSS`).
pub fn proc_status(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Resets the peak (`VmHWM`) to the current RSS; `false` where the kernel does not allow it.
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
