//! Presign a download URL, sign a request's headers, and verify both as a server would.
//!
//! Run with `cargo run -p oss-auth --example sign_and_verify`. It needs no account and no network:
//! signing is pure, and the verification half plays the server's part locally. Set
//! `OSS_ACCESS_KEY_ID` and `OSS_ACCESS_KEY_SECRET` to sign with your own key instead of the
//! example one.

use std::time::{Duration, SystemTime};

use oss_auth::credentials::{CredentialsProvider, EnvironmentProvider};
use oss_auth::v4::{Scope, V4Signer};
use oss_auth::verify::{Verified, Verifier};
use oss_auth::{Credentials, SignableRequest};

fn main() {
    let credentials = credentials_from_env_or_example();
    let signer = V4Signer::new();
    let scope = Scope::oss("cn-hangzhou");
    let now = SystemTime::now();

    // 1. A URL anyone can GET for the next hour.
    let download = SignableRequest::new("GET")
        .bucket("examplebucket")
        .key("reports/2024 summary.pdf");
    let presigned = signer
        .presign(
            &download,
            &credentials,
            &scope,
            now,
            Duration::from_secs(3600),
        )
        .expect("an hour is within the seven-day limit");
    let url = presigned.url(
        "https://examplebucket.oss-cn-hangzhou.aliyuncs.com",
        &download,
    );
    println!("presigned URL (valid for 1 h):\n  {url}\n");

    // 2. Headers for an upload: add these to the request you send.
    let headers = [
        ("Content-Type", "text/plain"),
        ("x-oss-meta-owner", "alice"),
    ];
    let upload = SignableRequest::new("PUT")
        .bucket("examplebucket")
        .key("notes/hello.txt")
        .headers(&headers);
    let signed = signer
        .sign_headers(&upload, &credentials, &scope, now)
        .expect("the scope has a region");
    println!("headers to send with the upload:");
    for (name, value) in &signed.headers {
        println!("  {name}: {value}");
    }

    // 3. The server's side: both verify with the same secret, and a changed request does not.
    let verifier = Verifier::new().region("cn-hangzhou");
    let lookup = |id: &str| (id == credentials.access_key_id()).then(|| credentials.clone());
    let query: Vec<(&str, &str)> = presigned
        .params
        .iter()
        .map(|(n, v)| (*n, v.as_str()))
        .collect();
    let received = download.query(&query);
    let outcome = verifier
        .verify(&received, now, lookup)
        .expect("the presigned URL verifies");
    assert!(matches!(outcome, Verified::Signed { .. }));

    let mut sent: Vec<(&str, &str)> = headers.to_vec();
    sent.extend(signed.headers.iter().map(|(n, v)| (*n, v.as_str())));
    let received = upload.headers(&sent);
    verifier
        .verify(&received, now, lookup)
        .expect("the signed upload verifies");

    let tampered = received.key("notes/other.txt");
    let error = verifier.verify(&tampered, now, lookup).unwrap_err();
    println!(
        "\nverified both; a request for another key is refused: {}",
        error.code()
    );
}

/// The environment's credentials when set, else the documentation's example key pair.
fn credentials_from_env_or_example() -> Credentials {
    let from_env = block_on_ready(EnvironmentProvider::new().provide_credentials());
    from_env.unwrap_or_else(|_| Credentials::new("LTAI5tExampleAccessKey", "ExampleSecretDoNotUse"))
}

/// The environment provider answers without waiting, so one poll is enough.
fn block_on_ready<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(output) => output,
        std::task::Poll::Pending => panic!("the environment provider never waits"),
    }
}
