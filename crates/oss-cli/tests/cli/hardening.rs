//! The adversarial review's CLI defects (reviews/adversarial-2026-12-06.md), each from its
//! reproduction, run with the real `oss` binary against `oss serve`: checkpoints and
//! temporary files (D3, D4, D11), tree downloads with keys that have no local path (D5), the
//! embedded store (D7), terminal escapes (D12), non-UTF-8 names (D13), a symlinked
//! configuration (D14), procfs files (D15), numeric flags (D18), destructive commands (D19)
//! and osscmd with a local `--host` (D20).

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::{data, Cli, Server, TempDir, AK, REGION, SK};

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Waits (bounded) until `ready`, while `child` runs.
fn wait_for(child: &mut Child, what: &str, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ready() {
        assert!(Instant::now() < deadline, "never saw: {what}");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the command ended before: {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sends `signal` (`INT`, `TERM`) to `child` and collects how it ended.
fn signal(child: Child, signal: &str) -> (i32, String) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn spawn(oss: &Cli, args: &[&str]) -> Child {
    oss.command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A server with a 1 MB object `oss://priv/f1m`.
fn with_object() -> (Server, Cli, TempDir, Vec<u8>) {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("hardening");
    let body = data(1_000_000, 7);
    std::fs::write(dir.join("f1m"), &body).unwrap();
    oss.ok(&["mb", "oss://priv"]);
    oss.ok(&["cp", s(&dir.join("f1m")), "oss://priv/f1m"]);
    (server, oss, dir, body)
}

#[test]
fn d3_forged_checkpoints_and_shared_checkpoint_dirs() {
    let (_server, oss, dir, body) = with_object();
    let ck = dir.join("ck");
    let out = dir.join("out.bin");
    let download = |extra: &[&'static str]| {
        let mut args: Vec<&str> = vec![
            "cp",
            "oss://priv/f1m",
            s(&out),
            "--bigfile-threshold",
            "100KiB",
            "--part-size",
            "100KiB",
            "--checkpoint-dir",
            s(&ck),
        ];
        args.extend_from_slice(extra);
        args
    };
    // The review's reproduction: a throttled checkpointed download killed midway, its
    // checkpoint forged (with a checksum that checks out) to name a victim as its temporary
    // file, and a state that no longer matches the run.
    let mut child = spawn(&oss, &download(&["--bandwidth-limit", "100KiB"]));
    wait_for(&mut child, "a checkpoint", || names(&ck).len() == 1);
    child.kill().unwrap();
    child.wait().unwrap();
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, b"precious").unwrap();
    let checkpoint = ck.join(&names(&ck)[0]);
    let envelope: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&checkpoint).unwrap()).unwrap();
    let mut state = envelope["state"].clone();
    state["temp"] = s(&victim).into();
    state["size"] = 1.into();
    let state = serde_json::to_string(&state).unwrap();
    let crc = oss_checksum::crc64::checksum(state.as_bytes());
    std::fs::write(
        &checkpoint,
        format!(
            r#"{{"magic":"oss-rs-checkpoint","version":1,"kind":"download","crc64":"{crc}","state":{state}}}"#
        ),
    )
    .unwrap();
    oss.ok(&download(&[]));
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert_eq!(std::fs::read(&out).unwrap(), body);

    // The directory is created private; a world-writable one is refused with a clear error.
    assert_eq!(mode(&ck), 0o700);
    std::fs::remove_file(&out).unwrap();
    std::fs::set_permissions(&ck, std::fs::Permissions::from_mode(0o777)).unwrap();
    oss.run(&download(&[]))
        .fails(1, "unsafe checkpoint directory");
    assert!(!out.exists());
    assert!(names(&ck).is_empty());
}

#[test]
fn d4_a_symlink_at_the_temporary_name_is_refused() {
    let (_server, oss, dir, body) = with_object();
    let d = dir.join("d");
    std::fs::create_dir(&d).unwrap();
    let victim = dir.join("victim2");
    std::fs::write(&victim, b"VICTIM\n").unwrap();
    std::os::unix::fs::symlink(&victim, d.join(".big.oss-download")).unwrap();
    let (big, ck4) = (d.join("big"), dir.join("ck4"));
    let args = [
        "cp",
        "oss://priv/f1m",
        s(&big),
        "--bigfile-threshold",
        "100KiB",
        "--checkpoint-dir",
        s(&ck4),
    ];
    oss.run(&args).fails(1, "symbolic link");
    assert_eq!(std::fs::read(&victim).unwrap(), b"VICTIM\n");
    assert!(std::fs::symlink_metadata(d.join("big")).is_err());
    std::fs::remove_file(d.join(".big.oss-download")).unwrap();
    oss.ok(&args);
    assert!(std::fs::symlink_metadata(d.join("big")).unwrap().is_file());
    assert_eq!(std::fs::read(d.join("big")).unwrap(), body);
}

#[test]
fn d5_a_key_without_a_local_path_fails_alone() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("keys");
    std::fs::write(dir.join("s.txt"), b"TOP-SECRET\n").unwrap();
    oss.ok(&["mb", "oss://dbl"]);
    let odd = [
        "dir//double.txt",
        "./dot.txt",
        "dir/./x",
        "sub/../../evil.txt",
    ];
    for key in ["good.txt", "dir/fine.txt"].iter().chain(&odd) {
        oss.ok(&["cp", s(&dir.join("s.txt")), &format!("oss://dbl/{key}")]);
    }
    let root = dir.join("root");
    std::fs::create_dir(&root).unwrap();
    let runs: [(&str, Vec<String>); 4] = [
        ("cp -r", vec!["cp".into(), "-r".into(), "oss://dbl/".into()]),
        ("sync", vec!["sync".into(), "oss://dbl/".into()]),
        (
            "downloadtodir",
            vec!["downloadtodir".into(), "oss://dbl/".into()],
        ),
        (
            "downloadallobject",
            vec!["downloadallobject".into(), "oss://dbl/".into()],
        ),
    ];
    for (what, mut args) in runs {
        let out = root.join(what.replace(' ', "-"));
        args.push(s(&out).to_owned());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = oss.run(&args);
        assert_eq!(run.code, 1, "{what}: {run:#?}");
        for key in odd {
            assert!(
                run.stdout.contains(&format!("oss://dbl/{key}"))
                    && run.stderr.contains(&format!("oss://dbl/{key}")),
                "{what}: {key} is reported: {run:#?}"
            );
        }
        assert!(run.stdout.contains("4 failed"), "{what}: {run:#?}");
        // The rest is downloaded, and nothing else.
        assert_eq!(names(&out), ["dir", "good.txt"], "{what}");
        assert_eq!(names(&out.join("dir")), ["fine.txt"], "{what}");
        assert_eq!(
            std::fs::read(out.join("good.txt")).unwrap(),
            b"TOP-SECRET\n"
        );
    }
    // Nothing outside the destinations.
    assert_eq!(names(&root).len(), 4);
    assert_eq!(names(dir.path()), ["root", "s.txt"]);
}

#[test]
fn d7_the_embedded_store_is_private_with_a_key_pair_of_its_own() {
    let oss = Cli::bare();
    let data_dir = oss.home().join(".local/share/oss-rs/local");
    // An existing directory open to others is tightened.
    std::fs::create_dir_all(&data_dir).unwrap();
    std::fs::set_permissions(&data_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    oss.ok(&["mb", "oss://embb"]);
    let file = oss.home().join("x");
    std::fs::write(&file, b"private bytes").unwrap();
    oss.ok(&["cp", s(&file), "oss://embb/x"]);
    assert_eq!(mode(&data_dir), 0o700);
    let key_file = data_dir.join("credentials");
    assert_eq!(mode(&key_file), 0o600);
    let pair = std::fs::read_to_string(&key_file).unwrap();
    assert!(!pair.contains("LTAI5tOssRsLocalDevKey"));

    // `oss serve` over the same directory accepts that pair only; it prints the access key
    // id and the file, never the secret.
    let mut child = oss
        .command()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(child.stdout.take().unwrap()));
    let mut head = Vec::new();
    for _ in 0..3 {
        head.push(lines.next().unwrap().unwrap());
    }
    let endpoint = head[0].strip_prefix("listening on ").unwrap().to_owned();
    let value = |name: &str| {
        pair.lines()
            .find_map(|line| line.strip_prefix(&format!("{name} = ")))
            .unwrap()
            .to_owned()
    };
    let (id, secret) = (value("access-key-id"), value("access-key-secret"));
    let printed = head.join("\n");
    assert!(
        printed.contains(&id) && printed.contains(s(&key_file)),
        "{printed}"
    );
    assert!(!printed.contains(&secret), "{printed}");
    let client = |id: &str, secret: &str| {
        Cli::bare()
            .env("OSS_ENDPOINT", &endpoint)
            .env("OSS_REGION", REGION)
            .env("OSS_ACCESS_KEY_ID", id)
            .env("OSS_ACCESS_KEY_SECRET", secret)
    };
    assert_eq!(
        client(&id, &secret).ok(&["cat", "oss://embb/x"]).stdout,
        "private bytes"
    );
    client("LTAI5tOssRsLocalDevKey", "oss-rs-local-development-secret")
        .run(&["ls"])
        .fails(1, "InvalidAccessKeyId");
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn d11_ctrl_c_and_sigterm_clean_up_or_keep_what_resumes() {
    let (_server, oss, dir, body) = with_object();

    // A download without a checkpoint: its temporary file is removed.
    let out = dir.join("dl");
    std::fs::create_dir(&out).unwrap();
    let mut child = spawn(
        &oss,
        &[
            "cp",
            "oss://priv/f1m",
            s(&out.join("dl.bin")),
            "--bandwidth-limit",
            "100KiB",
        ],
    );
    wait_for(&mut child, "the temporary file", || !names(&out).is_empty());
    let (code, stderr) = signal(child, "INT");
    assert_eq!(code, 130, "{stderr}");
    assert!(stderr.contains("temporary file was removed"), "{stderr}");
    assert!(
        stderr.contains("with --checkpoint-dir a rerun resumes"),
        "{stderr}"
    );
    assert!(names(&out).is_empty(), "{:?}", names(&out));

    // A multipart upload without a checkpoint: aborted.
    let uploads = || oss.ok(&["ls", "-m", "-s", "oss://priv"]).stdout;
    let mut child = spawn(
        &oss,
        &[
            "cp",
            s(&dir.join("f1m")),
            "oss://priv/up",
            "--bigfile-threshold",
            "100KiB",
            "--part-size",
            "100KiB",
            "--bandwidth-limit",
            "100KiB",
        ],
    );
    wait_for(&mut child, "the multipart upload", || !uploads().is_empty());
    let (code, stderr) = signal(child, "TERM");
    assert_eq!(code, 143, "{stderr}");
    assert!(
        stderr.contains("multipart upload, if one was started, was aborted"),
        "{stderr}"
    );
    assert_eq!(uploads(), "");

    // A checkpointed download keeps its state, and the rerun resumes.
    let ck = dir.join("ck");
    let target = out.join("dl.bin");
    let resumable = [
        "cp",
        "oss://priv/f1m",
        s(&target),
        "--bigfile-threshold",
        "100KiB",
        "--part-size",
        "100KiB",
        "--checkpoint-dir",
        s(&ck),
        "--output-format",
        "json",
    ];
    let throttled = [&resumable[..], &["--bandwidth-limit", "100KiB"]].concat();
    let mut child = spawn(&oss, &throttled);
    let parts_done = || {
        names(&ck).iter().any(|name| {
            std::fs::read(ck.join(name))
                .ok()
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
                .is_some_and(|v| {
                    v["state"]["parts"]
                        .as_object()
                        .is_some_and(|p| !p.is_empty())
                })
        })
    };
    wait_for(&mut child, "a checkpointed part", parts_done);
    let (code, stderr) = signal(child, "INT");
    assert_eq!(code, 130, "{stderr}");
    assert!(
        stderr.contains("run the same command again to resume"),
        "{stderr}"
    );
    assert_eq!(names(&out), [".dl.bin.oss-download"]);
    let json = oss.ok(&resumable).json();
    assert!(json["resumed_parts"].as_u64().unwrap() >= 1, "{json}");
    assert_eq!(std::fs::read(out.join("dl.bin")).unwrap(), body);
    assert_eq!(names(&out), ["dl.bin"]);
}

#[test]
fn d12_control_characters_are_escaped_in_text_and_kept_in_json() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("escapes");
    std::fs::write(dir.join("s"), b"x").unwrap();
    oss.ok(&["mb", "oss://esc"]);
    let key = "ctrl\x01\x1b[31mred.txt";
    let url = format!("oss://esc/{key}");
    let escaped = "ctrl\\x01\\x1b[31mred.txt";
    let put = oss.run(&["cp", s(&dir.join("s")), &url]);
    let raw = |text: &str| text.contains('\x1b') || text.contains('\x01');
    assert!(!raw(&put.stdout) && !raw(&put.stderr), "{put:#?}");
    if put.code == 0 {
        for args in [&["ls", "oss://esc"][..], &["ls", "-s", "oss://esc"]] {
            let listed = oss.ok(args);
            assert!(!raw(&listed.stdout), "{listed:#?}");
            assert!(listed.stdout.contains(escaped), "{listed:#?}");
        }
        let json = oss
            .ok(&["ls", "oss://esc", "--output-format", "json"])
            .json();
        assert_eq!(json["entries"][0]["key"], key);
        // A summary.
        let summary = oss.run(&["cp", "-r", "oss://esc/", s(&dir.join("down"))]);
        assert!(
            !raw(&summary.stdout) && !raw(&summary.stderr),
            "{summary:#?}"
        );
        assert!(summary.stdout.contains("copied 1 file(s)"), "{summary:#?}");
    } else {
        // A server that refuses such keys: its error names the key escaped.
        assert!(put.stderr.contains(escaped), "{put:#?}");
    }
    // Errors.
    let missing = oss.run(&["stat", "oss://esc/missing\x1b[2J\x07"]);
    assert_eq!(missing.code, 1, "{missing:#?}");
    assert!(
        !raw(&missing.stderr) && !missing.stderr.contains('\x07'),
        "{missing:#?}"
    );
    assert!(
        missing.stderr.contains("missing\\x1b[2J\\x07"),
        "{missing:#?}"
    );
}

#[test]
fn d13_names_that_are_not_utf8_fail_alone_and_say_so() {
    use std::os::unix::ffi::OsStrExt;
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("utf");
    let src = dir.join("src");
    std::fs::create_dir(&src).unwrap();
    let bad = src.join(std::ffi::OsStr::from_bytes(b"bad\xffname.txt"));
    std::fs::write(&bad, b"x").unwrap();
    std::fs::write(src.join("good.txt"), b"good").unwrap();
    oss.ok(&["mb", "oss://utf"]);
    let run = oss.run(&["cp", "-r", s(&src), "oss://utf/u/"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(run.stderr.contains("not valid UTF-8"), "{run:#?}");
    assert!(run.stderr.contains("bad\u{fffd}name.txt"), "{run:#?}");
    assert!(!run.stderr.contains("No such file"), "{run:#?}");
    assert_eq!(
        oss.ok(&["ls", "-r", "-s", "oss://utf"]).stdout,
        "oss://utf/u/good.txt\n"
    );
    // One such file named on the command line: a usage error, nothing sent.
    let run = oss
        .command()
        .arg("cp")
        .arg(&bad)
        .arg("oss://utf/")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("UTF-8"));
}

#[test]
fn d14_config_set_writes_through_a_symlinked_file() {
    let oss = Cli::bare();
    let dir = TempDir::new("cfglink");
    let target = dir.join("t");
    std::fs::write(&target, "[default]\n").unwrap();
    let link = dir.join("l");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    oss.ok(&[
        "--config-file",
        s(&link),
        "config",
        "set",
        "access-key-id",
        "X",
    ]);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("access-key-id = X"));
    assert_eq!(mode(&target), 0o600);
}

#[cfg(target_os = "linux")]
#[test]
fn d15_procfs_files_upload_their_content() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://proc"]);
    oss.ok(&["cp", "/proc/self/status", "oss://proc/p"]);
    let content = oss.ok(&["cat", "oss://proc/p"]).stdout;
    assert!(content.starts_with("Name:"), "{content:?}");
    assert!(
        content.contains("VmRSS") || content.contains("Pid:"),
        "{content:?}"
    );
}

#[test]
fn d18_numeric_flags_out_of_range_are_usage_errors() {
    let (_server, oss, dir, _) = with_object();
    let file = dir.join("f1m");
    let f = s(&file);
    for (flag, value, needle) in [
        ("--part-size", "0", "100KiB to 5GiB"),
        ("--part-size", "1", "100KiB to 5GiB"),
        ("--part-size", "10TiB", "100KiB to 5GiB"),
        ("--part-size", "18446744073709551615", "100KiB to 5GiB"),
        ("--parallel", "0", "at least 1"),
        ("--jobs", "0", "at least 1"),
        ("--bandwidth-limit", "0", "at least 1 byte"),
    ] {
        oss.run(&[
            "cp",
            f,
            "oss://priv/p1",
            flag,
            value,
            "--bigfile-threshold",
            "1",
        ])
        .fails(2, needle);
    }
    oss.run(&["upload", f, "oss://priv/p2", "--thread_num=0"])
        .fails(2, "at least 1");
    oss.run(&["ls", "-s", "oss://priv"])
        .ok()
        .has("oss://priv/f1m\n");
    assert!(!oss.ok(&["ls", "-s", "oss://priv"]).stdout.contains("p1"));
}

#[test]
fn d19_destructive_commands_ask_first() {
    let (_server, oss, dir, _) = with_object();
    let listed = || oss.ok(&["ls", "-r", "-s", "oss://priv"]).stdout;
    // No answer (an empty standard input) and "n" remove nothing.
    oss.run(&["rm", "-r", "oss://priv"]).fails(
        1,
        "Do you really mean to remove recursively objects of oss://priv",
    );
    oss.run_stdin(&["rm", "-r", "oss://priv"], b"n\n")
        .fails(1, "nothing removed");
    assert_eq!(listed(), "oss://priv/f1m\n");
    oss.run_stdin(&["rm", "-r", "oss://priv"], b"yes\n").ok();
    assert_eq!(listed(), "");
    oss.ok(&["cp", s(&dir.join("f1m")), "oss://priv/a"]);
    oss.ok(&["rm", "-r", "-f", "oss://priv/"]);
    assert_eq!(listed(), "");

    // `sync --delete` from a source with nothing in it (a typo) empties nothing.
    let local = dir.join("local");
    std::fs::create_dir(&local).unwrap();
    std::fs::write(local.join("keep.txt"), b"keep").unwrap();
    oss.run(&["sync", "oss://priv/typo/", s(&local), "--delete"])
        .fails(2, "--force");
    assert_eq!(names(&local), ["keep.txt"]);
    oss.ok(&["sync", "oss://priv/typo/", s(&local), "--delete", "--force"]);
    assert!(names(&local).is_empty());
}

#[test]
fn d20_osscmd_with_a_local_host_signs_as_osscmd_did() {
    let (server, _, dir, body) = with_object();
    let ep = &server.endpoint;
    // No region anywhere: osscmd's commands sign with V1.
    let bare = Cli::bare();
    let out = dir.join("out");
    bare.ok(&[
        "downloadtodir",
        "oss://priv/",
        s(&out),
        &format!("--id={AK}"),
        &format!("--key={SK}"),
        &format!("--host={ep}"),
    ]);
    assert_eq!(std::fs::read(out.join("f1m")).unwrap(), body);
    // The seed's walkthrough: config, then gs.
    bare.ok(&[
        "config",
        &format!("--id={AK}"),
        &format!("--key={SK}"),
        &format!("--host={ep}"),
    ]);
    bare.ok(&["gs"]).has("oss://priv");
    // ossutil-style commands stop with a message naming --region.
    bare.run(&["ls", "-s"]).fails(2, "--region");
    bare.run(&["--signature-version", "1", "ls", "-s"])
        .ok()
        .has("oss://priv");
    // An explicit --signature-version 4 is not overridden for osscmd either.
    bare.run(&["gs", "--signature-version=4"])
        .fails(2, "--region");
}
