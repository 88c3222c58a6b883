//! How a typed value travels in a query parameter or a header: [`WireValue`].

use std::borrow::Cow;

use crate::{
    Acl, DataRedundancyType, EncodingType, MetadataDirective, ObjectType, RestoreTier,
    ServerSideEncryption, StorageClass, TaggingDirective,
};

/// A value sent as the text of a query parameter or a header.
pub trait WireValue: Sized {
    /// Whether the value is a yes/no switch (a command line takes it as a flag).
    const IS_FLAG: bool = false;
    /// The text sent.
    fn to_wire(&self) -> Cow<'_, str>;
    /// Reads the text received; the message says what was expected.
    fn from_wire(text: &str) -> Result<Self, String>;
    /// Fails when the value is one the service refuses.
    fn check(&self) -> Result<(), crate::op::RuleError> {
        Ok(())
    }
}

/// The size of a listing page: 1 to 1,000 entries (`max-keys`, `max-uploads`, `max-parts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageSize(pub u32);

/// The largest page a listing returns.
pub const MAX_PAGE_SIZE: u32 = 1000;

impl From<u32> for PageSize {
    fn from(size: u32) -> Self {
        PageSize(size)
    }
}

impl WireValue for PageSize {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.to_string())
    }

    fn from_wire(text: &str) -> Result<Self, String> {
        u32::from_wire(text).map(PageSize)
    }

    fn check(&self) -> Result<(), crate::op::RuleError> {
        if (1..=MAX_PAGE_SIZE).contains(&self.0) {
            Ok(())
        } else {
            Err(crate::op::RuleError::new(
                crate::op::Rule::PageSize,
                format!("a page holds 1 to {MAX_PAGE_SIZE} entries, not {}", self.0),
            ))
        }
    }
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
    const IS_FLAG: bool = true;

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

/// What an option's setter takes: the option's own type, or for text anything that becomes a
/// `String`, and for a page size a plain number. (`impl Into<u32>` would leave `.max_parts(3)`
/// without a type for its literal; one impl per option type lets the compiler pick.)
pub trait IntoInput<T> {
    /// The option's value.
    fn into_input(self) -> T;
}

impl<S: Into<String>> IntoInput<String> for S {
    fn into_input(self) -> String {
        self.into()
    }
}

impl IntoInput<PageSize> for u32 {
    fn into_input(self) -> PageSize {
        PageSize(self)
    }
}

macro_rules! as_itself {
    ($($ty:ty),*) => {$(
        impl IntoInput<$ty> for $ty {
            fn into_input(self) -> $ty {
                self
            }
        }
    )*};
}

as_itself!(
    bool,
    u32,
    u64,
    PageSize,
    Acl,
    DataRedundancyType,
    EncodingType,
    MetadataDirective,
    ObjectType,
    RestoreTier,
    ServerSideEncryption,
    StorageClass,
    TaggingDirective,
    crate::CreateBucketConfiguration,
    crate::RestoreRequest,
    crate::ObjectHeaders,
    crate::Tagging,
    crate::CorsConfiguration,
    // Bucket configurations of the reference.
    crate::BucketLoggingStatus,
    crate::WebsiteConfiguration,
    crate::RefererConfiguration,
    crate::LifecycleConfiguration
);
