//! The borrowed view of a request that signing and verification read.

use std::borrow::Cow;

/// What a signature covers: method, bucket, key, decoded query pairs and headers.
///
/// It borrows everything and never sees a body, so an HTTP client, a server and a user with
/// plain strings can all build one cheaply. Query names and values are *decoded*; a parameter
/// without a value (`?acl`) has the value `""`. Header names may be in any case.
#[derive(Debug, Clone, Copy)]
pub struct SignableRequest<'a> {
    /// The HTTP method, upper case (`GET`, `PUT`, ...).
    pub method: &'a str,
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
            bucket: None,
            key: None,
            query: &[],
            headers: &[],
        }
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

    /// The first value of a query parameter (names are case-sensitive).
    pub fn query_param(&self, name: &str) -> Option<&'a str> {
        self.query.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }
}
