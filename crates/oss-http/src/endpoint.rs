//! Addressing: from an endpoint, a bucket, a key and query parameters to the URL a request
//! goes to.
//!
//! - [`Endpoint`]: scheme, host and port, parsed from a host (`oss-cn-hangzhou.example.com`),
//!   `https://...`, `http://127.0.0.1:9000`, `[::1]:9000`, or derived from a region and an
//!   [`EndpointKind`].
//! - [`AddressingStyle`]: virtual-hosted (`https://bucket.endpoint/key`, the default), path
//!   style (`https://endpoint/bucket/key`, automatic for IP addresses and `localhost`, as the
//!   official SDKs do) or CNAME (`https://your.domain/key`: the host as-is, the bucket still in
//!   the signature).
//!
//! Object keys are percent-encoded with `/` kept; query names and values are fully encoded.
//!
//! ```
//! use oss_http::endpoint::{AddressingStyle, Endpoint};
//!
//! let endpoint = Endpoint::parse("oss-cn-hangzhou.example.com").unwrap();
//! let url = endpoint.url(AddressingStyle::Auto, Some("my-bucket"), Some("photos/a b.jpg"), &[]).unwrap();
//! assert_eq!(url.to_string(), "https://my-bucket.oss-cn-hangzhou.example.com/photos/a%20b.jpg");
//!
//! let local = Endpoint::parse("http://127.0.0.1:9000").unwrap();
//! let url = local.url(AddressingStyle::Auto, Some("my-bucket"), Some("k"), &[("acl".into(), String::new())]).unwrap();
//! assert_eq!(url.to_string(), "http://127.0.0.1:9000/my-bucket/k?acl");
//! ```

use std::fmt;
use std::net::IpAddr;

use http::Uri;
use oss_auth::encoding::encode_into;

use crate::error::Error;
use crate::provider::Provider;

/// `http` or `https`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scheme {
    /// Plain HTTP (local servers, or behind a trusted network).
    Http,
    /// HTTP over TLS, the default.
    #[default]
    Https,
}

impl Scheme {
    /// `"http"` or `"https"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    /// The port used when none is given.
    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// Which of a region's endpoints to use (each vendor's host forms are in its
/// [`Provider`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum EndpointKind {
    /// Reachable from anywhere.
    #[default]
    Public,
    /// From inside the region's network (VPC, ECS; no traffic fee).
    Internal,
    /// Transfer acceleration.
    Accelerate,
    /// Acceleration outside the Chinese mainland.
    AccelerateOverseas,
    /// IPv4 and IPv6.
    DualStack,
}

/// How the bucket appears in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AddressingStyle {
    /// Virtual-hosted, except path style for IP-address and `localhost` endpoints.
    #[default]
    Auto,
    /// `https://bucket.endpoint/key`.
    VirtualHosted,
    /// `https://endpoint/bucket/key`.
    Path,
    /// The endpoint is the bucket's own domain (CNAME): `https://endpoint/key`. The bucket is
    /// not in the URL but is still signed.
    Cname,
}

/// Where requests go: scheme, host and optional port.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    scheme: Scheme,
    host: String,
    port: Option<u16>,
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Endpoint({self})")
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme.as_str(), self.authority())
    }
}

impl Endpoint {
    /// Parses `host`, `host:port`, `scheme://host[:port][/]` or a bracketed IPv6 address.
    /// Without a scheme, HTTPS is used.
    pub fn parse(text: &str) -> Result<Endpoint, Error> {
        let text = text.trim();
        let (scheme, rest) = if let Some(rest) = strip_prefix_ignore_case(text, "https://") {
            (Scheme::Https, rest)
        } else if let Some(rest) = strip_prefix_ignore_case(text, "http://") {
            (Scheme::Http, rest)
        } else if text.contains("://") {
            return Err(Error::invalid_input(format!(
                "endpoint {text:?}: only http and https are supported"
            )));
        } else {
            (Scheme::Https, text)
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.is_empty()
            || authority
                .bytes()
                .any(|b| matches!(b, b'/' | b'?' | b'#' | b'@' | b'\\') || b <= b' ' || b >= 0x7f)
        {
            return Err(Error::invalid_input(format!(
                "endpoint {text:?} is not a host with an optional port"
            )));
        }
        let (host, port) = split_host_port(authority)
            .ok_or_else(|| Error::invalid_input(format!("endpoint {text:?} has a bad port")))?;
        if host.is_empty() {
            return Err(Error::invalid_input(format!(
                "endpoint {text:?} has no host"
            )));
        }
        Ok(Endpoint {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
        })
    }

    /// The endpoint of `region` for `kind` (HTTPS, default port).
    pub fn for_region(provider: &Provider, region: &str, kind: EndpointKind) -> Endpoint {
        Endpoint {
            scheme: Scheme::Https,
            host: provider.endpoint_host(region, kind),
            port: None,
        }
    }

    /// The same endpoint with another scheme.
    pub fn with_scheme(mut self, scheme: Scheme) -> Endpoint {
        self.scheme = scheme;
        self
    }

    /// The same endpoint with an explicit port.
    pub fn with_port(mut self, port: u16) -> Endpoint {
        self.port = Some(port);
        self
    }

    /// The scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The host (lower case; an IPv6 address without brackets).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The explicit port, if any.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// Whether the host is an IP address or `localhost`: such endpoints cannot carry the
    /// bucket in the host name, so [`AddressingStyle::Auto`] uses path style.
    pub fn is_ip_or_localhost(&self) -> bool {
        self.host.parse::<IpAddr>().is_ok()
            || self.host == "localhost"
            || self.host.ends_with(".localhost")
    }

    /// `host[:port]`, IPv6 in brackets.
    pub fn authority(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        match self.port {
            Some(port) => format!("{host}:{port}"),
            None => host,
        }
    }

    /// The style `style` resolves to at this endpoint.
    pub fn effective_style(&self, style: AddressingStyle) -> AddressingStyle {
        match style {
            AddressingStyle::Auto if self.is_ip_or_localhost() => AddressingStyle::Path,
            AddressingStyle::Auto => AddressingStyle::VirtualHosted,
            other => other,
        }
    }

    /// The URL of a request: bucket and key placed as `style` says, key encoded with `/`
    /// kept, query pairs (decoded) encoded in order; a pair with an empty value is written as
    /// the bare name (`?acl`).
    pub fn url(
        &self,
        style: AddressingStyle,
        bucket: Option<&str>,
        key: Option<&str>,
        query: &[(String, String)],
    ) -> Result<Uri, Error> {
        if let Some(bucket) = bucket {
            validate_bucket(bucket)?;
        }
        if key.is_some() && bucket.is_none() {
            return Err(Error::invalid_input("an object key needs a bucket"));
        }
        if let Some(key) = key {
            validate_key(key)?;
        }
        let style = self.effective_style(style);
        let mut authority = self.authority();
        let mut path = String::with_capacity(64);
        path.push('/');
        match (style, bucket) {
            (AddressingStyle::VirtualHosted, Some(bucket)) => {
                authority = format!("{bucket}.{authority}");
            }
            (AddressingStyle::Path, Some(bucket)) => {
                path.push_str(bucket);
                path.push('/');
            }
            _ => {}
        }
        if let Some(key) = key {
            encode_into(&mut path, key, true);
        }
        if !query.is_empty() {
            path.push('?');
            for (index, (name, value)) in query.iter().enumerate() {
                if index > 0 {
                    path.push('&');
                }
                encode_into(&mut path, name, false);
                if !value.is_empty() {
                    path.push('=');
                    encode_into(&mut path, value, false);
                }
            }
        }
        Uri::builder()
            .scheme(self.scheme.as_str())
            .authority(authority)
            .path_and_query(path)
            .build()
            .map_err(|e| Error::invalid_input(format!("cannot build the request URL: {e}")))
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    (text.len() >= prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix))
        .then(|| &text[prefix.len()..])
}

/// Splits `host[:port]` or `[v6][:port]`; `None` for a bad port.
pub(crate) fn split_host_port(authority: &str) -> Option<(&str, Option<u16>)> {
    if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return match after {
            "" => Some((host, None)),
            _ => Some((host, Some(after.strip_prefix(':')?.parse().ok()?))),
        };
    }
    match authority.rsplit_once(':') {
        // More than one colon without brackets: a bare IPv6 address.
        Some((host, _)) if host.contains(':') => Some((authority, None)),
        Some((host, port)) => Some((host, Some(port.parse().ok()?))),
        None => Some((authority, None)),
    }
}

/// OSS bucket names: 3 to 63 of `a-z 0-9 -`, not starting or ending with `-`. Checking them
/// also keeps anything but a DNS label out of the host name.
fn validate_bucket(bucket: &str) -> Result<(), Error> {
    let valid = (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !bucket.starts_with('-')
        && !bucket.ends_with('-');
    if valid {
        Ok(())
    } else {
        Err(Error::invalid_input(format!(
            "bucket name {bucket:?} is invalid: 3 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen"
        )))
    }
}

/// OSS object keys: 1 to 1023 bytes of UTF-8.
fn validate_key(key: &str) -> Result<(), Error> {
    if key.is_empty() || key.len() > 1023 {
        return Err(Error::invalid_input(format!(
            "object key must be 1 to 1023 bytes long, it is {}",
            key.len()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(
        endpoint: &str,
        style: AddressingStyle,
        bucket: Option<&str>,
        key: Option<&str>,
    ) -> String {
        Endpoint::parse(endpoint)
            .unwrap()
            .url(style, bucket, key, &[])
            .unwrap()
            .to_string()
    }

    #[test]
    fn parse_forms() {
        let e = Endpoint::parse("OSS-cn-hangzhou.Example.com").unwrap();
        assert_eq!(e.to_string(), "https://oss-cn-hangzhou.example.com");
        let e = Endpoint::parse("http://127.0.0.1:9000/").unwrap();
        assert_eq!(
            (e.scheme(), e.host(), e.port()),
            (Scheme::Http, "127.0.0.1", Some(9000))
        );
        let e = Endpoint::parse("[::1]:9000").unwrap();
        assert_eq!((e.host(), e.port()), ("::1", Some(9000)));
        assert_eq!(e.authority(), "[::1]:9000");
        assert!(e.is_ip_or_localhost());
        assert!(Endpoint::parse("ftp://x").is_err());
        assert!(Endpoint::parse("host/path").is_err());
        assert!(Endpoint::parse("user@host").is_err());
        assert!(Endpoint::parse("host:99999").is_err());
        assert!(Endpoint::parse("").is_err());
    }

    #[test]
    fn styles() {
        let domain = "oss-cn-hangzhou.example.com";
        assert_eq!(
            url(domain, AddressingStyle::Auto, Some("b-1"), Some("a/b c+d")),
            "https://b-1.oss-cn-hangzhou.example.com/a/b%20c%2Bd"
        );
        assert_eq!(
            url(domain, AddressingStyle::Path, Some("b-1"), Some("k")),
            "https://oss-cn-hangzhou.example.com/b-1/k"
        );
        assert_eq!(
            url(
                "cdn.example.com",
                AddressingStyle::Cname,
                Some("b-1"),
                Some("k")
            ),
            "https://cdn.example.com/k"
        );
        assert_eq!(
            url(
                "http://localhost:9000",
                AddressingStyle::Auto,
                Some("b-1"),
                Some("k")
            ),
            "http://localhost:9000/b-1/k"
        );
        assert_eq!(
            url("10.0.0.1", AddressingStyle::Auto, Some("b-1"), None),
            "https://10.0.0.1/b-1/"
        );
        assert_eq!(
            url(domain, AddressingStyle::Auto, None, None),
            "https://oss-cn-hangzhou.example.com/"
        );
        // Forcing virtual-hosted on an IP is honoured (the caller asked for it).
        assert_eq!(
            url(
                "127.0.0.1:1",
                AddressingStyle::VirtualHosted,
                Some("abc"),
                None
            ),
            "https://abc.127.0.0.1:1/"
        );
    }

    #[test]
    fn query_encoding_and_validation() {
        let e = Endpoint::parse("oss-cn-hangzhou.example.com").unwrap();
        let query = vec![
            ("uploadId".to_owned(), "a b/c".to_owned()),
            ("acl".to_owned(), String::new()),
        ];
        let uri = e
            .url(AddressingStyle::Auto, Some("abc"), Some("k"), &query)
            .unwrap();
        assert_eq!(uri.query(), Some("uploadId=a%20b%2Fc&acl"));
        assert!(e
            .url(AddressingStyle::Auto, Some("Bad_Bucket"), None, &[])
            .is_err());
        assert!(e
            .url(AddressingStyle::Auto, Some("evil.com#"), None, &[])
            .is_err());
        assert!(e
            .url(AddressingStyle::Auto, Some("abc"), Some(""), &[])
            .is_err());
        assert!(e.url(AddressingStyle::Auto, None, Some("k"), &[]).is_err());
    }
}
