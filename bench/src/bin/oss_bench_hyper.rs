//! `oss-bench-hyper`: the benchmark scenarios as bare signed requests over hyper (the
//! server's ceiling), `loopback --size N --concurrency N` (the TCP ceiling), and the floor
//! programs of [`oss_bench::floor`]: `floor-upload --file PATH --concurrency N`,
//! `floor-download --output PATH --size N --concurrency N`, `floor-crc64 --size N` (and
//! `floor-peer`, the other end of a floor transfer, which they start themselves).

use std::process::ExitCode;

use oss_bench::args::{Command, Options};
use oss_bench::floor::{self, Peer, PeerRole};
use oss_bench::{hyper_client, run_measured};

const CLIENT: &str = "hyper";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let subcommand = args.first().map(String::as_str).unwrap_or("");
    let ok = if subcommand == "loopback" || subcommand.starts_with("floor-") {
        let options = match Options::parse(args[1..].to_vec()) {
            Ok(options) => options,
            Err(error) => return usage(&error),
        };
        match run_tool(subcommand, &options) {
            Ok(ok) => ok,
            Err(error) => return usage(&error),
        }
    } else {
        let command = match Command::parse(args) {
            Ok(command) => command,
            Err(error) => return usage(&error),
        };
        run_measured(CLIENT, command.scenario.name(), || {
            hyper_client::run(&command.scenario, &command.target)
        })
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Runs the loopback ceiling or a floor program; `Err` for a usage error.
fn run_tool(subcommand: &str, options: &Options) -> Result<bool, String> {
    let concurrency = || options.count("concurrency");
    Ok(match subcommand {
        "loopback" => {
            let (size, concurrency) = (options.number("size")?, concurrency()?);
            run_measured("loopback", "loopback", || async move {
                hyper_client::loopback(size, concurrency)
            })
        }
        "floor-peer" => {
            let role = PeerRole::parse(options.text("role")?)?;
            let (size, concurrency) = (options.number("size")?, concurrency()?);
            match floor::serve_peer(role, size, concurrency) {
                Ok(()) => true,
                Err(error) => {
                    eprintln!("floor-peer: {error}");
                    false
                }
            }
        }
        "floor-upload" => {
            let file = std::path::PathBuf::from(options.text("file")?);
            let concurrency = concurrency()?;
            let size = std::fs::metadata(&file)
                .map_err(|e| format!("{}: {e}", file.display()))?
                .len();
            with_peer(PeerRole::Sink, size, concurrency, "floor-upload", |peer| {
                floor::upload(&file, peer, concurrency)
            })
        }
        "floor-download" => {
            let output = std::path::PathBuf::from(options.text("output")?);
            let (size, concurrency) = (options.number("size")?, concurrency()?);
            with_peer(
                PeerRole::Source,
                size,
                concurrency,
                "floor-download",
                |peer| floor::download(&output, size, peer, concurrency),
            )
        }
        "floor-crc64" => {
            let size = options.number("size")?;
            run_measured("floor", "floor-crc64", || async move { floor::crc64(size) })
        }
        other => return Err(format!("unknown subcommand {other}")),
    })
}

/// Starts the other end, then measures `work` against it.
fn with_peer(
    role: PeerRole,
    size: u64,
    concurrency: usize,
    scenario: &str,
    work: impl FnOnce(std::net::SocketAddr) -> Result<oss_bench::measure::Outcome, String>,
) -> bool {
    let program = match std::env::current_exe() {
        Ok(program) => program,
        Err(error) => {
            eprintln!("{scenario}: {error}");
            return false;
        }
    };
    let peer = match Peer::start(&program, role, size, concurrency) {
        Ok(peer) => peer,
        Err(error) => {
            eprintln!("{scenario}: {error}");
            return false;
        }
    };
    let address = peer.address;
    let measured = run_measured("floor", scenario, || async move { work(address) });
    match peer.finish() {
        Ok(()) => measured,
        Err(error) => {
            eprintln!("{scenario}: {error}");
            false
        }
    }
}

fn usage(error: &str) -> ExitCode {
    eprintln!(
        "oss-bench-hyper: {error}\nusage: oss-bench-hyper SCENARIO|loopback|floor-upload|floor-download|floor-crc64 --name value ..."
    );
    ExitCode::from(2)
}
