//! How a typed value travels in a query parameter or a header: [`WireValue`].

use std::borrow::Cow;

use crate::{
    Acl, DataRedundancyType, EncodingType, MetadataDirective, ObjectType, RestoreTier,
    ServerSideEncryption, StorageClass, TaggingDirective,
};

/// A value sent as the text of a query parameter or a header.
pub trait WireValue: Sized {
    /// The text sent.
    fn to_wire(&self) -> Cow<'_, str>;
    /// Reads the text received; the message says what was expected.
    fn from_wire(text: &str) -> Result<Self, String>;
}

impl WireValue for String {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }

    fn from_wire(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

macro_rules! numbers {
    ($($ty:ty),*) => {$(
        impl WireValue for $ty {
            fn to_wire(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }

            fn from_wire(text: &str) -> Result<Self, String> {
                text.trim()
                    .parse()
                    .map_err(|_| format!("expected a number, found {text:?}"))
            }
        }
    )*};
}

numbers!(u32, u64);

impl WireValue for bool {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }

    fn from_wire(text: &str) -> Result<Self, String> {
        match text.trim() {
            t if t.eq_ignore_ascii_case("true") => Ok(true),
            t if t.eq_ignore_ascii_case("false") => Ok(false),
            _ => Err(format!("expected true or false, found {text:?}")),
        }
    }
}

macro_rules! vocabularies {
    ($($ty:ty),*) => {$(
        impl WireValue for $ty {
            fn to_wire(&self) -> Cow<'_, str> {
                Cow::Borrowed(self.as_str())
            }

            fn from_wire(text: &str) -> Result<Self, String> {
                Ok(<$ty>::parse(text))
            }
        }
    )*};
}

vocabularies!(
    Acl,
    DataRedundancyType,
    EncodingType,
    MetadataDirective,
    ObjectType,
    RestoreTier,
    ServerSideEncryption,
    StorageClass,
    TaggingDirective
);
