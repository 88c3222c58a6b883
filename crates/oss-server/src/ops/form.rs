//! Reading a `multipart/form-data` body as it arrives (RFC 7578): the fields before the file
//! are collected (bounded), the file part's data is handed out chunk by chunk, so an upload of
//! any size holds only a chunk and a delimiter's length in memory.

use bytes::{Buf, Bytes, BytesMut};
use oss_model::code::ErrorCode;

use crate::error::{OssError, OssResult};
use crate::request_body::{DataSource, RequestBody};

/// The most a part's headers may take.
const MAX_PART_HEADERS: usize = 16 << 10;

/// The most all the fields before the file may take together (the policy, the metadata).
pub(crate) const MAX_FIELDS_BYTES: usize = 1 << 20;

/// The head of one part: its `Content-Disposition` name and filename, and its `Content-Type`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PartHead {
    /// The field name.
    pub name: String,
    /// The file name, for a file part.
    pub filename: Option<String>,
    /// The part's own `Content-Type`.
    pub content_type: Option<String>,
}

/// Where the reader is in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// Before the first delimiter (the preamble).
    Preamble,
    /// Just after a delimiter: the end marker or a part's headers follow.
    AfterDelimiter,
    /// In a part's data.
    InData,
    /// After the close delimiter.
    Done,
}

/// A `multipart/form-data` body read part by part.
pub(crate) struct FormReader {
    body: RequestBody,
    buf: BytesMut,
    /// `CRLF--boundary`.
    delimiter: Vec<u8>,
    position: Position,
    ended: bool,
}

/// The boundary of a `multipart/form-data` Content-Type, if it is one.
pub(crate) fn boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    let kind = params.next()?.trim();
    if !kind.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let value = value.trim().trim_matches('"');
        (!value.is_empty() && value.len() <= 70).then(|| value.to_owned())
    })
}

/// The error for a body that is not the form it says it is.
pub(crate) fn malformed(detail: &str) -> OssError {
    OssError::of(
        ErrorCode::MalformedPOSTRequest,
        format!("The body of your POST request is not well-formed multipart/form-data: {detail}."),
    )
}

impl FormReader {
    /// Reads `body` as a form with `boundary`.
    pub fn new(body: RequestBody, boundary: &str) -> Self {
        let mut buf = BytesMut::new();
        // The first delimiter may open the body without the CRLF the others follow.
        buf.extend_from_slice(b"\r\n");
        FormReader {
            body,
            buf,
            delimiter: format!("\r\n--{boundary}").into_bytes(),
            position: Position::Preamble,
            ended: false,
        }
    }

    /// Reads more of the body into the buffer; false at its end.
    async fn fill(&mut self) -> OssResult<bool> {
        if self.ended {
            return Ok(false);
        }
        match self.body.data().await {
            Some(data) => {
                self.buf.extend_from_slice(&data?);
                Ok(true)
            }
            None => {
                self.ended = true;
                Ok(false)
            }
        }
    }

    fn find(&self, needle: &[u8]) -> Option<usize> {
        self.buf.windows(needle.len()).position(|w| w == needle)
    }

    /// The head of the next part, or `None` after the last one. The data of the current
    /// part, if any is left, is skipped.
    pub async fn next_part(&mut self) -> OssResult<Option<PartHead>> {
        loop {
            match self.position {
                Position::Done => return Ok(None),
                Position::Preamble | Position::InData => {
                    while self.data_chunk().await?.is_some() {}
                }
                Position::AfterDelimiter => break,
            }
        }
        // After a delimiter: `--` ends the form, else transport padding and CRLF.
        while self.buf.len() < 2 {
            if !self.fill().await? {
                return Err(malformed("the body ends after a boundary"));
            }
        }
        if self.buf.starts_with(b"--") {
            self.position = Position::Done;
            return Ok(None);
        }
        let end = loop {
            if let Some(end) = self.find(b"\r\n\r\n") {
                break end;
            }
            if self.buf.len() > MAX_PART_HEADERS {
                return Err(malformed("the headers of a part are too long"));
            }
            if !self.fill().await? {
                return Err(malformed("the body ends in the headers of a part"));
            }
        };
        let head = self.buf.split_to(end + 4);
        let text = std::str::from_utf8(&head).map_err(|_| malformed("part headers not UTF-8"))?;
        // The first line is the rest of the delimiter line (padding, then CRLF).
        let mut lines = text.split("\r\n");
        if !lines.next().unwrap_or_default().trim().is_empty() {
            return Err(malformed("text after a boundary"));
        }
        let mut part = PartHead::default();
        let mut named = false;
        for line in lines.filter(|l| !l.is_empty()) {
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| malformed("a part header without a colon"))?;
            let name = name.trim();
            if name.eq_ignore_ascii_case("content-disposition") {
                let (name, filename) = disposition(value.trim())?;
                part.name = name;
                part.filename = filename;
                named = true;
            } else if name.eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.trim().to_owned());
            }
        }
        if !named {
            return Err(malformed("a part without Content-Disposition: form-data"));
        }
        self.position = Position::InData;
        Ok(Some(part))
    }

    /// The next chunk of the current part's data, or `None` at its end.
    pub async fn data_chunk(&mut self) -> OssResult<Option<Bytes>> {
        if !matches!(self.position, Position::InData | Position::Preamble) {
            return Ok(None);
        }
        loop {
            if let Some(at) = self.find(&self.delimiter) {
                let data = self.buf.split_to(at).freeze();
                self.buf.advance(self.delimiter.len());
                self.position = Position::AfterDelimiter;
                return Ok((!data.is_empty()).then_some(data));
            }
            // All but what could be the start of a delimiter is data.
            let keep = self.delimiter.len() - 1;
            if self.buf.len() > keep {
                let data = self.buf.split_to(self.buf.len() - keep).freeze();
                if !data.is_empty() {
                    return Ok(Some(data));
                }
            }
            if !self.fill().await? {
                return Err(malformed("the body ends before the closing boundary"));
            }
        }
    }

    /// The whole data of the current part, at most `limit` bytes.
    pub async fn read_value(&mut self, limit: usize) -> OssResult<Vec<u8>> {
        let mut value = Vec::new();
        while let Some(chunk) = self.data_chunk().await? {
            if value.len() + chunk.len() > limit {
                return Err(OssError::of(
                    ErrorCode::InvalidArgument,
                    format!("The form fields before the file exceed {limit} bytes."),
                ));
            }
            value.extend_from_slice(&chunk);
        }
        Ok(value)
    }

    /// Reads the rest of the form after the file, ignoring its fields (a browser's submit
    /// button), up to the close delimiter; fails if the body does not end properly.
    pub async fn finish(&mut self) -> OssResult<()> {
        let mut ignored = 0usize;
        while self.next_part().await?.is_some() {
            while let Some(chunk) = self.data_chunk().await? {
                ignored += chunk.len();
                if ignored > MAX_FIELDS_BYTES {
                    return Err(malformed("too much data after the file"));
                }
            }
        }
        Ok(())
    }
}

/// The file part's data as a [`DataSource`].
pub(crate) struct FileData<'a>(pub &'a mut FormReader);

impl DataSource for FileData<'_> {
    async fn data(&mut self) -> Option<OssResult<Bytes>> {
        self.0.data_chunk().await.transpose()
    }
}

/// `form-data; name="x"; filename="y"`: the name and filename. Quoted values end at the next
/// quote, as browsers write them (HTML's form encoding percent-encodes a quote in a name and
/// leaves a backslash as it is: a Windows path arrives whole).
fn disposition(value: &str) -> OssResult<(String, Option<String>)> {
    let (kind, mut rest) = value.split_once(';').unwrap_or((value, ""));
    if !kind.trim().eq_ignore_ascii_case("form-data") {
        return Err(malformed("a part that is not form-data"));
    }
    let (mut name, mut filename) = (None, None);
    loop {
        rest = rest.trim_start_matches([' ', ';', '\t']);
        if rest.is_empty() {
            break;
        }
        let (param, after) = rest
            .split_once('=')
            .ok_or_else(|| malformed("a Content-Disposition parameter without a value"))?;
        let after = after.trim_start();
        let (value, tail) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted
                    .find('"')
                    .ok_or_else(|| malformed("an unterminated quoted string"))?;
                (quoted[..end].to_owned(), &quoted[end + 1..])
            }
            None => {
                let end = after.find(';').unwrap_or(after.len());
                (after[..end].trim().to_owned(), &after[end..])
            }
        };
        match param.trim().to_ascii_lowercase().as_str() {
            "name" => name = Some(value),
            "filename" => filename = Some(value),
            _ => {}
        }
        rest = tail;
    }
    let name = name.ok_or_else(|| malformed("a part without a name"))?;
    Ok((name, filename))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_and_disposition_parse() {
        assert_eq!(
            boundary("multipart/form-data; boundary=\"abc\"").as_deref(),
            Some("abc")
        );
        assert_eq!(boundary("multipart/mixed; boundary=abc"), None);
        assert_eq!(boundary("multipart/form-data"), None);
        assert_eq!(
            disposition(r#"form-data; name="file"; filename="C:\a\b%22.txt""#).unwrap(),
            ("file".to_owned(), Some(r"C:\a\b%22.txt".to_owned()))
        );
        assert_eq!(
            disposition("form-data; name=key").unwrap(),
            ("key".to_owned(), None)
        );
        assert!(disposition("attachment; name=\"x\"").is_err());
        assert!(disposition("form-data; filename=\"x\"").is_err());
    }
}
