//! The newcomer review (reviews/newcomer-2026-12-06.md, issue 17), each point run with the
//! real `oss` binary against `oss serve`: the osscmd walkthrough as written, no silent
//! fallback to the embedded server, ossutil's flags, dry runs, confirmations on a terminal,
//! debug logs without secrets, errors that name the host, JSON usage errors, ossutil's
//! configuration file written, and help that keeps global options apart.

use std::path::Path;

use crate::support::{Cli, Server, TempDir, AK, REGION, SK};

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A port with nothing listening on it.
fn dead_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The guide of 000 §3.2.2, command by command, with the server's address as `--host` and
/// nothing else configured: osscmd signs V1 when there is no region, and talks HTTP to a
/// host given without a scheme, as osscmd did.
#[test]
fn the_osscmd_walkthrough_runs_as_written() {
    let server = Server::start();
    let host = server.endpoint.strip_prefix("http://").unwrap();
    let oss = Cli::bare();
    let dir = TempDir::new("walkthrough");
    oss.ok(&[
        "config",
        &format!("--id={AK}"),
        &format!("--key={SK}"),
        &format!("--host={host}"),
    ])
    .has("Your configuration is saved into");
    assert!(oss.ok(&["gs"]).stdout.contains("Bucket Number is: 0"));
    assert!(oss
        .ok(&["getallbucket"])
        .stdout
        .contains("Bucket Number is: 0"));
    oss.ok(&["createbucket", "mybucketname"]);
    assert!(oss
        .ok(&["getallbucket"])
        .stdout
        .contains("oss://mybucketname"));
    assert!(oss
        .ok(&["list", "oss://mybucketname/"])
        .stdout
        .contains("object list number is: 0"));
    let local = dir.join("local_existed_file");
    std::fs::write(&local, b"the walkthrough's file\n").unwrap();
    oss.ok(&["put", s(&local), "oss://mybucketname/test_object"]);
    assert!(oss
        .ok(&["list", "oss://mybucketname/"])
        .stdout
        .contains("oss://mybucketname/test_object"));
    let download = dir.join("download_file");
    oss.ok(&["get", "oss://mybucketname/test_object", s(&download)]);
    assert_eq!(
        std::fs::read(&download).unwrap(),
        std::fs::read(&local).unwrap()
    );
    oss.ok(&["delete", "oss://mybucketname/test_object"]);
    oss.ok(&["deletebucket", "mybucketname"]);
    // It was the server, not the embedded one.
    assert!(!oss.home().join(".local/share/oss-rs").exists());
    // The ossutil-style commands do not guess: V4 needs a region, and the message names it.
    oss.run(&["ls"]).fails(2, "--region");
    oss.ok(&["ls", "--region", REGION])
        .has("Bucket Number is: 0");
}

#[test]
fn credentials_without_an_endpoint_are_refused_and_nothing_runs_locally() {
    let oss = Cli::bare()
        .env("OSS_ACCESS_KEY_ID", "LTAI5tREALKEY")
        .env("OSS_ACCESS_KEY_SECRET", "realsecret");
    let refused = oss
        .run(&["mb", "oss://forgot-region-bucket"])
        .fails(2, "no endpoint and no region");
    assert!(refused.stderr.contains("--region"), "{refused:?}");
    assert!(!refused.stderr.contains("realsecret"));
    // Quiet or JSON changes nothing about that.
    let json = oss.run(&[
        "-q",
        "cp",
        "--output-format",
        "json",
        "-r",
        ".",
        "oss://prod/",
    ]);
    assert_eq!(json.code, 2, "{json:?}");
    let error: serde_json::Value = serde_json::from_str(json.stderr.trim()).unwrap();
    assert!(error["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no endpoint and no region"));
    // A profile chosen but empty of endpoints is the same mistake.
    Cli::bare()
        .run(&[
            "--profile",
            "default",
            "--access-key-id",
            "X",
            "--access-key-secret",
            "Y",
            "ls",
        ])
        .fails(2, "no endpoint and no region");
    assert!(!oss.home().join(".local/share/oss-rs").exists());
    // Asked for, the embedded server works, and says so even with -q.
    let local = oss.ok(&["--endpoint", "local", "-q", "mb", "oss://asked-for"]);
    assert_eq!(
        local.stderr.matches("embedded local server").count(),
        1,
        "{local:?}"
    );
    let listed = oss.ok(&["-e", "local", "ls", "--output-format", "json"]);
    let value = listed.json();
    assert!(value["embedded_local_server"].is_string(), "{value}");
    let notice: serde_json::Value = serde_json::from_str(listed.stderr.trim()).unwrap();
    assert!(notice["notice"].as_str().unwrap().contains("embedded"));
}

#[test]
fn ossutil_short_flags_limits_dirs_force_and_version() {
    let server = Server::start();
    let oss = Cli::bare();
    let conn = [
        "-e",
        server.endpoint.as_str(),
        "-i",
        AK,
        "-k",
        SK,
        "--region",
        REGION,
    ];
    let run = |args: &[&str]| {
        let mut all = conn.to_vec();
        all.extend_from_slice(args);
        oss.run(&all)
    };
    run(&["mb", "oss://flags"]).ok();
    let dir = TempDir::new("flags");
    for name in ["a", "b", "c"] {
        std::fs::write(dir.join(name), name).unwrap();
        run(&[
            "cp",
            "-f",
            s(&dir.join(name)),
            &format!("oss://flags/top/{name}"),
        ])
        .ok();
    }
    run(&["cp", "-f", s(&dir.join("a")), "oss://flags/top/sub/deep"]).ok();
    let limited = run(&["ls", "-s", "-r", "--limited-num", "2", "oss://flags/top/"]).ok();
    assert_eq!(limited.stdout.lines().count(), 2, "{limited:?}");
    let dirs = run(&["ls", "-s", "-d", "oss://flags/top/"]).ok();
    assert!(dirs.stdout.contains("oss://flags/top/sub/"), "{dirs:?}");
    assert!(!dirs.stdout.contains("deep"), "{dirs:?}");
    run(&["ls", "-d", "-r", "oss://flags/"]).fails(2, "cannot be used with");
    let version = oss.ok(&["version"]);
    assert!(version
        .stdout
        .starts_with(&format!("oss {}", env!("CARGO_PKG_VERSION"))));
    assert!(version.stdout.contains("oss-client"));
    let json = oss.ok(&["version", "--output-format", "json"]).json();
    assert_eq!(json["oss"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn retry_times_timeouts_and_errors_that_name_the_host() {
    let port = dead_port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let oss = Cli::bare()
        .env("OSS_ACCESS_KEY_ID", AK)
        .env("OSS_ACCESS_KEY_SECRET", SK)
        .env("OSS_REGION", REGION);
    let once = oss
        .run(&[
            "-e",
            &endpoint,
            "ls",
            "--retry-times",
            "0",
            "--connect-timeout",
            "2",
        ])
        .fails(1, &format!("127.0.0.1:{port}"));
    assert!(!once.stderr.contains("attempts"), "one attempt: {once:?}");
    oss.run(&[
        "-e",
        &endpoint,
        "ls",
        "--retry-times",
        "4",
        "--read-timeout",
        "5",
    ])
    .fails(1, "(after 5 attempts)");
    oss.run(&["ls", "--connect-timeout", "0"])
        .fails(2, "at least 1");
    // A host that cannot exist: the error says which one.
    oss.run(&[
        "-e",
        "http://oss-cn-hangzou.invalid",
        "ls",
        "--retry-times",
        "0",
    ])
    .fails(1, "oss-cn-hangzou.invalid:80");
    // A dead proxy is named as the proxy.
    let proxied = oss
        .run(&[
            "-e",
            "http://oss-cn-hangzhou.aliyuncs.com",
            "--proxy",
            &endpoint,
            "ls",
            "--retry-times",
            "0",
        ])
        .fails(1, &format!("through the proxy 127.0.0.1:{port}"));
    assert!(
        proxied.stderr.contains("oss-cn-hangzhou.aliyuncs.com:80"),
        "{proxied:?}"
    );
    let from_env = oss.env("HTTP_PROXY", &endpoint);
    from_env
        .run(&[
            "-e",
            "http://oss-cn-hangzhou.aliyuncs.com",
            "ls",
            "--retry-times",
            "0",
        ])
        .fails(1, "through the proxy");
}

/// `--endpoint` is the region's public endpoint, `--proxy` is `oss serve`: the server finds
/// the virtual-hosted bucket in the proxied request's host, and the region comes from the
/// endpoint.
#[test]
fn a_region_endpoint_through_a_proxy_that_is_the_local_server() {
    let server = Server::start();
    let oss = Cli::bare()
        .env("OSS_ACCESS_KEY_ID", AK)
        .env("OSS_ACCESS_KEY_SECRET", SK)
        .env("OSS_ENDPOINT", "http://oss-cn-hangzhou.aliyuncs.com");
    let dir = TempDir::new("proxied");
    let file = dir.join("f");
    std::fs::write(&file, b"through the proxy").unwrap();
    oss.ok(&["--proxy", &server.endpoint, "mb", "oss://proxied"]);
    oss.ok(&[
        "--proxy",
        &server.endpoint,
        "cp",
        s(&file),
        "oss://proxied/k",
    ]);
    let through_env = oss.env("HTTP_PROXY", &server.endpoint);
    let listed = through_env.ok(&["ls", "-s", "oss://proxied"]);
    assert_eq!(listed.stdout, "oss://proxied/k\n");
    assert_eq!(
        through_env.ok(&["cat", "oss://proxied/k"]).stdout,
        "through the proxy"
    );
    // The same object, addressed directly: it is the server's.
    let direct = Cli::new(&server);
    assert_eq!(
        direct.ok(&["cat", "oss://proxied/k"]).stdout,
        "through the proxy"
    );
}

#[test]
fn a_dash_is_neither_read_as_standard_input_nor_written_as_a_file() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://dash"]);
    oss.run_stdin(&["cp", "-", "oss://dash/k"], b"hello")
        .fails(2, "oss append -");
    oss.ok(&["mkdir", "oss://dash/d"]);
    let dir = TempDir::new("dash");
    let run = oss
        .command()
        .current_dir(dir.path())
        .args(["cp", "oss://dash/d/", "-"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("oss cat"));
    assert!(!dir.join("-").exists());
}

#[test]
fn version_id_reads_and_removes_an_older_version() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://versions"]);
    oss.ok(&[
        "api",
        "put-bucket-versioning",
        "--bucket",
        "versions",
        "--body",
        "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
    ]);
    let dir = TempDir::new("versions");
    for text in ["one", "two"] {
        std::fs::write(dir.join(text), text).unwrap();
        oss.ok(&["cp", s(&dir.join(text)), "oss://versions/k"]);
    }
    let listed = oss
        .ok(&["api", "list-object-versions", "--bucket", "versions"])
        .json();
    let versions = listed["result"]["Version"].as_array().unwrap();
    assert_eq!(versions.len(), 2, "{listed}");
    let old = versions[1]["VersionId"].as_str().unwrap();
    assert_eq!(versions[1]["IsLatest"], false, "{listed}");
    let versioned = |command: &str| oss.run(&[command, "oss://versions/k", "--version-id", old]);
    assert_eq!(versioned("cat").ok().stdout, "one");
    assert!(versioned("stat").ok().stdout.contains("Content-Length : 3"));
    versioned("rm").ok();
    versioned("cat").fails(1, "NoSuchVersion");
    assert_eq!(oss.ok(&["cat", "oss://versions/k"]).stdout, "two");
}

#[test]
fn dry_runs_list_what_they_would_do_and_change_nothing() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://dry"]);
    let dir = TempDir::new("dry");
    let tree = dir.join("tree");
    std::fs::create_dir_all(tree.join("sub")).unwrap();
    std::fs::write(tree.join("one"), b"1").unwrap();
    std::fs::write(tree.join("sub/two"), b"22").unwrap();
    let copy = oss.ok(&["cp", "-r", s(&tree), "oss://dry/t/", "--dry-run"]);
    assert!(copy.stdout.contains("would copy"), "{copy:?}");
    assert!(copy.stdout.contains("oss://dry/t/sub/two"), "{copy:?}");
    assert_eq!(oss.ok(&["ls", "-s", "-r", "oss://dry"]).stdout, "");
    oss.ok(&["cp", "-r", s(&tree), "oss://dry/t/"]);
    oss.ok(&["cp", s(&tree.join("one")), "oss://dry/t/stale"]);
    let json = oss
        .ok(&[
            "sync",
            s(&tree),
            "oss://dry/t/",
            "--delete",
            "--dry-run",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(json["dry_run"], true);
    let items: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(items.contains(&"delete oss://dry/t/stale"), "{items:?}");
    let removal = oss.ok(&["rm", "-r", "oss://dry/t/", "--dry-run"]);
    assert!(
        removal.stdout.contains("would remove oss://dry/t/one"),
        "{removal:?}"
    );
    assert!(removal.stdout.contains("3 item(s)"), "{removal:?}");
    oss.ok(&[
        "set-props",
        "-r",
        "oss://dry/t/",
        "--acl",
        "public-read",
        "--dry-run",
    ])
    .has("would update oss://dry/t/sub/two");
    // Nothing changed: every object is there, private.
    assert_eq!(
        oss.ok(&["ls", "-s", "-r", "oss://dry"])
            .stdout
            .lines()
            .count(),
        3
    );
    let stat = oss.ok(&["api", "get-object-acl", "--bucket", "dry", "--key", "t/one"]);
    assert!(!stat.stdout.contains("public-read"), "{stat:?}");
}

#[test]
fn debug_logs_show_each_request_and_never_the_secret() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let logged = oss.ok(&["--loglevel", "debug", "mb", "oss://logged"]);
    let line = logged
        .stderr
        .lines()
        .find(|l| l.contains("oss_http::request"))
        .unwrap_or_else(|| panic!("no request line: {logged:?}"));
    for field in [
        "method=PUT",
        "host=127.0.0.1:",
        "path=/logged/",
        "status=200",
        "request_id=",
        "attempt=1",
        "duration_ms=",
    ] {
        assert!(line.contains(field), "{field} in {line}");
    }
    assert!(!logged.stderr.contains(SK), "{logged:?}");
    // RUST_LOG does the same; a log file gets the lines instead of standard error.
    let by_env = Cli::new(&server)
        .env("RUST_LOG", "oss_http=debug")
        .ok(&["ls"]);
    assert!(by_env.stderr.contains("method=GET"), "{by_env:?}");
    let dir = TempDir::new("log");
    let log = dir.join("oss.log");
    let to_file = oss.ok(&["ls", "--loglevel", "debug", "--log-file", s(&log)]);
    assert!(!to_file.stderr.contains("oss_http::request"), "{to_file:?}");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("status=200"), "{text}");
    assert!(!text.contains(SK));
    // The transfer layer says when a transfer ends.
    let file = dir.join("up");
    std::fs::write(&file, b"logged upload").unwrap();
    let upload = oss.ok(&["cp", s(&file), "oss://logged/up", "--loglevel", "debug"]);
    assert!(
        upload.stderr.contains("upload finished") && upload.stderr.contains("size=13"),
        "{upload:?}"
    );
    // Without a level, nothing is logged.
    assert!(!oss.ok(&["ls"]).stderr.contains("oss_http"));
}

#[test]
fn usage_errors_are_json_in_json_mode_and_help_keeps_global_options_apart() {
    let oss = Cli::bare();
    for args in [
        &["lss", "--output-format", "json"][..],
        &["ls", "--output-format=json", "--recursivee"][..],
        &["cp", "--output-format", "json"][..],
    ] {
        let run = oss.run(args);
        assert_eq!(run.code, 2, "{run:?}");
        let error: serde_json::Value = serde_json::from_str(run.stderr.trim())
            .unwrap_or_else(|e| panic!("not JSON ({e}): {run:?}"));
        assert!(error["error"]["message"].is_string(), "{error}");
    }
    let help = oss.ok(&["cp", "--help"]).stdout;
    let global = help
        .find("Global options:")
        .expect("a Global options heading");
    assert!(help.find("--jobs").unwrap() < global, "{help}");
    assert!(help.find("--endpoint").unwrap() > global, "{help}");
    assert!(help.find("--loglevel").unwrap() > global, "{help}");
    // The help shows examples and the pattern syntax, not a pointer to the README.
    assert!(help.contains("Examples:\n  oss cp"), "{help}");
    assert!(help.contains("`**` across them"), "{help}");
}

/// The long options of a help text (`--name` at the start of a line's option column).
fn options_of(help: &str) -> Vec<String> {
    help.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let line = line
                .strip_prefix('-')
                .filter(|l| !l.starts_with('-'))
                .map_or(line, |l| l.split_once(", ").map_or(l, |(_, rest)| rest));
            let name = line.strip_prefix("--")?;
            Some(format!(
                "--{}",
                name.split([' ', '=']).next().unwrap_or(name)
            ))
        })
        .collect()
}

#[test]
fn serve_shows_and_takes_only_its_own_options() {
    let oss = Cli::bare();
    for flag in ["-h", "--help"] {
        let help = oss.ok(&["serve", flag]).stdout;
        let options = options_of(&help);
        for own in [
            "--listen",
            "--memory",
            "--data-dir",
            "--credential",
            "--region",
            "--loglevel",
        ] {
            assert!(options.iter().any(|o| o == own), "{own} in {options:?}");
        }
        for client in [
            "--endpoint",
            "--access-key-id",
            "--access-key-secret",
            "--sts-token",
            "--profile",
            "--config-file",
            "--signature-version",
            "--proxy",
            "--retry-times",
            "--output-format",
        ] {
            assert!(
                !options.iter().any(|o| o == client),
                "{client} in {options:?}"
            );
        }
    }
    // The client commands still list them, and take them before or after the command.
    let options = options_of(&oss.ok(&["ls", "--help"]).stdout);
    assert!(options.iter().any(|o| o == "--endpoint"), "{options:?}");
    for args in [
        &["serve", "--endpoint", "http://x"][..],
        &["--access-key-id", "AK", "serve"][..],
        &["serve", "-q"][..],
    ] {
        oss.run(args).fails(2, "not of serve");
    }
}

#[test]
fn oss_config_writes_the_ossutilconfig_it_reads() {
    let oss = Cli::bare();
    let ossutil = oss.home().join(".ossutilconfig");
    std::fs::write(
        &ossutil,
        "[default]\nregion = cn-hangzhou\naccessKeyId = AK0\n[profile dev]\nregion = cn-shanghai\n",
    )
    .unwrap();
    assert_eq!(
        oss.ok(&["config", "list-profiles"]).stdout,
        "default\ndev\n"
    );
    assert_eq!(oss.ok(&["config", "path"]).stdout.trim(), s(&ossutil));
    oss.ok(&["config", "set", "endpoint", "oss-cn-hangzhou.aliyuncs.com"]);
    let text = std::fs::read_to_string(&ossutil).unwrap();
    assert!(
        text.contains("endpoint = oss-cn-hangzhou.aliyuncs.com"),
        "{text}"
    );
    assert!(text.contains("[profile dev]"), "{text}");
    assert!(!oss.home().join(".config/oss-rs/config").exists());
    // ossutil 1.x's [Credentials] keeps its section.
    std::fs::write(&ossutil, "[Credentials]\nendpoint = http://127.0.0.1:1\n").unwrap();
    oss.ok(&["config", "set", "region", "cn-beijing"]);
    let text = std::fs::read_to_string(&ossutil).unwrap();
    assert!(text.starts_with("[Credentials]\n"), "{text}");
    assert!(!text.contains("[default]"), "{text}");
    assert_eq!(oss.ok(&["config", "get", "region"]).stdout, "cn-beijing\n");
    // Values that could only fail later are refused now, and the file is left alone.
    oss.run(&["config", "set", "signature-version", "3"])
        .fails(2, "expected 4 or 1");
    oss.run(&["config", "set", "endpoint", "not a url"])
        .fails(2, "expected a host name or a URL");
    assert_eq!(std::fs::read_to_string(&ossutil).unwrap(), text);
}

#[cfg(unix)]
mod on_a_terminal {
    use super::*;
    use crate::support::Terminal;

    fn filled(oss: &Cli, bucket: &str) {
        oss.ok(&["mb", &format!("oss://{bucket}")]);
        let dir = TempDir::new("filled");
        let file = dir.join("f");
        std::fs::write(&file, b"content").unwrap();
        for key in ["tree/a", "tree/b", "treeX.txt"] {
            oss.ok(&["cp", s(&file), &format!("oss://{bucket}/{key}")]);
        }
    }

    fn count(oss: &Cli, bucket: &str) -> usize {
        oss.ok(&["ls", "-s", "-r", &format!("oss://{bucket}")])
            .stdout
            .lines()
            .count()
    }

    #[test]
    fn rm_r_asks_and_no_keeps_everything() {
        let server = Server::start();
        let oss = Cli::new(&server);
        filled(&oss, "asked");
        let mut term = Terminal::run(&oss, &["rm", "-r", "oss://asked/tree"]);
        term.expect("(y or N)? ");
        term.type_text("n\n");
        let (code, _, screen) = term.finish();
        assert_eq!(code, 1, "{screen}");
        assert_eq!(count(&oss, "asked"), 3);
        let mut term = Terminal::run(&oss, &["rm", "-r", "oss://asked/tree"]);
        term.expect("(y or N)? ");
        term.type_text("y\n");
        let (code, stdout, screen) = term.finish();
        assert_eq!(code, 0, "{screen}");
        assert!(stdout.contains("removed 3 object(s)"), "{stdout}");
        assert_eq!(count(&oss, "asked"), 0);
        // -f does not ask.
        filled(&oss, "forced");
        let term = Terminal::run(&oss, &["rm", "-r", "-f", "oss://forced/"]);
        let (code, _, screen) = term.finish();
        assert_eq!(code, 0, "{screen}");
        assert!(!screen.contains("y or N"), "{screen}");
        assert_eq!(count(&oss, "forced"), 0);
    }

    #[test]
    fn rb_force_asks_on_a_terminal_unless_f() {
        let server = Server::start();
        let oss = Cli::new(&server);
        filled(&oss, "full");
        let mut term = Terminal::run(&oss, &["rb", "--force", "oss://full"]);
        term.expect("(y or N)? ");
        term.type_text("\n");
        let (code, _, screen) = term.finish();
        assert_eq!(code, 1, "{screen}");
        assert_eq!(count(&oss, "full"), 3);
        let mut term = Terminal::run(&oss, &["rb", "--force", "oss://full"]);
        term.expect("(y or N)? ");
        term.type_text("yes\n");
        assert_eq!(term.finish().0, 0);
        assert!(!oss.ok(&["ls", "-s"]).stdout.contains("oss://full"));
        filled(&oss, "full2");
        let (code, _, screen) =
            Terminal::run(&oss, &["rb", "--force", "-f", "oss://full2"]).finish();
        assert_eq!(code, 0, "{screen}");
        assert!(!screen.contains("y or N"), "{screen}");
        // Not on a terminal (a script), --force goes on as before.
        filled(&oss, "full3");
        oss.ok(&["rb", "--force", "oss://full3"]);
    }

    #[test]
    fn sync_delete_refuses_an_empty_source_unless_f() {
        let server = Server::start();
        let oss = Cli::new(&server);
        filled(&oss, "synced");
        let empty = TempDir::new("empty-source");
        oss.run(&["sync", s(empty.path()), "oss://synced/tree/", "--delete"])
            .fails(2, "nothing to sync");
        assert_eq!(count(&oss, "synced"), 3);
        oss.ok(&[
            "sync",
            s(empty.path()),
            "oss://synced/tree/",
            "--delete",
            "-f",
        ]);
        assert_eq!(count(&oss, "synced"), 1);
    }

    /// What a terminal shows, line by line (carriage returns start a line again), without
    /// its escape sequences.
    fn visible_lines(screen: &str) -> Vec<String> {
        let mut text = String::new();
        let mut chars = screen.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for end in chars.by_ref() {
                        if ('\x40'..='\x7e').contains(&end) {
                            break;
                        }
                    }
                }
                continue;
            }
            text.push(c);
        }
        text.split(['\r', '\n']).map(str::to_owned).collect()
    }

    #[test]
    fn progress_bars_fit_80_columns_and_ls_says_the_zone() {
        let server = Server::start();
        // A terminal that says what it is, as a user's does.
        let oss = Cli::new(&server).env("TERM", "xterm-256color");
        oss.ok(&["mb", "oss://bars"]);
        let dir = TempDir::new("bars");
        let file = dir.join("a-rather-long-file-name-for-the-bar.bin");
        std::fs::write(&file, crate::support::data(4 << 20, 7)).unwrap();
        let term = Terminal::run(
            &oss,
            &[
                "cp",
                s(&file),
                "oss://bars/big.bin",
                "--bandwidth-limit",
                "2MiB",
            ],
        );
        let (code, _, screen) = term.finish();
        assert_eq!(code, 0, "{screen}");
        let lines = visible_lines(&screen);
        assert!(
            lines.iter().any(|l| l.contains("MiB/s")),
            "no bar drawn: {screen:?}"
        );
        for line in &lines {
            assert!(
                line.chars().count() <= 80,
                "{} columns: {line:?}",
                line.chars().count()
            );
        }
        let listed = oss.ok(&["ls", "oss://bars"]).stdout;
        assert!(listed.contains(" UTC "), "{listed}");
    }

    #[test]
    fn the_secret_is_typed_without_echo() {
        let oss = Cli::bare();
        let mut term = Terminal::run(&oss, &["config"]);
        for (prompt, answer) in [
            ("region [", "cn-hangzhou\n"),
            ("endpoint [", "\n"),
            ("access-key-id [", "LTAI5tTypedKey\n"),
            ("access-key-secret [", "typed-secret-value\n"),
            ("sts-token [", "\n"),
        ] {
            term.expect(prompt);
            term.type_text(answer);
        }
        let (code, _, screen) = term.finish();
        assert_eq!(code, 0, "{screen}");
        assert!(screen.contains("LTAI5tTypedKey"), "the id echoes: {screen}");
        assert!(!screen.contains("typed-secret-value"), "{screen}");
        let file = std::fs::read_to_string(oss.home().join(".config/oss-rs/config")).unwrap();
        assert!(
            file.contains("access-key-secret = typed-secret-value"),
            "{file}"
        );
    }
}
