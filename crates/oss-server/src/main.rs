//! `oss-server`: the local OSS-compatible server as a command.
//!
//! ```text
//! oss-server --listen ADDR (--data-dir DIR | --memory) [--credential AK:SK[:TOKEN]]...
//!            [--region REGION] [--domain DOMAIN]... [--restore-delay SECONDS]
//!            [--fault SPEC]... [--clock-skew SECONDS] [--no-md5-etags]
//! ```
//!
//! The first line on stdout is `listening on http://HOST:PORT`. Without `--credential` the
//! development key pair is accepted and printed.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use oss_auth::Credentials;
use oss_server::faults::Fault;
use oss_server::{ServerConfig, DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET};

const USAGE: &str = "usage: oss-server --listen ADDR (--data-dir DIR | --memory) \
[--credential AK:SK[:TOKEN]]... [--region REGION] [--domain DOMAIN]... \
[--restore-delay SECONDS] [--fault SPEC]... [--clock-skew SECONDS] [--no-md5-etags]";

struct Args {
    config: ServerConfig,
    dev_credentials: bool,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Args, String> {
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
                let v = value("AK:SK[:TOKEN]")?;
                let mut parts = v.splitn(3, ':');
                let (ak, sk) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                if ak.is_empty() || sk.is_empty() {
                    return Err("--credential must be AK:SK or AK:SK:TOKEN".to_owned());
                }
                let mut c = Credentials::new(ak, sk);
                if let Some(token) = parts.next().filter(|t| !t.is_empty()) {
                    c = c.with_security_token(token);
                }
                config = config.credential(c);
                credentials += 1;
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
    let args = match parse_args(std::env::args().skip(1)) {
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
