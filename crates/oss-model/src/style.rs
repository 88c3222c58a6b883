//! Put/Get/List/DeleteStyle: image styles, named processing parameters (`Style{Content}`),
//! and their listing.

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};

/// `Style{Content}`: PutStyle's body, the processing parameters (`image/resize,p_50`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StyleContent {
    /// `Content`.
    #[serde(rename = "Content", default)]
    pub content: String,
}

xml_body!(StyleContent, "Style");

impl StyleContent {
    /// A style of these parameters.
    pub fn new(content: impl Into<String>) -> Self {
        StyleContent {
            content: content.into(),
        }
    }
}

impl Document for StyleContent {
    /// The content is not empty.
    fn check(&self) -> Result<(), RuleError> {
        if self.content.trim().is_empty() {
            return Err(RuleError::new(Rule::Document, "a style needs a Content"));
        }
        Ok(())
    }
}

/// `Style{Name, Content, CreateTime, LastModifyTime, Category?}`: GetStyle's response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StyleInfo {
    /// `Name`.
    #[serde(default)]
    pub name: String,
    /// `Content`.
    #[serde(default)]
    pub content: String,
    /// `CreateTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
    /// `LastModifyTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modify_time: Option<String>,
    /// `Category`: `image`, `document`, `video`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

xml_body!(StyleInfo, "Style");

/// `StyleList{Style*}`: ListStyle's response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StyleList {
    /// `Style*`.
    #[serde(rename = "Style", default)]
    pub styles: Vec<StyleInfo>,
}

xml_body!(StyleList, "StyleList");
