//! What RestoreObject adds to its generic [`Request`]: how long and how fast. The restore
//! runs in the background; HeadObject's [`restore`](oss_model::ObjectMeta::restore) says
//! when it is done.
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

use oss_model::op;
use oss_model::{JobParameters, RestoreRequest, RestoreTier};

use crate::request::Request;

impl Request<op::RestoreObject> {
    fn restore_mut(&mut self) -> &mut RestoreRequest {
        self.input_mut()
            .request
            .get_or_insert_with(|| RestoreRequest::new(1))
    }

    /// How many days the restored copy stays readable (1 by default; Cold Archive and Deep
    /// Cold Archive objects need a body, which setting this or the tier sends).
    pub fn days(mut self, days: u32) -> Self {
        self.restore_mut().days = days;
        self
    }

    /// How fast to restore (Cold Archive and Deep Cold Archive).
    pub fn tier(mut self, tier: RestoreTier) -> Self {
        self.restore_mut().job_parameters = Some(JobParameters { tier });
        self
    }
}
