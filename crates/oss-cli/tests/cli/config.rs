//! Configuration: precedence, our file and ossutil's, profiles, redaction, and the
//! embedded default.

use crate::support::{Cli, Server, AK, REGION, SK};

#[test]
fn embedded_default_on_a_fresh_home() {
    let oss = Cli::bare();
    let made = oss.ok(&["mb", "oss://local"]);
    assert!(made.stderr.contains("embedded local server"), "{made:?}");
    assert_eq!(made.stderr.matches("embedded local server").count(), 1);
    let data_dir = oss.home().join(".local/share/oss-rs/local");
    assert!(data_dir.join("meta.db").exists());
    // The next command sees the bucket: the data directory is shared.
    assert_eq!(oss.ok(&["ls", "-s"]).stdout, "oss://local\n");
    // --quiet keeps the notice: local results must never pass for OSS's.
    let quiet = oss.ok(&["ls", "-s", "-q"]);
    assert_eq!(
        quiet.stderr.matches("embedded local server").count(),
        1,
        "{quiet:?}"
    );

    // Another data directory, by environment or flag.
    let elsewhere = oss.home().join("elsewhere");
    let other = Cli::bare().env("OSS_LOCAL_DATA_DIR", elsewhere.to_str().unwrap());
    assert_eq!(other.ok(&["ls", "-s"]).stdout, "");
    assert!(elsewhere.join("meta.db").exists());
    let flag = oss.home().join("flag");
    oss.ok(&["--local-data-dir", flag.to_str().unwrap(), "ls"]);
    assert!(flag.join("meta.db").exists());
    let xdg = Cli::bare();
    let xdg_dir = xdg.home().join("xdg");
    let xdg = xdg.env("XDG_DATA_HOME", xdg_dir.to_str().unwrap());
    xdg.ok(&["ls"]);
    assert!(xdg_dir.join("oss-rs/local/meta.db").exists());
}

#[test]
fn config_writes_reads_and_redacts() {
    let server = Server::start();
    let oss = Cli::bare();
    oss.ok(&[
        "config",
        "--endpoint",
        &server.endpoint,
        "--region",
        REGION,
        "--access-key-id",
        AK,
        "--access-key-secret",
        SK,
    ])
    .has("saved");
    let file = oss.home().join(".config/oss-rs/config");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("[default]\n"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The file is used, and never shown with the secret.
    oss.ok(&["mb", "oss://fromfile"]);
    let show = oss.ok(&["config", "show"]);
    assert!(!show.stdout.contains(SK), "{show:?}");
    assert!(show.stdout.contains("<redacted>"), "{show:?}");
    assert!(show.stdout.contains(AK));
    let json = oss.ok(&["config", "show", "--output-format", "json"]);
    assert!(!json.stdout.contains(SK));
    assert_eq!(json.json()["settings"]["region"]["source"], "file");
    assert_eq!(
        oss.ok(&["config", "get", "access-key-secret"]).stdout,
        "<redacted>\n"
    );
    assert_eq!(
        oss.ok(&["config", "get", "region"]).stdout,
        format!("{REGION}\n")
    );
    oss.run(&["config", "get", "colour"])
        .fails(2, "unknown setting");

    // set / unset, a value from standard input, paths and profiles.
    oss.ok(&["config", "set", "signature-version", "1"]);
    oss.ok(&["ls"]);
    oss.run_stdin(
        &[
            "config",
            "set",
            "--profile",
            "dev",
            "access-key-secret",
            "-",
        ],
        b"devsecret\n",
    )
    .ok();
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("[profile dev]\naccess-key-secret = devsecret"));
    assert_eq!(
        oss.ok(&["config", "list-profiles"]).stdout,
        "default\ndev\n"
    );
    oss.ok(&["config", "unset", "signature-version"]);
    assert!(!std::fs::read_to_string(&file)
        .unwrap()
        .contains("signature-version"));
    assert_eq!(
        oss.ok(&["config", "path"]).stdout.trim(),
        file.to_str().unwrap()
    );
    // A profile that does not exist is a usage error.
    oss.run(&["--profile", "nope", "ls"]).fails(2, "profile");
}

#[test]
fn precedence_flags_environment_file() {
    let server = Server::start();
    let oss = Cli::bare();
    // A file with a wrong secret, the environment with the right one: the environment wins.
    let file = oss.home().join("cfg");
    std::fs::write(
        &file,
        format!("[default]\nendpoint = {}\nregion = {REGION}\naccess-key-id = {AK}\naccess-key-secret = wrong\n", server.endpoint),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    oss.run(&["--config-file", path, "ls"])
        .fails(1, "SignatureDoesNotMatch");
    let env = Cli::bare().env("OSS_ACCESS_KEY_SECRET", SK);
    env.ok(&["--config-file", path, "ls"]);
    env.ok(&["ls", "--config-file", path]);
    // A flag beats the environment.
    env.run(&[
        "--config-file",
        path,
        "--access-key-secret",
        "alsowrong",
        "ls",
    ])
    .fails(1, "SignatureDoesNotMatch");
    let json = env
        .ok(&[
            "--config-file",
            path,
            "config",
            "show",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(
        json["settings"]["access-key-secret"]["source"],
        "environment"
    );
    assert_eq!(json["settings"]["endpoint"]["source"], "file");
    // OSS_CONFIG_FILE names the file too; a missing explicit file is a usage error.
    Cli::bare()
        .env("OSS_CONFIG_FILE", path)
        .env("OSS_ACCESS_KEY_SECRET", SK)
        .ok(&["ls"]);
    oss.run(&["--config-file", "/nonexistent/cfg", "ls"])
        .fails(2, "does not exist");
    oss.run(&["--signature-version", "3", "ls"])
        .fails(2, "invalid value");
}

#[test]
fn ossutil_config_files_are_read() {
    let server = Server::start();
    // ossutil 1.x: ~/.ossutilconfig with [Credentials].
    let oss = Cli::bare();
    std::fs::write(
        oss.home().join(".ossutilconfig"),
        format!(
            "[Credentials]\nlanguage=EN\nendpoint={}\naccessKeyID={AK}\naccessKeySecret={SK}\n",
            server.endpoint
        ),
    )
    .unwrap();
    oss.ok(&["--region", REGION, "mb", "oss://v1file"]);
    // ossutil 2.0: profiles, case/separator-insensitive keys, STS tokens.
    let oss = Cli::bare();
    std::fs::write(
        oss.home().join(".ossutilconfig"),
        format!(
            "[default]\nregion = nowhere\n\n[profile sts]\nRegion = {REGION}\nEndpoint = {}\nAccess_Key_ID = STS.AK\naccessKeySecret = STS.SK\nsts-token = TOKEN\n",
            server.endpoint
        ),
    )
    .unwrap();
    oss.ok(&["--profile", "sts", "mb", "oss://stsbucket"]);
    Cli::bare()
        .env("OSS_ENDPOINT", &server.endpoint)
        .env("OSS_REGION", REGION)
        .env("OSS_ACCESS_KEY_ID", "STS.AK")
        .env("OSS_ACCESS_KEY_SECRET", "STS.SK")
        .env("OSS_SESSION_TOKEN", "WRONG")
        .run(&["ls"])
        .fails(1, "InvalidAccessKeyId");
}
