//! `cp`: local to OSS, OSS to local, OSS to OSS; one object, or with `-r` every file of a
//! directory or object under a prefix (filtered by `--include`/`--exclude`), `--jobs` files
//! at a time. `--update` skips destinations of the same size modified no earlier than the
//! source. Transfers above `--bigfile-threshold` go in parts, `--parallel` at a time, and
//! resume from `--checkpoint-dir` when given (see [`crate::transfer`]).

use oss_client::model::code::ErrorCode;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use serde_json::json;

use super::{parse_acl, parse_pairs};
use crate::batch::{self, Job, Outcome, Work};
use crate::context::Context;
use crate::error::{CliError, Result};
use crate::filter::Filter;
use crate::interrupt;
use crate::location::Location;
use crate::output;
use crate::progress::Progress;
use crate::transfer::{ObjectSettings, TransferOptions, DEFAULT_THRESHOLD};
use crate::tree::{self, Tree};
use crate::units;
use oss_transfer::plan::{MAX_PART_SIZE, MIN_PART_SIZE};
use oss_transfer::BandwidthLimit;

fn size_arg(text: &str) -> std::result::Result<u64, String> {
    units::parse_size(text).map_err(|e| e.to_string())
}

/// A part size: 100 KiB to 5 GiB, as OSS allows.
fn part_size_arg(text: &str) -> std::result::Result<u64, String> {
    let size = size_arg(text)?;
    if !(MIN_PART_SIZE..=MAX_PART_SIZE).contains(&size) {
        return Err(format!(
            "a part is 100KiB to 5GiB ({size} bytes is out of range)"
        ));
    }
    Ok(size)
}

/// A bandwidth limit: at least one byte per second (no flag means no limit).
fn bandwidth_arg(text: &str) -> std::result::Result<u64, String> {
    match size_arg(text)? {
        0 => Err("must be at least 1 byte per second (leave the flag out for no limit)".into()),
        bytes => Ok(bytes),
    }
}

/// A count of things done at once: at least 1.
pub fn count_arg(text: &str) -> std::result::Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{text:?} is not a number")),
    }
}

/// The transfer options of `cp` and `sync`.
#[derive(Debug, Clone, Args)]
pub struct TransferArgs {
    /// Files transferred at the same time (at least 1).
    #[arg(short, long, default_value_t = 3, value_parser = count_arg, value_name = "N")]
    pub jobs: usize,
    /// Parts of one file transferred at the same time (default: from the part count).
    #[arg(long, value_parser = count_arg, value_name = "N")]
    pub parallel: Option<usize>,
    /// The part size, 100KiB to 5GiB (default: from the file size).
    #[arg(long, value_parser = part_size_arg, value_name = "SIZE")]
    pub part_size: Option<u64>,
    /// From this size on, files go in parts.
    #[arg(long, value_parser = size_arg, default_value = "100MiB", value_name = "SIZE")]
    pub bigfile_threshold: u64,
    /// Keep resumable state here; a rerun continues where a killed one stopped.
    #[arg(long, value_name = "DIR")]
    pub checkpoint_dir: Option<PathBuf>,
    /// Only paths matching this glob (repeatable): `*` and `?` within a path component, `**`
    /// across them, `[a-z]`, `[!abc]`; with a `/` it matches the whole relative path, else
    /// any component (`--include '*.jpg'`, `--exclude .git`).
    #[arg(long, value_name = "PATTERN")]
    pub include: Vec<String>,
    /// Not paths matching this pattern (repeatable).
    #[arg(long, value_name = "PATTERN")]
    pub exclude: Vec<String>,
    /// The ACL of uploaded or copied objects.
    #[arg(long)]
    pub acl: Option<String>,
    /// User metadata `name=value` of uploaded or copied objects (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub meta: Vec<String>,
    /// The Content-Type of uploaded or copied objects (guessed from the key otherwise).
    #[arg(long)]
    pub content_type: Option<String>,
    /// At most this many bytes per second, all transfers together (`10MiB`).
    #[arg(long, value_parser = bandwidth_arg, value_name = "SIZE")]
    pub bandwidth_limit: Option<u64>,
    /// Print what would be transferred (and, for sync, deleted); change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the failures, if any, to a report file in this directory
    /// (`oss_report_TIME_PID.report`, one `SOURCE -> DESTINATION: ERROR` line each).
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Other object headers (osscmd's `--headers`).
    #[arg(skip)]
    pub base: oss_client::model::ObjectHeaders,
}

impl Default for TransferArgs {
    fn default() -> Self {
        TransferArgs {
            jobs: 3,
            parallel: None,
            part_size: None,
            bigfile_threshold: DEFAULT_THRESHOLD,
            checkpoint_dir: None,
            include: Vec::new(),
            exclude: Vec::new(),
            acl: None,
            meta: Vec::new(),
            content_type: None,
            bandwidth_limit: None,
            dry_run: false,
            output_dir: None,
            base: Default::default(),
        }
    }
}

impl TransferArgs {
    /// The transfer options.
    pub fn options(&self) -> Result<TransferOptions> {
        Ok(TransferOptions {
            part_size: self.part_size,
            parallel: self.parallel,
            threshold: self.bigfile_threshold,
            checkpoint_dir: self.checkpoint_dir.clone(),
            limit: self.bandwidth_limit.map(BandwidthLimit::new),
            cancel: None,
            object: ObjectSettings {
                acl: self.acl.as_deref().map(parse_acl).transpose()?,
                meta: parse_pairs(&self.meta, "--meta")?,
                content_type: self.content_type.clone(),
                base: self.base.clone(),
            },
        })
    }

    /// The include/exclude filter.
    pub fn filter(&self) -> Result<Filter> {
        Filter::new(&self.include, &self.exclude)
    }
}

/// `oss cp SOURCE DESTINATION`.
#[derive(Debug, Args)]
pub struct CpArgs {
    /// A local path or `oss://bucket/key`.
    pub source: String,
    /// A local path or `oss://bucket/key` (a directory or a key ending with `/` takes the
    /// source's name).
    pub destination: String,
    /// Every file of a directory, or every object under a prefix.
    #[arg(short, long)]
    pub recursive: bool,
    /// Skip destinations of the same size, modified no earlier than the source.
    #[arg(short, long)]
    pub update: bool,
    /// Overwrite without asking (ossutil's `-f`; this command never asks before
    /// overwriting, so it is accepted for ossutil's scripts and changes nothing).
    #[arg(short, long)]
    pub force: bool,
    /// Copy this version of the source object (versioned buckets), not its current one.
    #[arg(long, value_name = "ID", conflicts_with = "recursive")]
    pub version_id: Option<String>,
    /// Transfer options.
    #[command(flatten)]
    pub transfer: TransferArgs,
}

/// The last path segment of a key.
fn base_name(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

/// What a copy will do.
#[derive(Debug, Default)]
pub struct Plan {
    /// The transfers.
    pub jobs: Vec<Job>,
    /// Entries that cannot be transferred (a key without a local path, a file name that
    /// cannot be a key): reported as failed, while the others go on.
    pub failures: Vec<batch::Failure>,
    /// Files left alone (up to date), and their bytes.
    pub skipped: u64,
    /// The bytes of the skipped files.
    pub skipped_bytes: u64,
}

/// The two sides of a copy, checked.
pub fn sides(source: &str, destination: &str) -> Result<(Location, Location)> {
    let source = Location::parse(source)?;
    let dest = Location::parse(destination)?;
    // `-` is standard input or output in many tools; here it would be a file named `-`.
    let dash = |location: &Location| matches!(location, Location::Local(p) if p.as_os_str() == "-");
    if dash(&source) {
        return Err(CliError::usage(
            "cp does not read standard input: `oss append - oss://bucket/key` does, or save it \
             to a file first (`./-` names a file called -)",
        ));
    }
    if dash(&dest) {
        return Err(CliError::usage(
            "cp does not write standard output: `oss cat oss://bucket/key` does (`./-` names \
             a file called -)",
        ));
    }
    if let (Location::Local(_), Location::Local(_)) = (&source, &dest) {
        return Err(CliError::usage(
            "both paths are local: one of them must be oss://bucket/key",
        ));
    }
    Ok((source, dest))
}

/// The tree at `location` (a directory, or the objects under a prefix), and the local files
/// that cannot be part of it.
async fn tree_at(
    ctx: &Context,
    location: &Location,
    must_exist: bool,
) -> Result<(Tree, Vec<tree::Unusable>)> {
    match location {
        Location::Local(path) if path.is_dir() => tree::local(path),
        Location::Local(path) if must_exist => Err(CliError::usage(format!(
            "{} is not a directory",
            path.display()
        ))),
        Location::Local(_) => Ok((Tree::new(), Vec::new())),
        Location::Oss(url) => Ok((
            tree::remote(&ctx.bucket(&url.bucket).await?, &url.dir_prefix()).await?,
            Vec::new(),
        )),
    }
}

/// Plans copying every accepted entry of the `source` tree to the `dest` tree; with
/// `update`, up-to-date destinations are skipped. Returns the plan and the destination tree.
pub async fn plan_tree(
    ctx: &Context,
    source: &Location,
    dest: &Location,
    filter: &Filter,
    update: bool,
) -> Result<(Plan, Tree, Tree)> {
    let (source_tree, unusable) = tree_at(ctx, source, true).await?;
    let dest_tree = if update {
        tree_at(ctx, dest, false).await?.0
    } else {
        Tree::new()
    };
    let mut plan = Plan::default();
    for file in unusable {
        plan.failures.push(batch::Failure {
            from: file.path,
            to: dest.to_string(),
            error: file.reason,
        });
    }
    for (relative, entry) in &source_tree {
        if !filter.accepts(relative) {
            continue;
        }
        if update && tree::is_current(entry, dest_tree.get(relative)) {
            plan.skipped += 1;
            plan.skipped_bytes += entry.size;
            continue;
        }
        let (from, source_work) = match source {
            Location::Local(root) => {
                let path = root.join(relative);
                (path.display().to_string(), Side::File(path))
            }
            Location::Oss(url) => {
                let key = format!("{}{relative}", url.dir_prefix());
                (
                    url.with_key(&key).to_string(),
                    Side::Object(ctx.bucket(&url.bucket).await?, key),
                )
            }
        };
        let (to, dest_work) = match dest {
            Location::Local(root) => match tree::local_path(root, relative) {
                Ok(path) => (path.display().to_string(), Side::File(path)),
                Err(why) => {
                    plan.failures.push(batch::Failure {
                        from,
                        to: root.display().to_string(),
                        error: why,
                    });
                    continue;
                }
            },
            Location::Oss(url) => {
                let key = format!("{}{relative}", url.dir_prefix());
                (
                    url.with_key(&key).to_string(),
                    Side::Object(ctx.bucket(&url.bucket).await?, key),
                )
            }
        };
        plan.jobs.push(Job {
            from,
            to,
            size: entry.size,
            work: work(source_work, dest_work, None),
        });
    }
    Ok((plan, source_tree, dest_tree))
}

/// One side of a job.
enum Side {
    File(PathBuf),
    Object(oss_client::Bucket, String),
}

/// The job from `source` (its version `version_id` when it is an object) to `dest`.
fn work(source: Side, dest: Side, version_id: Option<String>) -> Work {
    match (source, dest) {
        (Side::File(path), Side::Object(bucket, key)) => Work::Upload { path, bucket, key },
        (Side::Object(bucket, key), Side::File(path)) => Work::Download {
            bucket,
            key,
            version_id,
            path,
        },
        (Side::Object(source, source_key), Side::Object(dest, dest_key)) => Work::Copy {
            source,
            source_key,
            version_id,
            dest,
            dest_key,
        },
        (Side::File(_), Side::File(_)) => unreachable!("refused by `sides`"),
    }
}

/// Plans a single copy.
async fn plan_single(
    ctx: &Context,
    source: &Location,
    dest: &Location,
    destination_text: &str,
    update: bool,
    version_id: Option<&str>,
) -> Result<Plan> {
    if version_id.is_some() && !matches!(source, Location::Oss(_)) {
        return Err(CliError::usage(
            "--version-id names a version of the source object: the source must be oss://bucket/key",
        ));
    }
    let (from, size, modified, source_side) = match source {
        Location::Local(path) => {
            let metadata = std::fs::metadata(path)
                .map_err(|e| CliError::io(format!("cannot read {}", path.display()), e))?;
            if metadata.is_dir() {
                return Err(CliError::usage(format!(
                    "{} is a directory (use -r)",
                    path.display()
                )));
            }
            (
                path.display().to_string(),
                metadata.len(),
                metadata.modified().ok(),
                Side::File(path.clone()),
            )
        }
        Location::Oss(url) => {
            if url.key.is_empty() || url.key.ends_with('/') {
                return Err(CliError::usage(format!(
                    "{url} names no object (use -r for a prefix)"
                )));
            }
            let bucket = ctx.bucket(&url.bucket).await?;
            let mut head = bucket.head_object(&url.key);
            if let Some(version) = version_id {
                head = head.version_id(version);
            }
            let head = head.await.map_err(super::fail(format!("cp {url}")))?;
            (
                url.to_string(),
                head.content_length.unwrap_or(0),
                head.last_modified,
                Side::Object(bucket, url.key.clone()),
            )
        }
    };
    let name = match source {
        Location::Local(path) => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        Location::Oss(url) => base_name(&url.key).to_owned(),
    };
    let (to, dest_side, current) = match dest {
        Location::Local(path) => {
            let path = if path.is_dir()
                || destination_text.ends_with('/')
                || destination_text.ends_with(std::path::MAIN_SEPARATOR)
            {
                path.join(&name)
            } else {
                path.clone()
            };
            let current = std::fs::metadata(&path)
                .ok()
                .filter(|m| m.is_file())
                .map(|m| tree::Entry {
                    size: m.len(),
                    modified: m.modified().ok(),
                });
            (path.display().to_string(), Side::File(path), current)
        }
        Location::Oss(url) => {
            let key = if url.key.is_empty() || url.key.ends_with('/') {
                format!("{}{name}", url.key)
            } else {
                url.key.clone()
            };
            let bucket = ctx.bucket(&url.bucket).await?;
            let current = if update {
                match bucket.head_object(&key).await {
                    Ok(head) => Some(tree::Entry {
                        size: head.content_length.unwrap_or(0),
                        modified: head.last_modified,
                    }),
                    Err(e) if e.is_not_found() && !e.is_code(ErrorCode::NoSuchBucket) => None,
                    Err(e) => return Err(CliError::oss(format!("cp {}", url.with_key(&key)), e)),
                }
            } else {
                None
            };
            (
                url.with_key(&key).to_string(),
                Side::Object(bucket, key),
                current,
            )
        }
    };
    let mut plan = Plan::default();
    if update && tree::is_current(&tree::Entry { size, modified }, current.as_ref()) {
        plan.skipped = 1;
        plan.skipped_bytes = size;
        return Ok(plan);
    }
    plan.jobs.push(Job {
        from,
        to,
        size,
        work: work(source_side, dest_side, version_id.map(str::to_owned)),
    });
    Ok(plan)
}

/// Runs a plan with progress bars; returns what happened.
pub async fn execute(
    ctx: &Context,
    command: &str,
    plan: Plan,
    args: &TransferArgs,
    recursive: bool,
) -> Result<Outcome> {
    let transfers = interrupt::transfers();
    let mut options = args.options()?;
    options.cancel = Some(transfers.token());
    let options = Arc::new(options);
    let progress = Progress::new(ctx.show_progress(), recursive);
    let total: u64 = plan.jobs.iter().map(|j| j.size).sum();
    progress.set_total(
        total + plan.skipped_bytes,
        plan.jobs.len() as u64 + plan.skipped,
    );
    progress.skip(plan.skipped, plan.skipped_bytes);
    for failure in &plan.failures {
        progress.message(&format!(
            "failed: {} -> {}: {}",
            failure.from, failure.to, failure.error
        ));
    }
    let mut outcome = batch::run(plan.jobs, args.jobs, options, progress, recursive).await;
    drop(transfers);
    outcome.failures.splice(0..0, plan.failures);
    if let (Some(dir), false) = (&args.output_dir, outcome.failures.is_empty()) {
        outcome.report = Some(batch::write_report(dir, command, &outcome.failures)?);
    }
    Ok(outcome)
}

/// Prints what a copy did and turns failures into the exit status.
pub fn report(
    ctx: &Context,
    verb: &str,
    plan_skipped: u64,
    mut outcome: Outcome,
    extra: serde_json::Value,
    single: bool,
) -> Result<()> {
    let failed: Vec<_> = outcome
        .failures
        .iter()
        .map(|f| json!({ "source": f.from, "destination": f.to, "error": f.error }))
        .collect();
    let seconds = outcome.elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        outcome.bytes as f64 / seconds
    } else {
        0.0
    };
    let mut value = json!({
        "done": outcome.done,
        "skipped": plan_skipped,
        "failed": failed,
        "bytes": outcome.bytes,
        "resumed_parts": outcome.resumed_parts,
        "seconds": seconds,
        "report": outcome.report.as_ref().map(|p| p.display().to_string()),
    });
    if let (Some(map), serde_json::Value::Object(more)) = (value.as_object_mut(), extra) {
        map.extend(more);
    }
    if let Some(path) = &outcome.report {
        output::notice(format!("failures written to {}", path.display()));
    }
    if single && outcome.failures.len() == 1 {
        if let Some(error) = outcome.first_error.take() {
            return Err(error);
        }
    }
    ctx.out.emit(value, || {
        let mut text = format!(
            "{verb} {} file(s), {} in {:.2}s ({}/s)",
            outcome.done,
            units::human_size(outcome.bytes),
            seconds,
            units::human_size(rate as u64)
        );
        if plan_skipped > 0 {
            text.push_str(&format!(", skipped {plan_skipped} up to date"));
        }
        if outcome.resumed_parts > 0 {
            text.push_str(&format!(
                ", resumed {} part(s) from checkpoints",
                outcome.resumed_parts
            ));
        }
        if !outcome.failures.is_empty() {
            text.push_str(&format!(", {} failed:", outcome.failures.len()));
            for failure in &outcome.failures {
                text.push_str(&format!(
                    "\n  {} -> {}: {}",
                    output::shown(&failure.from),
                    output::shown(&failure.to),
                    output::shown(&failure.error)
                ));
            }
        }
        text
    });
    if !outcome.failures.is_empty() {
        return Err(CliError::Partial {
            failed: outcome.failures.len(),
            total: outcome.failures.len() + outcome.done as usize,
        });
    }
    Ok(())
}

/// Runs `cp`.
pub async fn run(ctx: &Context, args: CpArgs) -> Result<()> {
    let (source, dest) = sides(&args.source, &args.destination)?;
    let filter = args.transfer.filter()?;
    args.transfer.options()?;
    let plan = if args.recursive {
        plan_tree(ctx, &source, &dest, &filter, args.update)
            .await?
            .0
    } else {
        let version = args.version_id.as_deref();
        plan_single(ctx, &source, &dest, &args.destination, args.update, version).await?
    };
    if args.transfer.dry_run {
        super::print_dry_run(ctx.out, "copy", &planned(&plan));
        return Ok(());
    }
    let skipped = plan.skipped;
    let outcome = execute(ctx, "cp", plan, &args.transfer, args.recursive).await?;
    report(ctx, "copied", skipped, outcome, json!({}), !args.recursive)
}

/// The transfers of a plan as `FROM -> TO`, for `--dry-run`.
pub fn planned(plan: &Plan) -> Vec<String> {
    plan.jobs
        .iter()
        .map(|job| format!("{} -> {}", job.from, job.to))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_flags_out_of_range_are_refused() {
        assert!(part_size_arg("0").is_err());
        assert!(part_size_arg("1").is_err());
        assert!(part_size_arg("99KiB").is_err());
        assert_eq!(part_size_arg("100KiB"), Ok(100 << 10));
        assert_eq!(part_size_arg("5GiB"), Ok(5 << 30));
        assert!(part_size_arg("10TiB").is_err());
        assert!(count_arg("0").is_err());
        assert!(count_arg("-1").is_err());
        assert_eq!(count_arg("4"), Ok(4));
        assert!(bandwidth_arg("0").is_err());
        assert_eq!(bandwidth_arg("1KiB"), Ok(1024));
    }

    #[test]
    fn names_and_sides() {
        assert_eq!(base_name("a/b/c.txt"), "c.txt");
        assert_eq!(base_name("c.txt"), "c.txt");
        assert!(sides("a", "b").is_err());
        assert!(sides("a", "oss://bkt/").is_ok());
    }
}
