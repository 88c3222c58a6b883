//! Bucket operations: PutBucket, DeleteBucket, GetBucketInfo, GetBucketLocation,
//! GetBucketStat, PutBucketAcl, GetBucketAcl, and whether a bucket exists.
//!
//! ```no_run
//! use oss_client::model::{Acl, DataRedundancyType, StorageClass};
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! bucket
//!     .create()
//!     .acl(Acl::Private)
//!     .storage_class(StorageClass::Ia)
//!     .data_redundancy(DataRedundancyType::Zrs)
//!     .await?;
//! let info = bucket.info().await?;
//! println!("created {:?} in {}", info.bucket.creation_date, info.bucket.location);
//! assert!(bucket.exists().await?);
//! # Ok(())
//! # }
//! ```

use http::Method;
use oss_model::headers::ACL;
use oss_model::{
    AccessControlPolicy, Acl, BucketInfo, BucketStat, CreateBucketConfiguration,
    DataRedundancyType, LocationConstraint, StorageClass,
};

use crate::bucket::Bucket;
use crate::call::{empty_output, operation, xml_output, Call};
use crate::client::Client;
use crate::error::Result;
use crate::output::Output;

/// PutBucket (`PUT /`): creates the bucket.
#[derive(Debug, Clone)]
pub struct PutBucketRequest {
    bucket: Bucket,
    acl: Option<Acl>,
    configuration: CreateBucketConfiguration,
}

impl PutBucketRequest {
    pub(crate) fn new(bucket: Bucket) -> Self {
        PutBucketRequest {
            bucket,
            acl: None,
            configuration: CreateBucketConfiguration::default(),
        }
    }

    /// The bucket's ACL (`private` by default).
    pub fn acl(mut self, acl: Acl) -> Self {
        self.acl = Some(acl);
        self
    }

    /// The default storage class of its objects (`Standard` by default).
    pub fn storage_class(mut self, class: StorageClass) -> Self {
        self.configuration.storage_class = Some(class);
        self
    }

    /// Locally or zone-redundant storage (`LRS` by default).
    pub fn data_redundancy(mut self, redundancy: DataRedundancyType) -> Self {
        self.configuration.data_redundancy_type = Some(redundancy);
        self
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let mut call = self
            .bucket
            .call("PutBucket", Method::PUT)?
            .header_opt(ACL, self.acl);
        if self.configuration != CreateBucketConfiguration::default() {
            call = call.xml_body(&self.configuration);
        }
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<()>> {
        let (client, call) = self.into_call()?;
        Ok(empty_output(call.send(&client).await?))
    }
}

operation!(PutBucketRequest => Output<()>);

/// Defines a request builder for a bucket operation without options.
macro_rules! plain_bucket_request {
    ($(#[$doc:meta])* $name:ident, $op:literal, $method:ident, [$($param:literal),*], $output:ty, $parse:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name {
            bucket: Bucket,
        }

        impl $name {
            pub(crate) fn new(bucket: Bucket) -> Self {
                $name { bucket }
            }

            fn into_call(self) -> Result<(Client, Call)> {
                #[allow(unused_mut)]
                let mut call = self.bucket.call($op, Method::$method)?;
                $(call = call.query($param, "");)*
                Ok((self.bucket.client().clone(), call))
            }

            /// Sends the request.
            pub async fn send(self) -> Result<$output> {
                let (client, call) = self.into_call()?;
                let response = call.send(&client).await?;
                $parse($op, response).await
            }
        }

        operation!($name => $output);
    };
}

async fn no_body(_: &str, response: oss_http::OssResponse) -> Result<Output<()>> {
    Ok(empty_output(response))
}

plain_bucket_request!(
    /// DeleteBucket (`DELETE /`): deletes the bucket, which must be empty.
    DeleteBucketRequest, "DeleteBucket", DELETE, [], Output<()>, no_body
);

plain_bucket_request!(
    /// GetBucketInfo (`GET /?bucketInfo`).
    GetBucketInfoRequest, "GetBucketInfo", GET, ["bucketInfo"], Output<BucketInfo>,
    xml_output::<BucketInfo>
);

plain_bucket_request!(
    /// GetBucketLocation (`GET /?location`): the region, as `oss-cn-hangzhou`.
    GetBucketLocationRequest, "GetBucketLocation", GET, ["location"],
    Output<LocationConstraint>, xml_output::<LocationConstraint>
);

plain_bucket_request!(
    /// GetBucketStat (`GET /?stat`): storage used and object counts.
    GetBucketStatRequest, "GetBucketStat", GET, ["stat"], Output<BucketStat>,
    xml_output::<BucketStat>
);

plain_bucket_request!(
    /// GetBucketAcl (`GET /?acl`).
    GetBucketAclRequest, "GetBucketAcl", GET, ["acl"], Output<AccessControlPolicy>,
    xml_output::<AccessControlPolicy>
);

/// PutBucketAcl (`PUT /?acl` with `x-oss-acl`).
#[derive(Debug, Clone)]
pub struct PutBucketAclRequest {
    bucket: Bucket,
    acl: Acl,
}

impl PutBucketAclRequest {
    pub(crate) fn new(bucket: Bucket, acl: Acl) -> Self {
        PutBucketAclRequest { bucket, acl }
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self
            .bucket
            .call("PutBucketAcl", Method::PUT)?
            .query("acl", "")
            .header(ACL, self.acl.to_string());
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<()>> {
        let (client, call) = self.into_call()?;
        Ok(empty_output(call.send(&client).await?))
    }
}

operation!(PutBucketAclRequest => Output<()>);

/// Whether a bucket exists, asked with GetBucketInfo: `false` on `NoSuchBucket`; any
/// other error (e.g. `AccessDenied`) is returned.
#[derive(Debug, Clone)]
pub struct BucketExistsRequest {
    bucket: Bucket,
}

impl BucketExistsRequest {
    pub(crate) fn new(bucket: Bucket) -> Self {
        BucketExistsRequest { bucket }
    }

    fn into_call(self) -> Result<(Client, Call)> {
        GetBucketInfoRequest::new(self.bucket).into_call()
    }

    /// Sends the request.
    pub async fn send(self) -> Result<bool> {
        match GetBucketInfoRequest::new(self.bucket).send().await {
            Ok(_) => Ok(true),
            Err(error) if error.is_not_found() && error.code() != Some("NoSuchKey") => Ok(false),
            Err(error) => Err(error),
        }
    }
}

operation!(BucketExistsRequest => bool);
