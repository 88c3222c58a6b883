//! Operations as data: every operation of the API declared once, as a row of
//! [`with_operations!`](crate::with_operations), and what the rows give each layer.
//!
//! # Why a table
//! An operation is a handful of facts: its method, what it addresses (the service, a bucket or
//! an object), the sub-resource that tells it apart from its neighbours (`?cors`), its typed
//! parameters and where each travels (query, header, XML body), its response, whether it may
//! be repeated, and who implements it. Written once as a row, those facts drive the client's
//! request builders and `Bucket` methods, the server's routing, the CLI's `oss api`
//! subcommands and the conformance suite, so a new operation costs one row plus, when it
//! carries a document, the document's model type. The shape follows the Go SDK v2 (field tags
//! saying where each input travels, one generic call path) and the AWS SDK (the operation as a
//! value carrying its metadata), written as a `macro_rules!` table rather than generated code
//! so that the table is what a reader opens.
//!
//! # What a row gives
//! - [`OpName`]: the operation's name, the same string in client errors, server fault rules,
//!   logs and the CLI.
//! - [`OpInfo`]: the row as data, in [`OPERATIONS`]: what routers, CLIs and tests iterate.
//! - A marker type (`op::PutBucketCors`) implementing [`Described`], and for the operations the
//!   client sends through its generic path, [`Operation`]: a module (`op::put_bucket_cors`)
//!   with the typed `Input` and the functions that write it into a request and read the
//!   response, for any [`Dialect`].
//!
//! Operations whose behaviour is particular (a streamed body, a CRC to follow, a paginator)
//! are marked `client: bespoke`: their rows still name, route and describe them, and the client
//! writes their request code by hand.
//!
//! # Adding an operation
//! See the crate README ("Adding an operation").

mod define;
mod json;
mod table;
mod wire;

use crate::dialect::{Dialect, Header, QueryParam};
use crate::ParseError;

pub use define::*;
pub use json::document_from_json;
pub use wire::{IntoInput, PageSize, WireValue, MAX_PAGE_SIZE};

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `HEAD`.
    Head,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
}

impl Method {
    /// The method as HTTP spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
        }
    }

    /// The method named `name` (upper case).
    pub fn parse(name: &str) -> Option<Method> {
        Some(match name {
            "GET" => Method::Get,
            "HEAD" => Method::Head,
            "PUT" => Method::Put,
            "POST" => Method::Post,
            "DELETE" => Method::Delete,
            "OPTIONS" => Method::Options,
            _ => return None,
        })
    }
}

/// What an operation addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// The service (`/`, no bucket).
    Service,
    /// A bucket (`/` on the bucket's host, or `/bucket/`).
    Bucket,
    /// An object (`/key`).
    Object,
}

/// Where one input of an operation travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A query parameter of this name.
    Query(QueryName),
    /// A header.
    Header(Header),
    /// A header holding an object key, percent-encoded as a path.
    KeyHeader(Header),
    /// A set of headers (object metadata and the like).
    Headers,
    /// The XML request body.
    Body,
}

/// The name of a query parameter in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryName {
    /// A name every vendor spells alike (`uploadId`, `max-keys`).
    Plain(&'static str),
    /// A name the dialect spells (with the vendor's prefix).
    Vendor(QueryParam),
}

impl QueryName {
    /// The wire name in `dialect`.
    pub fn on(self, dialect: &Dialect) -> &'static str {
        match self {
            QueryName::Plain(name) => name,
            QueryName::Vendor(param) => dialect.query_param(param),
        }
    }
}

/// One condition of a selector: a query parameter that must be present, or have a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// `"cors"` (present) or `"list-type=2"` (with this value).
    Plain(&'static str),
    /// A parameter the dialect names, which must be present.
    Vendor(QueryParam),
}

impl Condition {
    /// The parameter's wire name in `dialect` and the value it must have, if any.
    pub fn on(self, dialect: &Dialect) -> (&'static str, Option<&'static str>) {
        match self {
            Condition::Plain(text) => match text.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (text, None),
            },
            Condition::Vendor(param) => (dialect.query_param(param), None),
        }
    }
}

/// One input of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// The field's name in the operation's `Input` (snake case): also the CLI's `--flag`.
    pub field: &'static str,
    /// Where it travels.
    pub location: Location,
    /// Whether every request carries it.
    pub required: bool,
    /// Whether it is a yes/no switch.
    pub flag: bool,
}

/// What the response of an operation carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// Nothing beyond the status and the common headers.
    Empty,
    /// An XML document with this root element.
    Xml(&'static str),
    /// Values read from the response headers.
    Headers,
    /// Particular to the operation (a byte stream, a paginated listing...).
    Bespoke,
}

/// Whether a request may be repeated after a failure that may have been applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Repeating it converges to the same state.
    Idempotent,
    /// Repeated only when it certainly did not take effect.
    NotIdempotent,
    /// Repeated, then checked: the operation carries a guard that makes a duplicate fail, and
    /// the client resolves that failure (AppendObject's position, an upload's completion).
    VerifyAfterRetry,
}

/// Who writes the client's request code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    /// The client's generic path, from the row.
    Generic,
    /// Hand-written, because the operation's behaviour is particular.
    Bespoke,
}

/// What `oss-server` does with the operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerKind {
    /// A handler of its own.
    Handler,
    /// A bucket document: PUT stores the body (once it reads as the model), GET returns it or
    /// fails with the `missing` error code, DELETE removes it.
    Document {
        /// The document's name (the sub-resource).
        name: &'static str,
        /// The error of a GET when there is none (`NoSuchCORSConfiguration`).
        missing: crate::code::ErrorCode,
    },
    /// A bucket setting: stored like a [`Document`](ServerKind::Document), but a GET
    /// when there is none answers the setting every bucket has until told otherwise
    /// (`Payer` `BucketOwner`, an empty tag set, logging off, every referer allowed) rather than an error.
    Setting {
        /// The document's name (the sub-resource).
        name: &'static str,
        /// The setting's document when none was set.
        unset: Unset,
    },
    /// Not implemented: answered with `501 NotImplemented`, nothing changed.
    None,
}

/// Reads and checks a received request as an operation's input; returns the request's document
/// (its XML body, if it has one) written back in canonical form.
pub type ReadRequest = fn(&Received<'_>, &Dialect) -> Result<Option<String>, BadRequest>;

/// An operation, as data.
#[derive(Debug, Clone, Copy)]
pub struct OpInfo {
    /// Its name.
    pub name: OpName,
    /// What it does (the row's documentation; the first line is a summary).
    pub doc: &'static str,
    /// Its HTTP method.
    pub method: Method,
    /// What it addresses.
    pub target: Target,
    /// The query parameters that tell it apart from other operations with the same method
    /// and target: `"cors"` must be present, `"list-type=2"` must have this value.
    pub selector: &'static [Condition],
    /// A header that tells it apart (CopyObject's copy source).
    pub selector_header: Option<Header>,
    /// Its inputs.
    pub params: &'static [Param],
    /// Its response.
    pub output: OutputKind,
    /// Whether it may be repeated.
    pub retry: Retry,
    /// Whether the request must carry `Content-MD5` (the service refuses it otherwise).
    pub content_md5: bool,
    /// Who writes the client's request code.
    pub client: ClientKind,
    /// What the local server does with it.
    pub server: ServerKind,
    /// Reads and checks a request's inputs as the operation's `Input` (for the operations
    /// with one: the client's generic ones), as a server does before acting on it.
    pub read_request: Option<ReadRequest>,
    /// The document the request carries, for the operations with one.
    pub document: Option<DocumentInfo>,
}

/// The document an operation's request carries.
#[derive(Debug, Clone, Copy)]
pub struct DocumentInfo {
    /// Its root element (`CORSConfiguration`; `*` when the operation takes any).
    pub root: &'static str,
    /// The document a JSON rendering describes, as XML (see [`document_from_json`]).
    pub from_json: fn(&str) -> Result<String, ParseError>,
}

impl OpInfo {
    /// Whether `query` (decoded name and value pairs) and `has_header` select this operation
    /// among those with its method and target in `dialect`; the number of conditions matched
    /// (more is more specific), or `None`.
    pub fn matches(
        &self,
        dialect: &Dialect,
        query: &[(&str, &str)],
        has_header: impl Fn(Header) -> bool,
    ) -> Option<usize> {
        for condition in self.selector {
            let present = match condition.on(dialect) {
                (name, Some(value)) => query.iter().any(|(n, v)| *n == name && *v == value),
                (name, None) => query.iter().any(|(n, _)| *n == name),
            };
            if !present {
                return None;
            }
        }
        let header = match self.selector_header {
            Some(header) if !has_header(header) => return None,
            Some(_) => 1,
            None => 0,
        };
        Some(self.selector.len() + header)
    }

    /// Whether the query parameter `name` is one this operation reads in `dialect` (a
    /// selector or a parameter).
    pub fn reads_query(&self, dialect: &Dialect, name: &str) -> bool {
        self.selector.iter().any(|c| c.on(dialect).0 == name)
            || self
                .params
                .iter()
                .any(|p| matches!(p.location, Location::Query(q) if q.on(dialect) == name))
    }
}

/// The operation among `operations` that a request selects: the most specific row with this
/// method and target whose selector holds. Ties go to the row declared first.
pub fn select<'a>(
    operations: impl IntoIterator<Item = &'a OpInfo>,
    dialect: &Dialect,
    method: Method,
    target: Target,
    query: &[(&str, &str)],
    has_header: impl Fn(Header) -> bool,
) -> Option<&'a OpInfo> {
    let mut best: Option<(&OpInfo, usize)> = None;
    for info in operations {
        if info.method != method || info.target != target {
            continue;
        }
        if let Some(score) = info.matches(dialect, query, &has_header) {
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((info, score));
            }
        }
    }
    best.map(|(info, _)| info)
}

/// A request as an operation writes it (the addressing, bucket and key, is the sender's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestParts {
    /// Query parameters, decoded; an empty value is sent as the bare name (`?cors`).
    pub query: Vec<(String, String)>,
    /// Headers, lower-case names.
    pub headers: Vec<(String, String)>,
    /// The XML body, if any.
    pub body: Option<String>,
}

impl RequestParts {
    /// Adds a query parameter.
    pub fn query(&mut self, name: &str, value: impl Into<String>) {
        self.query.push((name.to_owned(), value.into()));
    }

    /// Sets a query parameter, replacing a parameter of the same name (a selector the
    /// operation's option gives a value to).
    pub fn set_query(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self.query.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = value,
            None => self.query.push((name.to_owned(), value)),
        }
    }

    /// Adds a header.
    pub fn header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.push((name.to_owned(), value.into()));
    }
}

/// A received message, borrowed: what the server reads a request from and the client reads a
/// response from.
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    /// Decoded query parameters (empty for a response).
    pub query: &'a [(&'a str, &'a str)],
    /// Headers, names in any case.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body.
    pub body: &'a [u8],
}

impl<'a> Received<'a> {
    /// The first value of a query parameter.
    pub fn query(&self, name: &str) -> Option<&'a str> {
        self.query.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    /// The last value of a header (any case), trimmed.
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }
}

/// An operation's description, for every row.
pub trait Described {
    /// The row.
    const INFO: &'static OpInfo;
}

/// An operation the client sends through its generic path: the typed input, and how it is
/// written into a request and read back from one (the client writes, the server reads), and how
/// the response is read.
pub trait Operation: Described + Send + Sync + 'static {
    /// Its typed inputs, other than the bucket and key.
    type Input: Clone + std::fmt::Debug + Send + Sync + 'static;
    /// What its response carries.
    type Output: std::fmt::Debug + Send + 'static;

    /// Writes `input` into a request; fails when the input breaks a rule of the service
    /// (a tag too long, a CORS rule without an origin...), before anything is sent.
    fn write_request(
        input: &Self::Input,
        dialect: &Dialect,
        request: &mut RequestParts,
    ) -> Result<(), InvalidInput>;

    /// Reads the input back from a request, as a server does, checking the same rules as
    /// [`write_request`](Self::write_request).
    fn read_request(request: &Received<'_>, dialect: &Dialect) -> Result<Self::Input, BadRequest>;

    /// The input's XML document (its body), written as this crate writes it.
    fn document(input: &Self::Input) -> Option<String>;

    /// Reads the response.
    fn read_response(
        response: &Received<'_>,
        dialect: &Dialect,
    ) -> Result<Self::Output, ParseError>;
}

/// An input that breaks a rule of the service, found before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidInput {
    /// The input (field name).
    pub field: &'static str,
    /// The rule broken, and how.
    pub error: RuleError,
}

impl std::fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.error.message)
    }
}

impl std::error::Error for InvalidInput {}

/// Why a received request cannot be read as its operation's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadRequest {
    /// A body or parameter that is not what the operation takes (malformed XML, a number
    /// that is not one, a required input missing).
    Malformed(ParseError),
    /// Well formed, but breaking a rule of the service.
    Invalid(InvalidInput),
}

impl std::fmt::Display for BadRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BadRequest::Malformed(e) => e.fmt(f),
            BadRequest::Invalid(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BadRequest {}

impl From<ParseError> for BadRequest {
    fn from(error: ParseError) -> Self {
        BadRequest::Malformed(error)
    }
}

impl From<InvalidInput> for BadRequest {
    fn from(error: InvalidInput) -> Self {
        BadRequest::Invalid(error)
    }
}

/// Which kind of rule an input broke (see [`validate`](crate::validate)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// An object key.
    ObjectKey,
    /// Object tags.
    Tagging,
    /// User metadata.
    UserMetadata,
    /// A rule of a configuration document (CORS rules and the like).
    Document,
    /// A page size outside 1–1,000.
    PageSize,
    /// Another input the service would refuse (an empty upload id).
    Argument,
}

/// A broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// Which rule.
    pub rule: Rule,
    /// What is wrong, naming the value at fault.
    pub message: String,
}

impl RuleError {
    /// A broken rule of `rule`'s kind.
    pub fn new(rule: Rule, message: impl Into<String>) -> Self {
        RuleError {
            rule,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The rules an XML document sent as a request body must follow, checked before sending and
/// by the server on receipt. Documents without rules of their own use the default.
pub trait Document: crate::XmlBody {
    /// Fails when the document breaks a rule of the service.
    fn check(&self) -> Result<(), RuleError> {
        Ok(())
    }
}

/// Writes the document of a setting never set (see [`ServerKind::Setting`]); two are equal
/// when they write the same document.
#[derive(Debug, Clone, Copy)]
pub struct Unset(pub fn() -> String);

impl Unset {
    /// The document, as XML.
    pub fn document(&self) -> String {
        (self.0)()
    }
}

impl PartialEq for Unset {
    fn eq(&self, other: &Self) -> bool {
        self.document() == other.document()
    }
}

impl Eq for Unset {}

/// A document that is a bucket setting, with the value every bucket has until told otherwise.
pub trait Setting: Document {
    /// The setting of a bucket that was never given one.
    fn unset() -> Self;
}

/// A value read from and written to response headers (GetSymlink's target, HeadObject's
/// metadata).
pub trait FromHeaders: Sized {
    /// Reads the value.
    fn from_headers(headers: &[(&str, &str)], dialect: &Dialect) -> Result<Self, ParseError>;
}

/// A set of request headers carried as one input (an upload's metadata).
pub trait HeaderSet: Sized {
    /// Fails when the set breaks a rule of the service.
    fn check(&self) -> Result<(), RuleError> {
        Ok(())
    }
    /// The headers.
    fn to_headers(&self, dialect: &Dialect) -> Vec<(String, String)>;
    /// Reads the set back from a request.
    fn from_headers(headers: &[(&str, &str)], dialect: &Dialect) -> Result<Self, ParseError>;
}

/// Adds the selector conditions that the operation's inputs do not already send.
#[doc(hidden)]
pub fn write_selector(info: &OpInfo, dialect: &Dialect, request: &mut RequestParts) {
    for condition in info.selector {
        let (name, value) = condition.on(dialect);
        // An optional input of the same name replaces the selector's value when it is given
        // (see `RequestParts::set_query`); a required one always sends it.
        let sent_by_input = info.params.iter().any(|p| {
            p.required && matches!(p.location, Location::Query(q) if q.on(dialect) == name)
        });
        if !sent_by_input {
            request.query(name, value.unwrap_or(""));
        }
    }
}

#[doc(hidden)]
pub fn missing(field: &str) -> ParseError {
    ParseError::new(format!("{field}: required, but missing"))
}

#[doc(hidden)]
pub fn read_wire<T: WireValue>(
    field: &'static str,
    text: Option<&str>,
) -> Result<Option<T>, BadRequest> {
    let Some(text) = text else {
        return Ok(None);
    };
    let value = T::from_wire(text).map_err(|e| ParseError::new(format!("{field}: {e}")))?;
    check_wire(field, &value)?;
    Ok(Some(value))
}

#[doc(hidden)]
pub fn read_header_set<T: HeaderSet>(
    field: &'static str,
    headers: &[(&str, &str)],
    dialect: &Dialect,
) -> Result<Option<T>, BadRequest> {
    let set = T::from_headers(headers, dialect)?;
    set.check().map_err(|error| InvalidInput { field, error })?;
    Ok(Some(set))
}

#[doc(hidden)]
pub fn read_key(field: &'static str, text: Option<&str>) -> Result<Option<String>, BadRequest> {
    let Some(text) = text else {
        return Ok(None);
    };
    let key =
        crate::encoding::decode_key(text).map_err(|e| ParseError::new(format!("{field}: {e}")))?;
    check_key(field, &key)?;
    Ok(Some(key))
}

#[doc(hidden)]
pub fn read_document<T: Document>(
    field: &'static str,
    body: &[u8],
) -> Result<Option<T>, BadRequest> {
    if body.is_empty() {
        return Ok(None);
    }
    let document = T::from_xml(body)?;
    if !crate::encoding::fits_xml(&document.to_xml()) {
        // A character reference (`&#1;`) can smuggle in what XML 1.0 cannot carry.
        return Err(ParseError::new(format!(
            "{field}: the document holds characters XML 1.0 cannot carry"
        ))
        .into());
    }
    document
        .check()
        .map_err(|error| InvalidInput { field, error })?;
    Ok(Some(document))
}

#[doc(hidden)]
pub fn check_wire<T: WireValue>(field: &'static str, value: &T) -> Result<(), InvalidInput> {
    value.check().map_err(|error| InvalidInput { field, error })
}

#[doc(hidden)]
pub fn write_required_query(
    field: &'static str,
    name: &str,
    value: std::borrow::Cow<'_, str>,
    request: &mut RequestParts,
) -> Result<(), InvalidInput> {
    if value.is_empty() {
        return Err(InvalidInput {
            field,
            error: RuleError::new(Rule::Argument, format!("{field} must not be empty")),
        });
    }
    request.query(name, value.into_owned());
    Ok(())
}

#[doc(hidden)]
pub fn check_key(field: &'static str, key: &str) -> Result<(), InvalidInput> {
    crate::validate::object_key(key).map_err(|e| InvalidInput {
        field,
        error: RuleError::new(Rule::ObjectKey, e.to_string()),
    })
}
