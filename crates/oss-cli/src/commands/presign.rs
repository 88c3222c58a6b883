//! `presign`: a URL anyone can use until it expires, without credentials.
//!
//! With the embedded default the URL points at the address `oss serve` listens on by
//! default (`http://127.0.0.1:9000`), since the embedded server stops with the command:
//! run `oss serve` to serve it.

use std::time::Duration;

use clap::Args;
use oss_client::{Body, PresignOptions, PresignedRequest};
use serde_json::json;

use super::fail;
use crate::context::Context;
use crate::embedded;
use crate::error::{CliError, Result};
use crate::location::OssUrl;
use crate::output;
use crate::units;

/// `oss presign oss://bucket/key`.
#[derive(Debug, Args)]
pub struct PresignArgs {
    /// The object.
    pub url: String,
    /// How long the URL works (`3600`, `15m`, `2h`, `7d`; V4 allows at most 7 days).
    #[arg(long, default_value = "15m", value_name = "DURATION")]
    pub expires: String,
    /// The method the URL is for: GET, PUT, HEAD or DELETE.
    #[arg(long, default_value = "GET")]
    pub method: String,
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
