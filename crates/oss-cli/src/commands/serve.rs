//! `serve`: runs the local OSS-compatible server (the oss-server library) in the
//! foreground, with the options of the `oss-server` command. By default it listens on
//! `127.0.0.1:9000` over the embedded default's data directory, so what commands wrote
//! through the embedded server is served, and presigned URLs made without an endpoint work.
//!
//! The first line on standard output is `listening on http://HOST:PORT`. Without
//! `--credential` the server accepts the data directory's own key pair (see
//! [`crate::local_key`]; with `--memory`, the default data directory's), whose secret stays
//! in its file: only the access key id and the file are printed.
//!
//! The server's admin endpoint (faults and clock changes over HTTP) is never turned on;
//! faults and a clock skew can only be given at start, explicitly, with `--fault` and
//! `--clock-skew`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use oss_server::faults::Fault;
use oss_server::ServerConfig;

use crate::embedded;
use crate::error::{CliError, Result};
use crate::local_key;

/// `oss serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on (port 0 picks a free one).
    #[arg(long, default_value = embedded::DEFAULT_SERVE_ADDR, value_name = "ADDR")]
    pub listen: SocketAddr,
    /// Keep objects in memory instead of a data directory.
    #[arg(long, conflicts_with = "data_dir")]
    pub memory: bool,
    /// Keep objects in this directory (default: the embedded default's data directory).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Accept this key pair (repeatable); with a TOKEN it stands for STS credentials.
    /// Without any, the data directory's own key pair is accepted (its file is printed).
    #[arg(long, value_name = "AK:SK[:TOKEN]")]
    pub credential: Vec<String>,
    /// The region V4 signatures must be scoped to.
    #[arg(long, default_value = embedded::REGION)]
    pub region: String,
    /// Also serve virtual-hosted style `bucket.DOMAIN` (repeatable).
    #[arg(long, value_name = "DOMAIN")]
    pub domain: Vec<String>,
    /// How long RestoreObject takes, in seconds.
    #[arg(long, value_name = "SECONDS")]
    pub restore_delay: Option<f64>,
    /// Start with a fault (`error=503,op=GetObject,times=2`; repeatable).
    #[arg(long, value_name = "SPEC")]
    pub fault: Vec<String>,
    /// Run the server's clock this many seconds ahead (negative: behind).
    #[arg(long, value_name = "SECONDS", allow_hyphen_values = true)]
    pub clock_skew: Option<i64>,
    /// CRC-based ETags for simple uploads instead of MD5 (faster).
    #[arg(long)]
    pub no_md5_etags: bool,
}

/// The server configuration the arguments describe; `default_dir` is used without
/// `--memory` or `--data-dir`. Without `--credential`, also the access key id of the local
/// key pair it accepts, and the file that holds the pair.
pub fn server_config(
    args: &ServeArgs,
    default_dir: PathBuf,
) -> Result<(ServerConfig, Option<(String, PathBuf)>)> {
    let mut config = ServerConfig::new()
        .listen(args.listen)
        .region(&args.region)
        .md5_etags(!args.no_md5_etags);
    let data_dir = args.data_dir.clone().unwrap_or(default_dir);
    config = if args.memory {
        config.memory()
    } else {
        embedded::prepare_data_dir(&data_dir)?;
        config.data_dir(&data_dir)
    };
    let mut key_file = None;
    for credential in &args.credential {
        let mut parts = credential.splitn(3, ':');
        let (id, secret) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        if id.is_empty() || secret.is_empty() {
            return Err(CliError::usage("--credential must be AK:SK or AK:SK:TOKEN"));
        }
        let mut credentials = oss_auth::Credentials::new(id, secret);
        if let Some(token) = parts.next().filter(|t| !t.is_empty()) {
            credentials = credentials.with_security_token(token);
        }
        config = config.credential(credentials);
    }
    for domain in &args.domain {
        config = config.virtual_host_domain(domain);
    }
    if let Some(seconds) = args.restore_delay {
        if !(seconds.is_finite() && seconds >= 0.0) {
            return Err(CliError::usage(
                "--restore-delay must be a number of seconds",
            ));
        }
        config = config.restore_delay(Duration::from_secs_f64(seconds));
    }
    for spec in &args.fault {
        let fault: Fault = spec
            .parse()
            .map_err(|e| CliError::usage(format!("--fault {spec:?}: {e}")))?;
        config = config.fault(fault);
    }
    if let Some(skew) = args.clock_skew {
        config = config.clock_skew(skew);
    }
    if args.credential.is_empty() {
        let credentials = local_key::load_or_create(&data_dir)?;
        key_file = Some((
            credentials.access_key_id().to_owned(),
            local_key::path(&data_dir),
        ));
        config = config.credential(credentials);
    }
    Ok((config, key_file))
}

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn run(args: ServeArgs, default_dir: PathBuf) -> Result<()> {
    let (config, key_file) = server_config(&args, default_dir)?;
    let server = config
        .start()
        .await
        .map_err(|e| CliError::failed(format!("cannot start the server: {e}")))?;
    let mut out = std::io::stdout();
    let _ = writeln!(out, "listening on {}", server.endpoint());
    if let Some((id, file)) = key_file {
        let _ = writeln!(
            out,
            "access key id: {id} (the key pair is in {})",
            file.display()
        );
    }
    let _ = writeln!(out, "region: {}", server.region());
    let _ = out.flush();
    wait_for_stop().await;
    server.shutdown().await;
    Ok(())
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
