//! Put/Get/DeleteObjectTagging: `Tagging{TagSet{Tag*}}`.

use serde::{Deserialize, Serialize};

/// `Tagging`, the request body of PutObjectTagging and the response of GetObjectTagging
/// (`/key?tagging`). The reference allows letters, digits, space and `+-=._:/` in tags.
///
/// The same tags travel in the `x-oss-tagging` header of PutObject as a query string, which
/// [`ObjectHeaders::tag`](crate::ObjectHeaders::tag) builds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tagging {
    /// `TagSet/Tag*`, in order.
    #[serde(rename = "TagSet", default, with = "tag_set")]
    pub tags: Vec<Tag>,
}

wrapped!(list tag_set, "Tag", Tag);

impl Tagging {
    /// A tag set from `(key, value)` pairs.
    pub fn new<K: Into<String>, V: Into<String>>(tags: impl IntoIterator<Item = (K, V)>) -> Self {
        Tagging {
            tags: tags
                .into_iter()
                .map(|(key, value)| Tag::new(key, value))
                .collect(),
        }
    }

    /// The value of the first tag named `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.tags
            .iter()
            .find(|tag| tag.key == key)
            .map(|tag| tag.value.as_str())
    }
}

xml_body!(Tagging, "Tagging");

impl crate::op::Document for Tagging {
    /// The reference's tag rules ([`validate::tags`](crate::validate::tags)).
    fn check(&self) -> Result<(), crate::op::RuleError> {
        crate::validate::tags(self.tags.iter().map(|t| (t.key.as_str(), t.value.as_str())))
            .map_err(|e| crate::op::RuleError::new(crate::op::Rule::Tagging, e.to_string()))
    }
}

impl crate::op::Setting for Tagging {
    /// No tags (a bucket's tag set when none was set).
    fn unset() -> Self {
        Tagging::default()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Tagging {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(tags: I) -> Self {
        Tagging::new(tags)
    }
}

impl<K: Into<String>, V: Into<String>, const N: usize> From<[(K, V); N]> for Tagging {
    fn from(tags: [(K, V); N]) -> Self {
        Tagging::new(tags)
    }
}

impl<K: Into<String>, V: Into<String>> From<Vec<(K, V)>> for Tagging {
    fn from(tags: Vec<(K, V)>) -> Self {
        Tagging::new(tags)
    }
}

/// One `Tag`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    /// `Key`.
    #[serde(default)]
    pub key: String,
    /// `Value`.
    #[serde(default)]
    pub value: String,
}

impl Tag {
    /// A tag.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }
}
