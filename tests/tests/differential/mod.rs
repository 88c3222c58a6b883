//! What the differential signing tests of the COS and OBS dialects share: random request
//! parts drawn from atoms that exercise encoding, the run over an oracle, and the check that
//! a request verifies with its secret and not with another.

#![allow(dead_code)]

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::Value;

/// Pieces of object keys: reserved and unreserved characters, escapes, non-ASCII, dots.
pub const KEY_ATOMS: &[&str] = &[
    "a", "B", "z", "0", "9", " ", "+", "%", "/", "~", "*", "?", "#", "=", "&", ";", ":", "@", "!",
    "(", ")", ",", "$", "'", "-", "_", ".", "中", "文", "é", "😀", "%2F", "..", "./",
];

/// Pieces of query values.
pub const VALUE_ATOMS: &[&str] = &[
    "a", "Z", "1", " ", "+", "%", "/", "=", "&", "~", "*", "中", "é", "-", "_", ".", ";", ",",
    "%41",
];

/// One to `max_atoms` atoms.
pub fn text(rng: &mut StdRng, atoms: &[&str], max_atoms: usize) -> String {
    let n = rng.gen_range(1..=max_atoms);
    (0..n).map(|_| *atoms.choose(rng).unwrap()).collect()
}

/// A key that does not start with `/` and is not empty.
pub fn key(rng: &mut StdRng) -> String {
    let mut key = text(rng, KEY_ATOMS, 24);
    while key.starts_with('/') {
        key.remove(0);
    }
    if key.is_empty() {
        key.push('k');
    }
    key
}

/// `name` with some letters upper-cased.
pub fn mixed_case(rng: &mut StdRng, name: &str) -> String {
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

/// Printable ASCII with at most one inner space (what travels in a header unchanged),
/// sometimes padded with surrounding whitespace, which the wire strips.
pub fn header_value(rng: &mut StdRng) -> String {
    let n = rng.gen_range(1..24);
    let mut v: String = (0..n).map(|_| rng.gen_range(b'!'..=b'~') as char).collect();
    if rng.gen_bool(0.3) {
        v.insert(v.len() / 2, ' ');
    }
    if rng.gen_bool(0.2) {
        v = format!("  {v} ");
    }
    v
}

/// Up to `max` parameters named from `names` (no name twice, whatever its case), valueless
/// with probability 0.3.
pub fn params(rng: &mut StdRng, names: &[&str], max: usize) -> Vec<(String, String)> {
    let mut query: Vec<(String, String)> = Vec::new();
    for _ in 0..rng.gen_range(0..=max) {
        let name = *names.choose(rng).unwrap();
        if query.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            continue;
        }
        let value = if rng.gen_bool(0.3) {
            String::new()
        } else {
            text(rng, VALUE_ATOMS, 10)
        };
        query.push((name.to_owned(), value));
    }
    query
}

/// Up to `max` headers named from `names` in mixed case (no name twice).
pub fn headers(rng: &mut StdRng, names: &[&str], max: usize) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for _ in 0..rng.gen_range(0..=max) {
        let name = *names.choose(rng).unwrap();
        if headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            continue;
        }
        headers.push((mixed_case(rng, name), header_value(rng)));
    }
    headers
}

/// The headers as the wire delivers them: values trimmed.
pub fn trimmed(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(n, v)| (n.clone(), v.trim().to_owned()))
        .collect()
}

/// Borrowed pairs for a `SignableRequest`.
pub fn as_refs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect()
}

/// `[[name, value], ...]` from an oracle answer.
pub fn pairs(v: &Value) -> Vec<(String, String)> {
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

/// The run's seed: `OSS_RS_INTEROP_SEED`, else a random one (printed, so a failure can be
/// replayed).
pub fn seed(what: &str) -> u64 {
    let seed: u64 = std::env::var("OSS_RS_INTEROP_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| rand::thread_rng().gen());
    eprintln!("{what} signing seed: {seed} (OSS_RS_INTEROP_SEED={seed} reproduces this run)");
    seed
}

/// Streams `cases` through the oracle `script` (answers in order), checks each answer with
/// `check`, and returns how many cases passed per `class`. Fails the test, naming the seed and
/// the first failures, when any case failed or the oracle answered out of step.
pub fn run<C, K: Ord + std::fmt::Debug>(
    python: &std::path::Path,
    script: &str,
    seed: u64,
    cases: &[C],
    input: impl Fn(usize, &C) -> Value,
    check: impl Fn(usize, &C, &Value) -> Result<(), String>,
    class: impl Fn(&C) -> K,
) -> std::collections::BTreeMap<K, usize> {
    let lines: String = cases
        .iter()
        .enumerate()
        .map(|(id, case)| format!("{}\n", input(id, case)))
        .collect();
    let answers = oss_rs_tests::run_oracle(python, script, lines);
    assert_eq!(answers.len(), cases.len(), "one answer per case");
    let mut failures = Vec::new();
    let mut covered = std::collections::BTreeMap::new();
    for (id, (case, answer)) in cases.iter().zip(&answers).enumerate() {
        let theirs: Value = serde_json::from_str(answer).expect("an oracle answer is JSON");
        assert_eq!(theirs["id"], serde_json::json!(id), "answers in order");
        if theirs["ok"] != serde_json::json!(true) {
            failures.push(format!("case {id}: oracle error {}", theirs["error"]));
            continue;
        }
        match check(id, case, &theirs) {
            Ok(()) => *covered.entry(class(case)).or_insert(0) += 1,
            Err(e) => failures.push(e),
        }
    }
    eprintln!("{script}: cases compared per class: {covered:?}");
    assert!(
        failures.is_empty(),
        "{} of {} cases failed (seed {seed}); first:\n{}",
        failures.len(),
        cases.len(),
        failures[..failures.len().min(3)].join("\n\n")
    );
    covered
}

/// A received request must pass `verifier` with the right secret, with an outcome `accept`
/// approves, and fail with `SignatureDoesNotMatch` with another secret.
pub fn verified_both_ways(
    verifier: &oss_auth::verify::Verifier,
    request: &oss_auth::SignableRequest<'_>,
    now: std::time::SystemTime,
    credentials: impl Fn(&str) -> oss_auth::Credentials,
    secret: &str,
    accept: impl Fn(&oss_auth::verify::Verified) -> bool,
) -> Result<(), String> {
    use oss_auth::verify::VerifyError;
    let verify = |secret: &str| {
        let creds = credentials(secret);
        verifier.verify(request, now, |ak| {
            (ak == creds.access_key_id()).then(|| creds.clone())
        })
    };
    match verify(secret) {
        Ok(verified) if accept(&verified) => {}
        other => return Err(format!("refused: {other:?}")),
    }
    match verify("another secret") {
        Err(VerifyError::SignatureDoesNotMatch { .. }) => Ok(()),
        other => Err(format!("accepted with another secret: {other:?}")),
    }
}

/// A presigned request's whole query: its own parameters and the signing ones, sorted so
/// that it compares with an SDK's URL whatever the order.
pub fn presigned_query(
    own: &[(String, String)],
    presigned: &oss_auth::PresignedQuery,
) -> Vec<(String, String)> {
    let mut all = own.to_vec();
    all.extend(
        presigned
            .params
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone())),
    );
    all.sort();
    all
}
