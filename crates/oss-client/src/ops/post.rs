//! PostObject: uploads from a browser through an HTML form that the application signed.
//!
//! The application (which holds the credentials) describes what an upload may be in a
//! [`PostPolicy`] (an expiry, the key or its prefix, a size range, a content-type prefix, any
//! exact or prefix condition on a form field) and signs it with [`Bucket::post_form`]: the
//! [`PostForm`] is the URL to post to and the fields to put in the form, in order, before the
//! `file` field the browser adds. [`Bucket::post_object`] posts such a form itself, streaming
//! the file, so that a program (or a test) can exercise exactly what a browser would send.
//!
//! ```no_run
//! use std::time::Duration;
//! use oss_client::ops::post::{PostFile, PostPolicy};
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! let policy = PostPolicy::new(Duration::from_secs(600))
//!     .key_starts_with("uploads/")
//!     .content_length_range(1, 10 << 20)
//!     .content_type_starts_with("image/")
//!     .success_action_status(201);
//! let form = bucket.post_form(&policy).await?;
//! println!("<form action=\"{}\" method=\"post\" enctype=\"multipart/form-data\">", form.url);
//! for (name, value) in &form.fields {
//!     println!("  <input type=\"hidden\" name=\"{name}\" value=\"{value}\">");
//! }
//! println!("  <input type=\"file\" name=\"file\"></form>");
//!
//! // The same form, posted by this program.
//! let form = form.with_field("key", "uploads/cat.png").with_field("Content-Type", "image/png");
//! let posted = bucket.post_object(&form, "cat.png", PostFile::from_file("cat.png").await?).await?;
//! println!("stored with ETag {:?}", posted.etag);
//! # Ok(())
//! # }
//! ```

use std::io;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use http::Method;
use oss_auth::post_policy::{self, Condition};
use oss_auth::SigningParams;
use oss_model::headers::{HASH_CRC64ECMA, VERSION_ID};
use oss_model::{ETag, PostResponse, XmlBody};
use tokio::io::{AsyncRead, ReadBuf};

use crate::body::Body;
use crate::bucket::Bucket;
use crate::call::Head;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::validation::{ValidationError, ValidationKind};

const OPERATION: &str = "PostObject";

/// The form field with the object key.
const KEY: &str = "key";
/// The form field with the file; always last.
const FILE: &str = "file";
/// In a key, replaced by the name of the file the browser sends.
pub const FILENAME_VARIABLE: &str = "${filename}";
/// The form field asking for 200, 201 (with a `PostResponse`) or 204.
const SUCCESS_STATUS: &str = "success_action_status";
/// The form field with the URL to redirect the browser to.
const SUCCESS_REDIRECT: &str = "success_action_redirect";
/// The content type field.
const CONTENT_TYPE: &str = "Content-Type";

/// What an upload through a form may be: the policy's conditions, and the fields the form
/// carries so that they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostPolicy {
    expires_in: Duration,
    conditions: Vec<Condition>,
    fields: Vec<(String, String)>,
}

impl PostPolicy {
    /// A policy valid for `expires_in` from when it is signed, with no conditions (beyond
    /// the bucket, which signing adds).
    pub fn new(expires_in: Duration) -> Self {
        PostPolicy {
            expires_in,
            conditions: Vec::new(),
            fields: Vec::new(),
        }
    }

    fn set_field(mut self, name: &str, value: String) -> Self {
        self.fields.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.fields.push((name.to_owned(), value));
        self
    }

    /// Exactly this key (the form's `key` field).
    pub fn key(self, key: impl Into<String>) -> Self {
        let key = key.into();
        self.eq(KEY, key)
    }

    /// Any key starting with `prefix`; the form's `key` field is `prefix${filename}`, which
    /// the page may change within the prefix.
    pub fn key_starts_with(self, prefix: impl Into<String>) -> Self {
        let prefix = prefix.into();
        let field = format!("{prefix}{FILENAME_VARIABLE}");
        self.starts_with(KEY, prefix).set_field(KEY, field)
    }

    /// The file's size in bytes must be within `min..=max`.
    pub fn content_length_range(mut self, min: u64, max: u64) -> Self {
        self.conditions
            .push(Condition::ContentLengthRange(min, max));
        self
    }

    /// The object's `Content-Type` (a form field) must be exactly this; the form carries it.
    pub fn content_type(self, content_type: impl Into<String>) -> Self {
        self.eq(CONTENT_TYPE, content_type)
    }

    /// The object's `Content-Type` field must start with `prefix` (the page sets it).
    pub fn content_type_starts_with(self, prefix: impl Into<String>) -> Self {
        self.starts_with(CONTENT_TYPE, prefix)
    }

    /// The answer to a successful upload: 200, 201 (with a `PostResponse`) or 204.
    pub fn success_action_status(self, status: u16) -> Self {
        self.eq(SUCCESS_STATUS, status.to_string())
    }

    /// Redirects the browser to `url` after a successful upload (303, with the bucket, key
    /// and ETag in the query).
    pub fn success_action_redirect(self, url: impl Into<String>) -> Self {
        self.eq(SUCCESS_REDIRECT, url)
    }

    /// User metadata `name` with exactly this value; the form carries it.
    pub fn meta(self, name: &str, value: impl Into<String>) -> Self {
        let field = format!(
            "{}{}",
            oss_model::headers::META_PREFIX,
            name.to_ascii_lowercase()
        );
        self.eq(&field, value)
    }

    /// The form field `name` must equal `value`; the form carries it.
    pub fn eq(mut self, name: &str, value: impl Into<String>) -> Self {
        let value = value.into();
        self.conditions
            .push(Condition::Equals(name.to_owned(), value.clone()));
        self.set_field(name, value)
    }

    /// The form field `name` must start with `prefix` (the page sets it; an empty prefix
    /// allows any value).
    pub fn starts_with(mut self, name: &str, prefix: impl Into<String>) -> Self {
        self.conditions
            .push(Condition::StartsWith(name.to_owned(), prefix.into()));
        self
    }

    /// A form field the policy does not constrain (OSS accepts fields the policy does not
    /// name).
    pub fn field(self, name: &str, value: impl Into<String>) -> Self {
        self.set_field(name, value.into())
    }

    /// The policy's conditions so far.
    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }
}

/// A signed form: where to post, and the fields to send before the file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PostForm {
    /// The bucket's URL (the form's `action`).
    pub url: String,
    /// The fields, in order: the key, the policy's own fields, then the policy and its
    /// signature fields. The browser adds `file` last.
    pub fields: Vec<(String, String)>,
    /// When the policy expires.
    pub expiration: SystemTime,
    /// The signed policy, as JSON.
    pub policy: String,
}

impl PostForm {
    /// The value of a field (any case).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The form with `name` set to `value` (replacing its value, or added before the
    /// policy): what a page does with the fields the policy leaves to it.
    pub fn with_field(mut self, name: &str, value: impl Into<String>) -> Self {
        let value = value.into();
        match self
            .fields
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some((_, v)) => *v = value,
            None => self.fields.insert(0, (name.to_owned(), value)),
        }
        self
    }
}

/// The file of a form upload: bytes (sent again if the upload is retried), or a reader of a
/// known length (streamed once, never held in memory).
pub struct PostFile {
    source: FileSource,
    content_type: String,
}

enum FileSource {
    Bytes(Bytes),
    Reader {
        reader: Box<dyn AsyncRead + Send + Sync + Unpin>,
        length: u64,
    },
}

impl std::fmt::Debug for PostFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.source {
            FileSource::Bytes(b) => write!(f, "PostFile::Bytes({} bytes)", b.len()),
            FileSource::Reader { length, .. } => write!(f, "PostFile::Reader({length} bytes)"),
        }
    }
}

impl PostFile {
    /// Bytes in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        PostFile {
            source: FileSource::Bytes(bytes.into()),
            content_type: "application/octet-stream".to_owned(),
        }
    }

    /// `length` bytes from `reader`, streamed; an upload that reads fewer fails.
    pub fn from_reader(
        reader: impl AsyncRead + Send + Sync + Unpin + 'static,
        length: u64,
    ) -> Self {
        PostFile {
            source: FileSource::Reader {
                reader: Box::new(reader),
                length,
            },
            content_type: "application/octet-stream".to_owned(),
        }
    }

    /// A local file, streamed.
    pub async fn from_file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let fail = |e| Error::io(format!("cannot read {}", path.display()), e);
        let file = tokio::fs::File::open(path).await.map_err(fail)?;
        let length = file.metadata().await.map_err(fail)?.len();
        Ok(Self::from_reader(file, length))
    }

    /// The file part's own `Content-Type` (what a browser sets from the file; the object's
    /// type unless the form has a `Content-Type` field).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }
}

/// What a form upload reports.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct PostObjectResult {
    /// The new object's ETag (absent after a redirect, whose answer has none to read).
    pub etag: Option<ETag>,
    /// Its CRC-64, as the service reports it.
    pub crc64: Option<u64>,
    /// Its version id (versioned buckets).
    pub version_id: Option<String>,
    /// The `PostResponse` of a form asking for 201.
    pub response: Option<PostResponse>,
    /// Where a form with `success_action_redirect` sends the browser (303).
    pub redirected: bool,
}

impl Bucket {
    /// Signs `policy` for a browser form posting to this bucket, with the client's
    /// credentials (and security token) and signature version (V4 by default, needing the
    /// client's region; V1 if the client signs with V1). The policy also requires this
    /// bucket.
    pub async fn post_form(&self, policy: &PostPolicy) -> Result<PostForm> {
        let fail =
            |kind, message: &str| Error::validation(OPERATION, ValidationError::new(kind, message));
        let call = self.call(OPERATION, Method::POST)?;
        let client = self.client();
        let config = client.config();
        let version = config.signature_version();
        let scheme = crate::presign::signing_scheme(client, OPERATION, version)?;
        if policy.expires_in < Duration::from_secs(1) {
            return Err(fail(
                ValidationKind::Expiry,
                "a form policy must be valid for at least one second",
            ));
        }
        let credentials = crate::presign::signing_credentials(client, OPERATION).await?;
        let time = client.http().signing_time();
        let expiration = time + policy.expires_in;
        let mut signed = post_policy::PostPolicy::new(expiration).bucket(self.name());
        for condition in &policy.conditions {
            signed = signed.condition(condition.clone());
        }
        let mut params = SigningParams::new(time).product(config.provider().v4_product);
        if let Some(region) = config.region() {
            params = params.region(region);
        }
        let signature = scheme
            .sign_post_policy(&signed, &credentials, &params)
            .ok_or_else(|| {
                fail(
                    ValidationKind::Argument,
                    &format!("{version:?} signatures have no form signature"),
                )
            })?
            .map_err(|e| fail(ValidationKind::Argument, &e.to_string()))?;
        let url = client
            .http()
            .url(call.bucket.as_deref(), None, &[])?
            .to_string();
        let mut fields = policy.fields.clone();
        fields.extend(
            signature
                .fields
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value)),
        );
        Ok(PostForm {
            url,
            fields,
            expiration,
            policy: signature.policy_json,
        })
    }

    /// Posts `form` (signed by [`post_form`](Self::post_form), here or elsewhere) with
    /// `file` as a browser would: a `multipart/form-data` body of the form's fields and the
    /// file named `filename`, streamed, without the client's own signature. The form's key
    /// must be set (`${filename}` is expanded by the service).
    pub async fn post_object(
        &self,
        form: &PostForm,
        filename: &str,
        file: PostFile,
    ) -> Result<Output<PostObjectResult>> {
        if form.field(KEY).is_none() {
            return Err(Error::validation(
                OPERATION,
                ValidationError::new(ValidationKind::Argument, "the form has no key field"),
            ));
        }
        let redirect = form.field(SUCCESS_REDIRECT).is_some();
        let boundary = boundary();
        let (head, tail) = frame(form, filename, &file.content_type, &boundary);
        let body = match file.source {
            FileSource::Bytes(data) => {
                let mut whole = BytesMut::with_capacity(head.len() + data.len() + tail.len());
                whole.extend_from_slice(&head);
                whole.extend_from_slice(&data);
                whole.extend_from_slice(&tail);
                Body::from_bytes(whole.freeze())
            }
            FileSource::Reader { reader, length } => {
                let total = head.len() as u64 + length + tail.len() as u64;
                let stream = FormStream {
                    head: Some(head),
                    reader,
                    left: length,
                    tail: Some(tail),
                };
                Body::from_stream(stream, total)
            }
        };
        let call = self
            .call(OPERATION, Method::POST)?
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .unsigned();
        let response = match call.send(self.client()).await {
            Ok(response) => response,
            // A redirect is the service's success answer to such a form.
            Err(e) if redirect && e.status().is_some_and(|s| s.as_u16() == 303) => {
                return Ok(Output::new(
                    PostObjectResult {
                        redirected: true,
                        ..Default::default()
                    },
                    http::StatusCode::SEE_OTHER,
                    http::HeaderMap::new(),
                    e.request_id().map(str::to_owned),
                ));
            }
            Err(e) => return Err(e),
        };
        let head = Head::of(&response);
        let crc64 = head.number(OPERATION, HASH_CRC64ECMA)?;
        let mut value = PostObjectResult {
            etag: head.header("etag").map(ETag::new),
            crc64,
            version_id: head.header(VERSION_ID).map(str::to_owned),
            response: None,
            redirected: false,
        };
        let body = response.bytes().await?;
        if head.status.as_u16() == 201 {
            value.response = Some(PostResponse::from_xml(&body).map_err(|e| {
                Error::invalid_response(OPERATION, e.to_string(), head.request_id.as_deref())
            })?);
        }
        Ok(head.output(value))
    }
}

/// A boundary no file is likely to contain: 128 random bits (the standard library's
/// randomly seeded hasher keys; no dependency for so little).
fn boundary() -> String {
    use std::hash::{BuildHasher, Hasher};
    let random = || {
        std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish()
    };
    format!("oss-rs-form-{:016x}{:016x}", random(), random())
}

/// A name or filename as browsers quote it in `Content-Disposition` (HTML's form encoding).
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The body before the file's data (the fields and the file part's headers) and after it.
fn frame(form: &PostForm, filename: &str, file_type: &str, boundary: &str) -> (Bytes, Bytes) {
    let mut head = String::new();
    for (name, value) in &form.fields {
        head.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{value}\r\n",
            quoted(name)
        ));
    }
    head.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{FILE}\"; filename=\"{}\"\r\nContent-Type: {file_type}\r\n\r\n",
        quoted(filename)
    ));
    let tail = format!("\r\n--{boundary}--\r\n");
    (Bytes::from(head), Bytes::from(tail))
}

/// The form body of a streamed file: the head, the reader's `left` bytes, the tail.
struct FormStream {
    head: Option<Bytes>,
    reader: Box<dyn AsyncRead + Send + Sync + Unpin>,
    left: u64,
    tail: Option<Bytes>,
}

/// How much of the file one chunk carries.
const CHUNK: usize = 64 << 10;

impl Stream for FormStream {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(head) = self.head.take() {
            return Poll::Ready(Some(Ok(head)));
        }
        if self.left > 0 {
            let want = CHUNK.min(usize::try_from(self.left).unwrap_or(CHUNK));
            let mut buffer = vec![0u8; want];
            let mut read = ReadBuf::new(&mut buffer);
            return match Pin::new(&mut self.reader).poll_read(cx, &mut read) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e))),
                Poll::Ready(Ok(())) if read.filled().is_empty() => {
                    Poll::Ready(Some(Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!("the file ended {} bytes early", self.left),
                    ))))
                }
                Poll::Ready(Ok(())) => {
                    let n = read.filled().len();
                    buffer.truncate(n);
                    self.left -= n as u64;
                    Poll::Ready(Some(Ok(Bytes::from(buffer))))
                }
            };
        }
        Poll::Ready(self.tail.take().map(Ok))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_carry_the_fields_their_conditions_need() {
        let policy = PostPolicy::new(Duration::from_secs(60))
            .key_starts_with("up/")
            .meta("Owner", "alice")
            .success_action_status(201)
            .content_type_starts_with("image/");
        assert_eq!(
            policy.fields,
            [
                ("key".to_owned(), "up/${filename}".to_owned()),
                ("x-oss-meta-owner".to_owned(), "alice".to_owned()),
                ("success_action_status".to_owned(), "201".to_owned()),
            ]
        );
        assert_eq!(
            policy.conditions()[3],
            Condition::StartsWith("Content-Type".into(), "image/".into())
        );
    }

    #[test]
    fn the_form_body_frames_fields_then_the_file() {
        let form = PostForm {
            url: String::new(),
            fields: vec![("key".into(), "a\"b".into())],
            expiration: SystemTime::UNIX_EPOCH,
            policy: String::new(),
        };
        let (head, tail) = frame(&form, "x\".txt", "text/plain", "B");
        assert_eq!(
            &head[..],
            b"--B\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\na\"b\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x%22.txt\"\r\nContent-Type: text/plain\r\n\r\n"
        );
        assert_eq!(&tail[..], b"\r\n--B--\r\n");
    }
}
