//! Configuration: where the endpoint, region, credentials and signing version come from.
//!
//! Highest precedence first:
//!
//! 1. flags: `--endpoint`, `--region`, `--access-key-id`, `--access-key-secret`,
//!    `--sts-token`, `--signature-version 4|1`, `--local-data-dir` (and `--profile`,
//!    `--config-file` to choose what is read below);
//! 2. the environment: `OSS_ENDPOINT`, `OSS_REGION`, `OSS_ACCESS_KEY_ID`,
//!    `OSS_ACCESS_KEY_SECRET`, `OSS_SESSION_TOKEN`, `OSS_SIGNATURE_VERSION`,
//!    `OSS_LOCAL_DATA_DIR` (and `OSS_PROFILE`, `OSS_CONFIG_FILE`);
//! 3. a configuration file: the one `oss config` writes (`$XDG_CONFIG_HOME/oss-rs/config`,
//!    else `~/.config/oss-rs/config`), or else ossutil's `~/.ossutilconfig`. Both are INI
//!    files read the same way: ossutil 2.0's `[default]` and `[profile NAME]` sections (with
//!    `source-profile` inheritance), ossutil 1.x's `[Credentials]` (`endpoint`,
//!    `accessKeyID`, `accessKeySecret`, `stsToken`) and osscmd's `[OSSCredentials]` (`host`,
//!    `accessid`, `accesskey`); keys are case- and separator-insensitive.
//!
//! Each setting is taken from the highest source that has it, except the STS token, which is
//! only taken from the source of the access key id or a higher one (so that a token left in
//! the environment does not ride along with long-term keys given as flags).
//!
//! The embedded local server (see [`crate::embedded`]) is used when asked for
//! (`--endpoint local`), or when nothing at all is configured: no endpoint, no region, no
//! access key and no profile. Credentials without an endpoint or a region are a mistake
//! (missing CI variables, a forgotten region), never a reason to work locally: the command
//! stops and says what to set.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::error::{CliError, Result};
use crate::ini::{normalize_key, Ini};

/// The environment variable naming the configuration file.
pub const ENV_CONFIG_FILE: &str = "OSS_CONFIG_FILE";
/// The environment variable naming the profile.
pub const ENV_PROFILE: &str = "OSS_PROFILE";

/// The configuration flags, accepted before or after any command.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Global options")]
pub struct ConfigFlags {
    /// The endpoint (a region's public endpoint host, `http://127.0.0.1:9000`), or `local`
    /// for the embedded local server.
    #[arg(short = 'e', long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,
    /// The region (`cn-hangzhou`): the V4 signing scope, and the endpoint when none is given.
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// The access key id.
    #[arg(short = 'i', long, global = true, value_name = "ID")]
    pub access_key_id: Option<String>,
    /// The access key secret (prefer the environment or `oss config`: flags show in `ps`).
    #[arg(short = 'k', long, global = true, value_name = "SECRET")]
    pub access_key_secret: Option<String>,
    /// An STS security token.
    #[arg(short = 't', long, global = true, value_name = "TOKEN")]
    pub sts_token: Option<String>,
    /// The signature version: 4 (the default) or 1.
    #[arg(long, global = true, value_enum, value_name = "4|1")]
    pub signature_version: Option<SignatureVersion>,
    /// The profile of the configuration file to use (default: `default`).
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// The configuration file to read (and that `oss config` writes).
    #[arg(long, global = true, value_name = "PATH")]
    pub config_file: Option<PathBuf>,
    /// The data directory of the embedded local server.
    #[arg(long, global = true, value_name = "DIR")]
    pub local_data_dir: Option<PathBuf>,
}

/// The signature version, as given on the command line or in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignatureVersion {
    /// `OSS4-HMAC-SHA256`.
    #[value(name = "4", alias = "v4")]
    V4,
    /// `OSS` (HMAC-SHA1).
    #[value(name = "1", alias = "v1")]
    V1,
}

impl SignatureVersion {
    /// Parses `4`, `v4`, `1`, `v1`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "4" | "v4" => Some(SignatureVersion::V4),
            "1" | "v1" => Some(SignatureVersion::V1),
            _ => None,
        }
    }

    /// The client's form.
    pub fn to_client(self) -> oss_client::SignatureVersion {
        match self {
            SignatureVersion::V4 => oss_client::SignatureVersion::V4,
            SignatureVersion::V1 => oss_client::SignatureVersion::V1,
        }
    }
}

/// A setting of the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// The endpoint.
    Endpoint,
    /// The region.
    Region,
    /// The access key id.
    AccessKeyId,
    /// The access key secret.
    AccessKeySecret,
    /// The STS token.
    StsToken,
    /// The signature version.
    SignatureVersion,
    /// The embedded server's data directory.
    LocalDataDir,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 7] = [
        Field::Endpoint,
        Field::Region,
        Field::AccessKeyId,
        Field::AccessKeySecret,
        Field::StsToken,
        Field::SignatureVersion,
        Field::LocalDataDir,
    ];

    /// The name `oss config` writes.
    pub fn name(self) -> &'static str {
        match self {
            Field::Endpoint => "endpoint",
            Field::Region => "region",
            Field::AccessKeyId => "access-key-id",
            Field::AccessKeySecret => "access-key-secret",
            Field::StsToken => "sts-token",
            Field::SignatureVersion => "signature-version",
            Field::LocalDataDir => "local-data-dir",
        }
    }

    /// The environment variable.
    pub fn env(self) -> &'static str {
        match self {
            Field::Endpoint => "OSS_ENDPOINT",
            Field::Region => "OSS_REGION",
            Field::AccessKeyId => "OSS_ACCESS_KEY_ID",
            Field::AccessKeySecret => "OSS_ACCESS_KEY_SECRET",
            Field::StsToken => "OSS_SESSION_TOKEN",
            Field::SignatureVersion => "OSS_SIGNATURE_VERSION",
            Field::LocalDataDir => "OSS_LOCAL_DATA_DIR",
        }
    }

    /// Whether the value must never be shown.
    pub fn is_secret(self) -> bool {
        matches!(self, Field::AccessKeySecret | Field::StsToken)
    }

    /// The field a file key stands for (any spelling of ossutil 1.x/2.0 and osscmd).
    pub fn from_key(key: &str) -> Option<Field> {
        Some(match normalize_key(key).as_str() {
            "endpoint" | "host" => Field::Endpoint,
            "region" => Field::Region,
            "accesskeyid" | "accessid" => Field::AccessKeyId,
            "accesskeysecret" | "accesskey" | "secretaccesskey" => Field::AccessKeySecret,
            "ststoken" | "securitytoken" | "sessiontoken" => Field::StsToken,
            "signatureversion" | "signversion" => Field::SignatureVersion,
            "localdatadir" => Field::LocalDataDir,
            _ => return None,
        })
    }

    fn flag(self, flags: &ConfigFlags) -> Option<String> {
        match self {
            Field::Endpoint => flags.endpoint.clone(),
            Field::Region => flags.region.clone(),
            Field::AccessKeyId => flags.access_key_id.clone(),
            Field::AccessKeySecret => flags.access_key_secret.clone(),
            Field::StsToken => flags.sts_token.clone(),
            Field::SignatureVersion => flags.signature_version.map(|v| match v {
                SignatureVersion::V4 => "4".to_owned(),
                SignatureVersion::V1 => "1".to_owned(),
            }),
            Field::LocalDataDir => flags
                .local_data_dir
                .as_ref()
                .map(|p| p.display().to_string()),
        }
    }
}

/// Where a setting came from, highest precedence first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// An environment variable.
    Env,
    /// The configuration file.
    File,
    /// The built-in default.
    Default,
}

impl Source {
    /// How `config show` names it.
    pub fn describe(&self) -> &'static str {
        match self {
            Source::Flag => "flag",
            Source::Env => "environment",
            Source::File => "file",
            Source::Default => "default",
        }
    }
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    values: BTreeMap<Field, (String, Source)>,
    /// The configuration file that was read, if any.
    pub file: Option<PathBuf>,
    /// The profile used.
    pub profile: String,
    /// Whether the profile was chosen (`--profile`, `OSS_PROFILE`).
    pub explicit_profile: bool,
}

/// The endpoint that names the embedded local server.
pub const LOCAL_ENDPOINT: &str = "local";

impl Settings {
    /// A setting's value.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.values.get(&field).map(|(v, _)| v.as_str())
    }

    /// A setting's source.
    pub fn source(&self, field: Field) -> Option<&Source> {
        self.values.get(&field).map(|(_, s)| s)
    }

    /// Whether the embedded server is used: `--endpoint local`, or nothing configured (no
    /// endpoint, region, access key or explicit profile).
    pub fn is_embedded(&self) -> bool {
        if let Some(endpoint) = self.get(Field::Endpoint) {
            return endpoint.eq_ignore_ascii_case(LOCAL_ENDPOINT);
        }
        self.get(Field::Region).is_none()
            && self.get(Field::AccessKeyId).is_none()
            && self.get(Field::AccessKeySecret).is_none()
            && !self.explicit_profile
    }

    /// Why the configuration names no service to talk to (credentials or a profile, but no
    /// endpoint and no region), as a message saying what to set; `None` when it does.
    pub fn missing_endpoint(&self) -> Option<String> {
        if self.is_embedded()
            || self.get(Field::Endpoint).is_some()
            || self.get(Field::Region).is_some()
        {
            return None;
        }
        let what = match self
            .source(Field::AccessKeyId)
            .or(self.source(Field::AccessKeySecret))
        {
            Some(source) => format!("an access key is configured ({})", source.describe()),
            None => format!("the profile {:?} is chosen", self.profile),
        };
        Some(format!(
            "{what} but no endpoint and no region: give --region (or OSS_REGION, or `region` \
             in the configuration file) or --endpoint/-e (OSS_ENDPOINT); `--endpoint local` \
             uses the embedded local server"
        ))
    }

    /// The signature version (V4 unless configured).
    pub fn signature_version(&self) -> SignatureVersion {
        self.get(Field::SignatureVersion)
            .and_then(SignatureVersion::parse)
            .unwrap_or(SignatureVersion::V4)
    }

    /// The embedded server's data directory.
    pub fn local_data_dir(&self) -> PathBuf {
        PathBuf::from(self.get(Field::LocalDataDir).unwrap_or("."))
    }
}

/// Looks up environment variables (the process environment, or a map in tests).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

fn var(env: Env<'_>, name: &str) -> Option<String> {
    env(name).filter(|v| !v.trim().is_empty())
}

/// The file `oss config` writes by default: `$XDG_CONFIG_HOME/oss-rs/config`, else
/// `~/.config/oss-rs/config`.
pub fn default_config_path(env: Env<'_>) -> Option<PathBuf> {
    if let Some(dir) = var(env, "XDG_CONFIG_HOME") {
        return Some(PathBuf::from(dir).join("oss-rs/config"));
    }
    var(env, "HOME").map(|home| PathBuf::from(home).join(".config/oss-rs/config"))
}

/// ossutil's configuration file, `~/.ossutilconfig`.
pub fn ossutil_config_path(env: Env<'_>) -> Option<PathBuf> {
    var(env, "HOME").map(|home| PathBuf::from(home).join(".ossutilconfig"))
}

/// The default data directory of the embedded server: `$XDG_DATA_HOME/oss-rs/local`, else
/// `~/.local/share/oss-rs/local`.
pub fn default_data_dir(env: Env<'_>) -> Option<PathBuf> {
    if let Some(dir) = var(env, "XDG_DATA_HOME") {
        return Some(PathBuf::from(dir).join("oss-rs/local"));
    }
    var(env, "HOME").map(|home| PathBuf::from(home).join(".local/share/oss-rs/local"))
}

/// The file `oss config` writes: `--config-file`, `OSS_CONFIG_FILE`, else the file commands
/// read (ours, or ossutil's `~/.ossutilconfig` when only that one exists), else ours.
pub fn config_file_to_write(flags: &ConfigFlags, env: Env<'_>) -> Result<PathBuf> {
    flags
        .config_file
        .clone()
        .or_else(|| var(env, ENV_CONFIG_FILE).map(PathBuf::from))
        .or_else(|| existing_default_file(env))
        .or_else(|| default_config_path(env))
        .ok_or_else(|| {
            CliError::usage("no home directory: give the configuration file with --config-file")
        })
}

/// The file to read: an explicit one (which must exist), else the first default that
/// exists.
fn config_file_to_read(flags: &ConfigFlags, env: Env<'_>) -> Result<Option<PathBuf>> {
    let explicit = flags
        .config_file
        .clone()
        .or_else(|| var(env, ENV_CONFIG_FILE).map(PathBuf::from));
    if let Some(path) = explicit {
        if !path.exists() {
            return Err(CliError::usage(format!(
                "the configuration file {} does not exist",
                path.display()
            )));
        }
        return Ok(Some(path));
    }
    Ok(existing_default_file(env))
}

/// The first default file that exists: ours, then ossutil's.
fn existing_default_file(env: Env<'_>) -> Option<PathBuf> {
    [default_config_path(env), ossutil_config_path(env)]
        .into_iter()
        .flatten()
        .find(|path| path.is_file())
}

/// The section of a profile in files `oss config` writes.
pub fn profile_section(profile: &str) -> String {
    if profile == "default" {
        "default".to_owned()
    } else {
        format!("profile {profile}")
    }
}

/// The values a profile of `ini` gives, following `source-profile`.
fn profile_values(ini: &Ini, profile: &str, explicit: bool) -> Result<BTreeMap<Field, String>> {
    let candidates: Vec<String> = if profile == "default" {
        vec![
            "default".into(),
            "Credentials".into(),
            "OSSCredentials".into(),
        ]
    } else {
        vec![format!("profile {profile}"), profile.to_owned()]
    };
    let Some(section) = candidates.iter().find(|s| ini.has_section(s)) else {
        if explicit {
            return Err(CliError::usage(format!(
                "profile {profile:?} is not in the configuration file"
            )));
        }
        return Ok(BTreeMap::new());
    };
    let mut values = BTreeMap::new();
    for (key, value) in ini.entries(section) {
        if let Some(field) = Field::from_key(key) {
            if !value.is_empty() {
                values.insert(field, value.to_owned());
            }
        }
    }
    if let Some(source) = ini.get(section, "source-profile") {
        if source != profile {
            let inherited = profile_values(ini, source, true)?;
            for (field, value) in inherited {
                values.entry(field).or_insert(value);
            }
        }
    }
    Ok(values)
}

/// Resolves the configuration from flags, the environment and the file.
pub fn resolve(flags: &ConfigFlags, env: Env<'_>) -> Result<Settings> {
    let explicit_profile = flags.profile.clone().or_else(|| var(env, ENV_PROFILE));
    let profile = explicit_profile
        .clone()
        .unwrap_or_else(|| "default".to_owned());
    let file = config_file_to_read(flags, env)?;
    let file_values = match &file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| CliError::io(format!("cannot read {}", path.display()), e))?;
            profile_values(&Ini::parse(&text), &profile, explicit_profile.is_some())?
        }
        None if explicit_profile.is_some() && profile != "default" => {
            return Err(CliError::usage(format!(
                "profile {profile:?}: there is no configuration file"
            )))
        }
        None => BTreeMap::new(),
    };
    let mut values = BTreeMap::new();
    for field in Field::ALL {
        let found = field
            .flag(flags)
            .filter(|v| !v.trim().is_empty())
            .map(|v| (v, Source::Flag))
            .or_else(|| var(env, field.env()).map(|v| (v, Source::Env)))
            .or_else(|| file_values.get(&field).map(|v| (v.clone(), Source::File)));
        if let Some((value, source)) = found {
            values.insert(field, (value.trim().to_owned(), source));
        }
    }
    // The token goes with the access key id's source (or a higher one).
    let id_source = values.get(&Field::AccessKeyId).map(|(_, s)| s.clone());
    if let (Some((_, token_source)), Some(id_source)) = (values.get(&Field::StsToken), id_source) {
        if *token_source > id_source {
            values.remove(&Field::StsToken);
        }
    }
    if let Some((text, _)) = values.get(&Field::SignatureVersion) {
        if SignatureVersion::parse(text).is_none() {
            return Err(CliError::usage(format!(
                "signature version {text:?}: expected 4 or 1"
            )));
        }
    }
    if let std::collections::btree_map::Entry::Vacant(slot) = values.entry(Field::LocalDataDir) {
        let dir = default_data_dir(env).ok_or_else(|| {
            CliError::usage("no home directory: set OSS_LOCAL_DATA_DIR or --local-data-dir")
        })?;
        slot.insert((dir.display().to_string(), Source::Default));
    }
    Ok(Settings {
        values,
        file,
        profile,
        explicit_profile: explicit_profile.is_some(),
    })
}

/// Sets (or with `None`, removes) fields of `profile` in the file at `path`, keeping the
/// rest of the file; the file is created readable by its owner only.
pub fn write_fields(path: &Path, profile: &str, fields: &[(Field, Option<String>)]) -> Result<()> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(CliError::io(format!("cannot read {}", path.display()), e)),
    };
    let mut ini = Ini::parse(&existing);
    // The default profile goes where the file keeps it (ossutil 1.x's `[Credentials]`).
    let section = if profile == "default" {
        ["default", "Credentials", "OSSCredentials"]
            .into_iter()
            .find(|name| ini.has_section(name))
            .unwrap_or("default")
            .to_owned()
    } else {
        profile_section(profile)
    };
    for (field, value) in fields {
        // Drop every spelling of the key first (an ossutil file may say accessKeyID).
        let spellings: Vec<String> = ini
            .entries(&section)
            .into_iter()
            .filter(|(k, _)| Field::from_key(k) == Some(*field))
            .map(|(k, _)| k.to_owned())
            .collect();
        for key in spellings {
            ini.remove(&section, &key);
        }
        if let Some(value) = value {
            ini.set(&section, field.name(), value);
        }
    }
    write_private(path, &ini.to_string())
}

/// Writes `text` to `path` through a temporary file and a rename, mode 0600 on Unix. A
/// symbolic link (a configuration kept elsewhere, in a dotfiles repository) is written
/// through: the link stays, its target gets the new content.
fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let path = &resolve_links(path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::io(format!("cannot create {}", dir.display()), e))?;
    }
    let temporary = path.with_extension(format!("tmp{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    // A new file: nothing planted at the temporary name is written through.
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let _ = std::fs::remove_file(&temporary);
    let result = options
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(text.as_bytes())
                .and_then(|()| file.sync_all())
        })
        .and_then(|()| std::fs::rename(&temporary, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(CliError::io(format!("cannot write {}", path.display()), e));
    }
    Ok(())
}

/// The file `path` names once symbolic links are followed (it may not exist yet).
fn resolve_links(path: &Path) -> Result<PathBuf> {
    let mut current = path.to_path_buf();
    // As many hops as the kernel allows before ELOOP.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let target = std::fs::read_link(&current).map_err(|e| {
                    CliError::io(format!("cannot read the link {}", current.display()), e)
                })?;
                current = match current.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(CliError::failed(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// The profiles a file defines.
pub fn list_profiles(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::io(format!("cannot read {}", path.display()), e))?;
    let ini = Ini::parse(&text);
    Ok(ini
        .sections()
        .into_iter()
        .filter_map(|name| {
            let lower = name.to_ascii_lowercase();
            if lower == "default" || lower == "credentials" || lower == "osscredentials" {
                Some("default".to_owned())
            } else {
                lower
                    .starts_with("profile ")
                    .then(|| name["profile ".len()..].trim().to_owned())
            }
        })
        .fold(Vec::new(), |mut all, name| {
            if !all.contains(&name) {
                all.push(name);
            }
            all
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    fn temp_home(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("oss-cli-config-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn nothing_configured_is_embedded() {
        let env = env_of(&[("HOME", "/home/u")]);
        let settings = resolve(&ConfigFlags::default(), &env).unwrap();
        assert!(settings.is_embedded());
        assert_eq!(
            settings.local_data_dir(),
            PathBuf::from("/home/u/.local/share/oss-rs/local")
        );
        let env = env_of(&[("HOME", "/h"), ("XDG_DATA_HOME", "/d")]);
        let settings = resolve(&ConfigFlags::default(), &env).unwrap();
        assert_eq!(settings.local_data_dir(), PathBuf::from("/d/oss-rs/local"));
    }

    #[test]
    fn flags_beat_environment_beat_file() {
        let home = temp_home("precedence");
        std::fs::write(
            home.join(".ossutilconfig"),
            "[Credentials]\nendpoint=file-endpoint\naccessKeyID=FILEAK\naccessKeySecret=FILESK\nstsToken=FILETOKEN\n",
        )
        .unwrap();
        let home_text = home.display().to_string();
        let env = env_of(&[("HOME", &home_text), ("OSS_ENDPOINT", "env-endpoint")]);
        let settings = resolve(&ConfigFlags::default(), &env).unwrap();
        assert_eq!(settings.get(Field::Endpoint), Some("env-endpoint"));
        assert_eq!(settings.get(Field::AccessKeyId), Some("FILEAK"));
        assert_eq!(settings.get(Field::StsToken), Some("FILETOKEN"));
        assert!(!settings.is_embedded());

        let flags = ConfigFlags {
            endpoint: Some("flag-endpoint".into()),
            access_key_id: Some("FLAGAK".into()),
            access_key_secret: Some("FLAGSK".into()),
            ..ConfigFlags::default()
        };
        let settings = resolve(&flags, &env).unwrap();
        assert_eq!(settings.get(Field::Endpoint), Some("flag-endpoint"));
        assert_eq!(settings.get(Field::AccessKeyId), Some("FLAGAK"));
        // The file's token does not ride along with the flags' key pair.
        assert_eq!(settings.get(Field::StsToken), None);
    }

    #[test]
    fn ossutil2_profiles_and_our_file() {
        let home = temp_home("profiles");
        let ours = home.join(".config/oss-rs/config");
        write_fields(
            &ours,
            "default",
            &[
                (Field::Region, Some("cn-beijing".into())),
                (Field::AccessKeyId, Some("AK".into())),
            ],
        )
        .unwrap();
        std::fs::write(
            home.join("other"),
            "[default]\nregion = r0\n[profile base]\nAccess_Key_Secret = BASESK\n[profile dev]\nsource-profile = base\naccessKeyId = DEVAK\nRegion = cn-shanghai\n",
        )
        .unwrap();
        let home_text = home.display().to_string();
        let env = env_of(&[("HOME", &home_text)]);
        let settings = resolve(&ConfigFlags::default(), &env).unwrap();
        assert_eq!(settings.get(Field::Region), Some("cn-beijing"));
        assert_eq!(settings.file.as_deref(), Some(ours.as_path()));

        let flags = ConfigFlags {
            config_file: Some(home.join("other")),
            profile: Some("dev".into()),
            ..ConfigFlags::default()
        };
        let settings = resolve(&flags, &env).unwrap();
        assert_eq!(settings.get(Field::Region), Some("cn-shanghai"));
        assert_eq!(settings.get(Field::AccessKeyId), Some("DEVAK"));
        assert_eq!(settings.get(Field::AccessKeySecret), Some("BASESK"));
        assert_eq!(
            list_profiles(&home.join("other")).unwrap(),
            ["default", "base", "dev"]
        );
        let missing = ConfigFlags {
            profile: Some("nope".into()),
            ..flags
        };
        assert!(resolve(&missing, &env).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn writes_go_through_a_symlinked_file() {
        use std::os::unix::fs::PermissionsExt;
        let home = temp_home("symlink");
        let target = home.join("dotfiles/oss-config");
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, "[default]\n").unwrap();
        let link = home.join("config");
        std::os::unix::fs::symlink("dotfiles/oss-config", &link).unwrap();
        write_fields(&link, "default", &[(Field::AccessKeyId, Some("X".into()))]).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(std::fs::read_to_string(&target)
            .unwrap()
            .contains("access-key-id = X"));
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn bad_signature_version_is_a_usage_error() {
        let env = env_of(&[("HOME", "/h"), ("OSS_SIGNATURE_VERSION", "3")]);
        let error = resolve(&ConfigFlags::default(), &env).unwrap_err();
        assert_eq!(error.exit_code(), crate::error::EXIT_USAGE);
    }
}
