//! Building responses: status, headers (invalid values are dropped, never a panic) and body.

use http::header::{HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, StatusCode};
use oss_model::XmlBody;

use crate::body::ResponseBody;

/// The response type of every handler.
pub(crate) type Resp = http::Response<ResponseBody>;

/// A response under construction.
pub(crate) struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: ResponseBody,
}

impl Reply {
    /// A response with this status and no body.
    pub fn new(status: u16) -> Self {
        Reply {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
            headers: HeaderMap::new(),
            body: ResponseBody::empty(),
        }
    }

    /// 200 OK.
    pub fn ok() -> Self {
        Reply::new(200)
    }

    /// Changes the status.
    pub fn status(mut self, status: u16) -> Self {
        self.status = StatusCode::from_u16(status).unwrap_or(self.status);
        self
    }

    /// Adds a header; a name or value that HTTP cannot carry is dropped.
    pub fn header(mut self, name: &str, value: impl AsRef<str>) -> Self {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value.as_ref().as_bytes()),
        ) {
            self.headers.append(name, value);
        }
        self
    }

    /// Sets a header, replacing any value it had.
    pub fn set(mut self, name: &str, value: impl AsRef<str>) -> Self {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value.as_ref().as_bytes()),
        ) {
            self.headers.insert(name, value);
        }
        self
    }

    /// Adds a header if `value` is present.
    pub fn header_opt(self, name: &str, value: Option<impl AsRef<str>>) -> Self {
        match value {
            Some(value) => self.header(name, value),
            None => self,
        }
    }

    /// Sets the body.
    pub fn body(mut self, body: ResponseBody) -> Self {
        self.body = body;
        self
    }

    /// An XML body.
    pub fn xml<T: XmlBody>(self, value: &T) -> Self {
        let text = value.to_xml();
        self.header(CONTENT_TYPE.as_str(), "application/xml")
            .header(CONTENT_LENGTH.as_str(), text.len().to_string())
            .body(ResponseBody::full(text))
    }

    /// The response.
    pub fn build(self) -> Resp {
        let mut response = http::Response::new(self.body);
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }
}
