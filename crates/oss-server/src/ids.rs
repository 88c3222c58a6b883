//! Identifiers the server makes up: request ids, upload ids, generations.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A random 64-bit number (std's per-process random keys, a clock and a counter).
pub(crate) fn random_u64() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

/// A request id in OSS's form: 24 upper-case hex digits.
pub(crate) fn request_id() -> String {
    format!("{:016X}{:08X}", random_u64(), random_u64() as u32)
}

/// An upload id: 32 upper-case hex digits that sort by creation time.
pub(crate) fn upload_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    format!("{nanos:016X}{:016X}", random_u64())
}

/// A version id: URL-safe, unique, and sorting by creation time.
pub(crate) fn version_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    format!("CAEQ{nanos:016x}{:016x}", random_u64())
}

/// A fresh object generation.
pub(crate) fn generation() -> u64 {
    random_u64()
}
