//! [`OssObjectStoreBuilder`]: an [`OssObjectStore`] from settings, in the style of
//! `object_store`'s `AmazonS3Builder`, on oss-client's [`ClientBuilder`].
//!
//! [`from_env`](OssObjectStoreBuilder::from_env) reads what oss-client reads
//! (`OSS_ENDPOINT`, `OSS_REGION`, and credentials from the default chain: `OSS_ACCESS_KEY_ID`,
//! `OSS_ACCESS_KEY_SECRET`, `OSS_SESSION_TOKEN`, the credentials file, RRSA, the ECS role…),
//! through oss-client itself, plus the bucket from [`BUCKET_VARIABLE`].

use std::sync::Arc;

use oss_client::credentials::CredentialsProvider;
use oss_client::{Client, ClientBuilder, Credentials, SignatureVersion};

use crate::error;
use crate::store::OssObjectStore;

/// The environment variable [`OssObjectStoreBuilder::from_env`] takes the bucket from.
pub const BUCKET_VARIABLE: &str = "OSS_BUCKET";

/// The URL scheme [`OssObjectStoreBuilder::with_url`] takes: `oss://bucket/...`.
pub const URL_SCHEME: &str = "oss";

/// Builds an [`OssObjectStore`].
///
/// ```
/// use oss_object_store::OssObjectStoreBuilder;
///
/// let store = OssObjectStoreBuilder::new()
///     .with_url("oss://examplebucket/tables/")
///     .with_region("cn-hangzhou")
///     .with_access_key_id("access-key-id")
///     .with_secret_access_key("access-key-secret")
///     .build()
///     .unwrap();
/// assert_eq!(store.bucket().name(), "examplebucket");
/// ```
#[derive(Debug, Default)]
pub struct OssObjectStoreBuilder {
    client: ClientBuilder,
    existing: Option<Client>,
    bucket: Option<String>,
    url: Option<String>,
    access_key_id: Option<String>,
    secret_access_key: Option<String>,
    session_token: Option<String>,
}

impl OssObjectStoreBuilder {
    /// A builder with oss-client's defaults (V4 signing, virtual-hosted addressing, 3
    /// attempts) and nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder from the environment: what [`Client::from_env`] reads, and the bucket
    /// from `OSS_BUCKET`.
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) with `lookup` in place of the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let bucket = lookup(BUCKET_VARIABLE)
            .map(|b| b.trim().to_owned())
            .filter(|b| !b.is_empty());
        OssObjectStoreBuilder {
            client: ClientBuilder::from_lookup(lookup),
            bucket,
            ..Self::default()
        }
    }

    /// The bucket, from a URL `oss://bucket` (anything after the bucket is ignored, as a
    /// registry of stores keys them by bucket).
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// The bucket.
    pub fn with_bucket_name(mut self, bucket: impl Into<String>) -> Self {
        self.bucket = Some(bucket.into());
        self
    }

    /// The endpoint (a region's endpoint host, `https://…`, `http://127.0.0.1:9000`).
    pub fn with_endpoint(self, endpoint: impl Into<String>) -> Self {
        self.with_client_options(|c| c.endpoint(endpoint))
    }

    /// The region: the V4 signing scope, and the endpoint when none is given.
    pub fn with_region(self, region: impl Into<String>) -> Self {
        self.with_client_options(|c| c.region(region))
    }

    /// The access key id (with [`with_secret_access_key`](Self::with_secret_access_key)).
    pub fn with_access_key_id(mut self, id: impl Into<String>) -> Self {
        self.access_key_id = Some(id.into());
        self
    }

    /// The access key secret.
    pub fn with_secret_access_key(mut self, secret: impl Into<String>) -> Self {
        self.secret_access_key = Some(secret.into());
        self
    }

    /// The STS security token of temporary keys.
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(token.into());
        self
    }

    /// A credentials provider (static keys, a chain, an STS role…), cached and refreshed
    /// by oss-client.
    pub fn with_credentials(self, provider: Arc<dyn CredentialsProvider>) -> Self {
        self.with_client_options(|c| c.shared_credentials(provider))
    }

    /// The signature version of requests and presigned URLs (V4 by default).
    pub fn with_signature_version(self, version: SignatureVersion) -> Self {
        self.with_client_options(|c| c.signature_version(version))
    }

    /// Any other client setting (retries, timeouts, addressing, proxy, TLS…).
    pub fn with_client_options(mut self, f: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Self {
        self.client = f(self.client);
        self
    }

    /// Uses an existing client (its connection pool and settings) instead of building one;
    /// the client settings of this builder are then ignored.
    pub fn with_client(mut self, client: Client) -> Self {
        self.existing = Some(client);
        self
    }

    /// The bucket named by [`with_url`](Self::with_url) or
    /// [`with_bucket_name`](Self::with_bucket_name) (which wins).
    fn bucket_name(&self) -> object_store::Result<String> {
        if let Some(bucket) = &self.bucket {
            return Ok(bucket.clone());
        }
        let Some(url) = &self.url else {
            return Err(error::generic(format!(
                "no bucket: set one with with_bucket_name, with_url or {BUCKET_VARIABLE}"
            )));
        };
        let rest = url
            .strip_prefix(URL_SCHEME)
            .and_then(|r| r.strip_prefix("://"))
            .ok_or_else(|| error::generic(format!("{url:?} is not an {URL_SCHEME}:// URL")))?;
        let bucket = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if bucket.is_empty() {
            return Err(error::generic(format!("{url:?} names no bucket")));
        }
        Ok(bucket.to_owned())
    }

    /// Checks the settings and builds the store (nothing is sent).
    pub fn build(self) -> object_store::Result<OssObjectStore> {
        let bucket = self.bucket_name()?;
        let client = match self.existing {
            Some(client) => client,
            None => {
                let mut builder = self.client;
                match (self.access_key_id, self.secret_access_key) {
                    (Some(id), Some(secret)) => {
                        let mut credentials = Credentials::new(id, secret);
                        if let Some(token) = self.session_token {
                            credentials = credentials.with_security_token(token);
                        }
                        builder = builder.credentials(credentials);
                    }
                    (None, None) if self.session_token.is_none() => {}
                    _ => {
                        return Err(error::generic(
                            "an access key id, its secret and any session token go together",
                        ))
                    }
                }
                builder.build().map_err(error::generic)?
            }
        };
        Ok(OssObjectStore::new(client.bucket(bucket)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn from_lookup_reads_the_bucket_and_what_the_client_reads() {
        let vars = [
            ("OSS_BUCKET", "data"),
            ("OSS_ENDPOINT", "http://127.0.0.1:9000"),
            ("OSS_REGION", "cn-beijing"),
        ];
        let store = OssObjectStoreBuilder::from_lookup(lookup(&vars))
            .build()
            .unwrap();
        assert_eq!(store.bucket().name(), "data");
        let config = store.bucket().client().config();
        assert_eq!(config.endpoint().to_string(), "http://127.0.0.1:9000");
        assert_eq!(config.region(), Some("cn-beijing"));
    }

    #[test]
    fn the_bucket_comes_from_a_url_or_a_name() {
        let base = || {
            OssObjectStoreBuilder::new()
                .with_region("cn-hangzhou")
                .with_access_key_id("id")
                .with_secret_access_key("secret")
        };
        let store = base().with_url("oss://logs/2024/").build().unwrap();
        assert_eq!(store.bucket().name(), "logs");
        let store = base()
            .with_url("oss://logs")
            .with_bucket_name("other")
            .build()
            .unwrap();
        assert_eq!(store.bucket().name(), "other");
        for bad in ["s3://logs", "oss://", "oss:///x", "logs"] {
            assert!(base().with_url(bad).build().is_err(), "{bad}");
        }
        assert!(base().build().is_err());
    }

    #[test]
    fn a_key_id_needs_its_secret() {
        let base = || {
            OssObjectStoreBuilder::new()
                .with_bucket_name("b")
                .with_region("cn-hangzhou")
        };
        assert!(base().with_access_key_id("id").build().is_err());
        assert!(base().with_session_token("t").build().is_err());
        assert!(base()
            .with_access_key_id("id")
            .with_secret_access_key("secret")
            .with_session_token("t")
            .build()
            .is_ok());
    }
}
