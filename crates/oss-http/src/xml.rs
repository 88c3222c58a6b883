//! A small, forgiving reader for the one XML shape this crate parses: the flat `<Error>`
//! body of a failed request (`<Error><Code>..</Code><Message>..</Message>...</Error>`).
//!
//! It understands the XML declaration, comments, CDATA, the predefined entities and numeric
//! character references. Nested elements inside a field contribute their text. Anything it
//! cannot read ends parsing with what was read so far: a malformed body never panics.

/// The child elements of the root `Error` element as (name, text) pairs, in order; `None`
/// if the document does not start with an `Error` element.
pub(crate) fn parse_error_fields(xml: &str) -> Option<Vec<(String, String)>> {
    let mut reader = Reader { rest: xml };
    reader.skip_misc();
    let root = reader.start_tag()?;
    if root.name != "Error" || root.self_closing {
        return None;
    }
    let mut fields = Vec::new();
    loop {
        reader.skip_misc();
        if reader.rest.starts_with("</") {
            break;
        }
        let Some(tag) = reader.start_tag() else { break };
        if tag.self_closing {
            fields.push((tag.name.to_owned(), String::new()));
            continue;
        }
        match reader.text_until_end(tag.name) {
            Some(text) => fields.push((tag.name.to_owned(), text)),
            None => break,
        }
    }
    Some(fields)
}

struct Tag<'a> {
    name: &'a str,
    self_closing: bool,
}

struct Reader<'a> {
    rest: &'a str,
}

impl<'a> Reader<'a> {
    /// Skips whitespace, the XML declaration, processing instructions, comments and DOCTYPE.
    fn skip_misc(&mut self) {
        loop {
            self.rest = self.rest.trim_start();
            let end = if self.rest.starts_with("<?") {
                self.rest.find("?>").map(|i| i + 2)
            } else if self.rest.starts_with("<!--") {
                self.rest.find("-->").map(|i| i + 3)
            } else if self.rest.starts_with("<!") && !self.rest.starts_with("<![CDATA[") {
                self.rest.find('>').map(|i| i + 1)
            } else {
                return;
            };
            match end {
                Some(end) => self.rest = &self.rest[end..],
                None => {
                    self.rest = "";
                    return;
                }
            }
        }
    }

    /// Reads `<Name attr="...">` or `<Name/>`; attributes are skipped.
    fn start_tag(&mut self) -> Option<Tag<'a>> {
        let body = self.rest.strip_prefix('<')?;
        if body.starts_with('/') {
            return None;
        }
        let close = body.find('>')?;
        let inside = &body[..close];
        self.rest = &body[close + 1..];
        let self_closing = inside.ends_with('/');
        let inside = inside.trim_end_matches('/');
        let name = inside.split_whitespace().next()?;
        Some(Tag { name, self_closing })
    }

    /// The decoded text up to `</name>`, which is consumed; nested tags are dropped.
    fn text_until_end(&mut self, name: &str) -> Option<String> {
        let mut text = String::new();
        let mut depth = 0usize;
        loop {
            let next = self.rest.find('<')?;
            decode_entities_into(&mut text, &self.rest[..next]);
            self.rest = &self.rest[next..];
            if let Some(after) = self.rest.strip_prefix("<![CDATA[") {
                let end = after.find("]]>")?;
                text.push_str(&after[..end]);
                self.rest = &after[end + 3..];
            } else if self.rest.starts_with("<!--") {
                let end = self.rest.find("-->")?;
                self.rest = &self.rest[end + 3..];
            } else if let Some(after) = self.rest.strip_prefix("</") {
                let close = after.find('>')?;
                let closing = after[..close].trim();
                self.rest = &after[close + 1..];
                if depth == 0 {
                    return (closing == name).then_some(text);
                }
                depth -= 1;
            } else {
                let tag = self.start_tag()?;
                if !tag.self_closing {
                    depth += 1;
                }
            }
        }
    }
}

fn decode_entities_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let entity = &rest[1..end];
            let ch = match entity {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            ch.map(|ch| (ch, end))
        });
        match decoded {
            Some((ch, end)) => {
                out.push(ch);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_an_oss_error() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>SignatureDoesNotMatch</Code>
  <Message>The request signature we calculated does not match &amp; so on &#x41;&#66;.</Message>
  <RequestId>5C3D9175B6FC201293AD****</RequestId>
  <HostId>bucket.oss.example.com</HostId>
  <!-- a comment -->
  <StringToSign><![CDATA[GET
x-oss-date:20231216T000000Z
/bucket/key]]></StringToSign>
  <Empty/>
  <EC>0002-00000040</EC>
</Error>"#;
        let fields = parse_error_fields(xml).unwrap();
        let get = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("Code"), Some("SignatureDoesNotMatch"));
        assert_eq!(
            get("Message"),
            Some("The request signature we calculated does not match & so on AB.")
        );
        assert_eq!(
            get("StringToSign"),
            Some("GET\nx-oss-date:20231216T000000Z\n/bucket/key")
        );
        assert_eq!(get("Empty"), Some(""));
        assert_eq!(get("EC"), Some("0002-00000040"));
    }

    #[test]
    fn malformed_input_never_panics() {
        for input in [
            "",
            "<",
            "<Error",
            "<Error>",
            "<Error><Code>x",
            "<Other/>",
            "<Error/>",
            "&&&",
            "<Error><A><B></A></Error>",
            "<Error><Code>&#xFFFFFFFF;&bogus;</Code></Error>",
            "<!-- unterminated",
            "<?xml",
            "<Error><![CDATA[",
        ] {
            let _ = parse_error_fields(input);
        }
        assert_eq!(parse_error_fields("<Other/>"), None);
        assert_eq!(
            parse_error_fields("<Error><Code>A&bogus;</Code></Error>").unwrap(),
            vec![("Code".to_owned(), "A&bogus;".to_owned())]
        );
    }
}
