//! ListParts and ListMultipartUploads: the parts of an upload, and the uploads in progress,
//! with markers, page sizes up to 1,000, a delimiter (CommonPrefixes) and `encoding-type=url`.

use oss_model::{
    CommonPrefix, ETag, ListMultipartUploadsResult, ListPartsResult, Part, StorageClass, Upload,
};

use crate::auth::Access;
use crate::context::Ctx;
use crate::error::{OssError, OssResult};
use crate::ops::meta::{quoted, xml_time};
use crate::ops::multipart::upload_of;
use crate::ops::{validate, xml};
use crate::response::{Reply, Resp};
use crate::store::{PartRecord, UploadRecord};

/// `GET /bucket/key?uploadId=ID`: `max-parts` (default and at most 1,000),
/// `part-number-marker`.
pub(crate) async fn list_parts(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket_record().await?;
    ctx.authorize(Access::Write, &bucket, None)?;
    let upload = upload_of(ctx).await?;
    let max = validate::page_size(ctx.req.param("max-parts"), "max-parts", 1000)?;
    let url = xml::url_requested(ctx)?;
    let marker_raw = ctx.req.param("part-number-marker");
    let marker = match marker_raw {
        None | Some("") => 0,
        Some(v) => v.trim().parse::<u32>().map_err(|_| {
            OssError::invalid_argument("Invalid part-number-marker.", "part-number-marker", v)
        })?,
    };
    let (name, id) = (ctx.bucket_name().to_owned(), upload.upload_id.clone());
    let parts = ctx
        .store(move |s| s.parts(&name, &id))
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut after = parts.into_iter().filter(|p| p.part_number > marker);
    let page: Vec<PartRecord> = after.by_ref().take(max).collect();
    let truncated = after.next().is_some();
    let mut result = ListPartsResult {
        bucket: ctx.bucket_name().to_owned(),
        encoding_type: None,
        key: ctx.key().to_owned(),
        upload_id: upload.upload_id,
        part_number_marker: Some(marker),
        next_part_number_marker: Some(page.last().map_or(marker, |p| p.part_number)),
        max_parts: max as u32,
        is_truncated: truncated,
        parts: page
            .iter()
            .map(|p| Part {
                part_number: p.part_number,
                last_modified: xml_time(p.modified_ms),
                etag: ETag::new(quoted(&p.etag)),
                size: p.size,
                hash_crc64ecma: Some(p.crc64),
            })
            .collect(),
    };
    result.encoding_type = xml::encode_names(&mut result, url);
    Ok(Reply::ok().xml(&result).build())
}

/// `GET /bucket?uploads`: `prefix`, `delimiter`, `key-marker`, `upload-id-marker`,
/// `max-uploads` (default and at most 1,000), `encoding-type`.
pub(crate) async fn list_uploads(ctx: &Ctx) -> OssResult<Resp> {
    ctx.bucket(Access::Write).await?;
    let prefix = ctx.req.param("prefix").unwrap_or("").to_owned();
    let delimiter = ctx.req.param("delimiter").unwrap_or("").to_owned();
    let key_marker = ctx.req.param("key-marker").unwrap_or("").to_owned();
    // The upload-id marker only counts with a key marker.
    let id_marker = if key_marker.is_empty() {
        String::new()
    } else {
        ctx.req.param("upload-id-marker").unwrap_or("").to_owned()
    };
    let max = validate::page_size(ctx.req.param("max-uploads"), "max-uploads", 1000)?;
    let url = xml::url_requested(ctx)?;
    let (mut key_after, mut id_after) = (
        key_marker.clone(),
        if key_marker.is_empty() {
            String::new()
        } else if id_marker.is_empty() {
            // Everything of key-marker itself is skipped.
            "\u{10FFFF}".to_owned()
        } else {
            id_marker.clone()
        },
    );
    let mut uploads: Vec<UploadRecord> = Vec::new();
    let mut prefixes: Vec<String> = Vec::new();
    let mut truncated = false;
    'outer: loop {
        let (b, p, k, i) = (
            ctx.bucket_name().to_owned(),
            prefix.clone(),
            key_after.clone(),
            id_after.clone(),
        );
        let batch = ctx
            .store(move |s| s.list_uploads(&b, &p, &k, &i, 1000))
            .await
            .map_err(|e| ctx.fail(e))?;
        let full = batch.len() == 1000;
        if batch.is_empty() {
            break;
        }
        for upload in batch {
            let rest = &upload.key[prefix.len()..];
            let common = (!delimiter.is_empty())
                .then(|| rest.find(delimiter.as_str()))
                .flatten()
                .map(|i| upload.key[..prefix.len() + i + delimiter.len()].to_owned());
            if uploads.len() + prefixes.len() >= max {
                truncated = true;
                break 'outer;
            }
            match common {
                Some(common) => {
                    if prefixes.last() != Some(&common) && common > key_marker {
                        prefixes.push(common.clone());
                    }
                    key_after = format!("{common}\u{10FFFF}");
                    id_after = String::new();
                    continue 'outer;
                }
                None => {
                    key_after.clone_from(&upload.key);
                    id_after.clone_from(&upload.upload_id);
                    uploads.push(upload);
                }
            }
        }
        if !full {
            break;
        }
    }
    let (next_key, next_id) = match (truncated, uploads.last(), prefixes.last()) {
        (true, Some(u), p) if p.is_none_or(|p| *p < u.key) => (u.key.clone(), u.upload_id.clone()),
        (true, _, Some(p)) => (p.clone(), String::new()),
        _ => (String::new(), String::new()),
    };
    let mut result = ListMultipartUploadsResult {
        bucket: ctx.bucket_name().to_owned(),
        encoding_type: None,
        key_marker,
        upload_id_marker: id_marker,
        next_key_marker: next_key,
        next_upload_id_marker: next_id,
        delimiter,
        prefix,
        max_uploads: max as u32,
        is_truncated: truncated,
        uploads: uploads
            .iter()
            .map(|u| Upload {
                key: u.key.clone(),
                upload_id: u.upload_id.clone(),
                initiated: xml_time(u.initiated_ms),
                storage_class: Some(StorageClass::parse(&u.template.storage_class)),
            })
            .collect(),
        common_prefixes: prefixes
            .into_iter()
            .map(|prefix| CommonPrefix { prefix })
            .collect(),
    };
    result.encoding_type = xml::encode_names(&mut result, url);
    Ok(Reply::ok().xml(&result).build())
}
