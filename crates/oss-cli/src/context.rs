//! What every command runs with: the resolved configuration, the printer, whether to show
//! progress, and the client, built on first use (starting the embedded server when no
//! endpoint is configured).

use std::io::IsTerminal;

use std::time::Duration;

use oss_client::{Bucket, Client, ClientBuilder, ProxyConfig, RetryStrategy};
use tokio::sync::{Mutex, OnceCell};

use crate::cli::NetworkArgs;
use crate::config::{Field, Settings, SignatureVersion};
use crate::embedded::{self, Embedded};
use crate::error::{CliError, Result};
use crate::local_key;
use crate::output::Printer;

/// The shared state of one run of the command.
#[derive(Debug)]
pub struct Context {
    /// The resolved configuration.
    pub settings: Settings,
    /// Where results go.
    pub out: Printer,
    /// `--quiet`: no progress bars, no notices.
    pub quiet: bool,
    client: OnceCell<Client>,
    embedded: Mutex<Option<Embedded>>,
    /// osscmd's commands: V1 signing when V4 has no region (osscmd only knew V1), and plain
    /// HTTP for an endpoint given without a scheme (osscmd's `--host`).
    v1_without_region: bool,
    /// Proxy, timeouts, retries.
    network: NetworkArgs,
}

impl Context {
    /// A context; nothing is started yet.
    pub fn new(settings: Settings, out: Printer, quiet: bool) -> Self {
        Context {
            settings,
            out,
            quiet,
            client: OnceCell::new(),
            embedded: Mutex::new(None),
            v1_without_region: false,
            network: NetworkArgs::default(),
        }
    }

    /// Sends requests with these proxy, timeout and retry settings.
    pub fn with_network(mut self, network: NetworkArgs) -> Self {
        self.network = network;
        self
    }

    /// `builder` with the network settings (`--proxy`, the timeouts, `--retry-times`).
    fn network_settings(&self, mut builder: ClientBuilder) -> Result<ClientBuilder> {
        let network = &self.network;
        if let Some(proxy) = &network.proxy {
            let proxies = ProxyConfig::from_env()
                .with_all(proxy)
                .map_err(|e| CliError::usage(format!("--proxy {proxy:?}: {e}")))?;
            builder = builder.proxy(proxies);
        }
        if let Some(seconds) = network.connect_timeout {
            builder = builder.connect_timeout(Duration::from_secs(seconds));
        }
        if let Some(seconds) = network.read_timeout {
            builder = builder.read_idle_timeout(Duration::from_secs(seconds));
        }
        if let Some(retries) = network.retry_times {
            builder = builder.retry(RetryStrategy::standard().with_max_attempts(retries + 1));
        }
        Ok(builder)
    }

    /// Signs with V1 when no signature version is configured and V4 would have no region
    /// (no `--region` and none in the endpoint), as osscmd did.
    pub fn with_v1_without_region(mut self) -> Self {
        self.v1_without_region = true;
        self
    }

    /// Whether progress bars are shown: standard error is a terminal and not `--quiet`.
    pub fn show_progress(&self) -> bool {
        !self.quiet && std::io::stderr().is_terminal()
    }

    /// The client (built once).
    pub async fn client(&self) -> Result<Client> {
        self.client
            .get_or_try_init(|| self.build_client())
            .await
            .cloned()
    }

    /// A bucket handle.
    pub async fn bucket(&self, name: &str) -> Result<Bucket> {
        Ok(self.client().await?.bucket(name))
    }

    /// A client that only signs (for presigning): with the embedded default it points at
    /// the address `oss serve` listens on by default, without starting a server.
    pub fn signing_client(&self) -> Result<Client> {
        if self.settings.is_embedded() {
            let credentials = local_key::load_or_create(&self.settings.local_data_dir())?;
            let builder = Client::builder()
                .endpoint(format!("http://{}", embedded::DEFAULT_SERVE_ADDR))
                .region(embedded::REGION)
                .credentials(credentials)
                .signature_version(self.settings.signature_version().to_client());
            return builder
                .build()
                .map_err(|e| CliError::usage(format!("invalid configuration: {e}")));
        }
        self.configured_client()
    }

    async fn build_client(&self) -> Result<Client> {
        if !self.settings.is_embedded() {
            return self.configured_client();
        }
        let dir = self.settings.local_data_dir();
        let credentials = local_key::load_or_create(&dir)?;
        let server = Embedded::start(&dir, credentials.clone(), self.out).await?;
        let client = self
            .network_settings(Client::builder())?
            .endpoint(server.endpoint())
            .region(embedded::REGION)
            .credentials(credentials)
            .signature_version(self.settings.signature_version().to_client())
            .build()
            .map_err(|e| CliError::failed(format!("cannot build the client: {e}")))?;
        *self.embedded.lock().await = Some(server);
        Ok(client)
    }

    /// The client for the configured endpoint. V4 needs a region: without one (given or
    /// derived from the endpoint's host) the command stops with a message
    /// naming `--region`, unless it is osscmd's (then V1, see [`Self::with_v1_without_region`]).
    fn configured_client(&self) -> Result<Client> {
        let settings = &self.settings;
        if let Some(message) = settings.missing_endpoint() {
            return Err(CliError::usage(message));
        }
        let version = settings.signature_version();
        let built = self.configured_client_signing(version);
        let no_region = version == SignatureVersion::V4 && settings.get(Field::Region).is_none();
        match built {
            Err(_) if no_region && self.configured_client_signing(SignatureVersion::V1).is_ok() => {
                if self.v1_without_region && settings.get(Field::SignatureVersion).is_none() {
                    return self.configured_client_signing(SignatureVersion::V1);
                }
                let endpoint = settings.get(Field::Endpoint).unwrap_or_default();
                Err(CliError::usage(format!(
                    "V4 signing needs a region, and none can be derived from the endpoint \
                     {endpoint}: give --region (or OSS_REGION, or `region` in the configuration \
                     file), or sign with --signature-version 1"
                )))
            }
            other => other,
        }
    }

    fn configured_client_signing(&self, version: SignatureVersion) -> Result<Client> {
        let settings = &self.settings;
        let mut builder = self.network_settings(Client::builder())?;
        if let Some(endpoint) = settings.get(Field::Endpoint) {
            // osscmd talked plain HTTP to its `--host`.
            if self.v1_without_region && !endpoint.contains("://") {
                builder = builder.endpoint(format!("http://{endpoint}"));
            } else {
                builder = builder.endpoint(endpoint);
            }
        }
        if let Some(region) = settings.get(Field::Region) {
            builder = builder.region(region);
        }
        builder = builder.signature_version(version.to_client());
        builder = match (
            settings.get(Field::AccessKeyId),
            settings.get(Field::AccessKeySecret),
        ) {
            (Some(id), Some(secret)) => {
                let mut credentials = oss_auth::Credentials::new(id, secret);
                if let Some(token) = settings.get(Field::StsToken) {
                    credentials = credentials.with_security_token(token);
                }
                builder.credentials(credentials)
            }
            (Some(_), None) => {
                return Err(CliError::usage(
                    "an access key id is configured but no access key secret",
                ))
            }
            (None, Some(_)) => {
                return Err(CliError::usage(
                    "an access key secret is configured but no access key id",
                ))
            }
            // The Alibaba Cloud credentials file with any of its profile types (ram_role_arn,
            // oidc_role_arn, ecs_ram_role, ...), RRSA, the ECS role, a credentials URI.
            (None, None) => builder.credentials(oss_client::credentials_chain::default_chain()),
        };
        builder
            .build()
            .map_err(|e| CliError::usage(format!("invalid configuration: {e}")))
    }

    /// Stops the embedded server, if one was started.
    pub async fn shutdown(&self) {
        if let Some(server) = self.embedded.lock().await.take() {
            server.shutdown().await;
        }
    }
}
