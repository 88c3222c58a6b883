//! OpenMetaQuery, GetMetaQueryStatus, DoMetaQuery, CloseMetaQuery: the bucket's metadata
//! index, its status, and a search of it (`MetaQuery{Query, Sort?, Order?, MaxResults?,
//! NextToken?}`).

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};
use crate::xml::lenient;

/// `MetaQueryStatus{State, Phase, CreateTime, UpdateTime}`: GetMetaQueryStatus's response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetaQueryStatus {
    /// `State`: `Ready`, `Running`, `Stop`, `Retrying`, `Failed`, `Deleted`.
    #[serde(default)]
    pub state: String,
    /// `Phase`: `FullScanning` or `IncrementalScanning`.
    #[serde(default)]
    pub phase: String,
    /// `CreateTime`.
    #[serde(default)]
    pub create_time: String,
    /// `UpdateTime`.
    #[serde(default)]
    pub update_time: String,
}

xml_body!(MetaQueryStatus, "MetaQueryStatus");

/// `MetaQuery`: DoMetaQuery's body, a search of the metadata index.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetaQuery {
    /// `NextToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// `MaxResults`: 1 to 100.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<u32>,
    /// `Query`: the condition, JSON.
    #[serde(default)]
    pub query: String,
    /// `Sort`: the field to sort by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// `Order`: `asc` or `desc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
}

xml_body!(MetaQuery, "MetaQuery");

impl MetaQuery {
    /// A search for `query` (JSON, as the reference writes it).
    pub fn new(query: impl Into<String>) -> Self {
        MetaQuery {
            query: query.into(),
            ..MetaQuery::default()
        }
    }
}

impl Document for MetaQuery {
    /// A query; at most 100 results a page; order `asc` or `desc`.
    fn check(&self) -> Result<(), RuleError> {
        let fail = |message: String| Err(RuleError::new(Rule::Document, message));
        if self.query.trim().is_empty() {
            return fail("a MetaQuery needs a Query".into());
        }
        if self.max_results.is_some_and(|n| !(1..=100).contains(&n)) {
            return fail("MaxResults is 1 to 100".into());
        }
        if let Some(order) = self.order.as_deref() {
            if order != "asc" && order != "desc" {
                return fail(format!("Order must be asc or desc, not {order:?}"));
            }
        }
        Ok(())
    }
}

/// `MetaQuery{NextToken?, Files{File*}}`: DoMetaQuery's response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetaQueryResult {
    /// `NextToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// `Files/File*`.
    #[serde(default, with = "files")]
    pub files: Vec<MetaQueryFile>,
}

wrapped!(list files, "File", MetaQueryFile);

xml_body!(MetaQueryResult, "MetaQuery");

/// One `File` found by a search.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetaQueryFile {
    /// `Filename`: the object key.
    #[serde(default)]
    pub filename: String,
    /// `Size`.
    #[serde(default, deserialize_with = "lenient::number")]
    pub size: u64,
    /// `FileModifiedTime`.
    #[serde(default)]
    pub file_modified_time: String,
    /// `OSSObjectType`.
    #[serde(rename = "OSSObjectType", default)]
    pub oss_object_type: String,
    /// `OSSStorageClass`.
    #[serde(rename = "OSSStorageClass", default)]
    pub oss_storage_class: String,
    /// `ETag`.
    #[serde(rename = "ETag", default)]
    pub etag: String,
}
