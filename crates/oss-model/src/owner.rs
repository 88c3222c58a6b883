//! The owner of a bucket or an object, as listings and ACL bodies name it.

use serde::{Deserialize, Serialize};

/// `Owner{ID, DisplayName}`. OSS currently sets the display name to the id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Owner {
    /// `ID`: the owner's user id.
    #[serde(rename = "ID", default)]
    pub id: String,
    /// `DisplayName`.
    #[serde(rename = "DisplayName", default)]
    pub display_name: String,
}

impl Owner {
    /// An owner whose display name is its id, as OSS reports one.
    pub fn new(id: impl Into<String>) -> Self {
        let id = id.into();
        Owner {
            display_name: id.clone(),
            id,
        }
    }
}
