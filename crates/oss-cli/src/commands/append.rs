//! `append`: adds a local file, standard input (`-`) or another object to the end of an
//! Appendable object, creating it; the position and the previous CRC-64 come from the
//! object, so every append is checked.

use clap::Args;
use oss_client::model::code::ErrorCode;
use oss_client::Body;
use serde_json::json;
use tokio::io::AsyncReadExt;

use super::fail;
use crate::context::Context;
use crate::error::{CliError, Result};
use crate::location::{Location, OssUrl};

/// `oss append SOURCE oss://bucket/key`.
#[derive(Debug, Args)]
pub struct AppendArgs {
    /// A local file, `-` for standard input, or `oss://bucket/key`.
    pub source: String,
    /// The Appendable object.
    pub destination: String,
}

/// Runs `append`.
pub async fn run(ctx: &Context, args: AppendArgs) -> Result<()> {
    let dest = OssUrl::parse_object(&args.destination)?;
    let bucket = ctx.bucket(&dest.bucket).await?;
    let what = format!("append to {dest}");
    let body = match Location::parse(&args.source)? {
        Location::Local(path) if path.as_os_str() == "-" => {
            let mut data = Vec::new();
            tokio::io::stdin()
                .read_to_end(&mut data)
                .await
                .map_err(|e| CliError::io("cannot read standard input", e))?;
            Body::from_bytes(data)
        }
        Location::Local(path) => {
            if !path.is_file() {
                return Err(CliError::failed(format!(
                    "cannot read {}: not a file",
                    path.display()
                )));
            }
            Body::from_file(path)
        }
        Location::Oss(source) => {
            let object = ctx
                .bucket(&source.bucket)
                .await?
                .get_object(&source.key)
                .await
                .map_err(fail(format!("append from {source}")))?;
            let length = object.meta.content_length.unwrap_or(0);
            Body::from_stream(object.body, length)
        }
    };
    let (position, previous) = match bucket.head_object(&dest.key).await {
        Ok(head) => (
            head.next_append_position
                .or(head.content_length)
                .unwrap_or(0),
            head.crc64ecma,
        ),
        Err(e) if e.is_not_found() && !e.is_code(ErrorCode::NoSuchBucket) => (0, Some(0)),
        Err(e) => return Err(CliError::oss(&what, e)),
    };
    let mut request = bucket.append_object(&dest.key, position, body);
    if let Some(crc) = previous {
        request = request.previous_crc(crc);
    }
    let output = request.await.map_err(fail(&what))?;
    ctx.out.emit(
        json!({
            "url": dest.to_string(),
            "position": position,
            "next_position": output.next_position,
            "crc64": output.crc64.map(|c| c.to_string()),
            "request_id": output.request_id(),
        }),
        || {
            format!(
                "appended {} byte(s) to {dest}: its length is {}",
                output.next_position - position,
                output.next_position
            )
        },
    );
    Ok(())
}
