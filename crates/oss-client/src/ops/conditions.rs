//! Preconditions: `If-Match`, `If-None-Match`, `If-Modified-Since` and
//! `If-Unmodified-Since` on GetObject and HeadObject, and their copy-source forms on the
//! source of CopyObject and UploadPartCopy (named by the vendor's dialect).
//!
//! A failed `If-Match`/`If-Unmodified-Since` is a 412
//! ([`Error::is_precondition_failed`](crate::Error::is_precondition_failed)); a GET whose
//! `If-None-Match`/`If-Modified-Since` finds the object unchanged is a 304
//! ([`Error::is_not_modified`](crate::Error::is_not_modified)).

use std::time::SystemTime;

use oss_model::dialect::{Dialect, Header};
use oss_model::time::format_http_date;
use oss_model::ETag;

/// A set of preconditions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditions {
    /// Proceed only if the ETag is this one.
    pub if_match: Option<ETag>,
    /// Proceed only if the ETag is not this one.
    pub if_none_match: Option<ETag>,
    /// Proceed only if modified after this time.
    pub if_modified_since: Option<SystemTime>,
    /// Proceed only if not modified after this time.
    pub if_unmodified_since: Option<SystemTime>,
}

/// What a set of conditions applies to, which decides the headers that carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Applies {
    /// The object addressed (`If-Match` and friends).
    Object,
    /// The source of a copy (the vendor's copy-source forms).
    CopySource,
}

impl Conditions {
    /// The headers that carry the conditions, named by `dialect`.
    pub(crate) fn headers(&self, dialect: &Dialect, applies: Applies) -> Vec<(String, String)> {
        let [if_match, if_none_match, if_modified_since, if_unmodified_since] = match applies {
            Applies::Object => [
                Header::IfMatch,
                Header::IfNoneMatch,
                Header::IfModifiedSince,
                Header::IfUnmodifiedSince,
            ],
            Applies::CopySource => [
                Header::CopySourceIfMatch,
                Header::CopySourceIfNoneMatch,
                Header::CopySourceIfModifiedSince,
                Header::CopySourceIfUnmodifiedSince,
            ],
        };
        let name = |header| dialect.header(header).to_owned();
        let mut out = Vec::new();
        if let Some(etag) = &self.if_match {
            out.push((name(if_match), etag.quoted()));
        }
        if let Some(etag) = &self.if_none_match {
            out.push((name(if_none_match), etag.quoted()));
        }
        if let Some(time) = self.if_modified_since {
            out.push((name(if_modified_since), format_http_date(time)));
        }
        if let Some(time) = self.if_unmodified_since {
            out.push((name(if_unmodified_since), format_http_date(time)));
        }
        out
    }
}

/// The setters of a builder with a `conditions: Conditions` field; `$what` names what the
/// conditions apply to in the docs.
macro_rules! condition_setters {
    ($what:literal) => {
        #[doc = concat!("Proceeds only if ", $what, "'s ETag is `etag` (else 412).")]
        pub fn if_match(mut self, etag: impl Into<::oss_model::ETag>) -> Self {
            self.conditions.if_match = Some(etag.into());
            self
        }

        #[doc = concat!("Proceeds only if ", $what, "'s ETag is not `etag`.")]
        pub fn if_none_match(mut self, etag: impl Into<::oss_model::ETag>) -> Self {
            self.conditions.if_none_match = Some(etag.into());
            self
        }

        #[doc = concat!("Proceeds only if ", $what, " was modified after `time`.")]
        pub fn if_modified_since(mut self, time: ::std::time::SystemTime) -> Self {
            self.conditions.if_modified_since = Some(time);
            self
        }

        #[doc = concat!("Proceeds only if ", $what, " was not modified after `time` (else 412).")]
        pub fn if_unmodified_since(mut self, time: ::std::time::SystemTime) -> Self {
            self.conditions.if_unmodified_since = Some(time);
            self
        }
    };
}

pub(crate) use condition_setters;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_for_the_object_and_for_a_copy_source() {
        use oss_model::headers::{COPY_SOURCE_IF_MATCH, COPY_SOURCE_IF_UNMODIFIED_SINCE};
        let conditions = Conditions {
            if_match: Some(ETag::new("abc")),
            if_unmodified_since: Some(std::time::UNIX_EPOCH),
            ..Conditions::default()
        };
        let epoch = "Thu, 01 Jan 1970 00:00:00 GMT".to_owned();
        assert_eq!(
            conditions.headers(&Dialect::OSS, Applies::Object),
            [
                ("if-match".to_owned(), "\"abc\"".to_owned()),
                ("if-unmodified-since".to_owned(), epoch.clone()),
            ]
        );
        assert_eq!(
            conditions.headers(&Dialect::OSS, Applies::CopySource),
            [
                (COPY_SOURCE_IF_MATCH.to_owned(), "\"abc\"".to_owned()),
                (COPY_SOURCE_IF_UNMODIFIED_SINCE.to_owned(), epoch),
            ]
        );
    }
}
