//! The `oss` command: an ossutil-style CLI for Alibaba Cloud OSS, with an embedded local
//! server by default.
//!
//! The binary calls [`run`]. Inside, one module per concept:
//!
//! - `cli`: the command line (clap), with ossutil 2.0's command names;
//! - `config` and `ini`: flags, environment and configuration files (ours and ossutil's);
//! - `embedded`: the local server started in-process when no endpoint is configured;
//! - `context`: the client and printer a command runs with;
//! - `commands`: one module per command family;
//! - `output`, `views`, `units`, `error`: results as text or JSON, exit codes, OSS errors;
//! - `location`, `filter`, `tree`: `oss://` URLs, local paths, include/exclude patterns,
//!   directory and prefix listings;
//! - `transfer`, `batch`, `progress`: moving data through oss-transfer (multipart, ranged,
//!   resumable, bandwidth-limited), many files at a time, progress bars;
//! - `logging`: `--loglevel` and `RUST_LOG`, one line per request.

mod batch;
mod cli;
mod commands;
mod config;
mod context;
mod embedded;
mod error;
mod filter;
mod ini;
mod interrupt;
mod local_key;
mod location;
mod logging;
mod osscmd;
mod output;
mod progress;
mod transfer;
mod tree;
mod units;
mod views;

use std::ffi::OsString;
use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::error::{CliError, Result};
use crate::output::Printer;

/// Runs the command line `args` (the program name first) and returns the exit code: 0 for
/// success, 1 for a failure (or a batch with failed items), 2 for a usage error.
pub fn run(args: Vec<OsString>) -> ExitCode {
    if osscmd::detect(&args) {
        return run_osscmd(&args);
    }
    let cli = match cli::parse(&args) {
        Ok(cli) => cli,
        Err(error) => return usage_error(&args, error),
    };
    let printer = Printer::new(cli.global.output_format);
    finish(
        printer,
        runtime().and_then(|runtime| runtime.block_on(execute(cli))),
    )
}

/// Prints a command-line error (as JSON with `--output-format json`, help and version
/// excepted) and gives its exit code.
fn usage_error(args: &[OsString], error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let code = ExitCode::from(error.exit_code().clamp(0, 255) as u8);
    let informational = matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if informational || !wants_json(args) {
        let _ = error.print();
        return code;
    }
    let message = error.render().to_string();
    let message = message
        .trim()
        .strip_prefix("error: ")
        .unwrap_or(message.trim());
    report(
        Printer::new(output::OutputFormat::Json),
        &CliError::usage(message),
    );
    code
}

/// Whether the command line asks for JSON (`--output-format json` or `=json`), read before
/// it parses.
fn wants_json(args: &[OsString]) -> bool {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    args.iter().enumerate().any(|(i, arg)| {
        arg == "--output-format=json"
            || (arg == "--output-format" && args.get(i + 1).is_some_and(|v| v == "json"))
    })
}

/// Reports how the command ended and gives its exit code (128 + the signal when Ctrl-C or
/// SIGTERM interrupted its transfers).
fn finish(printer: Printer, result: Result<()>) -> ExitCode {
    if let Err(error) = &result {
        report(printer, error);
    }
    if let Some(signal) = interrupt::received() {
        let name = match signal {
            interrupt::SIGTERM => "SIGTERM",
            _ => "Ctrl-C",
        };
        output::notice(format!("interrupted by {name}"));
        return ExitCode::from((128 + signal).clamp(0, 255) as u8);
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => ExitCode::from(error.exit_code()),
    }
}

/// Runs an osscmd command line (see [`osscmd`]).
fn run_osscmd(args: &[OsString]) -> ExitCode {
    let call = match osscmd::parse(args) {
        Ok(call) => call,
        Err(error) => {
            report(Printer::new(output::OutputFormat::Text), &error);
            return ExitCode::from(error.exit_code());
        }
    };
    let printer = Printer::new(call.global.output_format);
    finish(
        printer,
        runtime().and_then(|runtime| runtime.block_on(osscmd::run(call))),
    )
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failed(format!("cannot start the async runtime: {e}")))
}

/// Prints an error on standard error, as text or JSON.
fn report(printer: Printer, error: &CliError) {
    if printer.is_json() {
        let text = serde_json::to_string(&error.to_json()).unwrap_or_default();
        eprintln!("{text}");
    } else {
        output::notice(format!("error: {error}"));
    }
}

/// Starts logging as `--loglevel` (or else `RUST_LOG`) asks.
fn start_logging(network: &cli::NetworkArgs) -> Result<()> {
    let level = network.loglevel.or_else(|| {
        std::env::var("RUST_LOG")
            .ok()
            .and_then(|filter| logging::LogLevel::from_filter(&filter))
    });
    match level {
        Some(level) => logging::install(level, network.log_file.as_deref()),
        None => Ok(()),
    }
}

async fn execute(cli: Cli) -> Result<()> {
    let env = |name: &str| std::env::var(name).ok();
    let printer = Printer::new(cli.global.output_format);
    start_logging(&cli.global.network)?;
    match cli.command {
        Command::Version => {
            commands::version(printer);
            Ok(())
        }
        Command::Hash(args) => commands::hash::run(printer, args),
        Command::Config(args) => commands::configure::run(printer, &cli.global, args, &env),
        Command::Serve(args) => {
            let settings = config::resolve(&cli.global.config, &env)?;
            commands::serve::run(args, settings.local_data_dir()).await
        }
        command => {
            let settings = config::resolve(&cli.global.config, &env)?;
            let ctx = Context::new(settings, printer, cli.global.quiet)
                .with_network(cli.global.network.clone());
            let result = commands::run(&ctx, command).await;
            ctx.shutdown().await;
            result
        }
    }
}
