//! ListBuckets (GetService): the buckets of the account.

use oss_model::{BucketSummary, ListAllMyBucketsResult, Owner, StorageClass};

use crate::auth::Principal;
use crate::context::{Ctx, OWNER_ID};
use crate::dialect::{extranet_endpoint, intranet_endpoint, location};
use crate::error::{OssError, OssResult};
use crate::ops::validate;
use crate::response::{Reply, Resp};

/// `GET /`: the buckets, with `prefix`, `marker` and `max-keys` (default 100, at most 1000).
pub(crate) async fn list_buckets(ctx: &Ctx) -> OssResult<Resp> {
    if ctx.principal == Principal::Anonymous {
        return Err(OssError::access_denied(
            "Anonymous access is forbidden for this operation.",
        ));
    }
    let prefix = ctx.req.param("prefix").unwrap_or("").to_owned();
    let marker = ctx.req.param("marker").unwrap_or("").to_owned();
    let max = validate::page_size(ctx.req.param("max-keys"), "max-keys", 100)?;
    let all = ctx.store(|s| s.buckets()).await.map_err(|e| ctx.fail(e))?;
    let mut matching = all
        .into_iter()
        .filter(|b| b.name.starts_with(&prefix) && b.name > marker);
    let page: Vec<_> = matching.by_ref().take(max).collect();
    let truncated = matching.next().is_some();
    let buckets = page
        .iter()
        .map(|b| BucketSummary {
            creation_date: crate::ops::meta::xml_time(b.created_ms),
            extranet_endpoint: extranet_endpoint(&b.region),
            intranet_endpoint: intranet_endpoint(&b.region),
            location: location(&b.region),
            name: b.name.clone(),
            region: Some(b.region.clone()),
            storage_class: Some(StorageClass::parse(&b.storage_class)),
            resource_group_id: None,
        })
        .collect();
    let mut result = ListAllMyBucketsResult {
        owner: Owner::new(OWNER_ID),
        buckets,
        ..ListAllMyBucketsResult::default()
    };
    if truncated {
        result.prefix = Some(prefix);
        result.marker = Some(marker);
        result.max_keys = Some(max as u32);
        result.is_truncated = Some(true);
        result.next_marker = page.last().map(|b| b.name.clone());
    }
    Ok(Reply::ok().xml(&result).build())
}
