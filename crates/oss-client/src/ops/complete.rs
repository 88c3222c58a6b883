//! CompleteMultipartUpload: joins the uploaded parts into the object, from an explicit part
//! list or with "complete all" (every part uploaded, in order).
//!
//! # Retries
//! A failure after the request went out leaves open whether the upload was completed. The
//! request is retried; when the retry then fails with 404 `NoSuchUpload`, the client checks
//! the object: with an explicit list of MD5 part ETags, its ETag must be the multipart ETag
//! those parts give (`MD5(part digests)-N`); otherwise it must be a Multipart object last
//! modified since this request started (by the service's clock). Then the upload was
//! completed by the first attempt and the call succeeds with
//! [`verified_after_retry`](CompletedUpload::verified_after_retry) set.
//!
//! ```no_run
//! # async fn demo(bucket: oss_client::Bucket, id: String) -> oss_client::Result<()> {
//! let done = bucket.complete_multipart_upload("big.bin", &id).complete_all().await?;
//! println!("ETag {}", done.etag.as_str());
//! # Ok(())
//! # }
//! ```

use oss_model::code::ErrorCode;
use std::collections::BTreeSet;
use std::time::{Duration, Instant, SystemTime};

use http::Method;
use oss_model::dialect::Header;
use oss_model::{
    Acl, CompleteMultipartUpload, CompleteMultipartUploadResult, CompletedPart, ETag, ObjectType,
};

use crate::bucket::Bucket;
use crate::call::{decoded_xml_output, operation, Call};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::ops::head::HeadObjectRequest;
use crate::output::Output;
use crate::validation::{self, ValidationError, ValidationKind};

const OPERATION: &str = "CompleteMultipartUpload";

/// The tolerance on "modified since the request started" when checking an ambiguous retry
/// of complete-all (Last-Modified has second precision).
const CLOCK_TOLERANCE: Duration = Duration::from_secs(2);

/// A completed upload.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CompletedUpload {
    /// The bucket.
    pub bucket: String,
    /// The object's key.
    pub key: String,
    /// The object's ETag (`…-N` for N parts).
    pub etag: ETag,
    /// The object's URL, as the service reports it (empty when verified after a retry).
    pub location: String,
    /// The CRC-64 of the whole object.
    pub crc64: Option<u64>,
    /// The version id (versioned buckets).
    pub version_id: Option<String>,
    /// Whether completion was found applied by checking the object after a retry (see the
    /// [module documentation](self)).
    pub verified_after_retry: bool,
}

/// CompleteMultipartUpload (`POST /key?uploadId=ID`).
#[derive(Debug, Clone)]
pub struct CompleteMultipartUploadRequest {
    bucket: Bucket,
    key: String,
    upload_id: String,
    parts: Vec<CompletedPart>,
    complete_all: bool,
    acl: Option<Acl>,
    forbid_overwrite: Option<bool>,
}

impl CompleteMultipartUploadRequest {
    pub(crate) fn new(bucket: Bucket, key: String, upload_id: String) -> Self {
        CompleteMultipartUploadRequest {
            bucket,
            key,
            upload_id,
            parts: Vec::new(),
            complete_all: false,
            acl: None,
            forbid_overwrite: None,
        }
    }

    /// Adds a part (any order; they are sent sorted).
    pub fn part(mut self, part_number: u32, etag: impl Into<ETag>) -> Self {
        self.parts.push(CompletedPart {
            part_number,
            etag: etag.into(),
        });
        self
    }

    /// Adds parts (e.g. from [`UploadPartResult::completed_part`](crate::ops::multipart::UploadPartResult::completed_part)).
    pub fn parts(mut self, parts: impl IntoIterator<Item = CompletedPart>) -> Self {
        self.parts.extend(parts);
        self
    }

    /// Completes with every uploaded part, in part-number order (`x-oss-complete-all`),
    /// instead of a list.
    pub fn complete_all(mut self) -> Self {
        self.complete_all = true;
        self
    }

    /// Sets the object's ACL.
    pub fn acl(mut self, acl: Acl) -> Self {
        self.acl = Some(acl);
        self
    }

    /// Refuses to overwrite an existing object.
    pub fn forbid_overwrite(mut self, forbid: bool) -> Self {
        self.forbid_overwrite = Some(forbid);
        self
    }

    fn check_parts(&self) -> std::result::Result<(), ValidationError> {
        validation::non_empty("upload id", &self.upload_id)?;
        if self.complete_all {
            if !self.parts.is_empty() {
                return Err(ValidationError::new(
                    ValidationKind::Argument,
                    "complete-all takes no part list",
                ));
            }
            return Ok(());
        }
        if self.parts.is_empty() {
            return Err(ValidationError::new(
                ValidationKind::Argument,
                "no parts to complete the upload with (add parts or use complete_all)",
            ));
        }
        let mut seen = BTreeSet::new();
        for part in &self.parts {
            validation::part_number(part.part_number)?;
            if !seen.insert(part.part_number) {
                return Err(ValidationError::new(
                    ValidationKind::PartNumber,
                    format!("part {} is listed twice", part.part_number),
                ));
            }
        }
        Ok(())
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let call = self
            .bucket
            .object_call(OPERATION, Method::POST, &self.key)?;
        self.check_parts()
            .map_err(|e| Error::validation(OPERATION, e))?;
        let client = self.bucket.client();
        let dialect = client.dialect();
        let mut call = call
            .query("uploadId", self.upload_id)
            .query("encoding-type", "url")
            .header_opt(dialect.header(Header::ObjectAcl), self.acl)
            .safety(oss_http::RetrySafety::VerifyAfterRetry);
        if self.forbid_overwrite.is_some() {
            let name = client.option_header(OPERATION, Header::ForbidOverwrite)?;
            call = call.header_opt(name, self.forbid_overwrite);
        }
        call = if self.complete_all {
            call.header(client.option_header(OPERATION, Header::CompleteAll)?, "yes")
        } else {
            call.xml_body(&CompleteMultipartUpload::new(
                self.parts
                    .into_iter()
                    .map(|part| (part.part_number, part.etag)),
            ))
        };
        Ok((self.bucket.client().clone(), call))
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Output<CompletedUpload>> {
        let expected_etag = (!self.complete_all)
            .then(|| multipart_etag(&self.parts))
            .flatten();
        let (bucket, key) = (self.bucket.clone(), self.key.clone());
        let (client, call) = self.into_call()?;
        let started = Instant::now();
        let (result, ambiguous) = call.send_tracked(&client).await;
        let error = match result {
            Ok(response) => {
                let dialect = client.dialect();
                let crc64 = response
                    .header(dialect.header(Header::HashCrc64Ecma))
                    .and_then(|v| v.trim().parse().ok());
                let version_id = response
                    .header(dialect.header(Header::VersionId))
                    .map(str::to_owned);
                let output =
                    decoded_xml_output::<CompleteMultipartUploadResult>(OPERATION, response)
                        .await?;
                return Ok(output.map(|result| CompletedUpload {
                    bucket: result.bucket,
                    key: result.key,
                    etag: result.etag,
                    location: result.location,
                    crc64,
                    version_id,
                    verified_after_retry: false,
                }));
            }
            Err(error) => error,
        };
        if !(ambiguous && error.is_code(ErrorCode::NoSuchUpload)) {
            return Err(error);
        }
        let head = HeadObjectRequest::new(bucket.clone(), key.clone())
            .send()
            .await?;
        let completed = match (&expected_etag, &head.etag) {
            (Some(expected), Some(actual)) => expected.matches(actual),
            _ => {
                let server_now = head
                    .header("date")
                    .and_then(oss_model::time::parse_http_date)
                    .unwrap_or_else(SystemTime::now);
                let since = server_now
                    .checked_sub(started.elapsed() + CLOCK_TOLERANCE)
                    .unwrap_or(SystemTime::UNIX_EPOCH);
                head.object_type == Some(ObjectType::Multipart)
                    && head.last_modified.is_some_and(|modified| modified >= since)
            }
        };
        if !completed {
            return Err(error);
        }
        let (etag, crc64, version_id) = (
            head.etag.clone().unwrap_or_default(),
            head.crc64ecma,
            head.version_id.clone(),
        );
        Ok(head.map(|_| CompletedUpload {
            bucket: bucket.name().to_owned(),
            key,
            etag,
            location: String::new(),
            crc64,
            version_id,
            verified_after_retry: true,
        }))
    }
}

operation!(CompleteMultipartUploadRequest => Output<CompletedUpload>);

/// The ETag OSS gives an object completed from these parts, when every part ETag is an
/// MD5 (32 hex digits): the upper-case hex MD5 of the concatenated part digests, `-`, the
/// part count.
pub fn multipart_etag(parts: &[CompletedPart]) -> Option<ETag> {
    if parts.is_empty() {
        return None;
    }
    let mut sorted: Vec<&CompletedPart> = parts.iter().collect();
    sorted.sort_by_key(|part| part.part_number);
    let mut digests = Vec::with_capacity(16 * parts.len());
    for part in sorted {
        let hex = part.etag.as_str();
        if hex.len() != 32 {
            return None;
        }
        for pair in hex.as_bytes().chunks(2) {
            let text = std::str::from_utf8(pair).ok()?;
            digests.push(u8::from_str_radix(text, 16).ok()?);
        }
    }
    let digest = oss_checksum::md5::digest(&digests);
    let hex: String = digest.iter().map(|b| format!("{b:02X}")).collect();
    Some(ETag::new(format!("\"{hex}-{}\"", parts.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_etag_of_md5_parts() {
        let parts = [
            CompletedPart {
                part_number: 2,
                etag: ETag::new("\"00000000000000000000000000000002\""),
            },
            CompletedPart {
                part_number: 1,
                etag: ETag::new("\"00000000000000000000000000000001\""),
            },
        ];
        let mut digests = [0u8; 32];
        digests[15] = 1;
        digests[31] = 2;
        let expected: String = oss_checksum::md5::digest(&digests)
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        assert_eq!(
            multipart_etag(&parts).unwrap().as_str(),
            format!("{expected}-2")
        );
        let odd = [CompletedPart {
            part_number: 1,
            etag: ETag::new("not-an-md5"),
        }];
        assert!(multipart_etag(&odd).is_none());
        assert!(multipart_etag(&[]).is_none());
    }
}
