//! How a server is set up: where it listens, where it stores, which credentials it accepts.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use oss_auth::Credentials;

use crate::dialect::DEFAULT_REGION;
use crate::faults::Fault;

/// The development access key id, accepted when no credential is configured.
pub const DEV_ACCESS_KEY_ID: &str = "LTAI5tOssRsLocalDevKey";
/// The development access key secret that goes with [`DEV_ACCESS_KEY_ID`].
pub const DEV_ACCESS_KEY_SECRET: &str = "oss-rs-local-development-secret";

/// Where objects are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Storage {
    /// In memory, gone when the server stops.
    Memory,
    /// In a data directory (SQLite metadata and data files), shareable between processes.
    Directory(PathBuf),
}

/// The settings of a server; [`start`](Self::start) runs it.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// use oss_server::ServerConfig;
/// let server = ServerConfig::new().start().await?;
/// println!("{}", server.endpoint()); // http://127.0.0.1:PORT
/// server.shutdown().await;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub(crate) listen: SocketAddr,
    pub(crate) storage: Storage,
    pub(crate) credentials: Vec<Credentials>,
    pub(crate) region: String,
    pub(crate) domains: Vec<String>,
    pub(crate) restore_delay: Duration,
    pub(crate) faults: Vec<Fault>,
    pub(crate) clock_skew: i64,
    pub(crate) md5_etags: bool,
    pub(crate) admin_endpoint: bool,
    pub(crate) header_read_timeout: Duration,
    pub(crate) idle_timeout: Duration,
    pub(crate) max_connections: usize,
    pub(crate) sweep_interval: Duration,
    pub(crate) sts_min_duration: Duration,
    pub(crate) oidc_tokens: Vec<crate::sts::OidcToken>,
}

/// How long a client may take to send a request's headers, by default.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a request or response body may make no progress, by default.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// How many connections are served at once, by default.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
/// How often a disk store looks for temporary files of dead processes, by default.
pub const DEFAULT_SWEEP_INTERVAL: Duration = Duration::from_secs(60);

impl Default for ServerConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl ServerConfig {
    /// In memory, on `127.0.0.1` with a free port, region `cn-hangzhou`, restores completing
    /// after one second, accepting only the development key pair
    /// ([`DEV_ACCESS_KEY_ID`]/[`DEV_ACCESS_KEY_SECRET`]) until a credential is added; no
    /// admin endpoint; the limits [`DEFAULT_HEADER_READ_TIMEOUT`],
    /// [`DEFAULT_IDLE_TIMEOUT`] and [`DEFAULT_MAX_CONNECTIONS`].
    pub fn new() -> Self {
        ServerConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            storage: Storage::Memory,
            credentials: Vec::new(),
            region: DEFAULT_REGION.to_owned(),
            domains: vec!["localhost".to_owned()],
            restore_delay: Duration::from_secs(1),
            faults: Vec::new(),
            clock_skew: 0,
            md5_etags: true,
            admin_endpoint: false,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            sweep_interval: DEFAULT_SWEEP_INTERVAL,
            sts_min_duration: crate::sts::DEFAULT_MIN_DURATION,
            oidc_tokens: Vec::new(),
        }
    }

    /// Listens on `addr` (port 0 picks a free port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Keeps objects in memory (the default).
    pub fn memory(mut self) -> Self {
        self.storage = Storage::Memory;
        self
    }

    /// Keeps objects in the data directory `dir`, created if needed.
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.storage = Storage::Directory(dir.into());
        self
    }

    /// Accepts these credentials; with a security token they stand for STS temporary
    /// credentials, and requests must carry the token. Replaces the development pair.
    pub fn credential(mut self, credentials: Credentials) -> Self {
        self.credentials.push(credentials);
        self
    }

    /// The region: V4 signatures must be scoped to it, and buckets report it.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Also serves virtual-hosted-style requests for `bucket.domain` (`localhost` is always
    /// one).
    pub fn virtual_host_domain(mut self, domain: impl Into<String>) -> Self {
        self.domains.push(domain.into().to_ascii_lowercase());
        self
    }

    /// How long RestoreObject takes before an archived object can be read.
    pub fn restore_delay(mut self, delay: Duration) -> Self {
        self.restore_delay = delay;
        self
    }

    /// Starts with this fault active.
    pub fn fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }

    /// Starts with the server's clock this many seconds ahead (negative: behind).
    pub fn clock_skew(mut self, seconds: i64) -> Self {
        self.clock_skew = seconds;
        self
    }

    /// Whether objects and parts get MD5 ETags as OSS gives them (the default). MD5 runs at
    /// about 0.5 GB/s on one core, so it bounds the speed of a single upload or part; turned
    /// off, the ETags of uploads, parts and copies are derived from the CRC-64 and the length
    /// instead (still quoted upper-case hex, 32 digits), and `Content-MD5` is still checked
    /// when a client sends it.
    pub fn md5_etags(mut self, on: bool) -> Self {
        self.md5_etags = on;
        self
    }

    /// Serves the admin endpoint `/_oss-server/` (faults and the clock over HTTP, for tests
    /// that drive a server in another process). Off by default. Even on, it answers only
    /// requests signed with one of the server's credentials (checked against the real clock,
    /// not the skewed one), bounds what it takes (a 4 KiB body, delays up to 10 minutes, a
    /// skew of at most 7 days, 100 faults), and exists only in path style: with
    /// `Host: bucket.domain`, `/_oss-server/…` is an object key like any other. The
    /// in-process [`faults`](crate::ServerHandle::faults) and
    /// [`set_clock_skew`](crate::ServerHandle::set_clock_skew) work either way.
    pub fn admin_endpoint(mut self, on: bool) -> Self {
        self.admin_endpoint = on;
        self
    }

    /// How long a client may take to send a request's headers (from the first byte of the
    /// request, or from the end of the previous response on a kept-alive connection, which
    /// therefore closes after this long idle); the connection is closed after that.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long a request body may go without a byte arriving (the request then fails with
    /// `RequestTimeout` and the connection closes), and a response may go without the client
    /// taking a byte (the connection is closed). Slow bodies that keep moving are never cut.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// How many connections are served at once (at least 1); more wait in the listen queue
    /// until one closes.
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = max.max(1);
        self
    }

    /// How often a server with a data directory removes the temporary files of processes
    /// that died (it always does at startup); at least 10 ms.
    pub fn sweep_interval(mut self, interval: Duration) -> Self {
        self.sweep_interval = interval.max(Duration::from_millis(10));
        self
    }

    /// The shortest `DurationSeconds` its STS grants (900 s, STS's own minimum, by default; at
    /// least one second). Tests shorten it to watch temporary credentials expire.
    pub fn sts_min_duration(mut self, duration: Duration) -> Self {
        self.sts_min_duration = duration.max(Duration::from_secs(1));
        self
    }

    /// Lets its STS's `AssumeRoleWithOIDC` accept `token` from the OIDC provider
    /// `provider_arn` (`acs:ram::<account>:oidc-provider/<name>`). The server does not read
    /// JWTs: only tokens configured here are accepted.
    pub fn oidc_token(mut self, provider_arn: impl Into<String>, token: impl Into<String>) -> Self {
        self.oidc_tokens.push(crate::sts::OidcToken {
            provider_arn: provider_arn.into(),
            token: token.into(),
        });
        self
    }

    /// The credentials the server will accept.
    pub fn credentials(&self) -> Vec<Credentials> {
        if self.credentials.is_empty() {
            vec![Credentials::new(DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET)]
        } else {
            self.credentials.clone()
        }
    }
}
