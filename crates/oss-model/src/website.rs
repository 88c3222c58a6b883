//! Put/Get/DeleteBucketWebsite: `WebsiteConfiguration{IndexDocument?, ErrorDocument?,
//! RoutingRules?{RoutingRule*}}`, the reference's rules for it, and how a routing rule
//! matches a request ([`RoutingRule::matches`], [`WebsiteRedirect::target_key`]).

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};
use crate::xml::lenient;

/// `WebsiteConfiguration`: the request body of PutBucketWebsite and the response of
/// GetBucketWebsite.
///
/// ```
/// use oss_model::{WebsiteConfiguration, XmlBody};
///
/// let site = WebsiteConfiguration::new("index.html", Some("error.html"));
/// let xml = site.to_xml();
/// assert!(xml.contains("<Suffix>index.html</Suffix>"));
/// assert_eq!(WebsiteConfiguration::from_xml(&xml).unwrap(), site);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WebsiteConfiguration {
    /// `IndexDocument`: what a request for a directory (a key ending in `/`) gets.
    #[serde(
        rename = "IndexDocument",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub index_document: Option<IndexDocument>,
    /// `ErrorDocument`: what a request for a missing object gets, with 404.
    #[serde(
        rename = "ErrorDocument",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_document: Option<ErrorDocument>,
    /// `RoutingRules/RoutingRule*`: redirects, matched by `RuleNumber`, the first that
    /// matches wins.
    #[serde(
        rename = "RoutingRules",
        default,
        with = "routing_rules",
        skip_serializing_if = "Option::is_none"
    )]
    pub routing_rules: Option<Vec<RoutingRule>>,
}

xml_body!(WebsiteConfiguration, "WebsiteConfiguration");

mod routing_rules {
    use super::RoutingRule;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Rules {
        #[serde(rename = "RoutingRule", default)]
        rules: Vec<RoutingRule>,
    }

    pub(super) fn serialize<S: Serializer>(
        rules: &Option<Vec<RoutingRule>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        Rules {
            rules: rules.clone().unwrap_or_default(),
        }
        .serialize(serializer)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<RoutingRule>>, D::Error> {
        Rules::deserialize(deserializer).map(|r| Some(r.rules))
    }
}

impl WebsiteConfiguration {
    /// A site with an index document and, optionally, an error document.
    pub fn new(index_suffix: impl Into<String>, error_key: Option<&str>) -> Self {
        WebsiteConfiguration {
            index_document: Some(IndexDocument {
                suffix: index_suffix.into(),
                ..IndexDocument::default()
            }),
            error_document: error_key.map(|key| ErrorDocument {
                key: key.to_owned(),
                ..ErrorDocument::default()
            }),
            routing_rules: None,
        }
    }

    /// The routing rules in the order they are tried (by `RuleNumber`).
    pub fn rules_in_order(&self) -> Vec<&RoutingRule> {
        let mut rules: Vec<&RoutingRule> = self.routing_rules.iter().flatten().collect();
        rules.sort_by_key(|r| r.rule_number);
        rules
    }
}

/// `IndexDocument`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IndexDocument {
    /// `Suffix`: the index page's name, appended to a directory's key (`index.html`).
    #[serde(rename = "Suffix", default)]
    pub suffix: String,
    /// `SupportSubDir`: whether a directory's own index page is served (kept as set).
    #[serde(
        rename = "SupportSubDir",
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub support_sub_dir: Option<bool>,
    /// `Type`: what a missing directory key falls back to (`0`, `1`, `2`; kept as set).
    #[serde(
        rename = "Type",
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub index_type: Option<u8>,
}

/// `ErrorDocument`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ErrorDocument {
    /// `Key`: the object returned for a missing key.
    #[serde(rename = "Key", default)]
    pub key: String,
    /// `HttpStatus`: the status the error document is answered with (404 when absent).
    #[serde(
        rename = "HttpStatus",
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub http_status: Option<u16>,
}

/// One `RoutingRule`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RoutingRule {
    /// `RuleNumber`: a positive number; rules are tried in its order.
    #[serde(rename = "RuleNumber", deserialize_with = "lenient::number")]
    pub rule_number: u32,
    /// `Condition`: what a request must be for the rule to apply (all of it).
    #[serde(rename = "Condition", default)]
    pub condition: RoutingCondition,
    /// `Redirect`: what the rule does.
    #[serde(rename = "Redirect", default)]
    pub redirect: WebsiteRedirect,
}

/// `Condition` of a routing rule.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RoutingCondition {
    /// `KeyPrefixEquals`: the key starts with this.
    #[serde(
        rename = "KeyPrefixEquals",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub key_prefix_equals: Option<String>,
    /// `KeySuffixEquals`: the key ends with this.
    #[serde(
        rename = "KeySuffixEquals",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub key_suffix_equals: Option<String>,
    /// `HttpErrorCodeReturnedEquals`: the request would fail with this status (404).
    #[serde(
        rename = "HttpErrorCodeReturnedEquals",
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub http_error_code_returned_equals: Option<u16>,
    /// `IncludeHeader*`: the request carries these headers with these values.
    #[serde(rename = "IncludeHeader", default)]
    pub include_headers: Vec<IncludeHeader>,
}

/// `IncludeHeader`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IncludeHeader {
    /// `Key`: the header's name.
    #[serde(rename = "Key", default)]
    pub key: String,
    /// `Equals`: its value (with `StartsWith` or `EndsWith` given, an empty one checks
    /// nothing).
    #[serde(rename = "Equals", default)]
    pub equals: String,
    /// `StartsWith`: its value starts with this.
    #[serde(
        rename = "StartsWith",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub starts_with: Option<String>,
    /// `EndsWith`: its value ends with this.
    #[serde(rename = "EndsWith", default, skip_serializing_if = "Option::is_none")]
    pub ends_with: Option<String>,
}

impl IncludeHeader {
    /// Whether a header value `value` (none if absent) satisfies this condition.
    pub fn admits(&self, value: Option<&str>) -> bool {
        let Some(value) = value else {
            return false;
        };
        let partial = self.starts_with.is_some() || self.ends_with.is_some();
        (self.equals == value || (partial && self.equals.is_empty()))
            && self
                .starts_with
                .as_deref()
                .is_none_or(|p| value.starts_with(p))
            && self.ends_with.as_deref().is_none_or(|s| value.ends_with(s))
    }
}

/// `Redirect` of a routing rule.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WebsiteRedirect {
    /// `RedirectType`: `Mirror` (fetch from an origin), `External` (a 3xx), `Internal`
    /// (serve another key), `AliCDN` (a 3xx for the CDN).
    #[serde(rename = "RedirectType", default)]
    pub redirect_type: String,
    /// `PassQueryString`: whether the request's query string is kept.
    #[serde(
        rename = "PassQueryString",
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub pass_query_string: Option<bool>,
    /// `MirrorURL`: the origin of a Mirror rule (ends with `/`).
    #[serde(rename = "MirrorURL", default, skip_serializing_if = "Option::is_none")]
    pub mirror_url: Option<String>,
    /// `MirrorPassQueryString`.
    #[serde(
        rename = "MirrorPassQueryString",
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub mirror_pass_query_string: Option<bool>,
    /// `MirrorFollowRedirect`.
    #[serde(
        rename = "MirrorFollowRedirect",
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub mirror_follow_redirect: Option<bool>,
    /// `MirrorCheckMd5`.
    #[serde(
        rename = "MirrorCheckMd5",
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub mirror_check_md5: Option<bool>,
    /// `MirrorHeaders`: the request headers passed to the origin.
    #[serde(
        rename = "MirrorHeaders",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mirror_headers: Option<MirrorHeaders>,
    /// `Protocol`: `http` or `https`, for External and AliCDN.
    #[serde(rename = "Protocol", default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// `HostName`: the host redirected to.
    #[serde(rename = "HostName", default, skip_serializing_if = "Option::is_none")]
    pub host_name: Option<String>,
    /// `HttpRedirectCode`: 301, 302 or 307.
    #[serde(
        rename = "HttpRedirectCode",
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub http_redirect_code: Option<u16>,
    /// `ReplaceKeyPrefixWith`: replaces the matched `KeyPrefixEquals`.
    #[serde(
        rename = "ReplaceKeyPrefixWith",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub replace_key_prefix_with: Option<String>,
    /// `EnableReplacePrefix`: whether `ReplaceKeyPrefixWith` applies (kept as set).
    #[serde(
        rename = "EnableReplacePrefix",
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_replace_prefix: Option<bool>,
    /// `ReplaceKeyWith`: replaces the whole key (`${key}` stands for it).
    #[serde(
        rename = "ReplaceKeyWith",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub replace_key_with: Option<String>,
}

/// `MirrorHeaders`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MirrorHeaders {
    /// `PassAll`.
    #[serde(
        rename = "PassAll",
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub pass_all: Option<bool>,
    /// `Pass*`.
    #[serde(rename = "Pass", default)]
    pub pass: Vec<String>,
    /// `Remove*`.
    #[serde(rename = "Remove", default)]
    pub remove: Vec<String>,
    /// `Set*`.
    #[serde(rename = "Set", default)]
    pub set: Vec<MirrorHeaderSet>,
}

/// `Set` of `MirrorHeaders`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MirrorHeaderSet {
    /// `Key`.
    #[serde(rename = "Key", default)]
    pub key: String,
    /// `Value`.
    #[serde(rename = "Value", default)]
    pub value: String,
}

/// The most routing rules a configuration holds.
pub const MAX_ROUTING_RULES: usize = 5;
/// The redirect types of the reference.
pub const REDIRECT_TYPES: &[&str] = &["Mirror", "External", "Internal", "AliCDN"];

impl RoutingRule {
    /// Whether the rule applies to a request for `key` that would end with `status`, carrying
    /// `header` values (any case).
    pub fn matches(&self, key: &str, status: u16, header: impl Fn(&str) -> Option<String>) -> bool {
        let condition = &self.condition;
        condition
            .key_prefix_equals
            .as_deref()
            .is_none_or(|prefix| key.starts_with(prefix))
            && condition
                .key_suffix_equals
                .as_deref()
                .is_none_or(|suffix| key.ends_with(suffix))
            && condition
                .http_error_code_returned_equals
                .is_none_or(|code| code == status)
            && condition
                .include_headers
                .iter()
                .all(|h| h.admits(header(&h.key).as_deref()))
    }
}

impl WebsiteRedirect {
    /// The key a request for `key` is sent to, given the rule's `KeyPrefixEquals`:
    /// `ReplaceKeyWith` (with `${key}` replaced), or the prefix replaced by
    /// `ReplaceKeyPrefixWith`, or the key itself.
    pub fn target_key(&self, key: &str, key_prefix: Option<&str>) -> String {
        if let Some(with) = &self.replace_key_with {
            return with.replace("${key}", key);
        }
        if let Some(with) = &self.replace_key_prefix_with {
            let rest = key_prefix
                .and_then(|prefix| key.strip_prefix(prefix))
                .unwrap_or(key);
            return format!("{with}{rest}");
        }
        key.to_owned()
    }
}

impl Document for WebsiteConfiguration {
    /// The reference's rules: at least one of IndexDocument, ErrorDocument and RoutingRules;
    /// a Suffix and a Key when their parents are there; at most 5 routing rules with
    /// distinct positive numbers and at most 5 IncludeHeader each; a known RedirectType;
    /// HttpRedirectCode 301, 302 or 307; Protocol http or https; ReplaceKeyWith and
    /// ReplaceKeyPrefixWith not both; a Mirror rule with a MirrorURL that starts with
    /// `http://` or `https://` and ends with `/`, and HttpErrorCodeReturnedEquals 404; an
    /// ErrorDocument HttpStatus of 200 or 404.
    fn check(&self) -> Result<(), RuleError> {
        self.check_rules()
            .map_err(|message| RuleError::new(Rule::Document, message))
    }
}

impl WebsiteConfiguration {
    fn check_rules(&self) -> Result<(), String> {
        if self.index_document.is_none()
            && self.error_document.is_none()
            && self.routing_rules.is_none()
        {
            return Err(
                "a website configuration needs an IndexDocument, an ErrorDocument or RoutingRules"
                    .into(),
            );
        }
        if let Some(status) = self.error_document.as_ref().and_then(|e| e.http_status) {
            if status != 200 && status != 404 {
                return Err(format!(
                    "ErrorDocument HttpStatus {status} is not 200 or 404"
                ));
            }
        }
        if let Some(index) = &self.index_document {
            if index.suffix.is_empty() || index.suffix.contains('/') {
                return Err(format!(
                    "IndexDocument Suffix {:?} must be a name without /",
                    index.suffix
                ));
            }
        }
        if let Some(error) = &self.error_document {
            crate::validate::object_key(&error.key)
                .map_err(|e| format!("ErrorDocument Key: {e}"))?;
        }
        let rules = self.routing_rules.as_deref().unwrap_or_default();
        if rules.len() > MAX_ROUTING_RULES {
            return Err(format!(
                "a website configuration holds at most {MAX_ROUTING_RULES} routing rules, not {}",
                rules.len()
            ));
        }
        for (index, rule) in rules.iter().enumerate() {
            if rule.rule_number == 0 {
                return Err(format!(
                    "RoutingRule {}: RuleNumber must be positive",
                    index + 1
                ));
            }
            if rules[..index]
                .iter()
                .any(|r| r.rule_number == rule.rule_number)
            {
                return Err(format!("RuleNumber {} is used twice", rule.rule_number));
            }
            rule.check()
                .map_err(|e| format!("RoutingRule {}: {e}", rule.rule_number))?;
        }
        Ok(())
    }
}

impl RoutingRule {
    fn check(&self) -> Result<(), String> {
        if self.condition.include_headers.len() > 5 {
            return Err("at most 5 IncludeHeader".into());
        }
        let redirect = &self.redirect;
        if !REDIRECT_TYPES.contains(&redirect.redirect_type.as_str()) {
            return Err(format!(
                "RedirectType {:?} is not one of {}",
                redirect.redirect_type,
                REDIRECT_TYPES.join(", ")
            ));
        }
        if let Some(code) = redirect.http_redirect_code {
            if ![301, 302, 307].contains(&code) {
                return Err(format!("HttpRedirectCode {code} is not 301, 302 or 307"));
            }
        }
        if let Some(protocol) = &redirect.protocol {
            if protocol != "http" && protocol != "https" {
                return Err(format!("Protocol {protocol:?} is not http or https"));
            }
        }
        if redirect.replace_key_with.is_some() && redirect.replace_key_prefix_with.is_some() {
            return Err("ReplaceKeyWith and ReplaceKeyPrefixWith exclude each other".into());
        }
        if redirect.redirect_type == "Mirror" {
            let url = redirect.mirror_url.as_deref().unwrap_or_default();
            if !(url.starts_with("http://") || url.starts_with("https://")) || !url.ends_with('/') {
                return Err(format!(
                    "a Mirror rule needs a MirrorURL starting with http:// or https:// and ending with /, not {url:?}"
                ));
            }
            if self.condition.http_error_code_returned_equals != Some(404) {
                return Err("a Mirror rule needs HttpErrorCodeReturnedEquals 404".into());
            }
        }
        if let Some(headers) = &redirect.mirror_headers {
            if headers.pass.len() > 10 || headers.remove.len() > 10 || headers.set.len() > 10 {
                return Err("MirrorHeaders holds at most 10 of Pass, Remove and Set each".into());
            }
            let names = headers
                .pass
                .iter()
                .chain(&headers.remove)
                .chain(headers.set.iter().map(|s| &s.key));
            for name in names {
                if name.is_empty()
                    || name.len() > 1024
                    || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                {
                    return Err(format!(
                        "MirrorHeaders name {name:?} is not 1 to 1024 of 0-9 A-Z a-z -"
                    ));
                }
            }
            if headers
                .set
                .iter()
                .any(|s| s.value.len() > 1024 || s.value.contains(['\r', '\n']))
            {
                return Err(
                    "a MirrorHeaders Set Value is at most 1024 bytes, without CR or LF".into(),
                );
            }
        }
        Ok(())
    }
}
