//! DescribeRegions and ListCloudBoxes: where this server runs (its one region) and its
//! CloudBoxes (it has none).

use oss_model::{ListCloudBoxResult, RegionInfo, RegionInfoList};

use crate::auth::Principal;
use crate::context::Ctx;
use crate::dialect::{extranet_endpoint, intranet_endpoint, location};
use crate::error::{OssError, OssResult};
use crate::response::{Reply, Resp};

fn signed_only(ctx: &Ctx) -> OssResult<()> {
    if ctx.principal == Principal::Anonymous {
        return Err(OssError::access_denied(
            "Anonymous access is forbidden for this operation.",
        ));
    }
    Ok(())
}

/// `GET /?regions`: the server's region (`regions=NAME` asks for one: another is absent).
pub(crate) async fn describe_regions(ctx: &Ctx) -> OssResult<Resp> {
    signed_only(ctx)?;
    let region = &ctx.state.region;
    let name = location(region);
    let wanted = ctx.req.param("regions").filter(|r| !r.is_empty());
    let regions = if wanted.is_none_or(|w| w == name) {
        vec![RegionInfo {
            region: name,
            internet_endpoint: extranet_endpoint(region),
            internal_endpoint: intranet_endpoint(region),
            // No acceleration endpoint: this server has no accelerated network.
            accelerate_endpoint: String::new(),
        }]
    } else {
        Vec::new()
    };
    Ok(Reply::ok().xml(&RegionInfoList { regions }).build())
}

/// `GET /?cloudboxes`: an empty list (this server has no CloudBoxes).
pub(crate) async fn list_cloud_boxes(ctx: &Ctx) -> OssResult<Resp> {
    signed_only(ctx)?;
    let result = ListCloudBoxResult {
        prefix: ctx.req.param("prefix").map(str::to_owned),
        marker: ctx.req.param("marker").map(str::to_owned),
        ..ListCloudBoxResult::default()
    };
    Ok(Reply::ok().xml(&result).build())
}
