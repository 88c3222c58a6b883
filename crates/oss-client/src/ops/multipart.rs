//! Multipart uploads: InitiateMultipartUpload, UploadPart, UploadPartCopy and
//! AbortMultipartUpload (CompleteMultipartUpload is in [`complete`](super::complete), the
//! listings in [`listing`](super::listing)).
//!
//! ```no_run
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! let upload = bucket.initiate_multipart_upload("big.bin").await?;
//! let id = &upload.upload_id;
//! let one = bucket.upload_part("big.bin", id, 1, vec![1u8; 5 << 20]).await?;
//! let two = bucket.upload_part("big.bin", id, 2, vec![2u8; 1024]).await?;
//! bucket
//!     .complete_multipart_upload("big.bin", id)
//!     .part(1, one.etag.clone())
//!     .part(2, two.etag.clone())
//!     .await?;
//! # Ok(())
//! # }
//! ```
//!
//! Every part but the last must be at least 100 KiB; UploadPart checks the CRC-64 of each
//! part against the service's and is retried after a failure (re-uploading a part replaces
//! it).

use http::Method;
use oss_model::dialect::Header;
use oss_model::{
    CompletedPart, CopyPartResult, ETag, InitiateMultipartUploadResult, ObjectHeaders,
};

use crate::body::Body;
use crate::bucket::Bucket;
use crate::call::{decoded_xml_output, operation, xml_output, Call, Head, UploadCrc};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::mime;
use crate::ops::conditions::{condition_setters, Applies, Conditions};
use crate::ops::copy::copy_source;
use crate::ops::object_options::{self, object_setters};
use crate::ops::range::ByteRange;
use crate::output::Output;
use crate::progress::{Progress, ProgressEvent};
use crate::validation;

/// InitiateMultipartUpload (`POST /key?uploads`): the object's metadata is given here.
#[derive(Debug, Clone)]
pub struct InitiateMultipartUploadRequest {
    bucket: Bucket,
    key: String,
    headers: ObjectHeaders,
}

impl InitiateMultipartUploadRequest {
    pub(crate) fn new(bucket: Bucket, key: String) -> Self {
        InitiateMultipartUploadRequest {
            bucket,
            key,
            headers: ObjectHeaders::new(),
        }
    }

    object_setters!();

    fn into_call(self) -> Result<(Client, Call)> {
        const OPERATION: &str = "InitiateMultipartUpload";
        let call = self
            .bucket
            .object_call(OPERATION, Method::POST, &self.key)?;
        object_options::validate(OPERATION, &self.headers)?;
        let mut headers = self.headers;
        if headers.content_type.is_none() {
            headers.content_type = Some(mime::guess(&self.key).to_owned());
        }
        let call = call
            .query("uploads", "")
            .query("encoding-type", "url")
            .headers(object_options::wire_headers(
                self.bucket.client(),
                OPERATION,
                &headers,
            )?);
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<InitiateMultipartUploadResult>> {
        let (client, call) = self.into_call()?;
        decoded_xml_output("InitiateMultipartUpload", call.send(&client).await?).await
    }
}

operation!(InitiateMultipartUploadRequest => Output<InitiateMultipartUploadResult>);

fn upload_call(
    bucket: &Bucket,
    operation: &'static str,
    method: Method,
    key: &str,
    upload_id: &str,
) -> Result<Call> {
    let call = bucket.object_call(operation, method, key)?;
    validation::non_empty("upload id", upload_id).map_err(|e| Error::validation(operation, e))?;
    Ok(call)
}

/// What UploadPart reports: what CompleteMultipartUpload needs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadPartResult {
    /// The part number.
    pub part_number: u32,
    /// The part's ETag.
    pub etag: ETag,
    /// The part's CRC-64: the service's, equal to the body's (they were compared); the one
    /// computed while sending if the service reports none.
    pub crc64: Option<u64>,
}

impl UploadPartResult {
    /// The entry for CompleteMultipartUpload's part list.
    pub fn completed_part(&self) -> CompletedPart {
        CompletedPart {
            part_number: self.part_number,
            etag: self.etag.clone(),
        }
    }
}

/// UploadPart (`PUT /key?partNumber=N&uploadId=ID`).
#[derive(Debug)]
pub struct UploadPartRequest {
    bucket: Bucket,
    key: String,
    upload_id: String,
    part_number: u32,
    body: Body,
    extra_headers: Vec<(String, String)>,
    progress: Option<Progress>,
    verify_crc: bool,
    content_md5: bool,
    deadline: Option<std::time::Duration>,
}

impl UploadPartRequest {
    pub(crate) fn new(
        bucket: Bucket,
        key: String,
        upload_id: String,
        part_number: u32,
        body: Body,
    ) -> Self {
        UploadPartRequest {
            bucket,
            key,
            upload_id,
            part_number,
            body,
            extra_headers: Vec::new(),
            progress: None,
            verify_crc: true,
            content_md5: false,
            deadline: None,
        }
    }

    /// Adds any other request header (e.g. `x-oss-request-payer`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_headers.push((name.into(), value.into()));
        self
    }

    /// A deadline for the whole request, retries and body included (overrides the client's
    /// operation timeout); past it the request fails with a timeout.
    pub fn deadline(mut self, deadline: std::time::Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Calls `callback` as the body is sent.
    pub fn progress(mut self, callback: impl Fn(ProgressEvent) + Send + Sync + 'static) -> Self {
        self.progress = Some(Progress::new(callback));
        self
    }

    /// Whether to compare the part's CRC-64 with the service's (on by default).
    pub fn verify_crc(mut self, verify: bool) -> Self {
        self.verify_crc = verify;
        self
    }

    /// Sends `Content-MD5` (bytes and files only).
    pub fn content_md5(mut self, send: bool) -> Self {
        self.content_md5 = send;
        self
    }

    fn into_call(self) -> Result<(Client, Call)> {
        const OPERATION: &str = "UploadPart";
        let call = upload_call(
            &self.bucket,
            OPERATION,
            Method::PUT,
            &self.key,
            &self.upload_id,
        )?;
        validation::part_number(self.part_number).map_err(|e| Error::validation(OPERATION, e))?;
        let mut call = call
            .query("partNumber", self.part_number.to_string())
            .query("uploadId", self.upload_id)
            .headers(self.extra_headers)
            .body(self.body)
            .progress(self.progress)
            .deadline(self.deadline)
            .upload_crc(if self.verify_crc {
                UploadCrc::Whole
            } else {
                UploadCrc::Off
            });
        if self.content_md5 {
            call = call.content_md5();
        }
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<UploadPartResult>> {
        let part_number = self.part_number;
        let (client, call) = self.into_call()?;
        let response = call.send(&client).await?;
        let head = Head::of(&response);
        let etag = head.header("etag").map(ETag::new).ok_or_else(|| {
            Error::invalid_response(
                "UploadPart",
                "no ETag in the response",
                head.request_id.as_deref(),
            )
        })?;
        let crc64 = head
            .number("UploadPart", client.dialect().header(Header::HashCrc64Ecma))?
            .or(response.sent_crc64());
        Ok(head.output(UploadPartResult {
            part_number,
            etag,
            crc64,
        }))
    }
}

operation!(UploadPartRequest => Output<UploadPartResult>);

/// UploadPartCopy (`PUT /key?partNumber=N&uploadId=ID` with `x-oss-copy-source`): a part
/// copied from (a range of) an existing object.
#[derive(Debug, Clone)]
pub struct UploadPartCopyRequest {
    bucket: Bucket,
    key: String,
    upload_id: String,
    part_number: u32,
    source_bucket: Option<String>,
    source_key: String,
    source_version_id: Option<String>,
    source_range: Option<ByteRange>,
    conditions: Conditions,
}

impl UploadPartCopyRequest {
    pub(crate) fn new(
        bucket: Bucket,
        key: String,
        upload_id: String,
        part_number: u32,
        source_key: String,
    ) -> Self {
        UploadPartCopyRequest {
            bucket,
            key,
            upload_id,
            part_number,
            source_bucket: None,
            source_key,
            source_version_id: None,
            source_range: None,
            conditions: Conditions::default(),
        }
    }

    /// Copies from this bucket instead of the upload's.
    pub fn source_bucket(mut self, bucket: impl Into<String>) -> Self {
        self.source_bucket = Some(bucket.into());
        self
    }

    /// Copies this version of the source (versioned buckets).
    pub fn source_version_id(mut self, version_id: impl Into<String>) -> Self {
        self.source_version_id = Some(version_id.into());
        self
    }

    /// Copies only these bytes of the source (bounded ranges only).
    pub fn source_range(mut self, range: ByteRange) -> Self {
        self.source_range = Some(range);
        self
    }

    condition_setters!("the source");

    fn into_call(self) -> Result<(Client, Call)> {
        const OPERATION: &str = "UploadPartCopy";
        let call = upload_call(
            &self.bucket,
            OPERATION,
            Method::PUT,
            &self.key,
            &self.upload_id,
        )?;
        validation::part_number(self.part_number).map_err(|e| Error::validation(OPERATION, e))?;
        let source_bucket = self.source_bucket.as_deref().unwrap_or(self.bucket.name());
        let client = self.bucket.client();
        let dialect = client.dialect();
        let source = copy_source(
            client,
            OPERATION,
            source_bucket,
            &self.source_key,
            self.source_version_id.as_deref(),
        )?;
        let mut call = call
            .query("partNumber", self.part_number.to_string())
            .query("uploadId", self.upload_id)
            .header(dialect.header(Header::CopySource), source)
            .headers(self.conditions.headers(dialect, Applies::CopySource));
        if let Some(range) = self.source_range {
            let range = range
                .checked()
                .map_err(|e| Error::validation(OPERATION, e))?;
            call = call.header(dialect.header(Header::CopySourceRange), range.to_string());
        }
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<CopyPartResult>> {
        let (client, call) = self.into_call()?;
        xml_output("UploadPartCopy", call.send(&client).await?).await
    }
}

operation!(UploadPartCopyRequest => Output<CopyPartResult>);
