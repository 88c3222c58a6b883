//! GetSymlink's answer, read from its headers: [`SymlinkInfo`].

use crate::dialect::{Dialect, Header};
use crate::op::FromHeaders;
use crate::{ETag, ParseError};

/// What GetSymlink says about a symlink.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SymlinkInfo {
    /// The key the symlink points at (decoded).
    pub target: String,
    /// The symlink's own ETag.
    pub etag: Option<ETag>,
}

impl SymlinkInfo {
    /// A symlink to `target`.
    pub fn new(target: impl Into<String>, etag: Option<ETag>) -> Self {
        SymlinkInfo {
            target: target.into(),
            etag,
        }
    }
}

impl FromHeaders for SymlinkInfo {
    /// Fails when the target header is missing or not a valid percent-encoded key.
    fn from_headers(headers: &[(&str, &str)], dialect: &Dialect) -> Result<Self, ParseError> {
        let find = |header: Header| {
            let name = dialect.header(header);
            headers
                .iter()
                .rev()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim())
        };
        let name = dialect.header(Header::SymlinkTarget);
        let target = find(Header::SymlinkTarget)
            .ok_or_else(|| ParseError::new(format!("no {name} in the response")))?;
        Ok(SymlinkInfo {
            target: crate::encoding::decode_key(target).map_err(|e| e.within(name))?,
            etag: find(Header::ETag).map(ETag::new),
        })
    }
}
