//! `PostResponse`, the body of a PostObject answered with `success_action_status` 201.

use serde::{Deserialize, Serialize};

/// `PostResponse`: where a form upload went.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PostResponse {
    /// `Bucket`.
    #[serde(default)]
    pub bucket: String,
    /// `Location`: the URL of the new object.
    #[serde(default)]
    pub location: String,
    /// `Key`: the object's key (after `${filename}` is expanded).
    #[serde(default)]
    pub key: String,
    /// `ETag`: the new object's ETag, quoted as in the header.
    #[serde(rename = "ETag", default)]
    pub etag: String,
}

xml_body!(PostResponse, "PostResponse");
