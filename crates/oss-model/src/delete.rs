//! DeleteMultipleObjects: the `Delete` request and the `DeleteResult` response.

use serde::{Deserialize, Serialize};

use crate::xml::lenient;
use crate::EncodingType;

/// `Delete`, the request body of DeleteMultipleObjects (`POST /?delete`): up to 1,000 keys in
/// a body of at most 2 MB, sent with `Content-MD5`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteRequest {
    /// `Quiet`: `true` lists only the failures in the response (and sends no body when all
    /// succeeded); `false`, the default, lists every deleted key.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub quiet: bool,
    /// `Object+`: the objects to delete.
    #[serde(rename = "Object", default)]
    pub objects: Vec<ObjectIdentifier>,
}

impl DeleteRequest {
    /// A verbose request for these keys (no version ids).
    pub fn new<K: Into<String>>(keys: impl IntoIterator<Item = K>) -> Self {
        DeleteRequest {
            quiet: false,
            objects: keys.into_iter().map(ObjectIdentifier::new).collect(),
        }
    }

    /// The same request in quiet mode (or not).
    pub fn with_quiet(mut self, quiet: bool) -> Self {
        self.quiet = quiet;
        self
    }
}

xml_body!(DeleteRequest, "Delete");

/// One `Object` of a [`DeleteRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectIdentifier {
    /// `Key`.
    pub key: String,
    /// `VersionId`: delete this version rather than add a delete marker (versioned buckets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
}

impl ObjectIdentifier {
    /// The current version of `key`.
    pub fn new(key: impl Into<String>) -> Self {
        ObjectIdentifier {
            key: key.into(),
            version_id: None,
        }
    }
}

/// `DeleteResult`, the response of a verbose DeleteMultipleObjects.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteResult {
    /// `EncodingType`: `url` when the keys are percent-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<EncodingType>,
    /// `Deleted*`.
    #[serde(rename = "Deleted", default)]
    pub deleted: Vec<DeletedObject>,
}

xml_body!(DeleteResult, "DeleteResult");

/// One `Deleted` element of a [`DeleteResult`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeletedObject {
    /// `Key`.
    pub key: String,
    /// `VersionId`: the version deleted (versioned buckets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    /// `DeleteMarker`: whether a delete marker was created or deleted.
    #[serde(
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub delete_marker: Option<bool>,
    /// `DeleteMarkerVersionId`: the version id of that delete marker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_marker_version_id: Option<String>,
}
