//! The canonical header block V1 and V4 share: `name:value\n` per signed header.

use std::cmp::Ordering;

/// Appends `headers` (already filtered to the signed ones) as lower-case `name:value\n`
/// lines sorted by name, trimming values and joining repeated headers' values with `,`.
pub(crate) fn push_headers(out: &mut String, mut headers: Vec<(&str, &str)>) {
    // Stable, so repeated headers keep their order when their values are joined; compared
    // case-insensitively so that no lower-cased copy of each name is needed.
    headers.sort_by(|a, b| cmp_ignore_ascii_case(a.0, b.0));
    let mut previous: Option<&str> = None;
    for (name, value) in headers {
        if previous.is_some_and(|p| p.eq_ignore_ascii_case(name)) {
            out.pop();
            out.push(',');
        } else {
            if name.bytes().any(|b| b.is_ascii_uppercase()) {
                out.extend(name.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                out.push_str(name);
            }
            out.push(':');
        }
        out.push_str(value.trim());
        out.push('\n');
        previous = Some(name);
    }
}

fn cmp_ignore_ascii_case(a: &str, b: &str) -> Ordering {
    let lower = |b: u8| b.to_ascii_lowercase();
    a.bytes().map(lower).cmp(b.bytes().map(lower))
}
