//! Put, Get and DeleteObjectTagging.

use crate::request_body::RequestBody;
use oss_model::{Tag, Tagging};

use crate::auth::Access;
use crate::context::Ctx;
use crate::error::OssResult;
use crate::ops::{validate, xml};
use crate::response::{Reply, Resp};
use crate::store::ObjectUpdate;

async fn update(ctx: &Ctx, tags: Vec<(String, String)>) -> OssResult<()> {
    let update = ObjectUpdate::Tags(tags);
    let (b, k) = (ctx.bucket_name().to_owned(), ctx.key().to_owned());
    ctx.store(move |s| s.update_object(&b, &k, &update))
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(())
}

/// `PUT /bucket/key?tagging` with a `Tagging` body.
pub(crate) async fn put_tagging(ctx: &Ctx, body: RequestBody) -> OssResult<Resp> {
    ctx.bucket(Access::Owner).await?;
    let bytes = xml::read_small_body(body, 64 * 1024).await?;
    let tagging: Tagging = xml::parse(&bytes)?;
    let tags: Vec<(String, String)> = tagging.tags.into_iter().map(|t| (t.key, t.value)).collect();
    validate::tags(&tags)?;
    update(ctx, tags).await?;
    Ok(Reply::ok().build())
}

/// `GET /bucket/key?tagging`.
pub(crate) async fn get_tagging(ctx: &Ctx) -> OssResult<Resp> {
    ctx.bucket(Access::Owner).await?;
    let object = ctx.object(ctx.key()).await?;
    let body = Tagging {
        tags: object.tags.iter().map(|(k, v)| Tag::new(k, v)).collect(),
    };
    Ok(Reply::ok().xml(&body).build())
}

/// `DELETE /bucket/key?tagging`: 204.
pub(crate) async fn delete_tagging(ctx: &Ctx) -> OssResult<Resp> {
    ctx.bucket(Access::Owner).await?;
    update(ctx, Vec::new()).await?;
    Ok(Reply::new(204).build())
}
