//! Single-object and read-only commands: `stat` (bucket or object details), `cat` (an
//! object, or its first or last bytes, on standard output), `mkdir` (a `dir/` object) and
//! `du` (sizes under a prefix, by storage class).

use std::collections::BTreeMap;

use clap::Args;
use oss_client::ByteRange;
use serde_json::json;
use tokio::io::AsyncWriteExt;

use super::fail;
use crate::context::Context;
use crate::error::{CliError, Result};
use crate::location::OssUrl;
use crate::units;
use crate::views::{self, Rows};

/// `oss stat oss://bucket[/key]`.
#[derive(Debug, Args)]
pub struct StatArgs {
    /// `oss://bucket` for the bucket, `oss://bucket/key` for an object.
    pub url: String,
    /// A version of the object (versioned buckets).
    #[arg(long, value_name = "ID")]
    pub version_id: Option<String>,
}

/// Shows a bucket's or an object's details.
pub async fn stat(ctx: &Context, args: StatArgs) -> Result<()> {
    let url = OssUrl::parse(&args.url)?;
    let bucket = ctx.bucket(&url.bucket).await?;
    let what = format!("stat {url}");
    let rows = if url.key.is_empty() {
        let info = bucket.get_bucket_info().await.map_err(fail(&what))?;
        let stat = bucket.get_bucket_stat().await.map_err(fail(&what))?;
        let details = &info.bucket;
        let mut rows = Rows::default();
        rows.add("Name", "name", details.name.clone())
            .add("Location", "location", details.location.clone())
            .add("CreationDate", "creation_date", details.creation_date.raw())
            .add(
                "ExtranetEndpoint",
                "extranet_endpoint",
                details.extranet_endpoint.clone(),
            )
            .add(
                "IntranetEndpoint",
                "intranet_endpoint",
                details.intranet_endpoint.clone(),
            )
            .add("ACL", "acl", details.acl.as_ref().map(|a| a.to_string()))
            .add(
                "StorageClass",
                "storage_class",
                details.storage_class.as_ref().map(|c| c.to_string()),
            )
            .add(
                "DataRedundancyType",
                "data_redundancy_type",
                details.data_redundancy_type.as_ref().map(|r| r.to_string()),
            )
            .add("Owner", "owner", details.owner.id.clone())
            .add("ObjectCount", "object_count", stat.object_count)
            .add("Storage", "storage", stat.storage)
            .add(
                "MultipartUploadCount",
                "multipart_upload_count",
                stat.multipart_upload_count,
            );
        rows
    } else {
        let mut head = bucket.head_object(&url.key);
        if let Some(version) = &args.version_id {
            head = head.version_id(version);
        }
        let meta = head.await.map_err(fail(&what))?;
        let mut rows = Rows::default();
        rows.add("Url", "url", url.to_string());
        rows.0.extend(views::object_meta(&meta).0);
        rows.add(
            "Request-Id",
            "request_id",
            meta.request_id().map(str::to_owned),
        );
        rows
    };
    ctx.out.emit(rows.to_json(), || rows.to_text());
    Ok(())
}

/// `oss cat oss://bucket/key`.
#[derive(Debug, Args)]
pub struct CatArgs {
    /// The object.
    pub url: String,
    /// Only the first N bytes.
    #[arg(long, value_name = "N", conflicts_with_all = ["tail", "range"])]
    pub head: Option<u64>,
    /// Only the last N bytes.
    #[arg(long, value_name = "N", conflicts_with = "range")]
    pub tail: Option<u64>,
    /// Only bytes FIRST-LAST (inclusive; `FIRST-` to the end).
    #[arg(long, value_name = "FIRST-LAST")]
    pub range: Option<String>,
    /// A version of the object (versioned buckets).
    #[arg(long, value_name = "ID")]
    pub version_id: Option<String>,
}

/// Parses `a-b` or `a-`.
pub fn parse_range(text: &str) -> Result<ByteRange> {
    let bad = || CliError::usage(format!("range {text:?}: expected FIRST-LAST or FIRST-"));
    let (first, last) = text.split_once('-').ok_or_else(bad)?;
    let first: u64 = first.trim().parse().map_err(|_| bad())?;
    if last.trim().is_empty() {
        return Ok(ByteRange::starting_at(first));
    }
    let last: u64 = last.trim().parse().map_err(|_| bad())?;
    ByteRange::new(first, last).map_err(|e| CliError::usage(e.to_string()))
}

/// Prints an object on standard output.
pub async fn cat(ctx: &Context, args: CatArgs) -> Result<()> {
    let url = OssUrl::parse_object(&args.url)?;
    let range = match (&args.head, &args.tail, &args.range) {
        (Some(0), _, _) | (_, Some(0), _) => return Ok(()),
        (Some(n), _, _) => {
            Some(ByteRange::with_length(0, *n).map_err(|e| CliError::usage(e.to_string()))?)
        }
        (_, Some(n), _) => Some(ByteRange::last(*n).map_err(|e| CliError::usage(e.to_string()))?),
        (_, _, Some(text)) => Some(parse_range(text)?),
        _ => None,
    };
    let bucket = ctx.bucket(&url.bucket).await?;
    let mut request = bucket.get_object(&url.key);
    if let Some(range) = range {
        request = request.range(range);
    }
    if let Some(version) = &args.version_id {
        request = request.version_id(version);
    }
    let what = format!("cat {url}");
    let object = request.await.map_err(fail(&what))?;
    let mut body = object.body;
    let mut stdout = tokio::io::stdout();
    while let Some(chunk) = std::future::poll_fn(|cx| {
        futures_core::Stream::poll_next(std::pin::Pin::new(&mut body), cx)
    })
    .await
    {
        let chunk = chunk.map_err(fail(&what))?;
        if let Err(e) = stdout.write_all(&chunk).await {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(());
            }
            return Err(CliError::io("cannot write standard output", e));
        }
    }
    let _ = stdout.flush().await;
    Ok(())
}

/// `oss mkdir oss://bucket/dir`.
#[derive(Debug, Args)]
pub struct MkdirArgs {
    /// The directory (a `/` is added if missing).
    pub url: String,
}

/// Makes a directory object.
pub async fn mkdir(ctx: &Context, args: MkdirArgs) -> Result<()> {
    let url = OssUrl::parse_object(&args.url)?;
    let dir = url.with_key(url.dir_prefix());
    let bucket = ctx.bucket(&url.bucket).await?;
    let output = bucket
        .put_object(&dir.key, "")
        .await
        .map_err(fail(format!("mkdir {dir}")))?;
    ctx.out.emit(
        json!({ "created": dir.to_string(), "request_id": output.request_id() }),
        || format!("created {dir}"),
    );
    Ok(())
}

/// `oss du oss://bucket[/prefix]`.
#[derive(Debug, Args)]
pub struct DuArgs {
    /// The bucket or prefix.
    pub url: String,
}

/// Sums the sizes of the objects under a prefix.
pub async fn du(ctx: &Context, args: DuArgs) -> Result<()> {
    let url = OssUrl::parse(&args.url)?;
    let bucket = ctx.bucket(&url.bucket).await?;
    let mut pages = bucket.list_objects_v2().prefix(&url.key).into_paginator();
    let mut by_class: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    while let Some(page) = pages.next_page().await {
        let page = page.map_err(fail(format!("du {url}")))?;
        for object in &page.contents {
            let class = object
                .storage_class
                .as_ref()
                .map_or_else(|| "Standard".to_owned(), |c| c.to_string());
            let entry = by_class.entry(class).or_default();
            entry.0 += 1;
            entry.1 += object.size;
        }
    }
    let (count, size) = by_class
        .values()
        .fold((0, 0), |(c, s), (oc, os)| (c + oc, s + os));
    let classes: Vec<_> = by_class
        .iter()
        .map(|(class, (c, s))| json!({ "storage_class": class, "objects": c, "size": s }))
        .collect();
    ctx.out.emit(
        json!({ "url": url.to_string(), "objects": count, "size": size, "by_storage_class": classes }),
        || {
            let mut text = String::new();
            for (class, (c, s)) in &by_class {
                text.push_str(&format!("{class:16} {c:>10} objects  {s:>16} bytes ({})\n", units::human_size(*s)));
            }
            text.push_str(&format!(
                "total            {count:>10} objects  {size:>16} bytes ({})  {url}",
                units::human_size(size)
            ));
            text
        },
    );
    Ok(())
}
