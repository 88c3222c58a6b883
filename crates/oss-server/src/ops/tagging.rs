//! Put, Get and DeleteObjectTagging.

use crate::request_body::RequestBody;
use oss_model::{Tag, Tagging};

use crate::auth::Access;
use crate::context::Ctx;
use crate::error::OssResult;
use crate::ops::versions::{update_addressed, version_header};
use crate::ops::{validate, xml};
use crate::response::{Reply, Resp};
use crate::store::{ObjectRecord, ObjectUpdate};

async fn update(ctx: &Ctx, tags: Vec<(String, String)>) -> OssResult<ObjectRecord> {
    update_addressed(ctx, ObjectUpdate::Tags(tags)).await
}

/// `PUT /bucket/key?tagging` with a `Tagging` body.
pub(crate) async fn put_tagging(ctx: &Ctx, body: RequestBody) -> OssResult<Resp> {
    ctx.bucket(Access::Owner).await?;
    let bytes = xml::read_small_body(body, 64 * 1024).await?;
    let tagging: Tagging = xml::parse(&bytes)?;
    let tags: Vec<(String, String)> = tagging.tags.into_iter().map(|t| (t.key, t.value)).collect();
    validate::tags(&tags)?;
    let updated = update(ctx, tags).await?;
    Ok(version_header(Reply::ok(), &updated).build())
}

/// `GET /bucket/key?tagging`.
pub(crate) async fn get_tagging(ctx: &Ctx) -> OssResult<Resp> {
    ctx.bucket(Access::Owner).await?;
    let object = ctx.addressed_object().await?;
    let body = Tagging {
        tags: object.tags.iter().map(|(k, v)| Tag::new(k, v)).collect(),
    };
    Ok(version_header(Reply::ok(), &object).xml(&body).build())
}

/// `DELETE /bucket/key?tagging`: 204.
pub(crate) async fn delete_tagging(ctx: &Ctx) -> OssResult<Resp> {
    ctx.bucket(Access::Owner).await?;
    let updated = update(ctx, Vec::new()).await?;
    Ok(version_header(Reply::new(204), &updated).build())
}
