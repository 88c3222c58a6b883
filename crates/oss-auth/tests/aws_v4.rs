//! AWS SigV4 through the scheme abstraction: what is signed verifies, any change to a signed
//! part (the wire path and host included) fails with the documented code, and a verifier
//! accepts exactly the schemes it is given.

use std::time::{Duration, SystemTime};

use oss_auth::dialect::Dialect;
use oss_auth::time::from_unix_seconds;
use oss_auth::verify::{SignatureKind, Verified, Verifier, VerifyError};
use oss_auth::{Credentials, Scheme, SchemeKind, SignError, SignableRequest, SigningParams};
use proptest::prelude::*;

const NOW: u64 = 1_702_743_657;
const REGION: &str = "us-east-1";

/// A request as a server receives it: owned parts that can be tampered with.
#[derive(Clone, Debug)]
struct Received {
    method: String,
    host: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
}

impl Received {
    fn sample() -> Self {
        Received {
            method: "PUT".into(),
            host: "examplebucket.s3.us-east-1.amazonaws.com".into(),
            path: "/dir/a%20b%2Bc.txt".into(),
            query: vec![("acl".into(), "".into()), ("max-keys".into(), "5".into())],
            headers: vec![
                ("Content-Type".into(), "text/plain".into()),
                ("x-amz-meta-a".into(), "1".into()),
                ("Range".into(), "bytes=0-9".into()),
            ],
        }
    }

    fn with<T>(&self, f: impl FnOnce(&SignableRequest<'_>) -> T) -> T {
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
            .query(&q)
            .headers(&h);
        f(&request)
    }

    fn verify(
        &self,
        verifier: &Verifier,
        now: SystemTime,
        creds: &Credentials,
    ) -> Result<Verified, VerifyError> {
        self.with(|request| {
            verifier.verify(request, now, |ak| {
                (ak == creds.access_key_id()).then(|| creds.clone())
            })
        })
    }

    fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    Header,
    Query,
}

fn sign(mode: Mode, base: &Received, creds: &Credentials, time: SystemTime) -> Received {
    let scheme = Scheme::aws_v4();
    let params = SigningParams::new(time).region(REGION);
    let mut out = base.clone();
    base.with(|request| match mode {
        Mode::Header => {
            for (n, v) in scheme
                .sign_headers(request, creds, &params)
                .unwrap()
                .headers
            {
                out.set_header(n, &v);
            }
        }
        Mode::Query => {
            let p = scheme
                .presign(request, creds, &params, Duration::from_secs(600))
                .unwrap();
            out.query
                .extend(p.params.into_iter().map(|(n, v)| (n.to_owned(), v)));
        }
    });
    out
}

fn creds() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "secret")
}

fn aws() -> Verifier {
    Verifier::with_dialect(&Dialect::AWS).region(REGION)
}

fn code(result: Result<Verified, VerifyError>) -> &'static str {
    match result {
        Ok(_) => "Ok",
        Err(e) => e.code(),
    }
}

#[test]
fn what_is_signed_verifies_in_both_placements() {
    let now = from_unix_seconds(NOW);
    for (mode, kind) in [
        (Mode::Header, SignatureKind::AwsV4Header),
        (Mode::Query, SignatureKind::AwsV4Query),
    ] {
        let signed = sign(mode, &Received::sample(), &creds(), now);
        match signed.verify(&aws(), now, &creds()) {
            Ok(Verified::Signed { kind: got, .. }) => {
                assert_eq!(got, kind);
                assert_eq!(got.scheme(), SchemeKind::AwsV4);
            }
            other => panic!("{mode:?}: {other:?}"),
        }
    }
}

/// A change made to a signed request, as an attacker or a broken proxy would.
type Tamper = Box<dyn Fn(&mut Received)>;

#[test]
fn every_signed_part_of_the_wire_request_is_covered() {
    let now = from_unix_seconds(NOW);
    let tampers: Vec<(&str, Tamper)> = vec![
        ("method", Box::new(|r| r.method = "GET".into())),
        (
            "host",
            Box::new(|r| r.host = "other.s3.amazonaws.com".into()),
        ),
        ("path", Box::new(|r| r.path = "/dir/a%20b%2Bd.txt".into())),
        // S3 signs the path as sent: another encoding of the same key is another request.
        (
            "path encoding",
            Box::new(|r| r.path = "/dir/a%20b+c.txt".into()),
        ),
        ("query value", Box::new(|r| r.query[1].1 = "6".into())),
        (
            "query added",
            Box::new(|r| r.query.push(("prefix".into(), "x".into()))),
        ),
        (
            "signed header",
            Box::new(|r| r.set_header("Range", "bytes=0-10")),
        ),
        (
            "content type",
            Box::new(|r| r.set_header("Content-Type", "text/html")),
        ),
        (
            "own header",
            Box::new(|r| r.set_header("x-amz-meta-a", "2")),
        ),
    ];
    for mode in [Mode::Header, Mode::Query] {
        let signed = sign(mode, &Received::sample(), &creds(), now);
        for (what, tamper) in &tampers {
            let mut changed = signed.clone();
            tamper(&mut changed);
            assert_eq!(
                code(changed.verify(&aws(), now, &creds())),
                "SignatureDoesNotMatch",
                "{mode:?}: {what}"
            );
        }
        // A header that is not signed may change (the holder of a URL adds its own).
        let mut unsigned = signed.clone();
        unsigned.set_header("User-Agent", "other");
        assert_eq!(
            code(unsigned.verify(&aws(), now, &creds())),
            "Ok",
            "{mode:?}"
        );
    }
}

#[test]
fn mismatch_reports_the_servers_canonical_request_and_string_to_sign() {
    let now = from_unix_seconds(NOW);
    let wrong = Credentials::new("AKIDEXAMPLE", "other");
    let signed = sign(Mode::Header, &Received::sample(), &wrong, now);
    match signed.verify(&aws(), now, &creds()) {
        Err(VerifyError::SignatureDoesNotMatch {
            string_to_sign,
            canonical_request: Some(canonical),
            ..
        }) => {
            assert!(string_to_sign.starts_with("AWS4-HMAC-SHA256\n"));
            assert!(canonical.starts_with("PUT\n/dir/a%20b%2Bc.txt\nacl=&max-keys=5\n"));
            assert!(canonical.contains("\nhost:examplebucket.s3.us-east-1.amazonaws.com\n"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn dates_expiry_keys_and_tokens_give_the_documented_codes() {
    let now = from_unix_seconds(NOW);
    let signed_at = |t: u64, mode| sign(mode, &Received::sample(), &creds(), from_unix_seconds(t));

    // Skew: a header signature 16 minutes old; a URL dated 16 minutes ahead.
    assert_eq!(
        code(signed_at(NOW - 16 * 60, Mode::Header).verify(&aws(), now, &creds())),
        "RequestTimeTooSkewed"
    );
    assert_eq!(
        code(signed_at(NOW + 16 * 60, Mode::Query).verify(&aws(), now, &creds())),
        "RequestTimeTooSkewed"
    );
    // Expiry: signed for 600 s, 601 s ago.
    assert_eq!(
        code(signed_at(NOW - 601, Mode::Query).verify(&aws(), now, &creds())),
        "AccessDenied"
    );
    // Another region.
    assert_eq!(
        code(signed_at(NOW, Mode::Header).verify(&aws().region("eu-west-1"), now, &creds())),
        "InvalidArgument"
    );
    // Unknown access key.
    let stranger = Credentials::new("AKIDOTHER", "secret");
    assert_eq!(
        code(signed_at(NOW, Mode::Header).verify(&aws(), now, &stranger)),
        "InvalidAccessKeyId"
    );
    // A token the credentials require, absent or different.
    let sts = Credentials::new("AKIDEXAMPLE", "secret").with_security_token("token");
    for mode in [Mode::Header, Mode::Query] {
        let signed = sign(mode, &Received::sample(), &sts, now);
        assert_eq!(code(signed.verify(&aws(), now, &sts)), "Ok", "{mode:?}");
        assert_eq!(
            code(sign(mode, &Received::sample(), &creds(), now).verify(&aws(), now, &sts)),
            "InvalidAccessKeyId",
            "{mode:?}"
        );
    }
    // Header and URL signatures together.
    let mut both = sign(Mode::Header, &Received::sample(), &creds(), now);
    both.query = sign(Mode::Query, &Received::sample(), &creds(), now).query;
    assert_eq!(code(both.verify(&aws(), now, &creds())), "InvalidArgument");
    // S3 requires the payload hash header of a header signature.
    let mut no_hash = sign(Mode::Header, &Received::sample(), &creds(), now);
    no_hash
        .headers
        .retain(|(n, _)| !n.eq_ignore_ascii_case("x-amz-content-sha256"));
    match no_hash.verify(&aws(), now, &creds()) {
        Err(VerifyError::InvalidArgument { message }) => {
            assert!(message.contains("x-amz-content-sha256"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn presigning_refuses_more_than_seven_days_and_needs_the_wire_view() {
    let scheme = Scheme::aws_v4();
    let params = SigningParams::new(from_unix_seconds(NOW)).region(REGION);
    let request = SignableRequest::new("GET")
        .host("examplebucket.s3.amazonaws.com")
        .path("/k");
    assert!(matches!(
        scheme.presign(
            &request,
            &creds(),
            &params,
            Duration::from_secs(7 * 86_400 + 1)
        ),
        Err(SignError::ExpiryTooLong { .. })
    ));
    assert_eq!(
        scheme
            .sign_headers(
                &request,
                &creds(),
                &SigningParams::new(from_unix_seconds(NOW))
            )
            .unwrap_err(),
        SignError::MissingRegion
    );
    // OSS V4 signs the resource and needs no wire view; SigV4 refuses without it.
    let resource_only = SignableRequest::new("GET").bucket("examplebucket").key("k");
    assert!(Scheme::oss_v4()
        .sign_headers(&resource_only, &creds(), &params)
        .is_ok());
    assert_eq!(
        scheme
            .sign_headers(&resource_only, &creds(), &params)
            .unwrap_err(),
        SignError::MissingWireView { part: "host" }
    );
}

#[test]
fn a_verifier_accepts_exactly_the_schemes_it_is_given() {
    let now = from_unix_seconds(NOW);
    let signed = sign(Mode::Header, &Received::sample(), &creds(), now);
    // The OSS verifier does not know the AWS scheme word.
    match signed.verify(&Verifier::new(), now, &creds()) {
        Err(VerifyError::InvalidArgument { message }) => {
            assert!(message.contains("unknown signature scheme"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    // One verifier for OSS V4 and AWS SigV4 takes either.
    let both = Verifier::with_schemes([Scheme::oss_v4(), Scheme::aws_v4()]);
    assert_eq!(code(signed.verify(&both, now, &creds())), "Ok");
    let oss = Received {
        headers: vec![("Content-Type".into(), "text/plain".into())],
        ..Received::sample()
    };
    let params = SigningParams::new(now).region(REGION);
    let mut oss_signed = oss.clone();
    oss.with(|request| {
        let request = request.bucket("examplebucket").key("dir/a b+c.txt");
        for (n, v) in Scheme::oss_v4()
            .sign_headers(&request, &creds(), &params)
            .unwrap()
            .headers
        {
            oss_signed.set_header(n, &v);
        }
    });
    let outcome = oss_signed.with(|request| {
        let request = request.bucket("examplebucket").key("dir/a b+c.txt");
        both.verify(&request, now, |_| Some(creds()))
    });
    assert!(
        matches!(
            outcome,
            Ok(Verified::Signed {
                kind: SignatureKind::V4Header,
                ..
            })
        ),
        "{outcome:?}"
    );
}

proptest! {
    #[test]
    fn arbitrary_aws_requests_never_panic_the_verifier(
        authorization in "(AWS4-HMAC-SHA256 )?[ -~]{0,120}",
        query in proptest::collection::vec(("X-Amz-[A-Za-z]{0,12}|[a-z]{1,6}", "[ -~]{0,40}"), 0..6),
        path in "/[ -~]{0,30}",
    ) {
        let q: Vec<(&str, &str)> = query.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let h = [("Authorization", authorization.as_str()), ("x-amz-date", "20231216T162057Z")];
        let request = SignableRequest::new("GET").host("h").path(&path).query(&q).headers(&h);
        let _ = aws().verify(&request, from_unix_seconds(NOW), |_| Some(creds()));
        let no_header = SignableRequest { headers: &[], ..request };
        let _ = aws().verify(&no_header, from_unix_seconds(NOW), |_| Some(creds()));
    }
}
