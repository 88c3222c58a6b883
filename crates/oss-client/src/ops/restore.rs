//! RestoreObject: makes an Archive, Cold Archive or Deep Cold Archive object readable for a
//! number of days. The restore runs in the background; HeadObject's
//! [`restore`](oss_model::ObjectMeta::restore) says when it is done.
//!
//! ```no_run
//! use oss_client::model::RestoreTier;
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! bucket.restore_object("cold/backup.tar").days(3).tier(RestoreTier::Expedited).await?;
//! let meta = bucket.head_object("cold/backup.tar").await?;
//! println!("restored: {:?}", meta.restore.map(|r| r.is_restored()));
//! # Ok(())
//! # }
//! ```

use http::Method;
use oss_model::{RestoreRequest, RestoreTier};

use crate::bucket::Bucket;
use crate::call::{empty_output, operation, Call};
use crate::client::Client;
use crate::error::Result;
use crate::output::Output;

/// RestoreObject (`POST /key?restore`). A second request while one runs fails with 409
/// `RestoreAlreadyInProgress`.
#[derive(Debug, Clone)]
pub struct RestoreObjectRequest {
    bucket: Bucket,
    key: String,
    days: Option<u32>,
    tier: Option<RestoreTier>,
    version_id: Option<String>,
}

impl RestoreObjectRequest {
    pub(crate) fn new(bucket: Bucket, key: String) -> Self {
        RestoreObjectRequest {
            bucket,
            key,
            days: None,
            tier: None,
            version_id: None,
        }
    }

    /// How many days the restored copy stays readable (required for Cold Archive).
    pub fn days(mut self, days: u32) -> Self {
        self.days = Some(days);
        self
    }

    /// How fast to restore (Cold Archive): sends a body with one day unless
    /// [`days`](Self::days) says otherwise.
    pub fn tier(mut self, tier: RestoreTier) -> Self {
        self.tier = Some(tier);
        self
    }

    /// A given version (versioned buckets).
    pub fn version_id(mut self, version_id: impl Into<String>) -> Self {
        self.version_id = Some(version_id.into());
        self
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let mut call = self
            .bucket
            .object_call("RestoreObject", Method::POST, &self.key)?
            .query("restore", "")
            .query_opt("versionId", self.version_id);
        if self.days.is_some() || self.tier.is_some() {
            let mut request = RestoreRequest::new(self.days.unwrap_or(1));
            if let Some(tier) = self.tier {
                request = request.with_tier(tier);
            }
            call = call.xml_body(&request);
        }
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request (202 when a restore starts, 200 when the object is already
    /// restored).
    pub async fn send(self) -> Result<Output<()>> {
        let (client, call) = self.into_call()?;
        Ok(empty_output(call.send(&client).await?))
    }
}

operation!(RestoreObjectRequest => Output<()>);
