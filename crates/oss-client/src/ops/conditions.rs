//! Preconditions: `If-Match`, `If-None-Match`, `If-Modified-Since` and
//! `If-Unmodified-Since` on GetObject and HeadObject, and their `x-oss-copy-source-if-*`
//! forms on the source of CopyObject and UploadPartCopy.
//!
//! A failed `If-Match`/`If-Unmodified-Since` is a 412
//! ([`Error::is_precondition_failed`](crate::Error::is_precondition_failed)); a GET whose
//! `If-None-Match`/`If-Modified-Since` finds the object unchanged is a 304
//! ([`Error::is_not_modified`](crate::Error::is_not_modified)).

use std::time::SystemTime;

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

impl Conditions {
    /// The headers, with `prefix` before each name (`""` for a GET, `x-oss-copy-source-`
    /// for a copy's source).
    pub(crate) fn headers(&self, prefix: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(etag) = &self.if_match {
            out.push((format!("{prefix}if-match"), etag.quoted()));
        }
        if let Some(etag) = &self.if_none_match {
            out.push((format!("{prefix}if-none-match"), etag.quoted()));
        }
        if let Some(time) = self.if_modified_since {
            out.push((format!("{prefix}if-modified-since"), format_http_date(time)));
        }
        if let Some(time) = self.if_unmodified_since {
            out.push((
                format!("{prefix}if-unmodified-since"),
                format_http_date(time),
            ));
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
    fn headers_with_prefix() {
        let conditions = Conditions {
            if_match: Some(ETag::new("abc")),
            if_unmodified_since: Some(std::time::UNIX_EPOCH),
            ..Conditions::default()
        };
        assert_eq!(
            conditions.headers("x-oss-copy-source-"),
            vec![
                (
                    "x-oss-copy-source-if-match".to_owned(),
                    "\"abc\"".to_owned()
                ),
                (
                    "x-oss-copy-source-if-unmodified-since".to_owned(),
                    "Thu, 01 Jan 1970 00:00:00 GMT".to_owned()
                ),
            ]
        );
    }
}
