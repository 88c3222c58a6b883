//! [`Client`]: the entry point, built from a [`ClientBuilder`] or from the environment; it
//! lists buckets and hands out [`Bucket`] handles.
//!
//! A client is a cheap `Arc` clone: share one (it holds the connection pool) and clone it
//! into tasks freely.
//!
//! ```no_run
//! use oss_client::Client;
//!
//! # async fn demo() -> oss_client::Result<()> {
//! // OSS_REGION or OSS_ENDPOINT, and OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET (or a profile).
//! let client = Client::from_env()?;
//! for bucket in client.list_buckets().await?.buckets.iter() {
//!     println!("{} in {}", bucket.name, bucket.location);
//! }
//! let bucket = client.bucket("examplebucket");
//! bucket.put_object("hello.txt", "hello").await?;
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use oss_auth::credentials::CredentialsProvider;
use oss_http::provider::Provider;
use oss_http::{
    AddressingStyle, ClientConfig, ClientConfigBuilder, HttpClient, RetryStrategy, SignatureVersion,
};
use oss_model::dialect::Dialect;
use oss_model::op::OpName;

use crate::bucket::Bucket;
use crate::error::{Error, Result};

/// The environment variable with the endpoint (a region's endpoint host,
/// `http://127.0.0.1:9000`, …).
pub const ENDPOINT_VARIABLE: &str = "OSS_ENDPOINT";
/// The environment variable with the region (`cn-hangzhou`), the V4 signing scope.
pub const REGION_VARIABLE: &str = "OSS_REGION";

/// The OSS client: `Clone + Send + Sync + 'static`, cheap to clone.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: HttpClient,
    /// The provider's signing schemes (each with its key cache), for presigning.
    schemes: Vec<oss_auth::Scheme>,
    /// The vendor vocabulary of the transport's provider.
    dialect: &'static Dialect,
    /// Whether the dialect lacks some operation, so that calls are checked before sending
    /// (never for OSS, which has them all).
    partial: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("http", &self.inner.http)
            .finish()
    }
}

impl Client {
    /// A builder with the defaults (V4 signing, virtual-hosted addressing, 3 attempts).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment: the endpoint from `OSS_ENDPOINT` and/or the
    /// region from `OSS_REGION`, and credentials from the default chain (`OSS_ACCESS_KEY_ID`,
    /// `OSS_ACCESS_KEY_SECRET`, `OSS_SESSION_TOKEN`, RRSA's OIDC variables, the Alibaba Cloud
    /// credentials file with any of its profile types (`ram_role_arn`, `oidc_role_arn`,
    /// `ecs_ram_role`, ...), the ECS RAM role named by `ALIBABA_CLOUD_ECS_METADATA`, then
    /// `ALIBABA_CLOUD_CREDENTIALS_URI`; see `oss_http::credentials_chain`), cached and refreshed.
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env().build()
    }

    /// A client for a transport configuration.
    pub fn new(config: ClientConfig) -> Result<Client> {
        Ok(Client::from_http(HttpClient::new(config)?))
    }

    /// A client over an existing transport (sharing its connection pool).
    pub fn from_http(http: HttpClient) -> Client {
        let provider = http.config().provider();
        let signing = provider.dialect;
        let schemes = signing
            .schemes
            .iter()
            .map(|kind| oss_auth::Scheme::new(*kind, signing))
            .collect();
        let dialect = Dialect::named(provider.name).unwrap_or(&Dialect::OSS);
        let partial = !OpName::ALL.iter().all(|op| dialect.has(*op));
        Client {
            inner: Arc::new(Inner {
                http,
                schemes,
                dialect,
                partial,
            }),
        }
    }

    /// The vendor vocabulary the client speaks (header names, the operations the service has),
    /// that of the transport's provider: [`Dialect::OSS`], or [`Dialect::COS`] for a Tencent
    /// COS endpoint or provider.
    pub fn dialect(&self) -> &'static Dialect {
        self.inner.dialect
    }

    /// The wire name of an option's header, refusing (before anything is sent) an option the
    /// service has no header for.
    pub(crate) fn option_header(
        &self,
        operation: &'static str,
        header: oss_model::dialect::Header,
    ) -> Result<&'static str> {
        self.inner
            .dialect
            .try_header(header)
            .ok_or_else(|| self.unsupported_option(operation, &format!("{header:?}")))
    }

    /// The validation error of an option (`what`) the service does not have.
    pub(crate) fn unsupported_option(&self, operation: &'static str, what: &str) -> Error {
        Error::validation(
            operation,
            crate::validation::ValidationError::new(
                crate::validation::ValidationKind::Argument,
                format!(
                    "{what} is not supported by this service ({})",
                    self.inner.dialect.name
                ),
            ),
        )
    }

    /// Refuses, before anything is sent, an operation the service does not have.
    pub(crate) fn check_supported(&self, operation: &'static str) -> Result<()> {
        if !self.inner.partial {
            return Ok(());
        }
        let dialect = self.inner.dialect;
        match OpName::parse(operation) {
            Some(op) if !dialect.has(op) => Err(Error::unsupported(operation, dialect.name)),
            _ => Ok(()),
        }
    }

    /// The transport, to send requests this crate has no method for.
    pub fn http(&self) -> &HttpClient {
        &self.inner.http
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        self.inner.http.config()
    }

    /// A handle on the bucket `name` (nothing is sent; the name is checked when a request
    /// is made).
    pub fn bucket(&self, name: impl Into<String>) -> Bucket {
        Bucket::new(self.clone(), name.into())
    }

    /// The provider's signing scheme for `version`, if it has one.
    pub(crate) fn signing_scheme(&self, version: SignatureVersion) -> Option<&oss_auth::Scheme> {
        let dialect = self.config().provider().dialect;
        let kind = version.scheme_kind(dialect)?;
        self.inner.schemes.iter().find(|s| s.kind() == kind)
    }
}

/// Builds a [`Client`]: the common settings by name, anything else of the transport through
/// [`http_config`](Self::http_config).
///
/// ```
/// use std::time::Duration;
/// use oss_client::{Client, SignatureVersion};
/// use oss_auth::Credentials;
///
/// let client = Client::builder()
///     .region("cn-hangzhou")
///     .credentials(Credentials::new("ak", "sk"))
///     .connect_timeout(Duration::from_secs(3))
///     .http_config(|config| config.max_connections_per_host(16))
///     .build()
///     .unwrap();
/// // The region's public endpoint, as the provider names it.
/// assert!(client.config().endpoint().host().contains("cn-hangzhou"));
/// ```
#[derive(Debug, Default)]
pub struct ClientBuilder {
    config: ClientConfigBuilder,
}

impl ClientBuilder {
    /// A builder filled from the environment (see [`Client::from_env`]).
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// A builder filled from `lookup` instead of the process environment (for tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let mut builder = ClientBuilder::default();
        if let Some(endpoint) = lookup(ENDPOINT_VARIABLE).filter(|v| !v.trim().is_empty()) {
            builder = builder.endpoint(endpoint.trim());
        }
        if let Some(region) = lookup(REGION_VARIABLE).filter(|v| !v.trim().is_empty()) {
            builder = builder.region(region.trim());
        }
        builder.credentials(oss_http::credentials_chain::default_chain())
    }

    fn with(mut self, f: impl FnOnce(ClientConfigBuilder) -> ClientConfigBuilder) -> Self {
        self.config = f(self.config);
        self
    }

    /// The endpoint (a region's endpoint host, `https://…`, `http://127.0.0.1:9000`).
    pub fn endpoint(self, endpoint: impl Into<String>) -> Self {
        self.with(|c| c.endpoint(endpoint))
    }

    /// The region: the V4 scope, and the endpoint when none is given.
    pub fn region(self, region: impl Into<String>) -> Self {
        self.with(|c| c.region(region))
    }

    /// The credentials provider (a bare [`oss_auth::Credentials`] works too).
    pub fn credentials(self, provider: impl CredentialsProvider + 'static) -> Self {
        self.with(|c| c.credentials_provider(provider))
    }

    /// The credentials provider, already shared.
    pub fn shared_credentials(self, provider: Arc<dyn CredentialsProvider>) -> Self {
        self.with(|c| c.credentials(provider))
    }

    /// Sends requests unsigned (public buckets).
    pub fn anonymous(self) -> Self {
        self.with(ClientConfigBuilder::anonymous)
    }

    /// The storage service whose protocol the client speaks: by default the one whose endpoint
    /// the endpoint is (a Tencent COS region endpoint is COS's), else
    /// [`Provider::OSS`]. Set [`Provider::COS`] to speak COS to an endpoint of another name
    /// (a local server, a proxy).
    pub fn provider(self, provider: &'static Provider) -> Self {
        self.with(|c| c.provider(provider))
    }

    /// The signature scheme (V4 by default: for Tencent COS its `q-sign-algorithm` scheme).
    pub fn signature_version(self, version: SignatureVersion) -> Self {
        self.with(|c| c.signature_version(version))
    }

    /// How the bucket appears in URLs (virtual-hosted by default; path style for IP and
    /// `localhost` endpoints).
    pub fn addressing_style(self, style: AddressingStyle) -> Self {
        self.with(|c| c.addressing_style(style))
    }

    /// The retry strategy (3 attempts, full-jitter backoff).
    pub fn retry(self, strategy: RetryStrategy) -> Self {
        self.with(|c| c.retry(strategy))
    }

    /// The connect timeout (5 s).
    pub fn connect_timeout(self, timeout: Duration) -> Self {
        self.with(|c| c.connect_timeout(timeout))
    }

    /// The read-idle timeout (20 s without a byte moving).
    pub fn read_idle_timeout(self, timeout: Duration) -> Self {
        self.with(|c| c.read_idle_timeout(timeout))
    }

    /// A deadline for every operation, retries and body included (none by default).
    pub fn operation_timeout(self, timeout: Duration) -> Self {
        self.with(|c| c.operation_timeout(timeout))
    }

    /// The proxies (by default those of `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`).
    pub fn proxy(self, proxy: crate::ProxyConfig) -> Self {
        self.with(|c| c.proxy(proxy))
    }

    /// Sends requests through `transport` instead of the default hyper client (see
    /// [`crate::HttpTransport`]).
    pub fn transport(self, transport: std::sync::Arc<dyn crate::HttpTransport>) -> Self {
        self.with(|c| c.transport(transport))
    }

    /// Sends requests through what `wrap` makes of the default transport: a layer that
    /// records, measures or changes requests and forwards them.
    pub fn wrap_transport(
        self,
        wrap: impl FnOnce(crate::DefaultTransport) -> std::sync::Arc<dyn crate::HttpTransport>
            + Send
            + Sync
            + 'static,
    ) -> Self {
        self.with(|c| c.wrap_transport(wrap))
    }

    /// Any other transport setting (TLS, pool, user agent, …).
    pub fn http_config(self, f: impl FnOnce(ClientConfigBuilder) -> ClientConfigBuilder) -> Self {
        self.with(f)
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client> {
        Client::new(self.config.build()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_is_cheap_and_shareable() {
        fn assert_traits<T: Clone + Send + Sync + 'static>() {}
        assert_traits::<Client>();
        assert_traits::<Bucket>();
        fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
        assert_error::<crate::Error>();
    }

    #[test]
    fn from_lookup_reads_endpoint_and_region() {
        let vars = [
            (ENDPOINT_VARIABLE, "http://127.0.0.1:9000"),
            (REGION_VARIABLE, "cn-beijing"),
        ];
        let lookup = |name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        };
        let client = ClientBuilder::from_lookup(lookup).build().unwrap();
        assert_eq!(
            client.config().endpoint().to_string(),
            "http://127.0.0.1:9000"
        );
        assert_eq!(client.config().region(), Some("cn-beijing"));
        assert!(!client.config().is_anonymous());

        let client = ClientBuilder::from_lookup(|name| {
            (name == REGION_VARIABLE).then(|| "cn-shanghai".to_owned())
        })
        .build()
        .unwrap();
        let public = oss_http::provider::Provider::OSS
            .endpoint_host("cn-shanghai", oss_http::endpoint::EndpointKind::Public);
        assert_eq!(
            client.config().endpoint().to_string(),
            format!("https://{public}")
        );
        assert!(ClientBuilder::from_lookup(|_| None).build().is_err());
    }
}
