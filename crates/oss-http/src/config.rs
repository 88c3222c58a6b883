//! [`ClientConfig`]: everything an [`HttpClient`](crate::HttpClient) is built from, and its
//! builder.
//!
//! ```
//! use std::time::Duration;
//! use oss_http::{ClientConfig, HttpClient, RetryStrategy};
//! use oss_auth::Credentials;
//!
//! let config = ClientConfig::builder()
//!     .region("cn-hangzhou") // the region's public endpoint, V4 scope cn-hangzhou
//!     .credentials_provider(Credentials::new("ak", "sk"))
//!     .connect_timeout(Duration::from_secs(3))
//!     .retry(RetryStrategy::standard().with_max_attempts(5))
//!     .build()
//!     .unwrap();
//! # use oss_http::{endpoint::EndpointKind, provider::Provider};
//! let public = Provider::OSS.endpoint_host("cn-hangzhou", EndpointKind::Public);
//! assert_eq!(config.endpoint().to_string(), format!("https://{public}"));
//! let client = HttpClient::new(config).unwrap();
//! # let _ = client;
//! ```

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use oss_auth::credentials::CredentialsProvider;
use oss_auth::dialect::Dialect;
use oss_auth::SchemeKind;

use crate::endpoint::{AddressingStyle, Endpoint, EndpointKind, Scheme};
use crate::error::Error;
use crate::exchange::{DefaultTransport, HttpTransport};
use crate::provider::Provider;
use crate::proxy::ProxyConfig;
use crate::retry::RetryStrategy;

/// The signature scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignatureVersion {
    /// `OSS4-HMAC-SHA256`, scoped to the region (the default).
    #[default]
    V4,
    /// `OSS` (HMAC-SHA1), for legacy endpoints.
    V1,
}

impl SignatureVersion {
    /// The signing scheme this version names among `dialect`'s: V1 its HMAC-SHA1 scheme,
    /// V4 its preferred other one (`OSS4-HMAC-SHA256` for OSS, SigV4 for an S3-style
    /// vendor). `None` when the dialect has no such scheme.
    pub fn scheme_kind(self, dialect: &Dialect) -> Option<SchemeKind> {
        let wants_v1 = self == SignatureVersion::V1;
        dialect
            .schemes
            .iter()
            .copied()
            .find(|kind| (*kind == SchemeKind::OssV1) == wants_v1)
    }
}

/// Default connect timeout (TCP, proxy tunnel and TLS handshake): 5 s.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default read-idle timeout (no byte moving in either direction): 20 s.
pub const DEFAULT_READ_IDLE_TIMEOUT: Duration = Duration::from_secs(20);
/// Default limit of concurrent connections per host.
pub const DEFAULT_MAX_CONNECTIONS_PER_HOST: usize = 64;
/// Default time an unused pooled connection is kept.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(50);

/// Everything a client is built from. Build one with [`ClientConfig::builder`].
#[derive(Clone)]
pub struct ClientConfig {
    pub(crate) provider: &'static Provider,
    pub(crate) endpoint: Endpoint,
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Arc<dyn CredentialsProvider>>,
    pub(crate) signature_version: SignatureVersion,
    pub(crate) addressing_style: AddressingStyle,
    pub(crate) connect_timeout: Duration,
    pub(crate) read_idle_timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) retry: RetryStrategy,
    pub(crate) proxy: ProxyConfig,
    pub(crate) max_connections_per_host: usize,
    pub(crate) pool_idle_timeout: Duration,
    pub(crate) user_agent: String,
    pub(crate) tls: Option<Arc<rustls::ClientConfig>>,
    pub(crate) resolve: HashMap<String, SocketAddr>,
    pub(crate) correct_clock_skew: bool,
    pub(crate) transport: Option<Arc<dyn HttpTransport>>,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Providers promise a Debug without secrets; the proxy redacts its credentials.
        f.debug_struct("ClientConfig")
            .field("provider", &self.provider.name)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("signature_version", &self.signature_version)
            .field("addressing_style", &self.addressing_style)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_idle_timeout", &self.read_idle_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("retry", &self.retry)
            .field("proxy", &self.proxy)
            .field("max_connections_per_host", &self.max_connections_per_host)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("user_agent", &self.user_agent)
            .field(
                "tls",
                &if self.tls.is_some() {
                    "custom"
                } else {
                    "default (webpki roots)"
                },
            )
            .field("resolve", &self.resolve)
            .field("correct_clock_skew", &self.correct_clock_skew)
            .field(
                "transport",
                &if self.transport.is_some() {
                    "custom"
                } else {
                    "default"
                },
            )
            .finish()
    }
}

impl ClientConfig {
    /// A builder with the defaults.
    pub fn builder() -> ClientConfigBuilder {
        ClientConfigBuilder::default()
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The region (the V4 scope).
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The signature scheme.
    pub fn signature_version(&self) -> SignatureVersion {
        self.signature_version
    }

    /// The addressing style.
    pub fn addressing_style(&self) -> AddressingStyle {
        self.addressing_style
    }

    /// The retry strategy.
    pub fn retry(&self) -> &RetryStrategy {
        &self.retry
    }

    /// The connect timeout.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The read-idle timeout, if enabled.
    pub fn read_idle_timeout(&self) -> Option<Duration> {
        self.read_idle_timeout
    }

    /// The default deadline of each operation, if any.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }

    /// The proxy selection.
    pub fn proxy(&self) -> &ProxyConfig {
        &self.proxy
    }

    /// The wire names of the storage provider.
    pub fn provider(&self) -> &'static Provider {
        self.provider
    }

    /// The credentials provider (for presigning in the client layer); `None` when anonymous.
    pub fn credentials_provider(&self) -> Option<&Arc<dyn CredentialsProvider>> {
        self.credentials.as_ref()
    }

    /// Whether requests are sent unsigned.
    pub fn is_anonymous(&self) -> bool {
        self.credentials.is_none()
    }

    /// This configuration with requests sent through `transport` (see
    /// [`ClientConfigBuilder::transport`]).
    pub fn with_transport(mut self, transport: Arc<dyn HttpTransport>) -> Self {
        self.transport = Some(transport);
        self
    }
}

/// Makes a configuration's transport from its default one.
type WrapTransport = Box<dyn FnOnce(DefaultTransport) -> Arc<dyn HttpTransport> + Send + Sync>;

/// Builds a [`ClientConfig`]. Either an endpoint or a region is required; V4 signing (the
/// default) needs a region, which is taken from an `oss-{region}...` endpoint when not given.
#[derive(Default)]
pub struct ClientConfigBuilder {
    provider: Option<&'static Provider>,
    endpoint: Option<String>,
    endpoint_kind: EndpointKind,
    scheme: Option<Scheme>,
    region: Option<String>,
    credentials: Option<Arc<dyn CredentialsProvider>>,
    anonymous: bool,
    signature_version: SignatureVersion,
    addressing_style: AddressingStyle,
    connect_timeout: Option<Duration>,
    read_idle_timeout: Option<Option<Duration>>,
    operation_timeout: Option<Duration>,
    retry: Option<RetryStrategy>,
    proxy: Option<ProxyConfig>,
    max_connections_per_host: Option<usize>,
    pool_idle_timeout: Option<Duration>,
    user_agent: Option<String>,
    tls: Option<Arc<rustls::ClientConfig>>,
    resolve: HashMap<String, SocketAddr>,
    correct_clock_skew: Option<bool>,
    transport: Option<WrapTransport>,
}

impl fmt::Debug for ClientConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfigBuilder")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl ClientConfigBuilder {
    /// The endpoint: a region's endpoint host, `https://...`, `http://127.0.0.1:9000`,
    /// or a CNAME domain (with [`AddressingStyle::Cname`]). Overrides the one derived from
    /// the region.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The region: the V4 scope, and the endpoint when none is given.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Which of the region's endpoints to derive (public by default).
    pub fn endpoint_kind(mut self, kind: EndpointKind) -> Self {
        self.endpoint_kind = kind;
        self
    }

    /// Forces the scheme (e.g. HTTP to a region endpoint inside a VPC).
    pub fn scheme(mut self, scheme: Scheme) -> Self {
        self.scheme = Some(scheme);
        self
    }

    /// The credentials provider (a bare [`oss_auth::Credentials`] works too). Wrap slow
    /// providers in [`oss_auth::credentials::CachingProvider`].
    pub fn credentials_provider(mut self, provider: impl CredentialsProvider + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// The credentials provider, already shared.
    pub fn credentials(mut self, provider: Arc<dyn CredentialsProvider>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// Sends requests unsigned (public-read buckets). Without credentials or this, building
    /// fails, so that a forgotten provider is not silently anonymous.
    pub fn anonymous(mut self) -> Self {
        self.anonymous = true;
        self
    }

    /// The signature scheme (V4 by default).
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// How the bucket appears in URLs.
    pub fn addressing_style(mut self, style: AddressingStyle) -> Self {
        self.addressing_style = style;
        self
    }

    /// The connect timeout: TCP connect, proxy tunnel and TLS handshake together (5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The read-idle timeout: a request fails when no byte moves in either direction for
    /// this long (20 s). It never limits a transfer that keeps moving.
    pub fn read_idle_timeout(mut self, timeout: Duration) -> Self {
        self.read_idle_timeout = Some(Some(timeout));
        self
    }

    /// Turns the read-idle timeout off.
    pub fn no_read_idle_timeout(mut self) -> Self {
        self.read_idle_timeout = Some(None);
        self
    }

    /// A deadline for every operation, retries and body included (none by default: large
    /// transfers must not be cut). Requests can set their own.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// The retry strategy ([`RetryStrategy::standard`] by default).
    pub fn retry(mut self, strategy: RetryStrategy) -> Self {
        self.retry = Some(strategy);
        self
    }

    /// The proxy selection ([`ProxyConfig::from_env`] by default).
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// The most concurrent requests (and so connections) per host (64).
    pub fn max_connections_per_host(mut self, max: usize) -> Self {
        self.max_connections_per_host = Some(max);
        self
    }

    /// How long an unused pooled connection is kept (50 s; connections idle longer than the
    /// read-idle timeout are closed by its watchdog anyway).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// A custom rustls configuration (extra roots, client certificates). Its ALPN list is
    /// replaced by HTTP/1.1.
    pub fn tls_config(mut self, config: Arc<rustls::ClientConfig>) -> Self {
        self.tls = Some(config);
        self
    }

    /// Sends requests through `transport` instead of the default hyper client: another HTTP
    /// stack, a recorder, a test double (see [`HttpTransport`]). The TLS, proxy, resolve,
    /// connect-timeout and pool settings are the default transport's: a transport of its
    /// own applies its own (the read-idle timeout, the deadline, the retries and the
    /// per-host limit stay the client's).
    pub fn transport(self, transport: Arc<dyn HttpTransport>) -> Self {
        self.wrap_transport(move |_| transport)
    }

    /// Sends requests through what `wrap` makes of the default transport (built from this
    /// configuration): a layer that records, measures or changes requests and forwards them.
    pub fn wrap_transport(
        mut self,
        wrap: impl FnOnce(DefaultTransport) -> Arc<dyn HttpTransport> + Send + Sync + 'static,
    ) -> Self {
        self.transport = Some(Box::new(wrap));
        self
    }

    /// Connects to `address` for `host` instead of resolving it (port 0 keeps the URL's
    /// port). For tests and pinning; applies to proxy hosts too.
    pub fn resolve(mut self, host: impl Into<String>, address: SocketAddr) -> Self {
        self.resolve
            .insert(host.into().to_ascii_lowercase(), address);
        self
    }

    /// Whether to correct the signing clock from the server's `Date` after a
    /// `RequestTimeTooSkewed` (on by default).
    pub fn correct_clock_skew(mut self, correct: bool) -> Self {
        self.correct_clock_skew = Some(correct);
        self
    }

    /// Another storage provider's wire names: by default the one whose endpoint the
    /// endpoint is ([`Provider::for_host`]), else [`Provider::OSS`].
    pub fn provider(mut self, provider: &'static Provider) -> Self {
        self.provider = Some(provider);
        self
    }

    /// Checks and builds the configuration.
    pub fn build(self) -> Result<ClientConfig, Error> {
        let given = self.endpoint.as_deref().map(Endpoint::parse).transpose()?;
        // An endpoint of a known vendor names the vendor; otherwise OSS.
        let provider = self
            .provider
            .or_else(|| given.as_ref().and_then(|e| Provider::for_host(e.host())))
            .unwrap_or(&Provider::OSS);
        let mut endpoint = match (given, &self.region) {
            (Some(endpoint), _) => endpoint,
            (None, Some(region)) => Endpoint::for_region(provider, region, self.endpoint_kind),
            (None, None) => {
                return Err(Error::invalid_input(
                    "the client configuration needs an endpoint or a region",
                ))
            }
        };
        if let Some(scheme) = self.scheme {
            endpoint = endpoint.with_scheme(scheme);
        }
        let region = self
            .region
            .or_else(|| provider.region_of_host(endpoint.host()));
        if self.signature_version == SignatureVersion::V4 && region.is_none() && !self.anonymous {
            return Err(Error::invalid_input(format!(
                "V4 signing needs a region and none can be derived from the endpoint {endpoint}; set one with the builder's region (ClientBuilder::region in oss-client)"
            )));
        }
        if self.credentials.is_none() && !self.anonymous {
            return Err(Error::invalid_input(
                "no credentials provider configured; use ClientConfigBuilder::anonymous for unsigned requests",
            ));
        }
        let config = ClientConfig {
            provider,
            endpoint,
            region,
            credentials: if self.anonymous {
                None
            } else {
                self.credentials
            },
            signature_version: self.signature_version,
            addressing_style: self.addressing_style,
            connect_timeout: self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
            read_idle_timeout: self
                .read_idle_timeout
                .unwrap_or(Some(DEFAULT_READ_IDLE_TIMEOUT)),
            operation_timeout: self.operation_timeout,
            retry: self.retry.unwrap_or_default(),
            proxy: self.proxy.unwrap_or_else(ProxyConfig::from_env),
            max_connections_per_host: self
                .max_connections_per_host
                .unwrap_or(DEFAULT_MAX_CONNECTIONS_PER_HOST)
                .max(1),
            pool_idle_timeout: self.pool_idle_timeout.unwrap_or(DEFAULT_POOL_IDLE_TIMEOUT),
            user_agent: self.user_agent.unwrap_or_else(|| {
                format!("oss-rs/{} (oss-http; rust)", env!("CARGO_PKG_VERSION"))
            }),
            tls: self.tls,
            resolve: self.resolve,
            correct_clock_skew: self.correct_clock_skew.unwrap_or(true),
            transport: None,
        };
        Ok(match self.transport {
            Some(wrap) => {
                let transport = wrap(DefaultTransport::new(&config));
                config.with_transport(transport)
            }
            None => config,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oss_auth::Credentials;

    #[test]
    fn region_is_derived_and_required() {
        let config = ClientConfig::builder()
            .endpoint(Provider::OSS.endpoint_host("cn-shenzhen", EndpointKind::Internal))
            .credentials_provider(Credentials::new("ak", "sk"))
            .build()
            .unwrap();
        assert_eq!(config.region(), Some("cn-shenzhen"));

        let error = ClientConfig::builder()
            .endpoint("http://127.0.0.1:9000")
            .credentials_provider(Credentials::new("ak", "sk"))
            .build()
            .unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::InvalidInput);

        // V1 needs no region.
        assert!(ClientConfig::builder()
            .endpoint("http://127.0.0.1:9000")
            .signature_version(SignatureVersion::V1)
            .credentials_provider(Credentials::new("ak", "sk"))
            .build()
            .is_ok());
        // No credentials and not anonymous: refused.
        assert!(ClientConfig::builder()
            .region("cn-hangzhou")
            .build()
            .is_err());
        let config = ClientConfig::builder()
            .region("cn-hangzhou")
            .endpoint_kind(EndpointKind::Accelerate)
            .anonymous()
            .build()
            .unwrap();
        assert!(config.is_anonymous());
        assert_eq!(
            config.endpoint().host(),
            Provider::OSS.endpoint_host("cn-hangzhou", EndpointKind::Accelerate)
        );
    }

    #[test]
    fn the_endpoint_names_the_vendor() {
        let config = ClientConfig::builder()
            .endpoint(Provider::COS.endpoint_host("ap-guangzhou", EndpointKind::Public))
            .credentials_provider(Credentials::new("ak", "sk"))
            .build()
            .unwrap();
        assert_eq!(config.provider().name, Provider::COS.name);
        assert_eq!(config.region(), Some("ap-guangzhou"));

        let config = ClientConfig::builder()
            .provider(&Provider::COS)
            .region("ap-beijing")
            .credentials_provider(Credentials::new("ak", "sk"))
            .build()
            .unwrap();
        assert_eq!(
            config.endpoint().host(),
            Provider::COS.endpoint_host("ap-beijing", EndpointKind::Public)
        );

        // A local endpoint stays OSS's unless told.
        let config = ClientConfig::builder()
            .endpoint("http://127.0.0.1:9000")
            .region("ap-beijing")
            .credentials_provider(Credentials::new("ak", "sk"))
            .build()
            .unwrap();
        assert_eq!(config.provider().name, Provider::OSS.name);
    }
}
