//! `sync`: makes the destination tree match the source tree: copies what is missing or
//! differs (by size, or a newer source), leaves up-to-date files alone, and with `--delete`
//! removes destination files the source does not have (only when every copy succeeded, and
//! never what `--include`/`--exclude` leave out). A source with nothing in it (a mistyped
//! prefix, an empty directory) would make `--delete` empty the destination: that is refused
//! unless `--force` says it is meant.

use clap::Args;
use serde_json::json;

use super::cp::{self, TransferArgs};
use super::fail;
use crate::context::Context;
use crate::error::{CliError, Result};
use crate::location::Location;
use crate::tree;

/// `oss sync SOURCE DESTINATION`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// A local directory or `oss://bucket/prefix`.
    pub source: String,
    /// A local directory or `oss://bucket/prefix`.
    pub destination: String,
    /// Remove destination files the source does not have.
    #[arg(long)]
    pub delete: bool,
    /// With `--delete`: go on even when the source is empty (and so every destination file
    /// would be removed).
    #[arg(short, long)]
    pub force: bool,
    /// Transfer options.
    #[command(flatten)]
    pub transfer: TransferArgs,
}

/// Runs `sync`.
pub async fn run(ctx: &Context, args: SyncArgs) -> Result<()> {
    let (source, dest) = cp::sides(&args.source, &args.destination)?;
    let filter = args.transfer.filter()?;
    args.transfer.options()?;
    let (plan, source_tree, dest_tree) = cp::plan_tree(ctx, &source, &dest, &filter, true).await?;
    let nothing_in_source =
        plan.failures.is_empty() && !source_tree.keys().any(|relative| filter.accepts(relative));
    let doomed = dest_tree
        .keys()
        .filter(|relative| filter.accepts(relative))
        .count();
    if args.delete && nothing_in_source && doomed > 0 && !args.force {
        return Err(CliError::usage(format!(
            "{source} has nothing to sync: --delete would remove all {doomed} file(s) of \
             {dest}. Check the source, or give --force to remove them"
        )));
    }
    let extra: Vec<&String> = dest_tree
        .keys()
        .filter(|relative| !source_tree.contains_key(*relative) && filter.accepts(relative))
        .collect();
    if args.transfer.dry_run {
        let mut items: Vec<String> = cp::planned(&plan)
            .into_iter()
            .map(|copy| format!("copy {copy}"))
            .collect();
        if args.delete {
            items.extend(extra.iter().map(|relative| match &dest {
                Location::Local(root) => format!("delete {}", root.join(relative).display()),
                Location::Oss(url) => {
                    format!(
                        "delete {}",
                        url.with_key(format!("{}{relative}", url.dir_prefix()))
                    )
                }
            }));
        }
        super::print_dry_run(ctx.out, "sync", &items);
        return Ok(());
    }
    let skipped = plan.skipped;
    let outcome = cp::execute(ctx, "sync", plan, &args.transfer, true).await?;
    let mut deleted = 0u64;
    if args.delete && outcome.failures.is_empty() {
        match &dest {
            Location::Local(root) => {
                for relative in &extra {
                    if let Ok(path) = tree::local_path(root, relative) {
                        std::fs::remove_file(&path).map_err(|e| {
                            CliError::io(format!("cannot remove {}", path.display()), e)
                        })?;
                        deleted += 1;
                    }
                }
            }
            Location::Oss(url) => {
                let bucket = ctx.bucket(&url.bucket).await?;
                let prefix = url.dir_prefix();
                for chunk in extra.chunks(1000) {
                    let keys: Vec<String> = chunk.iter().map(|r| format!("{prefix}{r}")).collect();
                    bucket
                        .delete_objects(keys)
                        .quiet(true)
                        .await
                        .map_err(fail(format!("sync --delete {url}")))?;
                    deleted += chunk.len() as u64;
                }
            }
        }
        ctx.out.text(format!(
            "deleted {deleted} file(s) the source does not have"
        ));
    } else if !extra.is_empty() && !args.delete {
        ctx.out.text(format!(
            "{} destination file(s) are not in the source (--delete removes them)",
            extra.len()
        ));
    }
    cp::report(
        ctx,
        "synced",
        skipped,
        outcome,
        json!({ "deleted": deleted }),
        false,
    )
}
