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
use crate::request::RequestInfo;
use crate::store::{self, BucketRecord, ObjectRecord, Store, StoreError, StoreResult};

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

    /// Maps a storage failure about the addressed bucket.
    pub fn fail(&self, e: StoreError) -> OssError {
        OssError::from_store(e, self.bucket_name())
    }

    /// The addressed bucket, after checking that the requester may do `access` on it.
    pub async fn bucket(&self, access: Access) -> OssResult<BucketRecord> {
        let bucket = self.bucket_record().await?;
        auth::authorize(&self.principal, access, &bucket.acl, None)?;
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

    /// Checks `access` to an object of `bucket`.
    pub fn authorize(
        &self,
        access: Access,
        bucket: &BucketRecord,
        object: Option<&ObjectRecord>,
    ) -> OssResult<()> {
        auth::authorize(
            &self.principal,
            access,
            &bucket.acl,
            object.map(|o| o.acl.as_str()),
        )
    }

    /// Whether the request was signed.
    pub fn is_signed(&self) -> bool {
        self.principal == Principal::Owner
    }
}
