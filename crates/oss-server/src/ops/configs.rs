//! The rules of the reference's bucket configurations that need more than the document:
//! a logging target bucket that must exist in the same region, website rules this server
//! cannot honour (a Mirror needs an outside origin), lifecycle rules that depend on the
//! bucket's storage class or use what this server does not apply. Checked on PUT, after the
//! document itself passed the model's rules; nothing is stored when one fails.

use oss_model::code::ErrorCode;
use oss_model::{
    BucketLoggingStatus, LifecycleConfiguration, ObjectWormConfiguration, StorageClass,
    WebsiteConfiguration, XmlBody,
};

use crate::context::Ctx;
use crate::error::{OssError, OssResult};
use crate::store::BucketRecord;

/// Checks a document about to be stored as `name`; returns what to store (the lifecycle
/// gets the rule IDs the service makes up).
pub(crate) async fn check_put(
    ctx: &Ctx,
    bucket: &BucketRecord,
    name: &str,
    document: String,
) -> OssResult<String> {
    match name {
        "logging" => {
            check_logging(ctx, bucket, &read::<BucketLoggingStatus>(&document)?).await?;
            Ok(document)
        }
        "website" => {
            check_website(&read::<WebsiteConfiguration>(&document)?)?;
            Ok(document)
        }
        crate::store::protection::OBJECT_WORM => {
            check_object_worm(&read::<ObjectWormConfiguration>(&document)?)?;
            Ok(document)
        }
        "lifecycle" => {
            let mut lifecycle = read::<LifecycleConfiguration>(&document)?;
            check_lifecycle(bucket, &mut lifecycle)?;
            Ok(lifecycle.to_xml())
        }
        _ => Ok(document),
    }
}

/// The stored document (written by this server, so it reads back).
fn read<T: XmlBody>(document: &str) -> OssResult<T> {
    T::from_xml(document).map_err(OssError::internal)
}

/// The target bucket must exist and be in the source's region (400
/// `InvalidTargetBucketForLogging` otherwise).
async fn check_logging(
    ctx: &Ctx,
    bucket: &BucketRecord,
    status: &BucketLoggingStatus,
) -> OssResult<()> {
    let Some(enabled) = &status.logging_enabled else {
        return Ok(());
    };
    let target = enabled.target_bucket.clone();
    let invalid = |why: &str| {
        OssError::of(
            ErrorCode::InvalidTargetBucketForLogging,
            format!("The target bucket for logging {why}."),
        )
        .bucket(&enabled.target_bucket)
    };
    match ctx.store(move |s| s.bucket(&target)).await {
        Ok(record) if record.region == bucket.region => Ok(()),
        Ok(_) => Err(invalid("is in another region")),
        Err(crate::store::StoreError::NoSuchBucket) => Err(invalid("does not exist")),
        Err(e) => Err(ctx.fail(e)),
    }
}

/// A Mirror rule fetches from an outside origin, which this server never contacts: refused
/// (501) rather than stored and silently never applied.
fn check_website(website: &WebsiteConfiguration) -> OssResult<()> {
    if website
        .routing_rules
        .iter()
        .flatten()
        .any(|rule| rule.redirect.redirect_type == "Mirror")
    {
        return Err(OssError::not_implemented(
            "Website routing rules of RedirectType Mirror (back-to-origin)",
        ));
    }
    Ok(())
}

/// An Archive-class bucket cannot have transitions (400 `InvalidArgument`); rules using what
/// this server does not apply are refused (501); a missing ID is made up, as the service does.
fn check_lifecycle(bucket: &BucketRecord, lifecycle: &mut LifecycleConfiguration) -> OssResult<()> {
    let class = StorageClass::parse(&bucket.storage_class);
    let cold = matches!(
        class,
        StorageClass::Archive | StorageClass::ColdArchive | StorageClass::DeepColdArchive
    );
    for rule in &lifecycle.rules {
        if let Some(what) = rule.beyond_reference() {
            return Err(OssError::not_implemented(&format!(
                "Lifecycle rules with {what}"
            )));
        }
        if cold && !rule.transitions.is_empty() {
            return Err(OssError::invalid_argument(
                format!("A bucket of storage class {class} cannot have transition rules."),
                "Transition",
                "",
            ));
        }
        if class == StorageClass::Ia
            && rule
                .transitions
                .iter()
                .any(|t| t.storage_class == StorageClass::Ia)
        {
            return Err(OssError::invalid_argument(
                "Objects of an IA bucket cannot transition to IA.",
                "Transition",
                "IA",
            ));
        }
    }
    for rule in &mut lifecycle.rules {
        if rule.id.as_deref().is_none_or(str::is_empty) {
            rule.id = Some(crate::ids::request_id().to_ascii_lowercase());
        }
    }
    Ok(())
}

/// Object-level retention is turned on with `ObjectWormEnabled` `Enabled`; a configuration
/// without it is refused, so that once on it stays on.
fn check_object_worm(config: &ObjectWormConfiguration) -> OssResult<()> {
    let enabled = config.object_worm_enabled.as_deref().unwrap_or("");
    if enabled != "Enabled" {
        return Err(OssError::invalid_argument(
            "ObjectWormEnabled must be Enabled.",
            "ObjectWormEnabled",
            enabled,
        ));
    }
    if let Some(mode) = config
        .rule
        .as_ref()
        .and_then(|r| r.default_retention.as_ref())
        .and_then(|d| d.mode.as_deref())
    {
        if mode != "GOVERNANCE" && mode != "COMPLIANCE" {
            return Err(OssError::invalid_argument(
                "Invalid retention mode.",
                "Mode",
                mode,
            ));
        }
    }
    Ok(())
}
