//! `mb` and `rb`: make and remove buckets.

use clap::Args;
use oss_client::model::DataRedundancyType;
use serde_json::json;

use std::io::IsTerminal;

use super::{confirm, fail, parse_acl, parse_storage_class, rm};
use crate::context::Context;
use crate::error::{CliError, Result};
use crate::location::OssUrl;

/// `oss mb oss://bucket`.
#[derive(Debug, Args)]
pub struct MbArgs {
    /// The bucket, `oss://bucket`.
    pub url: String,
    /// The bucket's ACL: private, public-read or public-read-write.
    #[arg(long)]
    pub acl: Option<String>,
    /// The default storage class: Standard, IA, Archive, ColdArchive, DeepColdArchive.
    #[arg(long)]
    pub storage_class: Option<String>,
    /// Data redundancy: LRS or ZRS.
    #[arg(long)]
    pub redundancy: Option<String>,
}

/// Makes a bucket.
pub async fn mb(ctx: &Context, args: MbArgs) -> Result<()> {
    let url = OssUrl::parse_bucket(&args.url)?;
    let bucket = ctx.bucket(&url.bucket).await?;
    let mut request = bucket.put_bucket();
    if let Some(acl) = &args.acl {
        request = request.acl(parse_acl(acl)?);
    }
    if let Some(class) = &args.storage_class {
        request = request.storage_class(parse_storage_class(class)?);
    }
    if let Some(redundancy) = &args.redundancy {
        let redundancy = match redundancy.to_ascii_uppercase().as_str() {
            "LRS" => DataRedundancyType::Lrs,
            "ZRS" => DataRedundancyType::Zrs,
            _ => return Err(CliError::usage("--redundancy: expected LRS or ZRS")),
        };
        request = request.data_redundancy(redundancy);
    }
    let output = request.await.map_err(fail(format!("mb {url}")))?;
    ctx.out.emit(
        json!({ "bucket": url.bucket, "request_id": output.request_id() }),
        || format!("created {url}"),
    );
    Ok(())
}

/// `oss rb oss://bucket [--force | -r] [-f]`.
#[derive(Debug, Args)]
pub struct RbArgs {
    /// The bucket, `oss://bucket`.
    pub url: String,
    /// Delete every object and abort every multipart upload first (on a terminal, asks
    /// first unless `-f`).
    #[arg(long = "force", short = 'r', visible_aliases = ["recursive", "all"])]
    pub empty_first: bool,
    /// Do not ask for confirmation (ossutil's `-f`).
    #[arg(short = 'f', long = "yes")]
    pub yes: bool,
}

/// Removes a bucket.
pub async fn rb(ctx: &Context, args: RbArgs) -> Result<()> {
    let url = OssUrl::parse_bucket(&args.url)?;
    if args.empty_first && !args.yes && std::io::stdin().is_terminal() {
        let question = format!(
            "Do you really mean to remove {url} with every object and multipart upload in it \
             (y or N)? "
        );
        if !confirm(&crate::output::shown(&question))? {
            return Err(CliError::failed(format!(
                "{url} not removed (answer y to confirm, or give -f)"
            )));
        }
    }
    remove_bucket(ctx, &url, args.empty_first).await
}

/// Removes a bucket, emptying it first when `force`.
pub async fn remove_bucket(ctx: &Context, url: &OssUrl, force: bool) -> Result<()> {
    let bucket = ctx.bucket(&url.bucket).await?;
    let mut emptied = json!(null);
    if force {
        let deleted = rm::delete_prefix(&bucket, "", None).await?;
        let aborted = rm::abort_uploads(&bucket, "", false).await?;
        emptied = json!({ "objects_deleted": deleted, "uploads_aborted": aborted });
    }
    let output = bucket
        .delete_bucket()
        .await
        .map_err(fail(format!("rb {url}")))?;
    ctx.out.emit(
        json!({ "bucket": url.bucket, "emptied": emptied, "request_id": output.request_id() }),
        || format!("removed {url}"),
    );
    Ok(())
}
