//! Proxy selection: explicit configuration or the `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`
//! environment variables (either case), with curl's and Go's matching rules.
//!
//! HTTPS requests go through an HTTP `CONNECT` tunnel; plain HTTP requests are sent to the
//! proxy in absolute form (`GET http://host/path`). Loopback destinations (`localhost`,
//! `127.0.0.0/8`, `::1`) are never proxied, as in Go.
//!
//! ```
//! use oss_http::proxy::{NoProxy, ProxyConfig};
//! use oss_http::endpoint::Scheme;
//!
//! let config = ProxyConfig::none()
//!     .with_https("http://proxy.internal:3128").unwrap()
//!     .with_no_proxy(NoProxy::parse(".internal, 10.0.0.0/8"));
//! assert!(config.proxy_for(Scheme::Https, "oss-cn-hangzhou.example.com", 443).is_some());
//! assert!(config.proxy_for(Scheme::Https, "bucket.svc.internal", 443).is_none());
//! assert!(config.proxy_for(Scheme::Https, "10.1.2.3", 443).is_none());
//! assert!(config.proxy_for(Scheme::Http, "oss-cn-hangzhou.example.com", 80).is_none());
//! ```

use std::fmt;
use std::net::IpAddr;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use oss_auth::encoding::decode;

use crate::endpoint::{split_host_port, Scheme};
use crate::error::Error;

/// An HTTP proxy server (`http://[user:password@]host[:port]`).
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyServer {
    host: String,
    port: u16,
    /// `Basic ...` header value, when the URL had credentials. Never printed.
    authorization: Option<String>,
}

impl ProxyServer {
    /// Parses a proxy URL. Only `http://` proxies are supported (a missing scheme means
    /// `http://`); the default port is 80. Credentials in the URL are percent-decoded and sent
    /// as `Proxy-Authorization: Basic`.
    pub fn parse(url: &str) -> Result<ProxyServer, Error> {
        let url = url.trim();
        let rest = match url.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) => {
                return Err(Error::invalid_input(format!(
                    "proxy scheme {scheme:?} is not supported (only http:// proxies)"
                )))
            }
            None => url,
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let (userinfo, host_port) = match authority.rsplit_once('@') {
            Some((userinfo, host_port)) => (Some(userinfo), host_port),
            None => (None, authority),
        };
        let (host, port) = split_host_port(host_port)
            .filter(|(host, _)| !host.is_empty())
            .ok_or_else(|| Error::invalid_input("proxy URL has no valid host and port"))?;
        let authorization = userinfo.map(|userinfo| {
            let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
            let pair = format!("{}:{}", decode(user, false), decode(password, false));
            format!("Basic {}", BASE64.encode(pair))
        });
        Ok(ProxyServer {
            host: host.to_ascii_lowercase(),
            port: port.unwrap_or(80),
            authorization,
        })
    }

    /// The proxy's host.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The proxy's port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Whether the proxy URL carried credentials.
    pub fn has_credentials(&self) -> bool {
        self.authorization.is_some()
    }

    pub(crate) fn authorization(&self) -> Option<&str> {
        self.authorization.as_deref()
    }
}

impl fmt::Debug for ProxyServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyServer")
            .field("host", &self.host)
            .field("port", &self.port)
            .field(
                "credentials",
                &self.authorization.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}

/// One `NO_PROXY` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NoProxyEntry {
    /// `*`: nothing is proxied.
    All,
    /// An IP address or network (`10.0.0.0/8`, `::1`).
    Network { address: IpAddr, prefix: u8 },
    /// A domain: `example.com` matches it and its subdomains; `.example.com` (or
    /// `*.example.com`) only the subdomains. An optional port restricts the match.
    Domain {
        name: String,
        subdomains_only: bool,
        port: Option<u16>,
    },
}

/// The hosts that bypass the proxy (the `NO_PROXY` list).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoProxy {
    entries: Vec<NoProxyEntry>,
}

impl NoProxy {
    /// Parses a comma- (or space-) separated list: `*`, domains (`example.com`,
    /// `.example.com`, `*.example.com`, optionally with `:port`), IP addresses and CIDR
    /// networks. Entries that cannot be understood are ignored.
    pub fn parse(list: &str) -> NoProxy {
        let entries = list
            .split([',', ' '])
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .filter_map(parse_no_proxy_entry)
            .collect();
        NoProxy { entries }
    }

    /// Whether `host` (a name or an IP address, IPv6 without brackets) at `port` bypasses
    /// the proxy.
    pub fn matches(&self, host: &str, port: u16) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let ip = host.parse::<IpAddr>().ok();
        self.entries.iter().any(|entry| match entry {
            NoProxyEntry::All => true,
            NoProxyEntry::Network { address, prefix } => {
                ip.is_some_and(|ip| in_network(ip, *address, *prefix))
            }
            NoProxyEntry::Domain {
                name,
                subdomains_only,
                port: entry_port,
            } => {
                if entry_port.is_some_and(|p| p != port) {
                    return false;
                }
                let is_subdomain = host.len() > name.len()
                    && host.ends_with(name.as_str())
                    && host.as_bytes()[host.len() - name.len() - 1] == b'.';
                is_subdomain || (!subdomains_only && host == *name)
            }
        })
    }
}

fn parse_no_proxy_entry(entry: &str) -> Option<NoProxyEntry> {
    if entry == "*" {
        return Some(NoProxyEntry::All);
    }
    let entry = entry.to_ascii_lowercase();
    if let Some((address, prefix)) = entry.split_once('/') {
        let address: IpAddr = address.parse().ok()?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix: u8 = prefix.parse().ok().filter(|p| *p <= max)?;
        return Some(NoProxyEntry::Network { address, prefix });
    }
    let bare = entry.trim_start_matches('[').trim_end_matches(']');
    if let Ok(address) = bare.parse::<IpAddr>() {
        let prefix = if address.is_ipv4() { 32 } else { 128 };
        return Some(NoProxyEntry::Network { address, prefix });
    }
    let (name, port) = match entry.rsplit_once(':') {
        Some((name, port)) => (name, Some(port.parse().ok()?)),
        None => (entry.as_str(), None),
    };
    let (name, subdomains_only) = if let Some(name) = name.strip_prefix("*.") {
        (name, true)
    } else if let Some(name) = name.strip_prefix('.') {
        (name, true)
    } else {
        (name, false)
    };
    let name = name.trim_end_matches('.');
    (!name.is_empty()).then(|| NoProxyEntry::Domain {
        name: name.to_owned(),
        subdomains_only,
        port,
    })
}

fn in_network(ip: IpAddr, network: IpAddr, prefix: u8) -> bool {
    match (ip, network) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Which proxy, if any, each request uses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProxyConfig {
    http: Option<ProxyServer>,
    https: Option<ProxyServer>,
    no_proxy: NoProxy,
}

impl ProxyConfig {
    /// No proxy at all.
    pub fn none() -> ProxyConfig {
        ProxyConfig::default()
    }

    /// From the environment: `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY` or their lower-case
    /// forms (lower case wins). `HTTP_PROXY` in upper case is ignored when `REQUEST_METHOD`
    /// is set, i.e. inside a CGI program, where a client could set it ("httpoxy").
    /// Unparsable or unsupported values are ignored with a warning.
    pub fn from_env() -> ProxyConfig {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env), reading variables through `lookup` (for tests
    /// and for configuration that is not in the process environment).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> ProxyConfig {
        let get = |lower: &str, upper: &str| {
            lookup(lower)
                .or_else(|| lookup(upper))
                .filter(|value| !value.trim().is_empty())
        };
        let in_cgi = lookup("REQUEST_METHOD").is_some();
        let http = lookup("http_proxy")
            .or_else(|| (!in_cgi).then(|| lookup("HTTP_PROXY")).flatten())
            .filter(|value| !value.trim().is_empty());
        let parse = |name: &str, value: Option<String>| {
            value.and_then(|value| match ProxyServer::parse(&value) {
                Ok(server) => Some(server),
                Err(error) => {
                    tracing::warn!(variable = name, %error, "ignoring proxy variable");
                    None
                }
            })
        };
        ProxyConfig {
            http: parse("HTTP_PROXY", http),
            https: parse("HTTPS_PROXY", get("https_proxy", "HTTPS_PROXY")),
            no_proxy: NoProxy::parse(&get("no_proxy", "NO_PROXY").unwrap_or_default()),
        }
    }

    /// Uses `url` for plain HTTP requests.
    pub fn with_http(mut self, url: &str) -> Result<ProxyConfig, Error> {
        self.http = Some(ProxyServer::parse(url)?);
        Ok(self)
    }

    /// Uses `url` (a CONNECT tunnel) for HTTPS requests.
    pub fn with_https(mut self, url: &str) -> Result<ProxyConfig, Error> {
        self.https = Some(ProxyServer::parse(url)?);
        Ok(self)
    }

    /// Uses `url` for both schemes.
    pub fn with_all(self, url: &str) -> Result<ProxyConfig, Error> {
        self.with_http(url)?.with_https(url)
    }

    /// Sets the hosts that bypass the proxy.
    pub fn with_no_proxy(mut self, no_proxy: NoProxy) -> ProxyConfig {
        self.no_proxy = no_proxy;
        self
    }

    /// The proxy for a request to `host:port` over `scheme`, or `None` to connect directly.
    pub fn proxy_for(&self, scheme: Scheme, host: &str, port: u16) -> Option<&ProxyServer> {
        let server = match scheme {
            Scheme::Http => self.http.as_ref()?,
            Scheme::Https => self.https.as_ref()?,
        };
        if is_loopback(host) || self.no_proxy.matches(host, port) {
            return None;
        }
        Some(server)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn no_proxy_matching() {
        let list = NoProxy::parse(
            "example.com, .internal,*.corp.net, 10.0.0.0/8 ,192.168.1.7, ::1, [fd00::]/8, svc:8080",
        );
        assert!(list.matches("example.com", 443));
        assert!(list.matches("a.example.com", 443));
        assert!(list.matches("EXAMPLE.com.", 443));
        assert!(!list.matches("notexample.com", 443));
        assert!(list.matches("x.internal", 443));
        assert!(!list.matches("internal", 443));
        assert!(list.matches("a.b.corp.net", 443));
        assert!(!list.matches("corp.net", 443));
        assert!(list.matches("10.200.3.4", 80));
        assert!(!list.matches("11.0.0.1", 80));
        assert!(list.matches("192.168.1.7", 80));
        assert!(!list.matches("192.168.1.8", 80));
        assert!(list.matches("::1", 80));
        assert!(list.matches("svc", 8080));
        assert!(!list.matches("svc", 80));
        assert!(NoProxy::parse("*").matches("anything", 1));
        assert!(!NoProxy::parse("").matches("anything", 1));
    }

    #[test]
    fn from_environment() {
        let config = ProxyConfig::from_lookup(vars(&[
            ("HTTPS_PROXY", "http://user:p%40ss@proxy:3128"),
            ("HTTP_PROXY", "proxy2:8080"),
            ("NO_PROXY", ".example.com"),
        ]));
        assert!(config
            .proxy_for(Scheme::Https, "bucket.oss-cn-hangzhou.example.com", 443)
            .is_none());
        let https = config.proxy_for(Scheme::Https, "example.org", 443).unwrap();
        assert_eq!((https.host(), https.port()), ("proxy", 3128));
        // "user:p@ss"
        assert_eq!(https.authorization(), Some("Basic dXNlcjpwQHNz"));
        assert!(!format!("{config:?}").contains("dXNlcjpwQHNz"));
        let http = config.proxy_for(Scheme::Http, "example.org", 80).unwrap();
        assert_eq!((http.host(), http.port()), ("proxy2", 8080));
        // Loopback is never proxied.
        assert!(config.proxy_for(Scheme::Https, "127.0.0.1", 443).is_none());
        assert!(config.proxy_for(Scheme::Https, "localhost", 443).is_none());
    }

    #[test]
    fn lower_case_wins_and_cgi_ignores_upper_http_proxy() {
        let config = ProxyConfig::from_lookup(vars(&[
            ("https_proxy", "http://lower:1"),
            ("HTTPS_PROXY", "http://upper:2"),
            ("HTTP_PROXY", "http://cgi:3"),
            ("REQUEST_METHOD", "GET"),
        ]));
        assert_eq!(
            config.proxy_for(Scheme::Https, "a.b", 443).unwrap().host(),
            "lower"
        );
        assert!(config.proxy_for(Scheme::Http, "a.b", 80).is_none());
        // Unsupported proxy schemes are ignored rather than failing every request.
        let config = ProxyConfig::from_lookup(vars(&[("HTTPS_PROXY", "socks5://x:1")]));
        assert!(config.proxy_for(Scheme::Https, "a.b", 443).is_none());
        assert!(ProxyServer::parse("https://x:1").is_err());
    }
}
