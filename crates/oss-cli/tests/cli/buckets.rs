//! mb, rb, ls of buckets, stat of a bucket, and their failures.

use crate::support::{Cli, Server};

#[test]
fn make_list_stat_remove() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://alpha"]).has("created oss://alpha");
    oss.ok(&[
        "mb",
        "oss://beta",
        "--acl",
        "public-read",
        "--storage-class",
        "IA",
    ]);
    let long = oss.ok(&["ls"]);
    assert!(long.stdout.contains("oss://alpha") && long.stdout.contains("oss://beta"));
    assert!(long.stdout.contains("Bucket Number is: 2"), "{long:?}");
    let short = oss.ok(&["ls", "-s"]);
    assert_eq!(short.stdout, "oss://alpha\noss://beta\n");
    assert_eq!(
        oss.ok(&["ls", "--limit", "1", "-s"]).stdout,
        "oss://alpha\n"
    );
    let json = oss.ok(&["ls", "--output-format", "json"]).json();
    assert_eq!(json["buckets"].as_array().unwrap().len(), 2);

    let stat = oss
        .ok(&["stat", "oss://beta", "--output-format", "json"])
        .json();
    assert_eq!(stat["name"], "beta");
    assert_eq!(stat["acl"], "public-read");
    assert_eq!(stat["storage_class"], "IA");
    assert_eq!(stat["object_count"], 0);
    oss.ok(&["stat", "oss://alpha"]).has("ACL").has("private");

    oss.ok(&["rb", "oss://beta"]).has("removed oss://beta");
    assert_eq!(oss.ok(&["ls", "-s"]).stdout, "oss://alpha\n");
}

#[test]
fn rb_force_empties_the_bucket() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://full"]);
    oss.ok(&["mkdir", "oss://full/a"]);
    oss.ok(&["mkdir", "oss://full/b/c"]);
    oss.run(&["rb", "oss://full"]).fails(1, "BucketNotEmpty");
    let json = oss
        .ok(&["rb", "--force", "oss://full", "--output-format", "json"])
        .json();
    assert_eq!(json["emptied"]["objects_deleted"], 2);
    oss.run(&["stat", "oss://full"]).fails(1, "NoSuchBucket");
}

#[test]
fn failures_say_code_message_and_request_id() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let missing = oss.run(&["ls", "oss://missing"]).fails(1, "NoSuchBucket");
    assert!(missing.stderr.contains("request id"), "{missing:?}");
    assert!(missing.stderr.contains("HTTP 404"), "{missing:?}");
    oss.run(&["rb", "oss://missing"]).fails(1, "NoSuchBucket");
    // Refused before sending: a usage error.
    oss.run(&["mb", "oss://Bad_Name"]).fails(2, "invalid");
    oss.run(&["mb", "oss://ok/key"]).fails(2, "names an object");
    oss.run(&["mb", "oss://okay", "--acl", "world"])
        .fails(2, "ACL");
    oss.run(&["mb"]).fails(2, "Usage");
    oss.run(&["frobnicate"]).fails(2, "unrecognized subcommand");
    // JSON errors on stderr.
    let json = oss.run(&["stat", "oss://missing", "--output-format", "json"]);
    assert_eq!(json.code, 1);
    let error: serde_json::Value = serde_json::from_str(json.stderr.trim()).unwrap();
    assert_eq!(error["error"]["code"], "NoSuchBucket");
    assert!(error["error"]["request_id"].is_string());
}

#[test]
fn bad_credentials_fail_with_the_service_code() {
    let server = Server::start();
    let wrong_secret = Cli::new(&server).env("OSS_ACCESS_KEY_SECRET", "wrong");
    wrong_secret.run(&["ls"]).fails(1, "SignatureDoesNotMatch");
    let wrong_id = Cli::new(&server).env("OSS_ACCESS_KEY_ID", "LTAI5tUnknown");
    wrong_id.run(&["ls"]).fails(1, "InvalidAccessKeyId");
    let v1 = Cli::new(&server).env("OSS_ACCESS_KEY_SECRET", "wrong");
    v1.run(&["--signature-version", "1", "ls"])
        .fails(1, "SignatureDoesNotMatch");
    // No secret at all is a configuration error.
    Cli::new(&server)
        .without("OSS_ACCESS_KEY_SECRET")
        .run(&["ls"])
        .fails(2, "no access key secret");
    // An unreachable endpoint is a plain failure.
    Cli::new(&server)
        .env("OSS_ENDPOINT", "http://127.0.0.1:9")
        .run(&["ls"])
        .fails(1, "ListBuckets");
}
