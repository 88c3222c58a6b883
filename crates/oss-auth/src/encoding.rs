//! Percent-encoding as the OSS signatures define it.
//!
//! Signing needs exactly one encoding: RFC 3986 with only the unreserved characters
//! (`A-Z a-z 0-9 - . _ ~`) left as they are and upper-case hex, optionally keeping `/`.
//! Decoding is lenient: a `%` not followed by two hex digits stays as it is, so no input fails.

use std::borrow::Cow;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Appends `input` to `out`, percent-encoding every byte but the unreserved ones (and `/`
/// when `keep_slash`).
pub fn encode_into(out: &mut String, input: &str, keep_slash: bool) {
    out.reserve(input.len());
    let bytes = input.as_bytes();
    // Runs of bytes that pass through are ASCII, so their ends are character boundaries.
    let mut run_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if is_unreserved(b) || (keep_slash && b == b'/') {
            continue;
        }
        if run_start < i {
            out.push_str(&input[run_start..i]);
        }
        out.push('%');
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 0xf) as usize] as char);
        run_start = i + 1;
    }
    if run_start < bytes.len() {
        out.push_str(&input[run_start..]);
    }
}

/// Percent-encodes a query name or value (everything but unreserved characters).
pub fn encode_component(input: &str) -> Cow<'_, str> {
    encode(input, false)
}

/// Percent-encodes an object key for a URL path, keeping `/`.
pub fn encode_path(input: &str) -> Cow<'_, str> {
    encode(input, true)
}

fn encode(input: &str, keep_slash: bool) -> Cow<'_, str> {
    if input
        .bytes()
        .all(|b| is_unreserved(b) || (keep_slash && b == b'/'))
    {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len() + 16);
    encode_into(&mut out, input, keep_slash);
    Cow::Owned(out)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `%XX` escapes (and, when `plus_is_space`, `+` as a space, as in form encoding).
/// Invalid escapes are kept literally; invalid UTF-8 is replaced, so decoding never fails.
pub fn decode(input: &str, plus_is_space: bool) -> Cow<'_, str> {
    if !input
        .bytes()
        .any(|b| b == b'%' || (plus_is_space && b == b'+'))
    {
        return Cow::Borrowed(input);
    }
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push(h << 4 | l);
                        i += 3;
                    }
                    _ => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Splits a raw query string (`a=1&b&c=%20`) into decoded name/value pairs, in order.
/// A name without `=` gets an empty value, as OSS treats `?acl` and `?acl=` alike.
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (
                decode(name, true).into_owned(),
                decode(value, true).into_owned(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_all_but_unreserved() {
        assert_eq!(encode_component("a b+c/~*"), "a%20b%2Bc%2F~%2A");
        assert_eq!(encode_path("1234+-/123/1.txt"), "1234%2B-/123/1.txt");
        assert_eq!(encode_path("中"), "%E4%B8%AD");
        assert!(matches!(encode_path("plain/key.txt"), Cow::Borrowed(_)));
    }

    #[test]
    fn decodes_leniently() {
        assert_eq!(decode("a%20b%2b", false), "a b+");
        assert_eq!(decode("a+b", true), "a b");
        assert_eq!(decode("a+b", false), "a+b");
        assert_eq!(decode("100%", false), "100%");
        assert_eq!(decode("%zz%4", false), "%zz%4");
        assert_eq!(decode("%E4%B8%AD", false), "中");
        assert_eq!(decode("%FF", false), "\u{FFFD}");
    }

    #[test]
    fn parses_query_pairs() {
        let pairs = parse_query("acl&max-keys=10&prefix=a%2Fb&&x=");
        assert_eq!(
            pairs,
            vec![
                ("acl".into(), "".into()),
                ("max-keys".into(), "10".into()),
                ("prefix".into(), "a/b".into()),
                ("x".into(), "".into())
            ]
        );
    }
}
