//! `rm`: remove one object, every object under a prefix (`-r`), or multipart uploads
//! (`-m`, of one key or, with `-r`, under a prefix). In a versioned bucket a removal leaves
//! a delete marker; `--version-id` removes one version for good, and `--all-versions` every
//! version and delete marker of the key (or, with `-r`, of every key under the prefix).
//!
//! As ossutil does, `-r` asks first (`Do you really mean to remove recursively … (y or N)?`)
//! unless `-f`/`--force` is given, and reads the answer from standard input whether or not
//! it is a terminal: `y` or `yes` goes on; anything else, an empty input included, removes
//! nothing and fails (exit 1; ossutil exits 0 there, which a script cannot tell from
//! success).

use clap::Args;
use oss_client::Bucket;
use serde_json::json;

use super::{confirm, fail};
use crate::context::Context;
use crate::error::{CliError, Result};
use crate::filter::Filter;
use crate::location::OssUrl;

/// `oss rm oss://bucket/key [-r] [-m]`.
#[derive(Debug, Args)]
pub struct RmArgs {
    /// The object, or the prefix with `-r`.
    pub url: String,
    /// Remove every object under the prefix.
    #[arg(short, long)]
    pub recursive: bool,
    /// Abort multipart uploads instead (of the key, or under the prefix with `-r`).
    #[arg(short = 'm', long = "multipart")]
    pub multipart: bool,
    /// With `-r`: do not ask for confirmation.
    #[arg(short, long)]
    pub force: bool,
    /// With `-r`: only keys matching this glob (repeatable), relative to the prefix: `*` and
    /// `?` within a path component, `**` across them, `[a-z]`, `[!abc]`; with a `/` it
    /// matches the whole relative key, else any component (`--include '*.log'`).
    #[arg(long, value_name = "PATTERN")]
    pub include: Vec<String>,
    /// With `-r`: not keys matching this pattern (repeatable).
    #[arg(long, value_name = "PATTERN")]
    pub exclude: Vec<String>,
    /// Remove this version of the object (versioned buckets).
    #[arg(long, value_name = "ID", conflicts_with_all = ["recursive", "multipart"])]
    pub version_id: Option<String>,
    /// Remove every version and delete marker, for good (versioned buckets): of the object,
    /// or with `-r` of every object under the prefix. Asks first unless `-f`.
    #[arg(long, conflicts_with_all = ["multipart", "version_id"])]
    pub all_versions: bool,
    /// Print what would be removed; remove nothing (and ask nothing).
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `rm`.
pub async fn run(ctx: &Context, args: RmArgs) -> Result<()> {
    let url = OssUrl::parse(&args.url)?;
    if url.key.is_empty() && !args.recursive {
        return Err(CliError::usage(format!(
            "{url} names no object; use -r to remove everything in the bucket"
        )));
    }
    if args.dry_run {
        let bucket = ctx.bucket(&url.bucket).await?;
        let items = if args.all_versions {
            let filter = Filter::new(&args.include, &args.exclude)?;
            versions_of(&bucket, &url.key, !args.recursive, &filter)
                .await?
                .into_iter()
                .map(|(key, version)| format!("{} (version {version})", url.with_key(&key)))
                .collect()
        } else if args.multipart {
            uploads_of(&bucket, &url.key, !args.recursive)
                .await?
                .into_iter()
                .map(|(key, id)| format!("{} (upload {id})", url.with_key(&key)))
                .collect()
        } else if args.recursive {
            let filter = Filter::new(&args.include, &args.exclude)?;
            keys_under(&bucket, &url.key, Some(&filter))
                .await?
                .into_iter()
                .map(|key| url.with_key(&key).to_string())
                .collect()
        } else {
            vec![url.to_string()]
        };
        super::print_dry_run(ctx.out, "remove", &items);
        return Ok(());
    }
    if (args.recursive || args.all_versions) && !args.force {
        let what = match (args.multipart, args.all_versions) {
            (true, _) => "multipart uploads",
            (false, true) => "every version and delete marker",
            (false, false) => "objects",
        };
        let how = if args.recursive { " recursively" } else { "" };
        let question = format!("Do you really mean to remove{how} {what} of {url} (y or N)? ");
        if !confirm(&crate::output::shown(&question))? {
            return Err(CliError::failed(format!(
                "nothing removed under {url} (answer y to confirm, or give --force)"
            )));
        }
    }
    let bucket = ctx.bucket(&url.bucket).await?;
    if args.all_versions {
        let filter = Filter::new(&args.include, &args.exclude)?;
        let versions = versions_of(&bucket, &url.key, !args.recursive, &filter).await?;
        let deleted = delete_versions(&bucket, versions).await?;
        ctx.out.emit(json!({ "versions_deleted": deleted }), || {
            format!("removed {deleted} version(s) and delete marker(s) of {url}")
        });
        return Ok(());
    }
    if args.multipart {
        let aborted = abort_uploads(&bucket, &url.key, !args.recursive).await?;
        ctx.out.emit(json!({ "uploads_aborted": aborted }), || {
            format!("aborted {aborted} multipart upload(s) of {url}")
        });
        return Ok(());
    }
    if args.recursive {
        let filter = Filter::new(&args.include, &args.exclude)?;
        let deleted = delete_prefix(&bucket, &url.key, Some(&filter)).await?;
        ctx.out.emit(json!({ "objects_deleted": deleted }), || {
            format!("removed {deleted} object(s) under {url}")
        });
        return Ok(());
    }
    let mut request = bucket.delete_object(&url.key);
    if let Some(version) = &args.version_id {
        request = request.version_id(version);
    }
    let output = request.await.map_err(fail(format!("rm {url}")))?;
    ctx.out.emit(
        json!({ "deleted": url.to_string(), "request_id": output.request_id() }),
        || format!("removed {url}"),
    );
    Ok(())
}

/// Deletes every object under `prefix` (that `filter` accepts), 1,000 per request; returns
/// how many.
pub async fn delete_prefix(bucket: &Bucket, prefix: &str, filter: Option<&Filter>) -> Result<u64> {
    let what = || format!("rm oss://{}/{prefix}", bucket.name());
    let mut pages = bucket.list_objects_v2().prefix(prefix).into_paginator();
    let mut deleted = 0;
    while let Some(page) = pages.next_page().await {
        let page = page.map_err(fail(what()))?;
        let keys: Vec<String> = page
            .contents
            .iter()
            .map(|o| o.key.clone())
            .filter(|key| filter.is_none_or(|f| f.accepts(&key[prefix.len()..])))
            .collect();
        if keys.is_empty() {
            continue;
        }
        let count = keys.len() as u64;
        bucket
            .delete_objects(keys)
            .quiet(true)
            .await
            .map_err(fail(what()))?;
        deleted += count;
    }
    Ok(deleted)
}

/// Every version and delete marker (key, version id) of `key` (`exact`), or of the keys
/// under it that `filter` accepts.
async fn versions_of(
    bucket: &Bucket,
    key: &str,
    exact: bool,
    filter: &Filter,
) -> Result<Vec<(String, String)>> {
    let mut pages = bucket.list_object_versions().prefix(key).into_paginator();
    let mut found = Vec::new();
    while let Some(page) = pages.next_page().await {
        let page = page.map_err(fail(format!(
            "rm --all-versions oss://{}/{key}",
            bucket.name()
        )))?;
        let entries = page
            .versions
            .iter()
            .map(|v| (&v.key, &v.version_id))
            .chain(page.delete_markers.iter().map(|m| (&m.key, &m.version_id)));
        found.extend(
            entries
                .filter(|(k, _)| {
                    if exact {
                        k.as_str() == key
                    } else {
                        filter.accepts(&k[key.len()..])
                    }
                })
                .map(|(k, v)| (k.clone(), v.clone())),
        );
    }
    Ok(found)
}

/// Deletes `versions` (key, version id), 1,000 per request; returns how many.
async fn delete_versions(bucket: &Bucket, versions: Vec<(String, String)>) -> Result<u64> {
    let mut deleted = 0;
    for batch in versions.chunks(1000) {
        let request = batch
            .iter()
            .fold(bucket.delete_objects(Vec::<String>::new()), |r, (k, v)| {
                r.key_version(k, v)
            });
        request
            .quiet(true)
            .await
            .map_err(fail(format!("rm --all-versions oss://{}", bucket.name())))?;
        deleted += batch.len() as u64;
    }
    Ok(deleted)
}

/// The keys under `prefix` that `filter` accepts.
async fn keys_under(bucket: &Bucket, prefix: &str, filter: Option<&Filter>) -> Result<Vec<String>> {
    let mut pages = bucket.list_objects_v2().prefix(prefix).into_paginator();
    let mut keys = Vec::new();
    while let Some(page) = pages.next_page().await {
        let page = page.map_err(fail(format!("rm oss://{}/{prefix}", bucket.name())))?;
        keys.extend(
            page.contents
                .iter()
                .map(|o| o.key.clone())
                .filter(|key| filter.is_none_or(|f| f.accepts(&key[prefix.len()..]))),
        );
    }
    Ok(keys)
}

/// The multipart uploads (key, upload id) of `key` (`exact`), or of every key under it.
async fn uploads_of(bucket: &Bucket, key: &str, exact: bool) -> Result<Vec<(String, String)>> {
    let uploads = bucket
        .list_multipart_uploads()
        .prefix(key)
        .into_paginator()
        .collect_items()
        .await
        .map_err(fail(format!("rm -m oss://{}/{key}", bucket.name())))?;
    Ok(uploads
        .into_iter()
        .filter(|u| !exact || u.key == key)
        .map(|u| (u.key, u.upload_id))
        .collect())
}

/// Aborts the multipart uploads of `key` (`exact`), or of every key under it; returns how
/// many.
pub async fn abort_uploads(bucket: &Bucket, key: &str, exact: bool) -> Result<u64> {
    let what = || format!("rm -m oss://{}/{key}", bucket.name());
    let uploads = bucket
        .list_multipart_uploads()
        .prefix(key)
        .into_paginator()
        .collect_items()
        .await
        .map_err(fail(what()))?;
    let mut aborted = 0;
    for upload in uploads.iter().filter(|u| !exact || u.key == key) {
        bucket
            .abort_multipart_upload(&upload.key, &upload.upload_id)
            .await
            .map_err(fail(what()))?;
        aborted += 1;
    }
    Ok(aborted)
}
