//! The command line: global options and the commands, with ossutil 2.0's names. Each
//! command's own options are defined beside its code in [`crate::commands`].

use clap::{Args, Parser, Subcommand};

use crate::commands::{
    api, append, bucket, configure, cp, hash, ls, object, presign, probe, props, rm, serve, sync,
};
use crate::config::ConfigFlags;
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

/// Options accepted before or after any command.
#[derive(Debug, Clone, Args)]
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
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a bucket.
    Mb(bucket::MbArgs),
    /// Remove a bucket (`--force` empties it first).
    Rb(bucket::RbArgs),
    /// List buckets, objects (`-r`, `--delimiter`) or multipart uploads (`-m`).
    Ls(ls::LsArgs),
    /// Copy files and objects: local to OSS, OSS to local, OSS to OSS (`-r` for trees).
    Cp(cp::CpArgs),
    /// Make a destination tree match a source tree (`--delete` removes extra files).
    Sync(sync::SyncArgs),
    /// Remove an object, a prefix (`-r`) or multipart uploads (`-m`).
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
    SetProps(props::SetPropsArgs),
    /// Restore archived objects (`-r` for a prefix).
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
}
