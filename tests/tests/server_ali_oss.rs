//! The official Node.js SDK, `ali-oss`, drives a real oss-server on 127.0.0.1 with its own
//! defaults (V1 signing dated by `x-oss-date` alone, which OSS accepts) and with V4: buckets,
//! put/get/head/delete/copy, listings, `multipartUpload` with parallel parts and its checkpoint
//! resume, `signatureUrl` in V1 and V4 fetched with Node's HTTP client, STS credentials (also
//! obtained from oss-server's own STS with ali-oss's STS client), and a
//! wrong secret or token refused with the documented codes. The Node.js side is
//! `tests/interop/node/server_ali_oss.js`; it exits non-zero with a message on its first
//! failure.

use std::path::Path;
use std::process::Command;

use oss_auth::Credentials;
use oss_rs_tests::{interop_node, workspace_root};
use oss_server::{BackgroundServer, ServerConfig};

const AK: &str = "LTAI5tNodeInteropKey";
const SK: &str = "node-interop-secret";
const STS_AK: &str = "STS.node-interop";
const STS_SK: &str = "node-sts-secret";
const TOKEN: &str = "CAIS-node-interop-security-token";
const REGION: &str = "cn-shanghai";

fn server() -> BackgroundServer {
    ServerConfig::new()
        .credential(Credentials::new(AK, SK))
        .credential(Credentials::new(STS_AK, STS_SK).with_security_token(TOKEN))
        .region(REGION)
        .start_background()
        .expect("start oss-server")
}

/// Runs the script with the endpoint, credentials, region and bucket, plus `extra` arguments.
fn run(
    node_dir: &Path,
    server: &BackgroundServer,
    creds: (&str, &str),
    bucket: &str,
    extra: &[&str],
) {
    let script = workspace_root().join("tests/interop/node/server_ali_oss.js");
    let output = Command::new("node")
        .arg(&script)
        .args([server.endpoint(), creds.0, creds.1, REGION, bucket])
        .args(extra)
        .env("NODE_PATH", node_dir.join("node_modules"))
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "server_ali_oss.js {extra:?} failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    eprintln!("server_ali_oss.js {extra:?}: {}", stdout.trim());
}

#[test]
fn ali_oss_with_its_default_v1_signing() {
    let Some(node) = interop_node("ali_oss_with_its_default_v1_signing") else {
        return;
    };
    let server = server();
    run(&node, &server, (AK, SK), "ali-oss-v1", &[]);
}

#[test]
fn ali_oss_with_v4_signing() {
    let Some(node) = interop_node("ali_oss_with_v4_signing") else {
        return;
    };
    let server = server();
    run(&node, &server, (AK, SK), "ali-oss-v4", &["--auth", "v4"]);
}

#[test]
fn ali_oss_with_sts_credentials() {
    let Some(node) = interop_node("ali_oss_with_sts_credentials") else {
        return;
    };
    let server = server();
    let token = ["--token", TOKEN];
    run(&node, &server, (STS_AK, STS_SK), "ali-oss-sts1", &token);
    let v4 = ["--token", TOKEN, "--auth", "v4"];
    run(&node, &server, (STS_AK, STS_SK), "ali-oss-sts4", &v4);
}

/// ali-oss's own STS client (RPC-signed AssumeRole) gets temporary keys from oss-server's STS,
/// and the whole suite runs with them.
#[test]
fn ali_oss_with_keys_from_the_servers_sts() {
    let Some(node) = interop_node("ali_oss_with_keys_from_the_servers_sts") else {
        return;
    };
    let server = server();
    let role = [
        "--assume-role",
        "acs:ram::1234567890123456:role/node-uploader",
    ];
    run(&node, &server, (AK, SK), "ali-oss-assumed", &role);
}

#[test]
fn ali_oss_wrong_secret_or_token_is_refused() {
    let Some(node) = interop_node("ali_oss_wrong_secret_or_token_is_refused") else {
        return;
    };
    let server = server();
    for auth in ["v1", "v4"] {
        let wrong_secret = ["--auth", auth, "--expect-error", "SignatureDoesNotMatch"];
        run(
            &node,
            &server,
            (AK, "not-the-secret"),
            "unused",
            &wrong_secret,
        );
        let wrong_token = [
            "--auth",
            auth,
            "--token",
            "CAIS-not-the-token",
            "--expect-error",
            "InvalidAccessKeyId",
        ];
        run(&node, &server, (STS_AK, STS_SK), "unused", &wrong_token);
    }
}
