//! `presign`: a URL anyone can use until it expires, without credentials; with `--post`, a
//! browser upload form (PostObject): the URL to post to and the signed fields to send before
//! the file, allowing keys under a prefix.
//!
//! With the embedded default the URL points at the address `oss serve` listens on by
//! default (`http://127.0.0.1:9000`), since the embedded server stops with the command:
//! run `oss serve` to serve it.

use std::time::Duration;

use clap::Args;
use oss_client::ops::post::PostPolicy;
use oss_client::{Body, PresignOptions, PresignedRequest};
use serde_json::json;

use super::fail;
use crate::context::Context;
use crate::embedded;
use crate::error::{CliError, Result};
use crate::location::OssUrl;
use crate::output;
use crate::units;

/// `oss presign oss://bucket/key`, or `oss presign --post oss://bucket/prefix`.
#[derive(Debug, Args)]
pub struct PresignArgs {
    /// The object (with `--post`: the bucket and the prefix the form's keys must start
    /// with).
    pub url: String,
    /// How long the URL works (`3600`, `15m`, `2h`, `7d`; V4 allows at most 7 days).
    #[arg(long, default_value = "15m", value_name = "DURATION")]
    pub expires: String,
    /// The method the URL is for: GET, PUT, HEAD or DELETE.
    #[arg(long, default_value = "GET", conflicts_with = "post")]
    pub method: String,
    /// A browser upload form (PostObject) instead of a URL: prints the URL and the fields
    /// to send, in order, before the `file` field.
    #[arg(long)]
    pub post: bool,
    /// With `--post`: the file's size must be within MIN..=MAX bytes (`1,10M`).
    #[arg(long, value_name = "MIN,MAX", requires = "post")]
    pub content_length_range: Option<String>,
    /// With `--post`: the form's Content-Type field must start with this.
    #[arg(long, value_name = "PREFIX", requires = "post")]
    pub content_type_prefix: Option<String>,
}

/// Presigns `method` on `url` for `expires`.
pub async fn presign(
    ctx: &Context,
    url: &OssUrl,
    method: &str,
    expires: Duration,
) -> Result<PresignedRequest> {
    let client = ctx.signing_client()?;
    let bucket = client.bucket(&url.bucket);
    let options = PresignOptions::expires_in(expires);
    let what = format!("presign {url}");
    let presigned = match method.to_ascii_uppercase().as_str() {
        "GET" => bucket.get_object(&url.key).presign(options).await,
        "PUT" => {
            bucket
                .put_object(&url.key, Body::empty())
                .presign(options)
                .await
        }
        "HEAD" => bucket.head_object(&url.key).presign(options).await,
        "DELETE" => bucket.delete_object(&url.key).presign(options).await,
        other => {
            return Err(CliError::usage(format!(
                "--method {other}: expected GET, PUT, HEAD or DELETE"
            )))
        }
    };
    let presigned = presigned.map_err(fail(what))?;
    if ctx.settings.is_embedded() && !ctx.quiet {
        output::notice(format!(
            "no endpoint configured: the URL is for `oss serve` on http://{}",
            embedded::DEFAULT_SERVE_ADDR
        ));
    }
    Ok(presigned)
}

/// Runs `presign`.
pub async fn run(ctx: &Context, args: PresignArgs) -> Result<()> {
    if args.post {
        return run_post(ctx, args).await;
    }
    let url = OssUrl::parse_object(&args.url)?;
    let expires = units::parse_duration(&args.expires)?;
    let presigned = presign(ctx, &url, &args.method, expires).await?;
    let headers: serde_json::Map<String, serde_json::Value> = presigned
        .signed_headers
        .iter()
        .map(|(k, v)| (k.clone(), v.clone().into()))
        .collect();
    if !ctx.out.is_json() && !presigned.signed_headers.is_empty() && !ctx.quiet {
        for (name, value) in &presigned.signed_headers {
            output::notice(format!("the request must send the header {name}: {value}"));
        }
    }
    ctx.out.emit(
        json!({
            "method": presigned.method.as_str(),
            "url": presigned.url,
            "expiration": units::iso_time(presigned.expiration),
            "signed_headers": headers,
        }),
        || presigned.url.clone(),
    );
    Ok(())
}

/// `presign --post`: signs a form policy allowing keys under the URL's prefix.
async fn run_post(ctx: &Context, args: PresignArgs) -> Result<()> {
    let url = OssUrl::parse(&args.url)?;
    let expires = units::parse_duration(&args.expires)?;
    let mut policy = PostPolicy::new(expires).key_starts_with(url.key.clone());
    if let Some(range) = &args.content_length_range {
        let (min, max) = range.split_once(',').ok_or_else(|| {
            CliError::usage(format!("--content-length-range {range}: expected MIN,MAX"))
        })?;
        let (min, max) = (
            units::parse_size(min.trim())?,
            units::parse_size(max.trim())?,
        );
        if min > max {
            return Err(CliError::usage(format!(
                "--content-length-range {range}: the minimum is above the maximum"
            )));
        }
        policy = policy.content_length_range(min, max);
    }
    if let Some(prefix) = &args.content_type_prefix {
        policy = policy.content_type_starts_with(prefix.clone());
    }
    let client = ctx.signing_client()?;
    let form = client
        .bucket(&url.bucket)
        .post_form(&policy)
        .await
        .map_err(fail(format!("presign --post {url}")))?;
    if ctx.settings.is_embedded() && !ctx.quiet {
        output::notice(format!(
            "no endpoint configured: the form is for `oss serve` on http://{}",
            embedded::DEFAULT_SERVE_ADDR
        ));
    }
    let fields: Vec<serde_json::Value> = form
        .fields
        .iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect();
    ctx.out.emit(
        json!({
            "method": "POST",
            "url": form.url,
            "expiration": units::iso_time(form.expiration),
            "fields": fields,
            "policy": form.policy,
        }),
        || {
            let mut text = format!("POST {}", form.url);
            for (name, value) in &form.fields {
                text.push_str(&format!("\n{name}: {value}"));
            }
            text.push_str("\nfile: (the file, last)");
            text
        },
    );
    Ok(())
}
