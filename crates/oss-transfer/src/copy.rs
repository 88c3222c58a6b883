//! The [`Copier`]: server-side copies, one CopyObject below a threshold and parallel
//! UploadPartCopy above it, with the metadata copied or replaced.
//!
//! ```no_run
//! use oss_transfer::Copier;
//! use oss_client::model::ObjectHeaders;
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_transfer::Result<()> {
//! let copier = Copier::new(bucket);
//! // Within the bucket, metadata copied.
//! copier.copy("videos/raw.mp4", "archive/raw.mp4").await?;
//! // From another bucket, with new metadata.
//! copier
//!     .copy("report.pdf", "reports/2024.pdf")
//!     .source_bucket("other-bucket")
//!     .replace_metadata(ObjectHeaders::new().content_type("application/pdf").meta("year", "2024"))
//!     .await?;
//! # Ok(())
//! # }
//! ```
//!
//! # How an object is copied
//! A HeadObject of the source gives its size, ETag, CRC-64 and metadata. Below the
//! threshold (200 MiB by default) one CopyObject does it. Above, a multipart upload is
//! initiated on the destination with the source's metadata (content headers, user metadata
//! and tags; with an update on top), or the replacement, and parts of `part_size` (64 MiB) are copied with
//! UploadPartCopy, `concurrency` (4) at once. Every request carries the source's ETag as a
//! condition (`x-oss-copy-source-if-match`), so a source changed mid-copy fails with
//! [`Error::ObjectChanged`] instead of mixing versions, and the copy's CRC-64 must equal
//! the source's. A failed multipart copy is aborted; copies take no checkpoint.

use std::fmt;
use std::future::IntoFuture;
use std::sync::Arc;

use oss_client::model::{Acl, ETag, MetadataDirective, ObjectHeaders, ObjectMeta};
use oss_client::{BoxFuture, Bucket, ByteRange};
use tokio::task::JoinSet;

use crate::cancel::{self, CancellationToken};
use crate::error::{Error, Result};
use crate::plan::{self, PartPlan, PartRange, DEFAULT_CONCURRENCY};
use crate::progress::{ProgressFn, Tracker, TransferProgress};
use crate::upload::parts::{self, PartCtx};
use crate::upload::resume::DonePart;
use tracing::Instrument;

/// The default part size of multipart copies: 64 MiB.
pub const DEFAULT_COPY_PART_SIZE: u64 = 64 << 20;
/// The default size from which copies are multipart: 200 MiB.
pub const DEFAULT_COPY_THRESHOLD: u64 = 200 << 20;

/// Copies objects into one bucket. Cheap to clone.
#[derive(Clone)]
pub struct Copier {
    bucket: Bucket,
    settings: Arc<Settings>,
}

#[derive(Debug, Clone)]
struct Settings {
    part_size: u64,
    concurrency: usize,
    threshold: u64,
}

impl fmt::Debug for Copier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Copier")
            .field("bucket", &self.bucket.name())
            .field("settings", &self.settings)
            .finish()
    }
}

/// Builds a [`Copier`].
#[derive(Debug)]
pub struct CopierBuilder {
    bucket: Bucket,
    settings: Settings,
}

impl CopierBuilder {
    /// The size of each copied part (64 MiB by default; 100 KiB to 5 GiB).
    pub fn part_size(mut self, bytes: u64) -> Self {
        self.settings.part_size = bytes;
        self
    }

    /// How many parts are copied at once (4 by default).
    pub fn concurrency(mut self, parts: usize) -> Self {
        self.settings.concurrency = parts;
        self
    }

    /// Sources smaller than this are copied with one CopyObject (200 MiB by default).
    pub fn multipart_threshold(mut self, bytes: u64) -> Self {
        self.settings.threshold = bytes;
        self
    }

    /// Checks the settings.
    pub fn build(self) -> Result<Copier> {
        plan::check_settings(self.settings.part_size, self.settings.concurrency)?;
        Ok(Copier {
            bucket: self.bucket,
            settings: Arc::new(self.settings),
        })
    }
}

impl Copier {
    /// A builder with the defaults: 64 MiB parts, 4 at once, multipart from 200 MiB.
    pub fn builder(bucket: Bucket) -> CopierBuilder {
        CopierBuilder {
            bucket,
            settings: Settings {
                part_size: DEFAULT_COPY_PART_SIZE,
                concurrency: DEFAULT_CONCURRENCY,
                threshold: DEFAULT_COPY_THRESHOLD,
            },
        }
    }

    /// A copier with the defaults, into `bucket`.
    pub fn new(bucket: Bucket) -> Self {
        Copier {
            bucket,
            settings: Arc::new(Settings {
                part_size: DEFAULT_COPY_PART_SIZE,
                concurrency: DEFAULT_CONCURRENCY,
                threshold: DEFAULT_COPY_THRESHOLD,
            }),
        }
    }

    /// Copies `source_key` (of this bucket, or of
    /// [`source_bucket`](CopyRequest::source_bucket)) to `key`.
    pub fn copy(&self, source_key: impl Into<String>, key: impl Into<String>) -> CopyRequest {
        CopyRequest {
            copier: self.clone(),
            source_bucket: None,
            source_key: source_key.into(),
            source_version_id: None,
            key: key.into(),
            metadata: Metadata::Copy,
            acl: None,
            progress: None,
            cancel: None,
        }
    }
}

/// What the copy's headers are.
#[derive(Debug, Clone)]
enum Metadata {
    /// The source's.
    Copy,
    /// These instead of the source's.
    Replace(ObjectHeaders),
    /// The source's, with these on top.
    Update(ObjectHeaders),
}

/// One copy: where from, which metadata, then `.await`.
#[derive(Debug)]
pub struct CopyRequest {
    copier: Copier,
    source_bucket: Option<String>,
    source_key: String,
    source_version_id: Option<String>,
    key: String,
    metadata: Metadata,
    acl: Option<Acl>,
    progress: Option<ProgressFn>,
    cancel: Option<CancellationToken>,
}

impl CopyRequest {
    /// Copies from this bucket (same account and region) instead of the destination's.
    pub fn source_bucket(mut self, bucket: impl Into<String>) -> Self {
        self.source_bucket = Some(bucket.into());
        self
    }

    /// Copies this version of the source (versioned buckets) instead of its current one.
    pub fn source_version_id(mut self, version_id: impl Into<String>) -> Self {
        self.source_version_id = Some(version_id.into());
        self
    }

    /// Gives the copy these headers (content headers, metadata, tags, …) instead of the
    /// source's.
    pub fn replace_metadata(mut self, headers: ObjectHeaders) -> Self {
        self.metadata = Metadata::Replace(headers);
        self
    }

    /// Gives the copy the source's headers, metadata and tags with `headers` on top: what
    /// `headers` sets wins, and user metadata is merged.
    pub fn update_metadata(mut self, headers: ObjectHeaders) -> Self {
        self.metadata = Metadata::Update(headers);
        self
    }

    /// Gives the copy this ACL (whether the metadata is copied or replaced).
    pub fn acl(mut self, acl: Acl) -> Self {
        self.acl = Some(acl);
        self
    }

    /// Calls `callback` as parts are copied (bytes copied by the service).
    pub fn progress(
        mut self,
        callback: impl Fn(&TransferProgress) + Send + Sync + 'static,
    ) -> Self {
        self.progress = Some(ProgressFn::new(callback));
        self
    }

    /// Stops the copy when `token` is cancelled (a multipart copy is then aborted).
    pub fn cancel(mut self, token: CancellationToken) -> Self {
        self.cancel = Some(token);
        self
    }

    /// Runs the copy.
    pub async fn send(self) -> Result<CopyOutcome> {
        let span = crate::trace::transfer_span("copy", self.copier.bucket.name(), &self.key);
        self.traced().instrument(span).await
    }

    async fn traced(self) -> Result<CopyOutcome> {
        let started = std::time::Instant::now();
        let (bucket, key) = (self.copier.bucket.name().to_owned(), self.key.clone());
        let result = self.run().await;
        let duration_ms = started.elapsed().as_millis() as u64;
        crate::trace::cancelled(&result);
        match &result {
            Ok(done) => tracing::debug!(
                bucket,
                key,
                size = done.size,
                parts = done.parts,
                duration_ms,
                "copy finished"
            ),
            Err(error) => tracing::debug!(bucket, key, %error, duration_ms, "copy failed"),
        }
        result
    }

    async fn run(self) -> Result<CopyOutcome> {
        let bucket = self.copier.bucket.clone();
        let source_bucket = self
            .source_bucket
            .clone()
            .unwrap_or_else(|| bucket.name().to_owned());
        let tracker = Tracker::object(&self.key, self.progress.clone(), None);
        let source = bucket.client().bucket(&source_bucket);
        let head = async {
            let mut request = source.head_object(&self.source_key);
            if let Some(version) = &self.source_version_id {
                request = request.version_id(version);
            }
            let head = request.await;
            head.map(|h| h.into_inner())
                .map_err(|e| Error::request("HeadObject", e))
        };
        let head = cancel::or_cancel(self.cancel.as_ref(), head).await?;
        let size = head.content_length.ok_or_else(|| {
            Error::integrity(format!(
                "{}: HeadObject gave no Content-Length",
                self.source_key
            ))
        })?;
        tracker.start(Some(size), 0);
        crate::trace::record_size(size);
        let job = Job {
            request: &self,
            bucket,
            source_bucket,
            tracker,
            head,
            size,
        };
        if size < self.copier.settings.threshold {
            cancel::or_cancel(self.cancel.as_ref(), job.single()).await
        } else {
            job.multipart().await
        }
    }
}

impl IntoFuture for CopyRequest {
    type Output = Result<CopyOutcome>;
    type IntoFuture = BoxFuture<Result<CopyOutcome>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// What a copy did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CopyOutcome {
    /// The destination key.
    pub key: String,
    /// Its size.
    pub size: u64,
    /// Its ETag.
    pub etag: ETag,
    /// Its CRC-64, equal to the source's (`None` if the service reports none).
    pub crc64: Option<u64>,
    /// The number of parts (0 for a single CopyObject).
    pub parts: u32,
}

struct Job<'a> {
    request: &'a CopyRequest,
    bucket: Bucket,
    source_bucket: String,
    tracker: Tracker,
    head: ObjectMeta,
    size: u64,
}

impl Job<'_> {
    fn source_etag(&self) -> Result<ETag> {
        self.head.etag.clone().ok_or_else(|| {
            Error::integrity(format!(
                "{}: HeadObject gave no ETag",
                self.request.source_key
            ))
        })
    }

    fn changed(&self, error: Error) -> Error {
        if error.is_precondition_failed() {
            Error::ObjectChanged {
                key: self.request.source_key.clone(),
            }
        } else {
            error
        }
    }

    async fn single(&self) -> Result<CopyOutcome> {
        let etag = self.source_etag()?;
        let mut request = self
            .bucket
            .copy_object(&self.request.source_key, &self.request.key)
            .source_bucket(&self.source_bucket)
            .if_match(etag);
        if let Some(version) = &self.request.source_version_id {
            request = request.source_version_id(version);
        }
        // Tags are not among the headers: CopyObject copies them by default.
        let replacement = match &self.request.metadata {
            Metadata::Copy => None,
            Metadata::Replace(headers) => Some(headers.clone()),
            Metadata::Update(headers) => Some(on_top(headers.clone(), self.source_headers())),
        };
        if let Some(headers) = replacement {
            request = request
                .object_headers(self.with_acl(headers))
                .metadata_directive(MetadataDirective::Replace);
        } else if self.request.acl.is_some() {
            // Only the ACL: the metadata is still copied.
            request = request.object_headers(self.with_acl(ObjectHeaders::new()));
        }
        let copied = request
            .send()
            .await
            .map_err(|e| self.changed(Error::request("CopyObject", e)))?;
        self.tracker.advance(self.size);
        let crc64 = self.check_crc(None).await?;
        Ok(CopyOutcome {
            key: self.request.key.clone(),
            size: self.size,
            etag: copied.etag.clone(),
            crc64,
            parts: 0,
        })
    }

    fn with_acl(&self, mut headers: ObjectHeaders) -> ObjectHeaders {
        if self.request.acl.is_some() {
            headers.acl = self.request.acl.clone();
        }
        headers
    }

    /// The destination's CRC-64 must be the source's.
    async fn check_crc(&self, reported: Option<u64>) -> Result<Option<u64>> {
        match self.head.crc64ecma {
            Some(expected) => {
                parts::check_object_crc(&self.bucket, &self.request.key, reported, expected).await
            }
            None => Ok(reported),
        }
    }

    /// The destination's headers: the replacement, or the source's metadata and tags (with
    /// the update on top).
    async fn headers(&self) -> Result<ObjectHeaders> {
        if let Metadata::Replace(headers) = &self.request.metadata {
            return Ok(self.with_acl(headers.clone()));
        }
        let mut source = self.source_headers();
        if self.head.tagging_count.unwrap_or(0) > 0 {
            let bucket = self.bucket.client().bucket(&self.source_bucket);
            let mut request = bucket.get_object_tagging(&self.request.source_key);
            if let Some(version) = &self.request.source_version_id {
                request = request.version_id(version.as_str());
            }
            let tagging = request
                .await
                .map_err(|e| Error::request("GetObjectTagging", e))?;
            source.tags = tagging.into_inner().tags;
        }
        let headers = match &self.request.metadata {
            Metadata::Update(headers) => on_top(headers.clone(), source),
            _ => source,
        };
        Ok(self.with_acl(headers))
    }

    /// The source's content headers and user metadata, from its HeadObject.
    fn source_headers(&self) -> ObjectHeaders {
        let head = &self.head;
        let mut headers = ObjectHeaders::new();
        headers.content_type = head.content_type.clone();
        headers.cache_control = head.cache_control.clone();
        headers.content_disposition = head.content_disposition.clone();
        headers.content_encoding = head.content_encoding.clone();
        headers.content_language = head.content_language.clone();
        headers.expires = head.expires.clone();
        headers.user_meta = head.user_meta.clone();
        headers
    }

    async fn multipart(&self) -> Result<CopyOutcome> {
        let cancel = self.request.cancel.as_ref();
        let etag = self.source_etag()?;
        let headers = cancel::or_cancel(cancel, self.headers()).await?;
        let plan = PartPlan::new(self.size, self.request.copier.settings.part_size)?;
        let initiate = crate::upload::resume::initiate(&self.bucket, &self.request.key, &headers);
        let upload_id = cancel::or_cancel(cancel, initiate).await?;
        let ctx = Arc::new(PartCtx {
            bucket: self.bucket.clone(),
            key: self.request.key.clone(),
            upload_id,
            limit: None,
            tracker: self.tracker.clone(),
            content_md5: false,
        });
        let result = self
            .copy_parts(&ctx, &plan, &etag, headers.forbid_overwrite)
            .await;
        if result.is_err() {
            let _ = self
                .bucket
                .abort_multipart_upload(&ctx.key, &ctx.upload_id)
                .await;
        }
        result
    }

    async fn copy_parts(
        &self,
        ctx: &Arc<PartCtx>,
        plan: &PartPlan,
        etag: &ETag,
        forbid_overwrite: Option<bool>,
    ) -> Result<CopyOutcome> {
        let cancel = self.request.cancel.as_ref();
        let mut pending = plan.parts();
        let mut running = JoinSet::new();
        let mut done = Vec::new();
        loop {
            while running.len() < self.request.copier.settings.concurrency {
                let Some(part) = pending.next() else { break };
                let part = copy_part(
                    Arc::clone(ctx),
                    self.source_bucket.clone(),
                    self.request.source_key.clone(),
                    self.request.source_version_id.clone(),
                    etag.clone(),
                    part,
                );
                running.spawn(part.in_current_span());
            }
            let joined = tokio::select! {
                joined = running.join_next() => joined,
                () = cancel::cancelled(cancel) => return Err(Error::Cancelled),
            };
            let Some(joined) = joined else { break };
            let part = joined
                .map_err(parts::join_error)?
                .map_err(|e| self.changed(e))?;
            done.push(part);
        }
        done.sort_by_key(|p| p.number);
        let completed_parts = done
            .iter()
            .map(|p| oss_client::model::CompletedPart {
                part_number: p.number,
                etag: ETag::new(p.etag.clone()),
            })
            .collect();
        let complete = parts::complete(ctx, completed_parts, forbid_overwrite);
        let completed = cancel::or_cancel(cancel, complete).await?;
        let crc64 = self.check_crc(completed.crc64).await?;
        Ok(CopyOutcome {
            key: self.request.key.clone(),
            size: self.size,
            etag: completed.etag,
            crc64,
            parts: plan.part_count(),
        })
    }
}

/// `update` over `source`: what `update` sets wins, user metadata is merged.
fn on_top(update: ObjectHeaders, source: ObjectHeaders) -> ObjectHeaders {
    let mut merged = update;
    merged.content_type = merged.content_type.or(source.content_type);
    merged.cache_control = merged.cache_control.or(source.cache_control);
    merged.content_disposition = merged.content_disposition.or(source.content_disposition);
    merged.content_encoding = merged.content_encoding.or(source.content_encoding);
    merged.content_language = merged.content_language.or(source.content_language);
    merged.expires = merged.expires.or(source.expires);
    if merged.tags.is_empty() {
        merged.tags = source.tags;
    }
    for (name, value) in source.user_meta {
        merged.user_meta.entry(name).or_insert(value);
    }
    merged
}

/// UploadPartCopy of one range (of the source's version, when given), conditioned on the
/// source's ETag.
async fn copy_part(
    ctx: Arc<PartCtx>,
    source_bucket: String,
    source_key: String,
    source_version_id: Option<String>,
    etag: ETag,
    part: PartRange,
) -> Result<DonePart> {
    let range = ByteRange::with_length(part.offset, part.length)
        .map_err(|e| Error::request("UploadPartCopy", e.into()))?;
    let mut request = ctx
        .bucket
        .upload_part_copy(&ctx.key, &ctx.upload_id, part.number, &source_key)
        .source_bucket(&source_bucket)
        .source_range(range)
        .if_match(etag);
    if let Some(version) = source_version_id {
        request = request.source_version_id(version);
    }
    let copied = request
        .send()
        .await
        .map_err(|e| Error::request("UploadPartCopy", e));
    match copied {
        Ok(output) => {
            ctx.tracker.advance(part.length);
            crate::trace::part_done("copied", &ctx.key, part.number, part.offset, part.length);
            Ok(DonePart {
                number: part.number,
                etag: output.etag.raw().to_owned(),
                size: part.length,
                crc64: 0,
            })
        }
        Err(e) if e.is_precondition_failed() => Err(e),
        Err(e) => Err(Error::part(part.number, part.offset, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_goes_on_top_of_the_source() {
        let update = ObjectHeaders::new()
            .content_type("text/plain")
            .meta("owner", "me");
        let mut source = ObjectHeaders::new()
            .content_type("application/gzip")
            .meta("owner", "them")
            .meta("year", "2024");
        source.content_encoding = Some("gzip".into());
        let merged = on_top(update, source);
        assert_eq!(merged.content_type.as_deref(), Some("text/plain"));
        assert_eq!(merged.content_encoding.as_deref(), Some("gzip"));
        assert_eq!(merged.user_meta["owner"], "me");
        assert_eq!(merged.user_meta["year"], "2024");
    }
}
