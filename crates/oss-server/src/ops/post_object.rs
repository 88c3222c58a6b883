//! PostObject (`POST /` to a bucket with a `multipart/form-data` body): an upload from an
//! HTML form. The fields before the file are read first; the signature (V1 or V4, through
//! oss-auth) and the policy's expiry and conditions are checked, the ACLs decide an anonymous
//! form; only then does the file stream into a blob, within the policy's size range, and the
//! object is committed once the form has ended properly. Any failure leaves nothing.
//!
//! The form's other fields act as the headers of a PutObject: the content headers, user
//! metadata, ACL, encryption and `x-oss-forbid-overwrite` go through the same code. A
//! `Content-Type` field wins over the file part's own type, which is used when there is none.

use http::{HeaderName, HeaderValue};
use oss_auth::encoding::{encode_component, encode_path};
use oss_auth::post_policy::{verify_form, FormSigner};
use oss_model::PostResponse;

use crate::auth::{Access, Principal};
use crate::callback;
use crate::context::Ctx;
use crate::dialect::{HASH_CRC64ECMA, SIGNING, VERSION_ID};
use crate::error::{OssError, OssResult};
use crate::ops::form::{self, FileData, FormReader, MAX_FIELDS_BYTES};
use crate::ops::meta::{self, quoted};
use crate::ops::post_policy::{self, Allowed};
use crate::ops::{object, upload, validate, worm};
use crate::request_body::RequestBody;
use crate::response::{Reply, Resp};

/// The form field with the object key.
const KEY_FIELD: &str = "key";
/// The field whose data is the object; it must come last.
const FILE_FIELD: &str = "file";
/// In a key, replaced by the file's name.
const FILENAME_VARIABLE: &str = "${filename}";
/// Where to send the browser after the upload.
const REDIRECT_FIELD: &str = "success_action_redirect";
/// The status to answer with (200, 201 or 204).
const STATUS_FIELD: &str = "success_action_status";
/// An upload callback (base64 JSON); its variables are the form's `x:` fields.
const CALLBACK_FIELD: &str = "callback";

/// The fields before the file: lower-case names (the first of each name wins) and values.
struct Fields(Vec<(String, String)>);

impl Fields {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// `POST /` with a form: stores the form's file as an object.
pub(crate) async fn post_object(ctx: &Ctx, body: RequestBody) -> OssResult<Resp> {
    let content_type = ctx.req.header("content-type").unwrap_or_default();
    let boundary = form::boundary(content_type).ok_or_else(|| {
        OssError::invalid_argument(
            "PostObject takes a multipart/form-data body with a boundary.",
            "Content-Type",
            content_type,
        )
    })?;
    let mut reader = FormReader::new(body, &boundary);
    let (fields, file) = read_fields(&mut reader).await?;
    let callback = callback::from_form(
        fields.get(CALLBACK_FIELD),
        fields.0.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    )?;
    let key_template = fields.get(KEY_FIELD).ok_or_else(|| {
        OssError::invalid_argument("The form field key is required.", KEY_FIELD, "")
    })?;
    let state = &ctx.state;
    let lookup = |id: &str| {
        state
            .credentials
            .get(id)
            .cloned()
            .or_else(|| state.sts.lookup(id))
    };
    let signer = verify_form(SIGNING, |name| fields.get(name), lookup, ctx.now)?;
    let bucket_name = ctx.bucket_name().to_owned();
    let allowed = match &signer {
        FormSigner::Anonymous => Allowed {
            min_size: 0,
            max_size: u64::MAX,
        },
        FormSigner::Signed { policy, .. } => post_policy::enforce(policy, ctx.now, |name| {
            if name == "bucket" {
                Some(bucket_name.as_str())
            } else {
                fields.get(name)
            }
        })?,
    };
    let filename = file.filename.as_deref().unwrap_or_default();
    let key = key_template.replace(FILENAME_VARIABLE, base_name(filename));
    validate::key(&key)?;
    let ctx = form_context(ctx, &fields, file.content_type.as_deref(), &key, &signer);
    crate::features::refuse_unsupported(&ctx.req, ctx.op.info())?;
    let bucket = ctx.bucket_record().await?;
    ctx.authorize(Access::Write, &bucket, None)?;
    worm::refuse_if_protected(&ctx, &bucket, &key).await?;
    let mut meta = meta::from_request(&ctx.req)?;
    meta::apply_bucket_encryption(&mut meta.headers, &bucket);
    let mime_type = meta::content_type(&meta.headers).to_owned();
    let pre = object::overwrite_precondition(&ctx, &bucket).await?;
    let expected_md5 = upload::content_md5(&ctx)?;
    let max = allowed.max_size.min(upload::MAX_UPLOAD);
    let received = upload::receive_data(
        &ctx,
        FileData(&mut reader),
        expected_md5,
        max,
        post_policy::too_large,
    )
    .await?;
    let checked = match reader.finish().await {
        Err(e) => Err(e),
        Ok(()) if received.size < allowed.min_size => Err(post_policy::too_small()),
        Ok(()) => Ok(()),
    };
    if let Err(e) = checked {
        ctx.state.store.discard(&received.blob);
        return Err(e);
    }
    let stored = object::commit(&ctx, &bucket, meta, &received, pre).await?;
    crate::ops::replication::after_write(&ctx, &bucket, &key).await;
    let etag = quoted(&stored.etag);
    let reply = match &callback {
        // The application's reply is the answer, whatever the form asked for.
        Some(_) => Reply::ok(),
        None => success(&ctx, &fields, &key, &etag),
    };
    let reply = reply
        .header_opt(VERSION_ID, stored.version_id)
        .header("etag", &etag)
        .header(HASH_CRC64ECMA, received.crc64.to_string());
    let reply = meta::report_encryption(reply, &stored.headers);
    let (bucket, etag, size) = (ctx.bucket_name(), &stored.etag, received.size);
    let stored = callback::Stored {
        bucket,
        key: &key,
        etag,
        size,
        mime_type: &mime_type,
    };
    callback::respond(callback, stored, reply, |reply| reply).await
}

/// Reads the fields up to the file's part (at most [`MAX_FIELDS_BYTES`] in all).
async fn read_fields(reader: &mut FormReader) -> OssResult<(Fields, form::PartHead)> {
    let mut fields = Vec::new();
    let mut total = 0;
    loop {
        let Some(part) = reader.next_part().await? else {
            return Err(form::malformed("the form has no file field"));
        };
        let name = part.name.to_ascii_lowercase();
        if name == FILE_FIELD {
            return Ok((Fields(fields), part));
        }
        let value = reader.read_value(MAX_FIELDS_BYTES - total).await?;
        total += value.len();
        let value = String::from_utf8(value).map_err(|_| {
            OssError::invalid_argument("A form field is not UTF-8.", &part.name, "")
        })?;
        if !fields.iter().any(|(n, _)| *n == name) {
            fields.push((name, value));
        }
    }
}

/// The last component of a browser's file name (some send a whole Windows path).
fn base_name(filename: &str) -> &str {
    filename.rsplit(['/', '\\']).next().unwrap_or(filename)
}

/// The context the rest of the upload sees: the object `key` addressed, the form's fields as
/// its headers (the file part's type when the form sets none), and the form's signer.
fn form_context(
    ctx: &Ctx,
    fields: &Fields,
    file_type: Option<&str>,
    key: &str,
    signer: &FormSigner,
) -> Ctx {
    let mut req = ctx.req.clone();
    req.key = Some(key.to_owned());
    req.headers.clear();
    for (name, value) in &fields.0 {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            req.headers.append(name, value);
        }
    }
    if fields.get("content-type").is_none() {
        if let Some(value) = file_type.and_then(|t| HeaderValue::from_str(t).ok()) {
            req.headers.insert(http::header::CONTENT_TYPE, value);
        }
    }
    // The original request's headers that are about the request, not the object.
    for name in [
        http::header::HOST,
        http::header::ORIGIN,
        http::header::REFERER,
    ] {
        if let Some(value) = ctx.req.headers.get(&name) {
            req.headers.insert(name, value.clone());
        }
    }
    Ctx {
        state: ctx.state.clone(),
        req,
        now: ctx.now,
        principal: match signer {
            // The reference: a form's request-level signature, if any, is not what counts.
            FormSigner::Anonymous => Principal::Anonymous,
            FormSigner::Signed { .. } => Principal::Owner,
        },
        op: ctx.op,
    }
}

/// The success answer the form asks for: a redirect (303 to `success_action_redirect` with
/// the bucket, key and ETag in its query), or `success_action_status` 200, 201 (with a
/// `PostResponse`) or 204 (the default, and the answer to any other value).
fn success(ctx: &Ctx, fields: &Fields, key: &str, etag: &str) -> Reply {
    let bucket = ctx.bucket_name();
    if let Some(target) = fields.get(REDIRECT_FIELD).filter(|t| !t.is_empty()) {
        let separator = if target.contains('?') { '&' } else { '?' };
        let location = format!(
            "{target}{separator}bucket={}&key={}&etag={}",
            encode_component(bucket),
            encode_component(key),
            encode_component(etag)
        );
        return Reply::new(303).header("location", location);
    }
    match fields.get(STATUS_FIELD) {
        Some("200") => Reply::new(200),
        Some("201") => {
            let path = if ctx.req.virtual_hosted {
                encode_path(key).into_owned()
            } else {
                format!("{bucket}/{}", encode_path(key))
            };
            let response = PostResponse {
                bucket: bucket.to_owned(),
                location: format!("http://{}/{path}", ctx.req.host),
                key: key.to_owned(),
                etag: etag.to_owned(),
            };
            Reply::new(201).xml(&response)
        }
        _ => Reply::new(204),
    }
}
