//! Part planning: how an object of a given size is cut into parts.
//!
//! OSS takes at most 10,000 parts per upload, each at least 100 KiB (except the last) and at
//! most 5 GiB. A [`PartPlan`] starts from the part size asked for, clamps it into that range
//! and raises it by whole multiples of itself until the object fits in 10,000 parts (as the
//! official SDKs do), so that a plan is valid for any size up to 48.8 TiB.
//!
//! ```
//! use oss_transfer::plan::PartPlan;
//!
//! let plan = PartPlan::new(20 << 20, 8 << 20).unwrap();
//! assert_eq!(plan.part_count(), 3);
//! assert_eq!(plan.part(3).unwrap().length, 4 << 20);
//!
//! // 100 GiB with 8 MiB parts would need 12,800 parts: the size is raised to 16 MiB.
//! let big = PartPlan::new(100 << 30, 8 << 20).unwrap();
//! assert_eq!(big.part_size(), 16 << 20);
//! assert_eq!(big.part_count(), 6_400);
//! ```

use crate::error::{Error, Result};

/// The most parts one multipart upload may have.
pub const MAX_PARTS: u32 = 10_000;
/// The smallest part (every part but the last).
pub const MIN_PART_SIZE: u64 = 100 * 1024;
/// The largest part.
pub const MAX_PART_SIZE: u64 = 5 << 30;
/// The default part size of uploads and downloads: 8 MiB.
pub const DEFAULT_PART_SIZE: u64 = 8 << 20;
/// The default number of parts in flight.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// One part of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartRange {
    /// The part number, from 1.
    pub number: u32,
    /// The offset of its first byte in the object.
    pub offset: u64,
    /// Its length in bytes.
    pub length: u64,
}

/// How an object of a known size is cut into parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartPlan {
    size: u64,
    part_size: u64,
    count: u32,
}

impl PartPlan {
    /// A plan for `size` bytes with parts of about `part_size` (clamped to 100 KiB–5 GiB
    /// and raised so that there are at most 10,000 parts). An empty object has no part.
    pub fn new(size: u64, part_size: u64) -> Result<Self> {
        let base = part_size.clamp(MIN_PART_SIZE, MAX_PART_SIZE);
        let needed = size.div_ceil(u64::from(MAX_PARTS));
        let part_size = if needed > base {
            needed.div_ceil(base).saturating_mul(base)
        } else {
            base
        };
        if part_size > MAX_PART_SIZE {
            return Err(Error::invalid_argument(format!(
                "{size} bytes do not fit in {MAX_PARTS} parts of at most {MAX_PART_SIZE} bytes"
            )));
        }
        let count = u32::try_from(size.div_ceil(part_size)).unwrap_or(u32::MAX);
        Ok(PartPlan {
            size,
            part_size,
            count,
        })
    }

    /// The object's size.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The size of every part but the last.
    pub fn part_size(&self) -> u64 {
        self.part_size
    }

    /// The number of parts.
    pub fn part_count(&self) -> u32 {
        self.count
    }

    /// Part `number` (1-based), or `None` past the end.
    pub fn part(&self, number: u32) -> Option<PartRange> {
        if number == 0 || number > self.count {
            return None;
        }
        let offset = u64::from(number - 1) * self.part_size;
        Some(PartRange {
            number,
            offset,
            length: self.part_size.min(self.size - offset),
        })
    }

    /// Every part, in order.
    pub fn parts(&self) -> impl Iterator<Item = PartRange> + '_ {
        (1..=self.count).filter_map(|n| self.part(n))
    }
}

/// Checks a part size and a concurrency asked for in a builder.
pub(crate) fn check_settings(part_size: u64, concurrency: usize) -> Result<()> {
    if !(MIN_PART_SIZE..=MAX_PART_SIZE).contains(&part_size) {
        return Err(Error::invalid_argument(format!(
            "part size {part_size} is not between {MIN_PART_SIZE} and {MAX_PART_SIZE} bytes"
        )));
    }
    if concurrency == 0 {
        return Err(Error::invalid_argument("concurrency must be at least 1"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_the_object_exactly() {
        for size in [
            0,
            1,
            MIN_PART_SIZE - 1,
            MIN_PART_SIZE,
            MIN_PART_SIZE + 1,
            3 << 20,
        ] {
            let plan = PartPlan::new(size, MIN_PART_SIZE).unwrap();
            let mut next = 0;
            for part in plan.parts() {
                assert_eq!(part.offset, next);
                assert!(part.length > 0 && part.length <= plan.part_size());
                next += part.length;
            }
            assert_eq!(next, size);
            assert_eq!(plan.part(0), None);
            assert_eq!(plan.part(plan.part_count() + 1), None);
        }
    }

    #[test]
    fn part_size_grows_to_fit_ten_thousand_parts() {
        let plan = PartPlan::new(10_000 * MIN_PART_SIZE, MIN_PART_SIZE).unwrap();
        assert_eq!(
            (plan.part_size(), plan.part_count()),
            (MIN_PART_SIZE, 10_000)
        );
        let plan = PartPlan::new(10_000 * MIN_PART_SIZE + 1, MIN_PART_SIZE).unwrap();
        assert_eq!(plan.part_size(), 2 * MIN_PART_SIZE);
        assert!(plan.part_count() <= MAX_PARTS);
        let largest = u64::from(MAX_PARTS) * MAX_PART_SIZE;
        assert_eq!(
            PartPlan::new(largest, 8 << 20).unwrap().part_count(),
            MAX_PARTS
        );
        assert!(PartPlan::new(largest + 1, 8 << 20).is_err());
        // Out-of-range sizes are clamped.
        assert_eq!(PartPlan::new(10, 1).unwrap().part_size(), MIN_PART_SIZE);
    }
}
