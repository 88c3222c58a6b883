//! Reading and writing XML bodies: the [`XmlBody`] trait, and the serde helpers the models
//! share.
//!
//! Every model is a plain serde struct whose field names are the reference's element names.
//! Reading goes through quick-xml's deserializer after two checks of our own: the body is
//! UTF-8 (a byte-order mark is skipped) and its root element is the model's (quick-xml alone
//! would read any root, so an `<Error>` body would pass for an empty listing). Attributes
//! such as `xmlns` and elements a model does not know are skipped, so newer responses still
//! parse. Numbers and booleans are read leniently (surrounding whitespace, any case of
//! `true`/`false`, an empty element for an absent optional number).

use std::fmt::Display;
use std::str::FromStr;

use quick_xml::events::Event;
use quick_xml::Reader;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use crate::ParseError;

/// The declaration every body this crate writes starts with.
const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// A request or response body of the OSS REST API, read and written as XML.
///
/// ```
/// use oss_model::{LocationConstraint, XmlBody};
///
/// let body = r#"<?xml version="1.0" encoding="UTF-8"?>
/// <LocationConstraint>oss-cn-hangzhou</LocationConstraint>"#;
/// let location = LocationConstraint::from_xml(body).unwrap();
/// assert_eq!(location.location, "oss-cn-hangzhou");
/// assert!(LocationConstraint::from_xml("<Error><Code>AccessDenied</Code></Error>").is_err());
/// ```
pub trait XmlBody: Serialize + DeserializeOwned {
    /// The name of the root element, e.g. `ListBucketResult`.
    const ROOT: &'static str;

    /// Reads a body. Never panics: anything that is not this model (malformed XML, another
    /// root element, a missing required element, a value of the wrong type) is a
    /// [`ParseError`].
    fn from_xml(xml: impl AsRef<[u8]>) -> Result<Self, ParseError> {
        read(xml.as_ref(), Self::ROOT)
    }

    /// Writes the body, with an XML declaration and no namespace, elements in the
    /// reference's order. Absent optional elements are left out; text is escaped (a carriage
    /// return as `&#13;`, so that it reads back), and what is written reads back as the same
    /// model (the crate's round-trip tests and fuzz target check this for every model).
    fn to_xml(&self) -> String {
        write(self, Self::ROOT)
    }
}

/// Implements [`XmlBody`] for a model with the given root element.
macro_rules! xml_body {
    ($model:ty, $root:literal) => {
        impl $crate::XmlBody for $model {
            const ROOT: &'static str = $root;
        }
    };
}

fn read<T: DeserializeOwned>(xml: &[u8], root: &str) -> Result<T, ParseError> {
    let text = std::str::from_utf8(xml)
        .map_err(|e| ParseError::new(format!("the body is not UTF-8: {e}")).within(root))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_root(text, root).map_err(|e| e.within(root))?;
    check_single_root(text).map_err(|e| e.within(root))?;
    quick_xml::de::from_str(text).map_err(|e| ParseError::new(e.to_string()).within(root))
}

/// Fails unless `text` is one well-formed XML document, whatever its root element.
pub(crate) fn check_document(text: &str) -> Result<(), ParseError> {
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) | Ok(Event::Empty(_)) => break,
            Ok(Event::Eof) => return Err(ParseError::new("the body has no root element")),
            Ok(_) => {}
            Err(e) => return Err(ParseError::new(e.to_string())),
        }
    }
    check_single_root(text)
}

/// Fails when anything but comments, processing instructions and white space follows the root
/// element: such a body is not XML, and a model read from it would hide the rest.
fn check_single_root(text: &str) -> Result<(), ParseError> {
    let mut reader = Reader::from_str(text);
    let mut depth = 0usize;
    let mut closed = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) if closed => return Err(after_root()),
            Ok(Event::Empty(_)) if closed => return Err(after_root()),
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::Empty(_)) => closed |= depth == 0,
            Ok(Event::End(_)) => {
                depth = depth.saturating_sub(1);
                closed |= depth == 0;
            }
            Ok(Event::Text(t)) if closed && !t.iter().all(u8::is_ascii_whitespace) => {
                return Err(after_root())
            }
            Ok(Event::CData(_)) if closed => return Err(after_root()),
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(ParseError::new(e.to_string())),
        }
    }
}

fn after_root() -> ParseError {
    ParseError::new("content follows the root element")
}

/// Fails unless the first element of `text` is named `root` (any namespace prefix ignored).
fn check_root(text: &str, root: &str) -> Result<(), ParseError> {
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(element)) | Ok(Event::Empty(element)) => {
                let name = element.local_name();
                return if name.as_ref() == root.as_bytes() {
                    Ok(())
                } else {
                    Err(ParseError::new(format!(
                        "expected the root element <{root}>, found <{}>",
                        String::from_utf8_lossy(name.as_ref())
                    )))
                };
            }
            Ok(Event::Eof) => return Err(ParseError::new("the body has no root element")),
            Ok(_) => {}
            Err(e) => return Err(ParseError::new(e.to_string())),
        }
    }
}

fn write<T: Serialize>(value: &T, root: &str) -> String {
    // The models hold only strings, numbers, booleans, options and sequences under fixed
    // element names, which quick-xml always serializes; the round-trip tests cover each one.
    let body = quick_xml::se::to_string_with_root(root, value)
        .unwrap_or_else(|e| panic!("oss-model: <{root}> could not be serialized: {e}"));
    // XML parsers turn a literal carriage return into a line feed; a character reference
    // keeps it, so what is written reads back the same.
    let body = body.replace('\r', "&#13;");
    let mut out = String::with_capacity(DECLARATION.len() + body.len());
    out.push_str(DECLARATION);
    out.push_str(&body);
    out
}

/// Lenient readers for `#[serde(deserialize_with = "…")]`.
pub(crate) mod lenient {
    use super::*;

    fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        String::deserialize(deserializer)
    }

    fn parse_number<T, E>(value: &str) -> Result<T, E>
    where
        T: FromStr,
        T::Err: Display,
        E: serde::de::Error,
    {
        value
            .parse()
            .map_err(|e| E::custom(format!("invalid number {value:?}: {e}")))
    }

    /// A number; surrounding whitespace is ignored and an empty element reads as 0.
    pub(crate) fn number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr + Default,
        T::Err: Display,
    {
        let value = text(deserializer)?;
        match value.trim() {
            "" => Ok(T::default()),
            trimmed => parse_number(trimmed),
        }
    }

    /// An optional number; an empty element reads as absent.
    pub(crate) fn optional_number<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr,
        T::Err: Display,
    {
        let value = text(deserializer)?;
        match value.trim() {
            "" => Ok(None),
            trimmed => parse_number(trimmed).map(Some),
        }
    }

    fn parse_bool<E: serde::de::Error>(value: &str) -> Result<Option<bool>, E> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            Ok(None)
        } else if trimmed.eq_ignore_ascii_case("true") || trimmed == "1" {
            Ok(Some(true))
        } else if trimmed.eq_ignore_ascii_case("false") || trimmed == "0" {
            Ok(Some(false))
        } else {
            Err(E::custom(format!("invalid boolean {value:?}")))
        }
    }

    /// `true`/`false` in any case (or `1`/`0`); an empty element reads as `false`.
    pub(crate) fn boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        parse_bool(&text(deserializer)?).map(|b| b.unwrap_or(false))
    }

    /// An optional boolean; an empty element reads as absent.
    pub(crate) fn optional_boolean<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<bool>, D::Error> {
        parse_bool(&text(deserializer)?)
    }

    /// Text with surrounding whitespace removed, for values that never carry any (regions).
    pub(crate) fn trimmed<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        let value = text(deserializer)?;
        Ok(value.trim().to_owned())
    }
}

/// Generates a serde `with` module that reads and writes a field through a wrapper element,
/// so that the model holds the items directly:
///
/// - `list`: `<Buckets><Bucket>…</Bucket>*</Buckets>` as a `Vec<Item>`;
/// - `one`: `<AccessControlList><Grant>…</Grant></AccessControlList>` as an `Item` (the child
///   is required);
/// - `optional`: the same as an `Option<Item>` (give the field `default` and
///   `skip_serializing_if = "Option::is_none"`; an empty wrapper reads as `None`).
macro_rules! wrapped {
    (list $module:ident, $child:literal, $item:ty) => {
        mod $module {
            #[allow(unused_imports)]
            use super::*;

            #[derive(serde::Serialize)]
            struct Out<'a> {
                #[serde(rename = $child)]
                items: &'a [$item],
            }

            #[derive(serde::Deserialize)]
            struct In {
                #[serde(rename = $child, default)]
                items: Vec<$item>,
            }

            pub(super) fn serialize<S: serde::Serializer>(
                items: &[$item],
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&Out { items }, serializer)
            }

            pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Vec<$item>, D::Error> {
                <In as serde::Deserialize>::deserialize(deserializer).map(|w| w.items)
            }
        }
    };
    (one $module:ident, $child:literal, $item:ty) => {
        mod $module {
            #[allow(unused_imports)]
            use super::*;

            #[derive(serde::Serialize)]
            struct Out<'a> {
                #[serde(rename = $child)]
                item: &'a $item,
            }

            #[derive(serde::Deserialize)]
            struct In {
                #[serde(rename = $child)]
                item: $item,
            }

            pub(super) fn serialize<S: serde::Serializer>(
                item: &$item,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&Out { item }, serializer)
            }

            pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<$item, D::Error> {
                <In as serde::Deserialize>::deserialize(deserializer).map(|w| w.item)
            }
        }
    };
    (optional $module:ident, $child:literal, $item:ty) => {
        mod $module {
            #[allow(unused_imports)]
            use super::*;

            #[derive(serde::Serialize)]
            struct Out<'a> {
                #[serde(rename = $child, skip_serializing_if = "Option::is_none")]
                item: Option<&'a $item>,
            }

            #[derive(serde::Deserialize)]
            struct In {
                #[serde(rename = $child, default)]
                item: Option<$item>,
            }

            pub(super) fn serialize<S: serde::Serializer>(
                item: &Option<$item>,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                let item = item.as_ref();
                serde::Serialize::serialize(&Out { item }, serializer)
            }

            pub(super) fn deserialize<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Option<$item>, D::Error> {
                <In as serde::Deserialize>::deserialize(deserializer).map(|w| w.item)
            }
        }
    };
}
