//! CopyObject and UploadPartCopy: `CopyObjectResult` and `CopyPartResult`.

use serde::{Deserialize, Serialize};

use crate::{ETag, Timestamp};

/// `CopyObjectResult`, the response of CopyObject (`PUT /key` with `x-oss-copy-source`).
///
/// The reference's two examples disagree on `LastModified`'s format (an HTTP date in one,
/// ISO 8601 in the other); [`Timestamp::to_system_time`] reads both.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopyObjectResult {
    /// `ETag` of the new object.
    #[serde(rename = "ETag", default)]
    pub etag: ETag,
    /// `LastModified` of the new object.
    #[serde(default)]
    pub last_modified: Timestamp,
}

xml_body!(CopyObjectResult, "CopyObjectResult");

/// `CopyPartResult`, the response of UploadPartCopy (`PUT /key?partNumber=N&uploadId=ID`
/// with `x-oss-copy-source`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopyPartResult {
    /// `LastModified` of the part.
    #[serde(default)]
    pub last_modified: Timestamp,
    /// `ETag` of the part, to list in [`CompleteMultipartUpload`](crate::CompleteMultipartUpload).
    #[serde(rename = "ETag", default)]
    pub etag: ETag,
}

xml_body!(CopyPartResult, "CopyPartResult");
