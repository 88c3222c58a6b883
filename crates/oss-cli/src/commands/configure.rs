//! `config`: shows and writes the configuration file (see [`crate::config`]).
//!
//! - `oss config` with configuration flags (`--region`, `--access-key-id`, …) writes them to
//!   the profile; without any, it asks for each setting when standard input is a terminal,
//!   and shows the configuration otherwise;
//! - `oss config show | get KEY | set KEY VALUE | unset KEY | list-profiles | path`.
//!
//! Secrets (the access key secret, the STS token) are never printed: `show` and `get` say
//! only whether they are set, and the interactive form reads them without echo.

use std::io::{BufRead, IsTerminal, Write};

use clap::{Args, Subcommand};
use serde_json::json;

use crate::cli::GlobalArgs;
use crate::config::{self, ConfigFlags, Env, Field, Settings};
use crate::error::{CliError, Result};
use crate::output::Printer;

/// `oss config [ACTION]`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// What to do (default: write the given flags, ask, or show).
    #[command(subcommand)]
    pub action: Option<ConfigAction>,
}

/// The actions of `oss config`.
#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Show every setting and where it comes from (secrets redacted).
    Show,
    /// Print one setting (a secret only as `<redacted>`).
    Get {
        /// The setting (`endpoint`, `region`, `access-key-id`, …).
        key: String,
    },
    /// Write one setting to the profile (`-` reads the value from standard input).
    Set {
        /// The setting.
        key: String,
        /// The value.
        value: String,
    },
    /// Remove one setting from the profile.
    Unset {
        /// The setting.
        key: String,
    },
    /// List the profiles of the configuration file.
    ListProfiles,
    /// Print the path of the configuration file `oss config` writes.
    Path,
}

/// The text shown instead of a secret.
pub const REDACTED: &str = "<redacted>";

fn field(key: &str) -> Result<Field> {
    Field::from_key(key).ok_or_else(|| {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        CliError::usage(format!(
            "unknown setting {key:?}: expected one of {}",
            names.join(", ")
        ))
    })
}

fn shown(field: Field, value: &str) -> String {
    if field.is_secret() {
        REDACTED.to_owned()
    } else {
        value.to_owned()
    }
}

fn profile(flags: &ConfigFlags, env: Env<'_>) -> String {
    flags
        .profile
        .clone()
        .or_else(|| env(config::ENV_PROFILE).filter(|p| !p.is_empty()))
        .unwrap_or_else(|| "default".to_owned())
}

/// Runs `config`.
pub fn run(out: Printer, global: &GlobalArgs, args: ConfigArgs, env: Env<'_>) -> Result<()> {
    let flags = &global.config;
    let path = config::config_file_to_write(flags, env)?;
    let profile = profile(flags, env);
    match args.action {
        Some(ConfigAction::Show) => show(out, &config::resolve(flags, env)?),
        Some(ConfigAction::Get { key }) => {
            let field = field(&key)?;
            let settings = config::resolve(flags, env)?;
            let value = settings.get(field).map(|v| shown(field, v));
            out.emit(json!({ field.name(): value }), || {
                value.clone().unwrap_or_default()
            });
            if value.is_none() {
                return Err(CliError::failed(format!("{} is not set", field.name())));
            }
            Ok(())
        }
        Some(ConfigAction::Set { key, value }) => {
            let field = field(&key)?;
            let value = if value == "-" {
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .map_err(|e| CliError::io("cannot read standard input", e))?;
                line.trim().to_owned()
            } else {
                value
            };
            check_value(field, &value)?;
            config::write_fields(&path, &profile, &[(field, Some(value))])?;
            out.emit(json!({ "file": path.display().to_string(), "profile": profile, "set": field.name() }), || {
                format!("{} saved to {} (profile {profile})", field.name(), path.display())
            });
            Ok(())
        }
        Some(ConfigAction::Unset { key }) => {
            let field = field(&key)?;
            config::write_fields(&path, &profile, &[(field, None)])?;
            out.emit(json!({ "file": path.display().to_string(), "profile": profile, "unset": field.name() }), || {
                format!("{} removed from {} (profile {profile})", field.name(), path.display())
            });
            Ok(())
        }
        Some(ConfigAction::ListProfiles) => {
            // The file commands read (ossutil's when it is the only one), else the one
            // `oss config` would write.
            let file = config::resolve(flags, env)?.file.unwrap_or(path);
            let profiles = if file.exists() {
                config::list_profiles(&file)?
            } else {
                Vec::new()
            };
            out.emit(json!({ "profiles": profiles }), || profiles.join("\n"));
            Ok(())
        }
        Some(ConfigAction::Path) => {
            out.emit(json!({ "file": path.display().to_string() }), || {
                path.display().to_string()
            });
            Ok(())
        }
        None => {
            let given: Vec<(Field, Option<String>)> = Field::ALL
                .iter()
                .filter_map(|&field| given_flag(flags, field).map(|v| (field, Some(v))))
                .collect();
            if !given.is_empty() {
                for (field, value) in &given {
                    check_value(*field, value.as_deref().unwrap_or_default())?;
                }
                config::write_fields(&path, &profile, &given)?;
                let names: Vec<&str> = given.iter().map(|(f, _)| f.name()).collect();
                out.emit(
                    json!({ "file": path.display().to_string(), "profile": profile, "set": names }),
                    || {
                        format!(
                            "Your configuration is saved into {} (profile {profile}: {})",
                            path.display(),
                            names.join(", ")
                        )
                    },
                );
                Ok(())
            } else if std::io::stdin().is_terminal() && !out.is_json() {
                interactive(&path, &profile, flags, env)
            } else {
                show(out, &config::resolve(flags, env)?)
            }
        }
    }
}

/// Refuses a value that can only fail later: a signature version other than 4 or 1, an
/// endpoint with spaces in it.
fn check_value(field: Field, value: &str) -> Result<()> {
    match field {
        Field::SignatureVersion if config::SignatureVersion::parse(value).is_none() => Err(
            CliError::usage(format!("signature-version {value:?}: expected 4 or 1")),
        ),
        Field::Endpoint if value.trim().is_empty() || value.contains(char::is_whitespace) => {
            // The example host comes from the vendor vocabulary, like every endpoint form.
            let example = oss_client::model::dialect::Dialect::OSS.public_endpoint("cn-hangzhou");
            Err(CliError::usage(format!(
                "endpoint {value:?}: expected a host name or a URL (`{example}`, \
                 `http://127.0.0.1:9000`)"
            )))
        }
        _ => Ok(()),
    }
}

fn given_flag(flags: &ConfigFlags, field: Field) -> Option<String> {
    match field {
        Field::Endpoint => flags.endpoint.clone(),
        Field::Region => flags.region.clone(),
        Field::AccessKeyId => flags.access_key_id.clone(),
        Field::AccessKeySecret => flags.access_key_secret.clone(),
        Field::StsToken => flags.sts_token.clone(),
        Field::SignatureVersion => flags.signature_version.map(|v| match v {
            config::SignatureVersion::V4 => "4".to_owned(),
            config::SignatureVersion::V1 => "1".to_owned(),
        }),
        Field::LocalDataDir => flags
            .local_data_dir
            .as_ref()
            .map(|p| p.display().to_string()),
    }
}

/// Prints the resolved configuration.
pub fn show(out: Printer, settings: &Settings) -> Result<()> {
    let mut values = serde_json::Map::new();
    let mut text = String::new();
    for field in Field::ALL {
        let value = settings.get(field).map(|v| shown(field, v));
        let source = settings.source(field).map(|s| s.describe());
        values.insert(
            field.name().to_owned(),
            json!({ "value": value, "source": source }),
        );
        let value = value.unwrap_or_else(|| "(not set)".to_owned());
        let source = source.map_or(String::new(), |s| format!("  ({s})"));
        text.push_str(&format!("{:18} = {value}{source}\n", field.name()));
    }
    let file = settings.file.as_ref().map(|p| p.display().to_string());
    text.push_str(&format!(
        "{:18} = {}\n{:18} = {}\n",
        "file",
        file.clone().unwrap_or_else(|| "(none)".to_owned()),
        "profile",
        settings.profile
    ));
    if settings.is_embedded() {
        text.push_str(&format!(
            "no endpoint or region: commands use the embedded local server over {}\n",
            settings.local_data_dir().display()
        ));
    }
    out.emit(
        json!({
            "settings": values,
            "file": file,
            "profile": settings.profile,
            "embedded": settings.is_embedded(),
        }),
        || text,
    );
    Ok(())
}

/// Turns the terminal's echo off and on again with `stty` on standard input (no unsafe
/// terminal calls in this crate).
struct EchoOff;

impl EchoOff {
    /// Turns echo off; whether it worked.
    fn start() -> bool {
        Self::stty("-echo")
    }

    fn stop() {
        Self::stty("echo");
    }

    fn stty(setting: &str) -> bool {
        std::process::Command::new("stty")
            .arg(setting)
            .stdin(std::process::Stdio::inherit())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    }
}

fn interactive(
    path: &std::path::Path,
    profile: &str,
    flags: &ConfigFlags,
    env: Env<'_>,
) -> Result<()> {
    let current = config::resolve(flags, env).ok();
    let stdin = std::io::stdin();
    let mut fields = Vec::new();
    eprintln!(
        "Configuring profile {profile} in {} (Enter keeps the current value; '-' clears it).",
        path.display()
    );
    for field in [
        Field::Region,
        Field::Endpoint,
        Field::AccessKeyId,
        Field::AccessKeySecret,
        Field::StsToken,
    ] {
        let now = current
            .as_ref()
            .and_then(|s| s.get(field))
            .map(|v| shown(field, v))
            .unwrap_or_default();
        // A secret is typed without echo (the terminal shows nothing, as for a password);
        // echo goes off before the prompt, so that nothing typed ahead of it shows either.
        let echo_off = field.is_secret() && EchoOff::start();
        eprint!("{} [{now}]: ", field.name());
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        let read = stdin.lock().read_line(&mut line);
        if echo_off {
            EchoOff::stop();
            eprintln!();
        }
        read.map_err(|e| CliError::io("cannot read standard input", e))?;
        match line.trim() {
            "" => {}
            "-" => fields.push((field, None)),
            value => fields.push((field, Some(value.to_owned()))),
        }
    }
    config::write_fields(path, profile, &fields)?;
    eprintln!("Your configuration is saved into {}", path.display());
    Ok(())
}
