//! Alibaba Cloud's RPC-style API signatures (signature method V2: `HMAC-SHA1`, version `1.0`),
//! which STS (AssumeRole) and the other POP APIs use, for the client that calls them and the
//! server that checks them.
//!
//! ```text
//! CanonicalizedQuery = the parameters but Signature, sorted by name, each encoded(name)=encoded(value), joined by &
//! StringToSign       = METHOD & encoded("/") & encoded(CanonicalizedQuery)
//! Signature          = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))
//! ```
//! `encoded` is RFC 3986 with only the unreserved characters left as they are (space is
//! `%20`, `*` is `%2A`). The parameters travel in the query (GET) or in an
//! `application/x-www-form-urlencoded` body (POST); the same string is signed either way.
//! The parameter names are in [`RpcNames`]; the names of STS's own parameters in
//! [`crate::dialect::StsApi`].

use crate::encoding::{encode_component, encode_into};
use crate::v1;

/// The common parameter names and values of a signed RPC request.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct RpcNames {
    /// The operation (`Action`).
    pub action: &'static str,
    /// The API version (`Version`).
    pub version: &'static str,
    /// The answer's format (`Format`).
    pub format: &'static str,
    /// The caller's access key id (`AccessKeyId`).
    pub access_key_id: &'static str,
    /// The STS token of a temporary caller (`SecurityToken`).
    pub security_token: &'static str,
    /// `SignatureMethod`, whose value is [`RpcNames::signature_method_value`].
    pub signature_method: &'static str,
    /// `HMAC-SHA1`.
    pub signature_method_value: &'static str,
    /// `SignatureVersion`, whose value is [`RpcNames::signature_version_value`].
    pub signature_version: &'static str,
    /// `1.0`.
    pub signature_version_value: &'static str,
    /// A value used once (`SignatureNonce`), against replays.
    pub signature_nonce: &'static str,
    /// The request time, ISO 8601 in UTC (`Timestamp`).
    pub timestamp: &'static str,
    /// The signature itself (`Signature`).
    pub signature: &'static str,
}

impl RpcNames {
    /// Alibaba Cloud's names.
    pub const ALIBABA: RpcNames = RpcNames {
        action: "Action",
        version: "Version",
        format: "Format",
        access_key_id: "AccessKeyId",
        security_token: "SecurityToken",
        signature_method: "SignatureMethod",
        signature_method_value: "HMAC-SHA1",
        signature_version: "SignatureVersion",
        signature_version_value: "1.0",
        signature_nonce: "SignatureNonce",
        timestamp: "Timestamp",
        signature: "Signature",
    };
}

/// The string to sign for `method` and the request's parameters (decoded); a `Signature`
/// among them is left out.
pub fn string_to_sign(names: &RpcNames, method: &str, params: &[(&str, &str)]) -> String {
    let mut sorted: Vec<&(&str, &str)> = params
        .iter()
        .filter(|(name, _)| *name != names.signature)
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(b.1)));
    let mut canonical = String::new();
    for (i, (name, value)) in sorted.into_iter().enumerate() {
        if i > 0 {
            canonical.push('&');
        }
        encode_into(&mut canonical, name, false);
        canonical.push('=');
        encode_into(&mut canonical, value, false);
    }
    let mut out = String::with_capacity(method.len() + canonical.len() * 3 / 2 + 8);
    out.push_str(&method.to_ascii_uppercase());
    out.push_str("&%2F&");
    out.push_str(&encode_component(&canonical));
    out
}

/// `base64(HMAC-SHA1(secret + "&", string_to_sign))`.
pub fn sign(secret: &str, string_to_sign: &str) -> String {
    v1::sign(&format!("{secret}&"), string_to_sign)
}

/// Checks a base64 signature in constant time.
pub fn verify(secret: &str, string_to_sign: &str, signature: &str) -> bool {
    v1::verify(&format!("{secret}&"), string_to_sign, signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of Alibaba Cloud's "signature method V2 for RPC APIs" page
    /// (ECS DescribeRegions, secret `testsecret`).
    #[test]
    fn the_documented_example() {
        let params = [
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("Format", "XML"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2016-02-23T12:46:24Z"),
            ("Version", "2014-05-26"),
        ];
        let sts = string_to_sign(&RpcNames::ALIBABA, "GET", &params);
        assert_eq!(
            sts,
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
        );
        assert_eq!(sign("testsecret", &sts), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
        assert!(verify("testsecret", &sts, "OLeaidS1JvxuMvnyHOwuJ+uX5qY="));
        assert!(!verify("testsecret2", &sts, "OLeaidS1JvxuMvnyHOwuJ+uX5qY="));
    }
}
