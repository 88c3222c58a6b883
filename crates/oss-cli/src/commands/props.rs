//! Changing objects in place: `set-props` (ACL, metadata, tags) and `restore` (archived
//! objects), for one object or, with `-r`, every object under a prefix; a batch goes on
//! past failures, lists them, and exits 1. `--version-id` names one version of one object
//! (versioned buckets): its ACL and tags change in place and it is restored; new metadata,
//! which OSS changes only by copying, makes a new current version from that one.

use clap::Args;
use oss_client::model::code::ErrorCode;
use oss_client::model::{MetadataDirective, StorageClass};
use oss_client::Bucket;
use serde_json::json;

use super::api::parse_tier;
use super::{parse_acl, parse_pairs};
use crate::context::Context;
use crate::error::{CliError, Result};
use crate::filter::Filter;
use crate::location::OssUrl;
use crate::output;

/// Which objects a command changes.
#[derive(Debug, Args)]
pub struct Targets {
    /// The object, or the prefix with `-r`.
    pub url: String,
    /// Every object under the prefix.
    #[arg(short, long)]
    pub recursive: bool,
    /// With `-r`: only keys matching this glob (repeatable), relative to the prefix: `*` and
    /// `?` within a path component, `**` across them, `[a-z]`, `[!abc]`; with a `/` it
    /// matches the whole relative key, else any component (`--include '*.log'`).
    #[arg(long, value_name = "PATTERN")]
    pub include: Vec<String>,
    /// With `-r`: not keys matching this pattern (repeatable).
    #[arg(long, value_name = "PATTERN")]
    pub exclude: Vec<String>,
    /// This version of the object (versioned buckets), not its current one.
    #[arg(long, value_name = "ID", conflicts_with = "recursive")]
    pub version_id: Option<String>,
}

/// The keys and storage classes the targets name.
async fn keys(
    ctx: &Context,
    targets: &Targets,
) -> Result<(OssUrl, Bucket, Vec<(String, Option<StorageClass>)>)> {
    let url = OssUrl::parse(&targets.url)?;
    let bucket = ctx.bucket(&url.bucket).await?;
    if !targets.recursive {
        if url.key.is_empty() {
            return Err(CliError::usage(format!(
                "{url} names no object (use -r for a prefix)"
            )));
        }
        return Ok((url.clone(), bucket, vec![(url.key, None)]));
    }
    let filter = Filter::new(&targets.include, &targets.exclude)?;
    let mut keys = Vec::new();
    let mut pages = bucket.list_objects_v2().prefix(&url.key).into_paginator();
    while let Some(page) = pages.next_page().await {
        let page = page.map_err(super::fail(format!("list {url}")))?;
        for object in &page.contents {
            if filter.accepts(&object.key[url.key.len()..]) {
                keys.push((object.key.clone(), object.storage_class.clone()));
            }
        }
    }
    Ok((url, bucket, keys))
}

/// Reports a batch: a single target's error is the error; several are listed.
fn finish(
    ctx: &Context,
    verb: &str,
    done: usize,
    failures: Vec<(String, CliError)>,
    single: bool,
) -> Result<()> {
    if single {
        if let Some((_, error)) = failures.into_iter().next() {
            return Err(error);
        }
    } else {
        for (key, error) in &failures {
            output::notice(format!("failed: {key}: {error}"));
        }
        let failed: Vec<_> = failures
            .iter()
            .map(|(k, e)| json!({ "url": k, "error": e.to_string() }))
            .collect();
        ctx.out.emit(json!({ "done": done, "failed": failed }), || {
            format!("{verb} {done} object(s), {} failed", failures.len())
        });
        if !failures.is_empty() {
            return Err(CliError::Partial {
                failed: failures.len(),
                total: done + failures.len(),
            });
        }
        return Ok(());
    }
    ctx.out.emit(json!({ "done": done, "failed": [] }), || {
        format!("{verb} {done} object(s)")
    });
    Ok(())
}

/// `oss set-props oss://bucket/key`.
#[derive(Debug, Args)]
pub struct SetPropsArgs {
    /// Which objects.
    #[command(flatten)]
    pub targets: Targets,
    /// Set the object ACL.
    #[arg(long)]
    pub acl: Option<String>,
    /// Set user metadata `name=value` (repeatable; other metadata is kept).
    #[arg(long, value_name = "NAME=VALUE")]
    pub meta: Vec<String>,
    /// Set the Content-Type.
    #[arg(long)]
    pub content_type: Option<String>,
    /// Replace the tags with these `key=value` (repeatable).
    #[arg(long = "tag", value_name = "KEY=VALUE")]
    pub tags: Vec<String>,
    /// Remove every tag.
    #[arg(long, conflicts_with = "tags")]
    pub clear_tags: bool,
    /// Print which objects would change; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The changes `set-props` makes, checked.
struct Changes {
    acl: Option<oss_client::model::Acl>,
    meta: Vec<(String, String)>,
    content_type: Option<String>,
    tags: Vec<(String, String)>,
    clear_tags: bool,
}

async fn set_one(
    bucket: &Bucket,
    key: &str,
    version: Option<&str>,
    changes: &Changes,
) -> oss_client::Result<()> {
    if !changes.meta.is_empty() || changes.content_type.is_some() {
        let mut head = bucket.head_object(key);
        if let Some(version) = version {
            head = head.version_id(version);
        }
        let head = head.await?;
        let mut headers = oss_client::model::ObjectHeaders::new();
        headers.content_type = changes.content_type.clone().or(head.content_type.clone());
        headers.cache_control = head.cache_control.clone();
        headers.content_disposition = head.content_disposition.clone();
        headers.content_encoding = head.content_encoding.clone();
        headers.content_language = head.content_language.clone();
        headers.expires = head.expires.clone();
        headers.user_meta = head.user_meta.clone();
        for (name, value) in &changes.meta {
            headers = headers.meta(name, value.clone());
        }
        headers.metadata_directive = Some(MetadataDirective::Replace);
        let mut copy = bucket.copy_object(key, key).object_headers(headers);
        if let Some(version) = version {
            copy = copy.source_version_id(version);
        }
        copy.await?;
        // In a versioned bucket the copy is the new current version: the ACL and tags go
        // on it.
        return set_in_place(bucket, key, None, changes).await;
    }
    set_in_place(bucket, key, version, changes).await
}

/// Sets the ACL and tags of `key` (of its version `version`, or the current one); after a
/// metadata copy, which would reset them.
async fn set_in_place(
    bucket: &Bucket,
    key: &str,
    version: Option<&str>,
    changes: &Changes,
) -> oss_client::Result<()> {
    let version = version.map(str::to_owned);
    if let Some(acl) = &changes.acl {
        let mut request = bucket.put_object_acl(key, acl.clone());
        if let Some(version) = &version {
            request = request.version_id(version.as_str());
        }
        request.await?;
    }
    if changes.clear_tags {
        let mut request = bucket.delete_object_tagging(key);
        if let Some(version) = &version {
            request = request.version_id(version.as_str());
        }
        request.await?;
    } else if !changes.tags.is_empty() {
        let mut request = bucket.put_object_tagging(key, changes.tags.clone());
        if let Some(version) = &version {
            request = request.version_id(version.as_str());
        }
        request.await?;
    }
    Ok(())
}

/// Runs `set-props`.
pub async fn set_props(ctx: &Context, args: SetPropsArgs) -> Result<()> {
    let changes = Changes {
        acl: args.acl.as_deref().map(parse_acl).transpose()?,
        meta: parse_pairs(&args.meta, "--meta")?,
        content_type: args.content_type.clone(),
        tags: parse_pairs(&args.tags, "--tag")?,
        clear_tags: args.clear_tags,
    };
    if changes.acl.is_none()
        && changes.meta.is_empty()
        && changes.content_type.is_none()
        && changes.tags.is_empty()
        && !changes.clear_tags
    {
        return Err(CliError::usage(
            "nothing to set: give --acl, --meta, --content-type, --tag or --clear-tags",
        ));
    }
    let (url, bucket, keys) = keys(ctx, &args.targets).await?;
    if args.dry_run {
        let items: Vec<String> = keys
            .iter()
            .map(|(key, _)| url.with_key(key).to_string())
            .collect();
        super::print_dry_run(ctx.out, "update", &items);
        return Ok(());
    }
    let (mut done, mut failures) = (0, Vec::new());
    for (key, _) in &keys {
        let version = args.targets.version_id.as_deref();
        match set_one(&bucket, key, version, &changes).await {
            Ok(()) => done += 1,
            Err(e) => failures.push((
                url.with_key(key).to_string(),
                CliError::oss(format!("set-props {}", url.with_key(key)), e),
            )),
        }
    }
    finish(ctx, "updated", done, failures, !args.targets.recursive)
}

/// `oss restore oss://bucket/key`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// Which objects (with `-r`, the archived ones under the prefix).
    #[command(flatten)]
    pub targets: Targets,
    /// How many days the restored copy stays readable.
    #[arg(long)]
    pub days: Option<u32>,
    /// How fast: Expedited, Standard or Bulk (Cold Archive).
    #[arg(long)]
    pub tier: Option<String>,
}

/// Runs `restore`; a restore already in progress counts as done.
pub async fn restore(ctx: &Context, args: RestoreArgs) -> Result<()> {
    let tier = args.tier.as_deref().map(parse_tier).transpose()?;
    let (url, bucket, keys) = keys(ctx, &args.targets).await?;
    let archived = |class: &Option<StorageClass>| {
        !args.targets.recursive
            || matches!(
                class,
                Some(
                    StorageClass::Archive
                        | StorageClass::ColdArchive
                        | StorageClass::DeepColdArchive
                )
            )
    };
    let (mut done, mut failures) = (0, Vec::new());
    for (key, _) in keys.iter().filter(|(_, class)| archived(class)) {
        let mut request = bucket.restore_object(key);
        if let Some(days) = args.days {
            request = request.days(days);
        }
        if let Some(tier) = &tier {
            request = request.tier(tier.clone());
        }
        if let Some(version) = &args.targets.version_id {
            request = request.version_id(version.as_str());
        }
        match request.await {
            Ok(_) => done += 1,
            Err(e) if e.is_code(ErrorCode::RestoreAlreadyInProgress) => done += 1,
            Err(e) => failures.push((
                url.with_key(key).to_string(),
                CliError::oss(format!("restore {}", url.with_key(key)), e),
            )),
        }
    }
    finish(ctx, "restoring", done, failures, !args.targets.recursive)
}
