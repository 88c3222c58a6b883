//! PutObjectAcl and GetObjectAcl.
//!
//! ```no_run
//! use oss_client::model::Acl;
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! bucket.put_object_acl("public.html", Acl::PublicRead).await?;
//! assert_eq!(bucket.get_object_acl("public.html").await?.grant, Acl::PublicRead);
//! # Ok(())
//! # }
//! ```

use http::Method;
use oss_model::headers::OBJECT_ACL;
use oss_model::{AccessControlPolicy, Acl};

use crate::bucket::Bucket;
use crate::call::{empty_output, operation, xml_output, Call};
use crate::client::Client;
use crate::error::Result;
use crate::output::Output;

/// PutObjectAcl (`PUT /key?acl` with `x-oss-object-acl`).
#[derive(Debug, Clone)]
pub struct PutObjectAclRequest {
    bucket: Bucket,
    key: String,
    acl: Acl,
}

impl PutObjectAclRequest {
    pub(crate) fn new(bucket: Bucket, key: String, acl: Acl) -> Self {
        PutObjectAclRequest { bucket, key, acl }
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self
            .bucket
            .object_call("PutObjectAcl", Method::PUT, &self.key)?
            .query("acl", "")
            .header(OBJECT_ACL, self.acl.to_string());
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<()>> {
        let (client, call) = self.into_call()?;
        Ok(empty_output(call.send(&client).await?))
    }
}

operation!(PutObjectAclRequest => Output<()>);

/// GetObjectAcl (`GET /key?acl`): `default` means the bucket's ACL applies.
#[derive(Debug, Clone)]
pub struct GetObjectAclRequest {
    bucket: Bucket,
    key: String,
}

impl GetObjectAclRequest {
    pub(crate) fn new(bucket: Bucket, key: String) -> Self {
        GetObjectAclRequest { bucket, key }
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self
            .bucket
            .object_call("GetObjectAcl", Method::GET, &self.key)?
            .query("acl", "");
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<AccessControlPolicy>> {
        let (client, call) = self.into_call()?;
        xml_output("GetObjectAcl", call.send(&client).await?).await
    }
}

operation!(GetObjectAclRequest => Output<AccessControlPolicy>);
