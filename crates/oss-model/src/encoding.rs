//! `encoding-type=url`: percent-decoding the names in listings, and the percent-encoding it
//! undoes.
//!
//! XML 1.0 cannot carry some characters a key may hold (control characters), so list
//! operations take `encoding-type=url` and answer with `<EncodingType>url</EncodingType>` and
//! the names percent-encoded. [`KeyEncoding`] lists, for each body that can be encoded, which
//! fields are (keys, prefixes, markers, delimiters, start-after and continuation tokens), and
//! decodes them in place; [`KeyEncoding::from_xml_decoded`] parses and decodes in one step,
//! trusting the body's own `EncodingType`. A server does the reverse with
//! [`KeyEncoding::encode_keys`].
//!
//! Decoding follows the official SDKs: `%XX` escapes and `+` for a space; a malformed escape
//! or bytes that are not UTF-8 are a [`ParseError`]. Encoding escapes every byte but
//! `A-Z a-z 0-9 - _ . ~ /`, so that `+` and `%` survive the trip.

use crate::{
    CompleteMultipartUploadResult, DeleteResult, EncodingType, InitiateMultipartUploadResult,
    ListBucketResult, ListBucketResultV2, ListMultipartUploadsResult, ListPartsResult, ParseError,
    XmlBody,
};

/// A body whose names `encoding-type=url` percent-encodes.
///
/// ```
/// use oss_model::{KeyEncoding, ListBucketResult};
///
/// let body = "<ListBucketResult><Name>b</Name><Prefix>a%2Fb</Prefix><EncodingType>url</EncodingType>\
///             <IsTruncated>false</IsTruncated><Contents><Key>a/b%20c%0A.txt</Key></Contents>\
///             </ListBucketResult>";
/// let listing = ListBucketResult::from_xml_decoded(body).unwrap();
/// assert_eq!(listing.prefix, "a/b");
/// assert_eq!(listing.contents[0].key, "a/b c\n.txt");
/// ```
pub trait KeyEncoding {
    /// The body's `EncodingType` element, if any.
    fn encoding_type(&self) -> Option<&EncodingType>;

    /// The fields `encoding-type=url` covers, named by element, that are present.
    fn encoded_fields_mut(&mut self) -> Vec<(&'static str, &mut String)>;

    /// Decodes every encoded field if `encoding` is `url` (other encodings are left alone).
    /// All or nothing: on a [`ParseError`] no field has changed. The `EncodingType` element is
    /// kept, so call this once.
    fn decode_keys(&mut self, encoding: &EncodingType) -> Result<(), ParseError> {
        if *encoding != EncodingType::Url {
            return Ok(());
        }
        let mut fields = self.encoded_fields_mut();
        let decoded = fields
            .iter()
            .map(|(name, value)| url_decode(value).map_err(|e| e.within(name)))
            .collect::<Result<Vec<String>, ParseError>>()?;
        for ((_, field), value) in fields.iter_mut().zip(decoded) {
            **field = value;
        }
        Ok(())
    }

    /// Encodes every encoded field if `encoding` is `url`, as a server answering
    /// `encoding-type=url` does (set the `EncodingType` element too).
    fn encode_keys(&mut self, encoding: &EncodingType) {
        if *encoding == EncodingType::Url {
            for (_, field) in self.encoded_fields_mut() {
                *field = url_encode(field);
            }
        }
    }

    /// Whether a name holds a character XML 1.0 cannot carry ([`fits_xml`]), so that the body
    /// must be sent with its names percent-encoded (`EncodingType` `url`) to stay well-formed.
    fn needs_url_encoding(&mut self) -> bool {
        self.encoded_fields_mut()
            .iter()
            .any(|(_, value)| !fits_xml(value))
    }

    /// Parses a body, then decodes its names if its `EncodingType` says `url`.
    fn from_xml_decoded(xml: impl AsRef<[u8]>) -> Result<Self, ParseError>
    where
        Self: XmlBody,
    {
        let mut body = Self::from_xml(xml)?;
        if let Some(encoding) = body.encoding_type().cloned() {
            body.decode_keys(&encoding)
                .map_err(|e| e.within(Self::ROOT))?;
        }
        Ok(body)
    }
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Undoes percent-encoding: `%XX` escapes, and `+` for a space.
pub fn url_decode(text: &str) -> Result<String, ParseError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let high = bytes.get(i + 1).copied().and_then(hex_value);
                let low = bytes.get(i + 2).copied().and_then(hex_value);
                match (high, low) {
                    (Some(high), Some(low)) => out.push((high << 4) | low),
                    _ => {
                        return Err(ParseError::new(format!(
                            "malformed percent-escape at byte {i} of {text:?}"
                        )))
                    }
                }
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out)
        .map_err(|_| ParseError::new(format!("{text:?} does not decode to UTF-8")))
}

/// Whether XML 1.0 can carry `text` as element content: every character is a tab, a line
/// feed, a carriage return or at least U+0020, and none is U+FFFE or U+FFFF. Keys may hold
/// the others (control characters); a body carrying such a key must percent-encode its names.
///
/// ```
/// use oss_model::encoding::fits_xml;
/// assert!(fits_xml("a/b c\t\n\r✓"));
/// assert!(!fits_xml("nul\0") && !fits_xml("esc\u{1b}") && !fits_xml("\u{FFFE}"));
/// ```
pub fn fits_xml(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    })
}

/// Percent-encodes every byte but `A-Z a-z 0-9 - _ . ~ /`, upper-case hex, as a listing with
/// `encoding-type=url` carries names.
pub fn url_encode(text: &str) -> String {
    encode(text, b"-_.~/")
}

/// Percent-encodes every byte but `A-Z a-z 0-9 - _ . ~`, as a query-string component.
pub(crate) fn query_encode(text: &str) -> String {
    encode(text, b"-_.~")
}

fn encode(text: &str, also_unreserved: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || also_unreserved.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
    out
}

impl KeyEncoding for ListBucketResult {
    fn encoding_type(&self) -> Option<&EncodingType> {
        self.encoding_type.as_ref()
    }

    fn encoded_fields_mut(&mut self) -> Vec<(&'static str, &mut String)> {
        let mut fields = vec![
            ("Prefix", &mut self.prefix),
            ("Marker", &mut self.marker),
            ("Delimiter", &mut self.delimiter),
        ];
        if let Some(next) = &mut self.next_marker {
            fields.push(("NextMarker", next));
        }
        fields.extend(self.contents.iter_mut().map(|o| ("Key", &mut o.key)));
        fields.extend(
            self.common_prefixes
                .iter_mut()
                .map(|p| ("CommonPrefixes/Prefix", &mut p.prefix)),
        );
        fields
    }
}

impl KeyEncoding for ListBucketResultV2 {
    fn encoding_type(&self) -> Option<&EncodingType> {
        self.encoding_type.as_ref()
    }

    fn encoded_fields_mut(&mut self) -> Vec<(&'static str, &mut String)> {
        let mut fields = vec![
            ("Prefix", &mut self.prefix),
            ("Delimiter", &mut self.delimiter),
        ];
        if let Some(start_after) = &mut self.start_after {
            fields.push(("StartAfter", start_after));
        }
        if let Some(token) = &mut self.continuation_token {
            fields.push(("ContinuationToken", token));
        }
        if let Some(token) = &mut self.next_continuation_token {
            fields.push(("NextContinuationToken", token));
        }
        fields.extend(self.contents.iter_mut().map(|o| ("Key", &mut o.key)));
        fields.extend(
            self.common_prefixes
                .iter_mut()
                .map(|p| ("CommonPrefixes/Prefix", &mut p.prefix)),
        );
        fields
    }
}

impl KeyEncoding for ListMultipartUploadsResult {
    fn encoding_type(&self) -> Option<&EncodingType> {
        self.encoding_type.as_ref()
    }

    fn encoded_fields_mut(&mut self) -> Vec<(&'static str, &mut String)> {
        let mut fields = vec![
            ("KeyMarker", &mut self.key_marker),
            ("NextKeyMarker", &mut self.next_key_marker),
            ("Delimiter", &mut self.delimiter),
            ("Prefix", &mut self.prefix),
        ];
        fields.extend(self.uploads.iter_mut().map(|u| ("Key", &mut u.key)));
        fields.extend(
            self.common_prefixes
                .iter_mut()
                .map(|p| ("CommonPrefixes/Prefix", &mut p.prefix)),
        );
        fields
    }
}

impl KeyEncoding for ListPartsResult {
    fn encoding_type(&self) -> Option<&EncodingType> {
        self.encoding_type.as_ref()
    }

    fn encoded_fields_mut(&mut self) -> Vec<(&'static str, &mut String)> {
        vec![("Key", &mut self.key)]
    }
}

impl KeyEncoding for DeleteResult {
    fn encoding_type(&self) -> Option<&EncodingType> {
        self.encoding_type.as_ref()
    }

    fn encoded_fields_mut(&mut self) -> Vec<(&'static str, &mut String)> {
        self.deleted
            .iter_mut()
            .map(|d| ("Key", &mut d.key))
            .collect()
    }
}

impl KeyEncoding for InitiateMultipartUploadResult {
    fn encoding_type(&self) -> Option<&EncodingType> {
        self.encoding_type.as_ref()
    }

    fn encoded_fields_mut(&mut self) -> Vec<(&'static str, &mut String)> {
        vec![("Key", &mut self.key)]
    }
}

impl KeyEncoding for CompleteMultipartUploadResult {
    fn encoding_type(&self) -> Option<&EncodingType> {
        self.encoding_type.as_ref()
    }

    fn encoded_fields_mut(&mut self) -> Vec<(&'static str, &mut String)> {
        vec![("Key", &mut self.key)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_and_plus() {
        assert_eq!(url_decode("a%2Fb+c%E4%B8%AD").unwrap(), "a/b c中");
        assert_eq!(url_encode("a/b c+%中"), "a/b%20c%2B%25%E4%B8%AD");
        assert_eq!(query_encode("a/b"), "a%2Fb");
    }

    #[test]
    fn rejects_bad_escapes() {
        for bad in ["%", "%4", "%zz", "a%G0", "%FF", "%C3"] {
            assert!(url_decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn decoding_is_all_or_nothing() {
        let mut listing = ListBucketResult {
            prefix: "a%20".into(),
            marker: "%zz".into(),
            ..ListBucketResult::default()
        };
        let error = listing.decode_keys(&EncodingType::Url).unwrap_err();
        assert!(error.message().starts_with("Marker: "), "{error}");
        assert_eq!(listing.prefix, "a%20");
    }
}
