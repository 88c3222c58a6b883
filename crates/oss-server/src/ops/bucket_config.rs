//! The bucket configurations with a behaviour of their own beyond storing a document:
//! DeleteBucketTags (all tags, or those named) and GetBucketPolicyStatus (computed from the
//! stored policy); and the stored settings the data path reads (public access block, request
//! payment, archive direct read, overwrite rules).

use oss_model::{
    ArchiveDirectReadConfiguration, OverwriteConfiguration, PolicyStatus,
    PublicAccessBlockConfiguration, RequestPaymentConfiguration, Tagging, XmlBody,
};

use crate::auth::Access;
use crate::context::Ctx;
use crate::error::OssResult;
use crate::ops::document::change;
use crate::ops::meta;
use crate::policy;
use crate::response::{Reply, Resp};
use crate::store::BucketRecord;

/// The document bucket tags are stored as (the tagging rows' `setting("tagging", …)`).
const TAGS: &str = "tagging";
/// The document the bucket's public access block is stored as.
const PUBLIC_ACCESS_BLOCK: &str = "publicAccessBlock";
/// The document the bucket's request payment is stored as.
const REQUEST_PAYMENT: &str = "requestPayment";
/// The document the bucket's overwrite rules are stored as.
const OVERWRITE: &str = "overwriteConfig";
/// The document the bucket's archive direct read is stored as.
const ARCHIVE_DIRECT_READ: &str = "bucketArchiveDirectRead";
/// The document the bucket's default encryption is stored as.
pub(crate) const ENCRYPTION: &str = "encryption";
/// The document the bucket policy is stored as.
pub(crate) const POLICY: &str = "policy";

/// `DELETE /?tagging`: removes every tag, or with `tagging=k1,k2` only those keys; 204.
pub(crate) async fn delete_bucket_tags(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let named: Vec<&str> = ctx
        .req
        .param(TAGS)
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .collect();
    let remaining = match bucket.documents.get(TAGS) {
        Some(text) if !named.is_empty() => {
            let mut tagging = Tagging::from_xml(text).unwrap_or_default();
            tagging
                .tags
                .retain(|tag| !named.contains(&tag.key.as_str()));
            (!tagging.tags.is_empty()).then(|| tagging.to_xml())
        }
        _ => None,
    };
    change(ctx, TAGS, remaining).await?;
    Ok(Reply::new(204).build())
}

/// `GET /?policyStatus`: whether the stored policy grants anyone access.
pub(crate) async fn get_bucket_policy_status(ctx: &Ctx) -> OssResult<Resp> {
    let bucket = ctx.bucket(Access::Owner).await?;
    let is_public = bucket
        .documents
        .get(POLICY)
        .and_then(|text| oss_model::BucketPolicy::from_xml(text).ok())
        .is_some_and(|p| policy::is_public(&p));
    Ok(Reply::ok().xml(&PolicyStatus { is_public }).build())
}

/// Whether the bucket's public access block is on.
pub(crate) fn blocks_public_access(bucket: &BucketRecord) -> bool {
    bucket
        .documents
        .get(PUBLIC_ACCESS_BLOCK)
        .and_then(|text| PublicAccessBlockConfiguration::from_xml(text).ok())
        .is_some_and(|c| c.block_public_access)
}

/// Whether requesters pay for the bucket's requests.
pub(crate) fn requester_pays(bucket: &BucketRecord) -> bool {
    bucket
        .documents
        .get(REQUEST_PAYMENT)
        .and_then(|text| RequestPaymentConfiguration::from_xml(text).ok())
        .is_some_and(|c| c.requester_pays())
}

/// Whether GetObject reads an object of `storage_class` without a restore: an `Archive`
/// object in a bucket with archive direct read on (Cold and Deep Cold Archive still need one).
pub(crate) fn reads_archive_directly(bucket: &BucketRecord, storage_class: &str) -> bool {
    storage_class == "Archive"
        && bucket
            .documents
            .get(ARCHIVE_DIRECT_READ)
            .and_then(|text| ArchiveDirectReadConfiguration::from_xml(text).ok())
            .is_some_and(|c| c.enabled)
}

/// Whether a write to the addressed key must not replace an existing object: the request
/// says so (`x-oss-forbid-overwrite: true`), or an overwrite rule of the bucket covers the key.
/// Rules naming principals apply to those RAM users only, never to the account itself, which
/// every request of this server acts for.
pub(crate) fn forbids_overwrite(ctx: &Ctx, bucket: &BucketRecord) -> bool {
    meta::forbid_overwrite(&ctx.req)
        || bucket
            .documents
            .get(OVERWRITE)
            .and_then(|text| OverwriteConfiguration::from_xml(text).ok())
            .is_some_and(|config| {
                config
                    .rules
                    .iter()
                    .any(|rule| rule.principals.is_empty() && rule.covers(ctx.key()))
            })
}

#[cfg(test)]
mod tests {
    use super::*;
    use oss_model::op::{OpName, ServerKind};

    /// The names this module reads documents under are the table's.
    #[test]
    fn document_names_are_the_tables() {
        let name = |op: OpName| match op.info().server {
            ServerKind::Document { name, .. } | ServerKind::Setting { name, .. } => name,
            other => panic!("{op} is {other:?}"),
        };
        assert_eq!(name(OpName::PutBucketTags), TAGS);
        assert_eq!(name(OpName::PutBucketPolicy), POLICY);
        assert_eq!(name(OpName::PutBucketEncryption), ENCRYPTION);
        assert_eq!(
            name(OpName::PutBucketPublicAccessBlock),
            PUBLIC_ACCESS_BLOCK
        );
        assert_eq!(name(OpName::PutBucketRequestPayment), REQUEST_PAYMENT);
        assert_eq!(
            name(OpName::PutBucketArchiveDirectRead),
            ARCHIVE_DIRECT_READ
        );
        assert_eq!(name(OpName::PutBucketOverwriteConfig), OVERWRITE);
    }
}
