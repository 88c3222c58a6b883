//! Upload callbacks (PutObject, PostObject, CompleteMultipartUpload): after the object is
//! stored, the server POSTs a body built from the request's `callbackBody` template to the
//! application's `callbackUrl` (up to five, tried in order) and relays the application's JSON
//! reply as the upload's answer; when no URL answers 200 with JSON, the answer is 203
//! `CallbackFailed` and the object stays stored, as on OSS.
//!
//! The parameters are checked before anything is stored: base64 JSON, at most 5 KB, a
//! non-empty body, a known body type, well-formed `${var}`s, `x:` variables in lower case,
//! valid ports; else 400 `InvalidArgument`.
//!
//! Differences from OSS, on purpose:
//! - Only loopback targets (`127.0.0.0/8`, `::1`, `localhost`) are called; others are refused
//!   with 501 before the upload, and so is `https`: a local test server must not become a
//!   way to make requests to other hosts, and it speaks no TLS.
//! - `imageInfo.height`, `imageInfo.width` and `imageInfo.format` are always empty (the
//!   server does not decode images; OSS leaves them empty for other files too).
//! - Callbacks are not signed (OSS signs them with RSA and a public-key URL on its own
//!   domain, which no local key could match), and the query-parameter transport
//!   (`?callback=`) is refused like any other unread sub-resource.
//! - A variable of the body other than the documented system variables and `x:` ones is
//!   `InvalidArgument` rather than an empty string, so that a typo shows.

use std::net::IpAddr;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use oss_auth::encoding::encode_component;
use oss_model::code::ErrorCode;
use oss_model::dialect::Header;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::error::{OssError, OssResult};
use crate::request::RequestInfo;
use crate::response::{Reply, Resp};

/// The most a `callback` or `callback-var` parameter may take.
const MAX_PARAM: usize = 5 << 10;
/// The most callback URLs.
const MAX_URLS: usize = 5;
/// How long one URL may take to answer.
const TIMEOUT: Duration = Duration::from_secs(5);
/// The most of an application's reply that is read (the reference's limit is 1 MB).
const MAX_REPLY: usize = 1 << 20;
const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// A checked callback, ready to run once the object is stored.
#[derive(Debug, Clone)]
pub(crate) struct Callback {
    targets: Vec<Target>,
    host: Option<String>,
    body: Vec<Piece>,
    json: bool,
    vars: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
struct Target {
    host: String,
    port: u16,
    path: String,
}

#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Var(String),
}

/// What the stored object offers the body's variables.
pub(crate) struct Stored<'a> {
    pub bucket: &'a str,
    pub key: &'a str,
    /// Unquoted.
    pub etag: &'a str,
    pub size: u64,
    pub mime_type: &'a str,
}

const SYSTEM_VARS: &[&str] = &[
    "bucket",
    "object",
    "etag",
    "size",
    "mimeType",
    "imageInfo.height",
    "imageInfo.width",
    "imageInfo.format",
];

fn invalid(message: impl Into<String>, name: &str, value: &str) -> OssError {
    OssError::invalid_argument(message, name, value)
}

/// The callback of a PutObject or CompleteMultipartUpload, from its headers.
pub(crate) fn from_headers(req: &RequestInfo) -> OssResult<Option<Callback>> {
    let dialect = crate::dialect::WIRE;
    let callback_name = dialect.header(Header::Callback);
    let var_name = dialect.header(Header::CallbackVar);
    let vars = match req.header(var_name) {
        Some(value) => parse_vars(var_name, value)?,
        None => Vec::new(),
    };
    match req.header(callback_name) {
        Some(value) => parse(callback_name, value, vars).map(Some),
        None if req.header(var_name).is_some() => Err(invalid(
            format!("{var_name} needs {callback_name}."),
            var_name,
            "",
        )),
        None => Ok(None),
    }
}

/// The callback of a PostObject, from its `callback` field and its `x:` fields.
pub(crate) fn from_form<'a>(
    callback: Option<&str>,
    fields: impl Iterator<Item = (&'a str, &'a str)>,
) -> OssResult<Option<Callback>> {
    let Some(callback) = callback else {
        return Ok(None);
    };
    let vars = fields
        .filter(|(name, _)| name.starts_with("x:"))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    parse("callback", callback, vars).map(Some)
}

fn decode_json(name: &str, value: &str) -> OssResult<Value> {
    if value.len() > MAX_PARAM {
        return Err(invalid(format!("{name} exceeds 5 KB."), name, ""));
    }
    let bytes = BASE64
        .decode(value.trim())
        .map_err(|_| invalid(format!("{name} is not base64."), name, value))?;
    serde_json::from_slice(&bytes)
        .map_err(|_| invalid(format!("{name} is not JSON once decoded."), name, value))
}

fn parse_vars(name: &str, value: &str) -> OssResult<Vec<(String, String)>> {
    let Value::Object(map) = decode_json(name, value)? else {
        return Err(invalid(
            format!("{name} must be a JSON object."),
            name,
            value,
        ));
    };
    map.into_iter()
        .map(|(key, v)| {
            let text = v.as_str().ok_or_else(|| {
                invalid(format!("The values of {name} must be strings."), name, &key)
            })?;
            if !key.starts_with("x:") || key.chars().any(|c| c.is_ascii_uppercase()) {
                return Err(invalid(
                    format!("The keys of {name} must start with x: and be lower case."),
                    name,
                    &key,
                ));
            }
            Ok((key, text.to_owned()))
        })
        .collect()
}

fn parse(name: &str, value: &str, vars: Vec<(String, String)>) -> OssResult<Callback> {
    let Value::Object(map) = decode_json(name, value)? else {
        return Err(invalid(
            format!("{name} must be a JSON object."),
            name,
            value,
        ));
    };
    let text = |field: &str| map.get(field).and_then(Value::as_str);
    let urls = text("callbackUrl").unwrap_or_default().trim();
    if urls.is_empty() {
        return Err(invalid("The callbackUrl is empty.", name, ""));
    }
    let urls: Vec<&str> = urls
        .split(';')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .collect();
    if urls.len() > MAX_URLS {
        return Err(invalid("At most 5 callback URLs.", name, ""));
    }
    let targets = urls
        .into_iter()
        .map(target)
        .collect::<OssResult<Vec<_>>>()?;
    let template = text("callbackBody").unwrap_or_default();
    if template.is_empty() {
        return Err(invalid("The callbackBody is empty.", name, ""));
    }
    let json = match text("callbackBodyType") {
        None | Some(FORM) => false,
        Some(JSON) => true,
        Some(other) => {
            return Err(invalid(
                format!("The callbackBodyType must be {FORM} or {JSON}."),
                "callbackBodyType",
                other,
            ))
        }
    };
    Ok(Callback {
        targets,
        host: text("callbackHost").map(str::to_owned),
        body: pieces(template)?,
        json,
        vars,
    })
}

/// `[http://]host[:port][/path]`, loopback only.
fn target(url: &str) -> OssResult<Target> {
    let bad = |why: &str| invalid(format!("The callbackUrl {why}."), "callbackUrl", url);
    if url.starts_with("https://") {
        return Err(OssError::not_implemented("Callbacks over HTTPS"));
    }
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (authority, path) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(':') || host.starts_with('[') => (
            host,
            port.parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| bad("has an invalid port"))?,
        ),
        _ => (authority, 80),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() {
        return Err(bad("has no host"));
    }
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        return Err(OssError::not_implemented(
            "Callbacks to hosts other than loopback (this local server calls only 127.0.0.1, ::1 \
             and localhost)",
        ));
    }
    let path = match path {
        "" => "/".to_owned(),
        p if p.starts_with('?') => format!("/{p}"),
        p => p.to_owned(),
    };
    Ok(Target {
        host: host.to_owned(),
        port,
        path,
    })
}

/// The template's literal text and `${var}`s.
fn pieces(template: &str) -> OssResult<Vec<Piece>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push(Piece::Text(rest[..start].to_owned()));
        let end = rest[start..].find('}').ok_or_else(|| {
            invalid(
                "A ${ in the callbackBody is not closed.",
                "callbackBody",
                template,
            )
        })?;
        let name = &rest[start + 2..start + end];
        if !name.starts_with("x:") && !SYSTEM_VARS.contains(&name) {
            return Err(invalid(
                format!("Unknown variable ${{{name}}} in the callbackBody."),
                "callbackBody",
                template,
            ));
        }
        out.push(Piece::Var(name.to_owned()));
        rest = &rest[start + end + 1..];
    }
    out.push(Piece::Text(rest.to_owned()));
    Ok(out)
}

/// The answer to an upload: the application's reply when it has a callback, else `plain`
/// applied to `reply`.
pub(crate) async fn respond(
    callback: Option<Callback>,
    stored: Stored<'_>,
    reply: Reply,
    plain: impl FnOnce(Reply) -> Reply,
) -> OssResult<Resp> {
    match callback {
        Some(callback) => callback.answer(&stored, reply).await,
        None => Ok(plain(reply).build()),
    }
}

impl Callback {
    fn body(&self, stored: &Stored<'_>) -> String {
        let size = stored.size.to_string();
        let mut out = String::new();
        for piece in &self.body {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Var(name) => {
                    let value = match name.as_str() {
                        "bucket" => stored.bucket,
                        "object" => stored.key,
                        "etag" => stored.etag,
                        "size" => &size,
                        "mimeType" => stored.mime_type,
                        custom => self
                            .vars
                            .iter()
                            .find(|(n, _)| n == custom)
                            .map_or("", |(_, v)| v.as_str()),
                    };
                    match (self.json, name.as_str()) {
                        (true, "size") => out.push_str(value),
                        (true, _) => out.push_str(&Value::from(value).to_string()),
                        (false, _) => out.push_str(&encode_component(value)),
                    }
                }
            }
        }
        out
    }

    /// Calls the application about `stored` and answers with its reply (`reply`'s status
    /// becomes 200, its headers stay); 203 `CallbackFailed` (with `etag`) if no URL answers
    /// 200 with JSON.
    pub(crate) async fn answer(&self, stored: &Stored<'_>, reply: Reply) -> OssResult<Resp> {
        let body = self.body(stored);
        let mut why = String::new();
        for target in &self.targets {
            match tokio::time::timeout(TIMEOUT, self.call(target, &body)).await {
                Ok(Ok((content_type, reply_body))) => {
                    return Ok(reply
                        .status(200)
                        .set("content-type", content_type)
                        .set("content-length", reply_body.len().to_string())
                        .body(crate::body::ResponseBody::full(reply_body))
                        .build());
                }
                Ok(Err(e)) => why = e,
                Err(_) => why = format!("no answer within {} s", TIMEOUT.as_secs()),
            }
        }
        Err(OssError::of(
            ErrorCode::CallbackFailed,
            format!("Error status : 203. The callback failed: {why}."),
        )
        .header("etag", format!("\"{}\"", stored.etag)))
    }

    /// One POST to `target`: the reply's Content-Type and body, if it is 200 with JSON.
    async fn call(&self, target: &Target, body: &str) -> Result<(String, Vec<u8>), String> {
        let host = match &self.host {
            Some(host) => host.clone(),
            None if target.port == 80 => target.host.clone(),
            None => format!("{}:{}", target.host, target.port),
        };
        let address = if target.host.contains(':') {
            format!("[{}]:{}", target.host, target.port)
        } else {
            format!("{}:{}", target.host, target.port)
        };
        let mut stream = tokio::net::TcpStream::connect(&address)
            .await
            .map_err(|e| format!("cannot connect to {address}: {e}"))?;
        let request = format!(
            "POST {} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Type: {}\r\n\
             Content-Length: {}\r\nUser-Agent: {}\r\n\r\n{body}",
            target.path,
            if self.json { JSON } else { FORM },
            body.len(),
            crate::dialect::SERVER_NAME,
        );
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|e| format!("cannot send to {address}: {e}"))?;
        let mut response = Vec::new();
        (&mut stream)
            .take(MAX_REPLY as u64 + 64 * 1024)
            .read_to_end(&mut response)
            .await
            .map_err(|e| format!("cannot read the reply of {address}: {e}"))?;
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| format!("{address} sent no HTTP reply"))?;
        let head = String::from_utf8_lossy(&response[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|line| line.split_whitespace().nth(1))
            .unwrap_or_default();
        let header = |name: &str| {
            head.split("\r\n").skip(1).find_map(|line| {
                let (n, v) = line.split_once(':')?;
                n.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_owned())
            })
        };
        let mut reply = response[split + 4..].to_vec();
        if let Some(length) = header("content-length").and_then(|n| n.parse::<usize>().ok()) {
            reply.truncate(length);
        }
        if status != "200" {
            return Err(format!("{address} answered {status}"));
        }
        if serde_json::from_slice::<Value>(&reply).is_err() {
            return Err(format!("the reply of {address} is not JSON"));
        }
        Ok((
            header("content-type").unwrap_or_else(|| JSON.to_owned()),
            reply,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(json: &str) -> String {
        BASE64.encode(json)
    }

    #[test]
    fn parameters_are_checked_before_anything_happens() {
        let ok = encoded(
            r#"{"callbackUrl":"127.0.0.1:8080/cb;localhost/x","callbackBody":"a=${bucket}&b=${x:v}"}"#,
        );
        let callback = parse("callback", &ok, vec![("x:v".into(), "1 2".into())]).unwrap();
        assert_eq!(callback.targets.len(), 2);
        let stored = Stored {
            bucket: "b",
            key: "k",
            etag: "E",
            size: 3,
            mime_type: "text/plain",
        };
        assert_eq!(callback.body(&stored), "a=b&b=1%202");
        for (bad, code) in [
            ("not base64!", "InvalidArgument"),
            (&encoded("[1]")[..], "InvalidArgument"),
            (
                &encoded(r#"{"callbackUrl":"","callbackBody":"x"}"#)[..],
                "InvalidArgument",
            ),
            (
                &encoded(r#"{"callbackUrl":"127.0.0.1:test","callbackBody":"x"}"#)[..],
                "InvalidArgument",
            ),
            (
                &encoded(r#"{"callbackUrl":"127.0.0.1","callbackBody":""}"#)[..],
                "InvalidArgument",
            ),
            (
                &encoded(r#"{"callbackUrl":"127.0.0.1","callbackBody":"${bucket"}"#)[..],
                "InvalidArgument",
            ),
            (
                &encoded(
                    r#"{"callbackUrl":"127.0.0.1","callbackBody":"x","callbackBodyType":"text/xml"}"#,
                )[..],
                "InvalidArgument",
            ),
            (
                &encoded(r#"{"callbackUrl":"a;b;c;d;e;f","callbackBody":"x"}"#)[..],
                "InvalidArgument",
            ),
            (
                &encoded(r#"{"callbackUrl":"10.0.0.1:80/x","callbackBody":"x"}"#)[..],
                "NotImplemented",
            ),
        ] {
            let error = parse("callback", bad, Vec::new()).unwrap_err();
            assert_eq!(error.body.code, code, "{bad}");
        }
        let error = parse_vars("v", &encoded(r#"{"X:Up":"1"}"#)).unwrap_err();
        assert_eq!(error.body.code, "InvalidArgument");
    }
}
