//! What a request addresses: bucket and key from path-style (`/bucket/key`) or
//! virtual-hosted-style (`bucket.HOST/key`) URLs, decoded query parameters, and header access
//! that tolerates UTF-8 values.
//!
//! Keys are percent-decoded to bytes and must be UTF-8: a lossy decoding would let `a%FF` and
//! `a%FE` name one object.

use http::request::Parts;
use http::{HeaderMap, Method};
use oss_auth::encoding::{decode, parse_query};
use oss_model::encoding::url_decode;
use oss_model::validate::KeyError;

/// The parts of a request the handlers read.
#[derive(Debug, Clone)]
pub(crate) struct RequestInfo {
    /// The method.
    pub method: Method,
    /// The bucket addressed, if any.
    pub bucket: Option<String>,
    /// The object key addressed, if any (decoded).
    pub key: Option<String>,
    /// Why the key in the URL is invalid, when it does not decode to UTF-8 (`key` then holds
    /// a lossy rendering, for routing only).
    pub key_error: Option<KeyError>,
    /// The first query parameter whose name or value does not percent-decode to UTF-8
    /// (`query` then holds a lossy rendering, for routing only).
    pub query_error: Option<String>,
    /// Whether the bucket came from the `Host` header (virtual-hosted style).
    pub virtual_hosted: bool,
    /// Decoded query parameters, in order.
    pub query: Vec<(String, String)>,
    /// The headers.
    pub headers: HeaderMap,
    /// The `Host` header, for `HostId`.
    pub host: String,
    /// The raw path, for the admin endpoint.
    pub path: String,
    /// The client's IP address, when the request came over a connection.
    pub peer: Option<String>,
}

impl RequestInfo {
    /// Reads the addressing of `parts`; `domains` are the host names under which
    /// `bucket.domain` is virtual-hosted style.
    ///
    /// A request sent through an HTTP proxy arrives in absolute form
    /// (`GET http://bucket.domain/key`); its host is the URL's (RFC 9112 §3.2.2: the `Host`
    /// header then only repeats it), so a client pointed at a region's public endpoint
    /// through a proxy that is this server finds its virtual-hosted bucket.
    pub fn parse(parts: &Parts, domains: &[String]) -> Self {
        let host = parts
            .uri
            .authority()
            .map(|a| a.as_str())
            .or_else(|| {
                parts
                    .headers
                    .get(http::header::HOST)
                    .and_then(|v| v.to_str().ok())
            })
            .unwrap_or("")
            .to_owned();
        let hostname = strip_port(&host).to_ascii_lowercase();
        let virtual_bucket = domains.iter().find_map(|domain| {
            let bucket = hostname.strip_suffix(domain.as_str())?.strip_suffix('.')?;
            (!bucket.is_empty() && !bucket.contains('.')).then(|| bucket.to_owned())
        });
        let path = parts.uri.path().to_owned();
        let virtual_hosted = virtual_bucket.is_some();
        let rest = path.strip_prefix('/').unwrap_or(&path);
        let (bucket, raw_key) = match virtual_bucket {
            Some(bucket) => (Some(bucket), Some(rest)),
            None => match rest.split_once('/') {
                Some((bucket, key)) => (non_empty(decode(bucket, false).into_owned()), Some(key)),
                None => (non_empty(decode(rest, false).into_owned()), None),
            },
        };
        let (key, key_error) = match raw_key.map(decode_key) {
            None => (None, None),
            Some(Ok(key)) => (non_empty(key), None),
            Some(Err(lossy)) => (Some(lossy), Some(KeyError::NotUtf8)),
        };
        RequestInfo {
            method: parts.method.clone(),
            bucket,
            key,
            key_error,
            virtual_hosted,
            query: parse_query(parts.uri.query().unwrap_or("")),
            query_error: undecodable_parameter(parts.uri.query().unwrap_or("")),
            headers: parts.headers.clone(),
            host,
            path,
            peer: parts
                .extensions
                .get::<crate::server::Peer>()
                .map(|peer| peer.0.to_string()),
        }
    }

    /// Whether the query has this parameter (with or without a value).
    pub fn has(&self, name: &str) -> bool {
        self.query.iter().any(|(n, _)| n == name)
    }

    /// The first value of a query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A header's value as text (UTF-8 allowed), trimmed.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .and_then(|v| std::str::from_utf8(v.as_bytes()).ok())
            .map(str::trim)
    }

    /// Every header as text pairs (lower-case names), skipping values that are not UTF-8.
    pub fn header_pairs(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .filter_map(|(n, v)| Some((n.as_str(), std::str::from_utf8(v.as_bytes()).ok()?)))
            .collect()
    }

    /// The host name, for `HostId`.
    pub fn host_id(&self) -> &str {
        let host = strip_port(&self.host);
        if host.is_empty() {
            "localhost"
        } else {
            host
        }
    }
}

/// Percent-decodes a key (`+` stays a plus); fails with a lossy rendering, for messages and
/// routing only, unless the bytes are UTF-8. A malformed escape stays as it is.
pub(crate) fn decode_key(raw: &str) -> Result<String, String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| raw.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The first `name=value` part of a raw query that is not valid percent-encoded UTF-8.
fn undecodable_parameter(raw: &str) -> Option<String> {
    raw.split('&')
        .find(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            url_decode(name).is_err() || url_decode(value).is_err()
        })
        .map(str::to_owned)
}

fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.split_once(']').map_or(host, |(h, _)| &h[1..]);
    }
    match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    }
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(host: &str, uri: &str) -> RequestInfo {
        let (parts, ()) = http::Request::builder()
            .uri(uri)
            .header("host", host)
            .body(())
            .unwrap()
            .into_parts();
        RequestInfo::parse(&parts, &["localhost".to_owned()])
    }

    #[test]
    fn path_style() {
        let r = parse("127.0.0.1:9000", "/b/a/b%20c+d.txt?acl&x=1%2B");
        assert_eq!(r.bucket.as_deref(), Some("b"));
        assert_eq!(r.key.as_deref(), Some("a/b c+d.txt"));
        assert!(r.has("acl"));
        assert_eq!(r.param("x"), Some("1+"));
        let r = parse("127.0.0.1:9000", "/b/");
        assert_eq!((r.bucket.as_deref(), r.key.as_deref()), (Some("b"), None));
        let r = parse("127.0.0.1:9000", "/");
        assert_eq!((r.bucket, r.key), (None, None));
    }

    #[test]
    fn keys_must_decode_to_utf8() {
        let r = parse("127.0.0.1:9000", "/b/a%EF%BF%BD%2B+");
        assert_eq!(r.key.as_deref(), Some("a\u{FFFD}++"));
        assert!(r.key_error.is_none());
        for bad in ["/b/a%FF", "/b/a%FE", "/b/%C3"] {
            let r = parse("127.0.0.1:9000", bad);
            assert_eq!(r.key_error, Some(KeyError::NotUtf8), "{bad}");
            assert!(r.key.is_some(), "still an object request");
        }
        assert_eq!(decode_key("50%zz").as_deref(), Ok("50%zz"));
    }

    #[test]
    fn virtual_hosted_style() {
        let r = parse("bkt.localhost:9000", "/dir/k");
        assert!(r.virtual_hosted);
        assert_eq!(r.bucket.as_deref(), Some("bkt"));
        assert_eq!(r.key.as_deref(), Some("dir/k"));
        let r = parse("localhost:9000", "/bkt/k");
        assert_eq!(r.bucket.as_deref(), Some("bkt"));
        assert_eq!(r.host_id(), "localhost");
    }

    #[test]
    fn a_proxied_absolute_form_request_takes_its_host_from_the_url() {
        let r = parse("bkt.localhost", "http://bkt.localhost/dir/k?acl");
        assert!(r.virtual_hosted);
        assert_eq!(r.bucket.as_deref(), Some("bkt"));
        assert_eq!(r.key.as_deref(), Some("dir/k"));
        assert!(r.has("acl"));
        // The URL's host wins over a Host header that disagrees.
        let r = parse("127.0.0.1:9000", "http://other.localhost:80/k");
        assert_eq!(r.bucket.as_deref(), Some("other"));
        assert_eq!(r.key.as_deref(), Some("k"));
    }
}
