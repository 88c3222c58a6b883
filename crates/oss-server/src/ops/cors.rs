//! CORS on the data path: the OptionObject preflight answered from the bucket's rules, and
//! the `Access-Control-*` headers of actual requests from an allowed origin.
//!
//! A preflight needs no signature (browsers send none): it is answered 200 with the
//! `Access-Control-Allow-*` and `Max-Age` of the first rule that allows its origin, method
//! and headers, or 403 `Forbidden` when none does or the bucket has no CORS rules. An actual
//! request carrying `Origin` gets `Access-Control-Allow-Origin`, `-Allow-Methods`,
//! `-Expose-Headers` and `-Max-Age` from the first rule allowing its origin and method, and
//! `Vary: Origin` when the configuration asks for it (`ResponseVary`).

use oss_model::code::ErrorCode;
use oss_model::dialect::Header;
use oss_model::op::{Operation, Received};
use oss_model::{CorsConfiguration, CorsRule, XmlBody};

use crate::context::{Ctx, State};
use crate::error::{OssError, OssResult};
use crate::response::{Reply, Resp};

/// The CORS rules of `bucket`, if it has any that read.
fn rules_of(documents: &std::collections::BTreeMap<String, String>) -> Option<CorsConfiguration> {
    documents
        .get("cors")
        .and_then(|text| CorsConfiguration::from_xml(text).ok())
}

/// Answers an OptionObject.
pub(crate) async fn preflight(ctx: &Ctx) -> OssResult<Resp> {
    let dialect = crate::dialect::WIRE;
    let query: Vec<(&str, &str)> = Vec::new();
    let headers = ctx.req.header_pairs();
    let received = Received {
        query: &query,
        headers: &headers,
        body: b"",
    };
    let input = oss_model::op::OptionObject::read_request(&received, dialect).map_err(|e| {
        OssError::invalid_argument(
            format!("A CORS preflight needs Origin and Access-Control-Request-Method: {e}"),
            "Origin",
            "",
        )
    })?;
    let bucket = ctx.bucket_record().await?;
    let forbidden = |why: &str| OssError::of(ErrorCode::Forbidden, format!("CORSResponse: {why}"));
    let config = rules_of(&bucket.documents)
        .ok_or_else(|| forbidden("CORS is not enabled for this bucket."))?;
    let asked: Vec<&str> = input
        .request_headers
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .collect();
    let rule = config
        .matching_rule(&input.origin, &input.request_method, &asked)
        .ok_or_else(|| forbidden("This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Requet-Headers are not whitelisted by the resource's CORS spec."))?;
    let mut reply = allow(Reply::ok(), rule, &input.origin, &config).header("content-length", "0");
    if let Some(asked) = input
        .request_headers
        .as_deref()
        .filter(|h| !h.trim().is_empty())
    {
        reply = reply.header(dialect.header(Header::AccessControlAllowHeaders), asked);
    }
    Ok(reply.build())
}

/// The headers a rule gives a response to `origin`.
fn allow(mut reply: Reply, rule: &CorsRule, origin: &str, config: &CorsConfiguration) -> Reply {
    let dialect = crate::dialect::WIRE;
    reply = reply
        .header(dialect.header(Header::AccessControlAllowOrigin), origin)
        .header(
            dialect.header(Header::AccessControlAllowMethods),
            rule.allowed_methods.join(", "),
        );
    if !rule.expose_headers.is_empty() {
        reply = reply.header(
            dialect.header(Header::AccessControlExposeHeaders),
            rule.expose_headers.join(", "),
        );
    }
    if let Some(seconds) = rule.max_age_seconds {
        reply = reply.header(
            dialect.header(Header::AccessControlMaxAge),
            seconds.to_string(),
        );
    }
    if config.response_vary == Some(true) {
        reply = reply.header(dialect.header(Header::Vary), "Origin");
    }
    reply
}

/// An actual request from a browser: its bucket, `Origin` and method.
pub(crate) struct CrossOrigin {
    bucket: String,
    origin: String,
    method: String,
}

/// The cross-origin facts of a request, if it has an `Origin` and addresses a bucket (a
/// preflight answers for itself).
pub(crate) fn cross_origin(req: &crate::request::RequestInfo) -> Option<CrossOrigin> {
    if req.method == http::Method::OPTIONS {
        return None;
    }
    let origin = req.header(crate::dialect::WIRE.header(Header::Origin))?;
    Some(CrossOrigin {
        bucket: req.bucket.clone()?,
        origin: origin.to_owned(),
        method: req.method.as_str().to_owned(),
    })
}

/// Adds the CORS headers of the first matching rule to a response (success or error).
pub(crate) async fn decorate(
    state: &std::sync::Arc<State>,
    request: CrossOrigin,
    response: &mut Resp,
) {
    let bucket = request.bucket.clone();
    let Ok(record) = crate::store::run(&state.store, move |s| s.bucket(&bucket)).await else {
        return;
    };
    let Some(config) = rules_of(&record.documents) else {
        return;
    };
    let method = if request.method == "HEAD" {
        "HEAD"
    } else {
        request.method.as_str()
    };
    let reply = match config.matching_rule(&request.origin, method, &[]) {
        Some(rule) => allow(Reply::ok(), rule, &request.origin, &config),
        None if config.response_vary == Some(true) => {
            Reply::ok().header(crate::dialect::WIRE.header(Header::Vary), "Origin")
        }
        None => return,
    };
    for (name, value) in reply.build().headers() {
        response.headers_mut().insert(name.clone(), value.clone());
    }
}
