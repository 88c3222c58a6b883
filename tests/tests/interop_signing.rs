//! Differential signing tests: every generated request is signed by oss-auth and by the
//! official Python SDKs (`oss2` and `alibabacloud-oss-v2`, through `tests/interop/sign_oracle.py`),
//! and the results must be identical; what each SDK produced must also pass our verifier.
//!
//! Where the two SDKs disagree (tests/interop/README.md lists every difference), the
//! generator stays on common ground and the choice we made is written down here:
//! - Header values: both SDKs sign values untrimmed, but HTTP strips surrounding whitespace on
//!   the wire, so a server only ever sees trimmed values. We trim, as the Go SDK does; our side
//!   gets padded values and the SDKs the trimmed ones a server would receive.
//! - V1 with an STS token in header mode: we sign `x-oss-security-token` as `oss2` and the Go
//!   SDK do; `alibabacloud-oss-v2` sends an unsigned `security-token` header, so that
//!   combination is compared with `oss2` only (our verifier still accepts v2's form).
//! - V1 sub-resources: drawn from the names both SDKs sign; ordinary parameters from names
//!   neither signs.
//! - V4 additional headers: only present, non-empty ones, listed in sorted order (`oss2` sorts
//!   them by first character only, and keeps absent ones).
//! - No duplicate header or query names (both SDKs keep them in dictionaries).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use oss_auth::time::from_unix_seconds;
use oss_auth::v1::V1Signer;
use oss_auth::v4::{Scope, V4Options, V4Signer};
use oss_auth::verify::{parse_authorization, ParsedSignature, Verified, Verifier};
use oss_auth::{Credentials, SignableRequest};
use oss_rs_tests::{interop_python, workspace_root};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

const CASES: usize = 1200;

/// Sub-resources that both SDKs sign (and whether they take a value).
const SUBRESOURCES: &[(&str, bool)] = &[
    ("acl", false),
    ("uploads", false),
    ("uploadId", true),
    ("partNumber", true),
    ("tagging", false),
    ("versionId", true),
    ("versioning", false),
    ("versions", false),
    ("response-content-type", true),
    ("response-content-disposition", true),
    ("response-cache-control", true),
    ("response-content-language", true),
    ("response-expires", true),
    ("response-content-encoding", true),
    ("restore", false),
    ("symlink", false),
    ("append", false),
    ("position", true),
    ("delete", false),
    ("location", false),
    ("stat", false),
    ("bucketInfo", false),
    ("objectMeta", false),
    ("continuation-token", true),
    ("sequential", false),
    ("lifecycle", false),
    ("cors", false),
    ("website", false),
    ("referer", false),
    ("logging", false),
    ("policy", false),
    ("encryption", false),
];

/// Ordinary parameters that neither SDK signs in V1.
const ORDINARY: &[&str] = &[
    "max-keys",
    "prefix",
    "marker",
    "delimiter",
    "encoding-type",
    "start-after",
    "fetch-owner",
    "max-parts",
    "part-number-marker",
];

const KEY_ATOMS: &[&str] = &[
    "a", "B", "z", "0", "9", " ", "+", "%", "/", "~", "*", "?", "#", "=", "&", ";", ":", "@", "!",
    "(", ")", ",", "$", "'", "-", "_", ".", "中", "文", "é", "ß", "😀", "%2F", "%20", "..",
];

const VALUE_ATOMS: &[&str] = &[
    "a", "Z", "1", " ", "+", "%", "/", "=", "&", "~", "*", "中", "é", "-", "_", ".", ";", ",",
    "%41",
];

/// Headers outside the default-signed set, with distinct first letters, sorted.
const OTHER_HEADERS: &[(&str, &str)] = &[
    ("abc-custom", "value"),
    ("cache-control", "no-cache"),
    ("if-match", "\"5B3C1A2E053D763E1B002CC607C5A0FE\""),
    ("range", "bytes=0-1023"),
    ("zed-custom", "z z"),
];

fn text(rng: &mut StdRng, atoms: &[&str], max_atoms: usize) -> String {
    let n = rng.gen_range(1..=max_atoms);
    (0..n).map(|_| *atoms.choose(rng).unwrap()).collect()
}

fn mixed_case(rng: &mut StdRng, name: &str) -> String {
    name.chars()
        .map(|c| {
            if rng.gen_bool(0.3) {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

/// Printable ASCII with inner spaces: what can travel in an HTTP header.
fn header_value(rng: &mut StdRng) -> String {
    let n = rng.gen_range(1..24);
    let mut v: String = (0..n).map(|_| rng.gen_range(b'!'..=b'~') as char).collect();
    if rng.gen_bool(0.3) {
        v.insert(v.len() / 2, ' ');
    }
    v
}

#[derive(Debug, Clone)]
struct Case {
    version: &'static str,
    mode: &'static str,
    method: &'static str,
    bucket: Option<String>,
    key: Option<String>,
    query: Vec<(String, String)>,
    /// Headers as our signer gets them: values may carry surrounding whitespace.
    headers: Vec<(String, String)>,
    token: Option<String>,
    time: u64,
    expires_in: u64,
    region: String,
    product: &'static str,
    additional: Vec<String>,
}

fn generate(rng: &mut StdRng) -> Case {
    let version = if rng.gen_bool(0.5) { "v4" } else { "v1" };
    let mode = if rng.gen_bool(0.5) { "header" } else { "query" };
    let method = *["GET", "PUT", "POST", "DELETE", "HEAD"]
        .choose(rng)
        .unwrap();
    let bucket = match rng.gen_range(0..10) {
        0 => None,
        1..=3 => Some("examplebucket".to_owned()),
        _ => {
            let n = rng.gen_range(3..=20);
            let body: String = (0..n - 1)
                .map(|_| {
                    *b"abcdefghijklmnopqrstuvwxyz0123456789-"
                        .choose(rng)
                        .unwrap() as char
                })
                .collect();
            Some(format!("b{body}").trim_end_matches('-').to_owned())
        }
    };
    // Both SDKs sign a key without a bucket differently; a key needs a bucket here.
    let key = bucket.as_ref().filter(|_| rng.gen_bool(0.85)).map(|_| {
        let mut key = if rng.gen_bool(0.03) {
            "k".repeat(rng.gen_range(200..1023))
        } else {
            text(rng, KEY_ATOMS, 24)
        };
        while key.starts_with('/') {
            key.remove(0);
        }
        if key.is_empty() {
            key.push('k');
        }
        key
    });

    let mut query = Vec::new();
    let mut names = Vec::new();
    for _ in 0..rng.gen_range(0..=3) {
        let (name, valued) = *SUBRESOURCES.choose(rng).unwrap();
        if !names.contains(&name) {
            names.push(name);
            let value = if valued {
                text(rng, VALUE_ATOMS, 10)
            } else {
                String::new()
            };
            query.push((name.to_owned(), value));
        }
    }
    for _ in 0..rng.gen_range(0..=3) {
        let name = *ORDINARY.choose(rng).unwrap();
        if !names.contains(&name) {
            names.push(name);
            let value = if rng.gen_bool(0.2) {
                String::new()
            } else {
                text(rng, VALUE_ATOMS, 10)
            };
            query.push((name.to_owned(), value));
        }
    }
    query.shuffle(rng);

    let pad = |rng: &mut StdRng, v: String| {
        let left = [" ", "  ", "\t", ""].choose(rng).unwrap().to_string();
        let right = [" ", "", "\t "].choose(rng).unwrap().to_string();
        if rng.gen_bool(0.3) {
            format!("{left}{v}{right}")
        } else {
            v
        }
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    if rng.gen_bool(0.6) {
        let ct = [
            "text/plain",
            "application/octet-stream",
            "image/jpeg",
            "text/html; charset=utf-8",
        ]
        .choose(rng)
        .unwrap();
        let v = pad(rng, ct.to_string());
        headers.push((mixed_case(rng, "content-type"), v));
    }
    if rng.gen_bool(0.3) {
        let v = pad(rng, "eB5eJF1ptWaXm4bijSPyxw==".to_owned());
        headers.push((mixed_case(rng, "content-md5"), v));
    }
    let mut metas = Vec::new();
    for _ in 0..rng.gen_range(0..=3) {
        let name = format!("x-oss-meta-{}", text(rng, &["a", "b", "c", "1", "-"], 6));
        if !metas.contains(&name) {
            metas.push(name.clone());
            let v = header_value(rng);
            let v = pad(rng, v);
            headers.push((mixed_case(rng, &name), v));
        }
    }
    if rng.gen_bool(0.2) {
        headers.push((mixed_case(rng, "x-oss-storage-class"), "IA".into()));
    }
    if rng.gen_bool(0.2) {
        headers.push((mixed_case(rng, "x-oss-object-acl"), "private".into()));
    }
    let mut present_other = Vec::new();
    for (name, value) in OTHER_HEADERS {
        if rng.gen_bool(0.3) {
            present_other.push(name.to_string());
            headers.push((mixed_case(rng, name), value.to_string()));
        }
    }
    headers.shuffle(rng);

    let additional = if version == "v4" {
        present_other
            .into_iter()
            .filter(|_| rng.gen_bool(0.5))
            .collect()
    } else {
        vec![]
    };
    let token = rng
        .gen_bool(0.3)
        .then(|| format!("CAIS{}", text(rng, &["a", "B", "9", "+", "/", "="], 30)));
    let (region, product) = if version == "v4" && rng.gen_bool(0.1) {
        (format!("cb-{}", rng.gen_range(100..999)), "oss-cloudbox")
    } else {
        let r = [
            "cn-hangzhou",
            "cn-beijing",
            "ap-southeast-1",
            "us-west-1",
            "eu-central-1",
        ]
        .choose(rng)
        .unwrap();
        (r.to_string(), "oss")
    };
    Case {
        version,
        mode,
        method,
        bucket,
        key,
        query,
        headers,
        token,
        time: rng.gen_range(1_577_836_800..1_893_456_000),
        expires_in: rng.gen_range(1..=604_800),
        region,
        product,
        additional,
    }
}

/// What our signer produced, in the oracle's terms.
struct Ours {
    signature: String,
    string_to_sign: String,
    canonical_request: Option<String>,
    authorization: Option<String>,
    params: Vec<(String, String)>,
}

fn sign_ours(case: &Case) -> Ours {
    let h: Vec<(&str, &str)> = case
        .headers
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let q: Vec<(&str, &str)> = case
        .query
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let mut request = SignableRequest::new(case.method).headers(&h).query(&q);
    request.bucket = case.bucket.as_deref();
    request.key = case.key.as_deref();
    let mut creds = Credentials::new("LTAI5tDiffTestKeyId", "DiffTestSecret/+=0123456789abcdef");
    if let Some(t) = &case.token {
        creds = creds.with_security_token(t.clone());
    }
    let time = from_unix_seconds(case.time);
    let scope = Scope {
        region: &case.region,
        product: case.product,
    };
    let additional: Vec<&str> = case.additional.iter().map(String::as_str).collect();
    let options = V4Options {
        additional_headers: &additional,
    };
    let signer = V4Signer::new();
    match (case.version, case.mode) {
        ("v1", "header") => {
            let s = V1Signer::new().sign_headers(&request, &creds, time);
            let auth = s.header("Authorization").unwrap().to_owned();
            Ours {
                signature: auth.rsplit(':').next().unwrap().to_owned(),
                string_to_sign: s.string_to_sign,
                canonical_request: None,
                authorization: Some(auth),
                params: vec![],
            }
        }
        ("v1", _) => {
            let p = V1Signer::new()
                .presign(
                    &request,
                    &creds,
                    time + Duration::from_secs(case.expires_in),
                )
                .unwrap();
            Ours {
                signature: p.param("Signature").unwrap().to_owned(),
                string_to_sign: p.string_to_sign.clone(),
                canonical_request: None,
                authorization: None,
                params: p
                    .params
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.clone()))
                    .collect(),
            }
        }
        (_, "header") => {
            let s = signer
                .sign_headers_with(&request, &creds, &scope, time, &options)
                .unwrap();
            let auth = s.header("Authorization").unwrap().to_owned();
            Ours {
                signature: auth.rsplit("Signature=").next().unwrap().to_owned(),
                string_to_sign: s.string_to_sign,
                canonical_request: s.canonical_request,
                authorization: Some(auth),
                params: vec![],
            }
        }
        _ => {
            let p = signer
                .presign_with(
                    &request,
                    &creds,
                    &scope,
                    time,
                    Duration::from_secs(case.expires_in),
                    &options,
                )
                .unwrap();
            Ours {
                signature: p.param("x-oss-signature").unwrap().to_owned(),
                string_to_sign: p.string_to_sign.clone(),
                canonical_request: p.canonical_request.clone(),
                authorization: None,
                params: p
                    .params
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.clone()))
                    .collect(),
            }
        }
    }
}

fn oracle_input(id: usize, sdk: &str, case: &Case) -> Value {
    let trimmed: Vec<(String, String)> = case
        .headers
        .iter()
        .map(|(n, v)| (n.clone(), v.trim().to_owned()))
        .collect();
    let endpoint = if case.product == "oss-cloudbox" {
        format!("{}.cn-hangzhou.oss-cloudbox.aliyuncs.com", case.region)
    } else {
        format!("oss-{}.aliyuncs.com", case.region)
    };
    json!({
        "id": id, "sdk": sdk, "version": case.version, "mode": case.mode, "method": case.method,
        "bucket": case.bucket, "key": case.key, "query": case.query, "headers": trimmed,
        "access_key_id": "LTAI5tDiffTestKeyId", "access_key_secret": "DiffTestSecret/+=0123456789abcdef",
        "security_token": case.token, "time": case.time, "expires": case.time + case.expires_in,
        "region": case.region, "product": case.product, "additional_headers": case.additional,
        "endpoint": endpoint,
    })
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap_or("").to_owned(),
                        p[1].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn compare(id: usize, sdk: &str, case: &Case, ours: &Ours, theirs: &Value) -> Result<(), String> {
    let fail = |what: &str, a: &dyn std::fmt::Debug, b: &dyn std::fmt::Debug| {
        Err(format!("case {id} ({sdk} {} {}): {what} differs\n  ours:   {a:?}\n  theirs: {b:?}\n  case: {case:#?}", case.version, case.mode))
    };
    if theirs["ok"] != json!(true) {
        return Err(format!(
            "case {id} ({sdk}): oracle error {}",
            theirs["error"]
        ));
    }
    if let Some(w) = theirs.get("warnings") {
        return Err(format!(
            "case {id} ({sdk}): generator produced an ambiguous case: {w}"
        ));
    }
    if theirs["string_to_sign"].as_str() != Some(ours.string_to_sign.as_str()) {
        return fail(
            "string to sign",
            &ours.string_to_sign,
            &theirs["string_to_sign"],
        );
    }
    if let (Some(c), Some(t)) = (
        &ours.canonical_request,
        theirs["canonical_request"].as_str(),
    ) {
        if c != t {
            return fail("canonical request", c, &t);
        }
    }
    if theirs["signature"].as_str() != Some(ours.signature.as_str()) {
        return fail("signature", &ours.signature, &theirs["signature"]);
    }
    match (&ours.authorization, case.mode) {
        (Some(auth), "header") => {
            let their_auth = theirs["authorization"].as_str().unwrap_or("");
            // oss2 orders and spaces V4 fields differently; the parsed fields must agree.
            let (a, b) = (parse_authorization(auth), parse_authorization(their_auth));
            if a != b || a.is_err() {
                return fail("Authorization", auth, &their_auth);
            }
        }
        _ => {
            let their_query = pairs(&theirs["query"]);
            for (name, value) in &ours.params {
                let theirs_value = their_query.iter().find(|(n, _)| n == name).map(|(_, v)| v);
                if theirs_value != Some(value) {
                    return fail(&format!("query parameter {name}"), value, &theirs_value);
                }
            }
        }
    }
    Ok(())
}

/// What the SDK produced must pass our verifier: the server accepts these SDKs.
fn verify_theirs(id: usize, sdk: &str, case: &Case, theirs: &Value) -> Result<(), String> {
    let headers = pairs(&theirs["headers"]);
    let query = pairs(&theirs["query"]);
    let h: Vec<(&str, &str)> = headers
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let q: Vec<(&str, &str)> = query
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let mut request = SignableRequest::new(case.method).headers(&h).query(&q);
    request.bucket = case.bucket.as_deref();
    request.key = case.key.as_deref();
    let mut creds = Credentials::new("LTAI5tDiffTestKeyId", "DiffTestSecret/+=0123456789abcdef");
    if let Some(t) = &case.token {
        creds = creds.with_security_token(t.clone());
    }
    let outcome = Verifier::new().verify(&request, from_unix_seconds(case.time), |ak| {
        (ak == creds.access_key_id()).then(|| creds.clone())
    });
    match outcome {
        Ok(Verified::Signed { .. }) => Ok(()),
        other => Err(format!("case {id} ({sdk} {} {}): our verifier refused the SDK's request: {other:?}\n  case: {case:#?}", case.version, case.mode)),
    }
}

#[test]
fn signatures_match_the_official_python_sdks() {
    let Some(python) = interop_python("signatures_match_the_official_python_sdks") else {
        return;
    };
    let seed: u64 = std::env::var("OSS_RS_INTEROP_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| rand::thread_rng().gen());
    eprintln!("interop signing seed: {seed} (OSS_RS_INTEROP_SEED={seed} reproduces this run)");
    let mut rng = StdRng::seed_from_u64(seed);
    let cases: Vec<Case> = (0..CASES).map(|_| generate(&mut rng)).collect();

    let oracle = workspace_root().join("tests/interop/sign_oracle.py");
    let mut child = Command::new(&python)
        .arg(&oracle)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the signing oracle");
    let mut inputs = Vec::new();
    let mut lines = String::new();
    for (id, case) in cases.iter().enumerate() {
        for sdk in ["oss2", "v2"] {
            // v2's V1 header token form is not the one we follow (see the module docs).
            if sdk == "v2" && case.version == "v1" && case.mode == "header" && case.token.is_some()
            {
                continue;
            }
            inputs.push((id, sdk));
            lines.push_str(&oracle_input(id, sdk, case).to_string());
            lines.push('\n');
        }
    }
    // Written from another thread: the oracle answers as it reads, and both pipes are finite.
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(lines.as_bytes()));
    let answers: Vec<Value> = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect();
    writer
        .join()
        .unwrap()
        .expect("write the cases to the oracle");
    assert!(child.wait().unwrap().success(), "the oracle failed");
    assert_eq!(answers.len(), inputs.len(), "one answer per case");

    let mut failures = Vec::new();
    let mut compared = [0usize; 2];
    for ((id, sdk), theirs) in inputs.iter().zip(&answers) {
        assert_eq!(theirs["id"], json!(id));
        let case = &cases[*id];
        let ours = sign_ours(case);
        let result = compare(*id, sdk, case, &ours, theirs)
            .and_then(|_| verify_theirs(*id, sdk, case, theirs));
        match result {
            Ok(()) => compared[usize::from(*sdk == "v2")] += 1,
            Err(e) => failures.push(e),
        }
    }
    eprintln!(
        "compared {} cases with oss2 and {} with alibabacloud-oss-v2",
        compared[0], compared[1]
    );
    assert!(
        failures.is_empty(),
        "{} of {} comparisons failed (seed {seed}); first:\n{}",
        failures.len(),
        inputs.len(),
        failures[..failures.len().min(3)].join("\n\n")
    );
    assert!(compared[0] >= 1000 && compared[1] >= 1000);
}

#[test]
fn v2_v1_sts_header_form_is_accepted_by_our_verifier() {
    // The one combination compared with oss2 only: check that v2's own form still verifies.
    let Some(python) = interop_python("v2_v1_sts_header_form_is_accepted_by_our_verifier") else {
        return;
    };
    let mut rng = StdRng::seed_from_u64(7);
    let mut case = generate(&mut rng);
    case.version = "v1";
    case.mode = "header";
    case.token = Some("CAIStoken".into());
    let out = Command::new(python)
        .arg(workspace_root().join("tests/interop/sign_oracle.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            writeln!(
                child.stdin.take().unwrap(),
                "{}",
                oracle_input(0, "v2", &case)
            )?;
            child.wait_with_output()
        })
        .unwrap();
    let theirs: Value = serde_json::from_slice(&out.stdout).unwrap();
    let headers = pairs(&theirs["headers"]);
    assert!(
        headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("security-token")),
        "{theirs}"
    );
    verify_theirs(0, "v2", &case, &theirs).unwrap();
    // And ours, signing x-oss-security-token, is what oss2 and Go send.
    let ours = sign_ours(&case);
    assert!(ours
        .string_to_sign
        .contains("x-oss-security-token:CAIStoken\n"));
    assert!(matches!(
        parse_authorization(ours.authorization.as_deref().unwrap()),
        Ok(ParsedSignature::V1Header { .. })
    ));
}
