//! The public signature vectors (data/signing_vectors.json), signed and then verified: OSS V1
//! and V4 (with their signers and, identically, through [`Scheme`]), and AWS SigV4 (AWS's
//! test suite and the S3 reference's examples) through [`Scheme`].

use std::time::{Duration, SystemTime};

use oss_auth::aws_v4::AwsV4Signer;
use oss_auth::dialect::Dialect;
use oss_auth::time::from_unix_seconds;
use oss_auth::v1::V1Signer;
use oss_auth::v4::{Scope, V4Options, V4Signer};
use oss_auth::verify::{Verified, Verifier};
use oss_auth::{
    Credentials, PresignedQuery, Scheme, SignableRequest, SignedHeaders, SigningParams,
};
use serde_json::Value;

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap().to_owned(),
                        p[1].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn borrow(p: &[(String, String)]) -> Vec<(&str, &str)> {
    p.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

fn sha256_hex(s: &str) -> String {
    ring::digest::digest(&ring::digest::SHA256, s.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What one case's signing produced, in a form every scheme shares.
struct Signed {
    string_to_sign: String,
    canonical_request: Option<String>,
    /// Output headers or query parameters, plus derived values, by name.
    fields: Vec<(String, String)>,
    sent_headers: Vec<(String, String)>,
    sent_query: Vec<(String, String)>,
    /// A moment at which the signature must verify.
    now: SystemTime,
}

impl Signed {
    fn headers(signed: SignedHeaders, now: SystemTime) -> Self {
        let sent: Vec<(String, String)> = signed
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect();
        Signed {
            string_to_sign: signed.string_to_sign,
            canonical_request: signed.canonical_request,
            fields: sent.clone(),
            sent_headers: sent,
            sent_query: vec![],
            now,
        }
    }

    fn query(signed: PresignedQuery, now: SystemTime) -> Self {
        let sent: Vec<(String, String)> = signed
            .params
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect();
        Signed {
            string_to_sign: signed.string_to_sign,
            canonical_request: signed.canonical_request,
            fields: sent.clone(),
            sent_headers: vec![],
            sent_query: sent,
            now,
        }
    }

    fn field(&self, name: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }
}

#[test]
fn every_public_vector_signs_as_published_and_verifies() {
    let doc: Value = serde_json::from_str(include_str!("data/signing_vectors.json")).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    let aws = cases
        .iter()
        .filter(|c| c["scheme"].as_str().unwrap().starts_with("aws-"))
        .count();
    assert!(aws >= 30, "{aws} AWS cases");
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let query = pairs(&case["query"]);
        let headers = pairs(&case["headers"]);
        let (query, headers) = (borrow(&query), borrow(&headers));
        let mut request = SignableRequest::new(case["method"].as_str().unwrap())
            .query(&query)
            .headers(&headers);
        request.bucket = case["bucket"].as_str();
        request.key = case["key"].as_str();
        request.host = case["host"].as_str();
        request.path = case["path"].as_str();
        let mut creds = Credentials::new(
            case["access_key_id"].as_str().unwrap_or("ak"),
            case["access_key_secret"].as_str().unwrap_or("sk"),
        );
        if let Some(token) = case["security_token"].as_str() {
            creds = creds.with_security_token(token);
        }
        let additional: Vec<&str> = case["additional_headers"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str().unwrap()).collect())
            .unwrap_or_default();
        let options = V4Options {
            additional_headers: &additional,
        };
        let scope = Scope {
            region: case["region"].as_str().unwrap_or(""),
            product: case["product"].as_str().unwrap_or(""),
        };
        let time = from_unix_seconds(case["time"].as_u64().unwrap_or(0));
        let v4 = V4Signer::new();
        let mut params = SigningParams::new(time)
            .region(scope.region)
            .additional_headers(&additional);
        if !scope.product.is_empty() {
            params = params.product(scope.product);
        }
        if let Some(hash) = case["payload_sha256"].as_str() {
            params = params.payload_sha256(hash);
        }
        let aws = Scheme::from(
            AwsV4Signer::new().payload_header(case["payload_header"].as_bool().unwrap_or(true)),
        );

        // Sign; collect what the case can check. The OSS cases sign through their signers and
        // must sign identically through the `Scheme` that wraps them.
        let signed = match case["scheme"].as_str().unwrap() {
            "v1-header" => {
                let signed = V1Signer::new().sign_headers(&request, &creds, time);
                let through_scheme = Scheme::oss_v1().sign_headers(&request, &creds, &params);
                assert_eq!(through_scheme.as_ref(), Ok(&signed), "{name}: scheme");
                Signed::headers(signed, time)
            }
            "v1-query" => {
                let expires = from_unix_seconds(case["expires"].as_u64().unwrap());
                let presigned = V1Signer::new().presign(&request, &creds, expires).unwrap();
                let expires_in = expires.duration_since(time).unwrap();
                let through_scheme =
                    Scheme::oss_v1().presign(&request, &creds, &params, expires_in);
                assert_eq!(through_scheme.as_ref(), Ok(&presigned), "{name}: scheme");
                let query_string = presigned.query_string(&request);
                let mut signed = Signed::query(presigned, expires - Duration::from_secs(1));
                signed.fields.push(("query_string".into(), query_string));
                signed
            }
            "v4-header" => {
                let signed = v4
                    .sign_headers_with(&request, &creds, &scope, time, &options)
                    .unwrap();
                let through_scheme = Scheme::oss_v4().sign_headers(&request, &creds, &params);
                assert_eq!(through_scheme.as_ref(), Ok(&signed), "{name}: scheme");
                Signed::headers(signed, time)
            }
            "v4-query" => {
                let expires_in = Duration::from_secs(case["expires_in"].as_u64().unwrap());
                let presigned = v4
                    .presign_with(&request, &creds, &scope, time, expires_in, &options)
                    .unwrap();
                let through_scheme =
                    Scheme::oss_v4().presign(&request, &creds, &params, expires_in);
                assert_eq!(through_scheme.as_ref(), Ok(&presigned), "{name}: scheme");
                Signed::query(presigned, time)
            }
            "aws-v4-header" => {
                let signed = aws.sign_headers(&request, &creds, &params).unwrap();
                let canonical = signed.canonical_request.clone().unwrap();
                let authorization = signed.header("Authorization").unwrap().to_owned();
                let mut out = Signed::headers(signed, time);
                out.fields.extend(authorization_fields(&authorization));
                out.fields.push((
                    "canonical_uri".into(),
                    canonical.split('\n').nth(1).unwrap().to_owned(),
                ));
                out
            }
            "aws-v4-query" => {
                let expires_in = Duration::from_secs(case["expires_in"].as_u64().unwrap());
                let presigned = aws.presign(&request, &creds, &params, expires_in).unwrap();
                let query_string = presigned.query_string(&request);
                let url = presigned.url(&format!("https://{}", request.host.unwrap()), &request);
                let mut out = Signed::query(presigned, time);
                out.fields.push(("query_string".into(), query_string));
                out.fields.push(("url".into(), url));
                out
            }
            other => panic!("{name}: unknown scheme {other}"),
        };
        let expect = case["expect"].as_object().unwrap();
        assert!(!expect.is_empty(), "{name}: nothing to check");
        for (field, want) in expect {
            let want = want.as_str().unwrap();
            let got = match field.as_str() {
                "string_to_sign" => Some(signed.string_to_sign.clone()),
                "canonical_request" => signed.canonical_request.clone(),
                "canonical_request_sha256" => {
                    let hash_line = signed.string_to_sign.rsplit('\n').next().unwrap();
                    let canonical = signed.canonical_request.as_deref().unwrap();
                    assert_eq!(sha256_hex(canonical), hash_line, "{name}");
                    Some(hash_line.to_owned())
                }
                other => signed.field(other),
            };
            assert_eq!(got.as_deref(), Some(want), "{name}: {field}");
        }
        for (field, unwanted) in case["expect_not"].as_object().into_iter().flatten() {
            let got = signed.field(field);
            assert!(got.is_some(), "{name}: no {field}");
            assert_ne!(got.as_deref(), unwanted.as_str(), "{name}: {field}");
        }
        if case["verify"] == Value::Bool(false) {
            continue;
        }

        // What was signed verifies, against the same credentials.
        let mut all_headers: Vec<(String, String)> = pairs(&case["headers"])
            .into_iter()
            .filter(|(n, _)| {
                !signed
                    .sent_headers
                    .iter()
                    .any(|(s, _)| s.eq_ignore_ascii_case(n))
            })
            .collect();
        all_headers.extend(signed.sent_headers.clone());
        let mut all_query = pairs(&case["query"]);
        all_query.extend(signed.sent_query.clone());
        let (h, q) = (borrow(&all_headers), borrow(&all_query));
        let received = SignableRequest {
            headers: &h,
            query: &q,
            ..request
        };
        let verifier = if case["scheme"].as_str().unwrap().starts_with("aws-") {
            Verifier::with_dialect(&Dialect::AWS)
        } else {
            Verifier::new()
        };
        let outcome = verifier.verify(&received, signed.now, |ak| {
            (ak == creds.access_key_id()).then(|| creds.clone())
        });
        assert!(
            matches!(outcome, Ok(Verified::Signed { .. })),
            "{name}: {outcome:?}"
        );
    }
}

/// `signature` and `signed_headers` from an `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…,
/// Signature=…` value.
fn authorization_fields(value: &str) -> Vec<(String, String)> {
    value
        .split_once(' ')
        .unwrap()
        .1
        .split(',')
        .filter_map(|field| field.trim().split_once('='))
        .filter_map(|(name, value)| match name {
            "SignedHeaders" => Some(("signed_headers".to_owned(), value.to_owned())),
            "Signature" => Some(("signature".to_owned(), value.to_owned())),
            _ => None,
        })
        .collect()
}
