//! A document given as JSON (as ossutil 2.0 takes one: `--cors-configuration '{"CORSRule":
//! [...]}'`), read through the operation's typed model so that it is checked as the XML would
//! be.
//!
//! The JSON mirrors the XML: an object's members are child elements (an array, repeated
//! elements), scalars are text; the root element may be given (`{"CORSConfiguration": {...}}`)
//! or left out. A document whose wire form is JSON already (a bucket policy) is taken as is.

use serde_json::Value;

use crate::{ParseError, XmlBody};

/// The XML document of model `T` that `json` describes, written as this crate writes `T`;
/// fails when the JSON is malformed or does not read as `T`.
pub fn document_from_json<T: XmlBody>(json: &str) -> Result<String, ParseError> {
    if let Ok(native) = T::from_xml(json) {
        return Ok(native.to_xml());
    }
    let value: Value =
        serde_json::from_str(json).map_err(|e| ParseError::new(format!("invalid JSON: {e}")))?;
    let content = match value {
        Value::Object(mut members) if members.len() == 1 && members.contains_key(T::ROOT) => {
            members.remove(T::ROOT).unwrap_or(Value::Null)
        }
        Value::Object(members) => Value::Object(members),
        _ => return Err(ParseError::new("the JSON document is not an object")),
    };
    let mut xml = String::new();
    element(&mut xml, T::ROOT, &content)?;
    Ok(T::from_xml(&xml)?.to_xml())
}

/// Writes `value` as the element `name` (or, for an array, as one element per item).
fn element(out: &mut String, name: &str, value: &Value) -> Result<(), ParseError> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return Err(ParseError::new(format!("{name:?} is not an element name")));
    }
    match value {
        Value::Array(items) => {
            for item in items {
                element(out, name, item)?;
            }
            return Ok(());
        }
        Value::Null => return Ok(()),
        _ => {}
    }
    out.push('<');
    out.push_str(name);
    out.push('>');
    match value {
        Value::Object(members) => {
            for (child, value) in members {
                element(out, child, value)?;
            }
        }
        Value::String(text) => out.push_str(&quick_xml::escape::escape(text.as_str())),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Array(_) | Value::Null => {}
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BucketPolicy, CorsConfiguration, VersioningConfiguration};

    #[test]
    fn json_reads_as_the_model_with_or_without_its_root() {
        let bare = r#"{"CORSRule":[{"AllowedOrigin":["*"],"AllowedMethod":["GET","PUT"],
            "MaxAgeSeconds":100}]}"#;
        let wrapped = format!(r#"{{"CORSConfiguration":{bare}}}"#);
        let xml = document_from_json::<CorsConfiguration>(bare).unwrap();
        assert_eq!(
            xml,
            document_from_json::<CorsConfiguration>(&wrapped).unwrap()
        );
        let cors = CorsConfiguration::from_xml(&xml).unwrap();
        assert_eq!(cors.rules[0].allowed_methods.len(), 2);
        assert!(xml.contains("<MaxAgeSeconds>100</MaxAgeSeconds>"), "{xml}");
        let versioning = document_from_json::<VersioningConfiguration>(r#"{"Status":"Enabled"}"#);
        assert!(versioning.unwrap().contains("<Status>Enabled</Status>"));
    }

    #[test]
    fn bad_json_and_text_that_is_no_element_are_errors_not_documents() {
        assert!(document_from_json::<CorsConfiguration>("{not json").is_err());
        assert!(document_from_json::<CorsConfiguration>(r#"["x"]"#).is_err());
        assert!(document_from_json::<CorsConfiguration>(r#"{"a b":"c"}"#).is_err());
        let text = CorsConfiguration::from_xml(
            document_from_json::<CorsConfiguration>(
                r#"{"CORSRule":{"AllowedOrigin":"<x>&","AllowedMethod":"GET"}}"#,
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(
            text.rules[0].allowed_origins,
            ["<x>&"],
            "text stays text, never markup"
        );
    }

    #[test]
    fn a_json_native_document_is_taken_as_is() {
        let policy = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["oss:GetObject"],
            "Principal":["*"],"Resource":["acs:oss:*:*:b/*"]}]}"#;
        let text = document_from_json::<BucketPolicy>(policy).unwrap();
        assert_eq!(BucketPolicy::from_xml(&text).unwrap().statements.len(), 1);
    }
}
