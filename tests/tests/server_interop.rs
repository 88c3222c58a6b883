//! The official Python SDKs (`oss2` and `alibabacloud-oss-v2`) drive a real oss-server on
//! 127.0.0.1 through every supported operation: V1 and V4 signing, STS credentials, CRC-64
//! checks, resumable and parallel transfers, paginators, presigned URLs fetched with urllib,
//! and the documented errors for a wrong secret, a wrong token, an expired URL and a skewed
//! clock. The Python side is `tests/interop/server_oss2.py` and `server_v2.py`; each exits
//! non-zero with a message on its first failure.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use oss_auth::Credentials;
use oss_rs_tests::{interop_python, workspace_root};
use oss_server::{BackgroundServer, ServerConfig};

const AK: &str = "LTAI5tInteropKey";
const SK: &str = "interop-secret";
const STS_AK: &str = "STS.interop";
const STS_SK: &str = "sts-secret";
const TOKEN: &str = "CAIS-interop-security-token";
const REGION: &str = "cn-shanghai";

fn server(config: ServerConfig) -> BackgroundServer {
    config
        .credential(Credentials::new(AK, SK))
        .credential(Credentials::new(STS_AK, STS_SK).with_security_token(TOKEN))
        .region(REGION)
        .start_background()
        .expect("start oss-server")
}

fn bucket_name(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Runs `script` with the endpoint, credentials, region and bucket, plus `extra` arguments.
fn run(
    python: &PathBuf,
    script: &str,
    server: &BackgroundServer,
    creds: (&str, &str),
    bucket: &str,
    extra: &[&str],
) {
    let path = workspace_root().join("tests/interop").join(script);
    let output = Command::new(python)
        .arg(&path)
        .args([server.endpoint(), creds.0, creds.1, REGION, bucket])
        .args(extra)
        .output()
        .expect("run python");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{script} {extra:?} failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    eprintln!("{script} {extra:?}: {}", stdout.trim());
}

#[test]
fn server_oss2_v4_v1_and_sts() {
    let Some(python) = interop_python("server_oss2_v4_v1_and_sts") else {
        return;
    };
    let server = server(ServerConfig::new());
    run(
        &python,
        "server_oss2.py",
        &server,
        (AK, SK),
        &bucket_name("oss2-v4"),
        &["--auth", "v4"],
    );
    run(
        &python,
        "server_oss2.py",
        &server,
        (AK, SK),
        &bucket_name("oss2-v1"),
        &["--auth", "v1"],
    );
    let sts = ["--auth", "v4", "--token", TOKEN];
    run(
        &python,
        "server_oss2.py",
        &server,
        (STS_AK, STS_SK),
        &bucket_name("oss2-sts4"),
        &sts,
    );
    let sts = ["--auth", "v1", "--token", TOKEN];
    run(
        &python,
        "server_oss2.py",
        &server,
        (STS_AK, STS_SK),
        &bucket_name("oss2-sts1"),
        &sts,
    );
}

#[test]
fn server_v2_v4_v1_and_sts() {
    let Some(python) = interop_python("server_v2_v4_v1_and_sts") else {
        return;
    };
    let server = server(ServerConfig::new());
    run(
        &python,
        "server_v2.py",
        &server,
        (AK, SK),
        &bucket_name("v2-v4"),
        &["--sign", "v4"],
    );
    run(
        &python,
        "server_v2.py",
        &server,
        (AK, SK),
        &bucket_name("v2-v1"),
        &["--sign", "v1"],
    );
    let sts = ["--sign", "v4", "--token", TOKEN];
    run(
        &python,
        "server_v2.py",
        &server,
        (STS_AK, STS_SK),
        &bucket_name("v2-sts"),
        &sts,
    );
}

#[test]
fn server_interop_on_the_disk_backend() {
    let Some(python) = interop_python("server_interop_on_the_disk_backend") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("oss-server-interop-{}", std::process::id()));
    let server = server(ServerConfig::new().data_dir(&dir));
    run(
        &python,
        "server_oss2.py",
        &server,
        (AK, SK),
        &bucket_name("disk-oss2"),
        &["--auth", "v4"],
    );
    run(
        &python,
        "server_v2.py",
        &server,
        (AK, SK),
        &bucket_name("disk-v2"),
        &["--sign", "v4"],
    );
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn server_interop_errors() {
    let Some(python) = interop_python("server_interop_errors") else {
        return;
    };
    let server = server(ServerConfig::new());
    let expect = |script: &str, creds: (&str, &str), code: &str, extra: &[&str]| {
        let mut args = vec!["--expect-error", code];
        args.extend_from_slice(extra);
        run(&python, script, &server, creds, "errors", &args);
    };
    for (script, flag) in [("server_oss2.py", "--auth"), ("server_v2.py", "--sign")] {
        for version in ["v1", "v4"] {
            let v = [flag, version];
            expect(script, (AK, "wrong-secret"), "SignatureDoesNotMatch", &v);
            expect(script, ("unknown-key", SK), "InvalidAccessKeyId", &v);
            let wrong_token = [flag, version, "--token", "not-the-token"];
            expect(script, (STS_AK, STS_SK), "InvalidAccessKeyId", &wrong_token);
        }
    }
    server.set_clock_skew(3600);
    expect(
        "server_oss2.py",
        (AK, SK),
        "RequestTimeTooSkewed",
        &["--auth", "v4"],
    );
    expect(
        "server_oss2.py",
        (AK, SK),
        "RequestTimeTooSkewed",
        &["--auth", "v1"],
    );
    expect(
        "server_v2.py",
        (AK, SK),
        "RequestTimeTooSkewed",
        &["--sign", "v4"],
    );
    server.set_clock_skew(0);
}
