//! Sends the operation `api` names and prints its result.

use oss_client::model::{CompletedPart, ETag, MetadataDirective, ObjectHeaders, RestoreTier};
use oss_client::{Body, Output};
use serde::Serialize;
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;

use super::{ApiArgs, BodyArg, HeaderArgs, Operation};
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
fn wrap<T>(output: &Output<T>, result: Value) -> Value {
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

fn empty(output: Output<()>) -> Value {
    wrap(&output, Value::Null)
}

fn meta(output: Output<oss_client::model::ObjectMeta>) -> Value {
    let value = views::object_meta(output.value()).to_json();
    wrap(&output, value)
}

/// Runs `api`.
pub async fn run(ctx: &Context, args: ApiArgs) -> Result<()> {
    let client = ctx.client().await?;
    let name = format!("{:?}", args.operation)
        .split([' ', '(', '{'])
        .next()
        .unwrap_or("api")
        .to_owned();
    let fail = |e| CliError::oss(format!("api {name}"), e);
    let value = match args.operation {
        Operation::ListBuckets {
            prefix,
            marker,
            max_keys,
        } => {
            let mut request = client.list_buckets();
            if let Some(prefix) = prefix {
                request = request.prefix(prefix);
            }
            if let Some(marker) = marker {
                request = request.marker(marker);
            }
            if let Some(max) = max_keys {
                request = request.max_keys(max);
            }
            typed(request.await.map_err(fail)?)
        }
        Operation::PutBucket {
            bucket,
            acl,
            storage_class,
        } => {
            let mut request = client.bucket(bucket.bucket).put_bucket();
            if let Some(acl) = acl {
                request = request.acl(parse_acl(&acl)?);
            }
            if let Some(class) = storage_class {
                request = request.storage_class(parse_storage_class(&class)?);
            }
            empty(request.await.map_err(fail)?)
        }
        Operation::DeleteBucket(b) => empty(
            client
                .bucket(b.bucket)
                .delete_bucket()
                .await
                .map_err(fail)?,
        ),
        Operation::GetBucketInfo(b) => typed(
            client
                .bucket(b.bucket)
                .get_bucket_info()
                .await
                .map_err(fail)?,
        ),
        Operation::GetBucketLocation(b) => typed(
            client
                .bucket(b.bucket)
                .get_bucket_location()
                .await
                .map_err(fail)?,
        ),
        Operation::GetBucketStat(b) => typed(
            client
                .bucket(b.bucket)
                .get_bucket_stat()
                .await
                .map_err(fail)?,
        ),
        Operation::PutBucketAcl { bucket, acl } => empty(
            client
                .bucket(bucket.bucket)
                .put_bucket_acl(parse_acl(&acl)?)
                .await
                .map_err(fail)?,
        ),
        Operation::GetBucketAcl(b) => typed(
            client
                .bucket(b.bucket)
                .get_bucket_acl()
                .await
                .map_err(fail)?,
        ),
        Operation::ListObjects {
            bucket,
            listing,
            marker,
        } => {
            let mut request = client.bucket(bucket.bucket).list_objects();
            if let Some(prefix) = listing.prefix {
                request = request.prefix(prefix);
            }
            if let Some(delimiter) = listing.delimiter {
                request = request.delimiter(delimiter);
            }
            if let Some(max) = listing.max_keys {
                request = request.max_keys(max);
            }
            if let Some(marker) = marker {
                request = request.marker(marker);
            }
            typed(request.await.map_err(fail)?)
        }
        Operation::ListObjectsV2 {
            bucket,
            listing,
            continuation_token,
            start_after,
            fetch_owner,
        } => {
            let mut request = client
                .bucket(bucket.bucket)
                .list_objects_v2()
                .fetch_owner(fetch_owner);
            if let Some(prefix) = listing.prefix {
                request = request.prefix(prefix);
            }
            if let Some(delimiter) = listing.delimiter {
                request = request.delimiter(delimiter);
            }
            if let Some(max) = listing.max_keys {
                request = request.max_keys(max);
            }
            if let Some(token) = continuation_token {
                request = request.continuation_token(token);
            }
            if let Some(after) = start_after {
                request = request.start_after(after);
            }
            typed(request.await.map_err(fail)?)
        }
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
                return Ok(());
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
        Operation::GetObjectMeta(o) => meta(
            client
                .bucket(o.bucket)
                .get_object_meta(o.key)
                .await
                .map_err(fail)?,
        ),
        Operation::DeleteObject(o) => empty(
            client
                .bucket(o.bucket)
                .delete_object(o.key)
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
        Operation::PutObjectAcl { object, acl } => empty(
            client
                .bucket(object.bucket)
                .put_object_acl(object.key, parse_acl(&acl)?)
                .await
                .map_err(fail)?,
        ),
        Operation::GetObjectAcl(o) => typed(
            client
                .bucket(o.bucket)
                .get_object_acl(o.key)
                .await
                .map_err(fail)?,
        ),
        Operation::PutSymlink { object, target } => empty(
            client
                .bucket(object.bucket)
                .put_symlink(object.key, target)
                .await
                .map_err(fail)?,
        ),
        Operation::GetSymlink(o) => {
            let output = client
                .bucket(o.bucket)
                .get_symlink(o.key)
                .await
                .map_err(fail)?;
            let value = json!({
                "target": output.target,
                "etag": output.etag.as_ref().map(|e| e.as_str().to_owned()),
            });
            wrap(&output, value)
        }
        Operation::PutObjectTagging { object, tag } => {
            let tags = parse_pairs(&tag, "--tag")?;
            empty(
                client
                    .bucket(object.bucket)
                    .put_object_tagging(object.key, tags)
                    .await
                    .map_err(fail)?,
            )
        }
        Operation::GetObjectTagging(o) => typed(
            client
                .bucket(o.bucket)
                .get_object_tagging(o.key)
                .await
                .map_err(fail)?,
        ),
        Operation::DeleteObjectTagging(o) => empty(
            client
                .bucket(o.bucket)
                .delete_object_tagging(o.key)
                .await
                .map_err(fail)?,
        ),
        Operation::RestoreObject { object, days, tier } => {
            let mut request = client.bucket(object.bucket).restore_object(object.key);
            if let Some(days) = days {
                request = request.days(days);
            }
            if let Some(tier) = tier {
                request = request.tier(parse_tier(&tier)?);
            }
            empty(request.await.map_err(fail)?)
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
        Operation::AbortMultipartUpload(u) => empty(
            client
                .bucket(u.bucket)
                .abort_multipart_upload(u.key, u.upload_id)
                .await
                .map_err(fail)?,
        ),
        Operation::ListMultipartUploads {
            bucket,
            prefix,
            delimiter,
            key_marker,
            upload_id_marker,
            max_uploads,
        } => {
            let mut request = client.bucket(bucket.bucket).list_multipart_uploads();
            if let Some(prefix) = prefix {
                request = request.prefix(prefix);
            }
            if let Some(delimiter) = delimiter {
                request = request.delimiter(delimiter);
            }
            if let Some(marker) = key_marker {
                request = request.key_marker(marker);
            }
            if let Some(marker) = upload_id_marker {
                request = request.upload_id_marker(marker);
            }
            if let Some(max) = max_uploads {
                request = request.max_uploads(max);
            }
            typed(request.await.map_err(fail)?)
        }
        Operation::ListParts {
            upload,
            max_parts,
            part_number_marker,
        } => {
            let mut request = client
                .bucket(upload.bucket)
                .list_parts(upload.key, upload.upload_id);
            if let Some(max) = max_parts {
                request = request.max_parts(max);
            }
            if let Some(marker) = part_number_marker {
                request = request.part_number_marker(marker);
            }
            typed(request.await.map_err(fail)?)
        }
    };
    crate::output::print_json(&value);
    Ok(())
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
