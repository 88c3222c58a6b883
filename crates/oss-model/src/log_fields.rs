//! Put/Get/DeleteUserDefinedLogFieldsConfig: the request headers and query parameters a
//! bucket's real-time log records in its `user_defined_log_fields` field.

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};

/// `UserDefinedLogFieldsConfiguration{HeaderSet?{header*}, ParamSet?{parameter*}}`.
///
/// ```
/// use oss_model::{UserDefinedLogFieldsConfiguration, XmlBody};
///
/// let config = UserDefinedLogFieldsConfiguration::new(["x-trace"], ["utm"]);
/// let xml = config.to_xml();
/// assert!(xml.contains("<HeaderSet><header>x-trace</header></HeaderSet>"));
/// assert_eq!(UserDefinedLogFieldsConfiguration::from_xml(&xml).unwrap(), config);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UserDefinedLogFieldsConfiguration {
    /// `HeaderSet`: the request headers to record.
    #[serde(rename = "HeaderSet", default, skip_serializing_if = "Option::is_none")]
    pub header_set: Option<LogHeaderSet>,
    /// `ParamSet`: the query parameters to record.
    #[serde(rename = "ParamSet", default, skip_serializing_if = "Option::is_none")]
    pub param_set: Option<LogParamSet>,
}

/// `HeaderSet` of a [`UserDefinedLogFieldsConfiguration`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LogHeaderSet {
    /// `header`: header names.
    #[serde(rename = "header", default)]
    pub headers: Vec<String>,
}

/// `ParamSet` of a [`UserDefinedLogFieldsConfiguration`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LogParamSet {
    /// `parameter`: query parameter names.
    #[serde(rename = "parameter", default)]
    pub parameters: Vec<String>,
}

impl UserDefinedLogFieldsConfiguration {
    /// A configuration recording `headers` and `parameters`.
    pub fn new<H, P>(
        headers: impl IntoIterator<Item = H>,
        parameters: impl IntoIterator<Item = P>,
    ) -> Self
    where
        H: Into<String>,
        P: Into<String>,
    {
        let headers: Vec<String> = headers.into_iter().map(Into::into).collect();
        let parameters: Vec<String> = parameters.into_iter().map(Into::into).collect();
        UserDefinedLogFieldsConfiguration {
            header_set: (!headers.is_empty()).then_some(LogHeaderSet { headers }),
            param_set: (!parameters.is_empty()).then_some(LogParamSet { parameters }),
        }
    }

    /// The header names (none if there is no `HeaderSet`).
    pub fn headers(&self) -> &[String] {
        self.header_set.as_ref().map_or(&[], |s| &s.headers)
    }

    /// The query parameter names (none if there is no `ParamSet`).
    pub fn parameters(&self) -> &[String] {
        self.param_set.as_ref().map_or(&[], |s| &s.parameters)
    }
}

xml_body!(
    UserDefinedLogFieldsConfiguration,
    "UserDefinedLogFieldsConfiguration"
);

impl Document for UserDefinedLogFieldsConfiguration {
    /// Every header and parameter is a non-empty name without white space.
    fn check(&self) -> Result<(), RuleError> {
        for (what, names) in [("header", self.headers()), ("parameter", self.parameters())] {
            if let Some(bad) = names
                .iter()
                .find(|n| n.is_empty() || n.chars().any(char::is_whitespace))
            {
                return Err(RuleError::new(
                    Rule::Document,
                    format!("{what} {bad:?} is not a name"),
                ));
            }
        }
        Ok(())
    }
}

impl crate::op::Setting for UserDefinedLogFieldsConfiguration {
    /// No extra fields (a bucket's configuration when none was set).
    fn unset() -> Self {
        UserDefinedLogFieldsConfiguration::default()
    }
}
