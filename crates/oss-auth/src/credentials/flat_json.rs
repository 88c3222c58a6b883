//! A strict parser for the one JSON shape a credentials process prints: a flat object whose
//! values are strings (or `null`). Anything else is an error, never a panic.

use std::fmt;

/// Where and why parsing stopped. It never quotes the input, which may hold a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError {
    offset: usize,
    expected: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: expected {}", self.offset, self.expected)
    }
}

/// The object's members in order; `null` values are `None`. Duplicate keys are rejected.
pub(crate) fn parse(text: &str) -> Result<Vec<(String, Option<String>)>, ParseError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        position: 0,
    };
    let members = parser.object()?;
    parser.skip_whitespace();
    if parser.position != parser.bytes.len() {
        return Err(parser.error("nothing after the object"));
    }
    Ok(members)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    position: usize,
}

impl Parser<'_> {
    fn error(&self, expected: &'static str) -> ParseError {
        ParseError {
            offset: self.position,
            expected,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.position += 1;
        Some(byte)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.position += 1;
        }
    }

    fn expect(&mut self, byte: u8, expected: &'static str) -> Result<(), ParseError> {
        self.skip_whitespace();
        if self.peek() == Some(byte) {
            self.position += 1;
            Ok(())
        } else {
            Err(self.error(expected))
        }
    }

    fn object(&mut self) -> Result<Vec<(String, Option<String>)>, ParseError> {
        self.expect(b'{', "'{'")?;
        let mut members: Vec<(String, Option<String>)> = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.position += 1;
            return Ok(members);
        }
        loop {
            self.skip_whitespace();
            let key_offset = self.position;
            let key = self.string()?;
            if members.iter().any(|(existing, _)| *existing == key) {
                return Err(ParseError {
                    offset: key_offset,
                    expected: "no duplicate keys",
                });
            }
            self.expect(b':', "':'")?;
            let value = self.value()?;
            members.push((key, value));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.position += 1,
                Some(b'}') => {
                    self.position += 1;
                    return Ok(members);
                }
                _ => return Err(self.error("',' or '}'")),
            }
        }
    }

    fn value(&mut self) -> Result<Option<String>, ParseError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'"') => self.string().map(Some),
            Some(b'n') if self.bytes[self.position..].starts_with(b"null") => {
                self.position += 4;
                Ok(None)
            }
            _ => Err(self.error("a string or null")),
        }
    }

    fn string(&mut self) -> Result<String, ParseError> {
        if self.peek() != Some(b'"') {
            return Err(self.error("a string"));
        }
        self.position += 1;
        let mut out = String::new();
        loop {
            let run_start = self.position;
            while matches!(self.peek(), Some(byte) if byte != b'"' && byte != b'\\' && byte >= 0x20)
            {
                self.position += 1;
            }
            // The run stops only at ASCII bytes, so it ends on a character boundary.
            out.push_str(&self.text[run_start..self.position]);
            match self.next() {
                Some(b'"') => return Ok(out),
                Some(b'\\') => out.push(self.escape()?),
                Some(_) => {
                    self.position -= 1;
                    return Err(self.error("no control characters in a string"));
                }
                None => return Err(self.error("a closing '\"'")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, ParseError> {
        let escaped = match self.next() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(),
            _ => return Err(self.error("a valid escape sequence")),
        };
        Ok(escaped)
    }

    /// `\uXXXX`, where a UTF-16 high surrogate must be followed by `\uXXXX` with a low one.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let first = self.hex4()?;
        let code_point = match first {
            0xD800..=0xDBFF => {
                if !self.bytes[self.position..].starts_with(b"\\u") {
                    return Err(self.error("a low surrogate escape"));
                }
                self.position += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("a low surrogate escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("a high surrogate before a low one")),
            _ => first,
        };
        char::from_u32(code_point).ok_or_else(|| self.error("a valid Unicode scalar value"))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|byte| char::from(byte).to_digit(16))
                .ok_or_else(|| self.error("four hex digits"))?;
            value = value * 16 + digit;
            self.position += 1;
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(members: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        members
            .iter()
            .map(|(key, value)| (key.to_string(), value.map(str::to_string)))
            .collect()
    }

    #[test]
    fn parses_flat_string_objects() {
        assert_eq!(parse(" {} \n"), Ok(Vec::new()));
        assert_eq!(
            parse(r#"{"a": "1", "b" : null ,"c":"x\"\\\/\n\u00e9\ud83d\ude00é"}"#),
            Ok(owned(&[
                ("a", Some("1")),
                ("b", None),
                ("c", Some("x\"\\/\né😀é")),
            ]))
        );
    }

    #[test]
    fn rejects_everything_else() {
        for text in [
            "",
            "[]",
            "{",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1}",
            "{\"a\":true}",
            "{\"a\":{}}",
            "{\"a\":\"1\",}",
            "{\"a\":\"1\" \"b\":\"2\"}",
            "{\"a\":\"1\",\"a\":\"2\"}",
            "{\"a\":\"1\"} x",
            "{\"a\":\"\u{1}\"}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12\"}",
            "{\"a\":\"\\ud800\"}",
            "{\"a\":\"\\udc00\"}",
            "{\"a\":\"\\ud800\\u0041\"}",
            "{\"a\":\"unterminated",
            "{\"a\":nul}",
            "{'a':'1'}",
        ] {
            assert!(parse(text).is_err(), "{text:?} should be rejected");
        }
    }

    #[test]
    fn never_panics_on_prefixes_of_valid_input() {
        let text = r#"{"AccessKeyId":"id","AccessKeySecret":"s\u00e9cr\ud83d\ude00t","SecurityToken":null}"#;
        for end in (0..=text.len()).filter(|&end| text.is_char_boundary(end)) {
            let _ = parse(&text[..end]);
        }
    }
}
