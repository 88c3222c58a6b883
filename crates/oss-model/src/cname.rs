//! PutCname, ListCname, DeleteCname, CreateCnameToken, GetCnameToken: custom domains bound to a
//! bucket (`BucketCnameConfiguration{Cname{Domain, CertificateConfiguration?}}`) and the
//! tokens that prove a domain is the caller's.

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};
use crate::xml::lenient;

/// `BucketCnameConfiguration{Cname}`: the body of PutCname, DeleteCname and CreateCnameToken.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BucketCnameConfiguration {
    /// `Cname`.
    #[serde(rename = "Cname", default)]
    pub cname: CnameRequest,
}

xml_body!(BucketCnameConfiguration, "BucketCnameConfiguration");

/// The `Cname` of a [`BucketCnameConfiguration`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CnameRequest {
    /// `Domain`.
    #[serde(default)]
    pub domain: String,
    /// `CertificateConfiguration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_configuration: Option<CertificateConfiguration>,
}

/// The certificate to bind (or unbind) with a domain.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CertificateConfiguration {
    /// `CertId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_id: Option<String>,
    /// `Certificate`: PEM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// `PrivateKey`: PEM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<String>,
    /// `PreviousCertId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_cert_id: Option<String>,
    /// `Force`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub force: Option<bool>,
    /// `DeleteCertificate`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub delete_certificate: Option<bool>,
}

impl BucketCnameConfiguration {
    /// A configuration naming `domain`.
    pub fn new(domain: impl Into<String>) -> Self {
        BucketCnameConfiguration {
            cname: CnameRequest {
                domain: domain.into(),
                certificate_configuration: None,
            },
        }
    }
}

impl Document for BucketCnameConfiguration {
    /// A domain name: labels of letters, digits and hyphens, separated by dots.
    fn check(&self) -> Result<(), RuleError> {
        let domain = &self.cname.domain;
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '*')
        };
        if domain.len() > 253 || !domain.contains('.') || !domain.split('.').all(label_ok) {
            return Err(RuleError::new(
                Rule::Document,
                format!("{domain:?} is not a domain name"),
            ));
        }
        Ok(())
    }
}

/// `CnameToken{Bucket, Cname, Token, ExpireTime}`: the response of Create/GetCnameToken.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CnameToken {
    /// `Bucket`.
    #[serde(default)]
    pub bucket: String,
    /// `Cname`.
    #[serde(default)]
    pub cname: String,
    /// `Token`: the TXT record to publish.
    #[serde(default)]
    pub token: String,
    /// `ExpireTime`.
    #[serde(default)]
    pub expire_time: String,
}

xml_body!(CnameToken, "CnameToken");

/// `ListCnameResult{Bucket, Owner, Cname*}`: ListCname's response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCnameResult {
    /// `Bucket`.
    #[serde(default)]
    pub bucket: String,
    /// `Owner`.
    #[serde(default)]
    pub owner: String,
    /// `Cname*`.
    #[serde(rename = "Cname", default)]
    pub cnames: Vec<CnameInfo>,
}

xml_body!(ListCnameResult, "ListCnameResult");

/// One `Cname` of a [`ListCnameResult`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CnameInfo {
    /// `Domain`.
    #[serde(default)]
    pub domain: String,
    /// `LastModified`.
    #[serde(default)]
    pub last_modified: String,
    /// `Status`: `Enabled` or `Disabled`.
    #[serde(default)]
    pub status: String,
}
