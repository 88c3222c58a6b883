//! Put/GetBucketReferer: `RefererConfiguration{AllowEmptyReferer, AllowTruncateQueryString?,
//! TruncatePath?, RefererList{Referer*}, RefererBlacklist?{Referer*}}`, and the rule deciding
//! whether a `Referer` may read the bucket ([`RefererConfiguration::allows`]).

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};
use crate::xml::lenient;

/// `RefererConfiguration`: the request body of PutBucketReferer and the response of
/// GetBucketReferer. A bucket that never had one answers with the default: empty referers
/// allowed, no list.
///
/// ```
/// use oss_model::{RefererConfiguration, XmlBody};
///
/// let config = RefererConfiguration::allowing(["http://www.*.com", "https://www.?.example.com"])
///     .allow_empty_referer(false);
/// assert!(config.allows(Some("http://www.example.com")));
/// assert!(!config.allows(Some("http://www.example.com/page"))); // the whole referer must match
/// assert!(config.allows(Some("https://www.a.example.com")));
/// assert!(!config.allows(Some("https://evil.org/")));
/// assert!(!config.allows(None));
/// assert_eq!(RefererConfiguration::from_xml(config.to_xml()).unwrap(), config);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefererConfiguration {
    /// `AllowEmptyReferer`: whether a request without a `Referer` (or an empty one) passes.
    #[serde(rename = "AllowEmptyReferer", deserialize_with = "lenient::boolean")]
    pub allow_empty_referer: bool,
    /// `AllowTruncateQueryString`: whether the `Referer`'s query string is cut off before it
    /// is matched (the service's default: yes).
    #[serde(
        rename = "AllowTruncateQueryString",
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub allow_truncate_query_string: Option<bool>,
    /// `TruncatePath`: whether the `Referer`'s path is cut off too (only with the query
    /// string truncated).
    #[serde(
        rename = "TruncatePath",
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub truncate_path: Option<bool>,
    /// `RefererList/Referer*`: the whitelist (`*` any run of characters, `?` one); empty lets
    /// every referer through.
    #[serde(rename = "RefererList", default, with = "referer_list")]
    pub referers: Vec<String>,
    /// `RefererBlacklist/Referer*`: referers refused even when the whitelist lets them in.
    #[serde(
        rename = "RefererBlacklist",
        default,
        with = "optional_referer_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub blacklist: Option<Vec<String>>,
}

mod referer_list {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct List {
        #[serde(rename = "Referer", default)]
        items: Vec<String>,
    }

    pub(super) fn serialize<S: Serializer>(
        items: &[String],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        List {
            items: items.to_vec(),
        }
        .serialize(serializer)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<String>, D::Error> {
        List::deserialize(deserializer).map(|l| l.items)
    }
}

mod optional_referer_list {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct List {
        #[serde(rename = "Referer", default)]
        items: Vec<String>,
    }

    pub(super) fn serialize<S: Serializer>(
        items: &Option<Vec<String>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let items = items.clone().unwrap_or_default();
        List { items }.serialize(serializer)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<String>>, D::Error> {
        List::deserialize(deserializer).map(|l| Some(l.items))
    }
}

xml_body!(RefererConfiguration, "RefererConfiguration");

impl crate::op::Setting for RefererConfiguration {
    /// Every referer allowed (a bucket's configuration when none was set).
    fn unset() -> Self {
        RefererConfiguration::default()
    }
}

impl Default for RefererConfiguration {
    /// What a bucket without a configuration has: empty referers allowed, no list.
    fn default() -> Self {
        RefererConfiguration {
            allow_empty_referer: true,
            allow_truncate_query_string: None,
            truncate_path: None,
            referers: Vec::new(),
            blacklist: None,
        }
    }
}

/// The most referers a list holds.
pub const MAX_REFERERS: usize = 100;

impl RefererConfiguration {
    /// A whitelist of these referers, empty referers allowed.
    pub fn allowing<R: Into<String>>(referers: impl IntoIterator<Item = R>) -> Self {
        RefererConfiguration {
            referers: referers.into_iter().map(Into::into).collect(),
            ..RefererConfiguration::default()
        }
    }

    /// The same configuration with empty referers allowed or not.
    pub fn allow_empty_referer(mut self, allow: bool) -> Self {
        self.allow_empty_referer = allow;
        self
    }

    /// The same configuration with a blacklist.
    pub fn blacklist<R: Into<String>>(mut self, referers: impl IntoIterator<Item = R>) -> Self {
        self.blacklist = Some(referers.into_iter().map(Into::into).collect());
        self
    }

    /// Whether a request with this `Referer` header (`None`: without one) may access the
    /// bucket anonymously or through a presigned URL. An empty referer passes only with
    /// `AllowEmptyReferer`; any other must match the whitelist when it has entries, and no
    /// blacklist entry. Matching ignores ASCII case, and the query string unless
    /// `AllowTruncateQueryString` is `false`.
    pub fn allows(&self, referer: Option<&str>) -> bool {
        let referer = referer.map(str::trim).unwrap_or_default();
        if referer.is_empty() {
            return self.allow_empty_referer;
        }
        let mut subject = referer;
        if self.allow_truncate_query_string != Some(false) {
            subject = subject.split(['?', '#']).next().unwrap_or(subject);
            if self.truncate_path == Some(true) {
                subject = without_path(subject);
            }
        }
        let matches = |patterns: &[String]| {
            patterns
                .iter()
                .any(|p| wildcard_match(p.trim(), subject) || wildcard_match(p.trim(), referer))
        };
        if self.blacklist.as_deref().is_some_and(matches) {
            return false;
        }
        self.referers.is_empty() || matches(&self.referers)
    }
}

/// `scheme://host[:port]` of a URL (the whole text when it has no path).
fn without_path(url: &str) -> &str {
    let start = url.find("://").map_or(0, |i| i + 3);
    match url[start..].find('/') {
        Some(i) => &url[..start + i],
        None => url,
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters and `?` for
/// exactly one, ignoring ASCII case.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().map(|c| c.to_ascii_lowercase()).collect();
    let text: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
    // Greedy matching with one backtrack point per `*`: linear in practice, never
    // exponential.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

impl Document for RefererConfiguration {
    /// At most 100 referers in each list, none empty.
    fn check(&self) -> Result<(), RuleError> {
        let lists = [Some(&self.referers), self.blacklist.as_ref()];
        for (name, list) in ["RefererList", "RefererBlacklist"].iter().zip(lists) {
            let Some(list) = list else { continue };
            if list.len() > MAX_REFERERS {
                return Err(RuleError::new(
                    Rule::Document,
                    format!(
                        "{name} holds at most {MAX_REFERERS} referers, not {}",
                        list.len()
                    ),
                ));
            }
            if list.iter().any(|r| r.trim().is_empty()) {
                return Err(RuleError::new(
                    Rule::Document,
                    format!("{name} holds an empty Referer"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_match("http://www.*.com", "http://www.aliyun.com"));
        assert!(wildcard_match(
            "https://www.?.example.com",
            "https://www.a.example.com"
        ));
        assert!(!wildcard_match(
            "https://www.?.example.com",
            "https://www.ab.example.com"
        ));
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("a*b*c", "axxbyyc"));
        assert!(!wildcard_match("a*b*c", "axxbyy"));
        assert!(wildcard_match("HTTP://X.COM", "http://x.com"));
    }

    #[test]
    fn query_strings_and_paths() {
        let config = RefererConfiguration::allowing(["http://a.com/page"]);
        assert!(config.allows(Some("http://a.com/page?x=1")));
        let strict = RefererConfiguration {
            allow_truncate_query_string: Some(false),
            ..config.clone()
        };
        assert!(!strict.allows(Some("http://a.com/page?x=1")));
        let host_only = RefererConfiguration {
            truncate_path: Some(true),
            ..RefererConfiguration::allowing(["http://a.com"])
        };
        assert!(host_only.allows(Some("http://a.com/deep/page?q")));
        let black = RefererConfiguration::default().blacklist(["*.evil.com*"]);
        assert!(black.allows(Some("http://good.com/")));
        assert!(!black.allows(Some("http://www.evil.com/")));
    }
}
