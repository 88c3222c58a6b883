//! Sends the operation `api` names and prints its result.

use oss_client::model::{CompletedPart, ETag, MetadataDirective, ObjectHeaders, RestoreTier};
use oss_client::{Body, Output};
use serde::Serialize;
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;

use super::{generic, ApiArgs, ApiOperation, BodyArg, HeaderArgs, Operation};
use crate::commands::object::parse_range;
use crate::commands::{parse_acl, parse_pairs, parse_storage_class};
use crate::context::Context;
use crate::error::{CliError, Result};
use crate::views;

fn body(arg: &BodyArg) -> Body {
    match (&arg.file, &arg.body) {
        (Some(path), _) => Body::from_file(path),
        (None, Some(text)) => Body::from_bytes(text.clone().into_bytes()),
        (None, None) => Body::empty(),
    }
}

fn headers(args: &HeaderArgs) -> Result<ObjectHeaders> {
    let mut headers = ObjectHeaders::new();
    headers.content_type = args.content_type.clone();
    headers.acl = args.acl.as_deref().map(parse_acl).transpose()?;
    headers.storage_class = args
        .storage_class
        .as_deref()
        .map(parse_storage_class)
        .transpose()?;
    for (name, value) in parse_pairs(&args.meta, "--meta")? {
        headers = headers.meta(name, value);
    }
    for (key, value) in parse_pairs(&args.tag, "--tag")? {
        headers = headers.tag(key, value);
    }
    if args.forbid_overwrite {
        headers.forbid_overwrite = Some(true);
    }
    Ok(headers)
}

/// The printed form of a result.
pub(crate) fn wrap<T>(output: &Output<T>, result: Value) -> Value {
    json!({
        "status": output.status().as_u16(),
        "request_id": output.request_id(),
        "result": result,
    })
}

fn typed<T: Serialize>(output: Output<T>) -> Value {
    let value = serde_json::to_value(output.value()).unwrap_or(Value::Null);
    wrap(&output, value)
}

fn meta(output: Output<oss_client::model::ObjectMeta>) -> Value {
    let value = views::object_meta(output.value()).to_json();
    wrap(&output, value)
}

/// Runs `api`.
pub async fn run(ctx: &Context, args: ApiArgs) -> Result<()> {
    let client = ctx.client().await?;
    let value = match args.operation {
        ApiOperation::Generic(operation) => Some(generic::run(client, operation).await?),
        ApiOperation::Bespoke(operation) => bespoke(&client, operation).await?,
    };
    if let Some(value) = value {
        crate::output::print_json(&value);
    }
    Ok(())
}

/// Sends one of the operations whose `api` subcommand is written by hand; `None` when the
/// result was printed already (a body sent to standard output).
async fn bespoke(client: &oss_client::Client, operation: Operation) -> Result<Option<Value>> {
    let name = generic::kebab(operation.name().as_str());
    let fail = |e| CliError::oss(format!("api {name}"), e);
    let value = match operation {
        Operation::PutObject {
            object,
            body: b,
            headers: h,
        } => {
            let output = client
                .bucket(object.bucket)
                .put_object(object.key, body(&b))
                .object_headers(headers(&h)?)
                .await
                .map_err(fail)?;
            let value = json!({
                "etag": output.etag.as_ref().map(|e| e.as_str().to_owned()),
                "crc64": output.crc64.map(|c| c.to_string()),
                "version_id": output.version_id,
            });
            wrap(&output, value)
        }
        Operation::GetObject {
            object,
            file,
            range,
        } => {
            let mut request = client.bucket(object.bucket).get_object(object.key);
            if let Some(range) = range {
                request = request.range(parse_range(&range)?);
            }
            if file.as_os_str() == "-" {
                let output = request.await.map_err(fail)?;
                let value = json!({
                    "status": output.status().as_u16(),
                    "request_id": output.request_id(),
                    "result": views::object_meta(&output.meta).to_json(),
                });
                let bytes = output.bytes().await.map_err(fail)?;
                let mut stdout = tokio::io::stdout();
                stdout
                    .write_all(&bytes)
                    .await
                    .map_err(|e| CliError::io("cannot write standard output", e))?;
                let _ = stdout.flush().await;
                eprintln!(
                    "{}",
                    serde_json::to_string_pretty(&value).unwrap_or_default()
                );
                return Ok(None);
            }
            meta(request.to_file(&file).await.map_err(fail)?)
        }
        Operation::HeadObject(o) => meta(
            client
                .bucket(o.bucket)
                .head_object(o.key)
                .await
                .map_err(fail)?,
        ),
        Operation::DeleteMultipleObjects {
            bucket,
            keys,
            quiet,
        } => typed(
            client
                .bucket(bucket.bucket)
                .delete_objects(keys)
                .quiet(quiet)
                .await
                .map_err(fail)?,
        ),
        Operation::CopyObject {
            object,
            source_bucket,
            source_key,
            replace_metadata,
            headers: h,
        } => {
            let mut headers = headers(&h)?;
            if replace_metadata {
                headers.metadata_directive = Some(MetadataDirective::Replace);
            }
            let mut request = client
                .bucket(object.bucket)
                .copy_object(source_key, object.key)
                .object_headers(headers);
            if let Some(source) = source_bucket {
                request = request.source_bucket(source);
            }
            typed(request.await.map_err(fail)?)
        }
        Operation::AppendObject {
            object,
            position,
            previous_crc,
            body: b,
        } => {
            let mut request =
                client
                    .bucket(object.bucket)
                    .append_object(object.key, position, body(&b));
            if let Some(crc) = previous_crc {
                request = request.previous_crc(crc);
            }
            let output = request.await.map_err(fail)?;
            let value = json!({
                "next_position": output.next_position,
                "crc64": output.crc64.map(|c| c.to_string()),
                "verified_after_retry": output.verified_after_retry,
            });
            wrap(&output, value)
        }
        Operation::InitiateMultipartUpload { object, headers: h } => typed(
            client
                .bucket(object.bucket)
                .initiate_multipart_upload(object.key)
                .object_headers(headers(&h)?)
                .await
                .map_err(fail)?,
        ),
        Operation::UploadPart {
            upload,
            part_number,
            body: b,
        } => {
            let output = client
                .bucket(upload.bucket)
                .upload_part(upload.key, upload.upload_id, part_number, body(&b))
                .await
                .map_err(fail)?;
            let value = json!({
                "part_number": output.part_number,
                "etag": output.etag.as_str(),
                "crc64": output.crc64.map(|c| c.to_string()),
            });
            wrap(&output, value)
        }
        Operation::UploadPartCopy {
            upload,
            part_number,
            source_bucket,
            source_key,
            range,
        } => {
            let mut request = client.bucket(upload.bucket).upload_part_copy(
                upload.key,
                upload.upload_id,
                part_number,
                source_key,
            );
            if let Some(source) = source_bucket {
                request = request.source_bucket(source);
            }
            if let Some(range) = range {
                request = request.source_range(parse_range(&range)?);
            }
            typed(request.await.map_err(fail)?)
        }
        Operation::CompleteMultipartUpload {
            upload,
            parts,
            complete_all,
        } => {
            let mut request = client
                .bucket(upload.bucket)
                .complete_multipart_upload(upload.key, upload.upload_id);
            if complete_all {
                request = request.complete_all();
            }
            for part in &parts {
                let (number, etag) = part
                    .split_once(':')
                    .and_then(|(n, e)| Some((n.trim().parse::<u32>().ok()?, e.trim())))
                    .ok_or_else(|| {
                        CliError::usage(format!("--part {part:?}: expected NUMBER:ETAG"))
                    })?;
                request = request.parts([CompletedPart {
                    part_number: number,
                    etag: ETag::new(etag),
                }]);
            }
            let output = request.await.map_err(fail)?;
            let value = json!({
                "bucket": output.bucket,
                "key": output.key,
                "etag": output.etag.as_str(),
                "location": output.location,
                "crc64": output.crc64.map(|c| c.to_string()),
                "verified_after_retry": output.verified_after_retry,
            });
            wrap(&output, value)
        }
    };
    Ok(Some(value))
}

/// How `oss api` prints an output read from response headers.
pub(crate) trait ApiValue {
    /// The printed form.
    fn api_value(&self) -> Value;
}

impl ApiValue for oss_client::model::ObjectMeta {
    fn api_value(&self) -> Value {
        views::object_meta(self).to_json()
    }
}

impl ApiValue for oss_client::model::SymlinkInfo {
    fn api_value(&self) -> Value {
        json!({
            "target": self.target,
            "etag": self.etag.as_ref().map(|e| e.as_str()),
        })
    }
}

impl ApiValue for oss_client::model::CorsPreflight {
    fn api_value(&self) -> Value {
        json!({
            "AccessControlAllowOrigin": self.allow_origin,
            "AccessControlAllowMethods": self.allow_methods,
            "AccessControlAllowHeaders": self.allow_headers,
            "AccessControlExposeHeaders": self.expose_headers,
            "AccessControlMaxAge": self.max_age,
        })
    }
}

impl ApiValue for oss_client::model::DeleteObjectResult {
    fn api_value(&self) -> Value {
        json!({
            "version_id": self.version_id,
            "delete_marker": self.delete_marker,
        })
    }
}

impl ApiValue for oss_client::model::InitiateBucketWormResult {
    fn api_value(&self) -> Value {
        json!({ "worm_id": self.worm_id })
    }
}

impl ApiValue for oss_client::model::SealAppendObjectResult {
    fn api_value(&self) -> Value {
        json!({ "sealed_time": self.sealed_time })
    }
}

/// Parses a restore tier.
pub fn parse_tier(text: &str) -> Result<RestoreTier> {
    match text.to_ascii_lowercase().as_str() {
        "expedited" => Ok(RestoreTier::Expedited),
        "standard" => Ok(RestoreTier::Standard),
        "bulk" => Ok(RestoreTier::Bulk),
        _ => Err(CliError::usage(format!(
            "tier {text:?}: expected Expedited, Standard or Bulk"
        ))),
    }
}
