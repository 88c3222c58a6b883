//! Multipart upload bodies: InitiateMultipartUpload's result, and CompleteMultipartUpload's
//! request and result.

use serde::{Deserialize, Serialize};

use crate::xml::lenient;
use crate::{ETag, EncodingType};

/// `InitiateMultipartUploadResult`, the response of InitiateMultipartUpload
/// (`POST /key?uploads`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateMultipartUploadResult {
    /// `Bucket`.
    #[serde(default)]
    pub bucket: String,
    /// `Key`: the object being uploaded.
    #[serde(default)]
    pub key: String,
    /// `UploadId`: names the upload in UploadPart, CompleteMultipartUpload and friends.
    pub upload_id: String,
    /// `EncodingType`: `url` when the key is percent-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<EncodingType>,
}

xml_body!(
    InitiateMultipartUploadResult,
    "InitiateMultipartUploadResult"
);

/// `CompleteMultipartUpload`, the request body of CompleteMultipartUpload
/// (`POST /key?uploadId=ID`): every part to assemble, in ascending part number (numbers may
/// skip, e.g. 1, 5, 8).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CompleteMultipartUpload {
    /// `Part+`.
    #[serde(rename = "Part", default)]
    pub parts: Vec<CompletedPart>,
}

impl CompleteMultipartUpload {
    /// A body from `(part number, ETag)` pairs, sorted by part number as OSS requires.
    pub fn new<E: Into<ETag>>(parts: impl IntoIterator<Item = (u32, E)>) -> Self {
        let mut parts: Vec<CompletedPart> = parts
            .into_iter()
            .map(|(part_number, etag)| CompletedPart {
                part_number,
                etag: etag.into(),
            })
            .collect();
        parts.sort_by_key(|part| part.part_number);
        CompleteMultipartUpload { parts }
    }
}

xml_body!(CompleteMultipartUpload, "CompleteMultipartUpload");

/// One `Part` of a [`CompleteMultipartUpload`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CompletedPart {
    /// `PartNumber`, 1 to 10,000.
    #[serde(rename = "PartNumber", deserialize_with = "lenient::number")]
    pub part_number: u32,
    /// `ETag` that UploadPart (or UploadPartCopy) returned for the part.
    #[serde(rename = "ETag")]
    pub etag: ETag,
}

/// `CompleteMultipartUploadResult`, the response of CompleteMultipartUpload (unless a
/// callback replaced it). Its `ETag` is unquoted in the reference's example.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompleteMultipartUploadResult {
    /// `EncodingType`: `url` when the key is percent-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<EncodingType>,
    /// `Location`: the URL of the new object.
    #[serde(default)]
    pub location: String,
    /// `Bucket`.
    #[serde(default)]
    pub bucket: String,
    /// `Key`.
    #[serde(default)]
    pub key: String,
    /// `ETag` of the assembled object.
    #[serde(rename = "ETag", default)]
    pub etag: ETag,
}

xml_body!(
    CompleteMultipartUploadResult,
    "CompleteMultipartUploadResult"
);
