//! PutAsyncFetchTask and GetAsyncFetchTask: a task that fetches an object from a URL into the
//! bucket (`AsyncFetchTaskConfiguration{Url, Object, Host?, ContentMD5?, Callback?,
//! IgnoreSameKey?}`), and its state.

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};
use crate::xml::lenient;

/// `AsyncFetchTaskConfiguration`: PutAsyncFetchTask's body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AsyncFetchTaskConfiguration {
    /// `Url`: where to fetch from.
    #[serde(default)]
    pub url: String,
    /// `Object`: the key to write.
    #[serde(default)]
    pub object: String,
    /// `Host`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// `ContentMD5`.
    #[serde(
        rename = "ContentMD5",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub content_md5: Option<String>,
    /// `Callback`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback: Option<String>,
    /// `IgnoreSameKey`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub ignore_same_key: Option<bool>,
}

xml_body!(AsyncFetchTaskConfiguration, "AsyncFetchTaskConfiguration");

impl AsyncFetchTaskConfiguration {
    /// A task fetching `url` into `object`.
    pub fn new(url: impl Into<String>, object: impl Into<String>) -> Self {
        AsyncFetchTaskConfiguration {
            url: url.into(),
            object: object.into(),
            ..AsyncFetchTaskConfiguration::default()
        }
    }
}

impl Document for AsyncFetchTaskConfiguration {
    /// An http(s) URL and a valid object key.
    fn check(&self) -> Result<(), RuleError> {
        if !(self.url.starts_with("http://") || self.url.starts_with("https://")) {
            return Err(RuleError::new(
                Rule::Document,
                format!("Url must be an http or https URL, not {:?}", self.url),
            ));
        }
        crate::validate::object_key(&self.object)
            .map_err(|e| RuleError::new(Rule::ObjectKey, e.to_string()))
    }
}

/// `AsyncFetchTaskResult{TaskId}`: PutAsyncFetchTask's response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AsyncFetchTaskId {
    /// `TaskId`.
    #[serde(rename = "TaskId", default)]
    pub task_id: String,
}

xml_body!(AsyncFetchTaskId, "AsyncFetchTaskResult");

/// `AsyncFetchTaskInfo{TaskId, State, ErrorMsg, TaskInfo}`: GetAsyncFetchTask's response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AsyncFetchTaskInfo {
    /// `TaskId`.
    #[serde(default)]
    pub task_id: String,
    /// `State`: `Running`, `Retry`, `Success`, `Failed`.
    #[serde(default)]
    pub state: String,
    /// `ErrorMsg`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_msg: Option<String>,
    /// `TaskInfo`: the task as configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_info: Option<AsyncFetchTaskConfiguration>,
}

xml_body!(AsyncFetchTaskInfo, "AsyncFetchTaskInfo");
