//! The server's shared state, and the per-request context every handler gets.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use oss_auth::verify::Verifier;
use oss_auth::Credentials;

use crate::auth::{self, Access, Principal};
use crate::clock::Clock;
use crate::error::{OssError, OssResult};
use crate::faults::Faults;
use crate::ops::bucket_config as settings;
use crate::ops::versions;
use crate::policy::{self, Decision};
use crate::request::RequestInfo;
use crate::store::{self, BucketRecord, ObjectRecord, Store, StoreError, StoreResult};
use oss_model::dialect::Header;
use oss_model::op::OpName;

/// What every request shares.
pub(crate) struct State {
    /// The storage backend.
    pub store: Arc<dyn Store>,
    /// Checks signatures.
    pub verifier: Verifier,
    /// Accepted credentials by access key id.
    pub credentials: HashMap<String, Credentials>,
    /// The region.
    pub region: String,
    /// Domains served in virtual-hosted style.
    pub domains: Vec<String>,
    /// How long a restore takes.
    pub restore_delay: Duration,
    /// Active faults.
    pub faults: Arc<Faults>,
    /// The server's clock.
    pub clock: Arc<Clock>,
    /// Whether simple-upload ETags are MD5s.
    pub md5_etags: bool,
    /// Whether the admin endpoint is served.
    pub admin_endpoint: bool,
    /// How long a request body may stall.
    pub idle_timeout: Duration,
    /// The STS it serves, and the temporary credentials it issued.
    pub sts: crate::sts::Sts,
    /// Requests waiting to be written to their buckets' access logs.
    pub access_log: Arc<crate::access_log::AccessLog>,
}

/// The id of the one account that owns everything.
pub(crate) const OWNER_ID: &str = "1000000000000000";

/// One request being handled.
pub(crate) struct Ctx {
    /// Shared state.
    pub state: Arc<State>,
    /// The request.
    pub req: RequestInfo,
    /// The server time when it arrived.
    pub now: SystemTime,
    /// Who sent it.
    pub principal: Principal,
    /// The operation it is.
    pub op: OpName,
}

impl Ctx {
    /// The bucket addressed (the router only calls bucket handlers when there is one).
    pub fn bucket_name(&self) -> &str {
        self.req.bucket.as_deref().unwrap_or_default()
    }

    /// The key addressed (the router only calls object handlers when there is one).
    pub fn key(&self) -> &str {
        self.req.key.as_deref().unwrap_or_default()
    }

    /// Runs a storage call.
    pub async fn store<T, F>(&self, call: F) -> StoreResult<T>
    where
        F: FnOnce(&dyn Store) -> StoreResult<T> + Send + 'static,
        T: Send + 'static,
    {
        store::run(&self.state.store, call).await
    }

    /// What this request's writes and deletes are checked against: its time, and whether it
    /// carries the governance bypass (`x-oss-bypass-governance-retention: true`).
    pub fn guard(&self) -> store::Guard {
        store::Guard {
            now_ms: store::millis(self.now),
            bypass_governance: self
                .req
                .header(crate::dialect::BYPASS_GOVERNANCE_RETENTION)
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
        }
    }

    /// Maps a storage failure about the addressed bucket.
    pub fn fail(&self, e: StoreError) -> OssError {
        OssError::from_store(e, self.bucket_name())
    }

    /// The addressed bucket, after checking that the requester may do `access` on it.
    pub async fn bucket(&self, access: Access) -> OssResult<BucketRecord> {
        let bucket = self.bucket_record().await?;
        self.admit(access, &bucket, None)?;
        Ok(bucket)
    }

    /// The addressed bucket, unchecked (object ACLs decide later).
    pub async fn bucket_record(&self) -> OssResult<BucketRecord> {
        let name = self.bucket_name().to_owned();
        self.store(move |s| s.bucket(&name))
            .await
            .map_err(|e| self.fail(e))
    }

    /// An object of the addressed bucket.
    pub async fn object(&self, key: &str) -> OssResult<ObjectRecord> {
        let (bucket, key) = (self.bucket_name().to_owned(), key.to_owned());
        self.store(move |s| s.object(&bucket, &key))
            .await
            .map_err(|e| self.fail(e))
    }

    /// The version the request names (`?versionId=`), if any; an empty one is refused.
    pub fn version_param(&self) -> OssResult<Option<&str>> {
        versions::param(&self.req)
    }

    /// The object the request addresses: the version it names, or the current object. A
    /// delete marker fails as OSS answers it: `NoSuchKey` when it is the latest version,
    /// `MethodNotAllowed` when named, both saying `x-oss-delete-marker: true`.
    pub async fn addressed_object(&self) -> OssResult<ObjectRecord> {
        let version = self.version_param()?.map(str::to_owned);
        let (bucket, key) = (self.bucket_name().to_owned(), self.key().to_owned());
        let named = version.is_some();
        let record = self
            .store(move |s| s.object_version(&bucket, &key, version.as_deref()))
            .await
            .map_err(|e| self.fail(e))?;
        versions::refuse_delete_marker(record, named)
    }

    /// Checks `access` to an object of `bucket`.
    pub fn authorize(
        &self,
        access: Access,
        bucket: &BucketRecord,
        object: Option<&ObjectRecord>,
    ) -> OssResult<()> {
        self.admit(access, bucket, object.map(|o| o.acl.as_str()))
    }

    /// Whether the request may do `access` on `bucket` (and the object of `object_acl`): the
    /// bucket's request payment, then for anonymous requests its public access block and
    /// policy (see [`policy`](crate::policy)), then the ACLs.
    fn admit(
        &self,
        access: Access,
        bucket: &BucketRecord,
        object_acl: Option<&str>,
    ) -> OssResult<()> {
        if access != Access::Owner {
            self.check_request_payer(bucket)?;
        }
        if self.principal == Principal::Owner || access == Access::Owner {
            return auth::authorize(&self.principal, access, &bucket.acl, object_acl);
        }
        if settings::blocks_public_access(bucket) {
            return Err(OssError::access_denied(
                "Public access to this bucket is blocked by its public access block.",
            ));
        }
        if let Some(policy) = policy::stored(&bucket.documents) {
            match policy::evaluate(&policy, &self.policy_subject(bucket)) {
                Decision::Deny => {
                    return Err(OssError::access_denied(
                        "You have no right to access this resource: the bucket policy denies it.",
                    ))
                }
                Decision::Allow => return Ok(()),
                Decision::Neutral => {}
            }
        }
        auth::authorize(&self.principal, access, &bucket.acl, object_acl)
    }

    /// A requester-pays bucket serves its data only to requests that say they pay; an
    /// anonymous request cannot pay.
    fn check_request_payer(&self, bucket: &BucketRecord) -> OssResult<()> {
        if !settings::requester_pays(bucket) {
            return Ok(());
        }
        let header = crate::dialect::WIRE.header(Header::RequestPayer);
        let pays = self
            .req
            .header(header)
            .is_some_and(|v| v.eq_ignore_ascii_case("requester"));
        if self.principal == Principal::Anonymous || !pays {
            return Err(OssError::access_denied(format!(
                "The bucket is requester-pays: the request must be signed and carry {header}: requester."
            )));
        }
        Ok(())
    }

    /// The request as a bucket policy sees it.
    fn policy_subject(&self, bucket: &BucketRecord) -> policy::Subject<'_> {
        let mut resource = format!("acs:oss:{}:{OWNER_ID}:{}", bucket.region, bucket.name);
        if let Some(key) = &self.req.key {
            resource.push('/');
            resource.push_str(key);
        }
        policy::Subject {
            op: self.op,
            resource,
            values: vec![
                ("acs:referer", self.req.header("referer")),
                // This server speaks plain HTTP.
                ("acs:securetransport", Some("false")),
                ("oss:prefix", self.req.param("prefix")),
                ("oss:delimiter", self.req.param("delimiter")),
                ("acs:sourceip", self.req.peer.as_deref()),
            ],
            now: self.now,
        }
    }

    /// Whether the request was signed.
    pub fn is_signed(&self) -> bool {
        self.principal == Principal::Owner
    }
}
