//! Families of named bucket documents, stored one item per name (see
//! [`BucketChange::Item`]): image styles (`?style&styleName=`), inventories
//! (`?inventory&inventoryId=`) and per-requester QoS limits (`?requesterQosInfo&qosRequester=`).
//!
//! Each item is checked by its operation's rules (the row's `read_request`) before it is
//! stored; only the bucket's owner may read or change them. Storing an inventory or a QoS
//! limit is all this server does with it: it writes no inventory lists and throttles nothing.

use oss_model::code::ErrorCode;
use oss_model::op::OpInfo;
use oss_model::{
    InventoryConfiguration, ListBucketRequesterQosInfosResult, ListInventoryConfigurationsResult,
    QosConfiguration, RequesterQosInfo, StyleContent, StyleInfo, StyleList, XmlBody,
};

use crate::auth::Access;
use crate::context::Ctx;
use crate::error::{OssError, OssResult};
use crate::ops::document::{check, document_reply};
use crate::ops::xml;
use crate::request_body::RequestBody;
use crate::response::{Reply, Resp};
use crate::store::{item_name, BucketChange, BucketRecord};

const STYLES: &str = "style";
const INVENTORIES: &str = "inventory";
const REQUESTER_QOS: &str = "requesterQosInfo";

/// The most items a listing page holds.
const PAGE: usize = 100;

/// The largest item body read.
const MAX_BODY: usize = 64 * 1024;

/// The value of a required query parameter.
fn param<'a>(ctx: &'a Ctx, name: &str) -> OssResult<&'a str> {
    match ctx.req.param(name) {
        Some(value) if !value.is_empty() => Ok(value),
        _ => Err(OssError::invalid_argument(
            format!("The parameter {name} is required."),
            name,
            "",
        )),
    }
}

/// Reads the request body as the operation's document, checked by its rules.
async fn read<T: XmlBody>(ctx: &Ctx, info: &OpInfo, body: RequestBody) -> OssResult<T> {
    let bytes = xml::read_small_body(body, MAX_BODY).await?;
    let document = check(ctx, info, &bytes)?
        .ok_or_else(|| OssError::malformed_xml("the request has no document"))?;
    xml::parse(document.as_bytes())
}

async fn store(
    ctx: &Ctx,
    family: &'static str,
    id: &str,
    document: Option<String>,
) -> OssResult<()> {
    let bucket = ctx.bucket_name().to_owned();
    let change = BucketChange::Item {
        family,
        id: id.to_owned(),
        document,
    };
    ctx.store(move |s| s.update_bucket(&bucket, &change))
        .await
        .map(drop)
        .map_err(|e| ctx.fail(e))
}

/// The items of `family`, by name, in name order.
fn items<'a>(bucket: &'a BucketRecord, family: &str) -> impl Iterator<Item = (&'a str, &'a str)> {
    let prefix = item_name(family, "");
    let skip = prefix.len();
    bucket
        .documents
        .range(prefix.clone()..)
        .take_while(move |(name, _)| name.starts_with(&prefix))
        .map(move |(name, text)| (&name[skip..], text.as_str()))
}

fn item<'a>(bucket: &'a BucketRecord, family: &str, id: &str) -> Option<&'a str> {
    bucket
        .documents
        .get(&item_name(family, id))
        .map(String::as_str)
}

/// PutStyle: stores the style with its times (the creation time kept on replacement).
pub(crate) async fn put_style(ctx: &Ctx, info: &OpInfo, body: RequestBody) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let name = param(ctx, "styleName")?.to_owned();
    let content: StyleContent = read(ctx, info, body).await?;
    let now = oss_model::time::format_iso8601(ctx.now);
    let created = item(&bucket, STYLES, &name)
        .and_then(|text| StyleInfo::from_xml(text).ok())
        .and_then(|style| style.create_time);
    let style = StyleInfo {
        name: name.clone(),
        content: content.content,
        create_time: Some(created.unwrap_or_else(|| now.clone())),
        last_modify_time: Some(now),
        category: Some(ctx.req.param("category").unwrap_or("image").to_owned()),
    };
    store(ctx, STYLES, &name, Some(style.to_xml())).await?;
    Ok(Reply::ok().build())
}

/// GetStyle: the style, or `NoSuchStyle`.
pub(crate) async fn get_style(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let name = param(ctx, "styleName")?;
    item(&bucket, STYLES, name)
        .map(|text| document_reply(text.to_owned()))
        .ok_or_else(|| OssError::of(ErrorCode::NoSuchStyle, "The style does not exist."))
}

/// ListStyle: every style.
pub(crate) async fn list_styles(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let styles = items(&bucket, STYLES)
        .filter_map(|(_, text)| StyleInfo::from_xml(text).ok())
        .collect();
    Ok(Reply::ok().xml(&StyleList { styles }).build())
}

/// DeleteStyle: 204, whether or not the style existed.
pub(crate) async fn delete_style(ctx: &Ctx) -> OssResult<Resp> {
    ctx.bucket(Access::Owner).await?;
    let name = param(ctx, "styleName")?.to_owned();
    store(ctx, STYLES, &name, None).await?;
    Ok(Reply::new(204).build())
}

/// The most inventories a bucket holds.
const MAX_INVENTORIES: usize = 1000;

/// PutBucketInventory: the id parameter must name the document's `Id`; an existing id is
/// refused (`InventoryAlreadyExist`, as the reference says), as is the 1,001st.
pub(crate) async fn put_inventory(ctx: &Ctx, info: &OpInfo, body: RequestBody) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let id = param(ctx, "inventoryId")?.to_owned();
    let inventory: InventoryConfiguration = read(ctx, info, body).await?;
    if inventory.id != id {
        return Err(OssError::invalid_argument(
            "The inventoryId parameter and the configuration's Id differ.",
            "inventoryId",
            &id,
        ));
    }
    if item(&bucket, INVENTORIES, &id).is_some() {
        return Err(OssError::new(
            409,
            "InventoryAlreadyExist",
            "An inventory with this id already exists.",
        ));
    }
    if items(&bucket, INVENTORIES).count() >= MAX_INVENTORIES {
        return Err(OssError::invalid_argument(
            format!("A bucket holds at most {MAX_INVENTORIES} inventories."),
            "inventoryId",
            &id,
        ));
    }
    store(ctx, INVENTORIES, &id, Some(inventory.to_xml())).await?;
    Ok(Reply::ok().build())
}

/// GetBucketInventory: the inventory, or `NoSuchInventory`.
pub(crate) async fn get_inventory(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let id = param(ctx, "inventoryId")?;
    item(&bucket, INVENTORIES, id)
        .map(|text| document_reply(text.to_owned()))
        .ok_or_else(|| OssError::of(ErrorCode::NoSuchInventory, "The inventory does not exist."))
}

/// ListBucketInventory: up to 100 inventories after the continuation token (an id).
pub(crate) async fn list_inventories(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let after = ctx.req.param("continuation-token").unwrap_or_default();
    let mut page: Vec<(&str, &str)> = items(&bucket, INVENTORIES)
        .filter(|(id, _)| *id > after)
        .take(PAGE + 1)
        .collect();
    let is_truncated = page.len() > PAGE;
    page.truncate(PAGE);
    let result = ListInventoryConfigurationsResult {
        next_continuation_token: is_truncated
            .then(|| page.last().map(|(id, _)| (*id).to_owned()))
            .flatten(),
        configurations: page
            .iter()
            .filter_map(|(_, text)| InventoryConfiguration::from_xml(text).ok())
            .collect(),
        is_truncated,
    };
    Ok(Reply::ok().xml(&result).build())
}

/// DeleteBucketInventory: 204.
pub(crate) async fn delete_inventory(ctx: &Ctx) -> OssResult<Resp> {
    ctx.bucket(Access::Owner).await?;
    let id = param(ctx, "inventoryId")?.to_owned();
    store(ctx, INVENTORIES, &id, None).await?;
    Ok(Reply::new(204).build())
}

/// PutBucketRequesterQosInfo: the requester's limits.
pub(crate) async fn put_requester_qos(
    ctx: &Ctx,
    info: &OpInfo,
    body: RequestBody,
) -> OssResult<Resp> {
    ctx.bucket(Access::Owner).await?;
    let requester = param(ctx, "qosRequester")?.to_owned();
    let qos: QosConfiguration = read(ctx, info, body).await?;
    store(ctx, REQUESTER_QOS, &requester, Some(qos.to_xml())).await?;
    Ok(Reply::ok().build())
}

/// GetBucketRequesterQosInfo: the requester's limits (a requester without limits of its own
/// has the unset ones, `-1`).
pub(crate) async fn get_requester_qos(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let requester = param(ctx, "qosRequester")?;
    let info = requester_info(requester, item(&bucket, REQUESTER_QOS, requester));
    Ok(Reply::ok().xml(&info).build())
}

fn requester_info(requester: &str, stored: Option<&str>) -> RequesterQosInfo {
    RequesterQosInfo {
        requester: requester.to_owned(),
        qos: stored
            .and_then(|text| QosConfiguration::from_xml(text).ok())
            .unwrap_or_else(<QosConfiguration as oss_model::op::Setting>::unset),
    }
}

/// ListBucketRequesterQosInfos: up to `max-keys` (100) requesters after the token.
pub(crate) async fn list_requester_qos(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let after = ctx.req.param("continuation-token").unwrap_or_default();
    let size = ctx
        .req
        .param("max-keys")
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(PAGE)
        .clamp(1, 1000);
    let mut page: Vec<(&str, &str)> = items(&bucket, REQUESTER_QOS)
        .filter(|(id, _)| *id > after)
        .take(size + 1)
        .collect();
    let is_truncated = page.len() > size;
    page.truncate(size);
    let result = ListBucketRequesterQosInfosResult {
        bucket: bucket.name.clone(),
        continuation_token: (!after.is_empty()).then(|| after.to_owned()),
        next_continuation_token: is_truncated
            .then(|| page.last().map(|(id, _)| (*id).to_owned()))
            .flatten(),
        is_truncated,
        infos: page
            .iter()
            .map(|(id, text)| requester_info(id, Some(text)))
            .collect(),
    };
    Ok(Reply::ok().xml(&result).build())
}

/// DeleteBucketRequesterQosInfo: 204.
pub(crate) async fn delete_requester_qos(ctx: &Ctx) -> OssResult<Resp> {
    ctx.bucket(Access::Owner).await?;
    let requester = param(ctx, "qosRequester")?.to_owned();
    store(ctx, REQUESTER_QOS, &requester, None).await?;
    Ok(Reply::new(204).build())
}
