//! Round trips for the Huawei OBS and Tencent COS schemes, without any SDK: what is signed
//! verifies with the documented outcome, and any change to a signed part, an expired window,
//! another secret or a wrong token fails with the documented code. (The differential tests
//! against the vendors' SDKs are in the workspace's `tests/` crate.)

use std::time::{Duration, SystemTime};

use oss_auth::aws_v4::AwsV4Signer;
use oss_auth::dialect::Dialect;
use oss_auth::time::{format_http_date, from_unix_seconds};
use oss_auth::verify::{SignatureKind, Verified, Verifier, VerifyError};
use oss_auth::{Credentials, Scheme, SchemeKind, SignableRequest, SigningParams};

const NOW: u64 = 1_702_743_657;

/// A request as a server receives it, with owned parts to tamper with.
#[derive(Clone, Debug)]
struct Received {
    method: String,
    host: String,
    path: String,
    bucket: String,
    key: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
}

impl Received {
    fn sample() -> Self {
        Received {
            method: "PUT".into(),
            host: "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com".into(),
            path: "/dir/a%20b%2Bc.txt".into(),
            bucket: "examplebucket-1250000000".into(),
            key: "dir/a b+c.txt".into(),
            query: vec![("acl".into(), "".into()), ("versionId".into(), "v1".into())],
            headers: vec![
                ("Content-Type".into(), "text/plain".into()),
                ("Content-MD5".into(), "eB5eJF1ptWaXm4bijSPyxw==".into()),
                ("x-cos-meta-a".into(), "1".into()),
                ("x-obs-meta-a".into(), "1".into()),
                ("x-amz-meta-a".into(), "1".into()),
            ],
        }
    }

    fn with<R>(&self, f: impl FnOnce(&SignableRequest<'_>) -> R) -> R {
        let q: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let h: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let request = SignableRequest::new(&self.method)
            .host(&self.host)
            .path(&self.path)
            .bucket(&self.bucket)
            .key(&self.key)
            .query(&q)
            .headers(&h);
        f(&request)
    }

    fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
    }
}

/// One scheme under test: how it signs, and the verifier a server of its dialect uses.
struct Subject {
    name: &'static str,
    scheme: Scheme,
    dialect: &'static Dialect,
    header_kind: SignatureKind,
    query_kind: SignatureKind,
}

fn subjects() -> Vec<Subject> {
    vec![
        Subject {
            name: "COS q-sign",
            scheme: Scheme::cos(),
            dialect: &Dialect::COS,
            header_kind: SignatureKind::CosHeader,
            query_kind: SignatureKind::CosQuery,
        },
        Subject {
            name: "OBS native",
            scheme: Scheme::new(SchemeKind::OssV1, &Dialect::OBS),
            dialect: &Dialect::OBS,
            header_kind: SignatureKind::V1Header,
            query_kind: SignatureKind::V1Query,
        },
        Subject {
            name: "OBS S3 V2",
            scheme: Scheme::new(SchemeKind::OssV1, &Dialect::OBS_S3),
            dialect: &Dialect::OBS_S3,
            header_kind: SignatureKind::V1Header,
            query_kind: SignatureKind::V1Query,
        },
        Subject {
            name: "OBS S3 SigV4 dated by Date",
            scheme: Scheme::from(AwsV4Signer::with_dialect(&Dialect::OBS_S3).http_date(true)),
            dialect: &Dialect::OBS_S3,
            header_kind: SignatureKind::AwsV4Header,
            query_kind: SignatureKind::AwsV4Query,
        },
    ]
}

fn sign(subject: &Subject, base: &Received, creds: &Credentials, query: bool) -> Received {
    let params = SigningParams::new(from_unix_seconds(NOW)).region("cn-north-4");
    let mut out = base.clone();
    base.with(|request| {
        if query {
            let presigned = subject
                .scheme
                .presign(request, creds, &params, Duration::from_secs(600))
                .unwrap();
            out.query
                .extend(presigned.params.into_iter().map(|(n, v)| (n.to_owned(), v)));
        } else {
            let signed = subject
                .scheme
                .sign_headers(request, creds, &params)
                .unwrap();
            for (n, v) in signed.headers {
                out.set_header(n, &v);
            }
        }
    });
    out
}

fn verify(
    subject: &Subject,
    received: &Received,
    now: SystemTime,
    creds: &Credentials,
) -> Result<Verified, VerifyError> {
    let verifier = Verifier::with_dialect(subject.dialect);
    received.with(|request| {
        verifier.verify(request, now, |ak| {
            (ak == creds.access_key_id()).then(|| creds.clone())
        })
    })
}

fn code(result: Result<Verified, VerifyError>) -> &'static str {
    match result {
        Ok(_) => "OK",
        Err(e) => e.code(),
    }
}

fn creds() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "secret")
}

#[test]
fn what_is_signed_verifies_in_both_placements() {
    let now = from_unix_seconds(NOW);
    for subject in subjects() {
        for creds in [creds(), creds().with_security_token("sts-token")] {
            for query in [false, true] {
                let signed = sign(&subject, &Received::sample(), &creds, query);
                let kind = if query {
                    subject.query_kind
                } else {
                    subject.header_kind
                };
                assert_eq!(
                    verify(&subject, &signed, now, &creds),
                    Ok(Verified::Signed {
                        credentials: creds.clone(),
                        kind
                    }),
                    "{} query={query}",
                    subject.name
                );
            }
        }
    }
}

#[test]
fn tampering_with_a_signed_part_fails_with_signature_does_not_match() {
    let now = from_unix_seconds(NOW);
    type Tamper = fn(&mut Received);
    let tampers: [(&str, Tamper); 5] = [
        ("method", |r| r.method = "GET".into()),
        ("key and path", |r| {
            r.key = "dir/a b+c.txT".into();
            r.path = "/dir/a%20b%2Bc.txT".into();
        }),
        ("sub-resource", |r| r.query[1].1 = "v2".into()),
        ("content-type", |r| {
            r.set_header("Content-Type", "text/html")
        }),
        ("content-md5", |r| {
            r.set_header("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")
        }),
    ];
    for subject in subjects() {
        for query in [false, true] {
            let signed = sign(&subject, &Received::sample(), &creds(), query);
            for (what, tamper) in tampers {
                let mut changed = signed.clone();
                tamper(&mut changed);
                assert_eq!(
                    code(verify(&subject, &changed, now, &creds())),
                    "SignatureDoesNotMatch",
                    "{} query={query}: {what}",
                    subject.name
                );
            }
            // The vendor's own headers are signed in every scheme.
            let own = format!("{}meta-a", subject.dialect.header_prefix);
            let mut changed = signed.clone();
            changed.set_header(&own, "2");
            assert_eq!(
                code(verify(&subject, &changed, now, &creds())),
                "SignatureDoesNotMatch",
                "{} query={query}: {own}",
                subject.name
            );
            let other = Credentials::new("AKIDEXAMPLE", "another secret");
            assert_eq!(
                code(verify(&subject, &signed, now, &other)),
                "SignatureDoesNotMatch",
                "{} query={query}: secret",
                subject.name
            );
        }
    }
}

#[test]
fn expiry_tokens_and_skew_give_the_documented_codes() {
    let now = from_unix_seconds(NOW);
    for subject in subjects() {
        let sts = creds().with_security_token("sts-token");
        for query in [false, true] {
            let signed = sign(&subject, &Received::sample(), &sts, query);
            let other_token = creds().with_security_token("another-token");
            assert_eq!(
                code(verify(&subject, &signed, now, &other_token)),
                "InvalidAccessKeyId",
                "{} query={query}: token",
                subject.name
            );
            let much_later = now + Duration::from_secs(86_400);
            let expected = if query {
                "AccessDenied"
            } else if subject.name == "COS q-sign" {
                // A COS header signature carries its window: past it, it has expired.
                "AccessDenied"
            } else {
                "RequestTimeTooSkewed"
            };
            assert_eq!(
                code(verify(&subject, &signed, much_later, &sts)),
                expected,
                "{} query={query}: a day later",
                subject.name
            );
        }
    }
}

#[test]
fn obs_dates_a_request_by_x_obs_date_when_sent() {
    let now = from_unix_seconds(NOW);
    let scheme = Scheme::new(SchemeKind::OssV1, &Dialect::OBS);
    let mut base = Received::sample();
    base.set_header("x-obs-date", &format_http_date(now));
    let signed = base.with(|request| {
        scheme
            .sign_headers(request, &creds(), &SigningParams::new(now))
            .unwrap()
    });
    // The Date line is empty and x-obs-date is signed among the x-obs- headers; no Date is
    // added.
    assert!(signed
        .string_to_sign
        .starts_with("PUT\neB5eJF1ptWaXm4bijSPyxw==\ntext/plain\n\n"));
    assert!(signed.string_to_sign.contains("\nx-obs-date:"));
    assert!(signed.header("Date").is_none());
    assert!(signed
        .header("Authorization")
        .unwrap()
        .starts_with("OBS AKIDEXAMPLE:"));
    // The canonical resource carries the encoded key.
    assert!(signed
        .string_to_sign
        .ends_with("/examplebucket-1250000000/dir/a%20b%2Bc.txt?acl&versionId=v1"));
    let mut received = base.clone();
    for (n, v) in signed.headers {
        received.set_header(n, &v);
    }
    let subject = &subjects()[1];
    assert_eq!(code(verify(subject, &received, now, &creds())), "OK");
    let mut stale = received.clone();
    stale.set_header(
        "x-obs-date",
        &format_http_date(now - Duration::from_secs(3600)),
    );
    assert_eq!(
        code(verify(subject, &stale, now, &creds())),
        "RequestTimeTooSkewed"
    );
}

#[test]
fn cos_host_is_signed_without_its_port_and_verified_either_way() {
    let now = from_unix_seconds(NOW);
    let subject = &subjects()[0];
    let mut base = Received::sample();
    base.host = "127.0.0.1:9000".into();
    let signed = sign(subject, &base, &creds(), false);
    let authorization = signed
        .headers
        .iter()
        .find(|(n, _)| n == "Authorization")
        .map(|(_, v)| v.clone())
        .unwrap();
    assert!(authorization.contains("q-header-list=content-md5;content-type;host;x-cos-meta-a&"));
    // The server sees the Host header with its port.
    let mut received = signed.clone();
    received.set_header("Host", "127.0.0.1:9000");
    assert_eq!(code(verify(subject, &received, now, &creds())), "OK");
    received.set_header("Host", "127.0.0.2:9000");
    assert_eq!(
        code(verify(subject, &received, now, &creds())),
        "SignatureDoesNotMatch"
    );
}

#[test]
fn cos_signatures_are_claimed_by_their_scheme_only() {
    let cos = Scheme::cos();
    let value = "q-sign-algorithm=sha1&q-ak=ak&q-sign-time=1;2&q-key-time=1;2&\
                 q-header-list=host&q-url-param-list=&q-signature=00";
    assert!(matches!(cos.parse_authorization(value), Some(Ok(_))));
    assert!(Scheme::oss_v1().parse_authorization(value).is_none());
    assert!(cos.parse_authorization("OSS ak:c2ln").is_none());
    for bad in [
        "q-sign-algorithm=md5&q-ak=ak&q-sign-time=1;2&q-key-time=1;2&q-header-list=&q-url-param-list=&q-signature=00",
        "q-sign-algorithm=sha1&q-ak=ak&q-sign-time=2;1&q-key-time=1;2&q-header-list=&q-url-param-list=&q-signature=00",
        "q-sign-algorithm=sha1&q-ak=&q-sign-time=1;2&q-key-time=1;2&q-header-list=&q-url-param-list=&q-signature=00",
        "q-sign-algorithm=sha1&q-ak=ak&q-sign-time=1;2&q-key-time=1;2&q-url-param-list=&q-signature=00",
    ] {
        assert!(matches!(cos.parse_authorization(bad), Some(Err(_))), "{bad}");
    }
}
