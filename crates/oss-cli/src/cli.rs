//! The command line: global options and the commands, with ossutil 2.0's names. Each
//! command's own options are defined beside its code in [`crate::commands`].

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::commands::{
    api, append, bucket, configure, cp, hash, ls, object, presign, probe, props, rm, serve, sync,
};
use crate::config::ConfigFlags;
use crate::logging::LogLevel;
use crate::output::OutputFormat;

/// `oss`: an ossutil-style command for Alibaba Cloud OSS. With no endpoint configured it
/// works on an embedded local server (no account, no network).
#[derive(Debug, Parser)]
#[command(
    name = "oss",
    version,
    about = "An ossutil-style command for Alibaba Cloud OSS, with an embedded local server by default",
    after_help = "The osscmd commands and aliases work too (gs, createbucket, put, get, multiupload, ...); see the README."
)]
pub struct Cli {
    /// Options of every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted before or after any command (shown apart from each command's own).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Configuration (endpoint, credentials, profile).
    #[command(flatten)]
    pub config: ConfigFlags,
    /// How results are printed.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t,
        value_name = "text|json"
    )]
    pub output_format: OutputFormat,
    /// No progress bars and no notices on standard error.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Network and logging settings.
    #[command(flatten)]
    pub network: NetworkArgs,
}

/// How requests are sent and logged (ossutil's names).
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Global options")]
pub struct NetworkArgs {
    /// Log to standard error (or `--log-file`): `debug` shows one line per request (no
    /// secrets); `RUST_LOG` works too.
    #[arg(long, global = true, value_enum, value_name = "LEVEL")]
    pub loglevel: Option<LogLevel>,
    /// Append the log to this file instead of standard error.
    #[arg(long, global = true, value_name = "PATH")]
    pub log_file: Option<PathBuf>,
    /// Send requests through this HTTP proxy (`http://host:port`; without it, `HTTPS_PROXY`,
    /// `HTTP_PROXY` and `NO_PROXY` are honoured).
    #[arg(long, global = true, value_name = "URL")]
    pub proxy: Option<String>,
    /// Seconds to wait for a connection (TCP, proxy tunnel and TLS; default 5).
    #[arg(long, global = true, value_name = "SECONDS", value_parser = seconds_arg)]
    pub connect_timeout: Option<u64>,
    /// Seconds without a byte moving before a request fails (default 20).
    #[arg(long, global = true, value_name = "SECONDS", value_parser = seconds_arg)]
    pub read_timeout: Option<u64>,
    /// Retries after a failed attempt (default 2, so 3 attempts; 0 makes one attempt).
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=500))]
    pub retry_times: Option<u32>,
}

/// A timeout in whole seconds, at least 1.
fn seconds_arg(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(0) => Err("must be at least 1 second".into()),
        Ok(seconds) => Ok(seconds),
        Err(_) => Err(format!("{text:?} is not a whole number of seconds")),
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a bucket.
    Mb(bucket::MbArgs),
    /// Remove a bucket (`--force` empties it first).
    Rb(bucket::RbArgs),
    /// List buckets, objects (`-r`, `--delimiter`) or multipart uploads (`-m`).
    #[command(after_help = "Examples:
  oss ls
  oss ls oss://bucket/photos/
  oss ls -r -s oss://bucket/ --limited-num 100
  oss ls -m oss://bucket/
  oss ls -r --all-versions oss://bucket/docs/ --page-size 100")]
    Ls(ls::LsArgs),
    /// Copy files and objects: local to OSS, OSS to local, OSS to OSS (`-r` for trees).
    #[command(after_help = "Examples:
  oss cp photo.jpg oss://bucket/photos/
  oss cp -r ./site oss://bucket/site/ --exclude '*.tmp' --jobs 4
  oss cp oss://bucket/big.iso . --checkpoint-dir ~/.oss-checkpoints
  oss cp -r oss://bucket/logs/ ./logs --dry-run
  oss cp oss://bucket/report.pdf ./old.pdf --version-id CAEQ...")]
    Cp(cp::CpArgs),
    /// Make a destination tree match a source tree (`--delete` removes extra files).
    #[command(after_help = "Examples:
  oss sync ./site oss://bucket/site/
  oss sync oss://bucket/backup/ ./backup --delete --dry-run
  oss sync ./logs oss://bucket/logs/ --include '*.log' --output-dir ./reports")]
    Sync(sync::SyncArgs),
    /// Remove an object, a prefix (`-r`) or multipart uploads (`-m`).
    #[command(after_help = "Examples:
  oss rm oss://bucket/old.txt
  oss rm -r oss://bucket/tmp/ --dry-run
  oss rm -r -f oss://bucket/tmp/ --include '*.tmp'
  oss rm -m -r oss://bucket/
  oss rm oss://bucket/old.txt --version-id CAEQ...
  oss rm --all-versions -r -f oss://bucket/tmp/")]
    Rm(rm::RmArgs),
    /// Show a bucket's or an object's details.
    Stat(object::StatArgs),
    /// Print an object (or a byte range of it) on standard output.
    Cat(object::CatArgs),
    /// Make a directory object (`dir/`).
    Mkdir(object::MkdirArgs),
    /// Sum the sizes of the objects under a prefix.
    Du(object::DuArgs),
    /// Print a presigned URL.
    Presign(presign::PresignArgs),
    /// Append a file, standard input or an object to an Appendable object.
    Append(append::AppendArgs),
    /// Set objects' ACL, metadata or tags (`-r` for a prefix).
    #[command(after_help = "Examples:
  oss set-props oss://bucket/a.txt --acl public-read
  oss set-props -r oss://bucket/docs/ --meta owner=ops --include '*.pdf' --dry-run
  oss set-props oss://bucket/a.txt --tag team=storage --version-id CAEQ...")]
    SetProps(props::SetPropsArgs),
    /// Restore archived objects (`-r` for a prefix).
    #[command(after_help = "Examples:
  oss restore oss://bucket/cold/backup.tar --days 3
  oss restore -r oss://bucket/cold/ --tier Expedited")]
    Restore(props::RestoreArgs),
    /// Check connectivity, latency and throughput to the endpoint.
    Probe(probe::ProbeArgs),
    /// Call one API operation and print its typed result as JSON.
    Api(api::ApiArgs),
    /// Print the CRC-64 or MD5 of local files, as OSS computes them.
    Hash(hash::HashArgs),
    /// Show or write the configuration.
    Config(configure::ConfigArgs),
    /// Run the local OSS-compatible server in the foreground (the options of `oss-server`).
    Serve(serve::ServeArgs),
    /// Print the versions of this command and of the libraries it is built on.
    Version,
}

/// The global options `oss serve` does not take: the client's (endpoint, credentials,
/// profile, network, output). They are global so that they may come before or after a
/// client command (`oss -e HOST ls`); serve hides them from its help and refuses them.
const CLIENT_ONLY: [&str; 15] = [
    "endpoint",
    "region",
    "access_key_id",
    "access_key_secret",
    "sts_token",
    "signature_version",
    "profile",
    "config_file",
    "local_data_dir",
    "output_format",
    "quiet",
    "proxy",
    "connect_timeout",
    "read_timeout",
    "retry_times",
];

/// The command line's definition, with serve's help free of the client's options.
pub fn command() -> clap::Command {
    let command = Cli::command();
    // clap gives every subcommand the global options it does not define itself: serve
    // defines them, hidden, so that they are neither shown nor taken from the global ones
    // (and `parse` refuses them).
    let hidden: Vec<clap::Arg> = command
        .get_arguments()
        .filter(|arg| arg.is_global_set() && CLIENT_ONLY.contains(&arg.get_id().as_str()))
        .map(|arg| arg.clone().global(false).hide(true))
        .collect();
    command.mut_subcommand("serve", |serve| {
        let own: Vec<String> = serve
            .get_arguments()
            .map(|arg| arg.get_id().to_string())
            .collect();
        serve.args(
            hidden
                .into_iter()
                .filter(|arg| !own.iter().any(|id| id == arg.get_id().as_str())),
        )
    })
}

/// Parses the command line `args` (the program name first).
pub fn parse(args: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    let mut command = command();
    let matches = command.try_get_matches_from_mut(args)?;
    if let Some(("serve", serve)) = matches.subcommand() {
        // `--region` is serve's own too (clap shares a global's value with the subcommand's
        // option of that name).
        if let Some(id) = CLIENT_ONLY
            .iter()
            .filter(|id| **id != "region")
            .find(|id| given(&matches, id) || given(serve, id))
        {
            let flag = format!("--{}", id.replace('_', "-"));
            return Err(command.error(
                clap::error::ErrorKind::ArgumentConflict,
                format!("{flag} is an option of the client commands, not of serve (see oss serve --help)"),
            ));
        }
    }
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))
}

/// Whether the option `id` was given on the command line.
fn given(matches: &ArgMatches, id: &str) -> bool {
    matches.try_get_raw(id).is_ok_and(|raw| raw.is_some())
        && matches.value_source(id) == Some(ValueSource::CommandLine)
}
