//! Same-server replication: Put/Get/DeleteBucketReplication, GetBucketReplicationLocation,
//! GetBucketReplicationProgress and PutBucketRtc, and the copies themselves.
//!
//! A rule's destination must be another bucket of this server (its one region); a rule for
//! another region is refused with 501, since nothing would ever be replicated there. Writes
//! (PutObject, CopyObject, AppendObject, PutSymlink, CompleteMultipartUpload) and deletes that
//! a rule covers (its prefixes, its actions: `PUT`, `DELETE`, `ALL`) are copied to the
//! destination as they succeed, sharing the source's data; with historical replication (the
//! default) the objects already there are copied when the rule is added. Replication is done by
//! the time the write is answered, so GetBucketReplicationProgress reports every new object up
//! to now and the historical objects complete. A copy that fails (the destination bucket was
//! deleted) is logged and does not fail the write, as on OSS.

use oss_model::code::ErrorCode;
use oss_model::op::OpInfo;
use oss_model::{
    ReplicationConfiguration, ReplicationLocation, ReplicationProgress, ReplicationProgressInfo,
    ReplicationProgressRule, ReplicationRule, ReplicationRules, RtcConfiguration, XmlBody,
};

use crate::auth::Access;
use crate::context::Ctx;
use crate::dialect::{location, REPLICATION_RULE_ID};
use crate::error::{OssError, OssResult};
use crate::ops::document::{change, check};
use crate::ops::xml;
use crate::request_body::RequestBody;
use crate::response::{Reply, Resp};
use crate::store::{millis, BucketRecord, Guard, ObjectRecord, Precondition};

/// The document the rules are stored as.
const REPLICATION: &str = "replication";
/// The most rules a bucket holds.
const MAX_RULES: usize = 100;

fn rules(bucket: &BucketRecord) -> Option<ReplicationConfiguration> {
    bucket
        .documents
        .get(REPLICATION)
        .and_then(|text| ReplicationConfiguration::from_xml(text).ok())
}

fn no_such_rule() -> OssError {
    OssError::of(
        ErrorCode::NoSuchReplicationRule,
        "The specified replication rule does not exist.",
    )
}

async fn read<T: XmlBody>(ctx: &Ctx, info: &OpInfo, body: RequestBody) -> OssResult<T> {
    let bytes = xml::read_small_body(body, 64 * 1024).await?;
    let document = check(ctx, info, &bytes)?
        .ok_or_else(|| OssError::malformed_xml("the request has no document"))?;
    xml::parse(document.as_bytes())
}

async fn save(ctx: &Ctx, config: &ReplicationConfiguration) -> OssResult<()> {
    let document = (!config.rules.is_empty()).then(|| config.to_xml());
    change(ctx, REPLICATION, document).await
}

/// `POST /?replication&comp=add`: adds the rule (ids given when absent), copying the objects
/// already there when historical replication is on.
pub(crate) async fn put(ctx: &Ctx, info: &OpInfo, body: RequestBody) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let request: ReplicationConfiguration = read(ctx, info, body).await?;
    let here = location(&ctx.state.region);
    let mut config = rules(&bucket).unwrap_or_default();
    let mut added = Vec::new();
    for mut rule in request.rules {
        let destination = &rule.destination;
        if destination.location != here {
            return Err(OssError::not_implemented(&format!(
                "Replication to {} (this server has the one region {here})",
                destination.location
            )));
        }
        if destination.bucket == bucket.name {
            return Err(OssError::invalid_argument(
                "A bucket cannot replicate to itself.",
                "Destination.Bucket",
                &destination.bucket,
            ));
        }
        let target = destination.bucket.clone();
        ctx.store(move |s| s.bucket(&target))
            .await
            .map_err(|e| OssError::from_store(e, &destination.bucket))?;
        let id = rule
            .id
            .clone()
            .filter(|id| !id.is_empty())
            .unwrap_or_else(crate::ids::request_id);
        if config
            .rules
            .iter()
            .any(|r| r.id.as_deref() == Some(id.as_str()))
        {
            return Err(OssError::invalid_argument(
                "A rule with this ID exists.",
                "ID",
                &id,
            ));
        }
        rule.id = Some(id.clone());
        rule.status = Some("doing".into());
        if rule.historical_object_replication.is_none() {
            rule.historical_object_replication = Some("enabled".into());
        }
        added.push(id);
        config.rules.push(rule);
    }
    if config.rules.len() > MAX_RULES {
        return Err(OssError::invalid_argument(
            format!("A bucket holds at most {MAX_RULES} replication rules."),
            "Rule",
            "",
        ));
    }
    save(ctx, &config).await?;
    for rule in config.rules.iter().filter(|r| {
        r.id.as_ref().is_some_and(|id| added.contains(id))
            && r.historical_object_replication.as_deref() == Some("enabled")
    }) {
        copy_existing(ctx, &bucket.name, rule).await;
    }
    let reply = Reply::ok().header(REPLICATION_RULE_ID, added.join(","));
    Ok(reply.build())
}

/// Copies every object the rule covers (historical replication).
async fn copy_existing(ctx: &Ctx, source: &str, rule: &ReplicationRule) {
    let mut after = String::new();
    loop {
        let (b, a) = (source.to_owned(), after.clone());
        let page = match ctx.store(move |s| s.list_objects(&b, "", &a, 1000)).await {
            Ok(page) => page,
            Err(e) => {
                tracing::warn!(bucket = source, "historical replication stopped: {e:?}");
                return;
            }
        };
        let Some(last) = page.last().map(|o| o.key.clone()) else {
            return;
        };
        for object in page.into_iter().filter(|o| rule.covers(&o.key)) {
            let destination = rule.destination.bucket.clone();
            let guard = Guard::at(millis(ctx.now));
            if let Err(e) = ctx
                .store(move |s| s.put_object(&destination, object, Precondition::None, guard))
                .await
            {
                tracing::warn!(
                    bucket = source,
                    "historical replication of an object failed: {e:?}"
                );
            }
        }
        after = last;
    }
}

/// `GET /?replication`: the rules, or `NoSuchReplicationConfiguration`.
pub(crate) async fn get(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let config = rules(&bucket).ok_or_else(|| {
        OssError::of(
            ErrorCode::NoSuchReplicationConfiguration,
            "The bucket has no replication rules.",
        )
    })?;
    Ok(Reply::ok().xml(&config).build())
}

/// `GET /?replicationLocation`: the regions a rule may name (this server's).
pub(crate) async fn get_location(ctx: &Ctx) -> OssResult<Resp> {
    ctx.bucket(Access::Owner).await?;
    let result = ReplicationLocation {
        locations: vec![location(&ctx.state.region)],
    };
    Ok(Reply::ok().xml(&result).build())
}

/// `GET /?replicationProgress&rule-id=ID`.
pub(crate) async fn get_progress(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let id = ctx.req.param("rule-id").unwrap_or_default();
    let rule = rules(&bucket)
        .and_then(|c| c.rules.into_iter().find(|r| r.id.as_deref() == Some(id)))
        .ok_or_else(no_such_rule)?;
    let historical = rule.historical_object_replication.clone();
    let progress = ReplicationProgressInfo {
        historical_object: (historical.as_deref() == Some("enabled")).then(|| "1.00".into()),
        new_object: Some(oss_model::time::format_iso8601(ctx.now)),
    };
    let result = ReplicationProgress {
        rules: vec![ReplicationProgressRule {
            id: id.to_owned(),
            prefix_set: rule.prefix_set,
            action: rule.action,
            destination: rule.destination,
            status: rule.status,
            historical_object_replication: historical,
            progress: Some(progress),
        }],
    };
    Ok(Reply::ok().xml(&result).build())
}

/// `POST /?replication&comp=delete`: removes the named rules (each must exist).
pub(crate) async fn delete(ctx: &Ctx, info: &OpInfo, body: RequestBody) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let request: ReplicationRules = read(ctx, info, body).await?;
    let mut config = rules(&bucket).ok_or_else(no_such_rule)?;
    for id in &request.ids {
        if !config.rules.iter().any(|r| r.id.as_ref() == Some(id)) {
            return Err(no_such_rule());
        }
    }
    config
        .rules
        .retain(|r| !r.id.as_ref().is_some_and(|id| request.ids.contains(id)));
    save(ctx, &config).await?;
    Ok(Reply::ok().build())
}

/// `PUT /?rtc`: sets a rule's replication time control.
pub(crate) async fn put_rtc(ctx: &Ctx, info: &OpInfo, body: RequestBody) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let request: RtcConfiguration = read(ctx, info, body).await?;
    let mut config = rules(&bucket).ok_or_else(no_such_rule)?;
    let rule = config
        .rules
        .iter_mut()
        .find(|r| r.id.as_deref() == Some(request.id.as_str()))
        .ok_or_else(no_such_rule)?;
    rule.rtc = Some(request.rtc);
    save(ctx, &config).await?;
    Ok(Reply::ok().build())
}

/// After a write of `key` to the addressed bucket succeeded: copies the object to the
/// destinations of the rules that cover it.
pub(crate) async fn after_write(ctx: &Ctx, bucket: &BucketRecord, key: &str) {
    let Some(config) = rules(bucket) else {
        return;
    };
    let targets: Vec<String> = config
        .rules
        .iter()
        .filter(|r| r.covers(key) && r.replicates("PUT"))
        .map(|r| r.destination.bucket.clone())
        .collect();
    if targets.is_empty() {
        return;
    }
    let (b, k) = (bucket.name.clone(), key.to_owned());
    let Ok(object) = ctx.store(move |s| s.object(&b, &k)).await else {
        return;
    };
    for destination in targets {
        let (object, guard) = (object.clone(), Guard::at(millis(ctx.now)));
        if let Err(e) = ctx
            .store(move |s| s.put_object(&destination, object, Precondition::None, guard))
            .await
        {
            tracing::warn!(
                bucket = bucket.name,
                key,
                "replication of a write failed: {e:?}"
            );
        }
    }
}

/// After `key` was deleted from the addressed bucket: deletes it from the destinations of the
/// rules that replicate deletes.
pub(crate) async fn after_delete(ctx: &Ctx, bucket: &BucketRecord, key: &str) {
    let Some(config) = rules(bucket) else {
        return;
    };
    for rule in config
        .rules
        .iter()
        .filter(|r| r.covers(key) && r.replicates("DELETE"))
    {
        let (destination, k) = (rule.destination.bucket.clone(), key.to_owned());
        let now = millis(ctx.state.clock.now());
        let marker = ObjectRecord::delete_marker(key, now);
        if let Err(e) = ctx
            .store(move |s| s.delete_object(&destination, &k, None, marker, Guard::at(now)))
            .await
        {
            tracing::warn!(
                bucket = bucket.name,
                key,
                "replication of a delete failed: {e:?}"
            );
        }
    }
}
