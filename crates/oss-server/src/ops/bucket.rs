//! Bucket basics: PutBucket, DeleteBucket, GetBucketInfo, GetBucketLocation, GetBucketStat,
//! PutBucketAcl and GetBucketAcl.

use crate::request_body::RequestBody;
use oss_model::{
    AccessControlPolicy, AccessMonitorConfiguration, Acl, BucketDetails, BucketEncryption,
    BucketInfo, BucketLogPolicy, BucketLoggingStatus, BucketResourceGroupConfiguration, BucketStat,
    CreateBucketConfiguration, DataRedundancyType, LocationConstraint, Owner,
    ReplicationConfiguration, StorageClass, TransferAccelerationConfiguration, XmlBody,
};

use crate::auth::Access;
use crate::context::{Ctx, OWNER_ID};
use crate::dialect::{extranet_endpoint, intranet_endpoint, location, ACL};
use crate::error::{OssError, OssResult};
use crate::ops::{validate, xml};
use crate::response::{Reply, Resp};
use crate::store::{millis, BucketChange, BucketRecord};

fn owner_only(ctx: &Ctx) -> OssResult<()> {
    crate::auth::authorize(&ctx.principal, Access::Owner, "private", None)
}

/// `PUT /bucket`: creates a bucket (`x-oss-acl`, optional `CreateBucketConfiguration`).
pub(crate) async fn put_bucket(ctx: &Ctx, body: RequestBody) -> OssResult<Resp> {
    let name = ctx.bucket_name().to_owned();
    validate::bucket_name(&name)?;
    owner_only(ctx)?;
    let acl = match ctx.req.header(ACL) {
        Some(value) => validate::acl(value, false)?,
        None => "private".to_owned(),
    };
    let bytes = xml::read_small_body(body, 64 * 1024).await?;
    let config = if bytes.iter().all(u8::is_ascii_whitespace) {
        CreateBucketConfiguration::default()
    } else {
        xml::parse::<CreateBucketConfiguration>(&bytes)?
    };
    let storage_class = match &config.storage_class {
        Some(class) => validate::storage_class(class.as_str())?,
        None => "Standard".to_owned(),
    };
    let redundancy = match &config.data_redundancy_type {
        None => "LRS".to_owned(),
        Some(DataRedundancyType::Lrs) => "LRS".to_owned(),
        Some(DataRedundancyType::Zrs) => "ZRS".to_owned(),
        Some(other) => {
            return Err(OssError::invalid_argument(
                "Invalid DataRedundancyType.",
                "DataRedundancyType",
                other.as_str(),
            ))
        }
    };
    let record = BucketRecord {
        name: name.clone(),
        created_ms: millis(ctx.now),
        acl,
        storage_class,
        redundancy,
        region: ctx.state.region.clone(),
        documents: Default::default(),
        versioning: None,
        worm: None,
    };
    ctx.store(move |s| s.create_bucket(&record))
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Reply::ok().header("location", format!("/{name}")).build())
}

/// `DELETE /bucket`: 204, or 409 `BucketNotEmpty`.
pub(crate) async fn delete_bucket(ctx: &Ctx) -> OssResult<Resp> {
    owner_only(ctx)?;
    let name = ctx.bucket_name().to_owned();
    ctx.store(move |s| s.delete_bucket(&name))
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Reply::new(204).build())
}

/// `GET /bucket?bucketInfo`.
pub(crate) async fn get_bucket_info(ctx: &Ctx) -> OssResult<Resp> {
    let b = ctx.bucket(Access::Owner).await?;
    let info = BucketInfo {
        bucket: BucketDetails {
            creation_date: crate::ops::meta::xml_time(b.created_ms),
            extranet_endpoint: extranet_endpoint(&b.region),
            intranet_endpoint: intranet_endpoint(&b.region),
            location: location(&b.region),
            name: b.name.clone(),
            owner: Owner::new(OWNER_ID),
            acl: Some(Acl::parse(&b.acl)),
            comment: Some(String::new()),
            storage_class: Some(StorageClass::parse(&b.storage_class)),
            data_redundancy_type: Some(DataRedundancyType::parse(&b.redundancy)),
            ..settings(&b)
        },
    };
    Ok(Reply::ok().xml(&info).build())
}

/// The bucket's document `name`, if it has one that reads as `T`.
fn stored<T: XmlBody>(b: &BucketRecord, name: &str) -> Option<T> {
    b.documents
        .get(name)
        .and_then(|text| T::from_xml(text).ok())
}

/// What GetBucketInfo reports of the bucket's configurations, as OSS's `BucketInfo` does:
/// versioning once turned on, and the switches, default encryption and logging target as set
/// (a switch never set reads `Disabled`).
fn settings(b: &BucketRecord) -> BucketDetails {
    let switch = |on: bool| Some(if on { "Enabled" } else { "Disabled" }.to_owned());
    let acceleration = stored::<TransferAccelerationConfiguration>(b, "transferAcceleration");
    let monitor = stored::<AccessMonitorConfiguration>(b, "accessmonitor");
    let replication = stored::<ReplicationConfiguration>(b, "replication");
    let logging = stored::<BucketLoggingStatus>(b, "logging").and_then(|l| l.logging_enabled);
    BucketDetails {
        versioning: b.versioning.clone(),
        transfer_acceleration: switch(acceleration.is_some_and(|a| a.enabled)),
        cross_region_replication: switch(replication.is_some_and(|r| !r.rules.is_empty())),
        access_monitor: switch(monitor.is_some_and(|m| m.status == "Enabled")),
        resource_group_id: stored::<BucketResourceGroupConfiguration>(b, "resourceGroup")
            .map(|r| r.resource_group_id),
        server_side_encryption_rule: stored::<BucketEncryption>(
            b,
            crate::ops::bucket_config::ENCRYPTION,
        )
        .map(|e| e.default),
        bucket_policy: logging.map(|l| BucketLogPolicy {
            log_bucket: l.target_bucket,
            log_prefix: l.target_prefix.unwrap_or_default(),
        }),
        ..BucketDetails::default()
    }
}

/// `GET /bucket?location`.
pub(crate) async fn get_bucket_location(ctx: &Ctx) -> OssResult<Resp> {
    let b = ctx.bucket(Access::Owner).await?;
    let body = LocationConstraint {
        location: location(&b.region),
    };
    Ok(Reply::ok().xml(&body).build())
}

/// `GET /bucket?stat`.
pub(crate) async fn get_bucket_stat(ctx: &Ctx) -> OssResult<Resp> {
    ctx.bucket(Access::Owner).await?;
    let name = ctx.bucket_name().to_owned();
    let counts = ctx
        .store(move |s| s.bucket_counts(&name))
        .await
        .map_err(|e| ctx.fail(e))?;
    let class = |c: &str| {
        counts
            .by_class
            .iter()
            .find(|(n, _, _)| n == c)
            .map_or((0, 0), |(_, size, n)| (*size, *n))
    };
    let (standard, ia, archive, cold, deep) = (
        class("Standard"),
        class("IA"),
        class("Archive"),
        class("ColdArchive"),
        class("DeepColdArchive"),
    );
    let stat = BucketStat {
        storage: counts.storage,
        object_count: counts.objects,
        multipart_upload_count: counts.uploads,
        live_channel_count: 0,
        last_modified_time: millis(ctx.now) / 1000,
        standard_storage: Some(standard.0),
        standard_object_count: Some(standard.1),
        infrequent_access_storage: Some(ia.0),
        infrequent_access_real_storage: Some(ia.0),
        infrequent_access_object_count: Some(ia.1),
        archive_storage: Some(archive.0),
        archive_real_storage: Some(archive.0),
        archive_object_count: Some(archive.1),
        cold_archive_storage: Some(cold.0),
        cold_archive_real_storage: Some(cold.0),
        cold_archive_object_count: Some(cold.1),
        deep_cold_archive_storage: Some(deep.0),
        deep_cold_archive_real_storage: Some(deep.0),
        deep_cold_archive_object_count: Some(deep.1),
    };
    Ok(Reply::ok().xml(&stat).build())
}

/// `PUT /bucket?acl` with `x-oss-acl`.
pub(crate) async fn put_bucket_acl(ctx: &Ctx) -> OssResult<Resp> {
    owner_only(ctx)?;
    let Some(value) = ctx.req.header(ACL) else {
        ctx.bucket_record().await?;
        return Ok(Reply::ok().build());
    };
    let acl = validate::acl(value, false)?;
    let name = ctx.bucket_name().to_owned();
    ctx.store(move |s| s.update_bucket(&name, &BucketChange::Acl(acl)))
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Reply::ok().build())
}

/// `GET /bucket?acl`.
pub(crate) async fn get_bucket_acl(ctx: &Ctx) -> OssResult<Resp> {
    let b = ctx.bucket(Access::Owner).await?;
    let body = AccessControlPolicy {
        owner: Owner::new(OWNER_ID),
        grant: Acl::parse(&b.acl),
    };
    Ok(Reply::ok().xml(&body).build())
}
