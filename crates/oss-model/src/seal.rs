//! SealAppendObject: what it answers.

use crate::dialect::{Dialect, Header};
use crate::op::FromHeaders;
use crate::ParseError;

/// What SealAppendObject answers: when the object was first sealed (`x-oss-sealed-time`,
/// an HTTP date that later seals do not change).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct SealAppendObjectResult {
    /// When the object was sealed, as the service wrote it.
    pub sealed_time: String,
}

impl FromHeaders for SealAppendObjectResult {
    /// Fails when the response has no sealed time.
    fn from_headers(headers: &[(&str, &str)], dialect: &Dialect) -> Result<Self, ParseError> {
        let name = dialect.header(Header::SealedTime);
        let sealed_time = headers
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
            .ok_or_else(|| ParseError::new(format!("no {name} in the response")))?;
        Ok(SealAppendObjectResult { sealed_time })
    }
}
