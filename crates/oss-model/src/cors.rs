//! Put/Get/DeleteBucketCors: `CORSConfiguration{CORSRule+{AllowedOrigin+, AllowedMethod+,
//! AllowedHeader*, ExposeHeader*, MaxAgeSeconds?}, ResponseVary?}`, and the rules the service
//! holds a configuration to.

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};
use crate::xml::lenient;

/// `CORSConfiguration`: the request body of PutBucketCors and the response of GetBucketCors.
///
/// ```
/// use oss_model::{CorsConfiguration, CorsRule, XmlBody};
///
/// let cors = CorsConfiguration::new([CorsRule::new(["https://example.com"], ["GET", "PUT"])
///     .allowed_headers(["*"])
///     .max_age_seconds(600)]);
/// let xml = cors.to_xml();
/// assert!(xml.contains("<AllowedOrigin>https://example.com</AllowedOrigin>"));
/// assert_eq!(CorsConfiguration::from_xml(&xml).unwrap(), cors);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CorsConfiguration {
    /// `CORSRule*`, evaluated in order: the first that matches a request applies.
    #[serde(rename = "CORSRule", default)]
    pub rules: Vec<CorsRule>,
    /// `ResponseVary`: whether responses carry `Vary: Origin`.
    #[serde(
        rename = "ResponseVary",
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub response_vary: Option<bool>,
}

xml_body!(CorsConfiguration, "CORSConfiguration");

impl CorsConfiguration {
    /// A configuration of these rules.
    pub fn new(rules: impl IntoIterator<Item = CorsRule>) -> Self {
        CorsConfiguration {
            rules: rules.into_iter().collect(),
            response_vary: None,
        }
    }
}

/// The most rules a configuration holds.
pub const MAX_CORS_RULES: usize = 10;
/// The largest configuration document, in bytes.
pub const MAX_CORS_DOCUMENT: usize = 16 * 1024;
/// The methods a rule may allow.
pub const CORS_METHODS: &[&str] = &["GET", "PUT", "DELETE", "POST", "HEAD"];

impl Document for CorsConfiguration {
    /// The reference's rules: 1 to 10 rules; in each, at least one origin and one method, at
    /// most one `*` among the origins and among the allowed headers, no `*` in exposed
    /// headers, methods among GET, PUT, DELETE, POST and HEAD; the document at most 16 KB.
    fn check(&self) -> Result<(), RuleError> {
        self.check_rules()
            .map_err(|message| RuleError::new(Rule::Document, message))
    }
}

impl CorsConfiguration {
    fn check_rules(&self) -> Result<(), String> {
        if self.rules.is_empty() {
            return Err("a CORS configuration needs at least one CORSRule".into());
        }
        if self.rules.len() > MAX_CORS_RULES {
            return Err(format!(
                "a CORS configuration holds at most {MAX_CORS_RULES} rules, not {}",
                self.rules.len()
            ));
        }
        for (index, rule) in self.rules.iter().enumerate() {
            rule.check()
                .map_err(|e| format!("CORSRule {}: {e}", index + 1))?;
        }
        let size = crate::XmlBody::to_xml(self).len();
        if size > MAX_CORS_DOCUMENT {
            return Err(format!(
                "the CORS configuration is {size} bytes, more than {MAX_CORS_DOCUMENT}"
            ));
        }
        Ok(())
    }
}

/// One `CORSRule`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CorsRule {
    /// `AllowedOrigin+`: origins (`https://example.com`, `*`, or with one `*` inside).
    #[serde(rename = "AllowedOrigin", default)]
    pub allowed_origins: Vec<String>,
    /// `AllowedMethod+`: `GET`, `PUT`, `DELETE`, `POST`, `HEAD`.
    #[serde(rename = "AllowedMethod", default)]
    pub allowed_methods: Vec<String>,
    /// `AllowedHeader*`: request headers a preflight may ask for (one `*` allowed inside).
    #[serde(rename = "AllowedHeader", default)]
    pub allowed_headers: Vec<String>,
    /// `ExposeHeader*`: response headers a browser script may read.
    #[serde(rename = "ExposeHeader", default)]
    pub expose_headers: Vec<String>,
    /// `MaxAgeSeconds`: how long a browser may cache the preflight's answer.
    #[serde(
        rename = "MaxAgeSeconds",
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_age_seconds: Option<u64>,
}

impl CorsRule {
    /// A rule allowing `methods` from `origins`.
    pub fn new<O: Into<String>, M: Into<String>>(
        origins: impl IntoIterator<Item = O>,
        methods: impl IntoIterator<Item = M>,
    ) -> Self {
        CorsRule {
            allowed_origins: origins.into_iter().map(Into::into).collect(),
            allowed_methods: methods.into_iter().map(Into::into).collect(),
            ..CorsRule::default()
        }
    }

    /// The same rule allowing these request headers.
    pub fn allowed_headers<H: Into<String>>(
        mut self,
        headers: impl IntoIterator<Item = H>,
    ) -> Self {
        self.allowed_headers = headers.into_iter().map(Into::into).collect();
        self
    }

    /// The same rule exposing these response headers.
    pub fn expose_headers<H: Into<String>>(mut self, headers: impl IntoIterator<Item = H>) -> Self {
        self.expose_headers = headers.into_iter().map(Into::into).collect();
        self
    }

    /// The same rule with a preflight cache time.
    pub fn max_age_seconds(mut self, seconds: u64) -> Self {
        self.max_age_seconds = Some(seconds);
        self
    }

    fn check(&self) -> Result<(), String> {
        if self.allowed_origins.is_empty() {
            return Err("at least one AllowedOrigin is required".into());
        }
        if self.allowed_methods.is_empty() {
            return Err("at least one AllowedMethod is required".into());
        }
        for origin in &self.allowed_origins {
            if origin.matches('*').count() > 1 {
                return Err(format!("AllowedOrigin {origin:?} has more than one *"));
            }
        }
        for method in &self.allowed_methods {
            if !CORS_METHODS.contains(&method.as_str()) {
                return Err(format!(
                    "AllowedMethod {method:?} is not one of {}",
                    CORS_METHODS.join(", ")
                ));
            }
        }
        for header in &self.allowed_headers {
            if header.matches('*').count() > 1 {
                return Err(format!("AllowedHeader {header:?} has more than one *"));
            }
        }
        for header in &self.expose_headers {
            if header.contains('*') {
                return Err(format!("ExposeHeader {header:?} may not hold a *"));
            }
        }
        Ok(())
    }
}

impl CorsConfiguration {
    /// The first rule that allows a request from `origin` with `method` (for a preflight, the
    /// method it asks for) and these request headers (a preflight's
    /// `Access-Control-Request-Headers`, split at commas).
    pub fn matching_rule(
        &self,
        origin: &str,
        method: &str,
        request_headers: &[&str],
    ) -> Option<&CorsRule> {
        self.rules.iter().find(|rule| {
            rule.allows_origin(origin)
                && rule.allowed_methods.iter().any(|m| m == method)
                && request_headers
                    .iter()
                    .map(|h| h.trim())
                    .filter(|h| !h.is_empty())
                    .all(|h| rule.allows_header(h))
        })
    }
}

impl CorsRule {
    /// Whether `origin` matches one of the allowed origins (`*` stands for any run of
    /// characters).
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.allowed_origins
            .iter()
            .any(|allowed| crate::referer::wildcard_match(allowed.trim(), origin))
    }

    /// Whether a request header may be asked for (case ignored, `*` a wildcard).
    pub fn allows_header(&self, header: &str) -> bool {
        self.allowed_headers
            .iter()
            .any(|allowed| crate::referer::wildcard_match(allowed.trim(), header))
    }
}

/// What an OptionObject (CORS preflight) response allows: its `Access-Control-*` headers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CorsPreflight {
    /// `Access-Control-Allow-Origin`.
    pub allow_origin: Option<String>,
    /// `Access-Control-Allow-Methods`.
    pub allow_methods: Option<String>,
    /// `Access-Control-Allow-Headers`.
    pub allow_headers: Option<String>,
    /// `Access-Control-Expose-Headers`.
    pub expose_headers: Option<String>,
    /// `Access-Control-Max-Age`, in seconds.
    pub max_age: Option<u64>,
}

impl crate::op::FromHeaders for CorsPreflight {
    fn from_headers(
        headers: &[(&str, &str)],
        dialect: &crate::dialect::Dialect,
    ) -> Result<Self, crate::ParseError> {
        use crate::dialect::Header;
        let get = |header: Header| {
            let name = dialect.header(header);
            headers
                .iter()
                .rev()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim().to_owned())
        };
        let max_age = match get(Header::AccessControlMaxAge) {
            Some(text) => Some(text.parse().map_err(|_| {
                crate::ParseError::new(format!("Access-Control-Max-Age {text:?} is not a number"))
            })?),
            None => None,
        };
        Ok(CorsPreflight {
            allow_origin: get(Header::AccessControlAllowOrigin),
            allow_methods: get(Header::AccessControlAllowMethods),
            allow_headers: get(Header::AccessControlAllowHeaders),
            expose_headers: get(Header::AccessControlExposeHeaders),
            max_age,
        })
    }
}
