//! [`OssObjectStore`]: `object_store`'s [`ObjectStore`] on one OSS bucket.
//!
//! | `object_store` | OSS |
//! | --- | --- |
//! | `put_opts` | PutObject; `PutMode::Create` sends `forbid-overwrite` (`AlreadyExists` when the key exists); `PutMode::Update` is `NotImplemented` (OSS has no conditional PutObject) |
//! | `put_multipart_opts` | InitiateMultipartUpload, UploadPart, CompleteMultipartUpload |
//! | `get_opts` | GetObject or HeadObject (see [`get`](crate::get)) |
//! | `delete_stream` | DeleteObject for one key, DeleteMultipleObjects (quiet, up to 1,000 keys) for several |
//! | `list`, `list_with_offset`, `list_with_delimiter` | ListObjectsV2 (see [`list`](crate::list)) |
//! | `copy_opts` | oss-transfer's [`Copier`]: CopyObject, or UploadPartCopy in parallel for large objects; `CopyMode::Create`: one CopyObject with `forbid-overwrite` |
//! | `rename_opts` | copy, then delete the source (`object_store`'s default) |

use std::fmt;

use async_trait::async_trait;
use futures_util::stream::{self, BoxStream};
use futures_util::StreamExt;
use object_store::path::Path;
use object_store::{
    CopyMode, CopyOptions, GetOptions, GetResult, ListResult, MultipartUpload, ObjectMeta,
    ObjectStore, PutMode, PutMultipartOptions, PutOptions, PutPayload, PutResult, TagSet,
};
use oss_client::model::ObjectHeaders;
use oss_client::{Body, Bucket};
use oss_transfer::Copier;

use crate::{attributes, convert, error, get, list, multipart};

/// The most keys one DeleteMultipleObjects takes.
const DELETE_BATCH: usize = 1000;

/// An [`ObjectStore`] on one OSS bucket; also a
/// [`MultipartStore`](object_store::multipart::MultipartStore),
/// [`PaginatedListStore`](object_store::list::PaginatedListStore) and
/// [`Signer`](object_store::signer::Signer). Cheap to clone.
///
/// Build one with [`OssObjectStoreBuilder`](crate::OssObjectStoreBuilder), or from a
/// [`Bucket`] handle of a client you already have with [`OssObjectStore::new`].
#[derive(Clone)]
pub struct OssObjectStore {
    bucket: Bucket,
    copier: Copier,
}

impl OssObjectStore {
    /// A store on `bucket` (its client's endpoint, credentials and settings).
    pub fn new(bucket: Bucket) -> Self {
        let copier = Copier::new(bucket.clone());
        OssObjectStore { bucket, copier }
    }

    /// The bucket, to send what `object_store` has no method for.
    pub fn bucket(&self) -> &Bucket {
        &self.bucket
    }
}

impl fmt::Debug for OssObjectStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OssObjectStore")
            .field("bucket", &self.bucket.name())
            .field(
                "endpoint",
                &self.bucket.client().config().endpoint().to_string(),
            )
            .finish()
    }
}

impl fmt::Display for OssObjectStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OssObjectStore({})", self.bucket.name())
    }
}

/// Adds `tags` (`k=v&k2=v2`, form-encoded) to `headers`.
pub(crate) fn add_tags(headers: &mut ObjectHeaders, tags: &TagSet) -> object_store::Result<()> {
    let decode = |text: &str| {
        oss_client::model::encoding::url_decode(&text.replace('+', " "))
            .map_err(|e| error::generic(format!("tag {text:?}: {e}")))
    };
    for pair in tags.encoded().split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let tagged = std::mem::take(headers).tag(decode(key)?, decode(value)?);
        *headers = tagged;
    }
    Ok(())
}

impl OssObjectStore {
    /// Deletes one batch of locations; gives back each location, or its error, in order.
    async fn delete_batch(
        &self,
        batch: Vec<object_store::Result<Path>>,
    ) -> Vec<object_store::Result<Path>> {
        let keys: Vec<String> = batch
            .iter()
            .filter_map(|item| item.as_ref().ok().map(|p| p.as_ref().to_owned()))
            .collect();
        let outcome = match keys.as_slice() {
            [] => Ok(()),
            [key] => self.bucket.delete_object(key).send().await.map(drop),
            _ => self
                .bucket
                .delete_objects(keys)
                .quiet(true)
                .send()
                .await
                .map(drop),
        };
        batch
            .into_iter()
            .map(|item| {
                let path = item?;
                match &outcome {
                    Ok(()) => Ok(path),
                    Err(e) => Err(error::like_client(e, path.as_ref())),
                }
            })
            .collect()
    }

    /// Copies `from` to `to`: through the copier (one CopyObject, or part copies for a
    /// large object), or with `create` one CopyObject that must not overwrite.
    async fn copy_object(&self, from: &Path, to: &Path, create: bool) -> object_store::Result<()> {
        if !create {
            return match self.copier.copy(from.as_ref(), to.as_ref()).send().await {
                Ok(_) => Ok(()),
                Err(e) => Err(error::from_transfer(e, from.as_ref())),
            };
        }
        let copied = self
            .bucket
            .copy_object(from.as_ref(), to.as_ref())
            .forbid_overwrite(true)
            .send()
            .await;
        match copied {
            Ok(_) => Ok(()),
            Err(e) => Err(match error::from_client(e, from.as_ref()) {
                // The destination is what exists.
                object_store::Error::AlreadyExists { source, .. } => {
                    object_store::Error::AlreadyExists {
                        path: to.to_string(),
                        source,
                    }
                }
                other => other,
            }),
        }
    }
}

#[async_trait]
impl ObjectStore for OssObjectStore {
    async fn put_opts(
        &self,
        location: &Path,
        payload: PutPayload,
        opts: PutOptions,
    ) -> object_store::Result<PutResult> {
        let key = location.as_ref();
        let PutOptions {
            mode,
            tags,
            attributes,
            ..
        } = opts;
        let mut headers = attributes::to_headers(&attributes)?;
        add_tags(&mut headers, &tags)?;
        match mode {
            PutMode::Overwrite => {}
            PutMode::Create => headers.forbid_overwrite = Some(true),
            PutMode::Update(_) => {
                return Err(error::not_implemented(
                    "put_opts with PutMode::Update (OSS has no conditional PutObject)",
                ))
            }
        }
        let body: bytes::Bytes = payload.into();
        let put = self
            .bucket
            .put_object(key, Body::from_bytes(body))
            .object_headers(headers)
            .send()
            .await
            .map_err(|e| error::from_client(e, key))?
            .into_inner();
        Ok(PutResult {
            e_tag: put.etag.as_ref().map(convert::etag),
            version: put.version_id,
            extensions: Default::default(),
        })
    }

    async fn put_multipart_opts(
        &self,
        location: &Path,
        opts: PutMultipartOptions,
    ) -> object_store::Result<Box<dyn MultipartUpload>> {
        let upload_id = multipart::create(&self.bucket, location, opts).await?;
        Ok(Box::new(multipart::Upload::new(
            self.bucket.clone(),
            location.as_ref().to_owned(),
            upload_id,
        )))
    }

    async fn get_opts(
        &self,
        location: &Path,
        options: GetOptions,
    ) -> object_store::Result<GetResult> {
        get::get_opts(&self.bucket, location, options).await
    }

    fn delete_stream(
        &self,
        locations: BoxStream<'static, object_store::Result<Path>>,
    ) -> BoxStream<'static, object_store::Result<Path>> {
        let store = self.clone();
        locations
            .ready_chunks(DELETE_BATCH)
            .then(move |batch| {
                let store = store.clone();
                async move { stream::iter(store.delete_batch(batch).await) }
            })
            .flatten()
            .boxed()
    }

    fn list(&self, prefix: Option<&Path>) -> BoxStream<'static, object_store::Result<ObjectMeta>> {
        list::list(&self.bucket, prefix, None)
    }

    fn list_with_offset(
        &self,
        prefix: Option<&Path>,
        offset: &Path,
    ) -> BoxStream<'static, object_store::Result<ObjectMeta>> {
        list::list(&self.bucket, prefix, Some(offset))
    }

    async fn list_with_delimiter(&self, prefix: Option<&Path>) -> object_store::Result<ListResult> {
        list::list_with_delimiter(&self.bucket, prefix).await
    }

    async fn copy_opts(
        &self,
        from: &Path,
        to: &Path,
        options: CopyOptions,
    ) -> object_store::Result<()> {
        self.copy_object(from, to, options.mode == CopyMode::Create)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_decoded_into_headers() {
        let mut tags = TagSet::default();
        tags.push("project", "oss rs");
        tags.push("a&b", "1=2+3");
        let mut headers = ObjectHeaders::new();
        add_tags(&mut headers, &tags).unwrap();
        let pairs: Vec<(&str, &str)> = headers
            .tags
            .iter()
            .map(|t| (t.key.as_str(), t.value.as_str()))
            .collect();
        assert_eq!(pairs, [("project", "oss rs"), ("a&b", "1=2+3")]);
    }
}
