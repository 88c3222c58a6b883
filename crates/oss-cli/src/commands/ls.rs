//! `ls`: buckets (no URL), objects under a prefix (one level by default, everything with
//! `-r`, or grouped at `--delimiter`), or multipart uploads in progress (`-m`); long format by
//! default, names only with `-s`; at most `--limit` entries, asked for `--page-size` at a
//! time. With `--all-versions`, every version and delete marker of the objects (versioned
//! buckets).

use clap::Args;
use oss_client::Bucket;
use serde_json::{json, Value};

use super::fail;
use crate::context::Context;
use crate::error::Result;
use crate::location::OssUrl;
use crate::output;
use crate::units;

/// `oss ls [oss://bucket[/prefix]]`.
#[derive(Debug, Args)]
pub struct LsArgs {
    /// `oss://bucket[/prefix]`; without it, the buckets.
    pub url: Option<String>,
    /// Every object under the prefix, not only one level.
    #[arg(short, long, conflicts_with = "dirs")]
    pub recursive: bool,
    /// One level: objects and directories (`dir/`) at the prefix (the default without `-r`;
    /// ossutil's `-d`).
    #[arg(short, long)]
    pub dirs: bool,
    /// Group keys at this delimiter (default `/` without `-r`).
    #[arg(long)]
    pub delimiter: Option<String>,
    /// Names only.
    #[arg(short, long)]
    pub short: bool,
    /// At most this many entries (ossutil's `--limited-num` too).
    #[arg(long, visible_alias = "limited-num", value_name = "N")]
    pub limit: Option<u64>,
    /// Entries asked for per request, 1 to 1000 (the listing's `max-keys`; default 1000).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub page_size: Option<u32>,
    /// Multipart uploads in progress instead of objects.
    #[arg(short = 'm', long = "multipart")]
    pub multipart: bool,
    /// Every version and delete marker of the objects, newest first within a key (versioned
    /// buckets).
    #[arg(long, conflicts_with = "multipart")]
    pub all_versions: bool,
}

/// Runs `ls`.
pub async fn run(ctx: &Context, args: LsArgs) -> Result<()> {
    let Some(url) = &args.url else {
        return buckets(ctx, &args).await;
    };
    let url = OssUrl::parse(url)?;
    let bucket = ctx.bucket(&url.bucket).await?;
    if args.multipart {
        return uploads(ctx, &args, &bucket, &url).await;
    }
    if args.all_versions {
        return versions(ctx, &args, &bucket, &url).await;
    }
    objects(ctx, &args, &bucket, &url).await
}

fn reached(limit: Option<u64>, count: u64) -> bool {
    limit.is_some_and(|limit| count >= limit)
}

/// The `max-keys` of each request: `--page-size` (1000 by default), no more than `--limit`.
fn page_size(args: &LsArgs) -> u32 {
    let page = args.page_size.unwrap_or(1000);
    args.limit
        .map_or(page, |l| l.clamp(1, u64::from(page)) as u32)
}

/// The delimiter of an object listing: `--delimiter`, or `/` for one level (no `-r`).
fn delimiter(args: &LsArgs) -> Option<String> {
    match (&args.delimiter, args.recursive) {
        (Some(d), _) => Some(d.clone()),
        (None, false) => Some("/".to_owned()),
        (None, true) => None,
    }
}

/// `, Directory Number is: N` for a summary line, when there are directories.
fn dirs_counted(dirs: u64) -> String {
    if dirs > 0 {
        format!(", Directory Number is: {dirs}")
    } else {
        String::new()
    }
}

async fn buckets(ctx: &Context, args: &LsArgs) -> Result<()> {
    let client = ctx.client().await?;
    let mut pages = client
        .list_buckets()
        .max_keys(page_size(args))
        .into_paginator();
    let mut all = Vec::new();
    let mut count = 0;
    'pages: while let Some(page) = pages.next_page().await {
        let page = page.map_err(fail("ls"))?;
        for bucket in &page.buckets {
            if reached(args.limit, count) {
                break 'pages;
            }
            count += 1;
            if ctx.out.is_json() {
                all.push(serde_json::to_value(bucket).unwrap_or(Value::Null));
            } else if args.short {
                ctx.out.text(format!("oss://{}", bucket.name));
            } else {
                ctx.out.text(format!(
                    "{:23}  {:20}  {:10}  oss://{}",
                    units::format_timestamp(&bucket.creation_date),
                    bucket.location,
                    bucket
                        .storage_class
                        .as_ref()
                        .map_or(String::new(), |c| c.to_string()),
                    bucket.name
                ));
            }
        }
    }
    if !args.short {
        ctx.out.text(format!("\nBucket Number is: {count}"));
    }
    if ctx.out.is_json() {
        ctx.out.emit(json!({ "buckets": all }), String::new);
    }
    Ok(())
}

async fn objects(ctx: &Context, args: &LsArgs, bucket: &Bucket, url: &OssUrl) -> Result<()> {
    let delimiter = delimiter(args);
    let mut request = bucket
        .list_objects_v2()
        .prefix(&url.key)
        .max_keys(page_size(args));
    if let Some(delimiter) = &delimiter {
        request = request.delimiter(delimiter);
    }
    let mut pages = request.into_paginator();
    let (mut objects, mut dirs, mut json_items) = (0u64, 0u64, Vec::new());
    let mut total_size = 0u64;
    'pages: while let Some(page) = pages.next_page().await {
        let page = page.map_err(fail(format!("ls {url}")))?;
        for dir in &page.common_prefixes {
            if reached(args.limit, objects + dirs) {
                break 'pages;
            }
            dirs += 1;
            let shown = url.with_key(&dir.prefix).to_string();
            if ctx.out.is_json() {
                json_items.push(json!({ "dir": shown }));
            } else if args.short {
                ctx.out.text(output::shown(&shown));
            } else {
                ctx.out.text(format!(
                    "{:23}  {:>12}  {:12}  {:34}  {}",
                    "",
                    "DIR",
                    "",
                    "",
                    output::shown(&shown)
                ));
            }
        }
        for object in &page.contents {
            if reached(args.limit, objects + dirs) {
                break 'pages;
            }
            objects += 1;
            total_size += object.size;
            let shown = url.with_key(&object.key).to_string();
            if ctx.out.is_json() {
                json_items.push(json!({
                    "url": shown,
                    "key": object.key,
                    "size": object.size,
                    "last_modified": object.last_modified.raw(),
                    "etag": object.etag.as_str(),
                    "storage_class": object.storage_class.as_ref().map(|c| c.to_string()),
                }));
            } else if args.short {
                ctx.out.text(output::shown(&shown));
            } else {
                ctx.out.text(format!(
                    "{:23}  {:>12}  {:12}  {:34}  {}",
                    units::format_timestamp(&object.last_modified),
                    object.size,
                    object
                        .storage_class
                        .as_ref()
                        .map_or(String::new(), |c| c.to_string()),
                    object.etag.as_str(),
                    output::shown(&shown),
                ));
            }
        }
    }
    if !args.short {
        ctx.out.text(format!(
            "\nObject Number is: {objects}{}, total size {}",
            dirs_counted(dirs),
            units::human_size(total_size)
        ));
    }
    if ctx.out.is_json() {
        ctx.out.emit(
            json!({ "entries": json_items, "objects": objects, "dirs": dirs, "total_size": total_size }),
            String::new,
        );
    }
    Ok(())
}

async fn uploads(ctx: &Context, args: &LsArgs, bucket: &Bucket, url: &OssUrl) -> Result<()> {
    let mut pages = bucket
        .list_multipart_uploads()
        .prefix(&url.key)
        .max_uploads(page_size(args))
        .into_paginator();
    let mut count = 0;
    let mut all = Vec::new();
    'pages: while let Some(page) = pages.next_page().await {
        let page = page.map_err(fail(format!("ls -m {url}")))?;
        for upload in &page.uploads {
            if reached(args.limit, count) {
                break 'pages;
            }
            count += 1;
            let shown = url.with_key(&upload.key).to_string();
            if ctx.out.is_json() {
                all.push(json!({
                    "url": shown,
                    "key": upload.key,
                    "upload_id": upload.upload_id,
                    "initiated": upload.initiated.raw(),
                }));
            } else if args.short {
                ctx.out
                    .text(format!("{}  {}", upload.upload_id, output::shown(&shown)));
            } else {
                ctx.out.text(format!(
                    "{:23}  {:34}  {}",
                    units::format_timestamp(&upload.initiated),
                    upload.upload_id,
                    output::shown(&shown)
                ));
            }
        }
    }
    if !args.short {
        ctx.out.text(format!("\nUploadId Number is: {count}"));
    }
    if ctx.out.is_json() {
        ctx.out.emit(json!({ "uploads": all }), String::new);
    }
    Ok(())
}

/// One entry of a version listing: a version, or a delete marker (no size, no ETag).
struct VersionEntry<'a> {
    key: &'a str,
    version_id: &'a str,
    is_latest: bool,
    last_modified: &'a oss_client::model::Timestamp,
    object: Option<&'a oss_client::model::ObjectVersion>,
}

async fn versions(ctx: &Context, args: &LsArgs, bucket: &Bucket, url: &OssUrl) -> Result<()> {
    let mut request = bucket
        .list_object_versions()
        .prefix(url.key.as_str())
        .max_keys(page_size(args));
    if let Some(delimiter) = delimiter(args) {
        request = request.delimiter(delimiter);
    }
    let mut pages = request.into_paginator();
    let (mut versions, mut markers, mut dirs, mut json_items) = (0u64, 0u64, 0u64, Vec::new());
    'pages: while let Some(page) = pages.next_page().await {
        let page = page.map_err(fail(format!("ls --all-versions {url}")))?;
        for dir in &page.common_prefixes {
            if reached(args.limit, versions + markers + dirs) {
                break 'pages;
            }
            dirs += 1;
            let shown = url.with_key(&dir.prefix).to_string();
            if ctx.out.is_json() {
                json_items.push(json!({ "dir": shown }));
            } else {
                ctx.out
                    .text(format!("{:>61}  {}", "DIR", output::shown(&shown)));
            }
        }
        // The service lists versions and delete markers apart; shown together, by key and
        // newest first within a key.
        let mut entries: Vec<VersionEntry> = page
            .versions
            .iter()
            .map(|v| VersionEntry {
                key: &v.key,
                version_id: &v.version_id,
                is_latest: v.is_latest,
                last_modified: &v.last_modified,
                object: Some(v),
            })
            .chain(page.delete_markers.iter().map(|m| VersionEntry {
                key: &m.key,
                version_id: &m.version_id,
                is_latest: m.is_latest,
                last_modified: &m.last_modified,
                object: None,
            }))
            .collect();
        entries.sort_by(|a, b| {
            a.key.cmp(b.key).then_with(|| {
                let time = |e: &VersionEntry| e.last_modified.to_system_time();
                time(b).cmp(&time(a)).then(b.is_latest.cmp(&a.is_latest))
            })
        });
        for entry in entries {
            if reached(args.limit, versions + markers + dirs) {
                break 'pages;
            }
            match entry.object {
                Some(_) => versions += 1,
                None => markers += 1,
            }
            let shown = url.with_key(entry.key).to_string();
            if ctx.out.is_json() {
                json_items.push(json!({
                    "url": shown,
                    "key": entry.key,
                    "version_id": entry.version_id,
                    "is_latest": entry.is_latest,
                    "delete_marker": entry.object.is_none(),
                    "last_modified": entry.last_modified.raw(),
                    "size": entry.object.map(|o| o.size),
                    "etag": entry.object.map(|o| o.etag.as_str()),
                    "storage_class": entry.object.and_then(|o| o.storage_class.as_ref()).map(|c| c.to_string()),
                }));
            } else if args.short {
                ctx.out
                    .text(format!("{}  {}", entry.version_id, output::shown(&shown)));
            } else {
                let size = entry
                    .object
                    .map_or("(delete marker)".to_owned(), |o| o.size.to_string());
                ctx.out.text(format!(
                    "{:23}  {:>15}  {:6}  {:34}  {}",
                    units::format_timestamp(entry.last_modified),
                    size,
                    if entry.is_latest { "latest" } else { "" },
                    entry.version_id,
                    output::shown(&shown),
                ));
            }
        }
    }
    if !args.short {
        ctx.out.text(format!(
            "\nVersion Number is: {versions}, Delete Marker Number is: {markers}{}",
            dirs_counted(dirs)
        ));
    }
    if ctx.out.is_json() {
        ctx.out.emit(
            json!({ "entries": json_items, "versions": versions, "delete_markers": markers, "dirs": dirs }),
            String::new,
        );
    }
    Ok(())
}
