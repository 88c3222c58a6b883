//! Multipart uploads: [`MultipartUpload`] for `put_multipart` (parts numbered in the order
//! `put_part` is called, uploaded concurrently as the caller drives them) and
//! [`MultipartStore`] (parts numbered by the caller's index).
//!
//! Memory stays bounded by what the caller hands over: each part is sent as it comes and
//! only its ETag is kept. A part whose payload is in several chunks is joined into one
//! buffer so that the transport can send it again after a failure. An upload completed
//! without any part gets one empty part, since OSS completes no upload without one.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use bytes::Bytes;
use object_store::multipart::{MultipartStore, PartId};
use object_store::path::Path;
use object_store::{
    MultipartId, MultipartUpload, PutMultipartOptions, PutPayload, PutResult, UploadPart,
};
use oss_client::model::{CompletedPart, ETag};
use oss_client::{Body, Bucket};

use crate::store::OssObjectStore;
use crate::{attributes, convert, error};

/// Starts an upload of `location` with the attributes and tags of `opts`.
pub(crate) async fn create(
    bucket: &Bucket,
    location: &Path,
    opts: PutMultipartOptions,
) -> object_store::Result<String> {
    let key = location.as_ref();
    let PutMultipartOptions {
        tags, attributes, ..
    } = opts;
    let mut headers = attributes::to_headers(&attributes)?;
    crate::store::add_tags(&mut headers, &tags)?;
    let upload = bucket
        .initiate_multipart_upload(key)
        .object_headers(headers)
        .send()
        .await
        .map_err(|e| error::from_client(e, key))?;
    Ok(upload.into_inner().upload_id)
}

/// Uploads part `number` (1-based) of an upload.
async fn upload_part(
    bucket: Bucket,
    key: String,
    upload_id: String,
    number: u32,
    data: PutPayload,
) -> object_store::Result<CompletedPart> {
    let body: Bytes = data.into();
    let uploaded = bucket
        .upload_part(&key, upload_id, number, Body::from_bytes(body))
        .send()
        .await
        .map_err(|e| error::from_client(e, &key))?;
    Ok(uploaded.completed_part())
}

/// Completes an upload with `parts` (numbers and ETags), uploading an empty part first when
/// there is none.
async fn complete(
    bucket: &Bucket,
    key: &str,
    upload_id: &str,
    mut parts: Vec<CompletedPart>,
) -> object_store::Result<PutResult> {
    if parts.is_empty() {
        let empty = upload_part(
            bucket.clone(),
            key.to_owned(),
            upload_id.to_owned(),
            1,
            PutPayload::new(),
        )
        .await?;
        parts.push(empty);
    }
    let done = bucket
        .complete_multipart_upload(key, upload_id)
        .parts(parts)
        .send()
        .await
        .map_err(|e| error::from_client(e, key))?
        .into_inner();
    Ok(PutResult {
        e_tag: Some(convert::etag(&done.etag)),
        version: done.version_id,
        extensions: Default::default(),
    })
}

async fn abort(bucket: &Bucket, key: &str, upload_id: &str) -> object_store::Result<()> {
    bucket
        .abort_multipart_upload(key, upload_id)
        .send()
        .await
        .map_err(|e| error::from_client(e, key))?;
    Ok(())
}

/// An upload in progress, from `put_multipart`.
#[derive(Debug)]
pub(crate) struct Upload {
    bucket: Bucket,
    key: String,
    upload_id: String,
    /// The number the next `put_part` gets.
    next_part: u32,
    /// The parts uploaded so far, as their uploads finish.
    done: Arc<Mutex<Vec<CompletedPart>>>,
}

impl Upload {
    pub(crate) fn new(bucket: Bucket, key: String, upload_id: String) -> Self {
        Upload {
            bucket,
            key,
            upload_id,
            next_part: 1,
            done: Arc::default(),
        }
    }
}

#[async_trait]
impl MultipartUpload for Upload {
    fn put_part(&mut self, data: PutPayload) -> UploadPart {
        let number = self.next_part;
        self.next_part = self.next_part.saturating_add(1);
        let done = Arc::clone(&self.done);
        let upload = upload_part(
            self.bucket.clone(),
            self.key.clone(),
            self.upload_id.clone(),
            number,
            data,
        );
        Box::pin(async move {
            let part = upload.await?;
            done.lock()
                .map_err(|_| error::generic("a part upload panicked"))?
                .push(part);
            Ok(())
        })
    }

    async fn complete(&mut self) -> object_store::Result<PutResult> {
        let mut parts = {
            let mut done = self
                .done
                .lock()
                .map_err(|_| error::generic("a part upload panicked"))?;
            let started = self.next_part - 1;
            if done.len() != started as usize {
                return Err(error::generic(format!(
                    "{}: {} of {started} parts are uploaded; complete once every part is",
                    self.key,
                    done.len()
                )));
            }
            std::mem::take(&mut *done)
        };
        parts.sort_by_key(|part| part.part_number);
        complete(&self.bucket, &self.key, &self.upload_id, parts).await
    }

    async fn abort(&mut self) -> object_store::Result<()> {
        abort(&self.bucket, &self.key, &self.upload_id).await
    }
}

/// The OSS part number of `object_store`'s part index (0-based).
fn part_number(index: usize) -> object_store::Result<u32> {
    u32::try_from(index)
        .ok()
        .and_then(|i| i.checked_add(1))
        .ok_or_else(|| error::generic(format!("part index {index} is out of range")))
}

#[async_trait]
impl MultipartStore for OssObjectStore {
    async fn create_multipart(&self, path: &Path) -> object_store::Result<MultipartId> {
        create(self.bucket(), path, PutMultipartOptions::default()).await
    }

    async fn create_multipart_opts(
        &self,
        path: &Path,
        opts: PutMultipartOptions,
    ) -> object_store::Result<MultipartId> {
        create(self.bucket(), path, opts).await
    }

    async fn put_part(
        &self,
        path: &Path,
        id: &MultipartId,
        part_idx: usize,
        data: PutPayload,
    ) -> object_store::Result<PartId> {
        let part = upload_part(
            self.bucket().clone(),
            path.as_ref().to_owned(),
            id.clone(),
            part_number(part_idx)?,
            data,
        )
        .await?;
        Ok(PartId {
            content_id: part.etag.raw().to_owned(),
        })
    }

    async fn complete_multipart(
        &self,
        path: &Path,
        id: &MultipartId,
        parts: Vec<PartId>,
    ) -> object_store::Result<PutResult> {
        let parts = parts
            .into_iter()
            .enumerate()
            .map(|(index, part)| {
                Ok(CompletedPart {
                    part_number: part_number(index)?,
                    etag: ETag::new(part.content_id),
                })
            })
            .collect::<object_store::Result<Vec<_>>>()?;
        complete(self.bucket(), path.as_ref(), id, parts).await
    }

    async fn abort_multipart(&self, path: &Path, id: &MultipartId) -> object_store::Result<()> {
        abort(self.bucket(), path.as_ref(), id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_indexes_are_one_based_part_numbers() {
        assert_eq!(part_number(0).unwrap(), 1);
        assert_eq!(part_number(9_999).unwrap(), 10_000);
        assert!(part_number(usize::MAX).is_err());
    }
}
