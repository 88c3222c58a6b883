//! What the bucket operations add to their generic [`Request`]s: PutBucket's storage class
//! and redundancy, and whether a bucket exists.
//!
//! ```no_run
//! use oss_client::model::{Acl, DataRedundancyType, StorageClass};
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! bucket
//!     .put_bucket()
//!     .acl(Acl::Private)
//!     .storage_class(StorageClass::Ia)
//!     .data_redundancy(DataRedundancyType::Zrs)
//!     .await?;
//! let info = bucket.get_bucket_info().await?;
//! println!("created {:?} in {}", info.bucket.creation_date, info.bucket.location);
//! assert!(bucket.exists().await?);
//! # Ok(())
//! # }
//! ```

use oss_model::code::ErrorCode;
use oss_model::op;
use oss_model::{DataRedundancyType, StorageClass};

use crate::bucket::Bucket;
use crate::call::{operation, Call};
use crate::client::Client;
use crate::error::Result;
use crate::request::Request;

impl Request<op::PutBucket> {
    /// The default storage class of its objects (`Standard` by default).
    pub fn storage_class(mut self, class: StorageClass) -> Self {
        self.input_mut()
            .configuration
            .get_or_insert_with(Default::default)
            .storage_class = Some(class);
        self
    }

    /// Locally or zone-redundant storage (`LRS` by default).
    pub fn data_redundancy(mut self, redundancy: DataRedundancyType) -> Self {
        self.input_mut()
            .configuration
            .get_or_insert_with(Default::default)
            .data_redundancy_type = Some(redundancy);
        self
    }
}

/// Whether a bucket exists, asked with GetBucketInfo: `false` on `NoSuchBucket`; any
/// other error (e.g. `AccessDenied`) is returned.
#[derive(Debug, Clone)]
pub struct BucketExistsRequest {
    inner: Request<op::GetBucketInfo>,
}

impl BucketExistsRequest {
    pub(crate) fn new(bucket: Bucket) -> Self {
        BucketExistsRequest {
            inner: bucket.get_bucket_info(),
        }
    }

    fn into_call(self) -> Result<(Client, Call)> {
        self.inner.into_call()
    }

    /// Sends the request.
    pub async fn send(self) -> Result<bool> {
        match self.inner.send().await {
            Ok(_) => Ok(true),
            Err(error) if error.is_not_found() && !error.is_code(ErrorCode::NoSuchKey) => Ok(false),
            Err(error) => Err(error),
        }
    }
}

operation!(BucketExistsRequest => bool);
