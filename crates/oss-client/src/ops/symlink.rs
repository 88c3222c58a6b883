//! PutSymlink and GetSymlink. A symlink is an object that points at another key; GET and
//! HEAD on it return the target.
//!
//! ```no_run
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! bucket.put_symlink("latest.tar.gz", "releases/1.2.3.tar.gz").await?;
//! assert_eq!(bucket.get_symlink("latest.tar.gz").await?.target, "releases/1.2.3.tar.gz");
//! # Ok(())
//! # }
//! ```

use http::Method;
use oss_auth::encoding::{decode, encode_path};
use oss_model::headers::SYMLINK_TARGET;
use oss_model::{ETag, ObjectHeaders};

use crate::bucket::Bucket;
use crate::call::{empty_output, operation, Call, Head};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::ops::object_options::{self, object_setters};
use crate::output::Output;
use crate::validation;

/// PutSymlink (`PUT /key?symlink` with `x-oss-symlink-target`).
#[derive(Debug, Clone)]
pub struct PutSymlinkRequest {
    bucket: Bucket,
    key: String,
    target: String,
    headers: ObjectHeaders,
}

impl PutSymlinkRequest {
    pub(crate) fn new(bucket: Bucket, key: String, target: String) -> Self {
        PutSymlinkRequest {
            bucket,
            key,
            target,
            headers: ObjectHeaders::new(),
        }
    }

    object_setters!();

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self
            .bucket
            .object_call("PutSymlink", Method::PUT, &self.key)?;
        validation::object_key(&self.target).map_err(|e| Error::validation("PutSymlink", e))?;
        object_options::validate("PutSymlink", &self.headers)?;
        let call = call
            .query("symlink", "")
            .header(SYMLINK_TARGET, encode_path(&self.target))
            .headers(self.headers.to_headers());
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<()>> {
        let (client, call) = self.into_call()?;
        Ok(empty_output(call.send(&client).await?))
    }
}

operation!(PutSymlinkRequest => Output<()>);

/// What GetSymlink says about a symlink.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SymlinkInfo {
    /// The key the symlink points at (decoded).
    pub target: String,
    /// The symlink's own ETag.
    pub etag: Option<ETag>,
}

/// GetSymlink (`GET /key?symlink`).
#[derive(Debug, Clone)]
pub struct GetSymlinkRequest {
    bucket: Bucket,
    key: String,
}

impl GetSymlinkRequest {
    pub(crate) fn new(bucket: Bucket, key: String) -> Self {
        GetSymlinkRequest { bucket, key }
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self
            .bucket
            .object_call("GetSymlink", Method::GET, &self.key)?
            .query("symlink", "");
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<SymlinkInfo>> {
        let (client, call) = self.into_call()?;
        let response = call.send(&client).await?;
        let head = Head::of(&response);
        let target = head.header(SYMLINK_TARGET).ok_or_else(|| {
            Error::invalid_response(
                "GetSymlink",
                "no x-oss-symlink-target in the response",
                head.request_id.as_deref(),
            )
        })?;
        let info = SymlinkInfo {
            target: decode(target, false).into_owned(),
            etag: head.header("etag").map(ETag::new),
        };
        Ok(head.output(info))
    }
}

operation!(GetSymlinkRequest => Output<SymlinkInfo>);
