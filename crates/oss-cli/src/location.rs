//! Where data is: an `oss://bucket/key` URL or a local path.
//!
//! A URL's key may be empty (`oss://bucket`, `oss://bucket/`) or a prefix (`oss://b/dir/`).

use std::fmt;
use std::path::PathBuf;

use crate::error::{CliError, Result};

/// The scheme of OSS URLs.
pub const SCHEME: &str = "oss://";

/// A bucket and a key (or prefix) in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OssUrl {
    /// The bucket.
    pub bucket: String,
    /// The key or prefix (may be empty).
    pub key: String,
}

impl OssUrl {
    /// Parses `oss://bucket[/key]`.
    pub fn parse(text: &str) -> Result<OssUrl> {
        let rest = text
            .strip_prefix(SCHEME)
            .or_else(|| text.strip_prefix("OSS://"))
            .ok_or_else(|| CliError::usage(format!("{text:?} is not an oss://bucket[/key] URL")))?;
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(CliError::usage(format!("{text:?} names no bucket")));
        }
        Ok(OssUrl {
            bucket: bucket.to_owned(),
            key: key.to_owned(),
        })
    }

    /// Parses `oss://bucket` or a bare bucket name (osscmd accepts both for buckets).
    pub fn parse_bucket_lenient(text: &str) -> Result<OssUrl> {
        if text.starts_with(SCHEME) || text.starts_with("OSS://") {
            Self::parse(text)
        } else if text.is_empty() || text.contains('/') {
            Err(CliError::usage(format!("{text:?} is not a bucket")))
        } else {
            Ok(OssUrl {
                bucket: text.to_owned(),
                key: String::new(),
            })
        }
    }

    /// Parses a URL that must name an object (a non-empty key).
    pub fn parse_object(text: &str) -> Result<OssUrl> {
        let url = Self::parse(text)?;
        if url.key.is_empty() {
            return Err(CliError::usage(format!("{text:?} names no object")));
        }
        Ok(url)
    }

    /// Parses a URL that must name only a bucket.
    pub fn parse_bucket(text: &str) -> Result<OssUrl> {
        let url = Self::parse(text)?;
        if !url.key.is_empty() {
            return Err(CliError::usage(format!(
                "{text:?} names an object; expected oss://bucket"
            )));
        }
        Ok(url)
    }

    /// The same bucket with another key.
    pub fn with_key(&self, key: impl Into<String>) -> OssUrl {
        OssUrl {
            bucket: self.bucket.clone(),
            key: key.into(),
        }
    }

    /// The key as a directory prefix: empty, or ending with `/`.
    pub fn dir_prefix(&self) -> String {
        if self.key.is_empty() || self.key.ends_with('/') {
            self.key.clone()
        } else {
            format!("{}/", self.key)
        }
    }
}

impl fmt::Display for OssUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{SCHEME}{}", self.bucket)
        } else {
            write!(f, "{SCHEME}{}/{}", self.bucket, self.key)
        }
    }
}

/// A source or destination of a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An object or prefix.
    Oss(OssUrl),
    /// A local file or directory (`-` for standard input or output).
    Local(PathBuf),
}

impl Location {
    /// `oss://…` is OSS, anything else a local path.
    pub fn parse(text: &str) -> Result<Location> {
        if text.starts_with(SCHEME) || text.starts_with("OSS://") {
            Ok(Location::Oss(OssUrl::parse(text)?))
        } else if text.is_empty() {
            Err(CliError::usage("an empty path"))
        } else {
            Ok(Location::Local(PathBuf::from(text)))
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Oss(url) => url.fmt(f),
            Location::Local(path) => path.display().fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let url = OssUrl::parse("oss://b/a/b.txt").unwrap();
        assert_eq!((url.bucket.as_str(), url.key.as_str()), ("b", "a/b.txt"));
        assert_eq!(url.to_string(), "oss://b/a/b.txt");
        assert_eq!(OssUrl::parse("oss://b").unwrap().key, "");
        assert_eq!(OssUrl::parse("oss://b/dir").unwrap().dir_prefix(), "dir/");
        assert!(OssUrl::parse("oss://").is_err());
        assert!(OssUrl::parse("b/k").is_err());
        assert!(OssUrl::parse_object("oss://b/").is_err());
        assert!(OssUrl::parse_bucket("oss://b/k").is_err());
        assert_eq!(OssUrl::parse_bucket_lenient("b").unwrap().bucket, "b");
        assert!(matches!(
            Location::parse("./x").unwrap(),
            Location::Local(_)
        ));
    }
}
