//! Put/Get/DeleteBucketEncryption: `ServerSideEncryptionRule{ApplyServerSideEncryptionByDefault{
//! SSEAlgorithm, KMSMasterKeyID?, KMSDataEncryption?}}`, the encryption a bucket applies to
//! every object written without one of its own.

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};
use crate::ServerSideEncryptionRule;

/// The bucket's default encryption: PutBucketEncryption's body and GetBucketEncryption's
/// response (root `ServerSideEncryptionRule`).
///
/// ```
/// use oss_model::{BucketEncryption, XmlBody};
///
/// let rule = BucketEncryption::new("AES256");
/// assert!(rule.to_xml().contains("<SSEAlgorithm>AES256</SSEAlgorithm>"));
/// assert_eq!(BucketEncryption::from_xml(rule.to_xml()).unwrap(), rule);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BucketEncryption {
    /// `ApplyServerSideEncryptionByDefault`: the algorithm and, with KMS, the key.
    #[serde(rename = "ApplyServerSideEncryptionByDefault")]
    pub default: ServerSideEncryptionRule,
}

xml_body!(BucketEncryption, "ServerSideEncryptionRule");

/// The algorithms a bucket may apply by default.
pub const SSE_ALGORITHMS: &[&str] = &["AES256", "KMS", "SM4"];

impl BucketEncryption {
    /// A default encryption with `algorithm` (`AES256`, `KMS` or `SM4`).
    pub fn new(algorithm: impl Into<String>) -> Self {
        BucketEncryption {
            default: ServerSideEncryptionRule {
                sse_algorithm: algorithm.into(),
                kms_master_key_id: None,
                kms_data_encryption: None,
            },
        }
    }

    /// The same rule with a KMS key id (with `KMS` only).
    pub fn kms_key_id(mut self, key_id: impl Into<String>) -> Self {
        self.default.kms_master_key_id = Some(key_id.into());
        self
    }
}

impl Document for BucketEncryption {
    /// The algorithm is `AES256`, `KMS` or `SM4`; a key id and a data encryption (`SM4`) only
    /// with `KMS`.
    fn check(&self) -> Result<(), RuleError> {
        let fail = |message: String| Err(RuleError::new(Rule::Document, message));
        let rule = &self.default;
        if !SSE_ALGORITHMS.contains(&rule.sse_algorithm.as_str()) {
            return fail(format!(
                "SSEAlgorithm must be one of {}, not {:?}",
                SSE_ALGORITHMS.join(", "),
                rule.sse_algorithm
            ));
        }
        let kms = rule.sse_algorithm == "KMS";
        if rule
            .kms_master_key_id
            .as_deref()
            .is_some_and(|k| !k.is_empty())
            && !kms
        {
            return fail("KMSMasterKeyID is only valid with SSEAlgorithm KMS".into());
        }
        if let Some(data) = rule
            .kms_data_encryption
            .as_deref()
            .filter(|d| !d.is_empty())
        {
            if !kms || data != "SM4" {
                return fail("KMSDataEncryption is only valid as SM4 with SSEAlgorithm KMS".into());
            }
        }
        Ok(())
    }
}
