//! The osscmd commands and aliases (the old OSS Python SDK's command line), with osscmd's
//! argument forms: `oss://bucket[/object]` positionals, positional `ls` arguments
//! (`list oss://b/ "" "" 100`), and `--name=value` options with osscmd's names
//! (`--upload_id=…`, `--thread_num=10`, `--acl=private`, `--id`/`--key`/`--host`), mapped onto
//! the native commands.
//!
//! [`detect`] decides whether a command line is osscmd's: a name only osscmd has (`gs`,
//! `put`, `multiupload`, …), or a shared name (`ls`, `mb`, `config`) used with osscmd's
//! forms; `mkdir`, `cat` and `rm` mean the same in both. [`parse`] reads it; `run` does it.

mod multipart;
mod run;

use std::collections::BTreeMap;
use std::ffi::OsString;

use clap::ValueEnum;

use crate::cli::{GlobalArgs, NetworkArgs};
use crate::config::{ConfigFlags, SignatureVersion};
use crate::error::{CliError, Result};
use crate::logging::LogLevel;
use crate::output::OutputFormat;

pub use run::run;

/// An osscmd command (every alias maps to one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Osscmd {
    /// `gs`, `getallbucket`.
    GetAllBucket,
    /// `createbucket`, `cb`, `mb`, `pb`.
    CreateBucket,
    /// `deletebucket`, `db`.
    DeleteBucket,
    /// `deletewholebucket`.
    DeleteWholeBucket,
    /// `getacl`.
    GetAcl,
    /// `setacl`.
    SetAcl,
    /// `ls`, `list`.
    List,
    /// `mkdir`.
    Mkdir,
    /// `listallobject`.
    ListAllObject,
    /// `deleteallobject`.
    DeleteAllObject,
    /// `downloadallobject`, `downloadtodir`.
    DownloadAllObject,
    /// `uploadfromdir`.
    UploadFromDir,
    /// `put`.
    Put,
    /// `upload`.
    Upload,
    /// `get`.
    Get,
    /// `multiget`, `multi_get`.
    MultiGet,
    /// `cat`.
    Cat,
    /// `meta`.
    Meta,
    /// `copy`.
    Copy,
    /// `rm`, `delete`, `del`.
    Rm,
    /// `signurl`, `sign`.
    SignUrl,
    /// `init`.
    Init,
    /// `listpart`.
    ListPart,
    /// `listparts`.
    ListParts,
    /// `getallpartsize`.
    GetAllPartSize,
    /// `cancel`.
    Cancel,
    /// `multiupload`, `multi_upload`, `mp`, `multiup_load`.
    MultiUpload,
    /// `uploadpartfromfile`, `upff`.
    UploadPartFromFile,
    /// `uploadpartfromstring`, `upfs`.
    UploadPartFromString,
    /// `config`.
    Config,
}

/// Every osscmd name and alias.
pub const NAMES: &[(&str, Osscmd)] = &[
    ("gs", Osscmd::GetAllBucket),
    ("getallbucket", Osscmd::GetAllBucket),
    ("createbucket", Osscmd::CreateBucket),
    ("cb", Osscmd::CreateBucket),
    ("mb", Osscmd::CreateBucket),
    ("pb", Osscmd::CreateBucket),
    ("deletebucket", Osscmd::DeleteBucket),
    ("db", Osscmd::DeleteBucket),
    ("deletewholebucket", Osscmd::DeleteWholeBucket),
    ("getacl", Osscmd::GetAcl),
    ("setacl", Osscmd::SetAcl),
    ("ls", Osscmd::List),
    ("list", Osscmd::List),
    ("mkdir", Osscmd::Mkdir),
    ("listallobject", Osscmd::ListAllObject),
    ("deleteallobject", Osscmd::DeleteAllObject),
    ("downloadallobject", Osscmd::DownloadAllObject),
    ("downloadtodir", Osscmd::DownloadAllObject),
    ("uploadfromdir", Osscmd::UploadFromDir),
    ("put", Osscmd::Put),
    ("upload", Osscmd::Upload),
    ("get", Osscmd::Get),
    ("multiget", Osscmd::MultiGet),
    ("multi_get", Osscmd::MultiGet),
    ("cat", Osscmd::Cat),
    ("meta", Osscmd::Meta),
    ("copy", Osscmd::Copy),
    ("rm", Osscmd::Rm),
    ("delete", Osscmd::Rm),
    ("del", Osscmd::Rm),
    ("signurl", Osscmd::SignUrl),
    ("sign", Osscmd::SignUrl),
    ("init", Osscmd::Init),
    ("listpart", Osscmd::ListPart),
    ("listparts", Osscmd::ListParts),
    ("getallpartsize", Osscmd::GetAllPartSize),
    ("cancel", Osscmd::Cancel),
    ("multiupload", Osscmd::MultiUpload),
    ("multi_upload", Osscmd::MultiUpload),
    ("mp", Osscmd::MultiUpload),
    ("multiup_load", Osscmd::MultiUpload),
    ("uploadpartfromfile", Osscmd::UploadPartFromFile),
    ("upff", Osscmd::UploadPartFromFile),
    ("uploadpartfromstring", Osscmd::UploadPartFromString),
    ("upfs", Osscmd::UploadPartFromString),
    ("config", Osscmd::Config),
];

/// Names the native command line has too.
const SHARED: &[&str] = &["ls", "mb", "mkdir", "cat", "rm", "config"];

/// Global options that take a value (to find the command after them).
const GLOBAL_VALUED: &[&str] = &[
    "-e",
    "-i",
    "-k",
    "-t",
    "--loglevel",
    "--log-file",
    "--proxy",
    "--connect-timeout",
    "--read-timeout",
    "--retry-times",
    "--endpoint",
    "--region",
    "--access-key-id",
    "--access-key-secret",
    "--sts-token",
    "--signature-version",
    "--profile",
    "--config-file",
    "--local-data-dir",
    "--output-format",
];

/// Options that are booleans: `--force` alone means `--force=true`.
const BOOLEAN: &[&str] = &["force", "replace", "quiet", "q"];

/// A parsed osscmd command line.
#[derive(Debug)]
pub struct Invocation {
    /// The name as typed.
    pub name: String,
    /// The command.
    pub command: Osscmd,
    /// The positional arguments.
    pub positionals: Vec<String>,
    /// The command's options by normalized name (`upload_id`).
    pub options: BTreeMap<String, String>,
    /// The global options (osscmd's `--id`, `--key`, `--host` included).
    pub global: GlobalArgs,
}

fn normalize(name: &str) -> String {
    name.trim_start_matches('-')
        .to_ascii_lowercase()
        .replace('-', "_")
}

/// The index of the command in `args` (after the program name and global options).
fn command_index(args: &[String]) -> Option<usize> {
    let mut i = 1;
    while i < args.len() {
        let arg = &args[i];
        if GLOBAL_VALUED.contains(&arg.as_str()) {
            i += 2;
        } else if arg.starts_with('-') {
            i += 1;
        } else {
            return Some(i);
        }
    }
    None
}

/// Positional arguments and normalized `(name, value)` options.
type Split = (Vec<String>, Vec<(String, String)>);

/// The tokens after the command, split into positionals and options.
fn split(tokens: &[String]) -> Result<Split> {
    let mut positionals = Vec::new();
    let mut options = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        i += 1;
        if token == "-q" {
            options.push(("quiet".to_owned(), "true".to_owned()));
        } else if token.len() > 1 && token.starts_with('-') && !token.starts_with("--") {
            return Err(CliError::usage(format!("unknown option {token}")));
        } else if let Some(rest) = token.strip_prefix("--").filter(|r| !r.is_empty()) {
            let (name, value) = match rest.split_once('=') {
                Some((name, value)) => (normalize(name), value.to_owned()),
                None => {
                    let name = normalize(rest);
                    let takes_next = !BOOLEAN.contains(&name.as_str())
                        && tokens.get(i).is_some_and(|next| !next.starts_with("--"));
                    if takes_next {
                        i += 1;
                        (name, tokens[i - 1].clone())
                    } else if BOOLEAN.contains(&name.as_str()) {
                        (name, "true".to_owned())
                    } else {
                        return Err(CliError::usage(format!(
                            "--{rest} needs a value (--{rest}=VALUE)"
                        )));
                    }
                }
            };
            options.push((name, value));
        } else {
            positionals.push(token.clone());
        }
    }
    Ok((positionals, options))
}

/// Whether `args` (the program name first) is an osscmd command line.
pub fn detect(args: &[OsString]) -> bool {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let Some(index) = command_index(&args) else {
        return false;
    };
    let name = args[index].as_str();
    if !NAMES.iter().any(|(n, _)| *n == name) {
        return false;
    }
    if !SHARED.contains(&name) {
        return true;
    }
    let Ok((positionals, options)) = split(&args[index + 1..]) else {
        return false;
    };
    let has = |names: &[&str]| options.iter().any(|(n, _)| names.contains(&n.as_str()));
    match name {
        "ls" => positionals.len() > 1 || has(&["marker", "maker", "maxkeys", "encoding_type"]),
        "mb" => {
            has(&["location"])
                || positionals
                    .first()
                    .is_some_and(|p| !p.starts_with("oss://"))
        }
        "config" => has(&["id", "key", "host", "sts_token"]),
        _ => false,
    }
}

/// The options each command takes (besides the global ones).
fn allowed(command: Osscmd) -> &'static [&'static str] {
    match command {
        Osscmd::CreateBucket => &["acl", "location"],
        Osscmd::SetAcl => &["acl"],
        Osscmd::List => &["marker", "maker", "delimiter", "maxkeys", "encoding_type"],
        Osscmd::DeleteAllObject | Osscmd::DeleteWholeBucket => &["force"],
        Osscmd::DownloadAllObject => &["replace", "thread_num"],
        Osscmd::UploadFromDir => &["check_point", "check_point_file", "replace", "thread_num"],
        Osscmd::Put => &["content_type", "headers"],
        Osscmd::Upload => &["content_type", "headers", "thread_num"],
        Osscmd::MultiGet => &["thread_num"],
        Osscmd::Copy => &["headers"],
        Osscmd::SignUrl => &["timeout"],
        Osscmd::ListPart | Osscmd::Cancel => &["upload_id"],
        Osscmd::MultiUpload => &[
            "upload_id",
            "thread_num",
            "max_part_num",
            "content_type",
            "headers",
        ],
        Osscmd::UploadPartFromFile => &["upload_id", "part_number"],
        Osscmd::UploadPartFromString => &["upload_id", "part_number", "data"],
        _ => &[],
    }
}

/// Parses an osscmd command line (the program name first).
pub fn parse(args: &[OsString]) -> Result<Invocation> {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let index = command_index(&args).ok_or_else(|| CliError::usage("no command"))?;
    let name = args[index].clone();
    let command = NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| *c)
        .ok_or_else(|| CliError::usage(format!("unknown osscmd command {name:?}")))?;
    // Global options before the command are read the same way as after it.
    let mut tokens: Vec<String> = args[1..index].to_vec();
    tokens.extend_from_slice(&args[index + 1..]);
    let (positionals, pairs) = split(&tokens)?;
    let mut config = ConfigFlags::default();
    let mut output_format = OutputFormat::Text;
    let mut quiet = false;
    let mut network = NetworkArgs::default();
    let mut options = BTreeMap::new();
    for (option, value) in pairs {
        match option.as_str() {
            "id" | "access_key_id" => config.access_key_id = Some(value),
            "key" | "access_key_secret" => config.access_key_secret = Some(value),
            // osscmd's `--host` is a host name it spoke plain HTTP to.
            "host" if !value.contains("://") => config.endpoint = Some(format!("http://{value}")),
            "host" | "endpoint" => config.endpoint = Some(value),
            "proxy" => network.proxy = Some(value),
            "loglevel" => {
                network.loglevel = Some(LogLevel::from_str(&value, true).map_err(|_| {
                    CliError::usage(format!(
                        "--loglevel {value:?}: expected debug, info, warn, trace or off"
                    ))
                })?)
            }
            "log_file" => network.log_file = Some(value.into()),
            "sts_token" => config.sts_token = Some(value),
            "region" => config.region = Some(value),
            "profile" => config.profile = Some(value),
            "config_file" => config.config_file = Some(value.into()),
            "local_data_dir" => config.local_data_dir = Some(value.into()),
            "signature_version" => {
                config.signature_version =
                    Some(SignatureVersion::parse(&value).ok_or_else(|| {
                        CliError::usage(format!("--signature-version {value:?}: expected 4 or 1"))
                    })?)
            }
            "output_format" => {
                output_format = match value.as_str() {
                    "text" => OutputFormat::Text,
                    "json" => OutputFormat::Json,
                    _ => return Err(CliError::usage("--output-format: expected text or json")),
                }
            }
            "quiet" | "q" => quiet = value != "false",
            other if allowed(command).contains(&other) => {
                options.insert(option, value);
            }
            other => {
                return Err(CliError::usage(format!(
                    "{name}: unknown option --{other} (it takes {})",
                    if allowed(command).is_empty() {
                        "no options".to_owned()
                    } else {
                        allowed(command)
                            .iter()
                            .map(|o| format!("--{o}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                )))
            }
        }
    }
    Ok(Invocation {
        name,
        command,
        positionals,
        options,
        global: GlobalArgs {
            config,
            output_format,
            quiet,
            network,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<OsString> {
        std::iter::once("oss")
            .chain(line.split_whitespace())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn detection() {
        assert!(detect(&args("gs")));
        assert!(detect(&args("--endpoint http://x put a oss://b/k")));
        assert!(detect(&args("list oss://b/")));
        assert!(detect(&args("ls oss://b/ m / 10")));
        assert!(detect(&args("ls oss://b/ --maxkeys=10")));
        assert!(!detect(&args("ls oss://b/")));
        assert!(!detect(&args("ls -r oss://b/")));
        assert!(detect(&args("mb mybucket")));
        assert!(detect(&args("mb oss://b --location=oss-cn-hangzhou")));
        assert!(!detect(&args("mb oss://bucket --acl=private")));
        assert!(detect(&args("config --id=a --key=b")));
        assert!(!detect(&args("config show")));
        assert!(!detect(&args("cp a oss://b/")));
        assert!(!detect(&args("rm oss://b/k")));
    }

    #[test]
    fn parsing() {
        let call = parse(&args(
            "--id=AK mp /tmp/f oss://b/o --upload_id=X --thread-num 5 --key SK",
        ))
        .unwrap();
        assert_eq!(call.command, Osscmd::MultiUpload);
        assert_eq!(call.positionals, ["/tmp/f", "oss://b/o"]);
        assert_eq!(call.options["upload_id"], "X");
        assert_eq!(call.options["thread_num"], "5");
        assert_eq!(call.global.config.access_key_id.as_deref(), Some("AK"));
        assert_eq!(call.global.config.access_key_secret.as_deref(), Some("SK"));
        let call = parse(&args("deletewholebucket --force oss://b")).unwrap();
        assert_eq!(call.options["force"], "true");
        assert_eq!(call.positionals, ["oss://b"]);
        assert!(parse(&args("put a oss://b/k --bogus=1")).is_err());
        assert!(parse(&args("listpart oss://b/k --upload_id")).is_err());
    }
}
