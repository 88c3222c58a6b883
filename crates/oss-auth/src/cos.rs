//! Tencent Cloud COS's XML-API signature (`q-sign-algorithm=sha1`): the `Authorization`
//! header and presigned URLs, signing and the checks verification needs.
//!
//! ```text
//! KeyTime      = start;end                          (unix seconds)
//! SignKey      = hex(HMAC-SHA1(SecretKey, KeyTime))
//! FormatString = lower(Method) \n Path \n Params \n Headers \n
//! StringToSign = sha1 \n SignTime \n hex(SHA1(FormatString)) \n
//! Signature    = hex(HMAC-SHA1(SignKey, StringToSign))
//! ```
//! `Path` is the decoded path as sent (`/` and the key, virtual-hosted); `Params` and
//! `Headers` are `name=value` pairs joined by `&`, names percent-encoded and lower-cased,
//! values percent-encoded, sorted; the names go, `;`-joined, in `q-url-param-list` and
//! `q-header-list`. Every query parameter is signed, and the headers the dialect lists
//! ([`Dialect::signs_header`]) plus `host`. The window `start;end` is the signing time less a
//! backdating allowance (60 s, as `cos-python-sdk-v5` does, for clocks behind the server's)
//! to the signing time plus the validity.
//!
//! With STS credentials the token travels as `x-cos-security-token`: a signed header, or a
//! signed query parameter of a presigned URL.

use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use ring::{digest, hmac};

use crate::dialect::{Dialect, QSignNames, Q_SIGN};
use crate::encoding::{decode, encode_component};
use crate::time::{from_unix_seconds, unix_seconds};
use crate::verify::{MalformedSignature, ParsedSignature};
use crate::{Credentials, PresignedQuery, SignError, SignableRequest, SignedHeaders};

/// How long a header signature is valid by default.
pub const DEFAULT_HEADER_VALIDITY: Duration = Duration::from_secs(3600);

/// How far before the signing time the window starts by default, as `cos-python-sdk-v5`.
pub const DEFAULT_BACKDATE: Duration = Duration::from_secs(60);

/// A validity window `start;end` in unix seconds (`q-sign-time`, `q-key-time`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyTime {
    /// The first second the signature is valid.
    pub start: u64,
    /// The last second the signature is valid.
    pub end: u64,
}

impl KeyTime {
    /// Parses `start;end`.
    pub fn parse(value: &str) -> Option<KeyTime> {
        let (start, end) = value.split_once(';')?;
        let number = |s: &str| {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        Some(KeyTime {
            start: number(start)?,
            end: number(end)?,
        })
    }
}

impl fmt::Display for KeyTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{};{}", self.start, self.end)
    }
}

/// The fields of a `q-sign-algorithm` signature, in a header or a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QSignature {
    /// `q-ak`.
    pub access_key_id: String,
    /// `q-sign-time`.
    pub sign_time: KeyTime,
    /// `q-key-time`.
    pub key_time: KeyTime,
    /// `q-header-list`, as sent.
    pub header_list: String,
    /// `q-url-param-list`, as sent.
    pub url_param_list: String,
    /// `q-signature` (hex).
    pub signature: String,
}

/// Signs requests with COS's `q-sign-algorithm=sha1`.
///
/// It remembers the last derived key (secret and key time), which a client signing many
/// requests in one window reuses.
pub struct CosSigner {
    dialect: &'static Dialect,
    header_validity: Duration,
    backdate: Duration,
    last_key: Mutex<Option<(String, String, String)>>,
}

impl fmt::Debug for CosSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The cached key belongs to a secret: show nothing of it.
        f.debug_struct("CosSigner")
            .field("dialect", &self.dialect.name)
            .field("header_validity", &self.header_validity)
            .field("backdate", &self.backdate)
            .finish_non_exhaustive()
    }
}

impl Clone for CosSigner {
    fn clone(&self) -> Self {
        CosSigner::with_dialect(self.dialect)
            .header_validity(self.header_validity)
            .backdate(self.backdate)
    }
}

impl Default for CosSigner {
    fn default() -> Self {
        Self::new()
    }
}

/// What one signature covers and produces.
struct Signed {
    header_list: String,
    url_param_list: String,
    format_string: String,
    string_to_sign: String,
    signature: String,
}

impl CosSigner {
    /// A signer for Tencent Cloud COS.
    pub fn new() -> Self {
        Self::with_dialect(&Dialect::COS)
    }

    /// A signer with another dialect's header names.
    pub fn with_dialect(dialect: &'static Dialect) -> Self {
        CosSigner {
            dialect,
            header_validity: DEFAULT_HEADER_VALIDITY,
            backdate: DEFAULT_BACKDATE,
            last_key: Mutex::new(None),
        }
    }

    /// How long a header signature stays valid after the signing time (an hour by default).
    pub fn header_validity(mut self, validity: Duration) -> Self {
        self.header_validity = validity;
        self
    }

    /// How far before the signing time the window starts (60 s by default).
    pub fn backdate(mut self, backdate: Duration) -> Self {
        self.backdate = backdate;
        self
    }

    /// The names it signs with.
    pub fn dialect(&self) -> &'static Dialect {
        self.dialect
    }

    /// The `q-` field names.
    pub fn names(&self) -> &'static QSignNames {
        &Q_SIGN
    }

    /// The window of a signature made at `time` and valid for `validity`.
    pub fn window(&self, time: SystemTime, validity: Duration) -> KeyTime {
        let now = unix_seconds(time);
        KeyTime {
            start: now.saturating_sub(self.backdate.as_secs()),
            end: now.saturating_add(validity.as_secs()),
        }
    }

    /// Signs for the `Authorization` header at `time`, valid for the header validity. The
    /// result carries the security token header when the credentials have one, and
    /// `Authorization`.
    pub fn sign_headers(
        &self,
        request: &SignableRequest<'_>,
        credentials: &Credentials,
        time: SystemTime,
    ) -> SignedHeaders {
        let window = self.window(time, self.header_validity);
        let token_header = self.dialect.security_token_header;
        let token = credentials.security_token();
        let mut headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .copied()
            .filter(|(n, _)| !(token.is_some() && n.eq_ignore_ascii_case(token_header)))
            .collect();
        if let Some(token) = token {
            headers.push((token_header, token));
        }
        let view = SignableRequest {
            headers: &headers,
            ..*request
        };
        let signed = self.sign_selected(&view, credentials.access_key_secret(), window);
        let authorization = authorization(credentials.access_key_id(), window, &signed);
        let mut out = Vec::with_capacity(2);
        if let Some(token) = token {
            out.push((token_header, token.to_owned()));
        }
        out.push(("Authorization", authorization));
        SignedHeaders {
            headers: out,
            string_to_sign: signed.string_to_sign,
            canonical_request: Some(signed.format_string),
        }
    }

    /// Presigns a URL valid for `expires_in` from `time`. Every parameter of the request is
    /// signed, and so are its headers that the dialect signs (the holder must send them).
    pub fn presign(
        &self,
        request: &SignableRequest<'_>,
        credentials: &Credentials,
        time: SystemTime,
        expires_in: Duration,
    ) -> Result<PresignedQuery, SignError> {
        if expires_in.as_secs() == 0 {
            return Err(SignError::ExpiryInPast);
        }
        let window = self.window(time, expires_in);
        let token_param = self.dialect.security_token_header;
        let token = credentials.security_token();
        let mut query: Vec<(&str, &str)> = request
            .query
            .iter()
            .copied()
            .filter(|(n, _)| !(is_q_field(n) || (token.is_some() && *n == token_param)))
            .collect();
        if let Some(token) = token {
            query.push((token_param, token));
        }
        let view = SignableRequest {
            query: &query,
            ..*request
        };
        let signed = self.sign_selected(&view, credentials.access_key_secret(), window);
        let q = &Q_SIGN;
        let window_text = window.to_string();
        let mut params = vec![
            (q.algorithm, q.sha1.to_owned()),
            (q.access_key, credentials.access_key_id().to_owned()),
            (q.sign_time, window_text.clone()),
            (q.key_time, window_text),
            (q.header_list, signed.header_list),
            (q.url_param_list, signed.url_param_list),
            (q.signature, signed.signature),
        ];
        if let Some(token) = token {
            params.push((token_param, token.to_owned()));
        }
        Ok(PresignedQuery {
            params,
            expiration: from_unix_seconds(window.end),
            string_to_sign: signed.string_to_sign,
            canonical_request: Some(signed.format_string),
        })
    }

    /// Signs what the rules select from `request`: every query parameter, the dialect's
    /// headers, and `host` (from the request's host, without its port, when no `Host` header
    /// is given).
    fn sign_selected(
        &self,
        request: &SignableRequest<'_>,
        secret: &str,
        window: KeyTime,
    ) -> Signed {
        let mut headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|(n, v)| (n.trim(), *v))
            .filter(|(n, _)| (self.dialect.signs_header)(n))
            .collect();
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            if let Some(host) = request.host {
                headers.push(("host", host_name(host)));
            }
        }
        let lowered = hostname_lowercase(&headers);
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| match (&lowered, n.eq_ignore_ascii_case("host")) {
                (Some(h), true) => (*n, h.as_str()),
                _ => (*n, *v),
            })
            .collect();
        self.sign_pairs(request, request.query, &headers, secret, window, window)
    }

    fn sign_pairs(
        &self,
        request: &SignableRequest<'_>,
        params: &[(&str, &str)],
        headers: &[(&str, &str)],
        secret: &str,
        sign_time: KeyTime,
        key_time: KeyTime,
    ) -> Signed {
        let (url_param_list, params_line) = encoded_pairs(params, false);
        let (header_list, headers_line) = encoded_pairs(headers, true);
        let mut format_string = String::with_capacity(256);
        format_string.push_str(&request.method.to_ascii_lowercase());
        format_string.push('\n');
        format_string.push_str(&signed_path(request));
        format_string.push('\n');
        format_string.push_str(&params_line);
        format_string.push('\n');
        format_string.push_str(&headers_line);
        format_string.push('\n');
        let string_to_sign = string_to_sign(&sign_time.to_string(), &format_string);
        let signature = self.signature(secret, key_time, &string_to_sign);
        Signed {
            header_list,
            url_param_list,
            format_string,
            string_to_sign,
            signature,
        }
    }

    fn signature(&self, secret: &str, key_time: KeyTime, string_to_sign: &str) -> String {
        let key_time = key_time.to_string();
        let sign_key = match self.last_key.lock() {
            Ok(mut last) => match last.as_ref() {
                Some((s, t, key)) if s == secret && *t == key_time => key.clone(),
                _ => {
                    let key = hmac_sha1_hex(secret.as_bytes(), &key_time);
                    *last = Some((secret.to_owned(), key_time, key.clone()));
                    key
                }
            },
            Err(_) => hmac_sha1_hex(secret.as_bytes(), &key_time),
        };
        hmac_sha1_hex(sign_key.as_bytes(), string_to_sign)
    }

    /// Parses an `Authorization` value `q-sign-algorithm=sha1&q-ak=…&…`.
    pub(crate) fn parse_authorization(
        &self,
        value: &str,
    ) -> Result<ParsedSignature, MalformedSignature> {
        let fields: Vec<(&str, &str)> = value
            .trim()
            .split('&')
            .map(|f| f.split_once('=').unwrap_or((f, "")))
            .collect();
        parse_fields(&fields).map(ParsedSignature::CosHeader)
    }

    /// Parses the `q-` parameters of a presigned URL.
    pub(crate) fn parse_presigned_query(
        &self,
        query: &[(&str, &str)],
    ) -> Result<ParsedSignature, MalformedSignature> {
        parse_fields(query).map(ParsedSignature::CosQuery)
    }

    /// Whether the URL carries any `q-` signature field.
    pub(crate) fn has_query_signature(&self, query: &[(&str, &str)]) -> bool {
        let q = &Q_SIGN;
        query
            .iter()
            .any(|(n, _)| *n == q.algorithm || *n == q.access_key || *n == q.signature)
    }

    /// Recomputes a received signature over the headers and parameters it lists. Returns
    /// whether it matches, the string to sign and the format string.
    ///
    /// `host` is taken from the `Host` header (or the request's host); when that does not
    /// match and it carries a port, it is tried without, as `cos-python-sdk-v5` signs the host
    /// name only.
    pub(crate) fn check(
        &self,
        request: &SignableRequest<'_>,
        received: &QSignature,
        secret: &str,
    ) -> (bool, String, String) {
        let wanted = |list: &str, name: &str| {
            list.split(';')
                .any(|l| !l.is_empty() && encode_lower(name) == l)
        };
        let params: Vec<(&str, &str)> = request
            .query
            .iter()
            .copied()
            .filter(|(n, _)| wanted(&received.url_param_list, n))
            .collect();
        let mut headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|(n, v)| (n.trim(), *v))
            .filter(|(n, _)| wanted(&received.header_list, n))
            .collect();
        let host_listed = wanted(&received.header_list, "host");
        // The host that was sent: the `Host` header, else the request's host.
        let sent_host: Option<String> =
            match headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("host")) {
                Some((_, v)) => Some((*v).to_owned()),
                None => request.host.map(str::to_owned),
            };
        if host_listed && !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            if let Some(host) = &sent_host {
                headers.push(("host", host));
            }
        }
        let attempt = |headers: &[(&str, &str)]| {
            let signed = self.sign_pairs(
                request,
                &params,
                headers,
                secret,
                received.sign_time,
                received.key_time,
            );
            let ok = constant_time_eq(&signed.signature, &received.signature);
            (ok, signed.string_to_sign, signed.format_string)
        };
        let first = attempt(&headers);
        if first.0 || !host_listed {
            return first;
        }
        let Some(host) = sent_host.as_deref() else {
            return first;
        };
        let bare = host_name(host.trim()).to_ascii_lowercase();
        if bare == host {
            return first;
        }
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| {
                if n.eq_ignore_ascii_case("host") {
                    (*n, bare.as_str())
                } else {
                    (*n, *v)
                }
            })
            .collect();
        let second = attempt(&headers);
        if second.0 {
            second
        } else {
            first
        }
    }
}

fn is_q_field(name: &str) -> bool {
    let q = &Q_SIGN;
    [
        q.algorithm,
        q.access_key,
        q.sign_time,
        q.key_time,
        q.header_list,
        q.url_param_list,
        q.signature,
    ]
    .contains(&name)
}

fn authorization(access_key_id: &str, window: KeyTime, signed: &Signed) -> String {
    let q = &Q_SIGN;
    format!(
        "{}={}&{}={access_key_id}&{}={window}&{}={window}&{}={}&{}={}&{}={}",
        q.algorithm,
        q.sha1,
        q.access_key,
        q.sign_time,
        q.key_time,
        q.header_list,
        signed.header_list,
        q.url_param_list,
        signed.url_param_list,
        q.signature,
        signed.signature,
    )
}

fn parse_fields(fields: &[(&str, &str)]) -> Result<QSignature, MalformedSignature> {
    let q = &Q_SIGN;
    let get = |name: &'static str| {
        fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .ok_or_else(|| MalformedSignature::new(format!("signature without {name}")))
    };
    if get(q.algorithm)? != q.sha1 {
        return Err(MalformedSignature::unsupported(q.algorithm));
    }
    let window = |name: &'static str| {
        KeyTime::parse(get(name)?)
            .filter(|w| w.start <= w.end)
            .ok_or_else(|| MalformedSignature::new(format!("{name} must be `start;end`")))
    };
    let access_key_id = get(q.access_key)?;
    let signature = get(q.signature)?;
    if access_key_id.is_empty() || signature.is_empty() {
        return Err(MalformedSignature::new("empty access key id or signature"));
    }
    Ok(QSignature {
        access_key_id: access_key_id.to_owned(),
        sign_time: window(q.sign_time)?,
        key_time: window(q.key_time)?,
        header_list: get(q.header_list)?.to_owned(),
        url_param_list: get(q.url_param_list)?.to_owned(),
        signature: signature.to_owned(),
    })
}

/// The path COS signs: the decoded wire path, else `/` and the key.
fn signed_path(request: &SignableRequest<'_>) -> String {
    match (request.path, request.key) {
        (Some(path), _) if !path.is_empty() => decode(path, false).into_owned(),
        (_, Some(key)) if key.starts_with('/') => key.to_owned(),
        (_, Some(key)) => format!("/{key}"),
        _ => "/".to_owned(),
    }
}

/// The host without its port (and an IPv6 address without its brackets), as a URL parser's
/// host name.
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    host.split(':').next().unwrap_or(host)
}

/// A URL's host name is lower case: the `host` taken from the request view is lowered.
fn hostname_lowercase(headers: &[(&str, &str)]) -> Option<String> {
    headers
        .iter()
        .find(|(n, _)| *n == "host")
        .filter(|(_, v)| v.bytes().any(|b| b.is_ascii_uppercase()))
        .map(|(_, v)| v.to_ascii_lowercase())
}

fn encode_lower(name: &str) -> String {
    encode_component(name).to_ascii_lowercase()
}

/// The `;`-joined encoded names and the `&`-joined `name=value` line, sorted; header values
/// are trimmed and a repeated header's values joined by `,`.
fn encoded_pairs(pairs: &[(&str, &str)], headers: bool) -> (String, String) {
    let mut encoded: Vec<(String, String)> = Vec::with_capacity(pairs.len());
    for (name, value) in pairs {
        let name = encode_lower(name);
        let value = if headers { value.trim() } else { value };
        let value = encode_component(value);
        match encoded.iter_mut().find(|(n, _)| headers && *n == name) {
            Some((_, joined)) => {
                joined.push_str("%2C");
                joined.push_str(&value);
            }
            None => encoded.push((name, value.into_owned())),
        }
    }
    encoded.sort_unstable();
    let mut list = String::new();
    let mut line = String::new();
    for (i, (name, value)) in encoded.iter().enumerate() {
        if i > 0 {
            line.push('&');
        }
        line.push_str(name);
        line.push('=');
        line.push_str(value);
        if !list.split(';').any(|n| n == name) {
            if !list.is_empty() {
                list.push(';');
            }
            list.push_str(name);
        }
    }
    (list, line)
}

/// `sha1 \n SignTime \n hex(SHA1(FormatString)) \n`.
pub fn string_to_sign(sign_time: &str, format_string: &str) -> String {
    let hash = digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, format_string.as_bytes());
    format!("{}\n{sign_time}\n{}\n", Q_SIGN.sha1, hex(hash.as_ref()))
}

fn hmac_sha1_hex(key: &[u8], data: &str) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, key);
    hex(hmac::sign(&key, data.as_bytes()).as_ref())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0xf) as usize] as char);
    }
    out
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_time_parses_only_two_numbers() {
        assert_eq!(
            KeyTime::parse("1557989151;1557996351"),
            Some(KeyTime {
                start: 1_557_989_151,
                end: 1_557_996_351
            })
        );
        for bad in ["", "1;", ";1", "1;2;3", "a;1", "1 ;2", "-1;2"] {
            assert_eq!(KeyTime::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn host_names_lose_their_port() {
        assert_eq!(
            host_name("b-1250000000.cos.ap-guangzhou.myqcloud.com"),
            "b-1250000000.cos.ap-guangzhou.myqcloud.com"
        );
        assert_eq!(host_name("127.0.0.1:9000"), "127.0.0.1");
        assert_eq!(host_name("[::1]:9000"), "::1");
    }

    #[test]
    fn format_string_encodes_lowers_and_sorts() {
        // The shape of COS's request-signature document: lower-case method, the decoded path,
        // then parameters and headers with encoded lower-case names and encoded values.
        let headers = [
            (
                "Host",
                "examplebucket-1250000000.cos.ap-beijing.myqcloud.com",
            ),
            ("Content-Type", "text/plain"),
            ("Content-MD5", "mQ/fVh815F3k6TAUm8m0eg=="),
            ("x-cos-grant-read", "uin=\"100000000011\""),
            ("User-Agent", "not signed"),
        ];
        let query = [("versionId", "a b"), ("ACL", "")];
        let request = SignableRequest::new("PUT")
            .path("/exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91)")
            .query(&query)
            .headers(&headers);
        let window = KeyTime {
            start: 1_557_989_151,
            end: 1_557_996_351,
        };
        let signed = CosSigner::new().sign_selected(&request, "sk", window);
        assert_eq!(
            signed.format_string,
            "put\n/exampleobject(\u{817e}\u{8baf}\u{4e91})\nacl=&versionid=a%20b\n\
             content-md5=mQ%2FfVh815F3k6TAUm8m0eg%3D%3D&content-type=text%2Fplain&\
             host=examplebucket-1250000000.cos.ap-beijing.myqcloud.com&\
             x-cos-grant-read=uin%3D%22100000000011%22\n"
        );
        assert_eq!(signed.url_param_list, "acl;versionid");
        assert_eq!(
            signed.header_list,
            "content-md5;content-type;host;x-cos-grant-read"
        );
        assert!(signed
            .string_to_sign
            .starts_with("sha1\n1557989151;1557996351\n"));
        assert_eq!(signed.signature.len(), 40);
    }
}
