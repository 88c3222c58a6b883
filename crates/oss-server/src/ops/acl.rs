//! PutObjectAcl and GetObjectAcl.

use oss_model::{AccessControlPolicy, Acl, Owner};

use crate::auth::Access;
use crate::context::{Ctx, OWNER_ID};
use crate::dialect::OBJECT_ACL;
use crate::error::{OssError, OssResult};
use crate::ops::validate;
use crate::ops::versions::{update_addressed, version_header};
use crate::response::{Reply, Resp};
use crate::store::ObjectUpdate;

/// `PUT /bucket/key?acl` with `x-oss-object-acl`.
pub(crate) async fn put_object_acl(ctx: &Ctx) -> OssResult<Resp> {
    ctx.bucket(Access::Owner).await?;
    let value = ctx.req.header(OBJECT_ACL).ok_or_else(|| {
        OssError::invalid_argument(format!("{OBJECT_ACL} is required."), OBJECT_ACL, "")
    })?;
    let update = ObjectUpdate::Acl(validate::acl(value, true)?);
    let updated = update_addressed(ctx, update).await?;
    Ok(version_header(Reply::ok(), &updated).build())
}

/// `GET /bucket/key?acl`: `default` until an ACL was set.
pub(crate) async fn get_object_acl(ctx: &Ctx) -> OssResult<Resp> {
    ctx.bucket_record().await?;
    if !ctx.is_signed() {
        return Err(OssError::access_denied(
            "You do not have read acl permission on this object.",
        ));
    }
    let object = ctx.addressed_object().await?;
    let body = AccessControlPolicy {
        owner: Owner::new(OWNER_ID),
        grant: Acl::parse(&object.acl),
    };
    Ok(version_header(Reply::ok(), &object).xml(&body).build())
}
