//! `Range: bytes=…` on GetObject, as OSS reads it.
//!
//! One range only: `a-b`, `a-` (open-ended) or `-n` (the last n bytes). By default (OSS's
//! compatibility behaviour) a range that cannot be served exactly, or that is malformed,
//! gets the whole object with 200. With `x-oss-range-behavior: standard` an end past the
//! object is cut to the object, and a start past it is 416 `InvalidRange`.

/// How to answer a range request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Range {
    /// 200 with the whole object.
    Whole,
    /// 206 with bytes `first..=last`.
    Part(u64, u64),
    /// 416.
    Unsatisfiable,
}

/// Reads a `Range` header against an object of `size` bytes.
pub(crate) fn parse(header: Option<&str>, size: u64, standard: bool) -> Range {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Range::Whole;
    };
    let spec = spec.trim();
    if spec.contains(',') {
        return Range::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Range::Whole;
    };
    let number = |s: &str| s.trim().parse::<u64>().ok();
    let lenient = |r: Range| if standard { r } else { Range::Whole };
    match (first.trim().is_empty(), last.trim().is_empty()) {
        (true, true) => Range::Whole,
        (true, false) => match number(last) {
            None => Range::Whole,
            Some(0) => lenient(Range::Unsatisfiable),
            Some(_) if size == 0 => lenient(Range::Unsatisfiable),
            Some(n) if n > size => lenient(Range::Part(0, size - 1)),
            Some(n) => Range::Part(size - n, size - 1),
        },
        (false, true) => match number(first) {
            None => Range::Whole,
            Some(a) if a >= size => lenient(Range::Unsatisfiable),
            Some(a) => Range::Part(a, size - 1),
        },
        (false, false) => match (number(first), number(last)) {
            (Some(a), Some(b)) if a <= b => {
                if a >= size {
                    lenient(Range::Unsatisfiable)
                } else if b >= size {
                    lenient(Range::Part(a, size - 1))
                } else {
                    Range::Part(a, b)
                }
            }
            _ => Range::Whole,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compatibility_behaviour() {
        assert_eq!(parse(Some("bytes=0-9"), 100, false), Range::Part(0, 9));
        assert_eq!(parse(Some("bytes=90-"), 100, false), Range::Part(90, 99));
        assert_eq!(parse(Some("bytes=-10"), 100, false), Range::Part(90, 99));
        assert_eq!(parse(Some("bytes=50-200"), 100, false), Range::Whole);
        assert_eq!(parse(Some("bytes=100-200"), 100, false), Range::Whole);
        assert_eq!(parse(Some("bytes=9-0"), 100, false), Range::Whole);
        assert_eq!(parse(Some("bytes=0-1,3-4"), 100, false), Range::Whole);
        assert_eq!(parse(Some("items=0-1"), 100, false), Range::Whole);
        assert_eq!(parse(None, 100, false), Range::Whole);
    }

    #[test]
    fn standard_behaviour() {
        assert_eq!(parse(Some("bytes=50-200"), 100, true), Range::Part(50, 99));
        assert_eq!(
            parse(Some("bytes=100-200"), 100, true),
            Range::Unsatisfiable
        );
        assert_eq!(parse(Some("bytes=100-"), 100, true), Range::Unsatisfiable);
        assert_eq!(parse(Some("bytes=-200"), 100, true), Range::Part(0, 99));
        assert_eq!(parse(Some("bytes=0-0"), 0, true), Range::Unsatisfiable);
    }
}
