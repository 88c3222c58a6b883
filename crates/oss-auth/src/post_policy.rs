//! POST policies for browser form uploads (PostObject), signed V1-style or V4, with any
//! dialect's names.
//!
//! A policy is a JSON document with an `expiration` and `conditions`; its base64 form is both
//! the `policy` form field and the string to sign. V4 also requires the signature version,
//! credential and date as conditions, which [`PostPolicy::sign_v4`] adds.
//!
//! The V1-style signature is `base64(HMAC-SHA1(secret, policy))`: OSS's V1, S3's Signature
//! Version 2 and Huawei OBS's form signature alike ([`PostPolicy::sign_v1_in`] with
//! [`Dialect::OBS`] or [`Dialect::OBS_S3`]). V4 is OSS's `OSS4-HMAC-SHA256` or, with a
//! [`V4Signer`] built for [`Dialect::OBS_S3`] or [`Dialect::AWS`], AWS's
//! `AWS4-HMAC-SHA256` (hex HMAC-SHA256 of the policy with the derived key).

use std::time::SystemTime;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ring::hmac;

use crate::dialect::Dialect;
use crate::time::{format_iso8601, format_iso8601_basic};
use crate::v1;
use crate::v4::{Scope, V4Signer};
use crate::{Credentials, SignError};

/// One condition of a POST policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `{"field": "value"}`: the form field must equal the value.
    Equals(String, String),
    /// `["starts-with", "$field", "prefix"]`.
    StartsWith(String, String),
    /// `["content-length-range", min, max]`: the file size in bytes.
    ContentLengthRange(u64, u64),
}

/// A POST policy under construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostPolicy {
    expiration: SystemTime,
    conditions: Vec<Condition>,
}

/// Form fields to send with the upload, besides `key`, `file` and the policy's own fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostFormFields {
    /// `(name, value)` pairs: `policy`, the signature fields and the security token.
    pub fields: Vec<(&'static str, String)>,
    /// The JSON policy that was signed.
    pub policy_json: String,
}

impl PostFormFields {
    /// The value of one field.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl PostPolicy {
    /// A policy that expires at `expiration`.
    pub fn new(expiration: SystemTime) -> Self {
        PostPolicy {
            expiration,
            conditions: Vec::new(),
        }
    }

    /// Requires the upload to go to `bucket`.
    pub fn bucket(self, bucket: impl Into<String>) -> Self {
        self.condition(Condition::Equals("bucket".into(), bucket.into()))
    }

    /// Requires the object key to be exactly `key`.
    pub fn key(self, key: impl Into<String>) -> Self {
        self.condition(Condition::Equals("key".into(), key.into()))
    }

    /// Requires the object key to start with `prefix`.
    pub fn key_starts_with(self, prefix: impl Into<String>) -> Self {
        self.condition(Condition::StartsWith("key".into(), prefix.into()))
    }

    /// Limits the file size to `min..=max` bytes.
    pub fn content_length_range(self, min: u64, max: u64) -> Self {
        self.condition(Condition::ContentLengthRange(min, max))
    }

    /// Adds any condition.
    pub fn condition(mut self, condition: Condition) -> Self {
        self.conditions.push(condition);
        self
    }

    /// The policy as JSON.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"expiration\":");
        push_json_string(&mut out, &format_iso8601(self.expiration));
        out.push_str(",\"conditions\":[");
        for (i, condition) in self.conditions.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match condition {
                Condition::Equals(field, value) => {
                    out.push('{');
                    push_json_string(&mut out, field);
                    out.push(':');
                    push_json_string(&mut out, value);
                    out.push('}');
                }
                Condition::StartsWith(field, prefix) => {
                    out.push_str("[\"starts-with\",");
                    push_json_string(&mut out, &format!("${field}"));
                    out.push(',');
                    push_json_string(&mut out, prefix);
                    out.push(']');
                }
                Condition::ContentLengthRange(min, max) => {
                    out.push_str(&format!("[\"content-length-range\",{min},{max}]"));
                }
            }
        }
        out.push_str("]}");
        out
    }

    /// Signs with OSS's V1: fields `OSSAccessKeyId`, `policy`, `Signature` (and
    /// `x-oss-security-token`).
    pub fn sign_v1(&self, credentials: &Credentials) -> PostFormFields {
        self.sign_v1_in(&Dialect::OSS, credentials)
    }

    /// Signs V1-style with `dialect`'s names: the access key id field, the policy, the
    /// signature field (OBS: `AccessKeyId`, `policy`, `signature`) and the token, which is
    /// also a condition.
    pub fn sign_v1_in(&self, dialect: &Dialect, credentials: &Credentials) -> PostFormFields {
        let mut policy = self.clone();
        let token = credentials.security_token();
        if let Some(token) = token {
            policy = policy.condition(Condition::Equals(
                dialect.security_token_header.into(),
                token.into(),
            ));
        }
        let policy_json = policy.to_json();
        let encoded = BASE64.encode(policy_json.as_bytes());
        let signature = sign_policy_v1(credentials.access_key_secret(), &encoded);
        let mut fields = vec![
            (
                dialect.v1_access_key_param,
                credentials.access_key_id().to_owned(),
            ),
            (dialect.post_policy_field, encoded),
            (dialect.post_signature_field, signature),
        ];
        if let Some(token) = token {
            fields.push((dialect.security_token_header, token.to_owned()));
        }
        PostFormFields {
            fields,
            policy_json,
        }
    }

    /// Signs with V4 at `time` with the signer's dialect: fields `policy`,
    /// `x-oss-signature-version`, `x-oss-credential`, `x-oss-date`, `x-oss-signature` (and
    /// `x-oss-security-token`) for OSS, `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`,
    /// `X-Amz-Signature` (and the token) for S3 and OBS; each but the signature is also added
    /// to the policy's conditions, as the services require.
    pub fn sign_v4(
        &self,
        signer: &V4Signer,
        credentials: &Credentials,
        scope: &Scope<'_>,
        time: SystemTime,
    ) -> Result<PostFormFields, SignError> {
        if scope.region.is_empty() || scope.product.is_empty() {
            return Err(SignError::MissingRegion);
        }
        let d = signer.dialect();
        let datetime = format_iso8601_basic(time);
        let date = &datetime[..8];
        let credential = format!(
            "{}/{}/{}/{}/{}",
            credentials.access_key_id(),
            date,
            scope.region,
            scope.product,
            d.v4_terminator
        );
        let mut signed_fields: Vec<(&'static str, String)> = vec![
            (d.v4_query.signature_version, d.v4_algorithm.to_owned()),
            (d.v4_query.credential, credential),
            (d.v4_query.date, datetime.clone()),
        ];
        if let Some(token) = credentials.security_token() {
            signed_fields.push((d.v4_query.security_token, token.to_owned()));
        }
        let mut policy = self.clone();
        for (name, value) in &signed_fields {
            policy = policy.condition(Condition::Equals((*name).into(), value.clone()));
        }
        let policy_json = policy.to_json();
        let encoded = BASE64.encode(policy_json.as_bytes());
        let signature = sign_policy_v4(
            signer,
            credentials.access_key_secret(),
            date,
            scope,
            &encoded,
        );
        let mut fields = vec![(d.post_policy_field, encoded)];
        fields.extend(signed_fields);
        fields.push((d.v4_query.signature, signature));
        Ok(PostFormFields {
            fields,
            policy_json,
        })
    }
}

fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The V1-style signature of a base64 policy: `base64(HMAC-SHA1(secret, policy))`.
pub fn sign_policy_v1(secret: &str, policy_b64: &str) -> String {
    v1::sign(secret, policy_b64)
}

/// The V4 signature of a base64 policy signed on `date` (`yyyymmdd`) in `scope`: hex
/// HMAC-SHA256 with the key the signer's dialect derives.
pub fn sign_policy_v4(
    signer: &V4Signer,
    secret: &str,
    date: &str,
    scope: &Scope<'_>,
    policy_b64: &str,
) -> String {
    let key = signer.signing_key(secret, date, scope);
    hmac::sign(&key, policy_b64.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks the V1 signature of a PostObject form: `Signature` over the base64 `policy`.
pub fn verify_v1(secret: &str, policy_b64: &str, signature: &str) -> bool {
    v1::verify(secret, policy_b64, signature)
}

/// Checks the V4 signature of a PostObject form, given the fields of its credential.
pub fn verify_v4(
    signer: &V4Signer,
    secret: &str,
    date: &str,
    scope: &Scope<'_>,
    policy_b64: &str,
    signature_hex: &str,
) -> bool {
    signer.verify(secret, date, scope, policy_b64, signature_hex)
}

/// Who signed a PostObject form, once [`verify_form`] has checked it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormSigner {
    /// The form carries no signature fields: an anonymous upload.
    Anonymous,
    /// Signed with these credentials' secret (V1 or V4); the base64 policy it signed.
    Signed {
        /// The access key id that signed.
        access_key_id: String,
        /// The base64 policy (the `policy` field), to be decoded and enforced by the caller.
        policy: String,
    },
}

/// Checks the signature fields of a PostObject form in `dialect`'s names. `field` returns a
/// form field by name (any case); `lookup` the credentials of an access key id.
///
/// V4 (`signature_version` present): the policy, credential, date and signature fields are
/// required, the algorithm must be the dialect's, and the signature is the hex HMAC-SHA256 of
/// the policy under the key the credential's date, region and product derive. V1: the
/// access key id, policy and signature fields come together (any one of them requires the
/// others), and the signature is base64 HMAC-SHA1 of the policy. No signature field at all
/// is [`FormSigner::Anonymous`]. Temporary credentials require their security token field.
/// The policy's own conditions and expiry are the caller's to enforce.
pub fn verify_form<'f, F, L>(
    dialect: &'static Dialect,
    field: F,
    lookup: L,
    now: SystemTime,
) -> Result<FormSigner, crate::verify::VerifyError>
where
    F: Fn(&str) -> Option<&'f str>,
    L: FnOnce(&str) -> Option<Credentials>,
{
    use crate::verify::VerifyError;
    let missing = |name: &str| VerifyError::InvalidArgument {
        message: format!("The form field {name} is required with a signed POST form."),
    };
    let q = &dialect.v4_query;
    let v4 = field(q.signature_version).is_some();
    let v1_names = [
        dialect.v1_access_key_param,
        dialect.post_policy_field,
        dialect.post_signature_field,
    ];
    if !v4 && v1_names.iter().all(|name| field(name).is_none()) {
        return Ok(FormSigner::Anonymous);
    }
    let required = |name: &str| field(name).ok_or_else(|| missing(name));
    let policy = required(dialect.post_policy_field)?;
    // What the form claims: who signed, and how to check it given their secret.
    let (access_key_id, signature, credential) = if v4 {
        let version = required(q.signature_version)?;
        if version != dialect.v4_algorithm {
            return Err(VerifyError::InvalidArgument {
                message: format!(
                    "The form field {} must be {}.",
                    q.signature_version, dialect.v4_algorithm
                ),
            });
        }
        let credential = crate::verify::parse_v4_credential(dialect, required(q.credential)?)
            .map_err(|e| VerifyError::InvalidArgument {
                message: format!("The form field {} is invalid: {}.", q.credential, e.reason),
            })?;
        if !required(q.date)?.starts_with(&credential.date) {
            return Err(VerifyError::InvalidArgument {
                message: format!(
                    "The form field {} does not match the date of {}.",
                    q.date, q.credential
                ),
            });
        }
        let signature = required(q.signature)?;
        (
            credential.access_key_id.clone(),
            signature,
            Some(credential),
        )
    } else {
        let id = required(dialect.v1_access_key_param)?;
        let signature = required(dialect.post_signature_field)?;
        (id.to_owned(), signature, None)
    };
    let credentials = lookup(&access_key_id).ok_or_else(|| VerifyError::InvalidAccessKeyId {
        access_key_id: access_key_id.clone(),
        message: "The OSS Access Key Id you provided does not exist in our records.".to_owned(),
    })?;
    let secret = credentials.access_key_secret();
    let genuine = match &credential {
        Some(credential) => {
            let scope = Scope {
                region: &credential.region,
                product: &credential.product,
            };
            let signer = V4Signer::with_dialect(dialect);
            verify_v4(&signer, secret, &credential.date, &scope, policy, signature)
        }
        None => verify_v1(secret, policy, signature),
    };
    if !genuine {
        return Err(VerifyError::SignatureDoesNotMatch {
            access_key_id,
            signature_provided: signature.to_owned(),
            string_to_sign: policy.to_owned(),
            canonical_request: None,
        });
    }
    let token_field = if v4 {
        q.security_token
    } else {
        dialect.security_token_header
    };
    if field(token_field) != credentials.security_token() {
        return Err(VerifyError::InvalidAccessKeyId {
            access_key_id,
            message: "The security token you provided is invalid.".to_owned(),
        });
    }
    if credentials.expiration().is_some_and(|expiry| expiry < now) {
        return Err(VerifyError::AccessDenied {
            message: "The security token you provided has expired.".to_owned(),
        });
    }
    Ok(FormSigner::Signed {
        access_key_id,
        policy: policy.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::from_unix_seconds;

    #[test]
    fn v1_matches_the_reference_policy_computation() {
        // Reference §6.3: this policy signed with the document's secret (the printed signature
        // is a placeholder; the value here is recomputed from the formula).
        let policy_b64 = "eyJleHBpcmF0aW9uIjoiMjAxMy0xMi0wMVQxMjowMDowMFoiLCJjb25kaXRpb25zIjpbWyJjb250ZW50LWxlbmd0aC1yYW5nZSIsIDAsIDEwNDg1NzYwXSx7ImJ1Y2tldCI6ImFoYWhhIn0sIHsiQSI6ICJhIn0seyJrZXkiOiAiQUJDIn1dfQ==";
        let secret = "OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV";
        assert_eq!(v1::sign(secret, policy_b64), "BgRcDqgNsBCQtbrBAphnACiP3yw=");
        assert!(verify_v1(
            secret,
            policy_b64,
            "BgRcDqgNsBCQtbrBAphnACiP3yw="
        ));
        assert!(!verify_v1(
            "other",
            policy_b64,
            "BgRcDqgNsBCQtbrBAphnACiP3yw="
        ));
    }

    #[test]
    fn policy_json_escapes_and_orders_conditions() {
        let policy = PostPolicy::new(from_unix_seconds(1_417_435_200))
            .bucket("johnsmith")
            .key_starts_with("user/\"eric\"/")
            .content_length_range(1, 10);
        assert_eq!(
            policy.to_json(),
            r#"{"expiration":"2014-12-01T12:00:00.000Z","conditions":[{"bucket":"johnsmith"},["starts-with","$key","user/\"eric\"/"],["content-length-range",1,10]]}"#
        );
    }

    #[test]
    fn v4_fields_are_in_the_policy_and_verify() {
        let signer = V4Signer::new();
        let creds = Credentials::new("ak", "sk").with_security_token("tok");
        let scope = Scope::oss("cn-hangzhou");
        let form = PostPolicy::new(from_unix_seconds(1_702_800_000))
            .bucket("b")
            .sign_v4(&signer, &creds, &scope, from_unix_seconds(1_702_781_677))
            .unwrap();
        let d = &Dialect::OSS;
        let credential = format!(
            "ak/20231217/cn-hangzhou/{}/{}",
            d.v4_product, d.v4_terminator
        );
        let condition = |name: &str, value: &str| format!(r#"{{"{name}":"{value}"}}"#);
        assert!(form
            .policy_json
            .contains(&condition(d.v4_query.credential, &credential)));
        assert!(form
            .policy_json
            .contains(&condition(d.v4_query.security_token, "tok")));
        let policy = form.field(d.post_policy_field).unwrap();
        let signature = form.field(d.v4_query.signature).unwrap();
        assert!(verify_v4(
            &signer, "sk", "20231217", &scope, policy, signature
        ));
        assert!(!verify_v4(
            &signer, "sk", "20231218", &scope, policy, signature
        ));
    }

    #[test]
    fn forms_verify_by_their_fields() {
        let d = &Dialect::OSS;
        let now = from_unix_seconds(1_702_781_677);
        let creds = Credentials::new("ak", "sk").with_security_token("tok");
        let lookup = |id: &str| (id == "ak").then(|| creds.clone());
        let v1 = PostPolicy::new(now).sign_v1(&creds);
        let v4 = PostPolicy::new(now)
            .sign_v4(&V4Signer::new(), &creds, &Scope::oss("cn-hangzhou"), now)
            .unwrap();
        for (form, signature) in [(&v1, d.post_signature_field), (&v4, d.v4_query.signature)] {
            let field = |name: &str| form.field(name);
            let signer = verify_form(d, field, lookup, now).unwrap();
            assert!(
                matches!(signer, FormSigner::Signed { ref access_key_id, .. } if access_key_id == "ak")
            );
            // Another secret, a missing token, a missing signature field.
            let other = Credentials::new("ak", "other").with_security_token("tok");
            let error = verify_form(d, field, |_| Some(other.clone()), now).unwrap_err();
            assert_eq!(error.code(), "SignatureDoesNotMatch");
            let no_token = |name: &str| {
                (name != d.security_token_header)
                    .then(|| form.field(name))
                    .flatten()
            };
            let error = verify_form(d, no_token, lookup, now).unwrap_err();
            assert_eq!(error.code(), "InvalidAccessKeyId");
            let partial = |name: &str| (name != signature).then(|| form.field(name)).flatten();
            let error = verify_form(d, partial, lookup, now).unwrap_err();
            assert_eq!(error.code(), "InvalidArgument");
        }
        assert_eq!(
            verify_form(d, |_| None, lookup, now).unwrap(),
            FormSigner::Anonymous
        );
    }
}
