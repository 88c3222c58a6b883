//! [`Signer`]: presigned URLs through oss-client's presigning, signed with the client's
//! signature version (V4 by default, at most 7 days; V1 when the client signs with V1).
//!
//! GET, HEAD, PUT and DELETE of an object can be presigned. The URL alone is enough: no
//! header is signed, so a PUT through it must carry no `Content-Type` (the object gets the
//! service's default type) and a GET may add a `Range`. With `signed_url_opts`, a PUT or GET
//! signs the headers given (a `Content-Type`, user metadata…), which its user then sends;
//! extra query parameters are not supported.

use std::time::Duration;

use async_trait::async_trait;
use object_store::path::Path;
use object_store::signer::{Method, SignedUrlOptions, Signer, Url};
use oss_client::{Body, PresignOptions};

use crate::error;
use crate::store::OssObjectStore;

/// The headers of `options` as (name, value) text pairs.
fn header_pairs(options: &SignedUrlOptions) -> object_store::Result<Vec<(String, String)>> {
    options
        .signed_headers
        .iter()
        .map(|(name, value)| {
            let value = value.to_str().map_err(|_| {
                error::generic(format!("the signed header {name} is not visible ASCII"))
            })?;
            Ok((name.as_str().to_owned(), value.to_owned()))
        })
        .collect()
}

impl OssObjectStore {
    /// Presigns `method` on `path`, signing `headers` (lower-case names).
    async fn presign(
        &self,
        method: Method,
        path: &Path,
        expires_in: Duration,
        headers: Vec<(String, String)>,
    ) -> object_store::Result<Url> {
        let key = path.as_ref();
        let bucket = self.bucket();
        let options = PresignOptions::expires_in(expires_in);
        let unsupported = |what: String| object_store::Error::NotSupported {
            source: what.into(),
        };
        let presigned = match method {
            Method::GET => {
                let mut request = bucket.get_object(key);
                for (name, value) in &headers {
                    request = request.header(name, value);
                }
                request.presign(options).await
            }
            Method::PUT => {
                let mut request = bucket
                    .put_object(key, Body::empty())
                    .guess_content_type(false);
                for (name, value) in &headers {
                    request = if name == http::header::CONTENT_TYPE.as_str() {
                        request.content_type(value)
                    } else {
                        request.header(name, value)
                    };
                }
                request.presign(options).await
            }
            Method::HEAD | Method::DELETE if !headers.is_empty() => {
                return Err(unsupported(format!(
                    "presigning {method} with signed headers"
                )))
            }
            Method::HEAD => bucket.head_object(key).presign(options).await,
            Method::DELETE => bucket.delete_object(key).presign(options).await,
            other => {
                return Err(unsupported(format!(
                    "presigning {other} (GET, HEAD, PUT and DELETE are)"
                )))
            }
        }
        .map_err(|e| error::from_client(e, key))?;
        let unasked: Vec<_> = presigned
            .signed_headers
            .iter()
            .filter(|signed| !headers.contains(signed))
            .collect();
        if !unasked.is_empty() {
            // The URL would fail without them, and object_store hands out only the URL.
            return Err(error::generic(format!(
                "{key}: the presigned {method} needs headers its user was not given: {unasked:?}"
            )));
        }
        Url::parse(&presigned.url).map_err(error::generic)
    }
}

#[async_trait]
impl Signer for OssObjectStore {
    async fn signed_url(
        &self,
        method: Method,
        path: &Path,
        expires_in: Duration,
    ) -> object_store::Result<Url> {
        self.presign(method, path, expires_in, Vec::new()).await
    }

    async fn signed_url_opts(
        &self,
        method: Method,
        path: &Path,
        expires_in: Duration,
        options: &SignedUrlOptions,
    ) -> object_store::Result<Url> {
        if !options.extra_query.is_empty() {
            return Err(object_store::Error::NotSupported {
                source: "presigning with extra query parameters".into(),
            });
        }
        let headers = header_pairs(options)?;
        self.presign(method, path, expires_in, headers).await
    }
}
