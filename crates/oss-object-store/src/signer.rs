//! [`Signer`]: presigned URLs through oss-client's presigning, signed with the client's
//! signature version (V4 by default, at most 7 days; V1 when the client signs with V1).
//!
//! GET, HEAD, PUT and DELETE of an object can be presigned. The URL alone is enough: no
//! header is signed, so a PUT through it must carry no `Content-Type` (the object gets the
//! service's default type) and a GET may add a `Range`.

use std::time::Duration;

use async_trait::async_trait;
use object_store::path::Path;
use object_store::signer::{Method, Signer, Url};
use oss_client::{Body, PresignOptions};

use crate::error;
use crate::store::OssObjectStore;

#[async_trait]
impl Signer for OssObjectStore {
    async fn signed_url(
        &self,
        method: Method,
        path: &Path,
        expires_in: Duration,
    ) -> object_store::Result<Url> {
        let key = path.as_ref();
        let bucket = self.bucket();
        let options = PresignOptions::expires_in(expires_in);
        let presigned = match method {
            Method::GET => bucket.get_object(key).presign(options).await,
            Method::HEAD => bucket.head_object(key).presign(options).await,
            Method::DELETE => bucket.delete_object(key).presign(options).await,
            Method::PUT => {
                bucket
                    .put_object(key, Body::empty())
                    .guess_content_type(false)
                    .presign(options)
                    .await
            }
            other => {
                return Err(object_store::Error::NotSupported {
                    source: format!("presigning {other} (GET, HEAD, PUT and DELETE are)").into(),
                })
            }
        }
        .map_err(|e| error::from_client(e, key))?;
        if !presigned.signed_headers.is_empty() {
            // The URL would fail without them, and object_store hands out only the URL.
            return Err(error::generic(format!(
                "{key}: the presigned {method} needs headers a URL cannot carry: {:?}",
                presigned.signed_headers
            )));
        }
        Url::parse(&presigned.url).map_err(error::generic)
    }
}
