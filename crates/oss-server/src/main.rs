//! `oss-server`: the local OSS-compatible server as a command.
//!
//! ```text
//! oss-server --listen ADDR (--data-dir DIR | --memory) [--credential AK:SK[:TOKEN]]...
//!            [--credentials-file PATH] [--region REGION] [--domain DOMAIN]...
//!            [--restore-delay SECONDS] [--fault SPEC]... [--clock-skew SECONDS]
//!            [--no-md5-etags] [--admin-endpoint] [--header-timeout SECONDS]
//!            [--idle-timeout SECONDS] [--max-connections N] [--sweep-interval SECONDS]
//! ```
//!
//! The first line on stdout is `listening on http://HOST:PORT`. Credentials come from
//! `--credential` (visible to other users in `ps`), `--credentials-file` and the
//! `OSS_SERVER_CREDENTIALS` environment variable, all added up: one `AK:SK[:TOKEN]` per line
//! (a file: `#` comments and blank lines skipped) or per comma (the variable). Without any
//! the development key pair is accepted and printed.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use oss_auth::Credentials;
use oss_server::faults::Fault;
use oss_server::{ServerConfig, DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET};

const USAGE: &str = "usage: oss-server --listen ADDR (--data-dir DIR | --memory) \
[--credential AK:SK[:TOKEN]]... [--credentials-file PATH] [--region REGION] \
[--domain DOMAIN]... [--restore-delay SECONDS] [--fault SPEC]... [--clock-skew SECONDS] \
[--no-md5-etags] [--admin-endpoint] [--header-timeout SECONDS] [--idle-timeout SECONDS] \
[--max-connections N] [--sweep-interval SECONDS]
environment: OSS_SERVER_CREDENTIALS=AK:SK[:TOKEN][,AK:SK[:TOKEN]]...";

/// The environment variable with credentials, comma- or newline-separated.
const CREDENTIALS_VAR: &str = "OSS_SERVER_CREDENTIALS";

/// One `AK:SK[:TOKEN]` entry.
fn parse_credential(entry: &str, source: &str) -> Result<Credentials, String> {
    let mut parts = entry.trim().splitn(3, ':');
    let (ak, sk) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if ak.is_empty() || sk.is_empty() {
        // The entry itself is not repeated: it may hold a secret.
        return Err(format!(
            "{source}: a credential must be AK:SK or AK:SK:TOKEN"
        ));
    }
    let mut c = Credentials::new(ak, sk);
    if let Some(token) = parts.next().filter(|t| !t.is_empty()) {
        c = c.with_security_token(token);
    }
    Ok(c)
}

/// Every entry of a credentials list: lines (a file) or comma- and newline-separated entries
/// (the variable); blank entries and `#` comment lines are skipped.
fn parse_credentials(text: &str, source: &str, commas: bool) -> Result<Vec<Credentials>, String> {
    text.split(|c| c == '\n' || (commas && c == ','))
        .map(str::trim)
        .filter(|entry| !entry.is_empty() && !entry.starts_with('#'))
        .enumerate()
        .map(|(i, entry)| parse_credential(entry, &format!("{source}, entry {}", i + 1)))
        .collect()
}

/// Reads a credentials file, warning when others may read it.
fn read_credentials_file(path: &str) -> Result<Vec<Credentials>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("--credentials-file: cannot read {path}: {e}"))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(metadata) = std::fs::metadata(path) {
            if metadata.permissions().mode() & 0o077 != 0 {
                eprintln!("oss-server: warning: {path} is open to other users; chmod 600 it");
            }
        }
    }
    parse_credentials(&text, path, false)
}

/// A positive number of seconds.
fn seconds(flag: &str, v: &str) -> Result<Duration, String> {
    v.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s < 1e9)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("{flag}: {v:?} is not a positive number of seconds"))
}

struct Args {
    config: ServerConfig,
    dev_credentials: bool,
}

fn parse_args(
    args: impl Iterator<Item = String>,
    env_credentials: Option<String>,
) -> Result<Args, String> {
    let mut args = args.peekable();
    let mut config = ServerConfig::new();
    let (mut listen, mut storage, mut credentials) = (None, None, 0);
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs {what}"))
        };
        match name.as_str() {
            "--listen" => {
                let v = value("an address")?;
                let addr: SocketAddr = v
                    .parse()
                    .map_err(|_| format!("--listen: {v:?} is not HOST:PORT (an IP address)"))?;
                listen = Some(addr);
            }
            "--data-dir" => storage = Some(Some(value("a directory")?)),
            "--memory" => storage = Some(None),
            "--credential" => {
                config =
                    config.credential(parse_credential(&value("AK:SK[:TOKEN]")?, "--credential")?);
                credentials += 1;
            }
            "--credentials-file" => {
                for c in read_credentials_file(&value("a file")?)? {
                    config = config.credential(c);
                    credentials += 1;
                }
            }
            "--admin-endpoint" => config = config.admin_endpoint(true),
            "--header-timeout" => {
                config =
                    config.header_read_timeout(seconds("--header-timeout", &value("seconds")?)?)
            }
            "--idle-timeout" => {
                config = config.idle_timeout(seconds("--idle-timeout", &value("seconds")?)?)
            }
            "--sweep-interval" => {
                config = config.sweep_interval(seconds("--sweep-interval", &value("seconds")?)?)
            }
            "--max-connections" => {
                let v = value("a number")?;
                let n =
                    v.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("--max-connections: {v:?} is not a positive number")
                    })?;
                config = config.max_connections(n);
            }
            "--region" => config = config.region(value("a region")?),
            "--domain" => config = config.virtual_host_domain(value("a domain")?),
            "--restore-delay" => {
                let v = value("seconds")?;
                let secs: f64 = v
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite() && *s >= 0.0)
                    .ok_or_else(|| format!("--restore-delay: {v:?} is not a number of seconds"))?;
                config = config.restore_delay(Duration::from_secs_f64(secs));
            }
            "--fault" => {
                let fault: Fault = value("a fault spec")?.parse().map_err(|e| format!("{e}"))?;
                config = config.fault(fault);
            }
            "--clock-skew" => {
                let v = value("seconds")?;
                let secs: i64 = v
                    .parse()
                    .map_err(|_| format!("--clock-skew: {v:?} is not a number of seconds"))?;
                config = config.clock_skew(secs);
            }
            "--no-md5-etags" => config = config.md5_etags(false),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    if let Some(text) = env_credentials {
        for c in parse_credentials(&text, CREDENTIALS_VAR, true)? {
            config = config.credential(c);
            credentials += 1;
        }
    }
    let listen = listen.ok_or_else(|| format!("--listen is required\n{USAGE}"))?;
    config = config.listen(listen);
    config = match storage {
        Some(Some(dir)) => config.data_dir(dir),
        Some(None) => config.memory(),
        None => return Err(format!("--data-dir DIR or --memory is required\n{USAGE}")),
    };
    Ok(Args {
        config,
        dev_credentials: credentials == 0,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let env_credentials = std::env::var(CREDENTIALS_VAR).ok();
    let args = match parse_args(std::env::args().skip(1), env_credentials) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let server = match args.config.start().await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("oss-server: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Write errors are ignored: whoever started us may stop reading after the first line.
    let mut out = std::io::stdout();
    let _ = writeln!(out, "listening on {}", server.endpoint());
    if args.dev_credentials {
        let _ = writeln!(
            out,
            "development credentials: {DEV_ACCESS_KEY_ID}:{DEV_ACCESS_KEY_SECRET}"
        );
    }
    let _ = writeln!(out, "region: {}", server.region());
    let _ = out.flush();
    let stop = async {
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
    };
    stop.await;
    server.shutdown().await;
    ExitCode::SUCCESS
}
