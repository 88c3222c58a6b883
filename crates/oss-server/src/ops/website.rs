//! Static websites: anonymous GET and HEAD requests of a bucket with a
//! `WebsiteConfiguration` are answered as a website, as at OSS. The root and keys ending in
//! `/` get the index document under them; a missing key gets the error document with 404;
//! routing rules (tried by `RuleNumber`, the first that matches wins) serve another key
//! (`Internal`) or redirect (`External`, `AliCDN`). Mirror rules, which fetch from an outside
//! origin, are refused when the configuration is stored. Signed requests see the bucket as
//! usual (a listing at the root).

use http::Method;
use oss_model::op::OpName;
use oss_model::{RoutingRule, WebsiteConfiguration, XmlBody};

use crate::auth::Principal;
use crate::context::Ctx;
use crate::error::{OssError, OssResult};
use crate::ops::read;
use crate::response::{Reply, Resp};
use crate::store::StoreError;

/// The response of a website request, or `None` when the request is not one (signed, not a
/// read, or the bucket is no website).
pub(crate) async fn serve(ctx: &Ctx, op: OpName) -> OssResult<Option<Resp>> {
    if ctx.principal != Principal::Anonymous
        || !(ctx.req.method == Method::GET || ctx.req.method == Method::HEAD)
    {
        return Ok(None);
    }
    let key = match op {
        OpName::ListObjects if ctx.req.query.is_empty() => String::new(),
        OpName::GetObject | OpName::HeadObject => ctx.key().to_owned(),
        _ => return Ok(None),
    };
    let Ok(bucket) = ctx.bucket_record().await else {
        return Ok(None);
    };
    let Some(site) = bucket
        .documents
        .get("website")
        .and_then(|text| WebsiteConfiguration::from_xml(text).ok())
    else {
        return Ok(None);
    };
    let mut target = key.clone();
    if key.is_empty() || key.ends_with('/') {
        match &site.index_document {
            Some(index) => target.push_str(&index.suffix),
            // No index: the root is a listing (which anonymous reads may be refused).
            None if key.is_empty() => return Ok(None),
            None => {}
        }
    }
    let exists = exists(ctx, &target).await?;
    let status = if exists { 200 } else { 404 };
    let header = |name: &str| ctx.req.header(name).map(str::to_owned);
    if let Some(rule) = site
        .rules_in_order()
        .into_iter()
        .find(|rule| rule.matches(&key, status, header))
    {
        return apply(ctx, &site, rule, &key).await.map(Some);
    }
    if exists {
        return object(ctx, &target).await.map(Some);
    }
    error_document(ctx, &site).await.map(Some)
}

async fn exists(ctx: &Ctx, key: &str) -> OssResult<bool> {
    if key.is_empty() || oss_model::validate::object_key(key).is_err() {
        return Ok(false);
    }
    let (bucket, key) = (ctx.bucket_name().to_owned(), key.to_owned());
    match ctx.store(move |s| s.object(&bucket, &key)).await {
        Ok(_) => Ok(true),
        Err(StoreError::NoSuchKey) => Ok(false),
        Err(e) => Err(ctx.fail(e)),
    }
}

/// The object `key`, read as a GetObject (or HeadObject) of it would be.
async fn object(ctx: &Ctx, key: &str) -> OssResult<Resp> {
    let mut req = ctx.req.clone();
    req.key = Some(key.to_owned());
    let target = Ctx {
        state: std::sync::Arc::clone(&ctx.state),
        req,
        now: ctx.now,
        principal: ctx.principal.clone(),
        op: ctx.op,
    };
    read::get_object(&target, ctx.req.method == Method::HEAD).await
}

/// The error document with its `HttpStatus` (404 when it has none), or `NoSuchKey` without
/// one.
async fn error_document(ctx: &Ctx, site: &WebsiteConfiguration) -> OssResult<Resp> {
    let Some(error) = &site.error_document else {
        return Err(OssError::no_such_key());
    };
    let mut response = object(ctx, &error.key).await?;
    let status = error
        .http_status
        .and_then(|s| http::StatusCode::from_u16(s).ok())
        .unwrap_or(http::StatusCode::NOT_FOUND);
    *response.status_mut() = status;
    Ok(response)
}

/// What a matching routing rule does.
async fn apply(
    ctx: &Ctx,
    site: &WebsiteConfiguration,
    rule: &RoutingRule,
    key: &str,
) -> OssResult<Resp> {
    let redirect = &rule.redirect;
    let target = redirect.target_key(key, rule.condition.key_prefix_equals.as_deref());
    match redirect.redirect_type.as_str() {
        "Internal" => {
            if exists(ctx, &target).await? {
                object(ctx, &target).await
            } else {
                error_document(ctx, site).await
            }
        }
        "External" | "AliCDN" => {
            let protocol = redirect.protocol.as_deref().unwrap_or("http");
            let host = redirect.host_name.as_deref().unwrap_or(&ctx.req.host);
            let mut location = format!(
                "{protocol}://{host}/{}",
                oss_model::encoding::encode_key(&target)
            );
            if redirect.pass_query_string == Some(true) && !ctx.req.query.is_empty() {
                let query: Vec<String> = ctx
                    .req
                    .query
                    .iter()
                    .map(|(n, v)| {
                        let n = oss_model::encoding::url_encode(n);
                        if v.is_empty() {
                            n
                        } else {
                            format!("{n}={}", oss_model::encoding::url_encode(v))
                        }
                    })
                    .collect();
                location = format!("{location}?{}", query.join("&"));
            }
            Ok(Reply::new(redirect.http_redirect_code.unwrap_or(302))
                .header("location", location)
                .header("content-length", "0")
                .build())
        }
        other => Err(OssError::not_implemented(&format!(
            "Website routing rules of RedirectType {other}"
        ))),
    }
}
