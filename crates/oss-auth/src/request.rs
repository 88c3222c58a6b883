//! The borrowed view of a request that signing and verification read.

use std::borrow::Cow;

/// What a signature covers: the wire facts (method, host, encoded path, decoded query pairs,
/// headers) and the storage resource they address (bucket, key).
///
/// Schemes read different parts: OSS V1 and V4 sign the resource `/bucket/key` whatever the
/// host and path look like (virtual-hosted, path style, CNAME); AWS SigV4 signs the path and
/// host exactly as sent. A caller fills in what it knows; a scheme that needs a part that is
/// missing refuses with [`SignError::MissingWireView`](crate::SignError::MissingWireView).
///
/// It borrows everything and never sees a body, so an HTTP client, a server and a user with
/// plain strings can all build one cheaply. Query names and values are *decoded*; a parameter
/// without a value (`?acl`) has the value `""`. Header names may be in any case.
#[derive(Debug, Clone, Copy)]
pub struct SignableRequest<'a> {
    /// The HTTP method, upper case (`GET`, `PUT`, ...).
    pub method: &'a str,
    /// The host the request is sent to, with the port when the URL names one
    /// (`examplebucket.s3.amazonaws.com`, `127.0.0.1:9000`). When absent, a `Host` header in
    /// [`headers`](Self::headers) stands in.
    pub host: Option<&'a str>,
    /// The path as sent on the wire: percent-encoded, without the query
    /// (`/photos/a%20b.jpg`).
    pub path: Option<&'a str>,
    /// The bucket, if the request addresses one.
    pub bucket: Option<&'a str>,
    /// The object key, if the request addresses an object (not URL-encoded).
    pub key: Option<&'a str>,
    /// Decoded query parameters, in any order.
    pub query: &'a [(&'a str, &'a str)],
    /// Request headers, names in any case.
    pub headers: &'a [(&'a str, &'a str)],
}

impl<'a> SignableRequest<'a> {
    /// A request with this method and nothing else.
    pub fn new(method: &'a str) -> Self {
        SignableRequest {
            method,
            host: None,
            path: None,
            bucket: None,
            key: None,
            query: &[],
            headers: &[],
        }
    }

    /// Sets the host the request is sent to (with the port, if the URL names one).
    pub fn host(mut self, host: &'a str) -> Self {
        self.host = Some(host);
        self
    }

    /// Sets the path as sent on the wire (percent-encoded, without the query).
    pub fn path(mut self, path: &'a str) -> Self {
        self.path = Some(path);
        self
    }

    /// Addresses a bucket.
    pub fn bucket(mut self, bucket: &'a str) -> Self {
        self.bucket = Some(bucket);
        self
    }

    /// Addresses an object key (decoded, e.g. `photos/a b.jpg`).
    pub fn key(mut self, key: &'a str) -> Self {
        self.key = Some(key);
        self
    }

    /// Sets the decoded query parameters.
    pub fn query(mut self, query: &'a [(&'a str, &'a str)]) -> Self {
        self.query = query;
        self
    }

    /// Sets the headers.
    pub fn headers(mut self, headers: &'a [(&'a str, &'a str)]) -> Self {
        self.headers = headers;
        self
    }

    /// The value of a header (case-insensitive name), trimmed; the values of a repeated header
    /// are joined by `,`.
    pub fn header(&self, name: &str) -> Option<Cow<'a, str>> {
        let mut values = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim());
        let first = values.next()?;
        match values.next() {
            None => Some(Cow::Borrowed(first)),
            Some(second) => {
                let mut joined = format!("{first},{second}");
                for v in values {
                    joined.push(',');
                    joined.push_str(v);
                }
                Some(Cow::Owned(joined))
            }
        }
    }

    /// The host: [`host`](Self::host), else the `Host` header.
    pub fn effective_host(&self) -> Option<Cow<'a, str>> {
        match self.host {
            Some(host) => Some(Cow::Borrowed(host)),
            None => self.header("host"),
        }
    }

    /// The first value of a query parameter (names are case-sensitive).
    pub fn query_param(&self, name: &str) -> Option<&'a str> {
        self.query.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }
}
