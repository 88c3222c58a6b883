//! Results as printable fields: the client's types that are not serde types (object
//! metadata) become `(label, JSON key, value)` rows, printed as `Label: value` lines in text
//! and as one JSON object otherwise.

use oss_client::model::{ObjectMeta, RestoreState};
use serde_json::{Map, Value};

use crate::units;

/// One field of a result.
#[derive(Debug, Clone)]
pub struct Row {
    /// The text label (`Content-Length`).
    pub label: String,
    /// The JSON key (`content_length`).
    pub key: String,
    /// The value.
    pub value: Value,
}

/// Fields in order, printable either way.
#[derive(Debug, Clone, Default)]
pub struct Rows(pub Vec<Row>);

impl Rows {
    /// Adds a field when it has a value.
    pub fn add(&mut self, label: &str, key: &str, value: impl Into<Value>) -> &mut Self {
        let value = value.into();
        if !value.is_null() {
            self.0.push(Row {
                label: label.to_owned(),
                key: key.to_owned(),
                value,
            });
        }
        self
    }

    /// The fields as a JSON object.
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        for row in &self.0 {
            map.insert(row.key.clone(), row.value.clone());
        }
        Value::Object(map)
    }

    /// The fields as aligned `Label: value` lines.
    pub fn to_text(&self) -> String {
        let width = self.0.iter().map(|r| r.label.len()).max().unwrap_or(0);
        self.0
            .iter()
            .map(|row| {
                let value = match &row.value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                format!("{:width$} : {value}\n", row.label)
            })
            .collect()
    }
}

/// The rows of an object's metadata.
pub fn object_meta(meta: &ObjectMeta) -> Rows {
    let mut rows = Rows::default();
    rows.add("Content-Length", "content_length", meta.content_length)
        .add("Content-Type", "content_type", meta.content_type.clone())
        .add(
            "ETag",
            "etag",
            meta.etag.as_ref().map(|e| e.as_str().to_owned()),
        )
        .add(
            "Last-Modified",
            "last_modified",
            meta.last_modified.map(units::iso_time),
        )
        .add("CRC64", "crc64", meta.crc64ecma.map(|c| c.to_string()))
        .add("Content-MD5", "content_md5", meta.content_md5.clone())
        .add(
            "Object-Type",
            "object_type",
            meta.object_type.as_ref().map(|t| t.to_string()),
        )
        .add(
            "Storage-Class",
            "storage_class",
            meta.storage_class.as_ref().map(|c| c.to_string()),
        )
        .add("Cache-Control", "cache_control", meta.cache_control.clone())
        .add(
            "Content-Disposition",
            "content_disposition",
            meta.content_disposition.clone(),
        )
        .add(
            "Content-Encoding",
            "content_encoding",
            meta.content_encoding.clone(),
        )
        .add(
            "Content-Language",
            "content_language",
            meta.content_language.clone(),
        )
        .add("Expires", "expires", meta.expires.clone())
        .add(
            "Next-Append-Position",
            "next_append_position",
            meta.next_append_position,
        )
        .add("Restore", "restore", meta.restore.map(restore_text))
        .add("Version-Id", "version_id", meta.version_id.clone())
        .add("Tagging-Count", "tagging_count", meta.tagging_count)
        .add(
            "Server-Side-Encryption",
            "server_side_encryption",
            meta.server_side_encryption.as_ref().map(|e| e.to_string()),
        );
    for (name, value) in &meta.user_meta {
        rows.add(
            &format!("X-Oss-Meta-{name}"),
            &format!("meta_{name}"),
            value.clone(),
        );
    }
    rows
}

/// `in progress`, or `restored until …`.
pub fn restore_text(state: RestoreState) -> String {
    match state {
        RestoreState::InProgress => "in progress".to_owned(),
        RestoreState::Restored {
            expiry_date: Some(until),
        } => format!("restored until {}", units::iso_time(until)),
        RestoreState::Restored { expiry_date: None } => "restored".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_print_both_ways() {
        let author = format!("{}author", oss_client::model::headers::META_PREFIX);
        let meta = ObjectMeta::from_headers([("Content-Length", "5"), (author.as_str(), "alice")])
            .unwrap();
        let rows = object_meta(&meta);
        assert_eq!(rows.to_json()["content_length"], 5);
        assert_eq!(rows.to_json()["meta_author"], "alice");
        let text = rows.to_text();
        assert!(text.contains("Content-Length    : 5"), "{text}");
        assert!(text.contains("X-Oss-Meta-author : alice"), "{text}");
    }
}
