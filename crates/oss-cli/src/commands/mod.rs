//! The commands, one module per family, and what they share: parsing ACLs and storage
//! classes, and turning client errors into [`CliError`]s.

pub mod api;
pub mod append;
pub mod bucket;
pub mod configure;
pub mod cp;
pub mod hash;
pub mod ls;
pub mod object;
pub mod presign;
pub mod probe;
pub mod props;
pub mod rm;
pub mod serve;
pub mod sync;

use std::fmt::Display;

use oss_client::model::{Acl, StorageClass};

use crate::cli::Command;
use crate::context::Context;
use crate::error::{CliError, Result};

/// Runs a command that works on OSS.
pub async fn run(ctx: &Context, command: Command) -> Result<()> {
    match command {
        Command::Mb(args) => bucket::mb(ctx, args).await,
        Command::Rb(args) => bucket::rb(ctx, args).await,
        Command::Ls(args) => ls::run(ctx, args).await,
        Command::Cp(args) => cp::run(ctx, args).await,
        Command::Sync(args) => sync::run(ctx, args).await,
        Command::Rm(args) => rm::run(ctx, args).await,
        Command::Stat(args) => object::stat(ctx, args).await,
        Command::Cat(args) => object::cat(ctx, args).await,
        Command::Mkdir(args) => object::mkdir(ctx, args).await,
        Command::Du(args) => object::du(ctx, args).await,
        Command::Presign(args) => presign::run(ctx, args).await,
        Command::Append(args) => append::run(ctx, args).await,
        Command::SetProps(args) => props::set_props(ctx, args).await,
        Command::Restore(args) => props::restore(ctx, args).await,
        Command::Probe(args) => probe::run(ctx, args).await,
        Command::Api(args) => api::run(ctx, args).await,
        Command::Hash(_) | Command::Config(_) | Command::Serve(_) | Command::Version => {
            unreachable!("local commands are run without a context")
        }
    }
}

/// `oss version`: this command's version and the libraries it is built on, with the target.
pub fn version(out: crate::output::Printer) {
    let version = env!("CARGO_PKG_VERSION");
    let target = format!("{}-{}", std::env::consts::ARCH, std::env::consts::OS);
    // The workspace's crates move in step (`cargo xtask release`): one version for all.
    let libraries = ["oss-client", "oss-transfer", "oss-server"];
    out.emit(
        serde_json::json!({
            "oss": version,
            "libraries": libraries.iter().map(|name| (name.to_string(), version.into())).collect::<serde_json::Map<_, _>>(),
            "target": target,
        }),
        || {
            format!(
                "oss {version} ({}; {target})",
                libraries.map(|name| format!("{name} {version}")).join(", ")
            )
        },
    );
}

/// `--dry-run`: prints what a command would do (`would ACTION ITEM`, one line each; a JSON
/// list) and changes nothing.
pub fn print_dry_run(out: crate::output::Printer, action: &str, items: &[String]) {
    out.emit(
        serde_json::json!({ "dry_run": true, "action": action, "items": items }),
        || {
            let mut text: String = items
                .iter()
                .map(|item| format!("would {action} {}\n", crate::output::shown(item)))
                .collect();
            text.push_str(&format!(
                "dry run: {} item(s), nothing changed",
                items.len()
            ));
            text
        },
    );
}

/// Asks `question` on standard error and reads the answer from standard input (a pipe as
/// well as a terminal, as ossutil does): `y` or `yes` is yes; anything else, or no answer,
/// is no.
pub fn confirm(question: &str) -> Result<bool> {
    use std::io::{BufRead, Write};
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| CliError::io("cannot read standard input", e))?;
    let answer = answer.trim().to_ascii_lowercase();
    Ok(answer == "y" || answer == "yes")
}

/// Maps a client error to a [`CliError`] saying what was being done.
pub fn fail(what: impl Display) -> impl FnOnce(oss_client::Error) -> CliError {
    move |error| CliError::oss(what.to_string(), error)
}

/// Parses a canned ACL.
pub fn parse_acl(text: &str) -> Result<Acl> {
    match text {
        "private" => Ok(Acl::Private),
        "public-read" => Ok(Acl::PublicRead),
        "public-read-write" => Ok(Acl::PublicReadWrite),
        "default" => Ok(Acl::Default),
        _ => Err(CliError::usage(format!(
            "ACL {text:?}: expected private, public-read, public-read-write or default"
        ))),
    }
}

/// Parses a storage class (`Standard`, `IA`, `Archive`, `ColdArchive`, `DeepColdArchive`).
pub fn parse_storage_class(text: &str) -> Result<StorageClass> {
    let known = [
        "Standard",
        "IA",
        "Archive",
        "ColdArchive",
        "DeepColdArchive",
    ];
    known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(text))
        .map(|k| k.parse().unwrap_or(StorageClass::Standard))
        .ok_or_else(|| {
            CliError::usage(format!(
                "storage class {text:?}: expected one of {}",
                known.join(", ")
            ))
        })
}

/// Parses `name=value` (or `name:value`) pairs.
pub fn parse_pairs(items: &[String], what: &str) -> Result<Vec<(String, String)>> {
    items
        .iter()
        .flat_map(|item| item.split('#'))
        .filter(|item| !item.trim().is_empty())
        .map(|item| {
            item.split_once('=')
                .or_else(|| item.split_once(':'))
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| CliError::usage(format!("{what} {item:?}: expected name=value")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_helpers() {
        assert_eq!(parse_acl("public-read").unwrap(), Acl::PublicRead);
        assert!(parse_acl("world").is_err());
        assert_eq!(parse_storage_class("ia").unwrap(), StorageClass::Ia);
        assert!(parse_storage_class("Glacier").is_err());
        let pairs = parse_pairs(&["a=1".into(), "b:2#c=3".into()], "meta").unwrap();
        assert_eq!(pairs.len(), 3);
        assert!(parse_pairs(&["novalue".into()], "meta").is_err());
    }
}
